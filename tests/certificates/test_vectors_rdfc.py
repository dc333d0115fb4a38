"""The published eddsa-rdfc-2022 test vectors, reproduced by course.certificates.proof and
course.certificates.rdf (RDFC-1.0 through pyld, contexts from local copies only).

Origins in vectors/README.md: the W3C spec's appendix (w3c/vc-di-eddsa TestVectors,
folder eddsa-rdfc-2022). Every intermediate value the spec publishes is checked: the
canonical document (N-Quads), the canonical proof configuration, both hashes, the
combined hash, the signature (hex and base58btc) and the signed credential.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.certificates import keys, proof, rdf

VECTORS = Path(__file__).resolve().parent / "vectors"
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


def text(name: str) -> str:
    return (VECTORS / name).read_text("utf-8")


def load(name: str) -> dict:
    return json.loads(text(name))


@pytest.fixture(autouse=True)
def examples_context() -> Iterator[None]:
    """The vectors use the spec's example context: a local copy, for these tests only."""
    rdf.add_context(EXAMPLES, VECTORS / "w3c-examples-v2.jsonld")
    yield
    rdf._extra.pop(EXAMPLES, None)
    rdf._load.cache_clear()


@pytest.fixture(scope="module")
def w3c_key() -> Ed25519PrivateKey:
    raw = keys.base58btc_decode(load("w3c-keyPair.json")["privateKeyMultibase"][1:])
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def test_canonical_document_and_its_hash() -> None:
    canonical = proof.transformation(load("w3c-unsigned.json"),
                                     load("w3c-rdfc-proofConfigDataInt.json"))
    assert canonical.decode("utf-8") == text("w3c-rdfc-canonDocDataInt.txt")
    assert hashlib.sha256(canonical).hexdigest() == text("w3c-rdfc-docHashDataInt.txt").strip()


def test_canonical_proof_configuration_and_its_hash() -> None:
    options = load("w3c-rdfc-proofConfigDataInt.json")
    config = proof.proof_configuration(options)
    assert config.decode("utf-8") == text("w3c-rdfc-proofCanonDataInt.txt")
    assert hashlib.sha256(config).hexdigest() == text("w3c-rdfc-proofHashDataInt.txt").strip()
    # the same when the context comes from the document (as when verifying)
    without = {k: v for k, v in options.items() if k != "@context"}
    assert proof.proof_configuration(without, options["@context"]) == config


def test_combined_hash_signature_and_proof_value(w3c_key: Ed25519PrivateKey) -> None:
    options = load("w3c-rdfc-proofConfigDataInt.json")
    hash_data = proof.hashing(proof.transformation(load("w3c-unsigned.json"), options),
                              proof.proof_configuration(options))
    assert hash_data.hex() == text("w3c-rdfc-combinedHashDataInt.txt").strip()
    signature = w3c_key.sign(hash_data)
    assert signature.hex() == text("w3c-rdfc-sigHexDataInt.txt").strip()
    assert "z" + keys.base58btc(signature) == text("w3c-rdfc-sigBTC58DataInt.txt").strip()


def test_create_proof_gives_the_signed_credential(w3c_key: Ed25519PrivateKey) -> None:
    unsigned = load("w3c-unsigned.json")
    options = {k: v for k, v in load("w3c-rdfc-proofConfigDataInt.json").items()
               if k != "@context"}
    signed = load("w3c-rdfc-signedDataInt.json")
    assert proof.create_proof(unsigned, options, w3c_key) == signed["proof"]
    check = proof.verify_proof(signed)
    assert check.verified and check.cryptosuite == "eddsa-rdfc-2022", check.problem


@pytest.mark.parametrize("change", ["subject", "proof created", "context", "signature",
                                    "extra proof field"])
def test_changed_vector_fails(change: str) -> None:
    doc = copy.deepcopy(load("w3c-rdfc-signedDataInt.json"))
    if change == "subject":
        doc["credentialSubject"]["alumniOf"] = "Another School"
    elif change == "proof created":
        doc["proof"]["created"] = "2023-02-24T23:36:39Z"
    elif change == "context":
        doc["@context"] = doc["@context"][:1]  # alumniOf is then defined by no context
    elif change == "extra proof field":
        doc["proof"]["expires"] = "2030-01-01T00:00:00Z"
    else:
        value = doc["proof"]["proofValue"]
        doc["proof"]["proofValue"] = value[:-2] + ("22" if value[-2:] != "22" else "33")
    assert not proof.verify_proof(doc).verified


def test_no_context_is_fetched() -> None:
    """A context that is not bundled is refused, never fetched."""
    doc = load("w3c-unsigned.json")
    doc["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"]
    with pytest.raises(rdf.JsonLdProblem, match="not bundled"):
        rdf.canonize(doc)
