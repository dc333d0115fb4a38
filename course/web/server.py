"""The web server behind `medborger serve`, built on textual-serve.

The application has three parts:

- ``/``: the HTML pages for learners and teachers (:mod:`course.web.pages`, when present;
  until then ``/`` leads to the terminal);
- ``/terminal``: the Textual app itself through textual-serve, one process per tab;
- ``/bevis``: the page that verifies a certificate (:mod:`course.web.bevis`).

Every response gets the security headers and every POST and websocket the same-origin
rule from :mod:`course.web.security`, which also holds the one rule for which
``X-Forwarded-For`` address is trusted (:func:`~course.web.security.client_address`).

What this subclass of textual-serve's server changes for the terminal route:

- its own page (``templates/app_index.html``): Danish, ``lang="da"``, a favicon, every
  asset from this server and addressed relative to the page, so ``localhost``, a LAN
  name, ``0.0.0.0`` and a proxy all work without ``--public-url``. textual-serve's own
  page loads a font from a third-party font service and addresses its assets absolutely;
- each tab's process learns the browser's address (``MEDBORGER_CLIENT``), so wrong hold
  codes are counted per browser (:mod:`progress.guard`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .security import client_address, protect

__all__ = ["CourseServer", "client_address", "session_command"]

HERE = Path(__file__).resolve().parent
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
TITLE = "Medborgerskab i Ishøj"
TERMINAL = "/terminal"

log = logging.getLogger("medborger.serve")


def session_command(data_dir: Path, content: Path | None) -> str:
    """The shell command each tab runs: this Python, the session module, the folders."""
    parts = [sys.executable, "-m", "course.web.session", "--data", str(data_dir)]
    if content is not None:
        parts += ["--content", str(content)]
    return " ".join(shlex.quote(part) for part in parts)


QUIT_CODE = 4000
"""The websocket close code for a course that ended itself (the page's »why-quit«)."""


class _Session(AppService):
    """textual-serve's process for one tab, told which browser it serves."""

    def __init__(self, *args: Any, client: str, public_url: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.public_url = public_url

    async def on_meta(self, data: bytes) -> None:
        """The tab's course ended itself (Ctrl+Q, »Afslut«): the socket is closed with
        QUIT_CODE, so the page says the course is closed and everything saved, not that
        the connection failed (terminal.js)."""
        try:
            kind = json.loads(data).get("type")
        except (ValueError, AttributeError):
            kind = None
        if kind == "exit":
            await self.remote_close(code=QUIT_CODE)
            return
        await super().on_meta(data)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["MEDBORGER_CLIENT"] = self.client
        if self.public_url:  # certificates issued in a tab link to /bevis at this address
            environment["MEDBORGER_PUBLIC_URL"] = self.public_url
        environment.pop("TERM_PROGRAM", None)  # no "textual" banner or tools in a tab
        return environment


class CourseServer(Server):
    def __init__(self, data_dir: Path, content: Path | None = None, host: str = "127.0.0.1",
                 port: int = 8000, public_url: str | None = None) -> None:
        super().__init__(session_command(data_dir, content), host=host, port=port, title=TITLE,
                         public_url=public_url.rstrip("/") if public_url else None,
                         statics_path=HERE / "static", templates_path=HERE / "templates")
        self.data_dir = data_dir
        self.content = content
        self.given_public_url = public_url
        self.idle_minutes = 30

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        protect(app, self.given_public_url)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get(TERMINAL, self.handle_index, name="terminal"),
            web.get(TERMINAL + "/", self.handle_slash),
            web.get(TERMINAL + "/ws", self.handle_websocket, name="websocket"),
            web.static(TERMINAL + "/static/textual", TEXTUAL_STATIC, name="textual"),
            web.static(TERMINAL + "/static", self.statics_path, name="static"),
            # textual.js fetches a delivered file at the origin's /download/<key>.
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/favicon.ico", self.handle_favicon),
        ])
        try:
            from . import bevis
        except ImportError:  # pragma: no cover - the verify page is optional
            bevis = None
        if bevis is not None:
            bevis.add_routes(app, self.data_dir, self.given_public_url)
        try:
            from . import pages
        except ImportError:  # the HTML pages are not there yet: / leads to the terminal
            app.router.add_get("/", self.handle_root, name="index")
        else:
            pages.add_routes(app, data_dir=self.data_dir, content=self.content,
                             public_url=self.given_public_url)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_root(self, request: web.Request) -> web.StreamResponse:
        """``/`` without the HTML pages: to the terminal (relative, so any host works)."""
        raise web.HTTPFound(TERMINAL.lstrip("/"))

    async def handle_slash(self, request: web.Request) -> web.StreamResponse:
        """``/terminal/`` is ``/terminal``; the page's relative addresses need one form."""
        query = f"?{request.query_string}" if request.query_string else ""
        raise web.HTTPFound(f"../{TERMINAL.lstrip('/')}{query}")

    async def handle_favicon(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(self.statics_path / "favicon.svg",
                                headers={"Content-Type": "image/svg+xml"})

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The terminal page. Its addresses are relative to it (``terminal/...`` from
        ``/terminal``), so it works under whatever host name and prefix it was asked for."""
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 40)
        base = TERMINAL.lstrip("/")
        return {
            "font_size": font_size,
            "websocket": f"{base}/ws",
            "static": f"{base}/static/",
            "textual": f"{base}/static/textual/",
            "idle_minutes": self.idle_minutes,
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """As textual-serve's, with the browser's address passed to the tab's process."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = min(max(to_int(request.query.get("width", "80"), 80), 20), 400)
        height = min(max(to_int(request.query.get("height", "24"), 24), 10), 200)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = _Session(
                self.command, client=client_address(request),
                public_url=self.given_public_url,
                write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken tab must never stop the server
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to say yet: the port is not bound until the site starts."""

    def _started(self, *_: object) -> None:
        """aiohttp's "running" callback: called once the port is really listening."""
        self.console.print(f"Medborgerskab i Ishøj kører på {self.public_url}", highlight=False)
        self.console.print(f"Data: {self.data_dir}", highlight=False, markup=False)
        self.console.print("Tryk Ctrl+C for at stoppe.", highlight=False)

    def serve(self, debug: bool = False) -> None:
        """As textual-serve's, but says it runs only when the port is bound (a busy port
        then ends in the CLI's Danish message, never after a "kører på")."""
        import signal

        self.debug = debug
        self.initialize_logging()
        try:
            loop = asyncio.get_event_loop()
        except Exception:
            loop = asyncio.new_event_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # pragma: no cover - Windows
            pass
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=self._started,
                    reuse_port=getattr(self, "reuse_port", None))  # --workers N
