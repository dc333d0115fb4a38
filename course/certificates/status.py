"""Revocation: a W3C Bitstring Status List (v1.0) kept in the data folder.

Every certificate gets a ``credentialStatus`` entry (``BitstringStatusListEntry``,
purpose ``revocation``) naming a random index in one list of 131,072 bits (16 KB, the
spec's minimum; indexes are drawn at random, as the spec advises, so an index says
nothing about when or how many). The files::

    <data dir>/statusliste/register.json       lists; index -> code, credential id, issued,
                                               revoked
    <data dir>/statusliste/statusliste.json    the signed BitstringStatusListCredential
    <data dir>/statusliste/statusliste-2.json  a later list (see below), …
    <data dir>/statusliste/register.lock       inter-process lock while any of them changes

The list is a Verifiable Credential of its own, ``encodedList`` the bits GZIP-compressed
and multibase base64url-encoded (``u…``), index 0 the left-most bit, signed with the same
key and cryptosuite as the certificates. It is re-signed whenever a certificate is
revoked. Its id, fixed when it is first made, is ``<public URL>/bevis/<file>`` when the
installation has a public URL (see :func:`course.certificates.service.public_url`), where
``medborger serve`` publishes it and ``certificate verify --online`` fetches it; otherwise
a ``urn:uuid:``, and verifiers are given the file (``--status-list FIL``). A list made
without a public URL (or under another one) keeps its certificates; once a public URL is
set, new certificates go to a new list at that URL. ``serve`` publishes every list.

The register holds no names: only codes, credential ids and dates, and for a revoked
certificate when and why. A revocation cannot be undone (the spec's ``revocation``).
"""

from __future__ import annotations

import base64
import gzip
import json
import secrets
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import keys, proof
from .stamps import parse_stamp, utc_stamp

FOLDER = "statusliste"
REGISTER = "register.json"
LIST = "statusliste.json"
LIST_BITS = 131_072  # 16 KB, the spec's minimum number of entries
MAX_LIST_BYTES = 2_000_000  # an expanded list larger than this is refused (a GZIP bomb)
PURPOSE = "revocation"
LIST_TYPE = "BitstringStatusListCredential"
LOCK_TIMEOUT = 10


class StatusProblem(Exception):
    """The status list cannot be read, written or used; the message is Danish."""


def folder(data_dir: str | Path) -> Path:
    return Path(data_dir) / FOLDER


def register_path(data_dir: str | Path) -> Path:
    return folder(data_dir) / REGISTER


# --- the bitstring ----------------------------------------------------------------------


def encode_list(bits: bytes) -> str:
    """GZIP, then multibase base64url without padding (``u…``)."""
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_list(encoded: Any) -> bytes:
    """The bitstring of an ``encodedList``. Raises ValueError."""
    if not isinstance(encoded, str) or not encoded.startswith("u") or len(encoded) > MAX_LIST_BYTES:
        raise ValueError("encodedList is not multibase base64url")
    body = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        bits = inflater.decompress(packed, MAX_LIST_BYTES + 1)
    except (ValueError, zlib.error):
        raise ValueError("encodedList is not GZIP in base64url") from None
    if len(bits) > MAX_LIST_BYTES or inflater.unconsumed_tail:
        raise ValueError("encodedList is too large")
    return bits


