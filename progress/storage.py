"""A crash-safe JSON storage for TinyDB, on the file primitives of :mod:`course.files`.

TinyDB's own JSONStorage rewrites the file in place, so a crash or a kill can leave half a
file. This storage serialises the whole database to a string first (so a document that is
not JSON fails before the disk is touched), writes it to a temporary file in the same
directory, flushes and fsyncs it, renames it over the old file with ``os.replace`` and
fsyncs the directory. A reader sees either the old file or the new one, never a mix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from tinydb.storages import Storage

from course.files import DamagedFileError, atomic_write_text, read_json


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
        return cast("dict[str, dict[str, Any]] | None", self._data)

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
