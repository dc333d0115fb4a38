"""Learner records: one TinyDB file per learner plus a small index of learners.

Layout of the data directory::

    learners.json            index: id, name, track, created (TinyDB)
    learners/<id>.json       one learner's record (TinyDB), named by a generated id
    learners/<id>.json.lock  inter-process lock for that record
    damaged/                 files that could not be read, moved aside with a timestamp
    backups/                 a copy of each file made before it was migrated
    admin.json               the salted hash of the teachers' passphrase

Every change is a read-modify-write under an inter-process lock, written atomically (see
:mod:`progress.storage`). A record is opened afresh for every operation, so two windows on
the same learner never work from a stale copy. Nothing here imports a user interface.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from . import schema, summary
from .schema import SCHEMA_VERSION
from .storage import AtomicJSONStorage, DamagedFileError, atomic_write_text, read_json

APP_NAME = "medborgerskab-ishoej"
MAX_NAME_LENGTH = 60
LOCK_TIMEOUT = 10  # seconds

T = TypeVar("T")


def now() -> str:
    """The current time, UTC, ISO 8601."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_data_dir(explicit: str | Path | None = None) -> Path:
    """`--data DIR`, else $MEDBORGER_DATA, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get("MEDBORGER_DATA"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class InvalidName(ValueError):
    """A learner name that cannot be used; the message is Danish, for the learner."""


def clean_name(name: str) -> str:
    """Check a typed learner name; return it without surrounding spaces."""
    stripped = name.strip()
    if not stripped:
        raise InvalidName("Skriv et navn.")
    if len(stripped) > MAX_NAME_LENGTH:
        raise InvalidName(f"Navnet må højst være {MAX_NAME_LENGTH} tegn.")
    return stripped


@dataclass(frozen=True)
class Learner:
    """An entry in the index of learners."""

    id: str
    name: str
    track: str
    created: str
    hold: str | None = None  # the hold (class or cohort) the learner belongs to, if any


@dataclass(frozen=True)
class Position:
    """Where the learner was: enough to put them back on the same page.

    ``activity`` is "lesson" (then ``page`` is the page index), "quiz" or "scenario"
    (then ``ref`` is the scenario id).
    """

    module: str
    page: int = 0
    activity: str = "lesson"
    ref: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything recorded for a learner that progress is computed from (one read)."""

    pages: dict[str, set[int]]
    position: Position | None
    attempts: list[dict[str, Any]]  # quiz attempts, oldest first
    runs: list[dict[str, Any]]  # scenario runs, oldest first

    def open_attempt(self, module: str) -> dict[str, Any] | None:
        """The newest unfinished quiz attempt of a module, to resume."""
        for doc in reversed(self.attempts):
            if doc.get("module") == module and not doc.get("finished"):
                return doc
        return None

    def open_run(self, scenario: str) -> dict[str, Any] | None:
        for doc in reversed(self.runs):
            if doc.get("scenario") == scenario and not doc.get("finished"):
                return doc
        return None

    # The same rules as the summary file's (progress.summary), computed once per Facts.

    @cached_property
    def _quiz_results(self) -> tuple[dict[str, float], set[str]]:
        return summary.quiz_results(self.attempts)

    def passed_quizzes(self) -> set[str]:
        return set(self._quiz_results[1])

    def best_percent(self, module: str) -> float | None:
        return self._quiz_results[0].get(module)

    def completed_scenarios(self) -> set[str]:
        return summary.finished_scenarios(self.runs)


EMPTY_FACTS = Facts({}, None, [], [])


