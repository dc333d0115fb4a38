"""Text for the plain mode: cleaned of control codes, Markdown made plain, answers in words.

Everything the plain mode prints goes through :func:`clean`, so no escape sequence (ESC,
CSI, other C0/C1 control characters) and no bidirectional override ever reaches the
terminal, whether it comes from a learner's name, a typed answer or the course files.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from course.engine.views import ChoiceOutcome, Feedback, Part, QuizResult, ScenarioEnding
from course.printable import BIDI as _BIDI

if TYPE_CHECKING:  # markdown_it is imported on first use (start-up time)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


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
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _inline(children: list[Token] | None) -> str:
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


MARKS = {True: " (rigtigt)", False: " (forkert)", None: ""}
"""What ✔ and ✘ say in the terminal app, in words a screen reader reads."""


def answer_lines(label: str, parts: tuple[Part, ...], numbered: bool = False) -> list[str]:
    """ "Dit svar: Sandt" on one line; an answer of several parts (multiple choice,
    matching, ordering) as "Dit svar:" and then one line per part, in the order the
    learner saw them, each marked "(rigtigt)" or "(forkert)", so a screen reader or a
    Braille display takes one part at a time. ``numbered``: the parts carry their own
    numbers ("1. x"), so no "- "."""
    if len(parts) == 1:
        return [f"{label}: {parts[0].spoken}"]
    bullet = "" if numbered else "- "
    return [f"{label}:", *(f"{bullet}{p.spoken}{MARKS[p.right]}" for p in parts)]


def feedback_lines(feedback: Feedback, review: bool = False) -> list[str]:
    """A :class:`~course.engine.views.Feedback` as lines: the answer, the right answer
    when it was not right, the explanation, the why of each wrong option chosen, and
    (except in a review) the quote or the source."""
    key = feedback.key
    lines = answer_lines("Dit svar", feedback.answer, key.numbered)
    if feedback.show_right:
        lines += answer_lines(key.right_label, key.right, key.numbered)
    lines.append(key.explanation)
    lines += [f"{why.heading} {why.why}" for why in feedback.chosen_why_not]
    if not review:
        if key.quote:
            lines += [f"Fra politikken, {key.section}:", f"»{key.quote}«"]
        else:
            lines.append(f"Kilde: {key.section}.")
    return lines


PROCENT = " procent"  # read aloud; the screens write "%"


def result_lines(result: QuizResult) -> list[str]:
    """A :class:`~course.engine.views.QuizResult` as lines ("" for a blank line): the
    score and the rule, the points per objective, the review, the advice."""
    lines = [f"{result.score_line(PROCENT)} {result.rule(PROCENT)}".strip()]
    if result.objectives:
        lines.append(f"{result.objectives_title}:")
        lines += [f"- {o.text}: {o.points}." for o in result.objectives]
        if result.revisit:
            lines.append(f"{result.revisit_line} Læs de sider i lektionen, der handler om det.")
    if result.review:
        lines.append("Svar at se på igen:")
        for feedback in result.review:
            lines += ["", f"Spørgsmål: {feedback.key.prompt}",
                      *feedback_lines(feedback, review=True)]
    lines += ["", "Godt klaret!" if result.passed else "Læs siderne igen, og prøv så et nyt forsøg."]
    return lines


def listing(items: list[str] | tuple[str, ...]) -> str:
    """ "a", "a og b", "a, b og c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def outcome_lines(outcome: ChoiceOutcome) -> list[str]:
    """A scenario step (the heading is »Dit valg: …«): what it does, what it touches."""
    lines = [outcome.feedback]
    if outcome.strengthens:
        lines.append(f"Det styrker: {listing(outcome.strengthens)}.")
    if outcome.weakens:
        lines.append(f"Det svækker: {listing(outcome.weakens)}.")
    return lines


def ending_lines(ending: ScenarioEnding) -> list[str]:
    """A scenario's ending (the heading is »Slutning: …«), up to the reflection."""
    lines = [markdown_text(ending.text)]
    if ending.focus:
        lines.append("Dine valg og fokusområderne:")
        lines += [f"- {line.title}: {line.counts}." for line in ending.focus]
    return lines + ["Til eftertanke:", markdown_text(ending.reflection_question)]


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
