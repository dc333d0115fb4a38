"""The web sessions are capped: a bot cannot fill the data folder with session files.

A new anonymous visitor beyond the cap evicts the anonymous session idle longest;
signed-in sessions are never evicted to make room, and when only they are left, a new
visitor gets a Danish "try again in a minute" page (503) and no file.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from course.web.pages.core import PAGES
from course.web.pages.sessions import Session, SessionStore

from .conftest import Browser, sign_up

# a session's age is its file's modification time against the clock, which a shifted run
# (--shift-years) cannot move: these run on the real clock
pytestmark = pytest.mark.wall_clock


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def _age(path: Path, seconds: float) -> None:
    """Make a session look idle for ``seconds`` (its file's last write)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def _cap(browser: Browser, cap: int) -> SessionStore:
    sessions = browser.client.server.app[PAGES].sessions
    sessions.max_sessions = cap  # as Pages(max_sessions=...) / add_routes(max_sessions=...)
    return sessions


async def test_a_new_visitor_beyond_the_cap_evicts_the_anonymous_session_idle_longest(
        browser, data_dir):
    sessions = _cap(browser, 3)
    visitors = [browser, browser.new(), browser.new()]
    for n, visitor in enumerate(visitors):
        await visitor.get("/")
        [newest] = [f for f in _files(sessions.folder) if f.stat().st_mtime > time.time() - 60]
        _age(newest, 600 - n * 100)  # the first visitor has been idle longest
    assert len(_files(sessions.folder)) == 3
    late = browser.new()
    await late.get("/")
    assert late.status == 200 and "holdets kode" in late.text().lower()
    assert len(_files(sessions.folder)) == 3  # never more than the cap
    # The first visitor's session is gone (its form is now from an ended session) ...
    await visitors[0].post("/log-ind/kode", {"kode": "x"})
    assert visitors[0].status == 403 and "Din session er udløbet" in visitors[0].text()
    # ... the others' are not.
    await visitors[2].post("/log-ind/kode", {"kode": "sol-hest-bro-22"})
    assert "Koden passer ikke" in visitors[2].text()  # its session (and CSRF) worked


async def test_signed_in_sessions_are_kept_and_only_anonymous_ones_make_room(
        browser, hold, data_dir):
    sessions = _cap(browser, 3)
    amira, bo = browser, browser.new()
    await sign_up(amira, hold, "Amira")
    await sign_up(bo, hold, "Bo")
    stranger = browser.new()
    await stranger.get("/")
    for path in _files(sessions.folder):
        _age(path, 900 if not path.name.endswith(".anon.json") else 60)
    late = browser.new()
    await late.get("/")
    assert late.status == 200
    for pupil, name in ((amira, "Amira"), (bo, "Bo")):  # idle longer, and still signed in
        await pupil.get("/oversigt")
        assert pupil.url == "/oversigt" and name in pupil.text()
    await stranger.post("/log-ind/kode", {"kode": "x"})
    assert "Din session er udløbet" in stranger.text()


async def test_a_server_full_of_signed_in_pupils_asks_a_new_visitor_to_wait(
        browser, hold, data_dir):
    sessions = _cap(browser, 2)
    amira, bo = browser, browser.new()
    await sign_up(amira, hold, "Amira")
    await sign_up(bo, hold, "Bo")
    before = _files(sessions.folder)
    assert len(before) == 2
    late = browser.new()
    response = await late.client.get("/")
    page = await response.text()
    assert response.status == 503
    assert response.headers["Retry-After"] == "60"
    assert "Content-Security-Policy" in response.headers
    assert "set-cookie" not in {name.lower() for name in response.headers}
    assert '<html lang="da"' in page and "Vent et minut, og prøv igen" in page
    assert _files(sessions.folder) == before  # no file for the new visitor
    await amira.get("/oversigt")  # the pupils go on
    assert amira.url == "/oversigt" and "Amira" in amira.text()


def test_the_count_is_not_taken_from_the_folder_on_every_new_session(tmp_path, monkeypatch):
    """The folder is counted once; new sessions after that are counted in memory."""
    store = SessionStore(tmp_path / "sessions", max_sessions=100)
    scans = []
    real = os.scandir

    def counted(path):
        scans.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", counted)
    for _ in range(20):
        store.save(Session(None, {"csrf": "x"}))
    assert len(scans) <= 1
    assert store.count() == 20


def test_a_store_full_of_signed_in_sessions_refuses_and_writes_nothing(tmp_path):
    from course.web.pages.sessions import SessionsFull

    store = SessionStore(tmp_path / "sessions", max_sessions=2)
    for n in range(2):
        store.save(Session(None, {"learner": {"id": f"{n}"}}))
    with pytest.raises(SessionsFull):
        store.save(Session(None, {"csrf": "x"}))
    assert len(_files(store.folder)) == 2
    signed_in = Session(None, {"teacher": "admin"})  # a sign-in is a rotation, never refused
    store.save(signed_in)
    assert signed_in.id is not None


def test_a_sweep_ends_only_sessions_whose_last_request_is_old(tmp_path):
    """A file that looks idle by the file system's clock is read first: its own last
    request decides (the file system's clock need not be the server's)."""
    store = SessionStore(tmp_path / "sessions", idle=600)
    fresh, old = Session(None, {"csrf": "a"}), Session(None, {"csrf": "b"})
    store.save(fresh)
    store.save(old)
    for session in (fresh, old):
        _age(session.file, 3600)  # both files look an hour old
    data = json.loads(old.file.read_text("utf-8"))
    data["_seen"] = time.time() - 3600  # but only this one was last used an hour ago
    old.file.write_text(json.dumps(data), "utf-8")
    _age(old.file, 3600)
    broken = store.folder / "broken.anon.json"
    broken.write_text("{", "utf-8")
    _age(broken, 3600)

    assert store.sweep() == 2
    assert _files(store.folder) == [fresh.file]
