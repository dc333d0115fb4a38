"""Course content: YAML in, frozen dataclasses out. No user interface here."""

from __future__ import annotations

import os
from pathlib import Path

from .loader import ContentError, Problem, course_stats, load_course, summary_line
from .model import Course

__all__ = [
    "ContentError",
    "Course",
    "Problem",
    "course_stats",
    "default_content_dir",
    "load_course",
    "summary_line",
]


def default_content_dir() -> Path:
    """Where the course content lives: $MEDBORGER_CONTENT, the source tree, or the wheel."""
    if env := os.environ.get("MEDBORGER_CONTENT"):
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    source_tree = package.parent
    if (source_tree / "modules" / "course.yaml").is_file():
        return source_tree
    return package / "_content"
