"""A crash-safe JSON storage for TinyDB, and the file primitives under it.

TinyDB's own JSONStorage rewrites the file in place, so a crash or a kill can leave half a
file. This storage serialises the whole database to a string first (so a document that is
not JSON fails before the disk is touched), writes it to a temporary file in the same
directory, flushes and fsyncs it, renames it over the old file with ``os.replace`` and
fsyncs the directory. A reader sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

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
        return exc.strerror
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
        return self.strerror

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
    """Replace ``path`` with ``text`` so that readers never see a partial file.

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
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
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


def check_tables(data: dict[str, Any], path: Path) -> None:
    """DamagedFileError unless ``data`` is a TinyDB document: tables of documents."""
    for table in data.values():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise DamagedFileError(path, "filen har ikke den forventede opbygning")


_UNREAD = object()


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic replace-on-write, one read and one write per operation.

    An instance lives for one operation of the store (a TinyDB opened, used and closed
    under the record's lock). The file is read once; TinyDB's writes in between only
    update the data in memory; :meth:`flush`, called by the store when the whole
    operation has succeeded, writes it once, atomically. So an operation that changes
    two tables (an answer and the position) lands on disk whole or not at all, and costs
    one parse and one write however many TinyDB calls it makes. An operation that fails
    half-way writes nothing, and the in-memory copy dies with the instance.
    """

    def __init__(self, path: str | Path, on_write: Any = None, **_: Any) -> None:
        self.path = Path(path)
        self.on_write = on_write  # called with the data after it is written to disk
        self._data: Any = _UNREAD
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is _UNREAD:
            data = read_json(self.path)
            if data is not None:
                check_tables(data, self.path)
            self._data = data
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True

    def flush(self) -> None:
        """Write what the operation changed, if anything, to disk (atomically)."""
        if not self._dirty:
            return
        text = json.dumps(self._data, ensure_ascii=False, separators=(",", ":"))
        atomic_write_text(self.path, text)
        self._dirty = False
        if self.on_write is not None:
            self.on_write(self._data)

    def close(self) -> None:
        pass
