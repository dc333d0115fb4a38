"""The /bevis page in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright),
with JavaScript switched off: typing a code, uploading the JSON, the QR code's link, the
keyboard, and no request to any other host."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest
from aiohttp import web

from course.certificates.service import revoke
from course.web import bevis
from progress import Store
from tests.certificates.test_certificates import NAME

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason="headless Chromium is missing: apt-get install chromium (Debian) for this test",
)]


class _Server:
    """The /bevis routes on 127.0.0.1 in a thread of their own."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        bevis.add_routes(app, self.data_dir, None)
        self.runner = web.AppRunner(app)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self) -> str:
        self.thread.start()
        assert self.ready.wait(20)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(20)


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(java_script_enabled=False, locale="da-DK")
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.requests = requests  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_check_a_code_and_a_file_without_javascript(issued, employee, store: Store,
                                                    browser_page) -> None:
    page = browser_page
    revoke(store.root, employee.code, "Udstedt ved en fejl")
    with _Server(store.root) as base:
        page.goto(f"{base}/bevis")
        assert page.get_attribute("html", "lang") == "da"
        assert page.title().startswith("Kontrollér et kursusbevis")
        # a code, typed from the keyboard only: Tab to the field, type, Enter
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "kode"
        page.keyboard.type(issued.code.lower())
        with page.expect_navigation():
            page.keyboard.press("Enter")
        heading = page.get_by_role("heading", level=2).first.inner_text()
        assert "Gyldigt" in heading
        assert NAME in page.inner_text("main")
        assert "Politikkens version" in page.inner_text("main")
        # the revoked one, by the label
        page.get_by_label("Bekræftelseskode").fill(employee.code)
        with page.expect_navigation():
            page.get_by_role("button", name="Kontrollér koden").click()
        assert "Tilbagekaldt" in page.get_by_role("heading", level=2).first.inner_text()
        assert "Udstedt ved en fejl" in page.inner_text("main")
        # the JSON file, uploaded
        page.get_by_label("Kursusbevisets PDF- eller JSON-fil").set_input_files(
            str(issued.json_path))
        with page.expect_navigation():
            page.get_by_role("button", name="Kontrollér filen").click()
        assert "Gyldigt" in page.get_by_role("heading", level=2).first.inner_text()
        # the QR code's link
        page.goto(f"{base}/bevis?kode={issued.code}")
        assert "Gyldigt" in page.get_by_role("heading", level=2).first.inner_text()
        page.screenshot(path=str(store.root / "bevis.png"), full_page=True)
        page.goto(f"{base}/bevis?kode=ISH-0000-0000")
        assert "Ugyldigt" in page.get_by_role("heading", level=2).first.inner_text()
    assert page.requests and all(url.startswith(base) for url in page.requests), page.requests
