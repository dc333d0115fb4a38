"""The data folder: where it is, its paths, locked TinyDB files, moving aside, backups.

Also the teachers' passphrase. :class:`progress.store.Store` builds on :class:`DataFolder`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB

from course.files import (
    DamagedFileError,
    FileProblem,
    atomic_write_text,
    read_json,
)

from . import summary
from .model import now
from .paths import inside, learner_file
from .storage import AtomicJSONStorage

APP_NAME = "medborgerskab-ishoej"
LOCK_TIMEOUT = 10  # seconds


def default_data_dir(explicit: str | Path | None = None) -> Path:
    """`--data DIR`, else $MEDBORGER_DATA, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get("MEDBORGER_DATA"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


class DataFolder:
    """One data directory: its files, their locks, and the teachers' passphrase."""

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
