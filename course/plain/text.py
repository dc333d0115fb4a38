"""Text for the plain mode: cleaned of control codes, Markdown made plain, answers in words.

Everything the plain mode prints goes through :func:`clean`, so no escape sequence (ESC,
CSI, other C0/C1 control characters) and no bidirectional override ever reaches the
terminal, whether it comes from a learner's name, a typed answer or the course files.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from course.content.model import (
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from course.engine import grading
from course.engine.grading import is_well_formed
from course.printable import BIDI as _BIDI


def clean(text: object, *, keep_newlines: bool = True) -> str:
    """``text`` safe to print: control characters, bidi overrides and lone surrogates
    (which cannot even be encoded) become "?" – a screen reader says one short word
    instead of spelling out a control picture.

    Newlines are kept (or made spaces with ``keep_newlines=False``) and tabs become a
    space; carriage returns are dropped. Other formatting characters that names need
    (zero-width joiners in Persian or Indic names) are kept.
    """
    out = []
    for char in str(text):
        if char == "\n":
            out.append("\n" if keep_newlines else " ")
        elif char == "\t":
            out.append(" ")
        elif char == "\r":
            continue
        elif unicodedata.category(char) in ("Cc", "Cs") or ord(char) in _BIDI:
            out.append("?")
        else:
            out.append(char)
    return "".join(out)


def one_line(text: object) -> str:
    """User text (a name, a typed answer) on one line, cleaned."""
    return " ".join(clean(text, keep_newlines=False).split())


# --- Markdown to plain paragraphs ---------------------------------------------------------


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _inline(children) -> str:
    parts: list[str] = []
    link: list[str] = []
    for token in children or ():
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
        elif token.type == "image":
            parts.append(token.content or "")
        elif token.type == "link_open":
            link.append(str(token.attrs.get("href", "")))
        elif token.type == "link_close":
            href = link.pop() if link else ""
            if href and not href.startswith("#"):
                parts.append(f" ({href})")
    return "".join(parts)


def markdown_text(source: str) -> str:
    """Markdown as plain text: paragraphs split by a blank line, list items as "- ",
    numbered items as "1. ", emphasis dropped, a link's address after its text."""
    blocks: list[tuple[str, int | None]] = []  # (text, the list it is an item of)
    lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
    list_id = 0
    prefix = ""
    for token in _markdown().parse(source or ""):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                list_id += 1
            lists.append([int(token.attrs.get("start", 1) or 1)]
                         if kind == "ordered_list_open" else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            indent = "  " * (len(lists) - 1)
            if lists and lists[-1]:
                prefix = f"{indent}{lists[-1][0]}. "
                lists[-1][0] += 1
            else:
                prefix = f"{indent}- "
        elif kind == "inline":
            text = _inline(token.children).strip()
            if text:
                blocks.append((prefix + text, list_id if lists else None))
            prefix = ""
        elif kind in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), None))
    # the items of one list follow each other line by line; other blocks are separated
    # by a blank line
    out: list[str] = []
    previous: int | None = None
    for text, group in blocks:
        if out and (group is None or group != previous):
            out.append("")
        out.append(text)
        previous = group
    return "\n".join(out).strip("\n")


# --- answers in words -------------------------------------------------------------------------


def letter(index: int) -> str:
    """A, B, C … for the lines of a matching question (0-based index)."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def describe_response(question: Question, response: object) -> str:
    """A response in plain Danish words, one line: no arrows or other symbols that a
    screen reader spells out. "Sandt", "a; b", "A Statsborgerskab: pas …", "1. x, 2. y"."""
    return grading.describe_response(question, response, spoken=True)


def answer_lines(label: str, question: Question, response: object) -> list[str]:
    """ "Dit svar: Sandt" on one line; an answer of several parts (multiple choice,
    matching, ordering) as "Dit svar:" and then one line per part, so a screen reader or
    a Braille display takes one part at a time."""
    if not is_well_formed(question, response) or isinstance(
            question, (TrueFalse, SingleChoice, TextAnswer)):
        return [f"{label}: {describe_response(question, response)}"]
    parts = grading.response_parts(question, response, spoken=True)
    if not isinstance(question, Ordering):  # an ordering's parts are numbered already
        parts = [f"- {part}" for part in parts]
    return [f"{label}:", *parts]


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
