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
    medborger serve [--host H] [--port P] [--public-url URL] [--max-sessions N]
                    [--max-sessions-per-address N] [--idle-minutes M]
    medborger holds list | create NAME --track T [--owner ACCOUNT] | renew NAME
    medborger holds cap NAME N
    medborger accounts list | create NAME | set-admin
    medborger demo-data --data DIR [--learners N] [--holds H]

Messages are Danish; a problem a person can fix ends in a clear message and exit code 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEM = 1


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


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1, or a Danish message."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"»{text}« er ikke et helt tal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("tallet skal være mindst 1")
    return value


def _add_serve_commands(sub) -> None:
    """`serve`, `holds list|create|renew`, `accounts list|create` and `demo-data`."""
    data_help = "mappe til deltagernes data"
    serve = sub.add_parser("serve", help="kør kurset i browseren for en klasse eller et hold")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADRESSE",
                       help="adressen, serveren lytter på (standard 127.0.0.1, kun denne maskine)")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT",
                       help="porten (standard 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="adressen, brugerne skriver i browseren, fx https://kursus.ishoj.dk")
    serve.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help="mappe med kursets indhold")
    serve.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help=data_help)
    serve.add_argument("--max-sessions", type=_positive, default=None, metavar="ANTAL",
                       help="højst så mange faner med terminalen i alt (standard: efter "
                            "maskinens hukommelse)")
    serve.add_argument("--max-sessions-per-address", type=_positive, default=None,
                       metavar="ANTAL", help="højst så mange faner fra én adresse "
                       "(standard 40: en klasse bag én router)")
    serve.add_argument("--idle-minutes", type=_positive, default=30, metavar="MINUTTER",
                       help="luk en fane, hvor der ikke er trykket på en tast i så mange "
                            "minutter (standard 30)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="antal serverprocesser på samme port og datamappe (standard 1; "
                            "fx 2 på en maskine med 2 kerner)")
    serve.add_argument("--worker-of", type=int, default=None, help=argparse.SUPPRESS)

    holds = sub.add_parser("holds", help="hold (klasser og introforløb) og deres koder")
    holds_sub = holds.add_subparsers(dest="holds_command", metavar="HANDLING", required=True)
    listing = holds_sub.add_parser("list", help="vis alle hold med forløb, ejer og kode")
    listing.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                         help=data_help)
    create = holds_sub.add_parser("create", help="opret et hold med sin egen kode")
    create.add_argument("name", metavar="NAVN", help="holdets navn, fx \"8.A Vejleå Skole 2026/27\"")
    create.add_argument("--track", required=True, metavar="FORLØB", help="holdets forløb (id)")
    create.add_argument("--owner", metavar="KONTO",
                        help="lærerens konto (navn); uden den ejer administratoren holdet")
    create.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                        help="mappe med kursets indhold")
    create.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                        help=data_help)
    renew = holds_sub.add_parser("renew", help="giv et hold en ny kode (den gamle holder op)")
    renew.add_argument("name", metavar="NAVN", help="holdets navn eller id")
    renew.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help=data_help)

    cap = holds_sub.add_parser("cap", help="hvor mange deltagere et hold højst kan få "
                               "(standard 40)")
    cap.add_argument("name", metavar="NAVN", help="holdets navn eller id")
    cap.add_argument("count", type=int, metavar="ANTAL", help="det højeste antal deltagere")
    cap.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                     help=data_help)

    accounts = sub.add_parser("accounts", help="lærernes og HR's konti")
    accounts_sub = accounts.add_subparsers(dest="accounts_command", metavar="HANDLING",
                                           required=True)
    listing = accounts_sub.add_parser("list", help="vis alle konti")
    listing.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                         help=data_help)
    admin = accounts_sub.add_parser(
        "set-admin", help="vælg administratorens adgangsfrase (første gang, eller hvis den er glemt)")
    admin.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help=data_help)
    create = accounts_sub.add_parser("create", help="opret en konto (spørger om adgangsfrasen)")
    create.add_argument("name", metavar="NAVN", help="lærerens eller HR-medarbejderens navn")
    create.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                        help=data_help)

    demo = sub.add_parser("demo-data", help="fyld en datamappe med eksempler på hold og deltagere")
    demo.add_argument("--learners", type=int, default=60, metavar="ANTAL",
                      help="antal deltagere (standard 60)")
    demo.add_argument("--holds", type=int, default=3, metavar="ANTAL",
                      help="antal hold (standard 3)")
    demo.add_argument("--seed", type=int, default=1, metavar="TAL",
                      help="tilfældighedernes frø (samme frø giver samme data)")
    demo.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                      help="mappe med kursets indhold")
    demo.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                      help=data_help, required=True)


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


