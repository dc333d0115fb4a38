"""`medborger report`, `medborger stats` and `medborger learners list|export|delete`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    _course_or_explain,
    _file_problem,
    _find,
    _printable,
    _tell_notices,
    _write_out,
)


def _add_stats_command(sub) -> None:
    stats = sub.add_parser("stats", help="spørgsmålsstatistik: hvor svære spørgsmålene er, om "
                           "de skiller, og hvilke svar og valg der vælges")
    stats.add_argument("--hold", metavar="HOLD", help="kun deltagere på dette hold (navn eller id)")
    stats.add_argument("--track", metavar="FORLØB", help="kun deltagere på dette forløb (id)")
    stats.add_argument("--module", metavar="MODUL", help="kun dette modul (id)")
    stats.add_argument("--attempts", choices=("first", "all"), default="first",
                       help="hver deltagers første afsluttede forsøg (standard) eller "
                       "alle forsøg")
    stats.add_argument("--format", choices=("md", "csv", "json"), default="md",
                       help="Markdown (standard), CSV til regneark eller JSON")
    stats.add_argument("--out", type=Path, metavar="FIL", help="gem i filen (ellers vises den)")
    stats.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help="mappe med kursets indhold")
    stats.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help="mappe til deltagernes data")


def _add_report_commands(sub) -> None:
    """`report` and `learners list|export|delete`; `--data` is also taken here."""
    data_help = "mappe til deltagernes data"
    report = sub.add_parser("report", help="en rapport med én linje pr. deltager")
    report.add_argument("--track", metavar="FORLØB", help="kun deltagere på dette forløb (id)")
    report.add_argument("--hold", metavar="HOLD", help="kun deltagere på dette hold (navn eller id)")
    report.add_argument("--format", choices=("csv", "json", "md"), default="csv",
                        help="CSV til regneark (standard), JSON eller Markdown")
    report.add_argument("--out", type=Path, metavar="FIL", help="gem i filen (ellers vises den)")
    report.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                        help="mappe med kursets indhold")
    report.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    learners = sub.add_parser("learners", help="deltagernes data: vis, udlevér eller slet")
    learners_sub = learners.add_subparsers(dest="learners_command", metavar="HANDLING",
                                           required=True)
    listing = learners_sub.add_parser("list", help="vis alle deltagere med id og forløb")
    listing.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    export = learners_sub.add_parser(
        "export", help="alt, hvad der er gemt om en deltager, som JSON (retten til indsigt)")
    export.add_argument("name", metavar="NAVN", help="deltagerens navn eller id")
    export.add_argument("--out", type=Path, metavar="FIL", help="gem i filen (ellers vises den)")
    export.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    delete = learners_sub.add_parser(
        "delete", help="slet alt om en deltager (retten til sletning)")
    delete.add_argument("name", metavar="NAVN", help="deltagerens navn eller id")
    delete.add_argument("--yes", action="store_true", help="slet uden at spørge først")
    delete.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)


def report(content: Path | None, data: Path | None, track: str | None, fmt: str,
           out: Path | None, hold: str | None = None) -> int:
    course = _course_or_explain(content, "Rapporten kan ikke laves, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM
    if track is not None and track not in {t.id for t in course.tracks}:
        known = ", ".join(t.id for t in course.tracks)
        print(f"Forløbet »{_printable(track)}« findes ikke. Vælg et af: {known}.", file=sys.stderr)
        return EXIT_PROBLEM

    from course.reports.learners import build_report, render
    from progress import Store, default_data_dir
    from progress.holds import HoldBook, HoldProblem

    store = Store(default_data_dir(data))
    holds = None
    if hold is not None:
        try:
            holds = {HoldBook(store.root).find_hold(hold).id}
        except (LookupError, HoldProblem) as exc:
            print(_printable(exc.args[0] if exc.args else exc), file=sys.stderr)
            return EXIT_PROBLEM
    try:
        result = build_report(course, store, track, holds)
    except OSError as exc:
        return _file_problem(exc, "Rapporten kan ikke laves")
    finally:
        _tell_notices(store)
    return _write_out(render(result, fmt), out, "Rapporten")


def stats(args) -> int:
    course = _course_or_explain(getattr(args, "content", None),
                                "Statistikken kan ikke laves, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM
    scope = {}
    if args.track is not None:
        if args.track not in {t.id for t in course.tracks}:
            known = ", ".join(t.id for t in course.tracks)
            print(f"Forløbet »{_printable(args.track)}« findes ikke. Vælg et af: {known}.",
                  file=sys.stderr)
            return EXIT_PROBLEM
        scope["Forløb"] = course.track(args.track).title
    if args.module is not None:
        with_quiz = [q.module for q in course.quizzes]
        if args.module not in with_quiz:
            print(f"Modulet »{_printable(args.module)}« har ingen quiz eller scenarier. Vælg et "
                  f"af: {', '.join(with_quiz)}.", file=sys.stderr)
            return EXIT_PROBLEM
        scope["Modul"] = course.module(args.module).title

    from course.reports.stats_report import build_stats, render
    from progress import Store, default_data_dir
    from progress.holds import HoldBook, HoldProblem

    store = Store(default_data_dir(args.data))
    holds = None
    if args.hold is not None:
        try:
            hold = HoldBook(store.root).find_hold(args.hold)
        except (LookupError, HoldProblem) as exc:
            print(_printable(exc.args[0] if exc.args else exc), file=sys.stderr)
            return EXIT_PROBLEM
        holds, scope["Hold"] = {hold.id}, hold.name
    try:
        result = build_stats(course, store, args.track, holds, args.module, args.attempts, scope)
    except OSError as exc:
        return _file_problem(exc, "Statistikken kan ikke laves")
    finally:
        _tell_notices(store)
    return _write_out(render(result, args.format), args.out, "Statistikken")


def learners_list(data: Path | None) -> int:
    from progress import Store, default_data_dir

    store = Store(default_data_dir(data))
    try:
        learners = store.learners()
    except OSError as exc:
        return _file_problem(exc, "Listen over deltagere kan ikke læses")
    finally:
        _tell_notices(store)
    if not learners:
        print("Der er ingen deltagere endnu.")
    for learner in learners:
        print(f"{learner.id}  {_printable(learner.track):<12}  {_printable(learner.created[:10])}"
              f"  {_printable(learner.name)}")
    return EXIT_OK


def learners_export(data: Path | None, name: str, out: Path | None) -> int:
    store, learner = _find(data, name)
    if learner is None:
        return EXIT_PROBLEM
    try:
        exported = store.export_learner(learner)
    except OSError as exc:
        return _file_problem(exc, "Udtrækket kan ikke laves")
    text = json.dumps(exported, ensure_ascii=False, indent=2) + "\n"
    return _write_out(text, out, "Udtrækket")


def learners_delete(data: Path | None, name: str, yes: bool) -> int:
    store, learner = _find(data, name)
    if learner is None:
        return EXIT_PROBLEM
    shown = _printable(learner.name)
    if not yes:
        print(f"Alt om {shown} ({learner.id}) bliver slettet: fremskridt, svar, "
              "kursusbeviser i datamappen og sikkerhedskopier. Det kan ikke fortrydes.")
        try:
            answer = input("Skriv ja for at slette: ")
        except EOFError:
            answer = ""
        if answer.strip().casefold() != "ja":
            print("Intet er slettet.")
            return EXIT_PROBLEM
    from progress.store import PartlyDeleted

    try:
        removed = store.delete_learner(learner)
    except PartlyDeleted as exc:
        print(f"{shown} er kun delvis slettet ({len(exc.removed)} "
              f"{'fil' if len(exc.removed) == 1 else 'filer'} er væk).", file=sys.stderr)
        print(_printable(exc.message), file=sys.stderr)
        print("Giv adgang til filerne, og kør kommandoen igen.", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        return _file_problem(exc, f"{shown} kan ikke slettes")
    print(f"{shown} er slettet ({len(removed)} {'fil' if len(removed) == 1 else 'filer'}).")
    return EXIT_OK
