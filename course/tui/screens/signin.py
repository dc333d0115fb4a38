"""Signing in: a learner's PIN, a teacher's or the administrator's passphrase.

Shared by the terminal's learner list and the browser's hold sign-in. Every wrong PIN or
passphrase is counted on disk with growing delays (:mod:`progress.guard`), so closing
the dialog, restarting or opening another tab does not reset the count.
"""

from __future__ import annotations

from typing import Callable

from textual.screen import Screen

from progress import DamagedRecordError, Learner, Record
from progress.guard import PASSPHRASE, PIN, wait_text
from progress.holds import ADMIN, Account, HoldProblem
from course.files import danish_reason

from ..text import visible


def _guarded(screen: Screen, key: str, rule, test: Callable[[str], bool],
             wrong: str) -> Callable[[str], str | None]:
    """A dialog check: None when ``test`` accepts the text, else a Danish message."""
    guard = screen.app.guard

    def check(text: str) -> str | None:
        try:
            wait = guard.wait(key, rule)
            if wait:
                return f"For mange forkerte forsøg. Vent {wait_text(wait)}, og prøv igen."
            if test(text):
                guard.succeeded(key, rule)
                return None
            wait = guard.failed(key, rule)
        except OSError as exc:
            return (f"Datamappen kan ikke læses eller skrives ({danish_reason(exc)}). "
                    "Prøv igen senere.")
        if wait:
            return f"{wrong} Vent {wait_text(wait)}, før du prøver igen."
        return f"{wrong} Prøv igen."

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
    """Ask for the learner's PIN (or, with ``require_pin``, have one chosen), then ``done``."""
    from .secret import SecretDialog

    try:
        has_pin = record.has_pin()
    except DamagedRecordError as error:
        screen.app.report_damage(error)
        has_pin = False
    except OSError as exc:
        screen.notify(f"Din fil kan ikke læses ({danish_reason(exc)}). Bed din lærer om hjælp.",
                      severity="error", markup=False)
        return
    if not has_pin and not require_pin:
        done()
        return
    if not has_pin:
        def choose(pin: str) -> str | None:
            try:
                record.set_pin(pin)
            except ValueError as exc:
                return str(exc)
            except DamagedRecordError as exc:
                return f"Pinkoden kunne ikke gemmes: {exc.reason}"
            except OSError as exc:
                return f"Pinkoden kunne ikke gemmes: {danish_reason(exc)}"
            return None

        dialog = SecretDialog(
            f"Vælg en pinkode, {visible(learner.name)}",
            "Du skal bruge pinkoden, hver gang du logger ind, så ingen andre kan åbne dit "
            "forløb. Vælg 4 til 6 cifre, som du kan huske. Glemmer du den, kan din lærer "
            "nulstille den.",
            "Ny pinkode:", check=choose, confirm=True, digits_only=True, max_length=6)
    else:
        dialog = SecretDialog(
            f"Pinkode for {visible(learner.name)}",
            "Skriv din pinkode. Har du glemt den, kan din lærer eller HR nulstille den.",
            "Pinkode:", digits_only=True, max_length=6,
            check=_guarded(screen, f"pin:{learner.id}", PIN, record.check_pin,
                           "Forkert pinkode."))

    def dismissed(pin: str | None) -> None:
        if pin is not None:
            done()

    screen.app.push_screen(dialog, dismissed)


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
            key, test = f"frase:navn:{name.strip().casefold()[:60]}", (lambda _t: False)
        elif account is None:
            key, test = f"frase:{ADMIN}", store.check_passphrase
        else:
            key = f"frase:{account.id}"
            test = lambda t: app.holds.check_account(account, t)  # noqa: E731
        problem = _guarded(screen, key, PASSPHRASE, test,
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
