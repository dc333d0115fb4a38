"""The program each browser tab runs under `medborger serve` (started by textual-serve).

It is the same course app as in the terminal, in serve mode: the first screen asks for
the hold code, and the browser's address (``MEDBORGER_CLIENT``, set by the server)
is what wrong codes are counted against.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def quiet_cursors() -> None:
    """No blinking cursor in a browser tab. Every blink redraws the field and is sent to
    the browser: about 750 bytes every half second from every idle tab. The cursor
    stays, steady, in the focused field."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        blink = widget.__dict__.get("cursor_blink")  # the Reactive: its default for all
        if blink is not None:
            blink._default = False
            widget._default_cursor_blink = False  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="medborger-session")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--content", type=Path)
    args = parser.parse_args(argv)

    from course.content import default_content_dir, load_course_cached
    from course.content.yaml_reading import ContentError

    try:
        course = load_course_cached(args.content or default_content_dir())
    except ContentError as error:
        # Shown in the browser tab as the process's last words.
        print("Kurset kan ikke starte, fordi indholdet har fejl:", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1

    from course.tui.app import CourseApp
    from progress import Store

    client = os.environ.get("MEDBORGER_CLIENT") or "ukendt"
    quiet_cursors()
    CourseApp(course, Store(args.data), serve=True, client=client).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
