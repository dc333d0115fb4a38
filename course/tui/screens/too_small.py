"""Shown instead of the course while the terminal is smaller than 80x24.

The course is laid out for at least 80 columns and 24 lines; in a smaller window text and
keys would be cut off without a word. This screen says, in Danish, how large the window
must be and how large it is now; it goes away by itself when the window is large enough.
Only Ctrl+Q (quit) works meanwhile.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size(self.app.size)

    def show_size(self, size: Size) -> None:
        self.query_one("#too-small", Static).update(Content.assemble(
            ("Vinduet er for lille", "bold"), "\n",
            f"Kurset skal bruge mindst {MIN_WIDTH} × {MIN_HEIGHT} tegn. "
            f"Nu er det {size.width} × {size.height}.\n",
            "Gør vinduet større, eller gør skriften mindre (fx Ctrl og minus). "
            "Kurset fortsætter af sig selv. Ctrl+Q lukker kurset.",
        ))
