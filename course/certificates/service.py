"""Issue, verify and revoke certificates: the one place the CLI, the TUI and /bevis call.

    issued = issue(course, store, learner, out_dir)   # NotEligible(missing) if not earned
    result = verify_file(path)                        # credential.Verification
    result = verify_code(store, "ISH-7K2M-9QXD")      # the certificate kept for that code
    revoke(data_dir, "ISH-7K2M-9QXD", "Udstedt ved en fejl")

:func:`issue` checks the learner's record against the track's rules (:mod:`.rules`),
draws a verification code, takes a place in the status list (:mod:`.status`), signs the
credential with the installation's key (:mod:`.keys`, made on first use in
``<data dir>/keys/``), writes the JSON and the PDF to ``out_dir`` and records the issue,
with the signed document, in the learner's record (so /bevis can find it by its code).

The public URL (for the QR code on the PDF and the status list's address) is the
``public_url`` argument, else the environment variable ``MEDBORGER_PUBLIC_URL`` (which
``medborger serve --public-url`` sets for the sessions it starts).
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from course.content.model import Course
from course.files import atomic_write_text
from progress import Learner, Store

from . import credential, keys, status
from . import pdf as certificate_pdf
from .credential import INVALID, Verification
from .rules import claim

ISSUER = "Ishøj Kommune"
SLUG_LENGTH = 40
PUBLIC_URL_ENV = "MEDBORGER_PUBLIC_URL"
FETCH_TIMEOUT = 10  # seconds, for a status list given as a URL


class NotEligible(Exception):
    """The learner has not met the track's rules; ``missing`` says what is left (Danish)."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = list(missing)
        super().__init__("\n".join(self.missing))


@dataclass(frozen=True)
class Issued:
    json_path: Path
    pdf_path: Path
    code: str
    doc: dict[str, Any]


_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe",
                                "Å": "Aa", "ß": "ss", "đ": "d", "ł": "l", "Ł": "L"})


def slug(name: str) -> str:
    """A file-name-safe form of a name: lowercase ASCII letters, digits and hyphens only
    (no path characters, no dots); empty when nothing of the name survives."""
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:SLUG_LENGTH].rstrip("-")


def issuer_name(course: Course) -> str:
    return f"{ISSUER} · {course.title}"


def public_url(explicit: str | None = None) -> str | None:
    """The installation's public address (``https://kursus.ishoj.dk``, no trailing slash),
    from ``explicit`` or ``$MEDBORGER_PUBLIC_URL``; None when neither is set.

    Raises ValueError (Danish) when it is not an http(s) address."""
    value = explicit if explicit is not None else os.environ.get(PUBLIC_URL_ENV)
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"Den offentlige adresse skal være en http- eller https-adresse uden "
                         f"? og #, fx https://kursus.ishoj.dk – ikke »{value}«.")
    return value.strip().rstrip("/")


def verify_url(base: str | None, code: str) -> str | None:
    """The /bevis address for a code, or None without a public URL."""
    return f"{base}/bevis?kode={code}" if base else None