class Store:
    """All learners in one data directory."""

    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir)
        self.learner_dir = self.root / "learners"
        self.index_path = self.root / "learners.json"
        # Messages for the learner about files moved aside (Danish, shown by the UI).
        self.notices: list[str] = []

    # -- files and locks -------------------------------------------------------------

    def ensure(self) -> None:
        self.learner_dir.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def _db(self, path: Path, write: bool = True,
            after: Callable[[dict[str, Any]], None] | None = None) -> Iterator[TinyDB]:
        """Open a TinyDB file fresh from disk for one operation.

        A write holds the file's inter-process lock for the whole read-modify-write. A
        read needs no lock: files are only ever replaced whole, so a reader sees either
        the old or the new version. ``after`` is called, still under the lock, with the
        data last written, if the operation wrote anything.
        """
        if not write:
            db = TinyDB(path, storage=AtomicJSONStorage, access_mode="r")
            try:
                yield db
            finally:
                db.close()
            return
        from filelock import FileLock  # imported on first write: it costs start-up time

        self.ensure()
        written: list[dict[str, Any]] = []
        with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT):
            db = TinyDB(path, storage=AtomicJSONStorage, on_write=written.append)
            try:
                yield db
                db.storage.flush()  # only when the whole operation succeeded
            finally:
                db.close()
            if after is not None and written:
                after(written[-1])

    def remove_stale_temp_files(self, max_age: float = 3600.0) -> int:
        """Delete temporary files a killed writer left behind; return how many.

        A write that is killed before its ``os.replace`` leaves ``.<name>.<random>.tmp``
        next to the file. It is never read, but it would pile up. Only files older than
        ``max_age`` seconds go, so a write in progress in another window is never touched.
        """
        import time

        removed = 0
        limit = time.time() - max_age
        for folder in (self.root, self.learner_dir):
            for path in folder.glob(".*.tmp"):
                try:
                    if path.stat().st_mtime < limit:
                        path.unlink()
                        removed += 1
                except FileNotFoundError:
                    pass
        return removed

    def move_aside(self, path: Path) -> Path:
        """Move a damaged file out of the way, keeping it for a person to look at."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target_dir = self.root / "damaged"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{path.name}.{stamp}"
        n = 1
        while target.exists():
            n += 1
            target = target_dir / f"{path.name}.{stamp}-{n}"
        shutil.move(str(path), target)
        return target

    def backup(self, path: Path, version: int) -> Path:
        """Copy a file before it is migrated from ``version``; return the copy's path."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target_dir = self.root / "backups"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{path.name}.v{version}.{stamp}"
        shutil.copy2(path, target)
        return target

    # -- the teachers' passphrase ------------------------------------------------------

    @property
    def admin_path(self) -> Path:
        return self.root / "admin.json"

    def has_passphrase(self) -> bool:
        try:
            data = read_json(self.admin_path)
        except DamagedFileError:
            return True  # never silently offer to set a new one over a damaged file
        return bool(data and data.get("passphrase"))

    def set_passphrase(self, passphrase: str) -> None:
        """Set the passphrase for the teachers' view (first use only, or to change it)."""
        from .passwords import hash_secret, valid_passphrase  # hashing is not needed to start

        if not valid_passphrase(passphrase):
            raise ValueError("Adgangsfrasen skal være mindst 8 tegn.")
        self.ensure()
        atomic_write_text(self.admin_path, json.dumps(
            {"passphrase": hash_secret(passphrase), "set": now()}))

    def check_passphrase(self, passphrase: str) -> bool:
        try:
            data = read_json(self.admin_path)
        except DamagedFileError:
            return False
        from .passwords import check_secret

        return bool(data) and check_secret(passphrase, data.get("passphrase"))

    # -- the index -------------------------------------------------------------------

    def learners(self) -> list[Learner]:
        """Every learner on file, oldest first."""
        if not self.index_path.exists():
            return []
        try:
            with self._db(self.index_path, write=False) as db:
                rows = db.table("learners").all()
        except DamagedFileError as exc:
            moved = self.move_aside(self.index_path)
            rows = self._rebuild_index()
            self.notices.append(
                f"Listen over deltagere kunne ikke læses ({exc.reason}). Den er bygget op igen "
                f"ud fra deltagernes egne filer, og den gamle fil er gemt som {moved.name}."
            )
        learners = [Learner(r["id"], r["name"], r["track"], r["created"],
                            r.get("hold") if isinstance(r.get("hold"), str) else None)
                    for r in rows]
        return sorted(learners, key=lambda l: l.created)

    def learners_in(self, hold_id: str) -> list[Learner]:
        """The learners of one hold, oldest first."""
        return [learner for learner in self.learners() if learner.hold == hold_id]

    def _rebuild_index(self) -> list[dict[str, Any]]:
        rows = []
        for path in sorted(self.learner_dir.glob("*.json")):
            if path.name.endswith(summary.SUFFIX):
                continue
            try:
                with self._db(path, write=False) as db:
                    meta = db.table("meta").get(doc_id=1)
            except DamagedFileError:
                continue
            if meta and {"id", "name", "track", "created"} <= meta.keys():
                row = {k: meta[k] for k in ("id", "name", "track", "created")}
                if isinstance(meta.get("hold"), str):
                    row["hold"] = meta["hold"]
                rows.append(row)
        with self._db(self.index_path) as db:
            db.table("learners").insert_multiple(rows)
        return rows

    def create_learner(self, name: str, track: str, hold: str | None = None) -> Learner:
        """Make a new learner with a generated id; the typed name is never a file name.

        In a hold, names are unique (case-insensitive), because pupils find themselves
        by name in the hold's list.
        """
        name = clean_name(name)
        if hold is not None and any(l.name.casefold() == name.casefold()
                                    for l in self.learners_in(hold)):
            raise InvalidName(f"Der er allerede en deltager, der hedder »{name}«, på holdet. "
                              "Vælg dit navn på listen, eller skriv det, så det kan kendes "
                              "fra det andet (fx med et efternavn).")
        learner = Learner(id=os.urandom(8).hex(), name=name, track=track, created=now(),
                          hold=hold)
        meta = {"schema": SCHEMA_VERSION, **learner.__dict__, "pin": None}
        with self._db(self.learner_dir / f"{learner.id}.json") as db:
            db.table("meta").insert(meta)
        row = {k: v for k, v in learner.__dict__.items() if v is not None}
        with self._db(self.index_path) as db:
            db.table("learners").insert(row)
        return learner

    def find(self, name_or_id: str) -> Learner:
        """The one learner with this name (case-insensitive) or id.

        Raises LookupError with a Danish message when there is none or more than one.
        """
        wanted = name_or_id.strip()
        learners = self.learners()
        by_id = [l for l in learners if l.id == wanted]
        if by_id:
            return by_id[0]
        matches = [l for l in learners if l.name.casefold() == wanted.casefold()]
        if not matches:
            raise LookupError(f"Der er ingen deltager, der hedder »{wanted}«.")
        if len(matches) > 1:
            ids = ", ".join(l.id for l in matches)
            raise LookupError(f"Flere deltagere hedder »{wanted}«. Brug et id i stedet: {ids}.")
        return matches[0]

    def _files_of(self, learner: Learner) -> list[Path]:
        """Every file in the data directory that holds something about the learner."""
        name = f"{learner.id}.json"
        files = [self.learner_dir / name, self.learner_dir / f"{learner.id}{summary.SUFFIX}"]
        for folder in ("damaged", "backups"):
            files += sorted((self.root / folder).glob(f"{name}.*"))
        return [f for f in files if f.exists()]

    def export_learner(self, learner: Learner) -> dict[str, Any]:
        """Everything recorded about a learner, as plain JSON (the right of access).

        The PIN's hash is not given out, only whether a PIN is set.
        """
        record = {}
        path = self.learner_dir / f"{learner.id}.json"
        try:
            record = read_json(path) or {}
        except DamagedFileError as exc:
            record = {"fejl": f"filen kunne ikke læses: {exc.reason}"}
        for row in (record.get("meta") or {}).values():
            if isinstance(row, dict) and "pin" in row:
                row["pin"] = "sat" if row["pin"] else None
        other = [str(f.relative_to(self.root)) for f in self._files_of(learner) if f != path]
        return {
            "eksporteret": now(),
            "deltager": dict(learner.__dict__),
            "optegnelser": record,
            "andre_filer": other,
        }

    def delete_learner(self, learner: Learner) -> list[Path]:
        """Remove a learner and every file about them (the right to erasure).

        Certificate files written inside the data directory go too; copies handed out
        elsewhere are outside the program's reach. Returns the paths removed.
        """
        removed: list[Path] = []
        try:  # read as it is: a damaged record is deleted too, not moved aside first
            data = read_json(self.learner_dir / f"{learner.id}.json") or {}
        except DamagedFileError:
            data = {}
        root = self.root.resolve()
        for cert in summary.rows(data, "certificates"):
            for key in ("json", "pdf"):
                target = Path(str(cert.get(key) or ""))
                if cert.get(key) and target.is_file() and root in target.resolve().parents:
                    target.unlink()
                    removed.append(target)
        for path in self._files_of(learner):
            path.unlink()
            removed.append(path)
        lock = self.learner_dir / f"{learner.id}.json.lock"
        lock.unlink(missing_ok=True)
        if self.index_path.exists():
            with self._db(self.index_path) as db:
                db.table("learners", cache_size=0).remove(Query().id == learner.id)
        return removed

    def summaries(self, learners: list[Learner] | None = None
                  ) -> list[tuple[Learner, summary.Summary | None, str | None]]:
        """Each learner with the summary of their record, for reports; read-only.

        A summary older than its record is not trusted: the record itself is read. A
        record that cannot be read gives None and the Danish reason (it is left where it
        is; the learner is told when they next open it).
        """
        result = []
        for learner in self.learners() if learners is None else learners:
            path = self.learner_dir / f"{learner.id}.json"
            side = self.learner_dir / f"{learner.id}{summary.SUFFIX}"
            try:
                stat = path.stat()
            except FileNotFoundError:
                result.append((learner, summary.from_json(summary.summarize({})), None))
                continue
            try:
                doc = read_json(side)
                if doc and doc.get("record") == [stat.st_size, stat.st_mtime_ns]:
                    result.append((learner, summary.from_json(doc), None))
                    continue
            except (DamagedFileError, ValueError):
                pass
            try:
                data = read_json(path) or {}
                schema.version_of(data, path, learner.id)
            except DamagedFileError as exc:
                result.append((learner, None, exc.reason))
                continue
            result.append((learner, summary.from_json(summary.summarize(data)), None))
        return result

    def record(self, learner: Learner) -> "Record":
        return Record(self, learner)


