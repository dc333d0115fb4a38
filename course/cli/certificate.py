"""`medborger certificate issue|verify|revoke` and `medborger keys export-public`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    _course_or_explain,
    _file_problem,
    _printable,
)


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
