"""Issue and verify certificates: the one place the CLI and the TUI both call.

    issued = issue(course, store, learner, out_dir)   # NotEligible(missing) if not earned
    result = verify_file(path)                        # progress.certificate.Verification

:func:`issue` checks the learner's record against the track's rules
(:mod:`course.engine.certificate`), signs a credential with the installation's key
(:mod:`progress.keys`, made on first use in ``<data dir>/keys/``), writes the JSON and the
PDF to ``out_dir`` and records the issue in the learner's record.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from course.content.model import Course
from .rules import claim
from progress import Learner, Store
from . import credential
from . import keys
from . import pdf as certificate_pdf
from .credential import Verification
from progress.storage import atomic_write_text

ISSUER = "Ishøj Kommune"
SLUG_LENGTH = 40


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


def issue(course: Course, store: Store, learner: Learner | str, out_dir: str | Path,
          now: datetime | None = None) -> Issued:
    """Sign and write a learner's certificate for their track.

    ``learner`` is a Learner or a name or id (LookupError, Danish, when there is no such
    one learner). Raises NotEligible when the track's rules are not met, KeyProblem when the
    key cannot be used, OSError when the files cannot be written.
    """
    if isinstance(learner, str):
        learner = store.find(learner)
    facts = store.record(learner).facts()
    result = claim(course, learner.track, facts)
    if not result.eligible:
        raise NotEligible(result.missing)

    pair = keys.load_or_create(store.root)
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    doc = credential.build(result.to_plain(), learner.name, pair.private_key,
                           issuer_name(course), moment)
    code = doc["proof"]["verificationCode"]

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"kursusbevis-{slug(learner.name) or learner.id}-{code}"
    json_path = out / f"{stem}.json"
    pdf_path = out / f"{stem}.pdf"
    atomic_write_text(json_path, credential.dumps(doc))
    certificate_pdf.write(doc, pdf_path, json_name=json_path.name)

    store.record(learner).save_certificate({
        "id": doc["id"],
        "track": result.track_id,
        "issued": doc["validFrom"],
        "code": code,
        "json": str(json_path.resolve()),
        "pdf": str(pdf_path.resolve()),
    })
    return Issued(json_path, pdf_path, code, doc)


def verify_file(path: str | Path, public_key_path: str | Path | None = None,
                data_dir: str | Path | None = None) -> Verification:
    """Check a certificate file (JSON) against a public key file, or by default the
    installation's key in ``data_dir`` (see :func:`progress.default_data_dir`).

    A file that is missing or not a certificate gives an invalid result with the reason.
    Raises KeyProblem (Danish) when there is no usable key to check with.
    """
    from progress import default_data_dir

    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Verification(False, [f"Filen findes ikke: {path}"])
    except OSError as exc:
        return Verification(False, [f"Filen kan ikke læses: {path} ({exc.strerror})."])
    try:
        doc = credential.loads(raw)
    except ValueError as exc:
        return Verification(False, [str(exc)])
    if public_key_path is not None:
        public_key = keys.load_public_key(public_key_path)
    else:
        public_key = keys.installation_public_key(default_data_dir(data_dir))
    return credential.verify(doc, public_key)
