"""Server-side sessions for the web pages, kept as small files in the data folder.

A session is a random id in a cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure`` behind
https) and a JSON file named by the id's SHA-256, so the folder never holds a usable id.
Files, not memory, so several server processes (``medborger serve --workers N``) and a
restart share them. A session ends after ``idle`` seconds without a request; the last
request is written at most once a minute, so reading a page costs one small file read.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from course.files import atomic_write_text

IDLE_SECONDS = 60 * 60  # an hour without a request ends a session
TOUCH_EVERY = 60  # seconds between writes of "last seen"
ID_BYTES = 32


class Session(dict):
    """The data of one session; ``id`` is None until it is first saved."""

    def __init__(self, sid: str | None, data: dict[str, Any] | None = None,
                 expired: bool = False) -> None:
        super().__init__(data or {})
        self.id = sid
        self.expired = expired  # the browser sent an id whose session has ended
        self.changed = False
        self.new_id = False  # the cookie must be (re)sent

    def mark(self) -> None:
        self.changed = True


class SessionStore:
    def __init__(self, folder: Path, idle: int = IDLE_SECONDS) -> None:
        self.folder = folder
        self.idle = idle

    def _path(self, sid: str) -> Path:
        return self.folder / (hashlib.sha256(sid.encode()).hexdigest()[:48] + ".json")

    def load(self, sid: str | None) -> Session:
        if not sid or len(sid) > 100 or not sid.replace("-", "").replace("_", "").isalnum():
            return Session(None)
        path = self._path(sid)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Session(None, expired=True)
        if not isinstance(data, dict):
            return Session(None, expired=True)
        seen = data.get("_seen")
        now = time.time()
        if not isinstance(seen, (int, float)) or now - seen > self.idle:
            self._remove(path)
            return Session(None, expired=True)
        session = Session(sid, data)
        if now - seen > TOUCH_EVERY:
            session.changed = True
        return session

    def save(self, session: Session) -> None:
        """Write the session (a new id the first time); OSError when it cannot be written."""
        if session.id is None:
            session.id = secrets.token_urlsafe(ID_BYTES)
            session.new_id = True
        session["_seen"] = time.time()
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self._path(session.id), json.dumps(dict(session), ensure_ascii=False),
                          durable=False)
        session.changed = False

    def rotate(self, session: Session, keep: dict[str, Any] | None = None) -> None:
        """A new id for the session (at sign-in and sign-out); the old file is removed."""
        if session.id is not None:
            self._remove(self._path(session.id))
        session.clear()
        if keep:
            session.update(keep)
        session.id = None
        session.changed = True

    def end(self, session: Session) -> None:
        self.rotate(session)

    def sweep(self) -> int:
        """Remove the files of sessions that have ended; returns how many."""
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            try:
                if entry.name.endswith(".json") and now - entry.stat().st_mtime > self.idle:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
        return removed

    @staticmethod
    def _remove(path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
