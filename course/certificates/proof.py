"""Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite.

Written from W3C *Data Integrity EdDSA Cryptosuites v1.0*, section 3.3 (eddsa-jcs-2022),
step by step; the spec's algorithm names are the function names here:

- *transformation*: the unsecured document as RFC 8785 canonical JSON (the ``rfc8785``
  package: keys in UTF-16 code-unit order, ECMAScript number form, integers only within
  ±(2^53 − 1));
- *proof configuration*: the proof options (the proof without ``proofValue``), checked
  (``type`` DataIntegrityProof, ``cryptosuite`` eddsa-jcs-2022, ``created`` an XML Schema
  dateTime) and canonicalised the same way;
- *hashing*: SHA-256 of the proof configuration followed by SHA-256 of the document;
- *proof serialization / verification*: Ed25519 (pure EdDSA, RFC 8032) over those 64 bytes,
  ``proofValue`` the signature as multibase base58btc (``z…``).

*Create proof* copies the document's ``@context`` into the proof (step 2, which the spec
strongly advises); *verify proof* then requires the document's ``@context`` to start
with the proof's. Every other member of the proof is signed too, so nothing may be added
to a proof after signing. The public key comes from the proof's ``verificationMethod``,
which must be a ``did:key`` (Ed25519) whose fragment is the key itself.

The published test vectors (the spec's and Digital Bazaar's) are reproduced in
``tests/certificates/test_vectors.py``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Mapping

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"

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


def _check_options(options: Mapping[str, Any]) -> None:
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("proof type must be DataIntegrityProof with cryptosuite eddsa-jcs-2022")


def transformation(unsecured: Mapping[str, Any], options: Mapping[str, Any]) -> bytes:
    """Transformation (eddsa-jcs-2022): the canonical unsecured document."""
    _check_options(options)
    return canonical(unsecured)


def proof_configuration(options: Mapping[str, Any]) -> bytes:
    """Proof Configuration (eddsa-jcs-2022): the canonical proof options."""
    _check_options(options)
    created = options.get("created")
    if created is not None and not (isinstance(created, str) and len(created) <= MAX_CREATED_CHARS
                                    and _XSD_DATETIME.fullmatch(created)):
        raise ProofError("created is not an XML Schema dateTime")
    return canonical(dict(options))


def hashing(transformed: bytes, canonical_config: bytes) -> bytes:
    """Hashing (eddsa-jcs-2022): SHA-256(proof configuration) ‖ SHA-256(document)."""
    return hashlib.sha256(canonical_config).digest() + hashlib.sha256(transformed).digest()


def create_proof(unsecured: Mapping[str, Any], options: Mapping[str, Any],
                 private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """Create Proof (eddsa-jcs-2022): the proof for ``unsecured`` (which has no proof)."""
    proof = dict(options)
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    config = proof_configuration(proof)
    transformed = transformation(unsecured, options)
    signature = private_key.sign(hashing(transformed, config))
    proof["proofValue"] = "z" + keys.base58btc(signature)
    return proof


def sign(unsecured: Mapping[str, Any], private_key: Ed25519PrivateKey, created: str,
         purpose: str = "assertionMethod") -> dict[str, Any]:
    """``unsecured`` with a proof by ``private_key``, whose did:key names the method."""
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": keys.verification_method(private_key.public_key()),
        "proofPurpose": purpose,
    }
    secured = dict(unsecured)
    secured["proof"] = create_proof(unsecured, options, private_key)
    return secured


@dataclass(frozen=True)
class ProofCheck:
    """The verification result: ``verified``, the signer's key, and why not (English)."""

    verified: bool
    public_key: Ed25519PublicKey | None = None
    problem: str | None = None
    key_unreadable: bool = False  # the verification method names no usable key


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


def verify_proof(secured: Mapping[str, Any]) -> ProofCheck:
    """Verify Proof (eddsa-jcs-2022) of a secured document with a single proof."""
    proof = secured.get("proof")
    if not isinstance(proof, Mapping):
        return ProofCheck(False, problem="no single proof")
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
    try:
        transformed = transformation(unsecured, options)
        config = proof_configuration(options)
    except ProofError as exc:
        return ProofCheck(False, public_key, str(exc))
    if len(proof_bytes) != 64:
        return ProofCheck(False, public_key, "proofValue is not 64 bytes")
    try:
        public_key.verify(proof_bytes, hashing(transformed, config))
    except InvalidSignature:
        return ProofCheck(False, public_key, "the signature does not match")
    return ProofCheck(True, public_key)


def verifiers(secured: Mapping[str, Any]) -> dict[str, Any]:
    """Cryptosuite -> a call that verifies that proof of ``secured`` alone (for benches)."""
    return {CRYPTOSUITE: lambda: verify_proof(secured)}
