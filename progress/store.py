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

Here: :class:`Store`, the index of learners (create, find, change, export, delete). The
data folder's files and locks are in :mod:`progress.data_folder`, one learner's record in
:mod:`progress.records`, the plain values (Learner, Position, Facts) in :mod:`progress.model`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from course.files import (
    DamagedFileError,
    FileProblem,
    atomic_write_text,
    read_json,
)

from . import schema, summary
from .data_folder import DataFolder, _locked
from .model import InvalidName, Learner, clean_name, now
from .paths import learner_file, valid_hold_id, valid_learner_id
from .records import Record
from .schema import SCHEMA_VERSION
from .storage import check_tables


def _row_id(row: object) -> str | None:
    """The id an index row gives, when it gives one as text (a damaged row may hold a
    list or a number there: never a key to look up)."""
    value = row.get("id") if isinstance(row, dict) else None
    return value if isinstance(value, str) else None


class Store(DataFolder):
    """All learners in one data directory."""

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
                if usable is None and _row_id(row) in wanted:
                    del table[key]  # replaced by the row from the learner's own file
            present = {_row_id(row) for row in table.values()}
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
            row_id = _row_id(row)
            if row_id in names:
                self._notice(f"Rækken for {names[row_id]} i listen over deltagere var beskadiget "
                             f"({problem}). Den er bygget op igen ud fra deltagerens egen fil; "
                             "intet er tabt.")
                continue
            named = key[:12] + (f", id {row_id[:40]}" if row_id is not None else "")
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
                       pin: str | None = None,
                       admit: Callable[[list[Learner]], str | None] | None = None) -> Learner:
        """Make a new learner with a generated id; the typed name is never a file name.

        In a hold, names are unique (case-insensitive), because pupils find themselves
        by name in the hold's list. Sign-in in a hold makes a learner with their PIN
        (``pin``) in the same write, so no learner made there is ever on file without
        one; a PIN-less learner in a hold cannot be signed into until a teacher's reset.

        ``admit`` is asked, with the hold's learners as the index has them, under the
        index's lock just before the new row is added: a Danish reason refuses the
        learner (:class:`InvalidName`, nothing is left on file). So a limit such as the
        joins a minute (:meth:`progress.holds.HoldBook.join`) is checked and counted in
        one step, and two joins at once cannot both pass it. The unique name is checked
        there again for the same reason.
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
        row = {k: v for k, v in learner.__dict__.items() if v is not None}

        def insert(table: dict[str, Any]) -> None:
            # Under the index's lock: the check, the learner's own file, then its row. A
            # rebuild of a missing index (which reads the records) so never sees a learner
            # that another join is still making, or one that is about to be refused.
            if hold is not None:
                _admit(table, learner, admit)
            with self._db(self.record_path(learner.id)) as db:
                db.table("meta").insert(meta)
            if any(isinstance(r, dict) and r.get("id") == learner.id for r in table.values()):
                return  # a rebuild of a missing index found the new file already
            numbers = [int(k) for k in table if k.isdigit()]
            table[str(max(numbers, default=0) + 1)] = row

        try:
            self._change_index(insert, creating=learner.id)
        except Exception:
            # No row in the index (it could not be written, or the learner was refused):
            # take the new file back, so no learner is left half-made.
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


_ROW_FIELDS = (("id", "id'et"), ("name", "navnet"), ("track", "forløbet"),
               ("created", "datoen for oprettelsen"))


def _admit(table: dict[str, Any], learner: Learner,
           admit: Callable[[list[Learner]], str | None] | None) -> None:
    """Under the index's lock: the hold's learners as the index has them (the new one
    left out: a rebuilt index may have it already), a second look at the unique name,
    then ``admit``'s verdict; InvalidName (Danish) when the learner cannot join."""
    members = []
    for value in table.values():
        member, _problem = _learner_from_row(value, set())
        if member is not None and member.hold == learner.hold and member.id != learner.id:
            members.append(member)
    for member in members:
        if member.name.casefold() == learner.name.casefold():
            raise InvalidName(f"Der er allerede en deltager, der hedder »{learner.name}«, på "
                              "holdet. Vælg dit navn på listen, eller skriv det, så det kan "
                              "kendes fra det andet (fx med et efternavn).")
    problem = admit(sorted(members, key=lambda m: m.created)) if admit is not None else None
    if problem:
        raise InvalidName(problem)


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
