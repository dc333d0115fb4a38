"""`medborger validate` (the content, with its quality warnings) and `medborger export html`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import (
    EXIT_OK,
    EXIT_PROBLEM,
    _course_or_explain,
    _load,
    _printable,
)


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
