"""User text on screen: shown exactly as typed, never read as markup or terminal codes."""

from __future__ import annotations

from textual.content import Content

from course.printable import visible

__all__ = ["plain", "visible"]


def plain(text: str) -> Content:
    """Content for a widget: literal text, no markup, no control codes."""
    return Content(visible(text))
