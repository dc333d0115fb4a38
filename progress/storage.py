"""A crash-safe JSON storage for TinyDB, and the file primitives under it.

TinyDB's own JSONStorage rewrites the file in place, so a crash or a kill can leave half a
file. This storage serialises the whole database to a string first (so a document that is
not JSON fails before the disk is touched), writes it to a temporary file in the same
directory, flushes and fsyncs it, renames it over the old file with ``os.replace`` and
fsyncs the directory. A reader sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


class DamagedFileError(Exception):
    """A data file exists but cannot be read as what it should be."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def atomic_write_text(path: Path, text: str, durable: bool = True) -> None:
    """Replace ``path`` with ``text`` so that readers never see a partial file.

    ``durable=False`` skips the fsyncs, for files that can be rebuilt from others (a
    crash may then leave the old version, never a partial one).
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
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

    Raises DamagedFileError (with a Danish reason) when it exists but is not a JSON object.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
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
                for table in data.values():
                    if not isinstance(table, dict) or not all(
                        isinstance(doc, dict) for doc in table.values()
                    ):
                        raise DamagedFileError(self.path, "filen har ikke den forventede opbygning")
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
