"""`medborger serve` end to end: a real browser signs in to a hold, reads, answers, closes
the tab and comes back to the same place; the page fetches nothing from another host;
and the faults a class meets (wrong and expired codes, two tabs, a restart, a folder that
cannot be written, a tab closed in the middle of a write).

The browser is Debian's Chromium (``apt-get install chromium``) driven by Playwright; the
terminal is a canvas, so the screen is read from the websocket stream (textual-serve sends
the tab's terminal output) and the learner's record on disk.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from textual.widgets import Input

from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.hold_signin import HoldCodeScreen, HoldLearnersScreen
from course.tui.screens.quiz import QuizScreen
from progress import Store
from progress.holds import HoldBook

from .session_client import (
    ENTER,
    ROOT,
    Server,
    Tab,
    answer_keys,
    current_question,
    descendants,
    open_attempt,
    screen_text,
    serve_command,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PIN = "4827"
NAME = "Sofie Ærø Nguyen"


def first_track(course) -> str:
    ids = [t.id for t in course.tracks]
    return "skole" if "skole" in ids else ids[0]


def module_with_quiz(course, track: str):
    """The first module of the track that has both pages and a quiz."""
    return next(m for m in course.modules_for(track)
                if len(m.pages) >= 2 and course.questions_for(m.id, track))


@pytest.fixture(scope="module")
def served(course, tmp_path_factory):
    """A running `medborger serve` with one hold made beforehand."""
    data = tmp_path_factory.mktemp("serve") / "data"
    hold = HoldBook(data).create_hold("8.A Vejleå Skole 2026/27", first_track(course))
    server = Server(data).start()
    try:
        yield server, hold
    finally:
        server.stop()


def record_file(data: Path, name: str) -> Path:
    learner = Store(data).find(name)
    return Store(data).record_path(learner.id)


def wait_until(check, timeout: float = 20.0, what: str = "the record"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not change within {timeout} s")


# -- the page: Danish, and nothing from another host -----------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.lang: str | None = None
        self.title = ""
        self.icons: list[str] = []
        self._in = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for key in ("src", "href", "action", "poster", "data"):
            if values.get(key):
                self.urls.append(values[key])
        if tag == "link" and "icon" in (values.get("rel") or "").split():
            self.icons.append(values.get("href") or "")
        if values.get("style"):
            self.styles.append(values["style"])
        self._in = tag

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "style":
            self.styles.append(data)
        elif self._in == "script":
            self.urls += re.findall(r"""["'](https?:)?//[^"'\s]+""", data)


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), dict(response.headers)


def other_hosts(base: str, urls: list[str]) -> list[str]:
    bad = []
    for url in urls:
        if url.startswith(("data:", "#", "about:", "blob:")):
            continue
        host = urlsplit(urljoin(base, url)).hostname
        if host not in LOCAL_HOSTS:
            bad.append(url)
    return bad


def test_the_page_is_danish_and_points_only_to_this_server(served) -> None:
    server, _hold = served
    body, headers = fetch(server.url + "/terminal")
    page = _Links()
    page.feed(body.decode("utf-8"))
    assert page.lang == "da"
    assert page.title.strip() == "Medborgerskab i Ishøj"
    assert page.icons, "the page has no favicon"
    assert "default-src 'self'" in headers.get("Content-Security-Policy", "")
    urls = list(page.urls)
    for style in page.styles:
        urls += css_urls(style)
    # Every stylesheet the page links, and what those load in turn.
    for url in list(urls):
        if url.endswith(".css"):
            css, _ = fetch(urljoin(server.url + "/terminal", url))
            urls += [urljoin(urljoin(server.url + "/terminal", url), u)
                     for u in css_urls(css.decode("utf-8", "replace"))]
    assert urls, "no assets found in the page"
    assert other_hosts(server.url + "/terminal", urls) == []
    # Every asset is really there, from this server.
    for url in urls:
        if not url.startswith("data:"):
            data, _ = fetch(urljoin(server.url + "/terminal", url))
            assert data
    icon, icon_headers = fetch(urljoin(server.url + "/terminal", page.icons[0]))
    assert icon and "image" in icon_headers.get("Content-Type", "")
    favicon, _ = fetch(server.url + "/favicon.ico")
    assert favicon


# -- the browser ------------------------------------------------------------------------