class _Empty(Storage):
    """An empty, read-only database: a learner who has not recorded anything yet."""

    def __init__(self) -> None:
        pass

    def read(self) -> None:
        return None

    def write(self, data: dict) -> None:  # pragma: no cover - never written
        raise PermissionError("read-only")


class Record:
    """One learner's progress. Each method is one locked, atomic operation."""

    def __init__(self, store: Store, learner: Learner) -> None:
        self.store = store
        self.learner = learner
        self.path = store.learner_dir / f"{learner.id}.json"
        self.summary_path = store.learner_dir / f"{learner.id}{summary.SUFFIX}"
        self._checked = False  # schema checked (and migrated) since this object was made

    def _run(self, operation: Callable[[TinyDB], T], write: bool = True) -> T:
        if not write and not self.path.exists():
            return operation(TinyDB(storage=_Empty))
        try:
            if not self._checked:
                self._check_schema()
            with self.store._db(self.path, write=write,
                                after=self._write_summary if write else None) as db:
                return operation(db)
        except DamagedFileError as exc:
            self.summary_path.unlink(missing_ok=True)
            moved = self.store.move_aside(self.path)
            # Start a fresh record so the learner can go on; the old file is kept.
            with self.store._db(self.path) as db:
                db.table("meta").insert({"schema": SCHEMA_VERSION, **self.learner.__dict__,
                                         "pin": None})
            raise DamagedRecordError(exc.reason, moved) from None

    def _write_summary(self, data: dict[str, Any]) -> None:
        """Write the small summary reports read (see :mod:`progress.summary`)."""
        stat = self.path.stat()
        doc = {**summary.summarize(data), "record": [stat.st_size, stat.st_mtime_ns]}
        # Not fsynced: a summary that a crash left behind its record is noticed and
        # ignored by readers (see Store.summaries).
        atomic_write_text(self.summary_path, json.dumps(doc, ensure_ascii=False), durable=False)

    def _check_schema(self) -> None:
        """Refuse a file of the wrong shape; migrate an older one, keeping a copy first."""
        data = read_json(self.path)
        if data is not None and schema.version_of(data, self.path, self.learner.id) < SCHEMA_VERSION:
            from filelock import FileLock

            with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT):
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
        return self._run(lambda db: db.table("attempts", cache_size=0).all(), write=False)

    def runs(self) -> list[dict[str, Any]]:
        return self._run(lambda db: db.table("scenario_runs", cache_size=0).all(), write=False)

    def facts(self) -> Facts:
        """Pages, position, attempts and runs in one read."""

        def op(db: TinyDB) -> Facts:
            seen = summary.pages_seen(db.table("pages", cache_size=0).all())
            row = db.table("state", cache_size=0).get(Query().key == "position")
            position = None
            if row and isinstance(row.get("module"), str):
                page = row.get("page", 0)
                position = Position(row["module"], page if isinstance(page, int) else 0,
                                    row.get("activity", "lesson"), row.get("ref"))
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
        return self._run(lambda db: db.table("certificates", cache_size=0).all(), write=False)

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

    # -- the optional PIN ------------------------------------------------------------

    def meta(self) -> dict[str, Any]:
        """The learner's own row: id, name, track, created, schema, pin (a hash or None)."""
        row = self._run(lambda db: db.table("meta", cache_size=0).get(doc_id=1), write=False)
        return dict(row) if row else {}

    def has_pin(self) -> bool:
        return bool(self.meta().get("pin"))

    def check_pin(self, pin: str) -> bool:
        from .passwords import check_secret

        return check_secret(pin, self.meta().get("pin"))

    def set_pin(self, pin: str | None) -> None:
        """Set a 4–6 digit PIN, or remove it with None. InvalidName-style Danish errors."""
        from .passwords import hash_secret, valid_pin

        if pin is not None and not valid_pin(pin):
            raise ValueError("En pinkode skal være 4 til 6 cifre.")
        stored = hash_secret(pin) if pin is not None else None

        def op(db: TinyDB) -> None:
            meta = db.table("meta", cache_size=0)
            if meta.get(doc_id=1) is None:
                meta.insert({"schema": SCHEMA_VERSION, **self.learner.__dict__, "pin": stored})
            else:
                meta.update({"pin": stored}, doc_ids=[1])

        self._run(op)

    def pages_seen(self) -> dict[str, set[int]]:
        return self.facts().pages

    def position(self) -> Position | None:
        return self.facts().position


def _extends(new: Any, old: Any) -> bool:
    """Whether the list ``new`` starts with every entry of the list ``old``."""
    old = old if isinstance(old, list) else []
    new = new if isinstance(new, list) else []
    return new[: len(old)] == old


class DamagedRecordError(Exception):
    """A learner's file could not be read. It has been moved aside, never overwritten."""

    def __init__(self, reason: str, moved_to: Path) -> None:
        self.reason = reason
        self.moved_to = moved_to
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return (
            f"Din fil med fremskridt kunne ikke læses ({self.reason}). Den er ikke slettet, men "
            f"flyttet til {self.moved_to}. Du kan fortsætte herfra, men tidligere fremskridt "
            "vises ikke. Bed den kursusansvarlige om hjælp, hvis du vil have dem tilbage."
        )
