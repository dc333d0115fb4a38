"""Learner records: one TinyDB file per learner plus a small index of learners.

Layout of the data directory::

    learners.json            index: id, name, track, created (TinyDB)
    learners/<id>.json       one learner's record (TinyDB), named by a generated id
    learners/<id>.json.lock  inter-process lock for that record
    damaged/                 files that could not be read, moved aside with a timestamp
    backups/                 a copy of each file made before it was migrated
    admin.json               the salted hash of the teachers' passphrase

Every change is a read-modify-write under an inter-process lock, written atomically (see
:mod:`course.files`). A record is opened afresh for every operation, so two windows on
the same learner never work from a stale copy. Nothing here imports a user interface.

Everything read from the data folder is checked before it is used: an id only names a
file after :mod:`progress.paths` has accepted its form, every path built from one must
resolve inside the data folder, an index row that is not one is rebuilt from the
learner's own file (skipped with a notice when no file speaks for it),
and a file that cannot be opened at all raises :class:`course.files.FileProblem` (an
OSError with a Danish reason), never a bare OSError from deep inside.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

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
from .paths import inside, learner_file, valid_hold_id, valid_learner_id
from .schema import SCHEMA_VERSION
from .storage import AtomicJSONStorage, check_tables

APP_NAME = "medborgerskab-ishoej"
MAX_NAME_LENGTH = 60
LOCK_TIMEOUT = 10  # seconds

T = TypeVar("T")


def now() -> str:
    """The current time, UTC, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        raise InvalidName(f"Navnet må højst være {MAX_NAME_LENGTH} tegn (det er {len(stripped)}).")
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
        doc: dict[str, Any]
        for doc in reversed(self.attempts):
            if doc.get("module") == module and not doc.get("finished"):
                return doc
        return None

    def open_run(self, scenario: str) -> dict[str, Any] | None:
        doc: dict[str, Any]
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
        self._told: set[str] = set()  # notices given once per Store, not on every read

    def _notice(self, text: str) -> None:
        if text not in self._told:
            self._told.add(text)
            self.notices.append(text)

    def path(self, *parts: str | Path) -> Path:
        """A path in the data folder; OutsideDataFolder (an OSError) if it leads out."""
        return inside(self.root, *parts)

    def stored_path(self, path: str | Path) -> str:
        """How a file is named in a record: relative to the data folder when it is in
        it (``kursusbeviser/…pdf``: a moved or copied data folder still finds it),
        else absolute (``certificate issue --out`` elsewhere)."""
        path = Path(path)
        try:
            return self.path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except (OSError, ValueError):
            return str(path.resolve())

    def stored_file(self, value: object) -> Path | None:
        """The file a record names (see :meth:`stored_path`), in this data folder.

        A relative name is taken in the data folder (never out of it). An absolute one
        from before names were relative is used when it is in this data folder; when the
        data folder was moved since, the same name under this folder's certificate folder
        is used if it is there. A file outside the data folder is left alone (None).
        """
        if not isinstance(value, str) or not value.strip():
            return None
        path = Path(value)
        try:
            return self.path(path)
        except OSError:
            pass
        if path.is_absolute() and len(path.parts) >= 2:
            try:  # moved: <old data folder>/kursusbeviser/<file> -> <this folder>/...
                moved = self.path(path.parent.name, path.name)
            except OSError:
                return None
            return moved if moved.is_file() else None
        return None

    def shown_path(self, value: object) -> str:
        """A file named in a record, as a learner is shown it: relative to the data
        folder when it is in it (short, so it is not wrapped), else as stored."""
        found = self.stored_file(value)
        if found is None:
            return str(value or "")
        try:
            return found.resolve().relative_to(self.root.resolve()).as_posix()
        except (OSError, ValueError):
            return str(found)

    def record_path(self, learner_id: str) -> Path:
        return learner_file(self.root, learner_id)

    def summary_path(self, learner_id: str) -> Path:
        return learner_file(self.root, learner_id, summary.SUFFIX)

    # -- files and locks -------------------------------------------------------------

    def ensure(self) -> None:
        try:
            self.path("learners").mkdir(parents=True, exist_ok=True)
        except FileProblem:
            raise
        except OSError as exc:
            raise FileProblem(self.learner_dir, exc, "oprettes") from exc

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
        self.ensure()
        written: list[dict[str, Any]] = []
        with _locked(path):
            db = TinyDB(path, storage=AtomicJSONStorage, on_write=written.append)
            try:
                yield db
                cast(AtomicJSONStorage, db.storage).flush()  # only when the whole operation succeeded
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
            try:
                found = list(folder.glob(".*.tmp"))
            except OSError:
                continue
            for path in found:
                try:
                    if path.stat().st_mtime < limit and path.is_file():
                        path.unlink()
                        removed += 1
                except OSError:  # gone meanwhile, or not ours to remove: leave it
                    pass
        return removed

    def move_aside(self, path: Path) -> Path:
        """Move a damaged file out of the way, keeping it for a person to look at."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            target_dir = self.path("damaged")
            target_dir.mkdir(parents=True, exist_ok=True)
            target = self.path("damaged", f"{path.name}.{stamp}")
            n = 1
            while target.exists():
                n += 1
                target = self.path("damaged", f"{path.name}.{stamp}-{n}")
            shutil.move(str(path), target)
        except FileProblem:
            raise
        except OSError as exc:
            raise FileProblem(path, exc, "flyttes til damaged/") from exc
        return target

    def backup(self, path: Path, version: int) -> Path:
        """Copy a file before it is migrated from ``version``; return the copy's path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        try:
            self.path("backups").mkdir(parents=True, exist_ok=True)
            target = self.path("backups", f"{path.name}.v{version}.{stamp}")
            shutil.copy2(path, target)
        except FileProblem:
            raise
        except OSError as exc:
            raise FileProblem(path, exc, "kopieres til backups/") from exc
        return target

    # -- the teachers' passphrase ------------------------------------------------------

    @property
    def admin_path(self) -> Path:
        return self.root / "admin.json"

    def has_passphrase(self) -> bool:
        try:
            data = read_json(self.admin_path)
        except (DamagedFileError, OSError):
            # never silently offer to set a new one over a damaged or unreadable file
            return True
        return bool(data and data.get("passphrase"))

    def set_passphrase(self, passphrase: str) -> None:
        """Set the passphrase for the teachers' view (first use only, or to change it)."""
        from .passwords import hash_secret, valid_passphrase  # hashing is not needed to start

        if not valid_passphrase(passphrase):
            raise ValueError("Adgangsfrasen skal være mindst 8 tegn.")
        self.ensure()
        atomic_write_text(self.admin_path, json.dumps(
            {"passphrase": hash_secret(passphrase), "set": now()}))
        # The wrong tries at the old passphrase must not keep out the new one.
        from .guard import Guard, passphrase_limit

        Guard(self.root).clear(passphrase_limit("admin")[0][0])

    def check_passphrase(self, passphrase: str) -> bool:
        from .passwords import hash_secret

        try:  # an unreadable admin.json raises FileProblem: the caller says so, in Danish
            data = read_json(self.admin_path)
        except DamagedFileError:
            return False
        from .passwords import check_secret, needs_rehash

        stored = data.get("passphrase") if data else None
        if not check_secret(passphrase, stored):
            return False
        if needs_rehash(stored):  # an older, cheaper hash: replaced at today's cost
            try:
                atomic_write_text(self.admin_path, json.dumps(
                    {**(data or {}), "passphrase": hash_secret(passphrase)}))
            except OSError:
                pass
        return True

    # -- the index -------------------------------------------------------------------

    def learners(self) -> list[Learner]:
        """Every learner on file, oldest first.

        Each index row is checked on its own: a row that is not a learner (no ``created``,
        a name that is not text, an id that is not an id) is skipped with a notice naming
        it, and everyone else is listed. A damaged index is moved aside and rebuilt from
        the learners' own files; so is a missing one (an empty data folder is just empty).
        An index that cannot be opened at all (no access, a folder in its place) is not
        touched: the learners are then listed from their own files, with a notice.
        """
        try:
            data = read_json(self.path("learners.json"))
            table = None if data is None else data.get("learners", {})
            if table is not None and not isinstance(table, dict):
                raise DamagedFileError(self.index_path, "filen har ikke den forventede opbygning")
        except DamagedFileError as exc:
            table = self._rebuild_index(f"kunne ikke læses ({exc.reason})")
        except FileProblem as exc:  # not damaged, only unreadable: never moved or rebuilt
            table = self._index_from_records(exc)
        else:
            if not table and self._has_records():  # no index file, or one that lost its rows
                table = self._rebuild_index("manglede" if table is None else "var tom")
        table = table or {}
        learners: list[Learner] = []
        seen: set[str] = set()
        bad: list[tuple[str, Any, str]] = []
        for key, row in table.items():
            learner, problem = _learner_from_row(row, seen)
            if learner is None:
                bad.append((str(key), row, problem or ""))
                continue
            seen.add(learner.id)
            learners.append(learner)
        if bad:
            learners += self._repair_rows(bad, seen)
        return sorted(learners, key=lambda l: l.created)

    def _repair_rows(self, bad: list[tuple[str, Any, str]], seen: set[str]) -> list[Learner]:
        """Damaged index rows (a missing field, a wrong type) rebuilt from the learners'
        own files, as a missing index is: every learner with a file of their own and no
        usable row gets their row back, in the index (under its lock) and in the list
        returned, with a notice. A row no file speaks for is skipped with a notice."""
        rows, _unread = self._rows_from_records()
        wanted = {row["id"]: row for row in rows if row["id"] not in seen}
        rebuilt: list[Learner] = []
        for row in wanted.values():
            learner, _problem = _learner_from_row(row, set())
            if learner is not None:
                rebuilt.append(learner)

        def change(table: dict[str, Any]) -> None:
            for key in list(table):
                row = table[key]
                usable, _problem = _learner_from_row(row, set())
                if usable is None and isinstance(row, dict) and row.get("id") in wanted:
                    del table[key]  # replaced by the row from the learner's own file
            present = {row.get("id") for row in table.values() if isinstance(row, dict)}
            numbers = [int(k) for k in table if k.isdigit()]
            for row in wanted.values():
                if row["id"] not in present:
                    numbers.append(max(numbers, default=0) + 1)
                    table[str(numbers[-1])] = dict(row)

        if wanted:
            try:
                self._change_index(change)
            except OSError as exc:
                self._notice(f"Listen over deltagere kan ikke rettes "
                             f"({FileProblem(self.index_path, exc).reason}); deltagerne vises "
                             "ud fra deres egne filer.")
        names = {learner.id: learner.name for learner in rebuilt}
        for key, row, problem in bad:
            row_id = row.get("id") if isinstance(row, dict) else None
            if row_id in names:
                self._notice(f"Rækken for {names[row_id]} i listen over deltagere var beskadiget "
                             f"({problem}). Den er bygget op igen ud fra deltagerens egen fil; "
                             "intet er tabt.")
                continue
            named = key[:12] + (f", id {row_id[:40]}" if isinstance(row_id, str) else "")
            self._notice(f"Række {named} i listen over deltagere kan ikke bruges ({problem}). "
                         "Den er sprunget over; de andre deltagere er ikke berørt. Den "
                         f"kursusansvarlige kan rette filen {self.index_path}.")
        for learner in rebuilt:
            if not any(isinstance(row, dict) and row.get("id") == learner.id
                       for _, row, _ in bad):  # a file with no row at all
                self._notice(f"{learner.name} manglede i listen over deltagere og er sat ind "
                             "igen ud fra sin egen fil.")
        return rebuilt

    def learners_in(self, hold_id: str) -> list[Learner]:
        """The learners of one hold, oldest first."""
        return [learner for learner in self.learners() if learner.hold == hold_id]

    def _record_files(self) -> list[Path]:
        try:
            found = sorted(self.learner_dir.glob("*.json"))
        except OSError:
            return []
        return [p for p in found
                if not p.name.endswith(summary.SUFFIX) and valid_learner_id(p.stem)]

    def _has_records(self) -> bool:
        return bool(self._record_files())

    def _rows_from_records(self) -> tuple[list[dict[str, Any]], int]:
        """Index rows made from the learners' own files, and how many could not be read."""
        rows, unread = [], 0
        for path in self._record_files():
            try:
                data = read_json(self.path("learners", path.name)) or {}
            except (DamagedFileError, OSError):
                unread += 1
                continue
            meta = schema.meta_row(data)
            row = {k: meta.get(k) for k in ("id", "name", "track", "created")} if meta else {}
            if meta and valid_hold_id(meta.get("hold")):
                row["hold"] = meta["hold"]
            learner, _problem = _learner_from_row(row, set())
            if learner is None or learner.id != path.stem:  # a file must name its own learner
                unread += 1
                continue
            rows.append(row)
        return rows, unread

    def _index_from_records(self, problem: OSError) -> dict[str, Any]:
        """The index's table made from the records in memory, when it cannot be written."""
        table = {str(n): row for n, row in enumerate(self._rows_from_records()[0], 1)}
        self._notice(f"Listen over deltagere kan ikke åbnes eller skrives "
                     f"({FileProblem(self.index_path, problem).reason}). Deltagerne vises ud "
                     "fra deres egne filer, men nye deltagere kan ikke oprettes, før den "
                     "kursusansvarlige har rettet det.")
        return table

    def _rebuild_index(self, what: str) -> dict[str, Any]:
        """Rebuild a damaged or missing index from the records; returns its table.

        Done under the index's lock, after a second look: another window may have
        rebuilt it already (then that index is used). The damaged file is kept. When
        the folder cannot be written, the table is made in memory only.
        """
        try:
            index = self.path("learners.json")
            self.ensure()
            with _locked(index):
                return self._rebuild_index_locked(index, what)
        except OSError as exc:
            return self._index_from_records(exc)

    def _rebuild_index_locked(self, index: Path, what: str,
                              creating: str | None = None) -> dict[str, Any]:
        """The rebuild itself, under the index's lock. ``creating``: the id of a learner
        being created, whose own new file alone is no reason for a notice."""
        try:
            data = read_json(index)
            table = None if data is None else data.get("learners", {})
            if isinstance(table, dict) and (table or not self._has_records()):
                return table  # rebuilt meanwhile by another window
        except DamagedFileError:
            pass
        moved = self.move_aside(index) if index.exists() else None
        rows, unread = self._rows_from_records()
        table = {str(n): row for n, row in enumerate(rows, 1)}
        atomic_write_text(index, json.dumps({"learners": table}, ensure_ascii=False))
        if moved is None and not unread and all(row["id"] == creating for row in rows):
            return table  # the first learner of a new data folder: nothing to tell
        kept = f", og den gamle fil er gemt som {moved.name}" if moved else ""
        lost = (f" {unread} {'fil' if unread == 1 else 'filer'} kunne ikke læses og er ikke med."
                if unread else "")
        self._notice(f"Listen over deltagere {what}. Den er bygget op igen ud fra deltagernes "
                     f"egne filer{kept}.{lost}")
        return table

    def _change_index(self, change: Callable[[dict[str, Any]], None],
                      creating: str | None = None) -> None:
        """Read-modify-write of the index under its lock; bad rows are left as they are.

        A damaged or missing index is rebuilt from the records first, so a change never
        writes an index that has lost the other learners.
        """
        index = self.path("learners.json")
        self.ensure()
        with _locked(index):
            try:
                data = read_json(index)
                table = {} if data is None else data.get("learners", {})
                if not isinstance(table, dict):
                    raise DamagedFileError(index, "filen har ikke den forventede opbygning")
            except DamagedFileError as exc:
                data = {}
                table = self._rebuild_index_locked(index, f"kunne ikke læses ({exc.reason})")
            else:
                if data is None or (not table and self._has_records()):
                    what = "manglede" if data is None else "var tom"
                    data = data or {}
                    table = self._rebuild_index_locked(index, what, creating)
            change(table)
            data["learners"] = table
            atomic_write_text(index, json.dumps(data, ensure_ascii=False))

    def create_learner(self, name: str, track: str, hold: str | None = None,
                       pin: str | None = None) -> Learner:
        """Make a new learner with a generated id; the typed name is never a file name.

        In a hold, names are unique (case-insensitive), because pupils find themselves
        by name in the hold's list. Sign-in in a hold makes a learner with their PIN
        (``pin``) in the same write, so no learner made there is ever on file without
        one; a PIN-less learner in a hold cannot be signed into until a teacher's reset.
        """
        from .passwords import PIN_RULE, hash_secret, valid_pin

        name = clean_name(name)
        if pin is not None and not valid_pin(pin):
            raise InvalidName(PIN_RULE)
        if hold is not None and any(l.name.casefold() == name.casefold()
                                    for l in self.learners_in(hold)):
            raise InvalidName(f"Der er allerede en deltager, der hedder »{name}«, på holdet. "
                              "Vælg dit navn på listen, eller skriv det, så det kan kendes "
                              "fra det andet (fx med et efternavn).")
        learner = Learner(id=os.urandom(8).hex(), name=name, track=track, created=now(),
                          hold=hold)
        meta = {"schema": SCHEMA_VERSION, **learner.__dict__,
                "pin": hash_secret(pin) if pin is not None else None}
        with self._db(self.record_path(learner.id)) as db:
            db.table("meta").insert(meta)
        row = {k: v for k, v in learner.__dict__.items() if v is not None}

        def insert(table: dict[str, Any]) -> None:
            if any(isinstance(r, dict) and r.get("id") == learner.id for r in table.values()):
                return  # a rebuild of a missing index found the new file already
            numbers = [int(k) for k in table if k.isdigit()]
            table[str(max(numbers, default=0) + 1)] = row

        try:
            self._change_index(insert, creating=learner.id)
        except OSError:
            # No row in the index: take the new file back, so no learner is left half-made.
            for path in (self.record_path(learner.id), self.summary_path(learner.id)):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    pass
            raise
        return learner

    def change_track(self, learner: Learner, track: str) -> Learner:
        """Move a learner to another track; returns the learner as they are now.

        The record's own meta row is changed first, then the index row (each under its
        lock): the index is rebuilt from the records' meta rows, so a crash in between
        leaves the new track to be found there. Nothing else in the record changes: pages
        read, attempts, runs and certificates are per module and stay.
        """
        if not isinstance(track, str) or not track.strip():
            raise ValueError("a track id is needed")
        moved = Learner(learner.id, learner.name, track, learner.created, learner.hold)

        def meta(db: TinyDB) -> None:
            rows = db.table("meta", cache_size=0)
            if rows.get(doc_id=1) is None:
                rows.insert({"schema": SCHEMA_VERSION, **moved.__dict__, "pin": None})
            else:
                rows.update({"track": track}, doc_ids=[1])

        self.record(learner)._run(meta)

        def change(table: dict[str, Any]) -> None:
            for row in table.values():
                if isinstance(row, dict) and row.get("id") == learner.id:
                    row["track"] = track

        self._change_index(change)
        return moved

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
        files = [self.record_path(learner.id), self.summary_path(learner.id)]
        for folder in ("damaged", "backups"):
            try:
                found = sorted(self.path(folder).glob(f"{name}.*"))
            except OSError:
                continue
            files += [self.path(folder, f.name) for f in found]
        return [f for f in files if f.exists() or f.is_symlink()]

    def export_learner(self, learner: Learner) -> dict[str, Any]:
        """Everything recorded about a learner, as plain JSON (the right of access).

        The PIN's hash is not given out, only whether a PIN is set.
        """
        record = {}
        path = self.record_path(learner.id)
        try:
            record = read_json(path) or {}
        except (DamagedFileError, FileProblem) as exc:
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
        failed: list[tuple[Path, str]] = []
        try:  # read as it is: a damaged record is deleted too, not moved aside first
            data = read_json(self.record_path(learner.id)) or {}
        except (DamagedFileError, FileProblem):
            data = {}
        files: list[Path] = []
        for cert in summary.rows(data, "certificates"):
            for key in ("json", "pdf"):
                found = self.stored_file(cert.get(key))  # only files in the data folder;
                if found is not None:                    # copies elsewhere are not ours
                    files.append(found)
        files += self._files_of(learner)
        files.append(learner_file(self.root, learner.id, ".json.lock"))
        for path in files:
            try:
                if path.is_file() or path.is_symlink():
                    path.unlink()
                    removed.append(path)
            except OSError as exc:
                failed.append((path, FileProblem(path, exc).reason))
        try:
            def drop(table: dict[str, Any]) -> None:
                for k in [k for k in table
                          if isinstance(table[k], dict) and table[k].get("id") == learner.id]:
                    table.pop(k)

            self._change_index(drop)
        except OSError as exc:
            failed.append((self.index_path, FileProblem(self.index_path, exc).reason))
        removed = [p for p in removed if not p.name.endswith(".lock")]
        if failed:
            raise PartlyDeleted(removed, failed)
        return removed

    def summaries(self, learners: list[Learner] | None = None
                  ) -> list[tuple[Learner, summary.Summary | None, str | None]]:
        """Each learner with the summary of their record, for reports; read-only.

        A summary older than its record is not trusted: the record itself is read. A
        record that cannot be read gives None and the Danish reason (it is left where it
        is; the learner is told when they next open it).
        """
        result: list[tuple[Learner, summary.Summary | None, str | None]] = []
        for learner in self.learners() if learners is None else learners:
            try:
                path = self.record_path(learner.id)
                side = self.summary_path(learner.id)
                stat = path.stat()
            except FileNotFoundError:
                result.append((learner, summary.from_json(summary.summarize({})), None))
                continue
            except (OSError, ValueError) as exc:
                result.append((learner, None, FileProblem(
                    self.learner_dir, exc if isinstance(exc, OSError) else None,
                    reason=None if isinstance(exc, OSError) else str(exc)).reason))
                continue
            try:
                doc = read_json(side)
                if doc and doc.get("record") == [stat.st_size, stat.st_mtime_ns]:
                    result.append((learner, summary.from_json(doc), None))
                    continue
            except (DamagedFileError, ValueError, OSError):
                pass
            try:
                data = read_json(path) or {}
                check_tables(data, path)
                schema.version_of(data, path, learner.id)
            except (DamagedFileError, FileProblem) as exc:
                result.append((learner, None, exc.reason))
                continue
            result.append((learner, summary.from_json(summary.summarize(data)), None))
        return result

    def record(self, learner: Learner) -> Record:
        return Record(self, learner)


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
            meta = {"schema": SCHEMA_VERSION, **self.learner.__dict__, "pin": kept.pin}
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


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """The inter-process lock of a data file; FileProblem (Danish) when it cannot be had."""
    from filelock import FileLock  # imported on first write: it costs start-up time

    try:
        lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)
        lock.acquire()
    except OSError as exc:  # no access to the folder, or another window holds it too long
        raise FileProblem(path, exc, "skrives") from exc
    try:
        yield
    finally:
        lock.release()


