"""The `medborger` command: run the course, or check its content.

    medborger [--data DIR] [--content DIR]     start the course
    medborger --plain | --no-plain             line-by-line text mode, or never it
    medborger export html --out DIR            the course as static, accessible HTML
    medborger validate [--content DIR] [--json] [--quality] [--strict]
    medborger certificate issue --learner NAME [--out DIR] [--public-url URL]
    medborger certificate issue --hold HOLD [--out DIR] [--public-url URL]
    medborger certificate verify FILE [--public-key KEY] [--status-list FILE|URL]
    medborger certificate revoke CODE --reason TEXT
    medborger keys export-public
    medborger report [--track T] [--format csv|json|md] [--out FILE]
    medborger stats [--hold H] [--track T] [--module M] [--attempts first|all]
                    [--format md|csv|json] [--out FILE]
    medborger learners list | export NAME [--out FILE] | delete NAME [--yes]
    medborger serve [--host H] [--port P] [--public-url URL] [--allowed-host NAME]...
                    [--max-sessions N] [--max-sessions-per-address N] [--idle-minutes M]
    medborger holds list | create NAME --track T [--owner ACCOUNT] | renew NAME
    medborger holds cap NAME N
    medborger accounts list | create NAME | set-admin
    medborger demo-data --data DIR [--learners N] [--holds H]

Messages are Danish; a problem a person can fix ends in a clear message and exit code 1,
never a traceback.

Here: the parser and :func:`main`, which hands each subcommand to its module: validate.py
(validate, export html), certificate.py (certificate, keys), learners.py (report, stats,
learners), serve.py (serve, demo-data), holds.py (holds, accounts); common.py is what
they share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .certificate import (
    _add_certificate_commands,
    certificate_issue,
    certificate_issue_hold,
    certificate_revoke,
    certificate_verify,
    keys_export_public,
)
from .common import EXIT_OK, EXIT_PROBLEM, _course_or_explain, _printable
from .holds import accounts_command, holds_command
from .learners import (
    _add_report_commands,
    _add_stats_command,
    learners_delete,
    learners_export,
    learners_list,
    report,
    stats,
)
from .serve import _add_serve_commands, demo_data, serve
from .validate import export_html, validate

# argparse's own words (usage, help, errors), in Danish. argparse looks each one up
# through gettext when it is shown; words missing here stay as argparse has them.
_ARGPARSE_DANISH = {
    "usage: ": "brug: ",
    "positional arguments": "kommandoer og argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og stop",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "expected one argument": "skal have en værdi",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
}


def _danish_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_DANISH.get(text, text)  # type: ignore[attr-defined]


def _parser() -> argparse.ArgumentParser:
    _danish_argparse()
    parser = argparse.ArgumentParser(
        prog="medborger",
        description="Medborgerskab i Ishøj – et kursus i Ishøj Kommunes medborgerpolitik.",
    )
    parser.add_argument("--content", type=Path, metavar="MAPPE",
                        help="mappe med kursets indhold (modules/ og quizzes/)")
    parser.add_argument("--data", type=Path, metavar="MAPPE",
                        help="mappe til deltagernes data (ellers MEDBORGER_DATA "
                        "eller brugerens datamappe)")
    parser.add_argument("--plain", action=argparse.BooleanOptionalAction, default=None,
                        help="kurset linje for linje i ren tekst, til skærmlæser og "
                        "punktdisplay (vælges selv i en terminal uden markørstyring, eller når "
                        "ind- eller uddata ikke er en terminal; --no-plain slår det fra)")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    validate = sub.add_parser("validate", help="tjek kursets indhold og vis alle fejl")
    validate.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                          help="mappe med kursets indhold")
    validate.add_argument("--json", action="store_true", help="vis en optælling som JSON")
    validate.add_argument("--quality", action="store_true",
                          help="vis også advarsler om spørgsmål, der lader sig gætte")
    validate.add_argument("--strict", action="store_true",
                          help="som --quality, men advarsler giver afslutningskode 1")
    _add_certificate_commands(sub)
    _add_report_commands(sub)
    _add_stats_command(sub)
    _add_serve_commands(sub)
    export = sub.add_parser("export", help="kurset som filer til intranettet")
    export_sub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    html = export_sub.add_parser("html", help="kurset som tilgængelige HTML-sider (lektioner, "
                                 "læringsmål, ordliste og quizzer til selvtjek)")
    html.add_argument("--out", type=Path, required=True, metavar="MAPPE",
                      help="mappen, siderne gemmes i")
    html.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                      help="mappe med kursets indhold")
    return parser


def run_app(content: Path | None, data: Path | None, plain: bool | None = None) -> int:
    course = _course_or_explain(content, "Kurset kan ikke starte, fordi indholdet har fejl:")
    if course is None:
        print("Ret fejlene, og tjek igen med: medborger validate", file=sys.stderr)
        return EXIT_PROBLEM

    from progress import Store, default_data_dir

    data_dir = default_data_dir(data)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from course.files import danish_reason

        print(f"Mappen til data kan ikke oprettes: {_printable(data_dir)} ({danish_reason(exc)}).",
              file=sys.stderr)
        print("Vælg en anden mappe med --data MAPPE eller MEDBORGER_DATA.", file=sys.stderr)
        return EXIT_PROBLEM

    from course.plain import wants_plain

    if plain if plain is not None else wants_plain():
        from course.plain.app import run_plain

        return run_plain(course, Store(data_dir))

    from course.tui.app import CourseApp

    CourseApp(course, Store(data_dir)).run()
    return EXIT_OK


def _quiet_pipe(command, *args) -> int:
    """Run a command whose output may go to a pipe closed early (``| head``): end quietly
    then, without a BrokenPipeError (Python's own recipe: stdout goes to devnull)."""
    import os

    try:
        code = command(*args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEM


def _safe_streams() -> None:
    """A character the terminal's encoding cannot show becomes an escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None) -> int:
    _safe_streams()
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.content, args.json, args.quality, args.strict)
    if args.command == "certificate" and args.certificate_command == "issue" and args.hold:
        return certificate_issue_hold(args.content, args.data, args.hold, args.out,
                                      args.public_url)
    if args.command == "certificate" and args.certificate_command == "issue":
        return certificate_issue(args.content, args.data, args.learner, args.out, args.public_url)
    if args.command == "certificate" and args.certificate_command == "revoke":
        return certificate_revoke(args.data, args.code, args.reason)
    if args.command == "certificate":
        return _quiet_pipe(certificate_verify, args.data, args.file, args.public_key,
                           args.status_list, args.online)
    if args.command == "keys":
        return keys_export_public(args.data)
    if args.command == "report":
        return report(args.content, args.data, args.track, args.format, args.out, args.hold)
    if args.command == "stats":
        return stats(args)
    if args.command == "serve":
        return serve(args.content, args.data, args.host, args.port, args.public_url,
                     args.workers, args.worker_of, args.max_sessions,
                     args.max_sessions_per_address, args.idle_minutes, args.allowed_host)
    if args.command == "holds":
        return holds_command(args)
    if args.command == "accounts":
        return accounts_command(args)
    if args.command == "demo-data":
        return demo_data(args.content, args.data, args.learners, args.holds, args.seed)
    if args.command == "learners" and args.learners_command == "list":
        return learners_list(args.data)
    if args.command == "learners" and args.learners_command == "export":
        return learners_export(args.data, args.name, args.out)
    if args.command == "learners":
        return learners_delete(args.data, args.name, args.yes)
    if args.command == "export":
        return export_html(args.content, args.out)
    return run_app(args.content, args.data, args.plain)




__all__ = ["main"]  # the console script `medborger` (pyproject.toml)
