"""Course content: YAML in, frozen dataclasses out. No user interface here.

The loader (and with it the YAML library) is imported on first use, so a start-up
served from the cache (see :mod:`course.content.cache`) never pays for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import Course

if TYPE_CHECKING:
    from .loader import course_stats, load_course, summary_line
    from .yaml_reading import ContentError, Problem

__all__ = [
    "ContentError",
    "Course",
    "Problem",
    "course_stats",
    "default_content_dir",
    "load_course",
    "load_course_cached",
    "summary_line",
]

_LAZY = {
    "ContentError": "yaml_reading",
    "Problem": "yaml_reading",
    "course_stats": "loader",
    "load_course": "loader",
    "summary_line": "loader",
    "load_course_cached": "cache",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_content_dir() -> Path:
    """Where the course content lives: $MEDBORGER_CONTENT, the source tree, or the wheel."""
    if env := os.environ.get("MEDBORGER_CONTENT"):
        return Path(env)
    package = Path(__file__).resolve().parent.parent
    source_tree = package.parent
    if (source_tree / "modules" / "course.yaml").is_file():
        return source_tree
    return package / "_content"
