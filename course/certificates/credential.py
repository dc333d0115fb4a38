"""Signed certificates: a JSON credential shaped after W3C Verifiable Credentials 2.0 and
Open Badges 3.0, signed with the installation's Ed25519 key (see :mod:`progress.keys`).

The document::

    {
      "@context": [VC 2.0, Open Badges 3.0],
      "id": "urn:uuid:…",
      "type": ["VerifiableCredential", "OpenBadgeCredential"],
      "issuer": {"id": "did:key:z6Mk…", "type": ["Profile"], "name": "Ishøj Kommune · …"},
      "validFrom": "2026-11-26T09:30:00Z",
      "name": the track's certificate title,
      "credentialSubject": {
        "type": ["AchievementSubject"],
        "name": the learner's name,
        "date": "2026-11-26" (the day of issue in Denmark),
        "course": the course's title,
        "track": {"id", "title", "passMark"},
        "modules": [{"id", "title", "bestScore" (whole per cent or null),
                     "scenariosCompleted", "scenariosTotal"}, …],
        "achievement": {"id", "type": ["Achievement"], "achievementType": "Certificate",
                        "name": the policy's title, "criteria": {"narrative": Danish}}
      },
      "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
                "created", "verificationMethod": "did:key:z6Mk…#z6Mk…",
                "proofPurpose": "assertionMethod", "proofValue": "z…",
                "verificationCode": "ISH-XXXX-XXXX"}
    }

What is signed (the eddsa-jcs-2022 procedure): the document without ``proof`` and the
proof without ``proofValue`` and ``verificationCode`` (with the document's ``@context``
added) are each serialised canonically (JCS: keys sorted, no spaces, UTF-8, no ASCII
escaping) and hashed with SHA-256; the Ed25519 signature is over proof-hash ‖ document-hash
and is stored base58btc-encoded as ``proofValue``. Every field except those two is thus
covered: a changed name, score, date, track or key breaks the signature.

The document holds no floats (scores are whole per cents), so Python's sorted, compact
``json.dumps`` is exactly JCS here (object keys are ASCII, where UTF-16 and code point order
agree); :func:`canonical` refuses floats rather than guess at their JCS form.

The verification code is ``ISH-`` and eight characters from SHA-256 of the signature
(Crockford base 32, no look-alike letters). It is printed on the PDF, so a person holding
the paper can check it against the JSON file. It cannot be inside the signed data (it is
derived from the signature), so :func:`verify` recomputes it and compares.

This module knows the course only as the plain values it is given; it never imports
course content.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
CODE_PREFIX = "ISH"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


# --- canonical form, signing ------------------------------------------------------------


def _no_floats(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("a certificate holds no floats (their canonical form is ambiguous)")
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise TypeError("object keys must be strings")
            _no_floats(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            _no_floats(inner)


def canonical(value: Any) -> bytes:
    """JCS (RFC 8785) for documents without floats and with ASCII object keys."""
    _no_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _unsecured(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "proof"}


def _proof_config(doc: Mapping[str, Any], proof: Mapping[str, Any]) -> dict[str, Any]:
    config = {k: v for k, v in proof.items() if k not in ("proofValue", "verificationCode")}
    config["@context"] = doc.get("@context")
    return config


def signing_input(doc: Mapping[str, Any], proof: Mapping[str, Any]) -> bytes:
    """SHA-256(canonical proof config) ‖ SHA-256(canonical document without proof)."""
    return (hashlib.sha256(canonical(_proof_config(doc, proof))).digest()
            + hashlib.sha256(canonical(_unsecured(doc))).digest())


def verification_code(signature: bytes) -> str:
    """``ISH-XXXX-XXXX`` from SHA-256 of the signature (40 bits, Crockford base 32)."""
    number = int.from_bytes(hashlib.sha256(signature).digest()[:5], "big")
    chars = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{CODE_PREFIX}-{chars[:4]}-{chars[4:]}"


# --- dates --------------------------------------------------------------------------------


def utc_stamp(moment: datetime) -> str:
    """UTC ISO 8601 to the second with a Z (``2026-11-26T09:30:00Z``)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def danish_day(moment: datetime) -> date:
    """The calendar day in Denmark at ``moment`` (UTC if the time zone data is missing)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Copenhagen")).date()
    except Exception:  # no tz database (Windows without tzdata)
        return moment.astimezone(timezone.utc).date()


def danish_date(value: date | str) -> str:
    """``26. november 2026``."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


