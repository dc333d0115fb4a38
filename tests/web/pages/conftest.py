"""An aiohttp test client on the whole server (`medborger serve`'s app) over a fresh data
folder with one hold, and helpers that drive the pages as a browser would."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from progress.holds import HoldBook

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """A test client that keeps the cookie, follows redirects and fills in CSRF tokens."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.page = ""
        self.url = "/"
        self.status = 0

    async def get(self, url: str) -> str:
        response = await self.client.get(url)
        self.page, self.url, self.status = await response.text(), str(response.url.path), response.status
        return self.page

    def token(self) -> str:
        found = CSRF.search(self.page)
        return unescape(found.group(1)) if found else ""

    async def post(self, url: str, data=None, csrf: str | None = None) -> str:
        fields = list(data.items()) if isinstance(data, dict) else list(data or [])
        fields.append(("csrf", self.token() if csrf is None else csrf))
        response = await self.client.post(url, data=fields)
        self.page, self.url, self.status = await response.text(), str(response.url.path), response.status
        return self.page

    def title(self) -> str:
        return unescape(re.search(r"<title>(.*?)</title>", self.page, re.DOTALL).group(1))

    def text(self) -> str:
        body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", self.page, flags=re.DOTALL)
        return unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split()))

    def new(self) -> Browser:
        """Another browser (no cookies) on the same server."""
        from aiohttp import CookieJar

        client = TestClient(self.client.server, cookie_jar=CookieJar(unsafe=True))
        return Browser(client)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def hold(data_dir: Path):
    return HoldBook(data_dir).create_hold("8.A Vejleå Skole", "skole")


@pytest.fixture
async def server(data_dir: Path, hold):
    from course.web.server import CourseServer

    app = await CourseServer(data_dir)._make_app()
    test_server = TestServer(app)
    await test_server.start_server()
    yield test_server
    await test_server.close()


@pytest.fixture
async def browser(server):
    from aiohttp import CookieJar

    client = TestClient(server, cookie_jar=CookieJar(unsafe=True))
    await client.start_server()
    yield Browser(client)
    await client.close()


async def sign_up(browser: Browser, hold, name: str = "Amira", pin: str = "4711") -> None:
    """A new pupil: code, »Jeg er ny«, name and PIN."""
    await browser.get("/")
    await browser.post("/log-ind/kode", {"kode": hold.code})
    await browser.post("/log-ind/navn", {"deltager": "ny"})
    await browser.post("/log-ind/ny", {"navn": name, "pinkode": pin, "pinkode2": pin})
