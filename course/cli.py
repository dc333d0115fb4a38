"""The `medborger` command: run the course, or check its content.

    medborger [--data DIR] [--content DIR]     start the course
    medborger validate [--content DIR] [--json]

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medborger",
        description="Medborgerskab i Ishøj – et kursus i Ishøj Kommunes medborgerpolitik.",
    )
    parser.add_argument("--content", type=Path, help="mappe med kursets indhold (modules/ og quizzes/)")
    parser.add_argument("--data", type=Path, help="mappe til deltagernes data (ellers MEDBORGER_DATA "
                        "eller brugerens datamappe)")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    validate = sub.add_parser("validate", help="tjek kursets indhold og vis alle fejl")
    validate.add_argument("--content", type=Path, default=argparse.SUPPRESS,
                          help="mappe med kursets indhold")
    validate.add_argument("--json", action="store_true", help="vis en optælling som JSON")
    return parser


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


def validate(content: Path | None, as_json: bool) -> int:
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
            print(f"{n} {'fejl' if n == 1 else 'fejl'} i indholdet.", file=sys.stderr)
        return EXIT_PROBLEM
    if as_json:
        print(json.dumps({"valid": True, **course_stats(course)}, ensure_ascii=False, indent=2))
    else:
        print(summary_line(course))
    return EXIT_OK


def run_app(content: Path | None, data: Path | None) -> int:
    course, error = _load(content, cached=True)
    if error is not None:
        print("Kurset kan ikke starte, fordi indholdet har fejl:", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("Ret fejlene, og tjek igen med: medborger validate", file=sys.stderr)
        return EXIT_PROBLEM

    from progress import Store, default_data_dir

    data_dir = default_data_dir(data)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"Mappen til data kan ikke oprettes: {data_dir} ({exc.strerror}).", file=sys.stderr)
        print("Vælg en anden mappe med --data MAPPE eller MEDBORGER_DATA.", file=sys.stderr)
        return EXIT_PROBLEM

    from course.tui.app import CourseApp

    CourseApp(course, Store(data_dir)).run()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return validate(args.content, args.json)
    return run_app(args.content, args.data)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
