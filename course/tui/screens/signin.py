"""Signing in: a learner's PIN, a teacher's or the administrator's passphrase.

Shared by the terminal's learner list and the browser's hold sign-in. Every wrong PIN or
passphrase is counted on disk with growing delays (:mod:`progress.guard`), so closing
the dialog, restarting or opening another tab does not reset the count.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from course.files import danish_reason
from progress import DamagedRecordError, Learner, Record
from progress.guard import Limit, passphrase_limit, pin_limit
from progress.holds import ADMIN, Account, HoldProblem
from progress.passwords import (
    ONE_TIME_RULE,
    PIN_MAX,
    PIN_RULE,
    PIN_RULE_SHORT,
    PIN_STAYS,
    pin_problem,
)

from ..text import visible


def _guarded(screen: Screen, limits: list[Limit], test: Callable[[str], bool],
             wrong: str) -> Callable[[str], str | None]:
    """A dialog check: None when ``test`` accepts the text, else the guard's Danish
    message (a wrong try, a wait, or a try refused because it could not be counted)."""

    def check(text: str) -> str | None:
        try:
            outcome = screen.app.guard.attempt(limits, lambda: test(text))
        except OSError as exc:  # the record or account file could not be read
            return (f"Datamappen kan ikke læses ({danish_reason(exc)}). "
                    "Prøv igen senere.")
        return None if outcome.accepted else outcome.message(wrong)

    return check


def open_record(screen: Screen, learner: Learner) -> Record | None:
    """The learner's record, or None after telling why it cannot be used (in Danish)."""
    try:
        return screen.app.store.record(learner)
    except (OSError, ValueError) as exc:  # a path out of the data folder, an id that is none
        reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
        screen.notify(f"Din fil kan ikke åbnes ({reason}). Bed din lærer om hjælp.",
                      severity="error", markup=False)
        return None


def unlock_learner(screen: Screen, learner: Learner, record: Record,
                   done: Callable[[], None], *, require_pin: bool = False) -> None:
    """Ask for the learner's PIN, then ``done``.

    A learner without a PIN goes straight on, unless ``require_pin`` (a hold in a
    browser): then nobody gets in by that name until a teacher gives a one-time code,
    which is what stops anyone with the hold's code from claiming a PIN-less name.
    After a teacher's reset the one-time code is asked for, and then a new PIN; only
    when that is saved is the learner signed in.
    """
    from .secret import SecretDialog

    try:
        has_pin = record.has_pin()
        reset = record.pin_reset()
    except DamagedRecordError as error:
        screen.app.report_damage(error)
        has_pin = reset = False
    except OSError as exc:
        screen.notify(f"Din fil kan ikke læses ({danish_reason(exc)}). Bed din lærer om hjælp.",
                      severity="error", markup=False)
        return
    if not has_pin and not require_pin:
        done()
        return
    if not has_pin:
        screen.notify(f"{visible(learner.name)} har ingen pinkode, så ingen kan logge ind med "
                      "navnet. Bed din lærer om en engangskode (Lærer/HR, vælg dit navn, "
                      "Nulstil pinkode).", title="Pinkode mangler", severity="warning",
                      timeout=20, markup=False)
        return
    if reset:
        dialog = SecretDialog(
            f"Engangskode for {visible(learner.name)}",
            f"Din lærer har nulstillet din pinkode. {ONE_TIME_RULE} Bagefter vælger du "
            "en ny pinkode.",
            "Engangskode:", max_length=12,
            check=_guarded(screen, pin_limit(learner.id), record.check_pin,
                           "Forkert engangskode."))

        def after_code(code: str | None) -> None:
            if code is not None:
                choose_new_pin(screen, learner, record, done)

        screen.app.push_screen(dialog, after_code)
        return
    dialog = SecretDialog(
        f"Pinkode for {visible(learner.name)}",
        "Skriv din pinkode. Har du glemt den, kan din lærer eller HR nulstille den.",
        "Pinkode:", digits_only=True, max_length=PIN_MAX,
        check=_guarded(screen, pin_limit(learner.id), record.check_pin, "Forkert pinkode."))

    def dismissed(pin: str | None) -> None:
        if pin is not None:
            done()

    screen.app.push_screen(dialog, dismissed)


def _pin_saver(record: Record) -> Callable[[str], str | None]:
    """A dialog check that saves a new PIN; None when saved, else a Danish reason."""

    def save(pin: str) -> str | None:
        problem = pin_problem(pin)
        if problem:
            return problem
        try:
            record.set_pin(pin)
        except ValueError as exc:
            return str(exc)
        except DamagedRecordError as exc:
            return f"Pinkoden kunne ikke gemmes: {exc.reason}"
        except OSError as exc:
            return f"Pinkoden kunne ikke gemmes: {danish_reason(exc)}"
        return None

    return save


