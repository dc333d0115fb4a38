"""Ctrl+Q in a browser tab: the page says the course is closed and everything is saved
(»Du er logget ud – kurset er lukket«), not »Forbindelsen er lukket«, which is kept for a
connection that really failed."""

from __future__ import annotations

import asyncio
import json

import pytest

from course.web.server import QUIT_CODE, _Session
from progress.holds import HoldBook

from .session_client import Server
from .test_serve_browser import BROWSER_ARGS, CHROMIUM, Stream, first_track


def test_a_course_that_ends_itself_closes_the_socket_with_the_quit_code() -> None:
    closed: list[dict] = []

    async def close(**options) -> None:
        closed.append(options)

    session = _Session("true", client="10.0.0.7", write_bytes=None, write_str=None,
                       close=close, download_manager=None)
    asyncio.run(session.on_meta(json.dumps({"type": "exit"}).encode()))
    assert closed == [{"code": QUIT_CODE}]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="Debian's Chromium is not installed (apt-get install chromium)")
def test_ctrl_q_in_the_browser_says_the_course_is_closed(course, tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    data = tmp_path / "data"
    HoldBook(data).create_hold("8.A Vejleå Skole 2026/27", first_track(course))
    server = Server(data).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=BROWSER_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 720})
                stream = Stream()
                stream.attach(page)
                page.goto(server.url + "/terminal")
                stream.wait_for(page, "Skriv dit holds kode")
                page.locator("#terminal").click()
                page.keyboard.press("Control+q")
                quit_title = page.locator("h1.why-quit")
                quit_title.wait_for(state="visible", timeout=15_000)
                assert quit_title.inner_text() == "Du er logget ud – kurset er lukket"
                assert page.locator("p.why-quit").is_visible()
                assert "gemt" in page.locator("p.why-quit").inner_text()
                assert not page.locator("h1.why-closed").is_visible()
            finally:
                browser.close()
    finally:
        server.stop()
