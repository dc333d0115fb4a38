"""`medborger holds list|create|renew|cap` and `medborger accounts list|create|set-admin`.
"""

from __future__ import annotations

import sys

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    _course_or_explain,
    _printable,
)


def holds_command(args) -> int:
    from progress import default_data_dir
    from progress.holds import ADMIN, HoldBook, HoldProblem

    book = HoldBook(default_data_dir(args.data))
    try:
        if args.holds_command == "list":
            owners = {a.id: a.name for a in book.accounts()}
            holds = book.holds()
            if not holds:
                print("Der er ingen hold endnu. Opret et med: medborger holds create NAVN "
                      "--track FORLØB")
            for hold in holds:
                owner = "administrator" if hold.owner == ADMIN else owners.get(hold.owner, "?")
                state = "udløbet" if hold.expired() else f"til {hold.code_expires[:10]}"
                print(f"{_printable(hold.code):<26} {_printable(hold.track):<12} "
                      f"{_printable(state):<14} "
                      f"{_printable(owner):<20} {_printable(hold.name)}")
            return EXIT_OK
        if args.holds_command == "create":
            course = _course_or_explain(getattr(args, "content", None),
                                        "Holdet kan ikke oprettes, fordi indholdet har fejl:")
            if course is None:
                return EXIT_PROBLEM
            if args.track not in {t.id for t in course.tracks}:
                known = ", ".join(t.id for t in course.tracks)
                print(f"Forløbet »{_printable(args.track)}« findes ikke. Vælg et af: {known}.",
                      file=sys.stderr)
                return EXIT_PROBLEM
            owner = ADMIN
            if args.owner:
                account = book.find_account(args.owner)
                if account is None:
                    print(f"Der er ingen konto, der hedder »{_printable(args.owner)}«.",
                          file=sys.stderr)
                    return EXIT_PROBLEM
                owner = account.id
            hold = book.create_hold(args.name, args.track, owner)
            print(f"Holdet »{_printable(hold.name)}« er oprettet. Koden er: {hold.code}")
            return EXIT_OK
        if args.holds_command == "cap":
            hold = book.set_max_learners(book.find_hold(args.name).id, args.count)
            print(f"Holdet »{_printable(hold.name)}« kan nu have {hold.learner_cap} deltagere.")
            return EXIT_OK
        hold = book.renew_code(book.find_hold(args.name).id)
        print(f"Holdet »{_printable(hold.name)}« har fået en ny kode: {hold.code}")
        return EXIT_OK
    except (HoldProblem, LookupError) as exc:
        print(_printable(exc.args[0] if exc.args else exc), file=sys.stderr)
        return EXIT_PROBLEM


def _ask_passphrase(prompt: str, nothing_done: str) -> str | None:
    """A passphrase typed twice without echo; None (after saying why) if not the same."""
    import getpass

    try:
        first = getpass.getpass(prompt)
        second = getpass.getpass("Skriv den igen: ")
    except (EOFError, KeyboardInterrupt):
        print(f"\n{nothing_done}", file=sys.stderr)
        return None
    if first != second:
        print(f"De to adgangsfraser er ikke ens. {nothing_done}", file=sys.stderr)
        return None
    return first


def accounts_command(args) -> int:
    from progress import default_data_dir
    from progress.holds import HoldBook, HoldProblem

    book = HoldBook(default_data_dir(args.data))
    try:
        if args.accounts_command == "list":
            accounts = book.accounts()
            if not accounts:
                print("Der er ingen konti endnu.")
            for account in accounts:
                print(f"{account.id}  {_printable(account.created[:10])}  "
                      f"{_printable(account.name)}")
            return EXIT_OK
        if args.accounts_command == "set-admin":
            from progress import Store

            first = _ask_passphrase("Administratorens nye adgangsfrase (mindst 8 tegn): ",
                                    "Intet er ændret.")
            if first is None:
                return EXIT_PROBLEM
            try:
                Store(default_data_dir(args.data)).set_passphrase(first)
            except ValueError as exc:
                print(_printable(exc), file=sys.stderr)
                return EXIT_PROBLEM
            except OSError as exc:
                print(f"Adgangsfrasen kan ikke gemmes ({_printable(exc.strerror or exc)}).",
                      file=sys.stderr)
                return EXIT_PROBLEM
            print("Administratorens adgangsfrase er gemt.")
            return EXIT_OK
        first = _ask_passphrase("Adgangsfrase (mindst 8 tegn): ", "Ingen konto er oprettet.")
        if first is None:
            return EXIT_PROBLEM
        account = book.create_account(args.name, first)
        print(f"Kontoen »{_printable(account.name)}« er oprettet.")
        return EXIT_OK
    except HoldProblem as exc:
        print(_printable(exc), file=sys.stderr)
        return EXIT_PROBLEM