# --- building -------------------------------------------------------------------------------


def criteria_narrative(data: Mapping[str, Any]) -> str:
    track = data["track"]
    count = len(data["modules"])
    modules = "modul" if count == 1 else "moduler"
    return (
        f"Deltageren har gennemført forløbet «{track['title']}» i kurset «{data['course']}»: "
        f"har læst alle sider i forløbets {count} {modules}, har bestået hver quiz med mindst "
        f"{track['passMark']} % og har spillet forløbets scenarier til ende."
    )


def build(
    data: Mapping[str, Any],
    learner_name: str,
    key: Ed25519PrivateKey,
    issuer_name: str,
    issued: datetime | None = None,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """A signed credential.

    ``data`` is plain values (see ``course.engine.certificate.Claim.to_plain``):
    ``course``, ``achievement`` (the policy's title), ``certificateTitle``, ``track``
    {``id``, ``title``, ``passMark``} and ``modules`` [{``id``, ``title``, ``bestScore``,
    ``scenariosCompleted``, ``scenariosTotal``}].
    """
    issued = issued or datetime.now(timezone.utc)
    stamp = utc_stamp(issued)
    track = data["track"]
    public = key.public_key()
    doc: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": list(TYPE),
        "issuer": {"id": keys.did_key(public), "type": ["Profile"], "name": issuer_name},
        "validFrom": stamp,
        "name": data["certificateTitle"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": learner_name,
            "date": danish_day(issued).isoformat(),
            "course": data["course"],
            "track": {"id": track["id"], "title": track["title"], "passMark": track["passMark"]},
            "modules": [
                {
                    "id": m["id"],
                    "title": m["title"],
                    "bestScore": m["bestScore"],
                    "scenariosCompleted": m["scenariosCompleted"],
                    "scenariosTotal": m["scenariosTotal"],
                }
                for m in data["modules"]
            ],
            "achievement": {
                "id": f"urn:medborgerskab-ishoej:achievement:{track['id']}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": data["achievement"],
                "description": data["certificateTitle"],
                "criteria": {"narrative": criteria_narrative(data)},
            },
        },
    }
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": stamp,
        "verificationMethod": keys.verification_method(public),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(signing_input(doc, proof))
    proof["proofValue"] = "z" + keys.base58btc(signature)
    proof["verificationCode"] = verification_code(signature)
    doc["proof"] = proof
    return doc


def dumps(doc: Mapping[str, Any]) -> str:
    """The certificate as a file: readable JSON, UTF-8 (what is signed is the canonical form)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- reading and verifying ------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?": ``valid`` and, if not, why (Danish)."""

    valid: bool
    reasons: list[str] = field(default_factory=list)
    id: str | None = None
    name: str | None = None
    title: str | None = None
    track: str | None = None
    date: str | None = None  # ISO day
    code: str | None = None
    key_fingerprint: str | None = None

    def summary(self) -> str:
        """One line for a person (Danish)."""
        if not self.valid:
            return "Ugyldigt: " + "; ".join(self.reasons)
        when = danish_date(self.date) if self.date else "?"
        return (f"Gyldigt: {self.name} har fået «{self.title}» (forløbet «{self.track}») "
                f"den {when}.")


NOT_A_CERTIFICATE = "Filen er ikke et kursusbevis fra kurset."


