"""Data Integrity proofs with the ``eddsa-jcs-2022`` and ``eddsa-rdfc-2022`` cryptosuites.

Every certificate carries a proof set of both (``proof`` is an array, as Open Badges 3.0
requires): ``eddsa-jcs-2022`` is simple and needs no JSON-LD; ``eddsa-rdfc-2022`` is
the one 1EdTech certifies displayers and wallets for. Each proof is over the document
without any proof, by the same key; a verifier may check either or both.

Written from W3C *Data Integrity EdDSA Cryptosuites v1.0*, sections 3.2 (eddsa-rdfc-2022)
and 3.3 (eddsa-jcs-2022), step by step; the spec's algorithm names are the function
names here. eddsa-jcs-2022:

- *transformation*: the unsecured document as RFC 8785 canonical JSON (the ``rfc8785``
  package: keys in UTF-16 code-unit order, ECMAScript number form, integers only within
  ±(2^53 − 1));
- *proof configuration*: the proof options (the proof without ``proofValue``), checked
  (``type`` DataIntegrityProof, ``cryptosuite`` eddsa-jcs-2022, ``created`` an XML Schema
  dateTime) and canonicalised the same way;
- *hashing*: SHA-256 of the proof configuration followed by SHA-256 of the document;
- *proof serialization / verification*: Ed25519 (pure EdDSA, RFC 8032) over those 64 bytes,
  ``proofValue`` the signature as multibase base58btc (``z…``).

eddsa-rdfc-2022 differs only in the transformation: the document and the proof
configuration (given the document's ``@context``) become RDF and are canonicalised with
RDFC-1.0 (:mod:`.rdf`: bundled contexts only, safe mode, bounded work).

For eddsa-jcs-2022, *create proof* copies the document's ``@context`` into the proof (step 2, which the spec
strongly advises); *verify proof* then requires the document's ``@context`` to start
with the proof's. Every other member of the proof is signed too, so nothing may be added
to a proof after signing. The public key comes from the proof's ``verificationMethod``,
which must be a ``did:key`` (Ed25519) whose fragment is the key itself.

The published test vectors (the spec's and Digital Bazaar's) are reproduced in
``tests/certificates/test_vectors.py`` and ``test_vectors_rdfc.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys

PROOF_TYPE = "DataIntegrityProof"
JCS = "eddsa-jcs-2022"
RDFC = "eddsa-rdfc-2022"
CRYPTOSUITE = JCS  # the first proof of every certificate
CRYPTOSUITES = (JCS, RDFC)  # what this module signs and verifies, in the order it signs
MAX_PROOFS = 4  # a proof set longer than this is refused before any proof is checked

# XML Schema 1.1 dateTime (a time zone is optional there; fractions of a second allowed)
_XSD_DATETIME = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
)


# a 64-byte Ed25519 signature is 86 to 88 base58btc characters after the multibase "z"
MIN_PROOF_CHARS = 1 + 64
MAX_PROOF_CHARS = 1 + 88
MAX_METHOD_CHARS = 200  # "did:key:z6Mk…#z6Mk…" is 104
MAX_CREATED_CHARS = 64


class ProofError(ValueError):
    """A document or proof the algorithms cannot process (PROOF_GENERATION_ERROR /
    PROOF_VERIFICATION_ERROR in the spec); the message is English, for developers."""


def canonical(value: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON, UTF-8."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as exc:
        raise ProofError(f"cannot canonicalise: {exc}") from None


def _suite(options: Mapping[str, Any]) -> str:
    suite = options.get("cryptosuite")
    if options.get("type") != PROOF_TYPE or suite not in CRYPTOSUITES:
        raise ProofError("proof type must be DataIntegrityProof with cryptosuite "
                         "eddsa-jcs-2022 or eddsa-rdfc-2022")
    return str(suite)


def rdf_canonical(document: Mapping[str, Any]) -> bytes:
    """RDFC-1.0 canonical N-Quads, UTF-8 (:func:`course.certificates.rdf.canonize`)."""
    from . import rdf

    try:
        return rdf.canonize(document).encode("utf-8")
    except rdf.JsonLdProblem as exc:
        raise ProofError(f"cannot canonicalise as RDF: {exc}") from None


def transformation(unsecured: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """Transformation: the unsecured document as RFC 8785 canonical JSON
    (eddsa-jcs-2022) or as RDFC-1.0 canonical N-Quads (eddsa-rdfc-2022)."""
    if _suite(options) == RDFC:
        return rdf_canonical(unsecured)
    return canonical(unsecured)


def proof_configuration(options: Mapping[str, Any], context: Any = None) -> bytes:
    """Proof Configuration: the proof options, checked and canonicalised.

    For eddsa-rdfc-2022 the options are given the document's ``@context`` (``context``)
    before they are turned into RDF, unless they carry one (spec: 3.2.5 step 5)."""
    suite = _suite(options)
    created = options.get("created")
    if created is not None and not (isinstance(created, str) and len(created) <= MAX_CREATED_CHARS
                                    and _XSD_DATETIME.fullmatch(created)):
        raise ProofError("created is not an XML Schema dateTime")
    if suite == RDFC:
        config = dict(options)
        if "@context" not in config and context is not None:
            config["@context"] = context
        return rdf_canonical(config)
    return canonical(dict(options))


def hashing(transformed: bytes, canonical_config: bytes) -> bytes:
    """Hashing (eddsa-jcs-2022): SHA-256(proof configuration) ‖ SHA-256(document)."""
    return hashlib.sha256(canonical_config).digest() + hashlib.sha256(transformed).digest()


def create_proof(unsecured: Mapping[str, Any], options: Mapping[str, Any],
                 private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """Create Proof: the proof for ``unsecured`` (which has no proof).

    eddsa-jcs-2022 copies the document's ``@context`` into the proof (the spec advises
    it); eddsa-rdfc-2022 uses it for the proof configuration only."""
    proof = dict(options)
    if "@context" in unsecured and _suite(options) == JCS:
        proof["@context"] = unsecured["@context"]
    config = proof_configuration(proof, unsecured.get("@context"))
    transformed = transformation(unsecured, options)
    signature = private_key.sign(hashing(transformed, config))
    proof["proofValue"] = "z" + keys.base58btc(signature)
    return proof


def sign(unsecured: Mapping[str, Any], private_key: Ed25519PrivateKey, created: str,
         purpose: str = "assertionMethod",
         suites: tuple[str, ...] = CRYPTOSUITES) -> dict[str, Any]:
    """``unsecured`` with a proof set: one proof by ``private_key`` (whose did:key names
    the method) per cryptosuite in ``suites``, each over the document without proofs.
    ``proof`` is always an array (Open Badges 3.0 requires it)."""
    proofs = []
    for suite in suites:
        options = {
            "type": PROOF_TYPE,
            "cryptosuite": suite,
            "created": created,
            "verificationMethod": keys.verification_method(private_key.public_key()),
            "proofPurpose": purpose,
        }
        proofs.append(create_proof(unsecured, options, private_key))
    secured = dict(unsecured)
    secured["proof"] = proofs
    return secured


@dataclass(frozen=True)
class ProofCheck:
    """The verification result: ``verified``, the signer's key, and why not (English)."""

    verified: bool
    public_key: Ed25519PublicKey | None = None
    problem: str | None = None
    key_unreadable: bool = False  # the verification method names no usable key
    cryptosuite: str | None = None


