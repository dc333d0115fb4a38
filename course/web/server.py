"""The web server behind `medborger serve`, built on textual-serve.

The application has three parts:

- ``/``: the HTML pages for learners and teachers (:mod:`course.web.pages`, when present;
  until then ``/`` leads to the terminal);
- ``/terminal``: the Textual app itself through textual-serve, one process per tab;
- ``/bevis``: the page that verifies a certificate (:mod:`course.web.bevis`).

Every response gets the security headers, every request the host rule (against DNS
rebinding) and every POST and websocket the same-origin rule from
:mod:`course.web.security`, which also holds the one rule for which
``X-Forwarded-For`` address is trusted (:func:`~course.web.security.client_address`).

What this subclass of textual-serve's server changes for the terminal route:

- its own page (``templates/app_index.html``): Danish, ``lang="da"``, a favicon, every
  asset from this server and addressed relative to the page, so ``localhost``, a LAN
  name, ``0.0.0.0`` and a proxy all work without ``--public-url``. textual-serve's own
  page loads a font from a third-party font service and addresses its assets absolutely;
- each tab's process learns the browser's address (``MEDBORGER_CLIENT``), so wrong hold
  codes are counted per browser (:mod:`progress.guard`);
- limits: ``max_sessions`` tabs in all, ``max_per_address`` from one address, a tab closed
  after ``idle_minutes`` without a key; beyond a limit a Danish message and no process;
- every message from the page is checked and ``resize`` clamped (:func:`clamp_size`);
- a tab's process ends within 10 s of its connection, whatever it sent, and with the
  server (:meth:`_Session.end`); textual-serve's ``stop()`` could wait for ever.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMessage, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .security import CSP, client_address, protect

__all__ = ["CourseServer", "client_address", "session_command"]

HERE = Path(__file__).resolve().parent
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
TITLE = "Medborgerskab i Ishøj"
TERMINAL = "/terminal"
# textual-serve 1.1.3's textual.js adds two <style> elements of its own (xterm's rules,
# and an empty one): allowed by their hashes, never by a blanket inline permission. A new
# textual-serve gives new hashes; the browser test of the page fails until they match.
TEXTUAL_JS_STYLES = ("'sha256-03EiY9OLVCaCQVNKUgCYxdI11BJ8pKsqSKUlTlszVsE='",
                     "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
TERMINAL_CSP = CSP.replace("style-src 'self'", "style-src 'self' " + " ".join(TEXTUAL_JS_STYLES))

log = logging.getLogger("medborger.serve")


def session_command(data_dir: Path, content: Path | None) -> str:
    """The shell command each tab runs: this Python, the session module, the folders."""
    parts = [sys.executable, "-m", "course.web.session", "--data", str(data_dir)]
    if content is not None:
        parts += ["--content", str(content)]
    return " ".join(shlex.quote(part) for part in parts)


# The terminal's size, from the URL and from every resize message: within these bounds.
MIN_WIDTH, MAX_WIDTH = 20, 300
MIN_HEIGHT, MAX_HEIGHT = 10, 100
MAX_MESSAGE = 64 * 1024  # bytes in one websocket message from a browser
MAX_STDIN = 4096  # characters of typed (or pasted) text in one message
MAX_BAD_MESSAGES = 50  # messages that are not the page's own before the tab is closed
STOP_GRACE = 3.0  # seconds a tab's process has to quit before it is terminated
KILL_GRACE = 3.0  # then to end on SIGTERM before SIGKILL (all within 10 s)
PER_TAB_BUDGET = 64 * 1024 * 1024  # what one tab's process may take (design: ≤ 60 MiB)
DEFAULT_PER_ADDRESS = 40  # a class of 30 behind one router, its teacher and some spare

# Close codes the page (static/terminal.js) turns into a Danish message.
CLOSE_IDLE, CLOSE_ADDRESS_FULL, CLOSE_SERVER_FULL = 4408, 4429, 4503
SERVER_FULL = ("Serveren har ikke plads til flere lige nu. Vent lidt, og prøv igen.")
ADDRESS_FULL = ("Der er allerede så mange faner åbne fra dit netværk, som serveren tillader. "
                "Luk en fane, du ikke bruger, og prøv igen.")


def clamp_size(width: Any, height: Any, default: tuple[int, int] = (80, 24)) -> tuple[int, int]:
    """A terminal size from the browser, as whole numbers within the bounds."""
    def number(value: Any, fallback: int) -> int:
        if isinstance(value, bool):
            return fallback
        if isinstance(value, (int, float)) and not math.isnan(value):
            return int(value)
        return to_int(str(value), fallback) if isinstance(value, str) else fallback

    return (min(max(number(width, default[0]), MIN_WIDTH), MAX_WIDTH),
            min(max(number(height, default[1]), MIN_HEIGHT), MAX_HEIGHT))


def default_max_sessions() -> int:
    """All tabs together: half the machine's memory (or its cgroup's limit) in tabs of
    :data:`PER_TAB_BUDGET`, at least 4."""
    total = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                total = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    for limit_file in ("/sys/fs/cgroup/memory.max",
                       "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            limit = int(Path(limit_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if 0 < limit < total or not total:
            total = limit
    if not total:
        try:
            import os

            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            total = 4 * 1024**3
    return max(4, int(total * 0.5 // PER_TAB_BUDGET))


def _end_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """In a tab's process: end when the server does, even if it is killed (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PDEATHSIG
    except (OSError, AttributeError):
        pass


