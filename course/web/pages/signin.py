"""Signing in and out: hold code, name, PIN for learners; name and passphrase for teachers.

The same rules as the terminal route (:mod:`course.tui.screens.hold_signin` and
:mod:`course.tui.screens.signin`): wrong codes counted per browser address, wrong PINs per
learner, wrong passphrases per account, all on disk (:mod:`progress.guard`). No learner's
name is shown before a valid hold code. A new learner chooses name and PIN on one form,
so no learner is ever left without a PIN.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

from aiohttp import web

from course.files import danish_reason
from progress import InvalidName, Learner
from progress.guard import Limit, passphrase_limit, pin_limit
from progress.holds import ADMIN, Hold, HoldProblem
from progress.passwords import PIN_RULE, valid_pin

from .core import PageProblem, Pages, Visit, one, page, redirect, safe_next


def client_of(request: web.Request) -> str:
    from course.web.security import client_address

    return client_address(request)


# One thread for the slow work (PIN and passphrase hashes: scrypt, 16 MiB and tens of ms
# each; signing a certificate). The event loop keeps a core to itself for every other
# page, and a burst of sign-ins queues here instead of taking both cores and the memory of
# many hashes at once.
SLOW_WORK = ThreadPoolExecutor(max_workers=1, thread_name_prefix="medborger-slow")


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(SLOW_WORK, function, *args)


async def guarded(pages: Pages, limits: list[Limit], test: Callable[[str], bool], text: str,
                  wrong: str) -> str | None:
    """None when ``test`` accepts ``text``, else the guard's Danish message (a wrong try,
    a wait, or a try refused because it could not be counted: progress.guard fails
    closed). The try is counted before the secret is checked."""
    try:
        outcome = await in_thread(pages.guard.attempt, limits, lambda: test(text))
    except OSError as exc:  # the record or account file could not be read
        return (f"Datamappen kan ikke læses ({danish_reason(exc)}). "
                "Prøv igen senere.")
    return None if outcome.accepted else outcome.message(wrong)


def _hold_of(pages: Pages, visit: Visit) -> Hold | None:
    hold_id = visit.session.get("hold")
    if not isinstance(hold_id, str):
        return None
    try:
        return pages.holds.hold(hold_id)
    except HoldProblem:
        return None


def sign_in_learner(pages: Pages, visit: Visit, learner: Learner) -> web.Response:
    session = visit.session
    target = safe_next(session.get("next")) or "/oversigt"
    pages.sessions.rotate(session, keep={"learner": asdict(learner),
                                         "csrf": secrets.token_urlsafe(24)})
    visit.learner = learner
    visit.flash(f"Du er logget ind som {learner.name}.", "success")
    return redirect(target)


# -- the hold code ---------------------------------------------------------------------


@page()
async def start(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    if visit.learner is not None:
        return redirect("/oversigt")
    if visit.teacher is not None:
        return redirect("/laerer")
    return pages.render(visit, "signin_code.html", "Log ind med holdets kode", typed="")


@page()
async def code(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    typed = one(form, "kode")[:40]
    # Counting the try writes the guard's file (fsync): in an I/O thread, not the loop.
    problem, hold = await pages.io(_check_code, pages, client_of(request), typed)
    if hold is None:
        return pages.render(visit, "signin_code.html", "Log ind med holdets kode", status=400,
                            typed=typed, errors=[("kode", problem)])
    visit.session["hold"] = hold.id
    visit.session.pop("pending", None)
    visit.session.mark()
    return redirect("/log-ind/navn")


def _check_code(pages: Pages, client: str, typed: str) -> tuple[str | None, Hold | None]:
    """The hold, or a Danish reason: progress.holds.HoldBook.open_with_code."""
    try:
        return pages.holds.open_with_code(typed, pages.guard, client,
                                          {t.id for t in pages.course.tracks})
    except HoldProblem as exc:
        return str(exc), None


# -- the name ----------------------------------------------------------------------------


@page()
async def names(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    hold = _hold_of(pages, visit)
    if hold is None:
        return redirect("/")
    learners = pages.store.learners_in(hold.id)
    return pages.render(visit, "signin_name.html", f"Vælg dit navn på {hold.name}", hold=hold,
                        learners=learners)


@page()
async def choose_name(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold = _hold_of(pages, visit)
    if hold is None:
        return redirect("/")
    chosen = one(form, "deltager")
    if chosen == "ny":
        return redirect("/log-ind/ny")
    learners = pages.store.learners_in(hold.id)
    learner = next((l for l in learners if l.id == chosen), None)
    if learner is None:
        return pages.render(visit, "signin_name.html", f"Vælg dit navn på {hold.name}",
                            status=400, hold=hold, learners=learners,
                            errors=[("deltager-0" if learners else "deltager-ny",
                                     "Vælg dit navn på listen, eller vælg »Jeg er ny på "
                                     "holdet«.")])
    visit.session["pending"] = learner.id
    visit.session.mark()
    return redirect("/log-ind/pinkode")


# -- a new learner -------------------------------------------------------------------------


@page()
async def new_form(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    hold = _hold_of(pages, visit)
    if hold is None:
        return redirect("/")
    return pages.render(visit, "signin_new.html", "Ny på holdet", hold=hold, name="")


@page()
async def new_learner(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold = _hold_of(pages, visit)
    if hold is None:
        return redirect("/")
    name = one(form, "navn")[:200]
    pin, again = one(form, "pinkode"), one(form, "pinkode2")
    errors = []
    if not name.strip():
        errors.append(("navn", "Skriv dit navn."))
    if not valid_pin(pin):
        errors.append(("pinkode", PIN_RULE))
    elif pin != again:
        errors.append(("pinkode2", "De to pinkoder er ikke ens. Skriv den samme to gange."))
    learner = None
    if not errors:
        # The learner and the PIN in one write (no learner in a hold without a PIN), and
        # the hold's limits checked under the same lock (progress.holds.HoldBook.join).
        try:
            learner = await in_thread(pages.holds.join, pages.store, name, hold, pin)
        except (InvalidName, HoldProblem) as exc:
            errors.append(("navn", str(exc)))
    if learner is None:
        return pages.render(visit, "signin_new.html", "Fejl: Ny på holdet", status=400,
                            hold=hold, name=name, errors=errors)
    return sign_in_learner(pages, visit, learner)


# -- the PIN -------------------------------------------------------------------------------


def _pending(pages: Pages, visit: Visit) -> tuple[Hold | None, Learner | None]:
    hold = _hold_of(pages, visit)
    pending = visit.session.get("pending")
    if hold is None or not isinstance(pending, str):
        return hold, None
    learner = next((l for l in pages.store.learners_in(hold.id) if l.id == pending), None)
    return hold, learner


def _pin_state(pages: Pages, visit: Visit, learner: Learner) -> str:
    """Which form the PIN page shows: "pin", "one_time" (after a teacher's reset),
    "choose" (a new PIN, once the one-time code was right) or "none" (no PIN at all:
    nobody may claim the name until a teacher gives a one-time code)."""
    record = pages.record(learner)
    if not record.has_pin():
        return "none"
    if record.pin_reset():
        return "choose" if visit.session.get("reset_ok") == learner.id else "one_time"
    return "pin"


def _pin_page(pages: Pages, visit: Visit, learner: Learner, state: str, status: int = 200,
              errors: list | None = None) -> web.Response:
    titles = {"pin": f"Pinkode for {learner.name}", "one_time": f"Engangskode for {learner.name}",
              "choose": f"Vælg en ny pinkode, {learner.name}",
              "none": f"{learner.name} har ingen pinkode"}
    title = titles[state]
    return pages.render(visit, "signin_pin.html", f"Fejl: {title}" if errors else title,
                        status=status, who=learner, state=state, heading=title,
                        errors=errors or [])


@page()
async def pin_form(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    hold, learner = _pending(pages, visit)
    if learner is None:
        return redirect("/log-ind/navn" if hold else "/")
    return _pin_page(pages, visit, learner, _pin_state(pages, visit, learner))


@page()
async def pin(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold, learner = _pending(pages, visit)
    if learner is None:
        return redirect("/log-ind/navn" if hold else "/")
    record = pages.record(learner)
    state = _pin_state(pages, visit, learner)
    typed = one(form, "pinkode")
    if state == "none":
        return _pin_page(pages, visit, learner, state, 400)
    if state == "choose":
        again = one(form, "pinkode2")
        if not valid_pin(typed):
            error = ("pinkode", PIN_RULE)
        elif typed != again:
            error = ("pinkode2", "De to pinkoder er ikke ens. Skriv den samme to gange.")
        else:
            await in_thread(record.set_pin, typed)
            visit.session.pop("reset_ok", None)
            return sign_in_learner(pages, visit, learner)
        return _pin_page(pages, visit, learner, state, 400, [error])
    wrong = "Forkert engangskode." if state == "one_time" else "Forkert pinkode."
    problem = await guarded(pages, pin_limit(learner.id), record.check_pin, typed, wrong)
    if problem:
        return _pin_page(pages, visit, learner, state, 400, [("pinkode", problem)])
    if state == "one_time":  # right: now a new PIN; the code works until one is saved
        visit.session["reset_ok"] = learner.id
        visit.session.mark()
        return redirect("/log-ind/pinkode")
    return sign_in_learner(pages, visit, learner)


# -- teachers and HR ------------------------------------------------------------------------


@page()
async def teacher_form(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    if visit.teacher is not None:
        return redirect("/laerer")
    return pages.render(visit, "signin_teacher.html", "Log ind som lærer eller HR",
                        name="", **_teacher_state(pages))


def _teacher_state(pages: Pages) -> dict[str, Any]:
    try:
        has_accounts = bool(pages.holds.accounts())
    except HoldProblem:
        has_accounts = False
    return {"has_accounts": has_accounts, "has_admin": pages.store.has_passphrase()}


@page()
async def teacher(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    name = " ".join(one(form, "navn").split())[:60]
    text = one(form, "adgangsfrase")[:200]
    state = _teacher_state(pages)
    title = "Log ind som lærer eller HR"
    if not state["has_admin"]:
        return pages.render(visit, "signin_teacher.html", title, status=400, name=name, **state)
    try:
        account = pages.holds.find_account(name) if name else None
    except HoldProblem as exc:
        raise PageProblem("Kontiene kan ikke læses", str(exc), 503) from None
    if name and account is None:
        key, test = f"navn:{name.casefold()[:60]}", (lambda _t: False)
    elif account is None:
        key, test = ADMIN, pages.store.check_passphrase
    else:
        key = account.id
        test = lambda t: pages.holds.check_account(account, t)
    problem = await guarded(pages, passphrase_limit(key), test, text, "Forkert navn eller adgangsfrase.")
    if problem:
        return pages.render(visit, "signin_teacher.html", title, status=400, name=name,
                            errors=[("adgangsfrase", problem)], **state)
    target = safe_next(visit.session.get("next"))
    pages.sessions.rotate(visit.session, keep={"teacher": account.id if account else ADMIN,
                                               "csrf": secrets.token_urlsafe(24)})
    visit.teacher = account.id if account else ADMIN
    visit.flash("Du er logget ind.", "success")
    return redirect(target if target and target.startswith("/laerer") else "/laerer")


# -- the learner's own PIN -------------------------------------------------------------


@page("learner")
async def pin_change_form(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    return pages.render(visit, "pin_change.html", "Skift din pinkode")


@page("learner")
async def pin_change(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    learner = visit.learner
    record = pages.record(learner)
    new, again = one(form, "pinkode"), one(form, "pinkode2")
    errors = []
    if not valid_pin(new):
        errors.append(("pinkode", PIN_RULE))
    elif new != again:
        errors.append(("pinkode2", "De to pinkoder er ikke ens. Skriv den samme to gange."))
    if not errors and record.has_pin():
        problem = await guarded(pages, pin_limit(learner.id), record.check_pin,
                                one(form, "nuvaerende"), "Forkert pinkode.")
        if problem:
            errors.append(("nuvaerende", problem))
    if errors:
        return pages.render(visit, "pin_change.html", "Fejl: Skift din pinkode", status=400,
                            errors=errors)
    await in_thread(record.set_pin, new)
    visit.flash("Din pinkode er skiftet.", "success")
    return redirect("/oversigt")


# -- signing out ------------------------------------------------------------------------------


@page()
async def sign_out(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    pages.sessions.rotate(visit.session)
    visit.learner = visit.teacher = None
    visit.flash("Du er logget ud.")
    return redirect("/")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", start),
        web.post("/log-ind/kode", code),
        web.get("/log-ind/navn", names),
        web.post("/log-ind/navn", choose_name),
        web.get("/log-ind/ny", new_form),
        web.post("/log-ind/ny", new_learner),
        web.get("/log-ind/pinkode", pin_form),
        web.post("/log-ind/pinkode", pin),
        web.get("/laerer/log-ind", teacher_form),
        web.post("/laerer/log-ind", teacher),
        web.post("/log-ud", sign_out),
        web.get("/pinkode", pin_change_form),
        web.post("/pinkode", pin_change),
    ]