def _add_certificate_commands(sub) -> None:
    """`certificate issue|verify|revoke` and `keys export-public`; `--data` is also taken
    here."""
    data_help = "mappe til deltagernes data og kursets nøgle"
    cert = sub.add_parser("certificate", help="udsted eller kontrollér et kursusbevis")
    cert_sub = cert.add_subparsers(dest="certificate_command", metavar="HANDLING", required=True)
    issue = cert_sub.add_parser("issue", help="udsted et underskrevet kursusbevis (JSON og PDF)")
    who = issue.add_mutually_exclusive_group(required=True)
    who.add_argument("--learner", metavar="NAVN", help="deltagerens navn eller id")
    who.add_argument("--hold", metavar="HOLD",
                     help="alle holdets deltagere, der har gjort sig fortjent til et og ikke "
                     "har et endnu (en linje pr. deltager og en ZIP med PDF'erne til HR)")
    issue.add_argument("--out", type=Path, metavar="MAPPE",
                       help="mappe til filerne (ellers den aktuelle mappe)")
    issue.add_argument("--content", type=Path, default=argparse.SUPPRESS, metavar="MAPPE",
                       help="mappe med kursets indhold")
    issue.add_argument("--public-url", metavar="URL",
                       help="kursets offentlige adresse til QR-koden på PDF'en (ellers "
                       "MEDBORGER_PUBLIC_URL)")
    issue.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    check = cert_sub.add_parser("verify", help="kontrollér et kursusbevis (JSON-filen)")
    check.add_argument("file", type=Path, metavar="FIL", help="kursusbevisets JSON-fil")
    check.add_argument("--public-key", type=Path, metavar="NØGLE",
                       help="udstederens offentlige nøgle (PEM); ellers nøglen i datamappen")
    check.add_argument("--status-list", metavar="FIL|URL",
                       help="statuslisten over tilbagekaldte beviser (ellers den i datamappen)")
    check.add_argument("--online", action="store_true",
                       help="hent bevisets statusliste hos udstederen (https, kun fra "
                       "udstederens egen adresse)")
    check.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    revoke = cert_sub.add_parser("revoke", help="tilbagekald et kursusbevis (kan ikke fortrydes)")
    revoke.add_argument("code", metavar="KODE", help="bevisets bekræftelseskode, fx ISH-7K2M-9QXD")
    revoke.add_argument("--reason", required=True, metavar="TEKST",
                        help="hvorfor beviset tilbagekaldes")
    revoke.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)
    keys = sub.add_parser("keys", help="kursets nøgle til at underskrive kursusbeviser")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="HANDLING", required=True)
    export = keys_sub.add_parser("export-public",
                                 help="vis den offentlige nøgle (PEM) og dens fingeraftryk")
    export.add_argument("--data", type=Path, default=argparse.SUPPRESS, metavar="MAPPE", help=data_help)


def _load(content: Path | None, cached: bool = False):
    from course.content import default_content_dir, load_course, load_course_cached

    root = content or default_content_dir()
    try:
        return (load_course_cached(root) if cached else load_course(root)), None
    except Exception as exc:
        from course.content import ContentError

        if isinstance(exc, ContentError):
            return None, exc
        raise