def issue(course: Course, store: Store, learner: Learner | str, out_dir: str | Path,
          now: datetime | None = None, public_url_: str | None = None) -> Issued:
    """Sign and write a learner's certificate for their track.

    ``learner`` is a Learner or a name or id (LookupError, Danish, when there is no such
    one learner). Raises NotEligible when the track's rules are not met, KeyProblem when the
    key cannot be used, StatusProblem when the status list cannot be written, ValueError
    when the public URL is not one, OSError when the files cannot be written.
    """
    if isinstance(learner, str):
        learner = store.find(learner)
    base = public_url(public_url_)
    facts: Any = store.record(learner).facts()  # a progress.Facts: read-only FactsLike
    result = claim(course, learner.track, facts)
    if not result.eligible:
        raise NotEligible(result.missing)

    pair = keys.load_or_create(store.root)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    while True:
        code = credential.new_code()
        try:
            entry = status.allocate(store.root, pair.private_key, code, credential_id, moment,
                                    base)
            break
        except ValueError:  # the code is in use already: draw another
            continue
    doc = credential.build(result.to_plain(), learner.name, pair.private_key,
                           issuer_name(course), moment, learner_id=learner.id, code=code,
                           credential_status=entry, credential_id=credential_id,
                           issuer_url=base)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"kursusbevis-{slug(learner.name) or learner.id}-{code}"
    json_path = out / f"{stem}.json"
    pdf_path = out / f"{stem}.pdf"
    atomic_write_text(json_path, credential.dumps(doc))
    certificate_pdf.write(doc, pdf_path, json_name=json_path.name,
                          verify_url=verify_url(base, code))

    store.record(learner).save_certificate({
        "id": doc["id"],
        "track": result.track_id,
        "issued": doc["validFrom"],
        "code": code,
        "json": store.stored_path(json_path),  # relative to the data folder when in it
        "pdf": store.stored_path(pdf_path),
        "document": doc,
    })
    return Issued(json_path, pdf_path, code, doc)


# --- verifying ------------------------------------------------------------------------------


MAX_REDIRECTS = 3


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    except ValueError:
        port = -1
    return parts.scheme, (parts.hostname or "").lower(), port


