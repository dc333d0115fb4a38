"""The schema version of a learner's record, and the migrations from older versions.

A learner file is a TinyDB document whose ``meta`` table holds one row (doc id "1") with
the learner's id, name, track, created time and ``schema``. When the program meets a file
written by an older version, it keeps a copy in ``backups/`` and migrates the file on
open (see :meth:`progress.records.Record`). A file that has no such row, a schema that is
not a number, a schema newer than this program knows, or the id of another learner
cannot be read safely: it is treated as damaged and moved aside, never overwritten.

Versions:

1. The first released format: meta, pages, state (the position), attempts,
   scenario_runs; later also certificates, cards and reviews (new tables need no
   migration).
2. meta gains ``pin``: the salted hash of the learner's optional PIN, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.files import DamagedFileError

SCHEMA_VERSION = 2

Data = dict[str, dict[str, Any]]


def meta_row(data: Data) -> dict[str, Any] | None:
    meta = data.get("meta")
    row = meta.get("1") if isinstance(meta, dict) else None
    return row if isinstance(row, dict) else None


def version_of(data: Data, path: Path, learner_id: str | None = None) -> int:
    """The schema version of a learner file, or DamagedFileError (Danish reason)."""
    row = meta_row(data)
    if row is None:
        raise DamagedFileError(path, "filen mangler oplysningerne om deltageren")
    version = row.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, "filen har ikke et gyldigt versionsnummer")
    if version > SCHEMA_VERSION:
        raise DamagedFileError(
            path, f"filen er skrevet af en nyere udgave af kurset (version {version}); "
            "opdatér kurset for at læse den"
        )
    if learner_id is not None and row.get("id") != learner_id:
        raise DamagedFileError(path, "filen tilhører en anden deltager")
    return version


def _v1_to_v2(data: Data) -> Data:
    row = meta_row(data)
    assert row is not None
    row.setdefault("pin", None)
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _v1_to_v2}
"""``MIGRATIONS[n]`` turns a version n file into version n + 1."""


def migrate(data: Data, version: int) -> Data:
    """Bring ``data`` (at ``version``) up to SCHEMA_VERSION, step by step."""
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        row = meta_row(data)
        assert row is not None
        row["schema"] = version
    return data