def _course_or_explain(content: Path | None, headline: str):
    """The course (cached), or None after printing ``headline`` and every problem."""
    course, error = _load(content, cached=True)
    if error is None:
        return course
    print(headline, file=sys.stderr)
    for problem in error.problems:
        print(problem, file=sys.stderr)
    return None


def validate(content: Path | None, as_json: bool, quality: bool = False,
             strict: bool = False) -> int:
    """Exit 1 on errors; with --strict also on quality warnings (--strict implies
    --quality), which otherwise never fail."""
    from course.content import course_stats, summary_line

    course, error = _load(content)
    if error is not None:
        if as_json:
            print(json.dumps({"valid": False, "problems": [str(p) for p in error.problems]},
                             ensure_ascii=False, indent=2))
        else:
            for problem in error.problems:
                print(problem)
            n = len(error.problems)
            print(f"{n} fejl i indholdet.", file=sys.stderr)
        return EXIT_PROBLEM
    warnings = []
    if quality or strict:
        from course.content import default_content_dir
        from course.content.lint import check, dilemma_line
        from course.content.lint import summary_line as quality_line
        from course.content.quality import measure

        warnings = check(course, content or default_content_dir())
        dilemmas = measure(course)
    if as_json:
        doc = {"valid": True, **course_stats(course)}
        if quality or strict:
            doc["warnings"] = [str(w) for w in warnings]
            doc["dilemmas"] = {
                "decisions": dilemmas.dilemma_share.total,
                "dilemmas": dilemmas.dilemma_share.count,
                "scenarios": {sid: {"decisions": share.total, "dilemmas": share.count}
                              for sid, share in dilemmas.dilemmas},
            }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(summary_line(course))
        if quality or strict:
            for warning in warnings:
                print(warning)
            line = dilemma_line(dilemmas)
            if line:
                print(line)
            print(quality_line(warnings))
    return EXIT_PROBLEM if strict and warnings else EXIT_OK


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


