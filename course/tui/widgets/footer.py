"""The course's Footer: compact, so a screen's keys fit in 80 columns.

The command palette's key (Ctrl+P) is left out of the Footer to make room; it is listed
in the help (F1) and the palette also opens from the ⭘ in the Header.
"""

from __future__ import annotations

from textual.widgets import Footer


class CourseFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