def summary(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Name, title, track, date, id and code of a certificate-shaped document (for display)."""
    subject = doc.get("credentialSubject") if isinstance(doc, Mapping) else None
    subject = subject if isinstance(subject, Mapping) else {}
    track = subject.get("track") if isinstance(subject.get("track"), Mapping) else {}
    proof = doc.get("proof") if isinstance(doc, Mapping) and isinstance(doc.get("proof"), Mapping) else {}
    day = subject.get("date")
    return {
        "id": doc.get("id") if isinstance(doc, Mapping) else None,
        "name": subject.get("name"),
        "title": doc.get("name") if isinstance(doc, Mapping) else None,
        "track": track.get("title"),
        "date": day if isinstance(day, str) else None,
        "code": proof.get("verificationCode"),
    }


def _shape_problem(doc: Any) -> str | None:
    if not isinstance(doc, Mapping):
        return NOT_A_CERTIFICATE
    types = doc.get("type")
    subject = doc.get("credentialSubject")
    if not (isinstance(types, list) and "VerifiableCredential" in types
            and isinstance(subject, Mapping) and isinstance(doc.get("id"), str)):
        return NOT_A_CERTIFICATE
    proof = doc.get("proof")
    if not isinstance(proof, Mapping):
        return "Kursusbeviset er ikke underskrevet (det har ingen signatur)."
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return "Kursusbeviset er underskrevet på en måde, kurset ikke kender."
    if not isinstance(proof.get("proofValue"), str) or not isinstance(
            proof.get("verificationMethod"), str):
        return "Kursusbevisets signatur mangler eller er ufuldstændig."
    return None


def verify(doc: Any, public_key: Ed25519PublicKey) -> Verification:
    """Check a certificate against the issuer's public key.

    In order: the document has the shape of a certificate; it was signed with this key;
    the signature matches the content; the verification code matches the signature. The
    first failure is the reason given.
    """
    problem = _shape_problem(doc)
    if problem:
        return Verification(False, [problem])
    info = summary(doc)
    expected = keys.fingerprint(public_key)
    result = dict(info, key_fingerprint=expected)
    proof = doc["proof"]

    def invalid(reason: str) -> Verification:
        return Verification(False, [reason], **result)

    try:
        signer = keys.public_key_from_did(proof["verificationMethod"])
    except ValueError:
        return invalid("Oplysningen om kursusbevisets nøgle kan ikke læses; den er ændret.")
    if keys.raw_public_bytes(signer) != keys.raw_public_bytes(public_key):
        return invalid(
            f"Kursusbeviset er underskrevet med en anden nøgle (nøglens fingeraftryk er "
            f"{keys.fingerprint(signer)}, den forventede nøgle har {expected})."
        )
    value = proof["proofValue"]
    try:
        signature = keys.base58btc_decode(value[1:]) if value.startswith("z") else b""
    except ValueError:
        signature = b""
    if len(signature) != 64:
        return invalid("Signaturen passer ikke: den er ikke en gyldig signatur.")
    try:
        message = signing_input(doc, proof)
    except (TypeError, ValueError, UnicodeError):
        return invalid("Signaturen passer ikke: dokumentet er ændret efter udstedelsen.")
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return invalid("Signaturen passer ikke: dokumentet er ændret efter udstedelsen.")
    if proof.get("verificationCode") != verification_code(signature):
        return invalid(
            f"Bekræftelseskoden passer ikke: den skulle være {verification_code(signature)}."
        )
    return Verification(True, [], **result)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (another reader might take the other)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def loads(text: str | bytes) -> dict[str, Any]:
    """A certificate file's document. Raises ValueError (Danish) when it is not one."""
    if isinstance(text, bytes):
        if text.startswith(b"%PDF"):
            raise ValueError("Filen er en PDF. Kontrollér JSON-filen, der hører til beviset.")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(NOT_A_CERTIFICATE + " Den er ikke tekst i UTF-8.") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise ValueError(f"Kursusbeviset er ændret: feltet «{exc.key}» står der to gange.") from None
    except ValueError:
        raise ValueError(NOT_A_CERTIFICATE + " Den er ikke gyldig JSON.") from None
    if not isinstance(doc, dict):
        raise ValueError(NOT_A_CERTIFICATE)
    return doc
