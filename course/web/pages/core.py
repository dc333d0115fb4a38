"""What every page handler shares: the course, the store, sessions, CSRF, templates, errors.

A handler is wrapped by :func:`page`, which loads the session, refuses a POST without the
session's CSRF token, checks who may see the page, and sends the session cookie. Handlers
return a response from :meth:`Pages.render` or :func:`redirect` (POST, then redirect).
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from aiohttp import web

from course.files import danish_reason
from progress import Learner, Record, Store
from progress.guard import Guard
from progress.holds import ADMIN, HoldBook, HoldProblem

from .sessions import MAX_SESSIONS, Session, SessionsFull, SessionStore

HERE = Path(__file__).resolve().parent
SITE = "Medborgerskab i Ishøj"
COOKIE = "medborger_session"
MAX_FORM_BYTES = 64 * 1024
HANDLER_SECONDS = 20

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")

log = logging.getLogger("medborger.pages")


class PageProblem(Exception):
    """Something the visitor must be told on a page of its own (Danish)."""

    def __init__(self, title: str, text: str, status: int = 400,
                 link: tuple[str, str] | None = None) -> None:
        super().__init__(text)
        self.title = title
        self.text = text
        self.status = status
        self.link = link


@dataclass
class Visit:
    """One request's session and who is signed in."""

    request: web.Request
    session: Session
    learner: Learner | None = None
    teacher: str | None = None  # an account id, or ADMIN

    @property
    def csrf(self) -> str:
        token = self.session.get("csrf")
        if not isinstance(token, str):
            token = secrets.token_urlsafe(24)
            self.session["csrf"] = token
            self.session.mark()
        return token

    def flash(self, text: str, kind: str = "info") -> None:
        self.session.setdefault("flash", []).append([kind, text])
        self.session.mark()

    def take_flash(self) -> list[list[str]]:
        messages = self.session.pop("flash", None) or []
        if messages:
            self.session.mark()
        return messages