def export_html(content: Path | None, out: Path) -> int:
    course = _course_or_explain(content, "Kurset kan ikke eksporteres, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM
    from course.export.html import export_course

    try:
        pages = export_course(course, out)
    except OSError as exc:
        print(f"Siderne kan ikke gemmes i {_printable(out)} ({exc.strerror or exc}). "
              "Vælg en anden mappe med --out MAPPE.", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"{len(pages)} sider er gemt i {_printable(out)}. Start med {_printable(out / 'index.html')}.")
    return EXIT_OK


def _printable(text: object) -> str:
    """Text for the terminal: control characters (escape codes, bidi overrides) in a name
    or a file are shown (ESC as ␛), never obeyed. The same cleaning as the TUI's."""
    from course.printable import visible

    return visible(text)


def _tell_notices(store) -> None:
    """What the store noticed on the way (a skipped index row, a rebuilt index), on stderr."""
    for notice in store.notices:
        print(f"Bemærk: {_printable(notice)}", file=sys.stderr)
    store.notices.clear()


def _file_problem(exc: OSError, what: str) -> int:
    """A data file that cannot be read or written: say so in Danish, exit 1."""
    from course.files import danish_reason

    where = f" ({_printable(exc.filename)})" if exc.filename else ""
    print(f"{what}: {danish_reason(exc)}{where}. Bed den kursusansvarlige om at se på "
          "datamappen.", file=sys.stderr)
    return EXIT_PROBLEM


def certificate_issue(content: Path | None, data: Path | None, learner: str,
                      out: Path | None, public_url: str | None = None) -> int:
    course = _course_or_explain(content,
                                "Kursusbeviset kan ikke udstedes, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM

    from course.certificates.keys import KeyProblem
    from course.certificates.service import NotEligible, issue
    from course.certificates.status import StatusProblem
    from progress import DamagedRecordError, Store, default_data_dir

    store = Store(default_data_dir(data))
    try:
        issued = issue(course, store, learner, out or Path.cwd(), public_url_=public_url)
    except (LookupError, ValueError) as exc:
        print(_printable(exc.args[0]), file=sys.stderr)
        return EXIT_PROBLEM
    except NotEligible as exc:
        print(f"{_printable(learner)} kan ikke få et kursusbevis endnu. Det mangler:",
              file=sys.stderr)
        for item in exc.missing:
            print(f"  – {_printable(item)}", file=sys.stderr)
        return EXIT_PROBLEM
    except DamagedRecordError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_PROBLEM
    except (KeyProblem, StatusProblem) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"Kursusbeviset kan ikke gemmes ({_printable(exc.filename or '')}: "
              f"{exc.strerror}). Vælg en anden mappe med --out MAPPE.", file=sys.stderr)
        return EXIT_PROBLEM
    name = _printable(issued.doc["credentialSubject"]["name"])
    print(f"Kursusbevis udstedt til {name}: »{issued.doc['name']}«.")
    print(f"Underskrevet bevis (JSON): {_printable(issued.json_path)}")
    print(f"Til udskrift (PDF):        {_printable(issued.pdf_path)}")
    print(f"Bekræftelseskode:          {issued.code}")
    from course.certificates.service import public_url as configured_url
    from course.certificates.service import verify_url

    try:
        link = verify_url(configured_url(public_url), issued.code)
    except ValueError:  # a malformed address was refused when the PDF was made
        link = None
    if link:
        print(f"Kontrol på nettet:         {_printable(link)}")
    return EXIT_OK


def certificate_issue_hold(content: Path | None, data: Path | None, hold: str,
                           out: Path | None, public_url: str | None = None) -> int:
    """One line per learner of the hold, a summary and the ZIP; exit 1 if any failed."""
    course = _course_or_explain(content,
                                "Kursusbeviserne kan ikke udstedes, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM

    from course.certificates.keys import KeyProblem
    from course.certificates.service import FAILED, issue_hold
    from course.certificates.status import StatusProblem
    from progress import Store, default_data_dir
    from progress.holds import HoldBook, HoldProblem

    store = Store(default_data_dir(data))
    try:
        found = HoldBook(store.root).find_hold(hold)
        batch = issue_hold(course, store, found.id, out or Path.cwd(), public_url_=public_url)
    except (LookupError, ValueError) as exc:
        print(_printable(exc.args[0]), file=sys.stderr)
        return EXIT_PROBLEM
    except (KeyProblem, StatusProblem, HoldProblem) as exc:
        print(_printable(str(exc)), file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        return _file_problem(exc, "Kursusbeviserne kan ikke gemmes")
    for line in batch.lines:
        print(_printable(line.text))
    print(_printable(batch.summary))
    if batch.zip_path is not None:
        print(f"PDF'erne til HR (ZIP): {_printable(batch.zip_path)}")
    return EXIT_PROBLEM if batch.count(FAILED) else EXIT_OK


def certificate_verify(data: Path | None, file: Path, public_key: Path | None,
                       status_list: str | None = None, online: bool = False) -> int:
    """Exit 0 only for a valid certificate; an expired, revoked or invalid one gives 1 and
    a first line that starts with »Udløbet«, »Tilbagekaldt« or »Ugyldigt«."""
    from course.certificates.keys import KeyProblem
    from course.certificates.service import verify_file

    try:
        result = verify_file(file, public_key, data, status_list, online=online)
    except KeyProblem as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEM
    if result.state == "ugyldigt":
        for reason in result.reasons:
            print(f"Ugyldigt: {_printable(reason)}")
        if result.proofs and not all(ok for _, ok in result.proofs):
            print(result.proof_line)  # which signature broke
        return EXIT_PROBLEM
    print(_printable(result.summary()))
    if result.proof_line:
        print(result.proof_line)
    print(f"Kursusbevisets id:    {_printable(result.id)}")
    print(f"Bekræftelseskode:     {_printable(result.code)}")
    if result.policy_line:
        print(f"Politikkens version:  {_printable(result.policy_line)}")
    print(f"Nøglens fingeraftryk: {result.key_fingerprint}")
    if result.note:
        print(_printable(result.note))
    return EXIT_OK if result.valid else EXIT_PROBLEM


def certificate_revoke(data: Path | None, code: str, reason: str) -> int:
    from course.certificates.keys import KeyProblem
    from course.certificates.service import revoke
    from course.certificates.status import StatusProblem
    from progress import default_data_dir

    reason = " ".join(reason.split())
    if not reason:
        print("Skriv en begrundelse med --reason.", file=sys.stderr)
        return EXIT_PROBLEM
    try:
        done = revoke(default_data_dir(data), code, reason)
    except LookupError as exc:
        print(_printable(exc.args[0]), file=sys.stderr)
        return EXIT_PROBLEM
    except (KeyProblem, StatusProblem) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEM
    if done.already:
        print(f"Kursusbeviset {done.code} var allerede tilbagekaldt ({done.at[:10]}): "
              f"{_printable(done.reason)}")
    else:
        print(f"Kursusbeviset {done.code} er tilbagekaldt: {_printable(done.reason)}")
        print("Statuslisten er underskrevet på ny; kontrol af beviset svarer nu »Tilbagekaldt«.")
    return EXIT_OK


def keys_export_public(data: Path | None) -> int:
    from course.certificates.keys import KeyProblem, load_or_create
    from progress import default_data_dir

    try:
        pair = load_or_create(default_data_dir(data))
    except KeyProblem as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEM
    print(pair.public_pem, end="")
    # on stderr, so `medborger keys export-public > nøgle.pem` gives a clean PEM file
    print(f"Fingeraftryk: {pair.fingerprint}", file=sys.stderr)
    return EXIT_OK


def _write_out(text: str, out: Path | None, what: str) -> int:
    """Print ``text``, or write it to ``out`` (atomically) and say where.

    On stdout, names and every other value are shown through the same cleaning as all
    terminal output (an escape code in a name is shown, not obeyed); ``--out`` writes the
    file exactly.
    """
    if out is None:
        from course.printable import visible_document

        shown = visible_document(text.lstrip("\ufeff"))
        sys.stdout.write(shown if sys.stdout.isatty() or not text.startswith("\ufeff")
                         else "\ufeff" + shown)
        return EXIT_OK
    from course.files import atomic_write_text

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(out, text)
    except OSError as exc:
        from course.files import danish_reason

        print(f"{what} kan ikke gemmes i {_printable(out)} ({danish_reason(exc)}).",
              file=sys.stderr)
        return EXIT_PROBLEM
    print(f"{what} er gemt i {_printable(out)}.", file=sys.stderr)
    return EXIT_OK


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


def _find(data: Path | None, name: str):
    from progress import Store, default_data_dir

    store = Store(default_data_dir(data))
    try:
        return store, store.find(name)
    except LookupError as exc:
        print(_printable(exc.args[0]), file=sys.stderr)
        return store, None
    except OSError as exc:
        _file_problem(exc, "Listen over deltagere kan ikke læses")
        return store, None
    finally:
        _tell_notices(store)


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


def _writable(data_dir: Path) -> str | None:
    """None when the data folder can be written, else the Danish reason."""
    from course.files import atomic_write_text

    probe = data_dir / ".skrivetest"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(probe, "ok")
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def serve(content: Path | None, data: Path | None, host: str, port: int,
          public_url: str | None, workers: int = 1, worker_of: int | None = None,
          max_sessions: int | None = None, max_per_address: int | None = None,
          idle_minutes: int = 30) -> int:
    course = _course_or_explain(content, "Serveren kan ikke starte, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM
    from progress import default_data_dir

    data_dir = default_data_dir(data).resolve()
    problem = _writable(data_dir)
    if problem:
        print(f"Serveren kan ikke skrive i datamappen {_printable(data_dir)} ({problem}). "
              "Giv den bruger, serveren kører som, lov til at skrive der, eller vælg en "
              "anden mappe med --data MAPPE.", file=sys.stderr)
        return EXIT_PROBLEM
    if public_url and not public_url.startswith(("http://", "https://")):
        print("--public-url skal begynde med https:// (eller http://).", file=sys.stderr)
        return EXIT_PROBLEM
    from course.web.server import CourseServer

    server = CourseServer(data_dir, content.resolve() if content else None, host=host,
                          port=port, public_url=public_url, max_sessions=max_sessions,
                          max_per_address=max_per_address, idle_minutes=idle_minutes)
    if worker_of is None and workers > 1:
        # The tab limits hold for all processes together: each process takes its share
        # (the kernel spreads the connections about evenly).
        server.max_sessions = -(-server.max_sessions // workers)
        server.max_per_address = -(-server.max_per_address // workers)
    if not 1 <= workers <= 64:
        print("--workers skal være et tal fra 1 til 64.", file=sys.stderr)
        return EXIT_PROBLEM
    children = []
    if workers > 1 or worker_of is not None:
        # N processes on one port (SO_REUSEPORT: the kernel spreads the connections) and
        # one data folder: sessions, records and counts are files under the store's locks.
        server.reuse_port = True
    if worker_of is not None:
        server._started = lambda *_: None  # only the first process says it runs
    elif workers > 1:
        children = _start_workers(workers - 1, content, data_dir, host, port, public_url,
                                  ["--max-sessions", str(server.max_sessions),
                                   "--max-sessions-per-address", str(server.max_per_address),
                                   "--idle-minutes", str(idle_minutes)])
    try:
        server.serve()
    except OSError as exc:
        import errno

        if exc.errno == errno.EADDRINUSE:
            print(f"Porten {port} er optaget af et andet program. Vælg en anden med --port.",
                  file=sys.stderr)
        else:
            print(f"Serveren kan ikke lytte på {_printable(host)}:{port} "
                  f"({_printable(exc.strerror or exc)}). Vælg en anden adresse eller port.",
                  file=sys.stderr)
        return EXIT_PROBLEM
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except Exception:  # noqa: BLE001 - a worker that will not stop is killed
                child.kill()
    return EXIT_OK


def _start_workers(count: int, content: Path | None, data_dir: Path, host: str, port: int,
                   public_url: str | None, limits: list[str] = ()) -> list:
    """The extra processes of ``serve --workers N``: the same server, told it is a worker."""
    import os
    import subprocess

    command = [sys.executable, "-c", "import sys; from course.cli import main; sys.exit(main())",
               "serve", "--host", host, "--port", str(port), "--data", str(data_dir),
               "--worker-of", str(os.getpid())]
    if content is not None:
        command += ["--content", str(content.resolve())]
    if public_url:
        command += ["--public-url", public_url]
    command += list(limits)
    return [subprocess.Popen(command) for _ in range(count)]


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


def demo_data(content: Path | None, data: Path, learners: int, holds: int, seed: int) -> int:
    course = _course_or_explain(content, "Eksempeldata kan ikke laves, fordi indholdet har fejl:")
    if course is None:
        return EXIT_PROBLEM
    problem = _writable(data)
    if problem:
        print(f"Datamappen {_printable(data)} kan ikke skrives ({problem}).", file=sys.stderr)
        return EXIT_PROBLEM
    from course.files import danish_reason
    from course.reports.demo import DemoProblem, fill
    from progress.holds import HoldProblem

    try:
        made = fill(course, data, learners=learners, holds=holds, seed=seed)
    except (DemoProblem, HoldProblem) as exc:
        print(_printable(exc), file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"Datamappen {_printable(data)} kan ikke skrives ({danish_reason(exc)}).",
              file=sys.stderr)
        return EXIT_PROBLEM
    print(made.summary())
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
                     args.max_sessions_per_address, args.idle_minutes)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
