"""The ground floor: reading and writing files, atomic writes, Danish reasons for OS errors.

Every layer uses this module: the content loader, the learner store, certificates, the
export, the command line and the front ends. It knows nothing of any of them (it imports
only the standard library), so anything may import it.

An atomic write serialises first, writes a temporary file in the same directory, flushes
and fsyncs it, renames it over the old file with ``os.replace`` and fsyncs the directory.
A reader sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

# How long a replace is retried when the target is briefly locked (seconds between tries).
# On a Windows share, os.replace fails with PermissionError while another PC has the file
# open, often only for the moment it takes that PC to read it.
REPLACE_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)


class DamagedFileError(Exception):
    """A data file exists but cannot be read as what it should be."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


_REASONS = {
    errno.EACCES: "ingen adgang: tilladelserne på filen eller mappen forhindrer det",
    errno.EPERM: "ingen adgang: tilladelserne på filen eller mappen forhindrer det",
    errno.EISDIR: "der ligger en mappe, hvor filen skulle være",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.ENOENT: "filen eller mappen findes ikke",
    errno.EEXIST: "filen findes allerede",
    errno.ENOSPC: "disken er fuld",
    errno.EROFS: "mappen er skrivebeskyttet",
    errno.EIO: "fejl ved læsning eller skrivning på disken",
    errno.EBUSY: "filen er optaget af et andet program",
    errno.ELOOP: "en genvej (link) i stien peger i ring",
    errno.ENAMETOOLONG: "stien er for lang",
    errno.EMFILE: "for mange åbne filer",
    errno.ENFILE: "for mange åbne filer",
    errno.EINVAL: "ugyldigt filnavn eller ugyldig handling",
}
for _name, _text in (("EDQUOT", "pladsen på disken er brugt op"),
                     ("ETXTBSY", "filen er optaget af et andet program"),
                     ("ESTALE", "netværksdrevet svarer ikke"),
                     ("ETIMEDOUT", "netværksdrevet svarer ikke"),
                     ("EHOSTDOWN", "netværksdrevet svarer ikke"),
                     ("ENETUNREACH", "netværksdrevet svarer ikke")):
    if hasattr(errno, _name):
        _REASONS[getattr(errno, _name)] = _text


def danish_reason(exc: BaseException | None) -> str:
    """Why a file operation failed, in Danish (``strerror`` is in the system's language)."""
    if isinstance(exc, FileProblem):
        return exc.reason
    if getattr(exc, "winerror", None) in (32, 33):  # sharing or lock violation (Windows)
        return "filen er åben i et andet program (prøv igen om lidt)"
    if isinstance(exc, TimeoutError) and getattr(exc, "errno", None) is None:
        return "filen er låst af et andet vindue eller program (prøv igen om lidt)"
    code = getattr(exc, "errno", None)
    if code in _REASONS:
        return _REASONS[code]
    return f"styresystemet meldte fejl {code}" if code else "ukendt fejl ved filen"


class FileProblem(OSError):
    """A data file could not be read or written: an OSError with a Danish ``strerror``.

    ``errno`` and ``filename`` are those of the original error, so code that looks at
    them still can; ``str()`` and :attr:`message` are Danish, for a person.
    """

    def __init__(self, path: str | Path, exc: BaseException | None, doing: str = "læses",
                 reason: str | None = None) -> None:
        super().__init__(getattr(exc, "errno", None), reason or danish_reason(exc), str(path))
        self.path = Path(path)
        self.doing = doing

    @property
    def reason(self) -> str:
        return self.strerror or ""

    @property
    def message(self) -> str:
        return f"Filen {self.path} kan ikke {self.doing} ({self.strerror})."

    def __str__(self) -> str:
        return self.message


def _replace(source: str, target: Path) -> None:
    """``os.replace``, retried with growing pauses while the target is briefly locked."""
    for delay in REPLACE_DELAYS:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(source, target)


def atomic_write_text(path: Path, text: str, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that readers never see a partial file.

    See :func:`atomic_write_bytes`.
    """
    atomic_write_bytes(path, text.encode("utf-8"), durable)


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers never see a partial file.

    ``durable=False`` skips the fsyncs, for files that can be rebuilt from others (a
    crash may then leave the old version, never a partial one).

    Raises FileProblem (an OSError with a Danish reason) when the file cannot be written.
    A replace that fails with PermissionError (another PC on a network share has the file
    open) is retried for about two seconds first.
    """
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise FileProblem(path, exc, "skrives") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        _replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileProblem):
            raise FileProblem(path, exc, "skrives") from exc
        raise
    if durable:
        _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)


def read_json(path: Path) -> dict[str, Any] | None:
    """Read a JSON object from ``path``; None when the file does not exist.

    Raises DamagedFileError (with a Danish reason) when it exists but is not a JSON object,
    and FileProblem (an OSError, Danish reason) when it cannot be read at all: no access,
    a folder in its place, a disk error. Such a file is not damaged and is never moved.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileProblem(path, exc, "læses") from exc
    return parse_json_object(raw, path)


def parse_json_object(raw: bytes, path: Path) -> dict[str, Any]:
    """The JSON object in ``raw`` (the bytes of ``path``), or DamagedFileError."""
    if not raw.strip():
        raise DamagedFileError(path, "filen er tom")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFileError(path, "filen er ikke tekst i UTF-8") from None
    except json.JSONDecodeError as exc:
        raise DamagedFileError(path, f"filen er ikke gyldig JSON (linje {exc.lineno})") from None
    if not isinstance(data, dict):
        raise DamagedFileError(path, "filen har ikke den forventede opbygning")
    return data