def fetch_status_list(url: str, origin: str | None = None, timeout: float = FETCH_TIMEOUT,
                      https_only: bool = True) -> dict[str, Any]:
    """A status list fetched over HTTPS, within limits: at most status.MAX_LIST_BYTES,
    ``timeout`` seconds in all, MAX_REDIRECTS redirects, each to https again; with
    ``origin`` (the issuer's public URL) only from that origin, redirects included.
    ``https_only=False`` (a URL a person typed) also allows http. Raises StatusProblem
    (Danish)."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    allowed = _origin(origin) if origin else None

    def check(address: str) -> None:
        if urlsplit(address).scheme != "https" and (
                https_only or urlsplit(address).scheme != "http"):
            raise status.StatusProblem(f"statuslisten hentes kun over https, ikke fra "
                                       f"{address[:200]}.")
        if allowed is not None and _origin(address) != allowed:
            raise status.StatusProblem(f"statuslisten {address[:200]} ligger ikke hos "
                                       f"udstederen ({origin}), så den hentes ikke.")

    class Redirects(urllib.request.HTTPRedirectHandler):
        count = 0

        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
            Redirects.count += 1
            if Redirects.count > MAX_REDIRECTS:
                raise status.StatusProblem(f"statuslisten {url[:200]} viderestiller for mange "
                                           "gange.")
            check(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    check(url)
    opener = urllib.request.build_opener(Redirects())
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    chunks: list[bytes] = []
    size = 0
    try:
        with opener.open(request, timeout=max(0.1, deadline - time.monotonic())) as response:
            while chunk := response.read(65536):
                size += len(chunk)
                if size > status.MAX_LIST_BYTES:
                    raise status.StatusProblem(f"statuslisten {url[:200]} er for stor.")
                if time.monotonic() > deadline:
                    raise status.StatusProblem(f"statuslisten {url[:200]} kunne ikke hentes "
                                               f"inden for {timeout:g} sekunder.")
                chunks.append(chunk)
    except status.StatusProblem:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise status.StatusProblem(f"statuslisten kan ikke hentes fra {url[:200]} "
                                   f"({reason}).") from None
    return status.loads_list(b"".join(chunks))


def read_status_source(source: str) -> dict[str, Any]:
    """A status list from a file or an https URL (fetched within the limits of
    :func:`fetch_status_list`). Raises StatusProblem (Danish)."""
    if source.startswith(("http://", "https://")):
        return fetch_status_list(source, https_only=False)
    path = Path(source)
    try:
        with path.open("rb") as handle:
            data = handle.read(status.MAX_LIST_BYTES + 1)
    except FileNotFoundError:
        raise status.StatusProblem(f"statuslisten {path} findes ikke.") from None
    except OSError as exc:
        raise status.StatusProblem(f"statuslisten {path} kan ikke læses ({exc.strerror}).") from None
    return status.loads_list(data)


def _online_list(doc: Mapping[str, Any]) -> dict[str, Any] | None:
    """The list a certificate names, fetched from the issuer's origin (its ``issuer.url``).
    None when the certificate has no status entry. Raises StatusProblem (Danish)."""
    entry = doc.get("credentialStatus")
    if not isinstance(entry, Mapping):
        return None
    url = entry.get("statusListCredential")
    issuer = doc.get("issuer")
    origin = issuer.get("url") if isinstance(issuer, Mapping) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise status.StatusProblem("kursusbevisets statusliste har ingen https-adresse (det "
                                   "er udstedt uden en offentlig adresse). Brug --status-list "
                                   "FIL med statuslisten fra udstederen.")
    if not isinstance(origin, str):
        raise status.StatusProblem("kursusbeviset nævner ikke udstederens adresse, så "
                                   "statuslisten hentes ikke. Brug --status-list FIL.")
    return fetch_status_list(url, origin)


def verify_document(doc: Mapping[str, Any], public_key: Any, data_dir: str | Path | None = None,
                    status_source: str | None = None,
                    now: datetime | None = None, online: bool = False) -> Verification:
    """Check a certificate document with ``public_key``, against the status list given as
    ``status_source`` (a file or URL), else fetched from the issuer's origin (``online``),
    else the list it names in ``data_dir`` when that folder has it."""
    status_list = None
    problem = None
    entry = doc.get("credentialStatus")
    list_id = entry.get("statusListCredential") if isinstance(entry, Mapping) else None
    try:
        if status_source:
            status_list = read_status_source(status_source)
        elif online:
            status_list = _online_list(doc)
        elif data_dir is not None and isinstance(list_id, str):
            status_list = status.local_list(data_dir, list_id)
    except status.StatusProblem as exc:
        problem = str(exc)
    result = credential.verify(doc, public_key, now=now, status_list=status_list,
                               status_problem=problem)
    if result.state == credential.REVOKED and data_dir is not None and result.code:
        try:
            found = status.lookup(data_dir, result.code)
        except status.StatusProblem:
            found = None
        if found and found.get("revoked"):
            from dataclasses import replace

            result = replace(result, revoked_reason=found["revoked"].get("reason"))
    return result


PDF_NOTE = ("Kontrollen gælder det underskrevne kursusbevis, der ligger inde i PDF'en. "
            "Se efter, at navn og bekræftelseskode her er de samme som på siden.")


def load_certificate(raw: bytes) -> tuple[dict[str, Any], bool]:
    """A certificate file's document, from its JSON or from a certificate PDF (the signed
    JSON embedded in it); and whether it came from a PDF. Raises ValueError (Danish)."""
    if raw.startswith(b"%PDF"):
        return credential.loads(certificate_pdf.attached_certificate(raw)), True
    return credential.loads(raw), False


def with_pdf_note(result: Verification) -> Verification:
    """``result`` with a reminder that a PDF's paper text is not what was checked."""
    from dataclasses import replace

    if result.state == INVALID and not result.name:
        return result
    return replace(result, note=PDF_NOTE + (f" {result.note}" if result.note else ""))