def _contexts(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def public_key_of(verification_method: Any) -> Ed25519PublicKey:
    """Retrieve the verification method: a did:key URL ``did:key:z6Mk…#z6Mk…`` (the
    fragment, when there is one, must be the key itself). Raises ProofError."""
    if not isinstance(verification_method, str):
        raise ProofError("verificationMethod is not a string")
    if len(verification_method) > MAX_METHOD_CHARS:
        raise ProofError("verificationMethod is too long to be a did:key")
    did, _, fragment = verification_method.partition("#")
    if fragment and fragment != did.removeprefix("did:key:"):
        raise ProofError("the did:key fragment is not the key")
    try:
        return keys.public_key_from_did(did)
    except ValueError as exc:
        raise ProofError(str(exc)) from None


def proofs_of(secured: Mapping[str, Any]) -> list[Any]:
    """The document's proofs: a proof set (array) or a single proof (older certificates)."""
    value = secured.get("proof")
    if isinstance(value, list):
        return list(value)
    return [] if value is None else [value]


def verify_proof(secured: Mapping[str, Any], proof: Any = None) -> ProofCheck:
    """Verify Proof: one proof of ``secured`` (``proof``, or its only proof), over the
    document without its proofs."""
    if proof is None:
        found = proofs_of(secured)
        if len(found) != 1:
            return ProofCheck(False, problem="no single proof")
        proof = found[0]
    if not isinstance(proof, Mapping):
        return ProofCheck(False, problem="the proof is not an object")
    suite = proof.get("cryptosuite") if isinstance(proof.get("cryptosuite"), str) else None
    return replace(_verify_one(secured, proof), cryptosuite=suite if suite in CRYPTOSUITES else None)


def _verify_one(secured: Mapping[str, Any], proof: Mapping[str, Any]) -> ProofCheck:
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return ProofCheck(False, problem="proofValue is not multibase base58btc")
    if not MIN_PROOF_CHARS <= len(value) <= MAX_PROOF_CHARS:  # checked before decoding
        return ProofCheck(False, problem="proofValue is not 64 bytes")
    try:
        proof_bytes = keys.base58btc_decode(value[1:], MAX_PROOF_CHARS)
    except ValueError:
        return ProofCheck(False, problem="proofValue is not multibase base58btc")
    if "@context" in options:
        wanted = _contexts(options["@context"])
        if _contexts(secured.get("@context"))[:len(wanted)] != wanted:
            return ProofCheck(False, problem="the document's @context does not start with the proof's")
        unsecured["@context"] = options["@context"]
    try:
        public_key = public_key_of(options.get("verificationMethod"))
    except ProofError as exc:
        return ProofCheck(False, problem=str(exc), key_unreadable=True)
    if len(proof_bytes) != 64:
        return ProofCheck(False, public_key, "proofValue is not 64 bytes")
    try:
        config = proof_configuration(options, unsecured.get("@context"))
        transformed = transformation(unsecured, options)
    except ProofError as exc:
        return ProofCheck(False, public_key, str(exc))
    try:
        public_key.verify(proof_bytes, hashing(transformed, config))
    except InvalidSignature:
        return ProofCheck(False, public_key, "the signature does not match")
    return ProofCheck(True, public_key)


def verify_all(secured: Mapping[str, Any]) -> list[ProofCheck]:
    """Every proof of ``secured``, each verified on its own (a proof set: each proof is
    over the document without any proof). Empty when there is none; a single failed
    check when there are more than MAX_PROOFS (none is then checked)."""
    found = proofs_of(secured)
    if len(found) > MAX_PROOFS:
        return [ProofCheck(False, problem="too many proofs")]
    return [verify_proof(secured, item) for item in found]


def verifiers(secured: Mapping[str, Any]) -> dict[str, Any]:
    """Cryptosuite -> a call that verifies that proof of ``secured`` alone (for benches)."""
    return {str(item.get("cryptosuite")): (lambda item=item: verify_proof(secured, item))
            for item in proofs_of(secured) if isinstance(item, Mapping)}
