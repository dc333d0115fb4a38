"""Grading quiz answers: what a response is, and how many points it earns.

A *response* is what the learner answered, in plain JSON types so the store can save it
as is:

==========  ==========================================================================
type        response
==========  ==========================================================================
single      the chosen option's text (``str``)
multiple    the chosen options' texts (``list[str]``, in any order)
true_false  ``True`` or ``False``
matching    ``{left: chosen right}`` (``dict[str, str]``; a left not yet matched may be
            left out or map to ``None``)
ordering    every item's text, in the learner's order (``list[str]``)
text        the typed text (``str``)
==========  ==========================================================================

Scoring rules. Every question is worth 1 point, whatever its type:

- **single** and **true_false**: 1 if right, else 0.
- **multiple**: partial credit, (right picks - wrong picks) / number of right options,
  never below 0. Correct only when exactly the right options are picked.
- **matching**: the share of lefts matched to their own right.
- **ordering**: the share of items in their correct position; the right order gives 1.
- **text**: 1 if the answer equals one of the accepted answers once both are *folded*:
  lower case, spaces at the ends removed and runs of spaces inside made one, æ read as
  ae, ø as oe and å as aa, and punctuation at the ends (such as . , ! ? » «) removed.
  So "Naerdemokrati!" matches "nærdemokrati", and "nærdemokrati" matches "Naerdemokrati".
  One typo is forgiven when the folded accepted answer has at least
  :data:`TYPO_MIN_LETTERS` letters: the folded answers may differ by one edit
  (Damerau–Levenshtein distance 1: a letter inserted, deleted or replaced, or two
  neighbouring letters swapped). So "ejerfølese" matches "ejerfølelse", "nærdemokarti"
  matches "nærdemokrati", while "ret" (3 letters) must be typed exactly.
- A malformed response scores 0: ``None``, the wrong type, an option, left, right or item
  the question does not have, or an ordering that is not exactly the question's items.
  Repeated picks in a multiple-choice response count once.

Each type's rules live in its kind module (:mod:`course.engine.kinds`); the functions
here look the kind up. Grading depends only on the question's content and the response, never on the order the
options were shown in. It never raises on a bad response.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from course.content.model import Question

__all__ = [
    "MAX_SCORE",
    "TYPO_MIN_LETTERS",
    "Grade",
    "Response",
    "correct_response",
    "describe_response",
    "fold_text",
    "grade",
    "is_well_formed",
    "response_parts",
    "text_matches",
    "within_one_edit",
    "wrong_picks",
]

Response = str | bool | list[str] | dict[str, str | None] | None
"""A learner's response to one question; see the module docstring for each type."""

MAX_SCORE = 1.0


@dataclass(frozen=True)
class Grade:
    """The points a response earned: ``0 <= score <= max_score``."""

    score: float
    max_score: float
    correct: bool


_WRONG = Grade(0.0, MAX_SCORE, False)

# æ, ø, å as they are often typed on a keyboard without them (shared with the glossary).
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold_text(text: str) -> str:
    """The form typed answers are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text).translate(DANISH_LETTERS)
    start, end = 0, len(text)
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return " ".join(text[start:end].split())


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


TYPO_MIN_LETTERS = 6
"""An accepted answer with at least this many letters (once folded) forgives one typo."""


def within_one_edit(a: str, b: str) -> bool:
    """Whether the Damerau–Levenshtein distance of ``a`` and ``b`` is at most 1.

    One edit is a character inserted, deleted or replaced, or two neighbouring
    characters swapped.
    """
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:  # one replacement
            return True
        # two neighbouring characters swapped
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    if la < lb:  # one insertion into a
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i:]  # one deletion from a


def text_matches(typed: str, accepted: str) -> bool:
    """Whether a typed answer counts as ``accepted`` (see the module docstring)."""
    mine, theirs = fold_text(typed), fold_text(accepted)
    if mine == theirs:
        return True
    if not mine or sum(c.isalpha() for c in theirs) < TYPO_MIN_LETTERS:
        return False
    return within_one_edit(mine, theirs)


# --- grading (each type's rules are in its kind module) -----------------------------


def is_well_formed(question: Question, response: Any) -> bool:
    """Whether ``response`` has the shape the question's type expects (right or wrong).

    An empty multiple-choice pick, a matching with lefts left out and an empty text are
    well formed; ``None`` never is.
    """
    return kinds.of(question).well_formed(question, response)


def grade(question: Question, response: Any) -> Grade:
    """The points ``response`` earns on ``question`` (rules in the module docstring)."""
    kind = kinds.of(question)
    if not kind.well_formed(question, response):
        return _WRONG
    return kind.grade(question, response)


def wrong_picks(question: Question, response: Any) -> list[tuple[str, str | None]]:
    """The wrong options a response chose, each with why it is wrong (None if unsaid).

    For single choice the chosen option when it is wrong; for multiple choice every
    ticked option that is not right, in option order. Other types, right picks and
    malformed responses give an empty list.
    """
    kind = kinds.of(question)
    if not kind.well_formed(question, response):
        return []
    why = dict(kind.why_not(question, []))
    return [(o, why.get(o)) for o in kind.chosen_wrong(question, response, [])]


def correct_response(question: Question) -> Response:
    """A response that earns full marks (for multiple: the right options, in option order)."""
    return kinds.of(question).correct_response(question)


# --- describing a response (Danish: the learner reads this) -------------------------


def response_parts(question: Question, response: Any, *, spoken: bool = False) -> list[str]:
    """An answer of several parts one part at a time, for showing one to a line:
    the options ticked (multiple choice), "line → partner" (matching), "1. item"
    (ordering). Any other answer is one part, :func:`describe_response`'s text.

    ``spoken``: words a screen reader reads well, no arrow ("line: partner",
    "ikke valgt"), for the plain mode. (The feedback models in
    :mod:`course.engine.views` give the parts in the order shown, marked.)"""
    kind = kinds.of(question)
    if response is not None and kind.well_formed(question, response):
        return [part[1] if spoken else part[0]
                for part in kind.answer_parts(question, response, [])]
    return [describe_response(question, response, spoken=spoken)]


def joined(parts: list[str]) -> str:
    """Parts on one line: "a; b", or, when a part ends a sentence, "A. B." (never ".;")."""
    if any(part.rstrip().endswith((".", "!", "?", "…")) for part in parts):
        return " ".join(part if part.rstrip().endswith((".", "!", "?", "…")) else part + "."
                        for part in parts)
    return "; ".join(parts)


def describe_response(question: Question, response: Any, *, spoken: bool = False) -> str:
    """A short Danish text of ``response`` for the review screen.

    For example "Sandt", "a; b", "a → b; c → d" (parts that end a sentence are kept as
    sentences: "a → Hun hjælper. c → Han stemmer.", never ".;") or "1. x  2. y". A
    malformed response reads "Intet svar" (None) or "Ugyldigt svar". ``spoken``: as
    :func:`response_parts`, and an ordering as "1. x, 2. y".
    """
    if response is None:
        return "Intet svar"
    kind = kinds.of(question)
    if not kind.well_formed(question, response):
        return "Ugyldigt svar"
    return kind.describe(question, response, spoken)


from . import kinds  # noqa: E402  (the kinds use Grade and the text rules above)
