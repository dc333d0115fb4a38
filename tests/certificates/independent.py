"""An independent verifier, written from the specs, sharing no code with course.certificates.

W3C Data Integrity EdDSA Cryptosuites v1.0, "Verify Proof (eddsa-jcs-2022)"; RFC 8785
(JCS) for the canonical form, implemented here for the JSON values a credential holds
(strings, integers, booleans, null, arrays, objects); did:key for the key (multibase
base58btc, multicodec 0xed01); W3C Bitstring Status List v1.0 for revocation; the VC 2.0
validity period. Only the Ed25519 primitive comes from a library (``cryptography``).

    verify(document, status_list=None, now=None) -> "VALID" | "INVALID: why" | "EXPIRED" | "REVOKED"
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:
    value = 0
    for char in text:
        value = value * 58 + ALPHABET.index(char)
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return b"\x00" * (len(text) - len(text.lstrip("1"))) + body


def _string(value: str) -> str:
    """RFC 8785 §3.2.2.2: ECMAScript JSON.stringify of a string."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def jcs(value: Any) -> str:
    """RFC 8785 for values without floats; object keys sorted by their UTF-16 code units."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > 2 ** 53 - 1:
            raise ValueError("integer outside I-JSON range")
        return str(value)
    if isinstance(value, float):
        raise ValueError("this verifier expects no floats")
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        names = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_string(k) + ":" + jcs(value[k]) for k in names) + "}"
    raise ValueError(f"not JSON: {type(value)}")


def did_key_public(did_url: str) -> tuple[str, Ed25519PublicKey]:
    """(did, key) of a did:key verification method did:key:z…#z…."""
    did, _, fragment = did_url.partition("#")
    assert did.startswith("did:key:z"), "not a did:key"
    multibase = did[len("did:key:"):]
    assert not fragment or fragment == multibase, "fragment is not the key"
    raw = b58decode(multibase[1:])
    assert raw[:2] == b"\xed\x01" and len(raw) == 34, "not an Ed25519 multikey"
    return did, Ed25519PublicKey.from_public_bytes(raw[2:])


def verify_proof(secured: dict[str, Any]) -> tuple[bool, str | None]:
    """Verify Proof (eddsa-jcs-2022); (verified, issuer-binding did). In a proof set (an
    array) every eddsa-jcs-2022 proof must verify, and there must be one; proofs of other
    cryptosuites are left to verifiers that know them (Data Integrity, proof sets)."""
    proofs = secured["proof"] if isinstance(secured["proof"], list) else [secured["proof"]]
    ours = [p for p in proofs if p.get("cryptosuite") == "eddsa-jcs-2022"]
    assert ours, "no eddsa-jcs-2022 proof"
    results = [_verify_one(secured, p) for p in ours]
    dids = {did for _, did in results}
    return all(ok for ok, _ in results) and len(dids) == 1, results[0][1]


def _verify_one(secured: dict[str, Any], proof: dict[str, Any]) -> tuple[bool, str | None]:
    unsecured = copy.deepcopy(secured)
    unsecured.pop("proof")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    assert proof["proofValue"].startswith("z")
    proof_bytes = b58decode(proof["proofValue"][1:])
    if "@context" in options:
        contexts = secured["@context"] if isinstance(secured["@context"], list) else [secured["@context"]]
        wanted = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        if contexts[:len(wanted)] != wanted:
            return False, None
        unsecured["@context"] = options["@context"]
    if options.get("type") != "DataIntegrityProof" or options.get("cryptosuite") != "eddsa-jcs-2022":
        return False, None
    transformed = jcs(unsecured).encode("utf-8")
    config = jcs(options).encode("utf-8")
    hash_data = hashlib.sha256(config).digest() + hashlib.sha256(transformed).digest()
    did, key = did_key_public(options["verificationMethod"])
    try:
        key.verify(proof_bytes, hash_data)
    except InvalidSignature:
        return False, did
    return True, did


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def verify(document: dict[str, Any], status_list: dict[str, Any] | None = None,
           now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    try:
        verified, did = verify_proof(document)
    except (AssertionError, KeyError, ValueError) as exc:
        return f"INVALID: {exc}"
    if not verified:
        return "INVALID: signature"
    issuer = document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"]
    if issuer != did:
        return "INVALID: issuer is not the signing key"
    if _time(document["validFrom"]) > now:
        return "INVALID: not yet valid"
    entry = document.get("credentialStatus")
    if entry is not None and status_list is not None:
        listed, list_did = verify_proof(status_list)
        if not listed or list_did != did or status_list["id"] != entry["statusListCredential"]:
            return "INVALID: status list"
        if "BitstringStatusListCredential" not in status_list["type"]:
            return "INVALID: status list type"
        subject = status_list["credentialSubject"]
        if subject["statusPurpose"] != entry["statusPurpose"]:
            return "INVALID: status purpose"
        encoded = subject["encodedList"]
        assert encoded.startswith("u")
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
        if len(bits) * 8 < 131072:
            return "INVALID: status list too short"
        index = int(entry["statusListIndex"])
        if (bits[index // 8] >> (7 - index % 8)) & 1:
            return "REVOKED"
    if "validUntil" in document and _time(document["validUntil"]) < now:
        return "EXPIRED"
    return "VALID"