def bit(bits: bytes, index: int) -> int:
    """The status at ``index``: index 0 is the left-most (most significant) bit."""
    return (bits[index // 8] >> (7 - index % 8)) & 1


def _set_bit(bits: bytearray, index: int) -> None:
    bits[index // 8] |= 1 << (7 - index % 8)


# --- the list credential ------------------------------------------------------------------


def build_list(list_id: str, revoked: list[int], key: Ed25519PrivateKey,
               now: datetime) -> dict[str, Any]:
    """The signed BitstringStatusListCredential with the ``revoked`` indexes set."""
    bits = bytearray(LIST_BITS // 8)
    for index in revoked:
        _set_bit(bits, index)
    stamp = utc_stamp(now)
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_id,
        "type": ["VerifiableCredential", LIST_TYPE],
        "issuer": keys.did_key(key.public_key()),
        "validFrom": stamp,
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_list(bytes(bits)),
        },
    }
    return proof.sign(doc, key, stamp)


@dataclass(frozen=True)
class StatusOutcome:
    """Whether the entry's bit is set in the list, or why the list cannot tell (Danish)."""

    revoked: bool = False
    problem: str | None = None


def check(entry: Any, status_list: Mapping[str, Any], issuer_key: Ed25519PublicKey,
          now: datetime | None = None) -> StatusOutcome:
    """The Validate Algorithm of Bitstring Status List v1.0 for one entry: the list's proof
    verifies and is by ``issuer_key`` (the certificate's issuer), it is the list the entry
    names, its purpose matches, it is valid now, it has at least 131,072 entries, and the
    entry's bit is read."""
    if not (isinstance(entry, Mapping) and entry.get("type") == "BitstringStatusListEntry"
            and entry.get("statusPurpose") == PURPOSE
            and isinstance(entry.get("statusListIndex"), str)
            and entry["statusListIndex"].isascii() and entry["statusListIndex"].isdigit()
            and isinstance(entry.get("statusListCredential"), str)):
        return StatusOutcome(problem="kursusbevisets statusoplysning kan ikke læses.")
    if not isinstance(status_list, Mapping) or LIST_TYPE not in (status_list.get("type") or []):
        return StatusOutcome(problem="filen er ikke en statusliste.")
    checks = proof.verify_all(status_list)
    if not checks or not all(c.verified and c.public_key is not None for c in checks):
        return StatusOutcome(problem="statuslistens signatur passer ikke.")
    signers = {keys.raw_public_bytes(c.public_key) for c in checks if c.public_key}
    if signers != {keys.raw_public_bytes(issuer_key)} or \
            status_list.get("issuer") not in (keys.did_key(issuer_key),
                                              {"id": keys.did_key(issuer_key)}):
        return StatusOutcome(problem="statuslisten er ikke udstedt af kursusbevisets udsteder.")
    if status_list.get("id") != entry["statusListCredential"]:
        return StatusOutcome(problem="statuslisten er ikke den, kursusbeviset henviser til.")
    subject = status_list.get("credentialSubject")
    purposes = subject.get("statusPurpose") if isinstance(subject, Mapping) else None
    if PURPOSE not in ([purposes] if isinstance(purposes, str) else purposes or []):
        return StatusOutcome(problem="statuslisten er ikke en liste over tilbagekaldte beviser.")
    now = now or datetime.now(UTC)
    until = status_list.get("validUntil")
    ends = parse_stamp(until)
    if until is not None and (ends is None or ends < now):
        return StatusOutcome(problem="statuslisten er udløbet.")
    if not isinstance(subject, Mapping):
        return StatusOutcome(problem="statuslistens bitstreng kan ikke læses.")
    try:
        bits = decode_list(subject.get("encodedList"))
    except ValueError:
        return StatusOutcome(problem="statuslistens bitstreng kan ikke læses.")
    if len(bits) * 8 < LIST_BITS:
        return StatusOutcome(problem="statuslisten er for kort.")
    index = int(entry["statusListIndex"])
    if index >= len(bits) * 8:
        return StatusOutcome(problem="kursusbevisets plads er uden for statuslisten.")
    return StatusOutcome(revoked=bit(bits, index) == 1)


def loads_list(data: bytes | str) -> dict[str, Any]:
    """A status list file's document. Raises StatusProblem (Danish)."""
    if len(data) > MAX_LIST_BYTES:
        raise StatusProblem("statuslisten er for stor.")
    try:
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        doc = json.loads(data.removeprefix("\ufeff"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StatusProblem("statuslisten er ikke gyldig JSON.") from None
    if not isinstance(doc, dict):
        raise StatusProblem("filen er ikke en statusliste.")
    return doc


# --- the register (the issuer's side) ------------------------------------------------------
#
# register.json, version 2:
#   {"version": 2, "current": <list id>,
#    "lists": {<list id>: {"file": "statusliste.json", "bits": 131072,
#                          "entries": {<index>: {"code", "credential", "issued", "revoked"}}}}}
# Version 1 (one list: "list": {"id", "bits"}, "entries") is read as version 2.


def _read_register(data_dir: Path) -> dict[str, Any] | None:
    from course.files import DamagedFileError, read_json

    try:
        register = read_json(register_path(data_dir))
    except DamagedFileError as exc:
        raise StatusProblem(f"Statuslistens register {register_path(data_dir)} kan ikke læses "
                            f"({exc.reason}). Læg en sikkerhedskopi af filen tilbage.") from None
    if register is not None and register.get("version") == 1:
        list_id = register["list"]["id"]
        register = {"version": 2, "current": list_id, "lists": {list_id: {
            "file": LIST, "bits": register["list"].get("bits", LIST_BITS),
            "entries": register.get("entries", {})}}}
    return register


def _write(path: Path, doc: Mapping[str, Any]) -> None:
    from course.files import atomic_write_text

    atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _locked(data_dir: Path) -> Any:
    from filelock import FileLock

    folder(data_dir).mkdir(parents=True, exist_ok=True)
    return FileLock(str(folder(data_dir) / "register.lock"), timeout=LOCK_TIMEOUT)


def _revoked_indexes(entries: Mapping[str, Any]) -> list[int]:
    return [int(i) for i, e in entries.items() if e.get("revoked")]


def entry_for(list_id: str, index: int) -> dict[str, Any]:
    """The ``credentialStatus`` entry of a certificate at ``index``."""
    return {
        "id": f"{list_id}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_id,
    }


def _all_entries(register: Mapping[str, Any] | None) -> list[tuple[str, str, dict[str, Any]]]:
    """(list id, index, entry) for every certificate in every list."""
    return [(list_id, index, entry)
            for list_id, listed in (register or {}).get("lists", {}).items()
            for index, entry in listed.get("entries", {}).items()]


def code_taken(data_dir: str | Path, code: str) -> bool:
    return any(e.get("code") == code for _, _, e in _all_entries(_read_register(Path(data_dir))))


def revoked_codes(data_dir: str | Path) -> frozenset[str]:
    """The codes of every revoked certificate in the register (read once). Raises
    StatusProblem when the register cannot be read."""
    return frozenset(e["code"] for _, _, e in _all_entries(_read_register(Path(data_dir)))
                     if e.get("revoked") and isinstance(e.get("code"), str))


def list_url(public_url: str, file: str = LIST) -> str:
    """Where ``medborger serve`` at ``public_url`` publishes the list kept in ``file``."""
    return f"{public_url}/bevis/{file}"


def _new_list(register: dict[str, Any], public_url: str | None) -> str:
    """Start a new list (the current one from now on); returns its id. Its file is the
    first free of statusliste.json, statusliste-2.json, …; its id that file's address
    under the public URL, or a urn:uuid: without one."""
    taken = {listed["file"] for listed in register["lists"].values()}
    number = 1
    file = LIST
    while file in taken:
        number += 1
        file = f"statusliste-{number}.json"
    list_id = list_url(public_url, file) if public_url else f"urn:uuid:{uuid.uuid4()}"
    register["lists"][list_id] = {"file": file, "bits": LIST_BITS, "entries": {}}
    register["current"] = list_id
    return list_id


def allocate(data_dir: str | Path, key: Ed25519PrivateKey, code: str, credential_id: str,
             issued: datetime, public_url: str | None = None) -> dict[str, Any]:
    """A random free index for a new certificate, recorded in the register; the signed
    list is made on first use. Returns the certificate's ``credentialStatus`` entry.

    Once a public URL is given, new certificates go to a list at that URL: when the
    current list has no such address (it was made without a public URL, or under
    another one) a new list is started there; the old list keeps its certificates and is
    still kept and published. A full list also starts a new one.

    Raises StatusProblem (Danish) when the register cannot be read or written, and
    ValueError when ``code`` is already in use (draw another).
    """
    from filelock import Timeout

    data_dir = Path(data_dir)
    try:
        with _locked(data_dir):
            register = _read_register(data_dir) or {"version": 2, "current": None, "lists": {}}
            if any(e.get("code") == code for _, _, e in _all_entries(register)):
                raise ValueError("code in use")
            list_id = register["current"]
            if list_id is None or (public_url and not list_id.startswith(
                    list_url(public_url, ""))):
                list_id = _new_list(register, public_url)
            entries = register["lists"][list_id]["entries"]
            if len(entries) >= LIST_BITS // 2:  # keep random indexes cheap to draw
                list_id = _new_list(register, public_url)
                entries = register["lists"][list_id]["entries"]
            index = secrets.randbelow(LIST_BITS)
            while str(index) in entries:
                index = secrets.randbelow(LIST_BITS)
            entries[str(index)] = {"code": code, "credential": credential_id,
                                   "issued": utc_stamp(issued), "revoked": None}
            _write(register_path(data_dir), register)
            path = folder(data_dir) / register["lists"][list_id]["file"]
            if not path.exists():
                _write(path, build_list(list_id, _revoked_indexes(entries), key, issued))
    except Timeout:
        raise StatusProblem("Statuslisten er optaget af et andet program. Prøv igen om lidt.") from None
    except OSError as exc:
        raise StatusProblem(f"Statuslisten i {folder(data_dir)} kan ikke gemmes "
                            f"({exc.strerror}).") from None
    return entry_for(list_id, index)


def lookup(data_dir: str | Path, code: str) -> dict[str, Any] | None:
    """The register's entry for a code (with its ``index`` and ``list``), or None."""
    for list_id, index, entry in _all_entries(_read_register(Path(data_dir))):
        if entry.get("code") == code:
            return {**entry, "index": int(index), "list": list_id}
    return None


@dataclass(frozen=True)
class Revocation:
    code: str
    credential: str
    at: str
    reason: str
    already: bool  # it was revoked before


def revoke(data_dir: str | Path, key: Ed25519PrivateKey, code: str, reason: str,
           now: datetime | None = None) -> Revocation:
    """Revoke the certificate with ``code`` and re-sign its list.

    Raises LookupError (Danish) when no certificate has that code, StatusProblem when the
    list cannot be written.
    """
    from filelock import Timeout

    data_dir = Path(data_dir)
    now = now or datetime.now(UTC)
    try:
        with _locked(data_dir):
            register = _read_register(data_dir)
            found = next(((list_id, e) for list_id, _, e in _all_entries(register)
                          if e.get("code") == code), None)
            if found is None or register is None:
                raise LookupError(f"Der er intet kursusbevis med koden {code} i denne "
                                  f"datamappe ({data_dir}).")
            list_id, entry = found
            if entry.get("revoked"):
                old = entry["revoked"]
                return Revocation(code, entry["credential"], old["at"], old["reason"], True)
            entry["revoked"] = {"at": utc_stamp(now), "reason": reason}
            _write(register_path(data_dir), register)
            listed = register["lists"][list_id]
            _write(folder(data_dir) / listed["file"],
                   build_list(list_id, _revoked_indexes(listed["entries"]), key, now))
    except Timeout:
        raise StatusProblem("Statuslisten er optaget af et andet program. Prøv igen om lidt.") from None
    except OSError as exc:
        raise StatusProblem(f"Statuslisten i {folder(data_dir)} kan ikke gemmes "
                            f"({exc.strerror}).") from None
    return Revocation(code, entry["credential"], entry["revoked"]["at"], reason, False)


def _file_of(data_dir: Path, list_id: str | None) -> Path | None:
    register = _read_register(data_dir)
    if not register or not register.get("lists"):
        return None if list_id else folder(data_dir) / LIST
    listed = register["lists"].get(list_id or register["current"])
    return None if listed is None else folder(data_dir) / listed["file"]


def list_path(data_dir: str | Path) -> Path:
    """The file of the current list (statusliste.json when there is none yet). Raises
    StatusProblem when the register cannot be read."""
    return _file_of(Path(data_dir), None) or folder(data_dir) / LIST


def published_file(data_dir: str | Path, name: str) -> Path | None:
    """The list kept in the file ``name`` (``statusliste.json``, ``statusliste-2.json``),
    for ``medborger serve`` to publish at ``/bevis/<name>``; None for any other name."""
    register = _read_register(Path(data_dir))
    files = {listed["file"] for listed in (register or {}).get("lists", {}).values()}
    if name not in files:
        return None
    path = folder(data_dir) / name
    return path if path.is_file() else None


def local_list(data_dir: str | Path, list_id: str | None = None) -> dict[str, Any] | None:
    """The data folder's signed list ``list_id`` (default: the current one), or None when
    there is no such list. Raises StatusProblem."""
    path = _file_of(Path(data_dir), list_id)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StatusProblem(f"statuslisten {path} kan ikke læses ({exc.strerror}).") from None
    return loads_list(data)