def verify_file(path: str | Path, public_key_path: str | Path | None = None,
                data_dir: str | Path | None = None, status_source: str | None = None,
                now: datetime | None = None, online: bool = False) -> Verification:
    """Check a certificate file (JSON, or the PDF with the JSON in it) against a public key file, or by default the
    installation's key in ``data_dir`` (see :func:`progress.default_data_dir`).

    A file that is missing or not a certificate gives an invalid result with the reason.
    Raises KeyProblem (Danish) when there is no usable key to check with.
    """
    from progress import default_data_dir

    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(credential.MAX_BYTES + 1)
    except FileNotFoundError:
        return Verification(INVALID, [f"Filen findes ikke: {path}"])
    except IsADirectoryError:
        return Verification(INVALID, [f"{path} er en mappe, ikke en fil."])
    except OSError as exc:
        return Verification(INVALID, [f"Filen kan ikke læses: {path} ({exc.strerror})."])
    try:
        doc, from_pdf = load_certificate(raw)
    except ValueError as exc:
        return Verification(INVALID, [str(exc)])
    data = default_data_dir(data_dir)
    if public_key_path is not None:
        public_key = keys.load_public_key(public_key_path)
    else:
        public_key = keys.installation_public_key(data)
    # the data folder's status list counts only when the folder is the issuer's
    local = None
    if public_key_path is None:
        local = data
    else:
        try:
            own = keys.installation_public_key(data)
        except keys.KeyProblem:
            own = None
        if own is not None and keys.raw_public_bytes(own) == keys.raw_public_bytes(public_key):
            local = data
    result = verify_document(doc, public_key, local, status_source, now, online)
    return with_pdf_note(result) if from_pdf else result


def find_by_code(store: Store, code: str) -> dict[str, Any] | None:
    """The signed document of the certificate with ``code`` kept in a learner's record."""
    for learner, summary, _ in store.summaries():
        if summary is None or not any(c.get("code") == code for c in summary.certificates):
            continue
        try:
            rows = store.record(learner).certificates()
        except Exception:  # a damaged record: the learner is told when they open it
            continue
        for row in rows:
            document = row.get("document")
            if row.get("code") == code and isinstance(document, dict):
                return document
    return None


def verify_code(store: Store, code: str, now: datetime | None = None) -> Verification:
    """Check the certificate kept in the data folder under a verification code.

    A code that is not one, or that no kept certificate has, gives INVALID with the
    reason (the certificate may have been deleted with its learner). Raises KeyProblem
    when the installation has no key."""
    normal = credential.normalize_code(code)
    if normal is None:
        return Verification(INVALID, ["Det er ikke en bekræftelseskode. En kode ser sådan ud: "
                                      "ISH-7K2M-9QXD."])
    doc = find_by_code(store, normal)
    if doc is None:
        try:
            known = status.lookup(store.root, normal)
        except status.StatusProblem:
            known = None
        if known:
            reason = ("Kursusbeviset med denne kode er udstedt her, men dets oplysninger er "
                      "slettet (deltageren er slettet). Kontrollér JSON-filen i stedet.")
        else:
            reason = "Der er intet kursusbevis med denne kode."
        return Verification(INVALID, [reason], code=normal)
    public_key = keys.installation_public_key(store.root)
    return verify_document(doc, public_key, store.root, None, now)


def revoke(data_dir: str | Path, code: str, reason: str,
           now: datetime | None = None) -> status.Revocation:
    """Revoke the certificate with ``code`` (LookupError, Danish, when there is none)."""
    normal = credential.normalize_code(code)
    if normal is None:
        raise LookupError(f"»{code}« er ikke en bekræftelseskode (den ser sådan ud: "
                          "ISH-7K2M-9QXD).")
    if status.lookup(data_dir, normal) is None:
        raise LookupError(f"Der er intet kursusbevis med koden {normal} i denne datamappe "
                          f"({Path(data_dir)}).")
    pair = keys.load_or_create(data_dir)
    return status.revoke(data_dir, pair.private_key, normal, reason, now)


# --- issuing for a whole hold -----------------------------------------------------------------

ISSUED = "udstedt"
HAD_ONE = "har allerede"
NOT_YET = "ikke endnu"
FAILED = "fejl"


@dataclass(frozen=True)
class BatchLine:
    """What happened to one learner of the hold: ``outcome`` is ISSUED, HAD_ONE, NOT_YET
    or FAILED; ``text`` is the line a person reads (Danish)."""

    learner_id: str
    name: str
    outcome: str
    text: str
    code: str | None = None
    pdf_path: Path | None = None


