"""`medborger serve` (with its workers) and `medborger demo-data`; the parsers of
`serve`, `holds`, `accounts` and `demo-data` (the last three run in :mod:`course.cli.holds`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    _course_or_explain,
    _positive,
    _printable,
    _writable,
)


def _add_serve_commands(sub) -> None:
    """`serve`, `holds list|create|renew`, `accounts list|create` and `demo-data`."""
    data_help = "mappe til deltagernes data"
    serve = sub.add_parser("serve", help="kør kurset i browseren for en klasse eller et hold")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADRESSE",
                       help="adressen, serveren lytter på (standard 127.0.0.1, kun denne maskine)")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT",
                       help="porten (standard 8000)")
    serve.add_argument("--public-url", metavar="URL",
                       help="adressen, brugerne skriver i browseren, fx https://kursus.ishoj.dk; "
                            "serveren svarer så kun under det navn")
    serve.add_argument("--allowed-host", action="append", default=[], metavar="NAVN",
                       help="et navn mere, serveren svarer under uden --public-url, fx "
                            "kursus.skole.lan (kan gives flere gange). Uden det svarer den "
                            "kun under localhost, IP-adresser og maskinens eget navn, så en "
                            "fremmed side ikke kan styre elevernes browsere mod den (DNS "
                            "rebinding)")
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


def serve(content: Path | None, data: Path | None, host: str, port: int,
          public_url: str | None, workers: int = 1, worker_of: int | None = None,
          max_sessions: int | None = None, max_per_address: int | None = None,
          idle_minutes: int = 30, allowed_hosts: list[str] | None = None) -> int:
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
    from course.web.security import host_name

    names = []
    for given in allowed_hosts or ():
        name = host_name(given)
        if name is None:
            print(f"--allowed-host {_printable(given)}: skriv kun et navn, fx kursus.skole.lan "
                  "(uden http://, port og /).", file=sys.stderr)
            return EXIT_PROBLEM
        names.append(name)
    if names and public_url:
        print("--allowed-host bruges kun uden --public-url: med --public-url svarer serveren "
              "kun under den adresse.", file=sys.stderr)
        return EXIT_PROBLEM
    from course.web.server import CourseServer

    server = CourseServer(data_dir, content.resolve() if content else None, host=host,
                          port=port, public_url=public_url, max_sessions=max_sessions,
                          max_per_address=max_per_address, idle_minutes=idle_minutes,
                          allowed_hosts=tuple(names))
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
                                   "--idle-minutes", str(idle_minutes),
                                   *[f"--allowed-host={name}" for name in names]])
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
