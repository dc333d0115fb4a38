"""One learner's record (:class:`Record`): pages, attempts, runs, certificates, cards, the PIN.

Each method is one locked, atomic operation on the learner's TinyDB file; a damaged
file is moved aside (:class:`DamagedRecordError`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from course.files import (
    DamagedFileError,
    FileProblem,
    atomic_write_text,
    parse_json_object,
    read_json,
)

from . import schema, summary
from .data_folder import _locked
from .model import Facts, Learner, Position, now
from .schema import SCHEMA_VERSION
from .storage import check_tables

if TYPE_CHECKING:
    from .store import Store

T = TypeVar("T")


class _Empty(Storage):
    """An empty, read-only database: a learner who has not recorded anything yet."""

    def __init__(self) -> None:
        pass

    def read(self) -> None:
        return None

    def write(self, data: dict[str, Any]) -> None:  # pragma: no cover - never written
        raise PermissionError("read-only")


class Record:
    """One learner's progress. Each method is one locked, atomic operation."""

    def __init__(self, store: Store, learner: Learner) -> None:
        self.store = store
        self.learner = learner
        # BadId for a learner whose id is not an id; OutsideDataFolder for a planted link.
        self.path = store.record_path(learner.id)
        self.summary_path = store.summary_path(learner.id)
        self._checked = False  # schema checked (and migrated) since this object was made

    def _run(self, operation: Callable[[TinyDB], T], write: bool = True) -> T:
        """Run one operation on the record.

        A damaged file is salvaged and moved aside (DamagedRecordError says what was
        kept); a file that cannot be opened raises FileProblem (an OSError, Danish).
        """
        for _ in range(2):
            try:
                return self._operate(operation, write)
            except DamagedFileError:
                error = self._recover()
                if error is not None:
                    raise error from None
                # another window had already put a readable file in its place: go again
        return self._operate(operation, write)

    def _operate(self, operation: Callable[[TinyDB], T], write: bool) -> T:
        if not write and not self.path.exists():
            return operation(TinyDB(storage=_Empty))
        if not self._checked:
            self._check_schema()
        with self.store._db(self.path, write=write,
                            after=self._write_summary if write else None) as db:
            return operation(db)

    def _damage(self, raw: bytes) -> str | None:
        """Why the record ``raw`` cannot be read (Danish), or None if it can."""
        try:
            data = parse_json_object(raw, self.path)
            check_tables(data, self.path)
            schema.version_of(data, self.path, self.learner.id)
        except DamagedFileError as exc:
            return exc.reason
        return None

    def _recover(self) -> DamagedRecordError | None:
        """Salvage a damaged record, keep the original in damaged/, start a fresh one.

        Done under the record's lock after a second look, so two windows never both move
        a file aside (the second would move the first one's fresh record). Returns None
        when the file is readable after all (another window recovered it).
        """
        from .salvage import salvage

        with _locked(self.path):
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise FileProblem(self.path, exc) from exc
            reason = self._damage(raw)
            if reason is None:
                return None
            kept = salvage(raw, self.learner.id, SCHEMA_VERSION)
            meta = {"schema": SCHEMA_VERSION, **self.learner.__dict__, "pin": kept.pin,
                    "pin_reset": kept.pin_reset}
            if meta.get("hold") is None and kept.hold is not None:
                meta["hold"] = kept.hold
            fresh = {"meta": {"1": meta}, **kept.tables}
            text = json.dumps(fresh, ensure_ascii=False, separators=(",", ":"))
            try:
                self.summary_path.unlink(missing_ok=True)
            except OSError:
                pass
            moved = self.store.move_aside(self.path)
            # The fresh record, with what could be kept, so the learner can go on.
            atomic_write_text(self.path, text)
            self._write_summary(fresh)
        self._checked = True
        return DamagedRecordError(reason, moved, kept.kept())

    def _write_summary(self, data: dict[str, Any]) -> None:
        """Write the small summary reports read (see :mod:`progress.summary`).

        A summary that cannot be written is removed if it can be: readers then read the
        record itself. The record is already safe on disk, so this never fails the write.
        """
        try:
            stat = self.path.stat()
            doc = {**summary.summarize(data), "record": [stat.st_size, stat.st_mtime_ns]}
            # Not fsynced: a summary that a crash left behind its record is noticed and
            # ignored by readers (see Store.summaries).
            atomic_write_text(self.summary_path, json.dumps(doc, ensure_ascii=False),
                              durable=False)
        except OSError:
            try:
                self.summary_path.unlink(missing_ok=True)
            except OSError:
                pass

    def _check_schema(self) -> None:
        """Refuse a file of the wrong shape; migrate an older one, keeping a copy first."""
        data = read_json(self.path)
        if data is not None and schema.version_of(data, self.path, self.learner.id) < SCHEMA_VERSION:
            with _locked(self.path):
                data = read_json(self.path)  # another window may have migrated it meanwhile
                version = schema.version_of(data, self.path, self.learner.id) if data else 0
                if data is not None and version < SCHEMA_VERSION:
                    backup = self.store.backup(self.path, version)
                    data = schema.migrate(data, version)
                    atomic_write_text(self.path, json.dumps(data, ensure_ascii=False,
                                                            separators=(",", ":")))
                    self.store.notices.append(
                        f"Fremskridtet for {self.learner.name} er gjort klar til denne udgave af "
                        f"kurset. En kopi af den gamle fil er gemt som {backup.name}."
                    )
        self._checked = True

    # -- pages -----------------------------------------------------------------------

    def mark_page_seen(self, module: str, page: int) -> None:
        """Record that a page was shown, and make it the place to resume from."""

        def op(db: TinyDB) -> None:
            pages = db.table("pages", cache_size=0)
            where = (Query().module == module) & (Query().page == page)
            if not pages.contains(where):
                pages.insert({"module": module, "page": page, "at": now()})
            self._set_position(db, Position(module, page))

        self._run(op)

    @staticmethod
    def _set_position(db: TinyDB, position: Position) -> None:
        db.table("state", cache_size=0).upsert(
            {"key": "position", **position.__dict__, "at": now()}, Query().key == "position"
        )

    def set_position(self, position: Position) -> None:
        self._run(lambda db: self._set_position(db, position))

    # -- quiz attempts and scenario runs ---------------------------------------------

    def save_attempt(self, doc: dict[str, Any], position: Position | None = None) -> None:
        """Insert or replace a quiz attempt (keyed by doc["id"]) in one atomic write.

        Called after every answer, so a closed terminal loses nothing that was answered.
        If another window has added answers to the same attempt since, see :meth:`_save`.
        """
        self._save("attempts", doc, position, log="answers")

    def save_run(self, doc: dict[str, Any], position: Position | None = None) -> None:
        """Insert or replace a scenario run (keyed by doc["id"]) in one atomic write."""
        self._save("scenario_runs", doc, position, log="steps")

    def _save(self, table: str, doc: dict[str, Any], position: Position | None,
              log: str | None = None) -> None:
        """Upsert ``doc`` by its id, under the lock, never dropping a logged entry.

        ``doc[log]`` is an append-only list (answers, steps). The stored document is only
        replaced when its list is a prefix of the new one. Otherwise another window has
        written entries this one has not seen: the new document is kept next to it under
        a new id (recorded in ``forked_from``), and ``doc["id"]`` is changed in place so
        this window's later saves go on in its own copy. Nothing acknowledged is lost.
        """
        if not isinstance(doc.get("id"), str):
            raise ValueError("a record needs a string id")

        def op(db: TinyDB) -> None:
            rows = db.table(table, cache_size=0)
            if log is not None:
                stored = rows.get(Query().id == doc["id"])
                if stored is not None and not _extends(doc.get(log), stored.get(log)):
                    doc.setdefault("forked_from", doc["id"])
                    doc["id"] = f"{doc['forked_from']}-{os.urandom(3).hex()}"
            rows.upsert(dict(doc), Query().id == doc["id"])
            if position is not None:
                self._set_position(db, position)

        self._run(op)

    def attempts(self) -> list[dict[str, Any]]:
        return self._run(lambda db: _rows(db, "attempts"), write=False)

    def runs(self) -> list[dict[str, Any]]:
        return self._run(lambda db: _rows(db, "scenario_runs"), write=False)

    def facts(self) -> Facts:
        """Pages, position, attempts and runs in one read."""

        def op(db: TinyDB) -> Facts:
            seen = summary.pages_seen(db.table("pages", cache_size=0).all())
            row = db.table("state", cache_size=0).get(Query().key == "position")
            position = None
            if row and isinstance(row.get("module"), str):
                page, activity, ref = row.get("page", 0), row.get("activity"), row.get("ref")
                position = Position(
                    row["module"],
                    page if isinstance(page, int) and not isinstance(page, bool) else 0,
                    activity if activity in ("lesson", "quiz", "scenario") else "lesson",
                    ref if isinstance(ref, str) else None)
            return Facts(
                seen,
                position,
                [dict(d) for d in db.table("attempts", cache_size=0).all()],
                [dict(d) for d in db.table("scenario_runs", cache_size=0).all()],
            )

        return self._run(op, write=False)

    # -- certificates ----------------------------------------------------------------

    def save_certificate(self, doc: dict[str, Any]) -> None:
        """Record an issued certificate (keyed by doc["id"]): id, track, issued, code, files."""
        self._save("certificates", doc, None)

    def certificates(self) -> list[dict[str, Any]]:
        return self._run(lambda db: _rows(db, "certificates"), write=False)

    # -- glossary flashcards -----------------------------------------------------------

    def save_review(self, card: dict[str, Any], review: dict[str, Any]) -> None:
        """Store a flashcard's new state (keyed by card["id"]) and log the review, in one write."""
        if not isinstance(card.get("id"), str):
            raise ValueError("a card needs a string id")

        def op(db: TinyDB) -> None:
            db.table("cards", cache_size=0).upsert(dict(card), Query().id == card["id"])
            db.table("reviews", cache_size=0).insert(dict(review))

        self._run(op)

    def cards(self) -> list[dict[str, Any]]:
        """Every flashcard state the learner has, one per glossary term reviewed."""
        return self._run(lambda db: [dict(d) for d in db.table("cards", cache_size=0).all()],
                         write=False)

    def reviews(self) -> list[dict[str, Any]]:
        """The flashcard review log, oldest first."""
        return self._run(lambda db: [dict(d) for d in db.table("reviews", cache_size=0).all()],
                         write=False)

    # -- the PIN ---------------------------------------------------------------------
    #
    # Outside a hold (the local terminal) a PIN is optional and can be removed. In a hold
    # it stays once chosen: it can be changed, never removed. A teacher's reset replaces
    # it by a one-time code (``pin_reset``: True) that opens the record once, after
    # which the learner must choose a new PIN; meanwhile nobody else can claim the name.

    def meta(self) -> dict[str, Any]:
        """The learner's own row: id, name, track, created, schema, pin (a hash or None),
        pin_reset (the hash is a teacher's one-time code)."""
        row = self._run(lambda db: db.table("meta", cache_size=0).get(doc_id=1), write=False)
        return dict(row) if row else {}

    def has_pin(self) -> bool:
        return bool(self.meta().get("pin"))

    def pin_reset(self) -> bool:
        """Whether the stored secret is a teacher's one-time code (a new PIN is due)."""
        meta = self.meta()
        return bool(meta.get("pin") and meta.get("pin_reset"))

    def check_pin(self, pin: str) -> bool:
        """Whether ``pin`` (or, after a reset, the one-time code) is right. A right PIN
        whose hash is of an older, cheaper kind is hashed again at today's cost."""
        from .passwords import check_secret, needs_rehash, normalise_one_time

        meta = self.meta()
        stored = meta.get("pin")
        typed = normalise_one_time(pin) if meta.get("pin_reset") else pin
        if not check_secret(typed, stored):
            return False
        if not meta.get("pin_reset") and needs_rehash(stored):
            try:
                self._write_pin(pin, reset=False)
            except OSError:
                pass  # the old hash still works; it is replaced next time
        return True

    def set_pin(self, pin: str | None) -> None:
        """Set a 4–6 digit PIN (ValueError with the Danish rule otherwise). None removes
        it, only outside a hold (ValueError with the Danish reason in a hold)."""
        from .passwords import PIN_RULE, PIN_STAYS, valid_pin

        if pin is None and self.learner.hold is not None:
            raise ValueError(PIN_STAYS)
        if pin is not None and not valid_pin(pin):
            raise ValueError(PIN_RULE)
        self._write_pin(pin, reset=False)

    def reset_pin(self) -> str:
        """A teacher's reset: a new one-time code replaces the PIN; returns the code to
        show the teacher (the only place it is ever shown)."""
        from .passwords import new_one_time_code, normalise_one_time

        code = new_one_time_code()
        self._write_pin(normalise_one_time(code), reset=True)
        return code

    def _write_pin(self, secret: str | None, *, reset: bool) -> None:
        from .passwords import hash_secret

        stored = hash_secret(secret) if secret is not None else None
        values = {"pin": stored, "pin_reset": bool(reset and stored)}

        def op(db: TinyDB) -> None:
            meta = db.table("meta", cache_size=0)
            if meta.get(doc_id=1) is None:
                meta.insert({"schema": SCHEMA_VERSION, **self.learner.__dict__, **values})
            else:
                meta.update(values, doc_ids=[1])

        self._run(op)

    def pages_seen(self) -> dict[str, set[int]]:
        return self.facts().pages

    def position(self) -> Position | None:
        return self.facts().position