class Stream:
    """What the tab's websocket brought: the terminal output as plain text."""

    def __init__(self) -> None:
        self.text = ""
        self.sockets: list[str] = []
        self.last_frame = time.monotonic()

    def attach(self, page) -> None:
        def on_socket(ws) -> None:
            self.sockets.append(ws.url)
            ws.on("framereceived", self._frame)

        page.on("websocket", on_socket)

    def _frame(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            payload = payload.decode("utf-8", "replace")
        if not payload.startswith("["):  # JSON packets (pong, open_url) are not the screen
            self.text += screen_text(payload)
            self.last_frame = time.monotonic()

    def mark(self) -> int:
        return len(self.text)

    def wait_for(self, page, wanted: str, since: int = 0, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text[since:]:
            if time.monotonic() > deadline:
                raise AssertionError(f"{wanted!r} was not shown within {timeout} s. "
                                     f"Last on screen:\n{self.text[-1500:]}")
            page.wait_for_timeout(50)

    def settle(self, page, quiet: float = 0.5, timeout: float = 20.0) -> None:
        """Wait until the screen has not changed for ``quiet`` seconds: the new screen is
        drawn and has its focus, so keys pressed now reach it (on a busy machine a key
        sent right after the first frame of a screen can arrive before its focus)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() - self.last_frame < quiet and time.monotonic() < deadline:
            page.wait_for_timeout(50)


BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync"]


def press_all(page, keys: list[str]) -> None:
    for key in keys:
        if key == ENTER:
            page.keyboard.press("Enter")
        elif len(key) == 1:
            page.keyboard.press(key)
        else:
            page.keyboard.type(key)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="Debian's Chromium is not installed (apt-get install chromium)")
def test_a_pupil_signs_in_reads_answers_and_comes_back_in_a_new_tab(served, course) -> None:
    from playwright.sync_api import sync_playwright

    server, hold = served
    data = server.data
    module = module_with_quiz(course, hold.track)
    assert course.modules_for(hold.track)[0].id == module.id, "the course map opens module 1"
    requests: list[str] = []
    page = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 720},
                                          locale="da-DK")
            context.on("request", lambda request: requests.append(request.url))
            # First visit: the hold's code, a new name and a PIN chosen twice.
            page = context.new_page()
            stream = Stream()
            stream.attach(page)
            page.goto(server.url + "/terminal")
            assert page.title() == "Medborgerskab i Ishøj"
            stream.wait_for(page, "Skriv dit holds kode")
            page.locator("#terminal").click()
            page.keyboard.type(hold.code)
            page.keyboard.press("Enter")
            stream.wait_for(page, f"Hold: {hold.name}")
            stream.wait_for(page, "Der er ingen på holdet endnu")
            page.keyboard.press("n")
            stream.wait_for(page, "Dit navn")
            # Name and PIN in one dialog: the learner is made with the PIN or not at all.
            stream.wait_for(page, "Vælg en pinkode")
            page.keyboard.type(NAME)
            page.keyboard.press("Enter")
            # Enter moves the focus to the next field once the app has handled it;
            # keys typed faster than that would still land in the one before.
            page.wait_for_timeout(500)
            page.keyboard.type(PIN)
            page.keyboard.press("Enter")
            page.wait_for_timeout(500)
            page.keyboard.type(PIN)
            mark = stream.mark()
            page.keyboard.press("Enter")
            stream.wait_for(page, "Fortsæt", mark)  # the course map's footer

            path = record_file(data, NAME)
            learner = Store(data).find(NAME)
            assert learner.hold == hold.id and learner.track == hold.track
            assert Store(data).record(learner).check_pin(PIN)

            # The first module, its lesson: page 1, then page 2.
            mark = stream.mark()
            page.keyboard.press("Enter")
            stream.wait_for(page, "sider læst", mark)  # the module's screen
            mark = stream.mark()
            page.keyboard.press("l")
            stream.wait_for(page, "Side 1 af", mark)
            mark = stream.mark()
            page.keyboard.press("ArrowRight")
            stream.wait_for(page, "Side 2 af", mark)
            wait_until(lambda: {0, 1} <= Store(data).record(learner).facts().pages.get(
                module.id, set()), what="pages seen")

            # The quiz: one question answered.
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
            mark = stream.mark()
            page.keyboard.press("q")
            stream.wait_for(page, "spørgsmål 1 af", mark)
            attempt = wait_until(lambda: open_attempt(path, module.id), what="the attempt")
            first = current_question(attempt)
            question = next(q for q in course.questions_for(module.id, hold.track)
                            if q.id == first)
            stream.settle(page)
            mark = stream.mark()
            press_all(page, answer_keys(question))
            answered = wait_until(lambda: (a := open_attempt(path, module.id))
                                  and a.get("answers") and a, what="the answer")
            assert [a["question"] for a in answered["answers"]] == [first]
            facts = Store(data).record(learner).facts()
            assert facts.position is not None
            assert (facts.position.module, facts.position.activity) == (module.id, "quiz")

            # The tab is closed; a new one signs in and goes on where it stopped.
            page.close()
            page = context.new_page()
            stream = Stream()
            stream.attach(page)
            page.goto(server.url + "/terminal")
            stream.wait_for(page, "Skriv dit holds kode")
            page.locator("#terminal").click()
            page.keyboard.type(hold.code)
            page.keyboard.press("Enter")
            stream.wait_for(page, NAME)
            mark = stream.mark()
            page.keyboard.press("Enter")  # the only name, highlighted
            stream.wait_for(page, f"Pinkode for {NAME}", mark)
            page.keyboard.type(PIN)
            mark = stream.mark()
            page.keyboard.press("Enter")
            stream.wait_for(page, "Fortsæt", mark)
            stream.settle(page)
            mark = stream.mark()
            page.keyboard.press("f")
            stream.wait_for(page, f"spørgsmål 2 af {len(answered['state']['order'])}", mark)
            stream.wait_for(page, "Quiz", mark)

            # On disk: the same attempt, resumed, with the answer kept; nothing forked.
            again = open_attempt(path, module.id)
            assert again["id"] == answered["id"]
            assert [a["question"] for a in again["answers"]] == [first]
            record = json.loads(path.read_text("utf-8"))
            assert len(record["attempts"]) == 1
            assert not any("forked_from" in row for row in record["attempts"].values())
            assert len(stream.sockets) == 1
        except BaseException:
            if page is not None and not page.is_closed():
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "serve-browser-failure.png"))
            raise
        finally:
            browser.close()

    # Every request the browser made went to this server.
    assert requests
    assert other_hosts(server.url + "/terminal", requests) == []


# -- faults -------------------------------------------------------------------------------


def serve_app(course, data: Path, client: str = "10.1.2.3") -> CourseApp:
    return CourseApp(course, Store(data), serve=True, client=client)


async def submit(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


def screen(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_a_wrong_an_expired_and_a_replaced_code_are_told_in_danish(course, data_dir) -> None:
    book = HoldBook(data_dir)
    old = book.create_hold("Introforløb januar 2027", first_track(course))
    renewed = book.renew_code(old.id)
    expired = book.create_hold("9.B Gildbro Skole 2025/26", first_track(course))
    rows = json.loads(book.holds_path.read_text("utf-8"))
    for row in rows["holds"]:
        if row["id"] == expired.id:
            row["code_expires"] = "2026-06-30T00:00:00+00:00"
    book.holds_path.write_text(json.dumps(rows), "utf-8")

    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "#code", "sol-hest-99")
        assert "Koden passer ikke til noget hold. Tjek stavningen" in screen(app)
        await submit(pilot, "#code", expired.code)
        assert "Koden er udløbet. Bed din lærer om holdets nye kode." in screen(app)
        await submit(pilot, "#code", old.code)
        assert "Koden er skiftet ud. Bed din lærer om holdets nye kode." in screen(app)
        assert isinstance(app.screen, HoldCodeScreen)
        await submit(pilot, "#code", renewed.code)
        assert isinstance(app.screen, HoldLearnersScreen)
    counts = json.loads((data_dir / "guesses.json").read_text("utf-8"))
    # Three wrong codes took three of the address's tokens; the right one took none.
    assert round(counts["kode:10.1.2.3"]["tokens"]) == 97


async def sign_in_to_quiz(pilot, course, hold, name: str, module_id: str) -> None:
    """Code, name, PIN, then the module's quiz (the learner exists, with PIN)."""
    app = pilot.app
    await submit(pilot, "#code", hold.code)
    options = app.screen.query_one("#learners")
    names = [options.get_option_at_index(n).prompt for n in range(options.option_count)]
    options.highlighted = [str(p) for p in names].index(name)
    await pilot.press("enter")
    await pilot.pause()
    await submit(pilot, "#secret-1", PIN)
    assert isinstance(app.screen, CourseMapScreen)
    assert course.modules_for(app.learner.track)[0].id == module_id
    await pilot.press("enter")  # the first module
    await pilot.pause()
    await pilot.press("q")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, QuizScreen)


async def answer_current(pilot, course, module_id: str, track: str) -> str:
    screen_ = pilot.app.screen
    question = screen_.attempt.current()
    for key in answer_keys(question):
        if key == ENTER:
            await pilot.press("enter")
        elif len(key) == 1:
            await pilot.press(key)
        else:
            pilot.app.screen.query_one("#question-area Input", Input).value = key
    await pilot.pause()
    return question.id


def learner_in_hold(course, data: Path, name: str):
    hold = HoldBook(data).create_hold("8.A Vejleå Skole 2026/27", first_track(course))
    store = Store(data)
    learner = store.create_learner(name, hold.track, hold.id)
    store.record(learner).set_pin(PIN)
    return hold, learner, module_with_quiz(course, hold.track)




@pytest.mark.slow
async def test_two_tabs_on_the_same_pupil_both_keep_working(course, data_dir) -> None:
    hold, learner, module = learner_in_hold(course, data_dir, "Amira Hassan")
    one, two = serve_app(course, data_dir), serve_app(course, data_dir)
    async with one.run_test(size=(80, 24)) as first, two.run_test(size=(80, 24)) as second:
        await first.pause()
        await second.pause()
        await sign_in_to_quiz(first, course, hold, "Amira Hassan", module.id)
        await sign_in_to_quiz(second, course, hold, "Amira Hassan", module.id)
        # Both tabs show the same open attempt. The first tab answers two questions; the
        # second, which has not seen them, answers its first question after that.
        shared = one.screen.session.doc["id"]
        assert two.screen.session.doc["id"] == shared
        await answer_current(first, course, module.id, hold.track)
        await first.press("enter")  # the next question
        await first.pause()
        await answer_current(first, course, module.id, hold.track)
        await answer_current(second, course, module.id, hold.track)
        assert "Dit svar" in screen(two) and "Fejl" not in screen(two)
        # Both go on: the first in the shared attempt, the second in its own copy.
        await second.press("enter")
        await second.pause()
        await answer_current(second, course, module.id, hold.track)
        await first.press("enter")
        await first.pause()
        await answer_current(first, course, module.id, hold.track)
        copy = two.screen.session.doc["id"]
        assert copy != shared
    attempts = {doc["id"]: doc for doc in Store(data_dir).record(learner).attempts()}
    assert set(attempts) == {shared, copy}
    assert attempts[copy]["forked_from"] == shared
    assert len(attempts[shared]["answers"]) == 3  # nothing either tab answered was lost
    assert len(attempts[copy]["answers"]) == 2




@pytest.mark.slow
async def test_after_a_server_restart_the_pupil_resumes_the_quiz(course, data_dir) -> None:
    hold, learner, module = learner_in_hold(course, data_dir, "Bertram Lund")
    before = serve_app(course, data_dir)
    async with before.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_to_quiz(pilot, course, hold, "Bertram Lund", module.id)
        answered = await answer_current(pilot, course, module.id, hold.track)
        attempt_id = before.screen.session.doc["id"]
    # The server (and with it the tab's process) is gone; a new process starts afresh.
    after = serve_app(course, data_dir)
    async with after.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "#code", hold.code)
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "#secret-1", PIN)
        assert isinstance(after.screen, CourseMapScreen)
        await pilot.press("f")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(after.screen, QuizScreen)
        assert after.screen.session.resumed
        assert after.screen.session.doc["id"] == attempt_id
        assert answered in after.screen.attempt.to_dict()["responses"]
        assert "spørgsmål 2 af" in screen(after)




