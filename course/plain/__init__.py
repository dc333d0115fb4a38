"""The plain mode: the course line by line, for screen readers, Braille displays and
terminals without cursor control (``medborger --plain``; automatic with ``TERM=dumb`` or
when standard input or output is not a terminal)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

__all__ = ["wants_plain"]


def wants_plain(stdin: TextIO | None = None, stdout: TextIO | None = None,
                environ: Mapping[str, str] | None = None) -> bool:
    """Whether to start in plain mode when neither ``--plain`` nor ``--no-plain`` is given:
    ``TERM=dumb``, or standard input or output is not a terminal."""
    environ = os.environ if environ is None else environ
    if environ.get("TERM", "") == "dumb":
        return True
    for stream in (stdin or sys.stdin, stdout or sys.stdout):
        try:
            if stream is None or not stream.isatty():
                return True
        except (AttributeError, ValueError):
            return True
    return False