def choose_new_pin(screen: Screen, learner: Learner, record: Record,
                   done: Callable[[], None]) -> None:
    """After a one-time code: choose a new PIN, then ``done``. Esc signs nobody in; the
    one-time code keeps working until a new PIN is saved."""
    from .secret import SecretDialog

    dialog = SecretDialog(
        f"Vælg en ny pinkode, {visible(learner.name)}",
        "Du skal bruge pinkoden, hver gang du logger ind, så ingen andre kan åbne dit "
        f"forløb. Vælg {PIN_RULE_SHORT}, som du kan huske.",
        "Ny pinkode:", check=_pin_saver(record), confirm=True, digits_only=True,
        max_length=PIN_MAX)
    screen.app.push_screen(dialog, lambda pin: done() if pin is not None else None)


def change_pin(screen: Screen) -> None:
    """The signed-in learner's P: set or change the PIN; remove it only outside a hold
    (both fields left empty), never in one."""
    from .secret import SecretDialog

    app = screen.app
    record = app.record
    try:
        had_pin = record.has_pin()
    except DamagedRecordError as error:
        app.report_damage(error)
        had_pin = False
    except OSError as exc:
        app.notify(f"Din fil kan ikke læses ({danish_reason(exc)}).", severity="error",
                   markup=False)
        return
    may_remove = had_pin and app.learner.hold is None and not app.serve
    save = _pin_saver(record)

    def check(pin: str) -> str | None:
        if pin == "":
            if not had_pin:
                return PIN_RULE
            if not may_remove:
                return PIN_STAYS
            try:
                record.set_pin(None)
            except (ValueError, OSError, DamagedRecordError) as exc:
                reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
                return f"Pinkoden kunne ikke fjernes: {reason}"
            return None
        return save(pin)

    def done(pin: str | None) -> None:
        if pin is None:
            return
        app.notify("Pinkoden er fjernet." if not pin else
                   "Pinkoden er gemt. Den skal bruges, næste gang du vælger dit navn.",
                   markup=False)

    explanation = ("Med en pinkode kan andre ikke åbne dit forløb. "
                   f"Skriv {PIN_RULE_SHORT}.")
    if may_remove:
        explanation += " Lad felterne stå tomme for at fjerne din pinkode."
    elif had_pin:
        explanation += " " + PIN_STAYS
    app.push_screen(SecretDialog("Din pinkode", explanation, "Ny pinkode:", check=check,
                                 confirm=True, digits_only=True, max_length=PIN_MAX), done)


def teacher_login(screen: Screen, done: Callable[[Account | None], None]) -> None:
    """Sign in a teacher (their account) or the administrator (None), then ``done``.

    The first time, with no passphrase set at all, the administrator chooses one.
    """
    from .secret import SecretDialog

    app = screen.app
    store = app.store
    if not store.has_passphrase() and app.serve:
        # In a browser anyone could be first: the administrator is chosen on the server.
        screen.notify("Der er ingen administrator endnu. Den, der driver serveren, vælger "
                      "administratorens adgangsfrase med: medborger accounts set-admin",
                      title="Lærer/HR", severity="warning", timeout=20, markup=False)
        return
    if not store.has_passphrase():
        def choose(text: str) -> str | None:
            try:
                store.set_passphrase(text)
            except ValueError as exc:
                return str(exc)
            except OSError as exc:
                return f"Adgangsfrasen kunne ikke gemmes: {danish_reason(exc)}"
            return None

        dialog = SecretDialog(
            "Vælg administratorens adgangsfrase",
            "Oversigten over deltagerne er beskyttet af en adgangsfrase. Du bliver "
            "administrator: du ser alle hold og kan oprette konti til lærere. Vælg "
            "adgangsfrasen nu (mindst 8 tegn). Den gemmes ikke i klartekst.",
            "Ny adgangsfrase:", check=choose, confirm=True)
        app.push_screen(dialog, lambda text: done(None) if text is not None else None)
        return

    try:
        has_accounts = bool(app.holds.accounts())
    except HoldProblem as exc:
        screen.notify(str(exc), severity="error", markup=False)
        has_accounts = False
    signed_in: list[Account | None] = []

    def check(text: str, name: str = "") -> str | None:
        try:
            account = app.holds.find_account(name) if name.strip() else None
        except HoldProblem as exc:
            return str(exc)
        if name.strip() and account is None:
            key, test = f"navn:{name.strip().casefold()[:60]}", (lambda _t: False)
        elif account is None:
            key, test = ADMIN, store.check_passphrase
        else:
            key = account.id
            def test(t: str) -> bool:
                return app.holds.check_account(account, t)
        problem = _guarded(screen, passphrase_limit(key), test,
                           "Forkert navn eller adgangsfrase.")(text)
        if problem is None:
            signed_in[:] = [account]
        return problem

    dialog = SecretDialog(
        "Log ind som lærer eller HR",
        "Skriv dit navn og din adgangsfrase. Administratoren lader navnet stå tomt."
        if has_accounts else "Skriv adgangsfrasen for at se deltagerne.",
        "Adgangsfrase:", check=check, ask_name=has_accounts)
    app.push_screen(dialog, lambda text: done(signed_in[0]) if text is not None and signed_in
                    else None)