@pytest.mark.slow
def test_serve_refuses_a_data_folder_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = subprocess.run(serve_command(8, blocker / "data"), cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "Serveren kan ikke skrive i datamappen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()


def test_a_tab_closed_in_the_middle_of_a_write_leaves_a_valid_record(served, course) -> None:
    """The tab's process is killed while it answers; the record is whole and opens."""
    import aiohttp

    server, hold = served
    data = server.data
    name = "Kasper Holm"
    store = Store(data)
    learner = store.create_learner(name, hold.track, hold.id)
    store.record(learner).set_pin(PIN)
    module = module_with_quiz(course, hold.track)
    path = store.record_path(learner.id)

    async def run() -> None:
        async with aiohttp.ClientSession() as session:
            others = set(descendants(server.process.pid))
            tab = await Tab(server.url).open(session)
            await tab.wait_for("Skriv dit holds kode")
            await tab.send(hold.code, ENTER)
            await tab.wait_for(name)
            mark = tab.mark()
            options = [learner.name for learner in Store(data).learners_in(hold.id)]
            await tab.send(*(["\x1b[B"] * options.index(name)), ENTER)
            await tab.wait_for("Pinkode for", mark)
            mark = tab.mark()
            await tab.send(PIN, ENTER)
            await tab.wait_for("Fortsæt", mark)
            mark = tab.mark()
            await tab.send(ENTER)  # the first module
            await tab.wait_for("sider læst", mark)
            mark = tab.mark()
            await tab.send("q")
            await tab.wait_for("spørgsmål 1 af", mark)
            attempt = wait_until(lambda: open_attempt(path, module.id), what="the attempt")
            questions = {q.id: q for q in course.questions_for(module.id, hold.track)}
            tabs = [pid for pid in descendants(server.process.pid) if pid not in others]
            assert tabs, "the tab's process was not found"
            await tab.send(*answer_keys(questions[current_question(attempt)]))
            await tab.send(ENTER)  # on to the next question, then answer that too
            await asyncio.sleep(0.05)
            for pid in tabs:  # the tab's shell and app, killed mid-run
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            await asyncio.sleep(0.5)
            await tab.close()

    asyncio.run(run())
    record = json.loads(path.read_text("utf-8"))  # whole JSON, never half a file
    assert record["meta"]["1"]["id"] == learner.id
    facts = Store(data).record(learner).facts()
    assert facts.open_attempt(module.id) is not None
    # The server goes on serving the next tab.
    body, _ = fetch(server.url + "/terminal")
    assert b'lang="da"' in body




@pytest.mark.slow
def test_only_the_proxys_own_forwarded_address_counts() -> None:
    from aiohttp.test_utils import make_mocked_request

    from course.web.server import _Session, client_address

    def address(peer: str, forwarded: str | None) -> str:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        request = make_mocked_request("GET", "/ws", headers=headers)
        request._transport_peername = (peer, 50000)
        return client_address(request)

    assert address("10.0.0.9", None) == "10.0.0.9"
    # A browser's own X-Forwarded-For is not believed without a proxy on this machine…
    assert address("10.0.0.9", "1.2.3.4") == "10.0.0.9"
    # …and behind one, only the address the proxy added (the last) counts.
    assert address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert address("127.0.0.1", "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    assert address("127.0.0.1", "nonsense") == "127.0.0.1"

    session = _Session("true", client="203.0.113.5", public_url="https://kursus.example",
                       write_bytes=None, write_str=None, close=None, download_manager=None)
    environment = session._build_environment()
    assert environment["MEDBORGER_CLIENT"] == "203.0.113.5"
    assert environment["MEDBORGER_PUBLIC_URL"] == "https://kursus.example"
    assert "TERM_PROGRAM" not in environment


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="Debian's Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_terminal_works_under_two_host_names_with_the_keyboard_at_once(served, host) -> None:
    """Only the printed address used to work (assets addressed absolutely, blocked by the
    CSP); and the keyboard reached the terminal only after a click."""
    from playwright.sync_api import sync_playwright

    server, hold = served
    url = f"http://{host}:{server.port}/terminal"
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            stream = Stream()
            stream.attach(page)
            page.goto(url)
            stream.wait_for(page, "Skriv dit holds kode")
            assert all(socket.startswith(f"ws://{host}:{server.port}/terminal/ws")
                       for socket in stream.sockets) and stream.sockets
            page.wait_for_function(
                "document.activeElement && "
                "document.activeElement.classList.contains('xterm-helper-textarea')")
            mark = stream.mark()
            page.keyboard.type(hold.code)  # no click first
            page.keyboard.press("Enter")
            stream.wait_for(page, f"Hold: {hold.name}", mark)
        finally:
            browser.close()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], \
        problems