QUIT_CODE = 4000
"""The websocket close code for a course that ended itself (the page's »why-quit«)."""


class _Session(AppService):
    """textual-serve's process for one tab, told which browser it serves.

    The process is started without a shell (so the PID is the app's own), ends with
    the server (Linux's parent-death signal), and :meth:`end` stops it within
    :data:`STOP_GRACE` + :data:`KILL_GRACE` seconds whatever state it is in. textual-serve's
    own ``stop()`` asks the app to quit and waits for it for ever: a tab whose input
    thread has ended (an empty keystroke, then a key) never reads that request.
    """

    def __init__(self, *args: Any, client: str, public_url: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.public_url = public_url
        self.last_input = time.monotonic()  # the last key pressed (for the idle timeout)

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

    async def _open_app_process(self, width: int = 80, height: int = 24):
        import sys as _sys

        environment = self._build_environment(width=width, height=height)
        options: dict[str, Any] = {}
        if _sys.platform.startswith("linux"):
            options["preexec_fn"] = _end_with_parent
        self._process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=environment, **options)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def end(self) -> None:
        """Stop the tab's process: ask it to quit, then terminate, then kill."""
        try:
            await asyncio.wait_for(self.stop(), STOP_GRACE)
        except Exception:  # noqa: BLE001 - a stuck or broken tab: it is ended below anyway
            log.debug("a tab did not quit when asked; ending it")
        process = self._process
        if process is not None and process.returncode is None:
            try:
                process.terminate()
                await asyncio.wait_for(process.wait(), KILL_GRACE)
            except ProcessLookupError:
                pass
            except TimeoutError:
                process.kill()
                await process.wait()
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def _envelope(message: WSMessage) -> list[Any] | None:
    """A message from the page as a JSON list starting with its kind, or None."""
    if message.type != WSMsgType.TEXT or len(message.data) > MAX_MESSAGE:
        return None
    try:
        envelope = json.loads(message.data)
    except ValueError:
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    if envelope[0] in ("stdin", "resize", "ping") and len(envelope) != 2:
        return None
    return envelope


