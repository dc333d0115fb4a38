"""User text on screen: shown exactly as typed, never read as markup or terminal codes."""

from __future__ import annotations

from textual.content import Content

from course.printable import visible

__all__ = ["hanging", "plain", "show_quote", "visible"]


def plain(text: str) -> Content:
    """Content for a widget: literal text, no markup, no control codes."""
    return Content(visible(text))


SUBTITLE_ROOM = 60
"""A quote box's border holds a caption this long at 80 columns, with room to spare."""


def show_quote(box, text: str, source: str | None) -> None:
    """A quote from the policy in ``box`` (a Static with the class ``quote``), with where
    it is from: as the border's caption when it fits at 80 columns, else on a line of its
    own under the quote (a border caption would be cut: »…statsborgerska…«)."""
    quote = plain(f"»{text}«")
    if source and len(source) > SUBTITLE_ROOM:
        box.border_subtitle = None
        box.update(Content.assemble(quote, "\n", (visible(f"– {source}"), "not italic dim")))
    else:
        box.border_subtitle = visible(source) if source else None
        box.update(quote)


def hanging(rows: list[tuple[str, str]] | tuple[str, str], style: str = "bold"):
    """Lines that wrap under their text, not under their number or mark (a hanging
    indent): each row is (prefix, text), e.g. ("2. ", an option), ("• ", an objective).
    One row or a list of rows; the prefixes share one column. The text is literal."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    rows = [rows] if isinstance(rows, tuple) else rows
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True, width=max((cell_len(p) for p, _ in rows), default=0))
    grid.add_column(ratio=1)
    for prefix, text in rows:
        grid.add_row(Text(prefix, style=style), Text(visible(text)))
    return grid
