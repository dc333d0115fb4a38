"""Server-side sessions for the web pages, kept as small files in the data folder.

A session is a random id in a cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure`` behind
https) and a JSON file named by the id's SHA-256, so the folder never holds a usable id.
Files, not memory, so several server processes (``medborger serve --workers N``) and a
restart share them. A session ends after ``idle`` seconds without a request; the last
request is written at most once a minute, so reading a page costs one small file read.

At most ``max_sessions`` files (:data:`MAX_SESSIONS`): without a cap a bot could make a
file per request for an hour. A session is *anonymous* until someone signs in (its file
is then ``<hash>.anon.json``; signed in, ``<hash>.json``: sign-in and sign-out always
give a new id). A new anonymous session beyond the cap first sweeps ended sessions, then
evicts the anonymous ones idle longest (a tenth of the cap at once, so the folder is
not read again for the next visitors); signed-in sessions are never evicted to make
room. When only signed-in sessions are left, :class:`SessionsFull` is raised (the pages
answer 503) and the folder is looked at again only after :data:`FULL_RETRY` seconds.
The count is kept in memory and checked against the folder at most every
:data:`RECOUNT_EVERY` seconds (other server processes add files too).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from course.files import atomic_write_text

IDLE_SECONDS = 60 * 60  # an hour without a request ends a session
TOUCH_EVERY = 60  # seconds between writes of "last seen"
ID_BYTES = 32
MAX_SESSIONS = 5000  # session files in all (a few classes' worth many times over)
RECOUNT_EVERY = 30  # seconds between counts of the folder's files
FULL_RETRY = 30  # seconds before a folder full of signed-in sessions is looked at again
SIGNED_IN = ".json"
ANONYMOUS = ".anon.json"


class SessionsFull(Exception):
    """No room for a new anonymous session: every session left is signed in."""


class Session(dict):
    """The data of one session; ``id`` is None until it is first saved."""

    def __init__(self, sid: str | None, data: dict[str, Any] | None = None,
                 expired: bool = False) -> None:
        super().__init__(data or {})
        self.id = sid
        self.expired = expired  # the browser sent an id whose session has ended
        self.changed = False
        self.new_id = False  # the cookie must be (re)sent
        self.file: Path | None = None  # the file it was read from or last written to

    def mark(self) -> None:
        self.changed = True


def signed_in(data: dict[str, Any]) -> bool:
    """Whether a session's data names a signed-in learner or teacher."""
    return "learner" in data or "teacher" in data


