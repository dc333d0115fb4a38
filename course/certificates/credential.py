"""The certificate document: a W3C Verifiable Credential 2.0 shaped as an Open Badges 3.0
OpenBadgeCredential, secured with an ``eddsa-jcs-2022`` Data Integrity proof (:mod:`.proof`).

The document::

    {
      "@context": [VC 2.0, Open Badges 3.0.3, VC 2.0 undefined terms],
      "id": "urn:uuid:…",
      "type": ["VerifiableCredential", "OpenBadgeCredential"],
      "issuer": {"id": "did:key:z6Mk…", "type": ["Profile"], "name": "Ishøj Kommune · …",
                 "url": the public URL, when the installation has one (the issuer's origin:
                        ``certificate verify --online`` fetches the status list only there)},
      "name": the track's certificate title,
      "validFrom": "2026-11-26T09:30:00Z", "awardedDate": the same,
      "validUntil": validFrom + the track's certificate_valid_years (left out: no expiry),
      "verificationCode": "ISH-XXXX-XXXX",
      "credentialSubject": {
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityType": "identifier",
                        "hashed": false, "identityHash": the learner's id}],
        "name": the learner's name, "date": "2026-11-26" (the day of issue in Denmark),
        "course": the course's title,
        "track": {"id": "urn:medborgerskab-ishoej:track:<id>", "title", "passMark"},
        "modules": [{"id": "urn:medborgerskab-ishoej:module:<id>", "title",
                     "bestScore" (whole per cent or null),
                     "scenariosCompleted", "scenariosTotal"}, …],
        "achievement": {"id", "type": ["Achievement"], "achievementType": "Certificate",
                        "name": the policy's title, "description", "inLanguage": "da",
                        "criteria": {"narrative": Danish}, "version",
                        "policy": {"title", "adopted", "contentFingerprint"}}
      },
      "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                           "statusListIndex": "…", "statusListCredential": …, "id": …},
      "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created",
                 "verificationMethod": "did:key:z6Mk…#z6Mk…", "proofPurpose":
                 "assertionMethod", "@context": the document's, "proofValue": "z…"},
                {the same with "cryptosuite": "eddsa-rdfc-2022" and no "@context"}]
    }

Every term is defined (the course's own through the undefined-terms context, as VC 2.0
asks) and every id is a URL or URN, so the document expands in JSON-LD safe mode; it is
valid against the official Open Badges 3.0 AchievementCredential and VC 2.0 JSON Schemas
(tests/certificates/test_standards.py).

Everything but the ``proofValue``s is signed by each proof, the verification code
included: it is drawn at random before signing (40 bits, Crockford base 32, no look-alike letters) and printed on
the PDF, so the paper and the JSON file can be matched and the /bevis page can find the
certificate by it. The issuer's id is the signing key as a did:key: :func:`verify` refuses
a document whose issuer is not the key that signed it, so naming the Ishøj issuer while
signing with another key never verifies.

This module knows the course only as the plain values it is given; it never imports
course content.
"""

from __future__ import annotations

import json
import operator
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, repeat
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys, proof, rdf, status
from .stamps import add_years, parse_stamp, utc_stamp

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    # the course's own terms (verificationCode, course, date, track, modules, policy, …)
    # are defined by @vocab here, as VC 2.0 asks of a document with terms of its own
    "https://www.w3.org/ns/credentials/undefined-terms/v2",
]
URN = "urn:medborgerskab-ishoej"
TYPE = ["VerifiableCredential", "OpenBadgeCredential"]
CODE_PREFIX = "ISH"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_READ = str.maketrans({"O": "0", "I": "1", "L": "1"})

MAX_BYTES = 1_000_000  # a certificate is about 6 KB
MAX_DEPTH = 32  # a certificate nests 5 deep
MAX_VALUES = 2_000  # a certificate has about 150 JSON values
TOO_MANY_VALUES = ("Filen er ikke et kursusbevis fra kurset: den har alt for mange eller alt for "
                   "lange felter.")
CLOCK_SKEW = timedelta(minutes=5)

VALID = "gyldigt"
INVALID = "ugyldigt"
EXPIRED = "udløbet"
REVOKED = "tilbagekaldt"

