"""What can be saved from a damaged learner record.

A record is one JSON object of TinyDB tables (``{"meta": {...}, "pages": {...}, ...}``).
Damage is usually local: a file cut short keeps every table before the cut, a flipped
byte spoils one table, a table of the wrong shape leaves the others as they were. So
before a damaged record is moved aside (:meth:`progress.records.Record`), the tables that
still parse and have the shape of a table are taken over into the learner's fresh record,
together with the PIN's hash and the hold from the learner's own row (``meta``).

Nothing is taken from a file that belongs to another learner (another id in its meta) or
that a newer version of the course wrote (its tables may mean something else).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from .paths import valid_hold_id

# The tables of a record, with what they are called when the learner is told what was kept.
TABLES = {
    "pages": "de sider, du har læst",
    "state": "hvor du slap",
    "attempts": "dine quizforsøg",
    "scenario_runs": "dine scenarier",
    "certificates": "dine kursusbeviser",
    "cards": "dine ordkort",
    "reviews": "dine gentagelser af ord",
}

_DOC_ID = re.compile(r"[0-9]{1,9}")
# A PIN's stored hash, of either kind progress.passwords writes or still checks.
_PIN_HASH = re.compile(
    r"scrypt\$[0-9]{1,8}\$[0-9]{1,3}\$[0-9]{1,3}\$[0-9a-f]{8,64}\$[0-9a-f]{16,128}"
    r"|\$argon2id\$v=19\$m=[0-9]{1,8},t=[0-9]{1,3},p=[0-9]{1,3}"
    r"\$[A-Za-z0-9+/]{8,128}\$[A-Za-z0-9+/]{16,256}")
_RESUME = re.compile(r',\s*"(meta|' + "|".join(TABLES) + r')"\s*:\s*(?=\{)')
_WHITESPACE = " \t\n\r"


@dataclass
class Salvage:
    """The tables kept (name -> documents), the PIN's hash and the hold, if found."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    pin: str | None = None
    pin_reset: bool = False  # ``pin`` is a teacher's one-time code: a new PIN is still due
    hold: str | None = None

    def kept(self) -> list[str]:
        """What was kept, in Danish, for the learner's message."""
        names = [TABLES[name] for name in TABLES if self.tables.get(name)]
        if self.pin:
            names.insert(0, "din pinkode")
        return names


def _is_table(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and all(
        isinstance(key, str) and _DOC_ID.fullmatch(key) and isinstance(doc, dict)
        for key, doc in value.items())


def _encodable(value: Any) -> bool:
    """False for a table holding text that could not be written back (lone surrogates)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        return False
    return True


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _members(text: str) -> dict[str, Any]:
    """The top-level members of a JSON object that parse, in order, stopping at damage.

    After the damage, scanning resumes at the next ``, "<table>": {`` (a heuristic: what
    it finds there must still pass as a table, see :func:`_is_table`).
    """
    decoder = json.JSONDecoder()
    found: dict[str, Any] = {}
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        return found
    pos += 1
    while pos < len(text):
        try:
            pos = _skip(text, pos)
            if text.startswith("}", pos):
                break
            key, pos = decoder.raw_decode(text, pos)
            pos = _skip(text, pos)
            if not isinstance(key, str) or not text.startswith(":", pos):
                raise ValueError("not a member")
            value, pos = decoder.raw_decode(text, _skip(text, pos + 1))
            found.setdefault(key, value)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
                continue
            if text.startswith("}", pos):
                break
            raise ValueError("no separator")
        except (ValueError, RecursionError):
            match = _RESUME.search(text, pos + 1)
            if match is None:
                break
            pos = match.start() + 1  # just after the comma: the next member's key
    return found


def salvage(raw: bytes, learner_id: str, schema_version: int) -> Salvage:
    """What can be kept of the damaged record ``raw`` of learner ``learner_id``."""
    text = raw.decode("utf-8", errors="surrogateescape")  # bad bytes spoil only their table
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        whole = None
    members = whole if isinstance(whole, dict) else _members(text)

    result = Salvage()
    meta = members.get("meta")
    row = meta.get("1") if isinstance(meta, dict) else None
    if isinstance(row, dict):
        owner, version = row.get("id"), row.get("schema")
        if owner is not None and owner != learner_id:
            return Salvage()  # another learner's file: nothing of it is theirs to keep
        if isinstance(version, int) and not isinstance(version, bool) and version > schema_version:
            return Salvage()  # written by a newer course: its tables may mean something else
        if isinstance(row.get("pin"), str) and _PIN_HASH.fullmatch(row["pin"]):
            result.pin = row["pin"]
            result.pin_reset = row.get("pin_reset") is True
        if valid_hold_id(row.get("hold")):
            result.hold = row["hold"]
    for name in TABLES:
        table = members.get(name)
        if _is_table(table) and _encodable(table):
            result.tables[name] = table
    return result
