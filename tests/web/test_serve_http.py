"""`medborger serve` over plain HTTP: routes, security headers, host names and origins.

The application is the one `medborger serve` runs (``CourseServer._make_app``), served
in this process by aiohttp's test server on a free port; the requests are what a browser
sends, with the ``Host`` and ``Origin`` it would send under another host name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from course.web.security import HEADERS, protect
from course.web.server import CourseServer


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self.handlers: list[str] = []
        self.websocket = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag == "script" and not values.get("src"):
            self.inline_scripts += 1
        if tag == "style" or "style" in values:
            self.inline_styles += 1
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if values.get("data-websocket-path"):
            self.websocket = values["data-websocket-path"] or ""


@pytest.fixture
async def client(data_dir: Path):
    server = CourseServer(data_dir)
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        client.course_server = server
        yield client


def _check_headers(response: aiohttp.ClientResponse) -> None:
    for name in HEADERS:
        assert name in response.headers, f"{response.url}: no {name}"
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


async def test_every_response_carries_the_security_headers_errors_included(client) -> None:
    for path, status in [("/terminal", 200), ("/terminal/static/terminal.js", 200),
                         ("/terminal/static/textual/js/textual.js", 200),
                         ("/favicon.ico", 200), ("/bevis", 200),
                         ("/finder-ikke", 404), ("/terminal/static/findes-ikke.css", 404),
                         ("/download/ukendt", 404)]:
        response = await client.get(path, allow_redirects=False)
        assert response.status == status, path
        _check_headers(response)
    response = await client.post("/terminal", data=b"x")  # GET only: 405
    assert response.status == 405
    _check_headers(response)
    response = await client.get("/", allow_redirects=False)  # / leads to the terminal
    assert response.status in (200, 302)
    _check_headers(response)


async def test_an_error_inside_a_handler_gets_the_headers_too() -> None:
    async def broken(request: web.Request) -> web.Response:
        raise RuntimeError("a fault in a page")

    app = protect(web.Application())
    app.router.add_get("/side", broken)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/side")
        assert response.status == 500
        _check_headers(response)


async def test_the_page_has_no_inline_script_or_style_and_only_relative_addresses(client) -> None:
    response = await client.get("/terminal")
    html = await response.text()
    page = _Assets()
    page.feed(html)
    assert page.inline_scripts == 0 and page.inline_styles == 0 and page.handlers == []
    assert page.urls and page.websocket
    for url in page.urls + [page.websocket]:
        assert not urlsplit(url).scheme and not url.startswith("/"), url
    assert "127.0.0.1" not in html and "localhost" not in html


@pytest.mark.parametrize("host", ["localhost", "kursus.skole.lan", "0.0.0.0"])
@pytest.mark.slow
async def test_the_page_and_its_socket_work_under_any_host_name(data_dir: Path,
                                                                host: str) -> None:
    """What hung at »Kurset starter …«: the page under a name other than the printed one
    (a LAN name once it is allowed, as with `--allowed-host kursus.skole.lan`)."""
    server = CourseServer(data_dir, allowed_hosts=("kursus.skole.lan",))
    async with TestClient(TestServer(await server._make_app())) as client:
        await _under_a_host_name(client, host)


async def _under_a_host_name(client: TestClient, host: str) -> None:
    port = client.port
    headers = {"Host": f"{host}:{port}"}
    response = await client.get("/terminal", headers=headers)
    assert response.status == 200
    page = _Assets()
    page.feed(await response.text())
    base = f"http://{host}:{port}/terminal"
    for url in page.urls:
        absolute = urljoin(base, url)
        assert urlsplit(absolute).hostname == host
        asset = await client.get(urlsplit(absolute).path, headers=headers)
        assert asset.status == 200, absolute
        if absolute.endswith(".css"):  # the fonts the stylesheet loads, relative to it
            for font in re.findall(r'url\("([^"]+)"\)', await asset.text()):
                found = await client.get(urlsplit(urljoin(absolute, font)).path,
                                         headers=headers)
                assert found.status == 200, font
    socket = urlsplit(urljoin(base, page.websocket)).path
    async with client.ws_connect(socket, headers={**headers,
                                                  "Origin": f"http://{host}:{port}"}) as ws:
        first = await ws.receive(timeout=60)
        assert first.type == aiohttp.WSMsgType.BINARY  # the tab's screen is coming
        await ws.close()


async def test_another_sites_socket_and_post_are_refused(client) -> None:
    port = client.port
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/terminal/ws", headers={"Origin": "https://ond.example"})
    assert refused.value.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/terminal/ws", headers={"Origin": "null"})
    evil = await client.post("/bevis", data={"kode": "ISH-AAAA-BBBB"},
                             headers={"Origin": f"http://ond.example:{port}"})
    assert evil.status == 403
    assert "afvist" in await evil.text()
    _check_headers(evil)
    cross = await client.post("/bevis", data={"kode": "ISH-AAAA-BBBB"},
                              headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status == 403
    own = await client.post("/bevis", data={"kode": "ISH-AAAA-BBBB"},
                            headers={"Origin": f"http://127.0.0.1:{port}"})
    assert own.status == 200


async def test_with_a_public_url_only_that_origin_is_accepted(data_dir: Path) -> None:
    server = CourseServer(data_dir, public_url="https://kursus.ishoj.example/")
    app = await server._make_app()
    async with TestClient(TestServer(app)) as client:
        proxied = {"Host": "kursus.ishoj.example"}  # what the proxy passes on
        own = await client.post("/bevis", data={"kode": "x"},
                                headers={**proxied, "Origin": "https://kursus.ishoj.example"})
        assert own.status == 200
        other = await client.post("/bevis", data={"kode": "x"},
                                  headers={**proxied,
                                           "Origin": f"http://127.0.0.1:{client.port}"})
        assert other.status == 403


# -- DNS rebinding: only the server's own names ---------------------------------------------


@pytest.mark.parametrize(("host", "public_url", "allowed", "expected"), [
    ("localhost:8000", None, (), True),
    ("localhost", None, (), True),
    ("LOCALHOST.:8000", None, (), True),
    ("127.0.0.1:8000", None, (), True),
    ("10.20.30.40", None, (), True),
    ("0.0.0.0:8000", None, (), True),
    ("[::1]:8000", None, (), True),
    ("[fe80::1]", None, (), True),
    ("kursus.skole.lan:8000", None, ("kursus.skole.lan",), True),
    ("Kursus.Skole.Lan", None, ("kursus.skole.lan",), True),
    ("kursus.skole.lan:8000", None, (), False),
    ("ond.example:8000", None, (), False),
    ("ond.example", None, ("kursus.skole.lan",), False),
    ("127.0.0.1.ond.example", None, (), False),
    ("localhost.ond.example", None, (), False),
    ("::1", None, (), False),  # IPv6 only in brackets
    ("[127.0.0.1]", None, (), False),
    ("", None, (), False),
    (None, None, (), False),
    ("ond.example@127.0.0.1", None, (), False),
    ("127.0.0.1/x", None, (), False),
    ("127.0.0.1:99999", None, (), False),
    ("local host", None, (), False),
    ("kursus.ishoj.dk", "https://kursus.ishoj.dk", (), True),
    ("kursus.ishoj.dk:443", "https://kursus.ishoj.dk/", (), True),
    ("kursus.ishoj.dk:8443", "https://kursus.ishoj.dk:8443", (), True),
    ("kursus.ishoj.dk", "https://kursus.ishoj.dk:8443", (), True),  # nginx's $host
    ("kursus.ishoj.dk:8000", "https://kursus.ishoj.dk", (), False),
    ("127.0.0.1:8000", "https://kursus.ishoj.dk", (), False),
    ("localhost", "https://kursus.ishoj.dk", (), False),
    ("ond.example", "https://kursus.ishoj.dk", (), False),
])
def test_the_host_rule(host, public_url, allowed, expected) -> None:
    from course.web.security import host_allowed

    assert host_allowed(host, public_url, frozenset(allowed)) is expected


def test_the_machines_own_names_are_accepted() -> None:
    import socket

    from course.web.security import host_allowed

    assert host_allowed(f"{socket.gethostname()}:8000")
    assert host_allowed(socket.getfqdn())


async def _refused(response: aiohttp.ClientResponse) -> None:
    assert response.status == 400, response.url
    _check_headers(response)
    assert response.headers["Content-Type"].startswith("text/html")
    page = await response.text()
    assert '<html lang="da">' in page
    assert "--public-url" in page and "--allowed-host" in page
    assert "<script" not in page


async def test_a_rebound_name_is_refused_on_every_route(client) -> None:
    """A page of ond.example whose name now points at the school server: same origin
    for the browser, so it sends Host and Origin ond.example. Nothing is answered."""
    port = client.port
    evil = {"Host": f"ond.example:{port}", "Origin": f"http://ond.example:{port}"}
    for path in ("/", "/terminal", "/terminal/static/terminal.js", "/bevis", "/favicon.ico",
                 "/finder-ikke"):
        await _refused(await client.get(path, headers={"Host": evil["Host"]},
                                        allow_redirects=False))
    await _refused(await client.post("/bevis", data={"kode": "ISH-AAAA-BBBB"}, headers=evil))
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/terminal/ws", headers=evil)
    assert refused.value.status == 400
    assert not client.course_server.sessions  # no tab was started
    # The name shown to the operator is escaped, never markup.
    response = await client.get("/", headers={"Host": "<b>x"})
    assert response.status == 400 and "<b>" not in await response.text()


async def test_an_allowed_name_is_served(data_dir: Path) -> None:
    server = CourseServer(data_dir, allowed_hosts=("kursus.skole.lan",))
    async with TestClient(TestServer(await server._make_app())) as client:
        lan = {"Host": f"kursus.skole.lan:{client.port}"}
        assert (await client.get("/terminal", headers=lan)).status == 200
        assert (await client.get("/terminal", headers={"Host": "ond.example"})).status == 400


async def test_with_a_public_url_only_its_name_is_served(data_dir: Path) -> None:
    server = CourseServer(data_dir, public_url="https://kursus.ishoj.example")
    async with TestClient(TestServer(await server._make_app())) as client:
        assert (await client.get("/terminal",
                                 headers={"Host": "kursus.ishoj.example"})).status == 200
        await _refused(await client.get("/terminal"))  # 127.0.0.1:port
        await _refused(await client.get("/terminal", headers={"Host": "ond.example"}))


def test_one_rule_for_the_forwarded_address() -> None:
    """/bevis, the socket and the pages count the same address: the proxy's last entry."""
    from aiohttp.test_utils import make_mocked_request

    from course.web import bevis, security, server

    request = make_mocked_request("GET", "/bevis",
                                  headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.5"})
    request._transport_peername = ("127.0.0.1", 50000)
    assert security.client_address(request) == "203.0.113.5"
    assert server.client_address is security.client_address
    assert bevis.client_address is security.client_address
    assert not hasattr(bevis, "_client")
