"""What the subcommands share: exit codes, loading the course, printing safely, finding a learner.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0


EXIT_PROBLEM = 1


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1, or a Danish message."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"»{text}« er ikke et helt tal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("tallet skal være mindst 1")
    return value


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