@dataclass(frozen=True)
class Batch:
    hold_name: str
    lines: tuple[BatchLine, ...]
    zip_path: Path | None  # the PDFs of everyone who has a certificate, for HR

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def summary(self) -> str:
        """One Danish line: how many got one now, had one, are not done yet, failed."""
        parts = [f"{self.count(ISSUED)} udstedt nu", f"{self.count(HAD_ONE)} havde allerede et",
                 f"{self.count(NOT_YET)} er ikke færdige"]
        if self.count(FAILED):
            parts.append(f"{self.count(FAILED)} fejl")
        return f"Holdet »{self.hold_name}«: " + ", ".join(parts) + "."


def _existing(store: Store, learner: Learner, track: str) -> dict[str, Any] | None:
    """The learner's newest certificate for ``track`` whose PDF is still there, if any."""
    rows = [row for row in store.record(learner).certificates() if row.get("track") == track]
    rows.sort(key=lambda row: str(row.get("issued", "")))
    return rows[-1] if rows else None


def issue_hold(course: Course, store: Store, hold_id: str, out_dir: str | Path,
               now: datetime | None = None, public_url_: str | None = None,
               zip_name: str | None = None) -> Batch:
    """Issue a certificate to every learner of the hold who has earned one and has none
    yet for their track; idempotent (a second run issues nothing new). Writes the files to
    ``out_dir`` and a ZIP of every learner's newest certificate PDF (issued now or
    before) to ``out_dir/<zip_name>`` for HR. The hold is named by its id.

    Raises LookupError (Danish) when there is no such hold, and what :func:`issue` raises
    for the whole run (KeyProblem, StatusProblem, ValueError for a bad public URL); a
    learner whose record cannot be read gets a FAILED line and the rest go on.
    """
    from progress.holds import HoldBook

    hold = HoldBook(store.root).hold(hold_id)
    if hold is None:
        raise LookupError("Holdet findes ikke længere.")
    public_url(public_url_)  # a bad address stops the run before anything is written
    out = Path(out_dir)
    lines: list[BatchLine] = []
    for learner in store.learners_in(hold.id):
        name = learner.name
        try:
            had = _existing(store, learner, learner.track)
            if had is not None:
                lines.append(BatchLine(learner.id, name, HAD_ONE,
                                       f"{name}: har allerede et kursusbevis ({had.get('code')}).",
                                       had.get("code"), _pdf_of(had)))
                continue
            issued = issue(course, store, learner, out, now=now, public_url_=public_url_)
        except NotEligible as exc:
            lines.append(BatchLine(learner.id, name, NOT_YET,
                                   f"{name}: er ikke færdig endnu (mangler {len(exc.missing)} "
                                   "trin)."))
            continue
        except (status.StatusProblem, keys.KeyProblem):
            raise
        except Exception as exc:  # a damaged record, a file that cannot be written
            reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            lines.append(BatchLine(learner.id, name, FAILED,
                                   f"{name}: kursusbeviset kunne ikke udstedes ({reason})."))
            continue
        lines.append(BatchLine(learner.id, name, ISSUED,
                               f"{name}: kursusbevis udstedt ({issued.code}).",
                               issued.code, issued.pdf_path))
    zip_path = _zip_pdfs(out, zip_name or f"kursusbeviser-{slug(hold.name) or hold.id}.zip",
                         [line for line in lines if line.pdf_path is not None])
    return Batch(hold.name, tuple(lines), zip_path)


def _pdf_of(row: Mapping[str, Any]) -> Path | None:
    value = row.get("pdf")
    if isinstance(value, str) and value and Path(value).is_file():
        return Path(value)
    return None


def _zip_pdfs(out: Path, name: str, lines: list[BatchLine]) -> Path | None:
    """A ZIP of the PDFs (atomically written), or None when there are none."""
    import secrets
    import zipfile

    if not lines:
        return None
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    tmp = out / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            used: set[str] = set()
            for line in lines:
                assert line.pdf_path is not None
                arcname = line.pdf_path.name
                if arcname in used:  # never one over another
                    arcname = f"{line.learner_id}-{arcname}"
                used.add(arcname)
                archive.write(line.pdf_path, arcname)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
