"""The course as HTML pages at ``/``: every learner and teacher flow as plain forms.

Built on aiohttp and Jinja2 and on the same engine, store and certificates as the
terminal and the plain mode. Every page works without JavaScript; the one script
(``static/sider.js``) only improves them. Mounted by :mod:`course.web.server` with
:func:`add_routes`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

from aiohttp import web

from .core import PAGES, PageProblem, Pages, page_headers
from .sessions import MAX_SESSIONS

__all__ = ["add_routes"]

log = logging.getLogger("medborger.pages")
STATIC = Path(__file__).resolve().parent / "static"


def add_routes(app: web.Application, data_dir: Path, content: Path | None = None,
               public_url: str | None = None, idle_seconds: int | None = None,
               max_sessions: int = MAX_SESSIONS) -> Pages:
    """Mount the pages on ``app``; returns their shared state. ``max_sessions``: the web
    sessions kept at most (:mod:`.sessions`)."""
    from . import certificate, course_map, quiz, scenario, signin, teacher, words

    pages = Pages(data_dir, content, public_url, idle_seconds, max_sessions)
    app[PAGES] = pages
    for flow in (signin, course_map, quiz, scenario, words, certificate, teacher):
        app.add_routes(flow.routes())
    app.router.add_static("/sider/static", STATIC, name="sider-static")
    app.middlewares.append(_errors)
    times_file = os.environ.get("MEDBORGER_PAGE_TIMES")
    if times_file:  # bench/web.py: the server's own time per request, without the network
        _time_pages(app, Path(f"{times_file}.{os.getpid()}"))

    async def sweep(app: web.Application) -> None:
        async def loop() -> None:
            while True:
                await asyncio.get_running_loop().run_in_executor(None, pages.sessions.sweep)
                await asyncio.sleep(600)

        task = asyncio.create_task(loop())
        app.on_cleanup.append(lambda _app: _cancel(task))

    app.on_startup.append(sweep)
    return pages


def _time_pages(app: web.Application, path: Path) -> None:
    times: list[float] = []

    @web.middleware
    async def timed(request: web.Request, handler):
        start = time.perf_counter()
        try:
            return await handler(request)
        finally:
            times.append(time.perf_counter() - start)

    async def write(_app: web.Application) -> None:
        path.write_text("\n".join(f"{t:.6f}" for t in times), encoding="utf-8")

    app.middlewares.insert(0, timed)
    app.on_shutdown.append(write)


async def _cancel(task: asyncio.Task) -> None:
    task.cancel()


@web.middleware
async def _errors(request: web.Request, handler):
    """Danish pages for errors, never a traceback. The terminal route and its websocket
    are left alone: a websocket cannot be answered with a page, and the terminal has its
    own handling."""
    if (request.path.startswith(("/terminal", "/ws", "/static/"))
            or request.headers.get("Upgrade", "").lower() == "websocket"):
        return await handler(request)
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        titles = {404: ("Siden findes ikke", "Der er ingen side på den adresse. Tjek adressen, "
                        "eller gå til forsiden."),
                  405: ("Det kan siden ikke", "Siden kan ikke bruges på den måde. Gå til "
                        "forsiden, og prøv derfra."),
                  413: ("Formularen er for stor", "Det, du sendte, er for stort.")}
        title, text = titles.get(exc.status, ("Noget gik galt", "Siden kunne ikke vises."))
        return _problem(request, PageProblem(title, text, exc.status))
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("page failed: %s", request.path)
        return _problem(request, PageProblem(
            "Noget gik galt", "Siden kunne ikke vises på grund af en fejl i kurset. Intet af "
            "det, du har gemt, er tabt. Prøv igen, og sig det til din lærer, hvis det bliver "
            "ved.", 500))


def _problem(request: web.Request, problem: PageProblem) -> web.Response:
    pages = request.app.get(PAGES)
    if pages is None:
        return web.Response(text=problem.text, status=problem.status, headers=page_headers())
    return pages.problem_page(None, problem)