SUITE_NAMES = {  # how a person is told which proof it is
    "eddsa-jcs-2022": "eddsa-jcs-2022 (JSON)",
    "eddsa-rdfc-2022": "eddsa-rdfc-2022 (JSON-LD/RDF)",
}

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")


# --- the verification code --------------------------------------------------------------


def new_code() -> str:
    """``ISH-XXXX-XXXX``: 40 random bits in Crockford base 32."""
    number = secrets.randbits(40)
    chars = "".join(_CROCKFORD[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{CODE_PREFIX}-{chars[:4]}-{chars[4:]}"


def normalize_code(text: str) -> str | None:
    """A code as a person may type it (any case, spaces, O for 0, without ``ISH``) in its
    printed form, or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    chars = "".join(c for c in text.upper() if c.isalnum())
    if chars.startswith(CODE_PREFIX) and len(chars) == 11:
        chars = chars[3:]
    chars = chars.translate(_CROCKFORD_READ)
    if len(chars) != 8 or any(c not in _CROCKFORD for c in chars):
        return None
    return f"{CODE_PREFIX}-{chars[:4]}-{chars[4:]}"


# --- dates ------------------------------------------------------------------------------


def danish_day(moment: datetime) -> date:
    """The calendar day in Denmark at ``moment`` (UTC if the time zone data is missing)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Copenhagen")).date()
    except Exception:  # no tz database (Windows without tzdata)
        return moment.astimezone(UTC).date()


def danish_date(value: date | datetime | str) -> str:
    """``26. november 2026``; a dateTime stamp counts as its day in Denmark."""
    if isinstance(value, str):
        moment = parse_stamp(value)
        value = danish_day(moment) if moment else date.fromisoformat(value[:10])
    elif isinstance(value, datetime):
        value = danish_day(value)
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def danish_adopted(value: str | None) -> str:
    """A policy's adoption date ("2018", "2018-06" or "2018-06-05") in Danish."""
    if not value:
        return "ukendt"
    parts = value.split("-")
    if len(parts) == 3:
        return danish_date(value)
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


# --- building ---------------------------------------------------------------------------


def criteria_narrative(data: Mapping[str, Any]) -> str:
    track = data["track"]
    count = len(data["modules"])
    modules = "modul" if count == 1 else "moduler"
    return (
        f"Deltageren har gennemført forløbet »{track['title']}« i kurset »{data['course']}«: "
        f"har læst alle sider i forløbets {count} {modules}, har bestået hver quiz med mindst "
        f"{track['passMark']} % og har spillet forløbets scenarier til ende."
    )


def policy_version(policy: Mapping[str, Any]) -> str:
    """The policy version as one line: ``vedtaget 2018, indhold 1f43a0bd9197``."""
    fingerprint = str(policy.get("contentFingerprint") or "")
    short = fingerprint.removeprefix("sha256:")[:12] or "?"
    return f"vedtaget {danish_adopted(policy.get('adopted'))}, indhold {short}"


def build(
    data: Mapping[str, Any],
    learner_name: str,
    key: Ed25519PrivateKey,
    issuer_name: str,
    issued: datetime | None = None,
    *,
    learner_id: str | None = None,
    code: str | None = None,
    credential_status: Mapping[str, Any] | None = None,
    credential_id: str | None = None,
    issuer_url: str | None = None,
) -> dict[str, Any]:
    """A signed credential.

    ``data`` is plain values (see ``course.certificates.rules.Claim.to_plain``):
    ``course``, ``achievement`` (the policy's title), ``certificateTitle``, ``track``
    {``id``, ``title``, ``passMark``}, ``modules`` [{``id``, ``title``, ``bestScore``,
    ``scenariosCompleted``, ``scenariosTotal``}], optional ``validYears`` and ``policy``
    {``title``, ``adopted``, ``contentFingerprint``}.
    """
    issued = (issued or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    stamp = utc_stamp(issued)
    track = data["track"]
    public = key.public_key()
    policy = dict(data.get("policy") or {"title": data["achievement"]})
    fingerprint = policy.get("contentFingerprint")
    policy["contentFingerprint"] = f"sha256:{fingerprint}" if fingerprint else None
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if learner_id:
        subject["identifier"] = [{"type": "IdentityObject", "identityType": "identifier",
                                  "hashed": False, "identityHash": learner_id}]
    subject.update({
        "name": learner_name,
        "date": danish_day(issued).isoformat(),
        "course": data["course"],
        "track": {"id": f"{URN}:track:{track['id']}", "title": track["title"],
                  "passMark": track["passMark"]},
        "modules": [
            {
                "id": f"{URN}:module:{m['id']}",
                "title": m["title"],
                "bestScore": m["bestScore"],
                "scenariosCompleted": m["scenariosCompleted"],
                "scenariosTotal": m["scenariosTotal"],
            }
            for m in data["modules"]
        ],
        "achievement": {
            "id": f"{URN}:achievement:{track['id']}",
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": data["achievement"],
            "description": data["certificateTitle"],
            "inLanguage": "da",
            "criteria": {"narrative": criteria_narrative(data)},
            "version": policy_version(policy),
            "policy": policy,
        },
    })
    doc: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": list(TYPE),
        "issuer": {"id": keys.did_key(public), "type": ["Profile"], "name": issuer_name,
                   **({"url": issuer_url} if issuer_url else {})},
        "name": data["certificateTitle"],
        "validFrom": stamp,
        "awardedDate": stamp,
    }
    if data.get("validYears"):
        doc["validUntil"] = utc_stamp(add_years(issued, int(data["validYears"])))
    doc["verificationCode"] = code or new_code()
    doc["credentialSubject"] = subject
    if credential_status is not None:
        doc["credentialStatus"] = dict(credential_status)
    return proof.sign(doc, key, stamp)


def dumps(doc: Mapping[str, Any]) -> str:
    """The certificate as a file: readable JSON, UTF-8 (what is signed is the canonical form)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- reading and verifying ----------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """The answer to "is this certificate genuine?".

    ``state`` is one of VALID, INVALID, EXPIRED and REVOKED; ``reasons`` says why it is
    not valid (Danish); ``note`` is a remark on a valid one (the status list was not
    checked). The other fields describe the certificate as far as it could be read.
    """

    state: str
    reasons: list[str] = field(default_factory=list)
    id: str | None = None
    name: str | None = None
    title: str | None = None
    track: str | None = None
    date: str | None = None  # ISO day
    valid_until: str | None = None  # dateTime stamp
    code: str | None = None
    policy: dict[str, Any] | None = None
    key_fingerprint: str | None = None
    note: str | None = None
    revoked_reason: str | None = None
    proofs: tuple[tuple[str, bool], ...] = ()  # (cryptosuite, verified) for each proof

    @property
    def proof_line(self) -> str | None:
        """Which signatures were checked and whether each holds (Danish), or None."""
        if not self.proofs:
            return None
        parts = [f"{SUITE_NAMES.get(suite, suite)} {'passer' if ok else 'passer ikke'}"
                 for suite, ok in self.proofs]
        return ("Signaturer: " if len(parts) > 1 else "Signatur: ") + ", ".join(parts) + "."

    @property
    def valid(self) -> bool:
        return self.state == VALID

    def summary(self) -> str:
        """One line for a person (Danish), starting with the state."""
        when = danish_date(self.date) if self.date else "?"
        until = danish_date(self.valid_until) if self.valid_until else None
        what = f"»{self.title}« (forløbet »{self.track}«)"
        if self.state == VALID:
            tail = f" Gyldigt til {until}." if until else ""
            return f"Gyldigt: {self.name} har fået {what} den {when}.{tail}"
        if self.state == EXPIRED:
            return (f"Udløbet: {self.name} fik {what} den {when}, men beviset var kun "
                    f"gyldigt til {until}.")
        if self.state == REVOKED:
            why = f" Begrundelse: {self.revoked_reason}" if self.revoked_reason else ""
            return (f"Tilbagekaldt: kursusbeviset til {self.name}, {what} fra {when}, er "
                    f"tilbagekaldt af udstederen.{why}")
        return "Ugyldigt: " + "; ".join(self.reasons)

    @property
    def policy_line(self) -> str | None:
        if not self.policy:
            return None
        return f"»{self.policy.get('title', '')}«, {policy_version(self.policy)}"


NOT_A_CERTIFICATE = "Filen er ikke et kursusbevis fra kurset."
SIGNATURE_BROKEN = "Signaturen passer ikke: dokumentet er ændret efter udstedelsen."


def _get(mapping: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def summary(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Name, title, track, dates, id, code and policy of a certificate-shaped document."""
    policy = _get(doc, "credentialSubject", "achievement", "policy")
    return {
        "id": _text(_get(doc, "id")),
        "name": _text(_get(doc, "credentialSubject", "name")),
        "title": _text(_get(doc, "name")),
        "track": _text(_get(doc, "credentialSubject", "track", "title")),
        "date": _text(_get(doc, "credentialSubject", "date")),
        "valid_until": _text(_get(doc, "validUntil")),
        "code": _text(_get(doc, "verificationCode")),
        "policy": dict(policy) if isinstance(policy, Mapping) else None,
    }


def issuer_id(doc: Mapping[str, Any]) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def _shape_problem(doc: Any) -> str | None:
    if not isinstance(doc, Mapping):
        return NOT_A_CERTIFICATE
    types = doc.get("type")
    if not (isinstance(types, list) and "VerifiableCredential" in types
            and isinstance(doc.get("credentialSubject"), Mapping)
            and isinstance(doc.get("id"), str)):
        return NOT_A_CERTIFICATE
    if rdf.too_big(doc, MAX_VALUES):  # before any proof is checked: bounded work
        return TOO_MANY_VALUES
    prf = doc.get("proof")
    if prf is None or prf == []:
        return "Kursusbeviset er ikke underskrevet (det har ingen signatur)."
    proofs = prf if isinstance(prf, list) else [prf]
    if len(proofs) > proof.MAX_PROOFS:
        return "Kursusbeviset har for mange signaturer."
    for item in proofs:
        if not isinstance(item, Mapping) or item.get("type") != proof.PROOF_TYPE \
                or item.get("cryptosuite") not in proof.CRYPTOSUITES:
            return "Kursusbeviset er underskrevet på en måde, kurset ikke kender."
        if not isinstance(item.get("proofValue"), str) or not isinstance(
                item.get("verificationMethod"), str):
            return "Kursusbevisets signatur mangler eller er ufuldstændig."
    code = doc.get("verificationCode")
    if not isinstance(code, str) or normalize_code(code) != code:
        return "Kursusbeviset har ingen gyldig bekræftelseskode."
    return None


def verify(doc: Any, public_key: Ed25519PublicKey, now: datetime | None = None,
           status_list: Mapping[str, Any] | None = None,
           status_problem: str | None = None) -> Verification:
    """Check a certificate against the issuer's public key, the time and its status list.

    In order: the document has the shape of a certificate; every proof in its proof set
    verifies (eddsa-jcs-2022 and eddsa-rdfc-2022; an older certificate has the first
    only), and ``proofs`` says which did; the issuer is the key that signed; that key is
    ``public_key``; it is valid already; it is not revoked in ``status_list`` (a signed BitstringStatusListCredential
    of the same issuer); it has not expired. The first failure decides. Without a status
    list the result says so in ``note`` (``status_problem``, when given, is why there is
    none: then the answer is INVALID, for the list could not be checked).
    """
    now = now or datetime.now(UTC)
    problem = _shape_problem(doc)
    if problem:
        return Verification(INVALID, [problem])
    info = summary(doc)
    expected = keys.fingerprint(public_key)
    result = dict(info, key_fingerprint=expected)

    def answer(state: str, reason: str | None = None, **extra: Any) -> Verification:
        return Verification(state, [reason] if reason else [], **{**result, **extra})

    checks = proof.verify_all(doc)
    result["proofs"] = tuple((c.cryptosuite or "?", c.verified) for c in checks)
    if any(c.key_unreadable for c in checks):
        return answer(INVALID, "Oplysningen om kursusbevisets nøgle kan ikke læses; "
                               "den er ændret.")
    if not all(c.verified for c in checks):
        return answer(INVALID, SIGNATURE_BROKEN)
    signers = {keys.raw_public_bytes(c.public_key) for c in checks if c.public_key}
    signer = checks[0].public_key
    assert signer is not None
    if len(signers) != 1 or issuer_id(doc) != keys.did_key(signer):
        return answer(INVALID, "Udstederen i kursusbeviset er ikke den nøgle, der har "
                               "underskrevet det.")
    if keys.raw_public_bytes(signer) != keys.raw_public_bytes(public_key):
        return answer(INVALID,
                      f"Kursusbeviset er underskrevet med en anden nøgle (nøglens fingeraftryk "
                      f"er {keys.fingerprint(signer)}, den forventede nøgle har {expected}).")
    valid_from = parse_stamp(doc.get("validFrom"))
    if valid_from is None:
        return answer(INVALID, "Kursusbeviset har ingen gyldig udstedelsesdato.")
    if valid_from > now + CLOCK_SKEW:
        return answer(INVALID, f"Kursusbeviset gælder først fra {danish_date(valid_from)}.")
    note = None
    entry = doc.get("credentialStatus")
    if entry is not None:
        if status_problem:
            return answer(INVALID, f"Det kan ikke kontrolleres, om kursusbeviset er "
                                   f"tilbagekaldt: {status_problem}")
        if status_list is None:
            note = ("Det er ikke kontrolleret, om kursusbeviset er tilbagekaldt: der er ingen "
                    "statusliste. Angiv den med --status-list FIL eller URL.")
        else:
            outcome = status.check(entry, status_list, signer, now)
            if outcome.problem:
                return answer(INVALID, f"Det kan ikke kontrolleres, om kursusbeviset er "
                                       f"tilbagekaldt: {outcome.problem}")
            if outcome.revoked:
                return answer(REVOKED)
    if "validUntil" in doc:
        valid_until = parse_stamp(doc.get("validUntil"))
        if valid_until is None:
            return answer(INVALID, "Kursusbevisets udløbsdato kan ikke læses.")
        if valid_until < now:
            return answer(EXPIRED, note=note)
    return answer(VALID, note=note)


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


# everything but the brackets outside strings: a string (to its closing quote, or to the
# end when there is none; possessive, so no backtracking) or a run of other characters
_NOT_A_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\Z)|[^"\[\]{}]+')
_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")  # opener +1, closer -1 (minus 1 below)


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_DEPTH (checked before parsing,
    so that no parser ever recurses deeply). Linear and in C: one regular-expression pass
    keeps the brackets, a running sum over them is the depth."""
    brackets = _NOT_A_BRACKET.sub("", text)
    if len(brackets) <= MAX_DEPTH:
        return False
    steps = brackets.encode("ascii").translate(_STEPS)
    deepest: int = max(accumulate(map(operator.sub, steps, repeat(1))))
    return deepest > MAX_DEPTH


TOO_BIG = (f"Filen er for stor til at være et kursusbevis (over {MAX_BYTES // 1_000_000} MB). "
           "Kontrollér JSON-filen, der hører til beviset.")
TOO_DEEP = "Filen er ikke et kursusbevis fra kurset: den er indlejret for dybt."


def loads(text: str | bytes) -> dict[str, Any]:
    """A certificate file's document. Raises ValueError (Danish) when it is not one.

    A byte-order mark (as Notepad writes) is accepted; a file over MAX_BYTES or nested
    deeper than MAX_DEPTH is refused before it is parsed.
    """
    if len(text) > MAX_BYTES:
        raise ValueError(TOO_BIG)
    if isinstance(text, bytes):
        if text.startswith(b"%PDF"):
            raise ValueError("Filen er en PDF. Kontrollér JSON-filen, der hører til beviset.")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(NOT_A_CERTIFICATE + " Den er ikke tekst i UTF-8.") from None
    text = text.removeprefix("\ufeff")
    if _too_deep(text):
        raise ValueError(TOO_DEEP)
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise ValueError(f"Kursusbeviset er ændret: feltet »{exc.key}« står der to gange.") from None
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
    except ValueError:
        raise ValueError(NOT_A_CERTIFICATE + " Den er ikke gyldig JSON.") from None
    if not isinstance(doc, dict):
        raise ValueError(NOT_A_CERTIFICATE)
    return doc