def _rows(db: TinyDB, table: str) -> list[dict[str, Any]]:
    """Every document of a table (TinyDB's Documents are dicts)."""
    return cast("list[dict[str, Any]]", db.table(table, cache_size=0).all())


def _extends(new: Any, old: Any) -> bool:
    """Whether the list ``new`` starts with every entry of the list ``old``."""
    old = old if isinstance(old, list) else []
    new = new if isinstance(new, list) else []
    return bool(new[: len(old)] == old)


class DamagedRecordError(Exception):
    """A learner's file could not be read. It has been moved aside, never overwritten.

    ``kept`` names, in Danish, what could be salvaged into the fresh record.
    """

    def __init__(self, reason: str, moved_to: Path, kept: list[str] | tuple[str, ...] = ()) -> None:
        self.reason = reason
        self.moved_to = moved_to
        self.kept = tuple(kept)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.kept:
            return (
                f"Din fil med fremskridt kunne ikke læses helt ({self.reason}). Den er ikke "
                f"slettet, men flyttet til {self.moved_to}. Det, der kunne reddes, er lagt over "
                f"i en ny fil: {_listing(self.kept)}. Du kan fortsætte herfra. Bed den "
                "kursusansvarlige om hjælp, hvis du savner noget."
            )
        return (
            f"Din fil med fremskridt kunne ikke læses ({self.reason}). Den er ikke slettet, men "
            f"flyttet til {self.moved_to}. Du kan fortsætte herfra, men tidligere fremskridt "
            "vises ikke. Bed den kursusansvarlige om hjælp, hvis du vil have dem tilbage."
        )


def _listing(items: tuple[str, ...]) -> str:
    """"a, b og c" """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]
