"""The published eddsa-jcs-2022 test vectors, reproduced by course.certificates.proof.

Origins in vectors/README.md: the W3C spec's appendix (w3c/vc-di-eddsa TestVectors) and
Digital Bazaar's interoperability fixtures. Every intermediate value the spec publishes is
checked: canonical document, canonical proof configuration, both hashes, the combined
hash, the signature (hex and base58btc) and the signed credential.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.certificates import keys, proof

VECTORS = Path(__file__).resolve().parent / "vectors"


def text(name: str) -> str:
    return (VECTORS / name).read_text("utf-8").strip()


def load(name: str) -> dict:
    return json.loads((VECTORS / name).read_text("utf-8"))


def private_key(multibase: str) -> Ed25519PrivateKey:
    """A multikey Ed25519 secret key: base58btc of 0x80 0x26 (ed25519-priv) + the seed."""
    raw = keys.base58btc_decode(multibase.removeprefix("z"))
    assert raw[:2] == b"\x80\x26" and len(raw) == 34
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


@pytest.fixture(scope="module")
def w3c_key() -> Ed25519PrivateKey:
    pair = load("w3c-keyPair.json")
    key = private_key(pair["privateKeyMultibase"])
    assert "did:key:" + pair["publicKeyMultibase"] == keys.did_key(key.public_key())
    return key


def test_w3c_canonical_document_and_its_hash() -> None:
    canonical = proof.transformation(load("w3c-unsigned.json"), load("w3c-proofConfigJCS.json"))
    assert canonical.decode("utf-8") == text("w3c-canonDocJCS.txt")
    assert hashlib.sha256(canonical).hexdigest() == text("w3c-docHashJCS.txt")


def test_w3c_canonical_proof_configuration_and_its_hash() -> None:
    config = proof.proof_configuration(load("w3c-proofConfigJCS.json"))
    assert config.decode("utf-8") == text("w3c-proofCanonJCS.txt")
    assert hashlib.sha256(config).hexdigest() == text("w3c-proofHashJCS.txt")


def test_w3c_combined_hash_signature_and_proof_value(w3c_key: Ed25519PrivateKey) -> None:
    options = load("w3c-proofConfigJCS.json")
    hash_data = proof.hashing(proof.transformation(load("w3c-unsigned.json"), options),
                              proof.proof_configuration(options))
    assert hash_data.hex() == text("w3c-combinedHashJCS.txt")
    signature = w3c_key.sign(hash_data)  # Ed25519 is deterministic
    assert signature.hex() == text("w3c-sigHexJCS.txt")
    assert "z" + keys.base58btc(signature) == text("w3c-sigBTC58JCS.txt")


def test_w3c_create_proof_gives_the_signed_credential(w3c_key: Ed25519PrivateKey) -> None:
    unsigned = load("w3c-unsigned.json")
    options = {k: v for k, v in load("w3c-proofConfigJCS.json").items() if k != "@context"}
    created = proof.create_proof(unsigned, options, w3c_key)
    signed = load("w3c-signedJCS.json")
    assert created == signed["proof"]
    assert created["proofValue"] == text("w3c-sigBTC58JCS.txt")
    assert {**unsigned, "proof": created} == signed


def test_w3c_signed_credential_verifies() -> None:
    check = proof.verify_proof(load("w3c-signedJCS.json"))
    assert check.verified, check.problem
    assert keys.did_key(check.public_key) == \
        "did:key:" + load("w3c-keyPair.json")["publicKeyMultibase"]


def test_digital_bazaar_sign_fixture_is_reproduced() -> None:
    material = load("digitalbazaar-keyMaterial.json")
    key = private_key(material["secretKeyMultibase"])
    fixture = load("digitalbazaar-signFixture.json")
    unsigned = {k: v for k, v in fixture.items() if k != "proof"}
    options = {k: v for k, v in fixture["proof"].items() if k not in ("proofValue", "@context")}
    assert proof.create_proof(unsigned, options, key) == fixture["proof"]
    assert proof.verify_proof(fixture).verified


def test_digital_bazaar_verify_fixture_without_proof_context_verifies() -> None:
    fixture = load("digitalbazaar-verifyFixture.json")
    assert "@context" not in fixture["proof"]
    check = proof.verify_proof(fixture)
    assert check.verified, check.problem


@pytest.mark.parametrize("vector", ["w3c-signedJCS.json", "digitalbazaar-signFixture.json",
                                    "digitalbazaar-verifyFixture.json"])
@pytest.mark.parametrize("change", ["subject", "proof created", "proof context", "context",
                                    "extra proof field", "signature"])
def test_changed_vectors_fail(vector: str, change: str) -> None:
    doc = copy.deepcopy(load(vector))
    if change == "subject":
        doc["credentialSubject"]["alumniOf"] = "Another School"
    elif change == "proof created":
        doc["proof"]["created"] = "2023-02-24T23:36:39Z"
    elif change == "proof context":
        doc["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    elif change == "context":
        doc["@context"] = doc["@context"][:1]
    elif change == "extra proof field":
        doc["proof"]["verificationCode"] = "ISH-AAAA-BBBB"
    else:
        value = doc["proof"]["proofValue"]
        doc["proof"]["proofValue"] = value[:-2] + ("22" if value[-2:] != "22" else "33")
    assert not proof.verify_proof(doc).verified


def test_proof_configuration_is_checked() -> None:
    options = load("w3c-proofConfigJCS.json")
    for wrong in ({"type": "Ed25519Signature2020"}, {"cryptosuite": "ecdsa-rdfc-2019"},
                  {"created": "yesterday"}):
        with pytest.raises(proof.ProofError):
            proof.proof_configuration({**options, **wrong})