class SessionStore:
    def __init__(self, folder: Path, idle: int = IDLE_SECONDS,
                 max_sessions: int = MAX_SESSIONS) -> None:
        self.folder = folder
        self.idle = idle
        self.max_sessions = max_sessions
        self._count: int | None = None  # files in the folder, as last counted plus made since
        self._counted_at = 0.0  # time.monotonic() of the last count
        self._full_until = 0.0  # no room for an anonymous session before this (monotonic)
        self._lock = threading.Lock()  # the pages save sessions from several threads

    def _path(self, sid: str, anonymous: bool = False) -> Path:
        return self.folder / (hashlib.sha256(sid.encode()).hexdigest()[:48]
                              + (ANONYMOUS if anonymous else SIGNED_IN))

    def load(self, sid: str | None) -> Session:
        if not sid or len(sid) > 100 or not sid.replace("-", "").replace("_", "").isalnum():
            return Session(None)
        for path in (self._path(sid, anonymous=True), self._path(sid)):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                break
            except FileNotFoundError:
                continue
            except (OSError, ValueError):
                return Session(None, expired=True)
        else:
            return Session(None, expired=True)
        if not isinstance(data, dict):
            return Session(None, expired=True)
        seen = data.get("_seen")
        now = time.time()
        if not isinstance(seen, (int, float)) or now - seen > self.idle:
            self._remove(path)
            return Session(None, expired=True)
        session = Session(sid, data)
        session.file = path
        if now - seen > TOUCH_EVERY:
            session.changed = True
        return session

    def save(self, session: Session) -> None:
        """Write the session (a new id the first time); OSError when it cannot be written,
        :class:`SessionsFull` when a new anonymous session finds no room (nothing written)."""
        anonymous = not signed_in(session)
        new = session.id is None
        if new and anonymous:
            self._make_room()
        sid = session.id or secrets.token_urlsafe(ID_BYTES)
        path = self._path(sid, anonymous)
        session["_seen"] = time.time()
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(dict(session), ensure_ascii=False), durable=False)
        if new:
            session.id, session.new_id = sid, True
            self._counted(+1)
        elif session.file is not None and session.file != path:
            self._remove(session.file)  # signed in or out without a new id: one file
        session.file = path
        session.changed = False

    def rotate(self, session: Session, keep: dict[str, Any] | None = None) -> None:
        """A new id for the session (at sign-in and sign-out); the old file is removed."""
        if session.id is not None:
            for path in (self._path(session.id, anonymous=True), self._path(session.id)):
                self._remove(path)
        session.file = None
        session.clear()
        if keep:
            session.update(keep)
        session.id = None
        session.changed = True

    def end(self, session: Session) -> None:
        self.rotate(session)

    def sweep(self) -> int:
        """Remove the files of sessions that have ended; returns how many."""
        return self._sweep()[0]

    def _sweep(self) -> tuple[int, list[tuple[float, str]]]:
        """Remove ended sessions; returns how many, and the anonymous ones left as
        (last written, path). The count is set to the files left."""
        removed, left, anonymous = 0, 0, []
        now = time.time()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0, []
        for entry in entries:
            if not entry.name.endswith(SIGNED_IN):
                continue
            try:
                seen = entry.stat().st_mtime
                if now - seen > self.idle and self._ended(entry.path, now):
                    os.unlink(entry.path)
                    removed += 1
                    continue
            except OSError:
                continue
            left += 1
            if entry.name.endswith(ANONYMOUS):
                anonymous.append((seen, entry.path))
        with self._lock:
            self._count, self._counted_at = left, time.monotonic()
        return removed, anonymous

    def _ended(self, path: str, now: float) -> bool:
        """Whether a session whose file looks idle has really ended: its own last request
        (``_seen``) says so too, or it cannot be read. The file's time is the file system's
        clock, which need not be the server's (a network folder, a clock set right); only
        files that look idle are read, so a sweep stays cheap."""
        try:
            with open(path, "rb") as handle:
                data = json.loads(handle.read(64 * 1024))
        except (OSError, ValueError):  # unreadable (or gone: the unlink then says so)
            return True
        seen = data.get("_seen") if isinstance(data, dict) else None
        return not isinstance(seen, (int, float)) or now - seen > self.idle

    def count(self) -> int:
        """The session files, as counted at most :data:`RECOUNT_EVERY` seconds ago plus
        those made and removed by this process since."""
        with self._lock:
            if self._count is not None and time.monotonic() - self._counted_at < RECOUNT_EVERY:
                return self._count
        try:
            found = sum(1 for entry in os.scandir(self.folder) if entry.name.endswith(SIGNED_IN))
        except FileNotFoundError:
            found = 0
        except OSError:
            found = self._count or 0
        with self._lock:
            self._count, self._counted_at = found, time.monotonic()
            return found

    def _counted(self, change: int) -> None:
        with self._lock:
            if self._count is not None:
                self._count = max(0, self._count + change)

    def _make_room(self) -> None:
        """Room for one more anonymous session, or :class:`SessionsFull`."""
        if self.count() < self.max_sessions:
            return
        with self._lock:
            if time.monotonic() < self._full_until:
                raise SessionsFull
        _removed, anonymous = self._sweep()
        if self.count() < self.max_sessions:
            return
        # Down to nine tenths of the cap: the next visitors find room without a look at
        # the folder. The anonymous sessions idle longest go first.
        excess = self.count() - self.max_sessions + 1 + self.max_sessions // 10
        for _seen, path in sorted(anonymous)[:excess]:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError:
                continue
            self._counted(-1)
        if self.count() >= self.max_sessions:
            with self._lock:
                self._full_until = time.monotonic() + FULL_RETRY
            raise SessionsFull

    def _remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError:
            return
        self._counted(-1)