class CourseServer(Server):
    def __init__(self, data_dir: Path, content: Path | None = None, host: str = "127.0.0.1",
                 port: int = 8000, public_url: str | None = None, *,
                 max_sessions: int | None = None, max_per_address: int | None = None,
                 idle_minutes: int = 30, allowed_hosts: tuple[str, ...] = ()) -> None:
        super().__init__(session_command(data_dir, content), host=host, port=port, title=TITLE,
                         public_url=public_url.rstrip("/") if public_url else None,
                         statics_path=HERE / "static", templates_path=HERE / "templates")
        self.data_dir = data_dir
        self.content = content
        self.given_public_url = public_url
        self.allowed_hosts = tuple(allowed_hosts)  # --allowed-host (security.host_allowed)
        self.max_sessions = max_sessions or default_max_sessions()
        self.max_per_address = max_per_address or DEFAULT_PER_ADDRESS
        self.idle_minutes = idle_minutes
        self.sessions: dict[str, str] = {}  # the running tabs: id -> counted address
        self.live: dict[str, _Session] = {}

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 1024 * 1024)
        protect(app, self.given_public_url, self.allowed_hosts)
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

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The terminal page. Its addresses are relative to it (``terminal/...`` from
        ``/terminal``), so it works under whatever host name and prefix it was asked for."""
        response = aiohttp_jinja2.render_template("app_index.html", request,
                                                  self._page_context(request))
        response.headers["Content-Security-Policy"] = TERMINAL_CSP
        response.headers["Cache-Control"] = "no-store"
        return response

    def _page_context(self, request: web.Request) -> dict[str, Any]:
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
        """One tab: a process of its own within the limits, ended with its connection.

        Beyond ``max_sessions`` in all or ``max_per_address`` from one address (IPv6 by
        its /64), the socket is answered with a Danish message and closed; no process
        is started. A tab without a key press for ``idle_minutes`` is closed (the page
        says so; a reload resumes). Whatever ends the connection, the process is gone
        within 10 s (:meth:`_Session.end`).
        """
        from progress.guard import address_key

        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width, height = clamp_size(request.query.get("width", "80"),
                                   request.query.get("height", "24"))
        client = client_address(request)
        address = address_key(client)
        await websocket.prepare(request)
        refusal = self._refusal(address)
        if refusal is not None:
            code, text = refusal
            await websocket.send_bytes(f"\r\n  {text}\r\n".encode())
            await websocket.close(code=code, message=b"")
            return websocket
        session = _Session(
            self.command, client=client, public_url=self.given_public_url,
            write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=websocket.close, download_manager=self.download_manager, debug=self.debug)
        self.sessions[session.app_service_id] = address
        self.live[session.app_service_id] = session
        watchdog: asyncio.Task[None] | None = None
        try:
            await session.start(width, height)
            watchdog = asyncio.create_task(self._close_when_idle(websocket, session))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("a tab ended with an error")
        finally:
            if watchdog is not None:
                watchdog.cancel()
            try:
                await asyncio.shield(self._end(session, websocket))
            except asyncio.CancelledError:
                pass
        return websocket

    def _refusal(self, address: str) -> tuple[int, str] | None:
        if len(self.sessions) >= self.max_sessions:
            return CLOSE_SERVER_FULL, SERVER_FULL
        if sum(1 for a in self.sessions.values() if a == address) >= self.max_per_address:
            return CLOSE_ADDRESS_FULL, ADDRESS_FULL
        return None

    async def _end(self, session: _Session, websocket: web.WebSocketResponse) -> None:
        try:
            await session.end()
        finally:
            self.sessions.pop(session.app_service_id, None)
            self.live.pop(session.app_service_id, None)
            if not websocket.closed:
                await websocket.close()

    async def _close_when_idle(self, websocket: web.WebSocketResponse,
                               session: _Session) -> None:
        period = self.idle_minutes * 60
        while not websocket.closed:
            quiet = time.monotonic() - session.last_input
            if quiet >= period:
                await websocket.close(code=CLOSE_IDLE, message=b"")
                return
            await asyncio.sleep(min(30.0, period - quiet + 0.1))

    async def _process_messages(self, websocket: web.WebSocketResponse,  # type: ignore[override]
                                app_service: _Session) -> None:
        """The page's messages, checked: JSON lists of a known kind with values of the
        right type and size; a resize within the bounds. Anything else is dropped, and a
        tab that keeps sending such things is closed."""
        session = app_service
        bad = 0
        async for message in websocket:
            envelope = _envelope(message)
            kind = envelope[0] if envelope else None
            if kind == "stdin" and isinstance(envelope[1], str) \
                    and 0 < len(envelope[1]) <= MAX_STDIN:
                session.last_input = time.monotonic()
                await session.send_bytes(envelope[1].encode("utf-8"))
            elif kind == "resize" and isinstance(envelope[1], dict):
                width, height = clamp_size(envelope[1].get("width"), envelope[1].get("height"))
                await session.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(envelope[1], str) and len(envelope[1]) <= 32:
                await websocket.send_json(["pong", envelope[1]])
            elif kind == "blur" and len(envelope) == 1:
                await session.blur()
            elif kind == "focus" and len(envelope) == 1:
                await session.focus()
            else:
                bad += 1
                if bad > MAX_BAD_MESSAGES:
                    await websocket.close(code=1008, message=b"")
                    return

    async def on_shutdown(self, app: web.Application) -> None:
        """The server stops: every tab's process stops with it."""
        await asyncio.gather(*(session.end() for session in list(self.live.values())),
                             return_exceptions=True)

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to say yet: the port is not bound until the site starts."""

    def _started(self, *_: object) -> None:
        """aiohttp's "running" callback: called once the port is really listening."""
        self.console.print(f"Medborgerskab i Ishøj kører på {self.public_url}", highlight=False)
        self.console.print(f"Data: {self.data_dir}", highlight=False, markup=False)
        self.console.print(f"Terminalen i browseren: højst {self.max_sessions} faner i alt, "
                           f"{self.max_per_address} fra én adresse; en fane lukkes efter "
                           f"{self.idle_minutes} minutter uden tastetryk.", highlight=False)
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