_ROW_FIELDS = (("id", "id'et"), ("name", "navnet"), ("track", "forløbet"),
               ("created", "datoen for oprettelsen"))


def _learner_from_row(row: Any, seen: set[str]) -> tuple[Learner | None, str | None]:
    """The learner of one index row, or None and the Danish reason it is not one."""
    if not isinstance(row, dict):
        return None, "den er ikke en deltager"
    for key, what in _ROW_FIELDS:
        value = row.get(key)
        if value is None:
            return None, f"{what} mangler"
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            return None, f"{what} er ikke en tekst"
    if not valid_learner_id(row["id"]):
        return None, "id'et har ikke den rigtige form"
    if row["id"] in seen:
        return None, f"id'et {row['id']} står to gange"
    hold = row.get("hold")
    if hold is not None and not valid_hold_id(hold):
        return None, "holdet har ikke den rigtige form"
    return Learner(row["id"], row["name"], row["track"], row["created"], hold), None


class PartlyDeleted(Exception):
    """Some files of a learner could not be deleted; the message is Danish."""

    def __init__(self, removed: list[Path], failed: list[tuple[Path, str]]) -> None:
        self.removed = removed
        self.failed = failed
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"{len(self.failed)} {'fil' if len(self.failed) == 1 else 'filer'} kunne ikke "
                 "slettes:"]
        lines += [f"  {path} ({reason})" for path, reason in self.failed]
        return "\n".join(lines)


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