class Pages:
    """The shared state of the web pages (one per server process)."""

    def __init__(self, data_dir: Path, content: Path | None = None,
                 public_url: str | None = None, idle_seconds: int | None = None,
                 max_sessions: int = MAX_SESSIONS) -> None:
        from course.content import default_content_dir, load_course_cached

        self.data_dir = Path(data_dir)
        self.course = load_course_cached(content or default_content_dir())
        self.store = Store(self.data_dir)
        self.holds = HoldBook(self.data_dir)
        self.guard = Guard(self.data_dir)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.secure = bool(self.public_url and self.public_url.startswith("https:"))
        kwargs = {"idle": idle_seconds} if idle_seconds else {}
        self.sessions = SessionStore(self.data_dir / "web" / "sessions",
                                     max_sessions=max_sessions, **kwargs)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        from course.export.html import markdown_html

        @functools.lru_cache(maxsize=4096)  # the course's texts never change while serving
        def markdown(text: str) -> str:
            return jinja2.utils.markupsafe.Markup(markdown_html(text or "", heading_offset=1))

        self.env.filters["markdown"] = markdown
        self.env.globals["site"] = SITE
        from progress import passwords  # the rule texts have one source

        self.env.globals.update(pin_rule_short=passwords.PIN_RULE_SHORT,
                                pin_max=passwords.PIN_MAX,
                                one_time_rule=passwords.ONE_TIME_RULE,
                                pin_stays=passwords.PIN_STAYS)
        # Writes wait for the disk (fsync); they wait in these threads, never in the event
        # loop, so other learners' pages go on meanwhile. The store's locks order them.
        self.io_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="medborger-io")

    async def io(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run a store operation that writes, in an I/O thread."""
        return await asyncio.get_running_loop().run_in_executor(self.io_pool, function, *args)

    # -- who -------------------------------------------------------------------------

    def learner(self, learner_id: str) -> Learner | None:
        for learner in self.store.learners():
            if learner.id == learner_id:
                return learner
        return None

    def signed_in_learner(self, saved: Any) -> Learner | None:
        """The learner a session names (kept in the session: no index read per request),
        or None when the learner has been deleted since."""
        if not isinstance(saved, dict):
            return None
        try:
            learner = Learner(**{k: saved.get(k) for k in ("id", "name", "track", "created",
                                                            "hold")})
            if not self.store.record_path(learner.id).exists():
                return None
        except (TypeError, ValueError, OSError):
            return None
        return learner

    def record(self, learner: Learner) -> Record:
        return self.store.record(learner)

    def teacher_name(self, owner: str) -> str:
        if owner == ADMIN:
            return "Administrator"
        try:
            account = self.holds.account(owner)
        except HoldProblem:
            account = None
        return account.name if account else "Lærer"

    # -- responses -------------------------------------------------------------------

    def render(self, visit: Visit | None, template: str, title: str, status: int = 200,
               **context: Any) -> web.Response:
        context.setdefault("errors", [])
        html = self.env.get_template(template).render(
            title=title, visit=visit,
            csrf=visit.csrf if visit is not None else "",
            flashes=visit.take_flash() if visit is not None else [],
            learner=visit.learner if visit is not None else None,
            teacher=visit.teacher if visit is not None else None,
            teacher_name=self.teacher_name(visit.teacher) if visit and visit.teacher else "",
            path=visit.request.path if visit is not None else "/",
            **context)
        return web.Response(text=html, status=status, content_type="text/html",
                            charset="utf-8", headers=page_headers())

    def problem_page(self, visit: Visit | None, problem: PageProblem) -> web.Response:
        return self.render(visit, "problem.html", problem.title, status=problem.status,
                           text=problem.text, link=problem.link)


def page_headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            # "same-origin", not "no-referrer": with no-referrer a browser sends
            # "Origin: null" on a form POST, and the same-origin rule refuses it.
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY"}


PAGES = web.AppKey("medborger_pages", Pages)


def pages_of(request: web.Request) -> Pages:
    return request.app[PAGES]


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, **page_headers()})


def safe_next(value: Any) -> str | None:
    """A path on this site to go back to (never another host)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or len(value) > 300 or any(ord(c) < 0x20 for c in value):
        return None
    return value


async def read_form(request: web.Request) -> dict[str, list[str]]:
    """The POSTed form, bounded in size; every field as a list of its values."""
    if request.content_length is not None and request.content_length > MAX_FORM_BYTES:
        raise PageProblem("Formularen er for stor",
                          "Det, du sendte, er for stort. Skriv lidt kortere, og prøv igen.", 413)
    body = await request.content.read(MAX_FORM_BYTES + 1)
    if len(body) > MAX_FORM_BYTES:
        raise PageProblem("Formularen er for stor",
                          "Det, du sendte, er for stort. Skriv lidt kortere, og prøv igen.", 413)
    from urllib.parse import parse_qsl

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PageProblem("Formularen kan ikke læses",
                          "Formularen kom ikke frem i en form, siden kan læse. Prøv igen.") from None
    form: dict[str, list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True, max_num_fields=200):
        form.setdefault(key, []).append(value)
    return form


def one(form: dict[str, list[str]], key: str, default: str = "") -> str:
    values = form.get(key)
    return values[0] if values else default


Handler = Callable[..., Awaitable[web.StreamResponse]]


def page(who: str = "any") -> Callable[[Handler], Handler]:
    """Wrap a handler: ``who`` is "any", "learner" or "teacher".

    The handler is called as ``handler(pages, visit, request)`` for GET, and with the form
    as a fourth argument for POST.
    """

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            pages = pages_of(request)
            session = pages.sessions.load(request.cookies.get(COOKIE))
            visit = Visit(request, session)
            try:
                response = await asyncio.wait_for(
                    _guarded(pages, visit, request, handler, who), HANDLER_SECONDS)
            except PageProblem as problem:
                response = pages.problem_page(visit, problem)
            except TimeoutError:
                response = pages.problem_page(visit, PageProblem(
                    "Det tog for lang tid",
                    "Serveren nåede ikke at svare. Prøv igen om lidt.", 503))
            return _save_session(pages, visit, response)

        return run

    return wrap


async def _guarded(pages: Pages, visit: Visit, request: web.Request, handler: Handler,
                   who: str) -> web.StreamResponse:
    session = visit.session
    form: dict[str, list[str]] | None = None
    if request.method == "POST":
        form = await read_form(request)
        token = one(form, "csrf")
        expected = session.get("csrf")
        if session.id is None or not isinstance(expected, str):
            back = safe_next(one(form, "tilbage"))
            if back:
                session["next"] = back
                session.mark()
            raise PageProblem(
                "Din session er udløbet",
                "Du har ikke været aktiv i et stykke tid, så du er logget ud. Det, du sendte, "
                "er ikke gemt. Log ind igen, så kommer du tilbage, hvor du var.", 403,
                link=("/", "Log ind igen"))
        if not token or not hmac.compare_digest(token, expected):
            raise PageProblem(
                "Formularen er for gammel",
                "Formularen kom fra en ældre side, så den er ikke brugt, og intet er ændret. "
                "Gå tilbage, hent siden igen, og prøv en gang til.", 403,
                link=(safe_next(one(form, "tilbage")) or "/", "Tilbage"))
    if "learner" in session:
        learner = pages.signed_in_learner(session["learner"])
        if learner is None:  # deleted meanwhile
            pages.sessions.rotate(session)
        else:
            visit.learner = learner
    if isinstance(session.get("teacher"), str):
        visit.teacher = session["teacher"]
    if who == "learner" and visit.learner is None:
        return _to_signin(visit, "/")
    if who == "teacher" and visit.teacher is None:
        return _to_signin(visit, "/laerer/log-ind")
    try:
        if form is None:
            return await handler(pages, visit, request)
        return await handler(pages, visit, request, form)
    except OSError as exc:
        raise PageProblem(
            "Datamappen kan ikke bruges",
            f"Kurset kan ikke læse eller gemme i sin datamappe ({danish_reason(exc)}). "
            "Det, du sendte, er ikke gemt. Prøv igen om lidt, og sig det til din lærer, hvis "
            "det bliver ved.", 503) from None


def _to_signin(visit: Visit, signin: str) -> web.Response:
    request = visit.request
    if request.method == "GET":
        visit.session["next"] = request.path_qs
    if visit.session.expired:
        visit.flash("Du har ikke været aktiv i et stykke tid, så du er logget ud. Log ind "
                    "igen, så kommer du tilbage, hvor du var.")
    visit.session.mark()
    return redirect(signin)


BUSY = PageProblem("Der er travlt lige nu",
                   "Der er så mange besøgende på kurset lige nu, at der ikke er plads til en "
                   "til. Vent et minut, og prøv igen.", 503)


def _save_session(pages: Pages, visit: Visit,
                  response: web.StreamResponse) -> web.StreamResponse:
    """Save the session and send its cookie; the response to send. A new visitor for
    whom there is no room (:class:`SessionsFull`) gets a Danish 503 page instead."""
    session = visit.session
    if not session.changed:
        return response
    try:
        pages.sessions.save(session)
    except SessionsFull:
        log.warning("no room for a new web session: every one left is signed in")
        busy = pages.problem_page(None, BUSY)
        busy.headers["Retry-After"] = "60"
        return busy
    except OSError as exc:
        log.warning("session not saved: %s", danish_reason(exc))
        return response
    if session.new_id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="Lax",
                            secure=pages.secure, path="/")
    return response


def same_place(a: Any, b: Any) -> bool:
    """Whether two positions (``progress.Position``, ``engine.session.Target``) agree."""
    def key(p: Any) -> tuple | None:
        return None if p is None else (p.module, p.page, p.activity, p.ref)

    return key(a) == key(b)


def quoted(text: str) -> str:
    return quote(text, safe="")
