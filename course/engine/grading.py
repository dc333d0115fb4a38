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

Grading depends only on the question's content and the response, never on the order the
options were shown in. It never raises on a bad response.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from course.content.model import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)

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
_RIGHT = Grade(MAX_SCORE, MAX_SCORE, True)

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


# --- reading a response -------------------------------------------------------------


def _strings(value: Any) -> list[str] | None:
    """``value`` as a list of strings, or None when it is not a list/tuple of strings."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _picks(question: MultipleChoice, response: Any) -> set[str] | None:
    picks = _strings(response)
    if picks is None or not set(picks) <= set(question.options):
        return None
    return set(picks)


def _matches(question: Matching, response: Any) -> dict[str, str] | None:
    if not isinstance(response, dict):
        return None
    lefts = {left for left, _ in question.pairs}
    rights = {right for _, right in question.pairs}
    matches: dict[str, str] = {}
    for left, right in response.items():
        if not isinstance(left, str) or left not in lefts:
            return None
        if right is None:
            continue
        if not isinstance(right, str) or right not in rights:
            return None
        matches[left] = right
    return matches


def _order(question: Ordering, response: Any) -> list[str] | None:
    order = _strings(response)
    if order is None or sorted(order) != sorted(question.items):
        return None
    return order


def is_well_formed(question: Question, response: Any) -> bool:
    """Whether ``response`` has the shape the question's type expects (right or wrong).

    An empty multiple-choice pick, a matching with lefts left out and an empty text are
    well formed; ``None`` never is.
    """
    if isinstance(question, SingleChoice):
        return isinstance(response, str) and response in question.options
    if isinstance(question, MultipleChoice):
        return _picks(question, response) is not None
    if isinstance(question, TrueFalse):
        return isinstance(response, bool)
    if isinstance(question, Matching):
        return _matches(question, response) is not None
    if isinstance(question, Ordering):
        return _order(question, response) is not None
    if isinstance(question, TextAnswer):
        return isinstance(response, str)
    raise TypeError(f"not a question: {question!r}")


# --- grading ------------------------------------------------------------------------


def _share(right: int, total: int) -> Grade:
    score = max(0.0, min(MAX_SCORE, right / total)) if total else 0.0
    return Grade(score, MAX_SCORE, score == MAX_SCORE)


def grade(question: Question, response: Any) -> Grade:
    """The points ``response`` earns on ``question`` (rules in the module docstring)."""
    if not is_well_formed(question, response):
        return _WRONG
    if isinstance(question, (SingleChoice, TrueFalse)):
        return _RIGHT if response == question.answer else _WRONG
    if isinstance(question, MultipleChoice):
        picks = _picks(question, response) or set()
        answers = set(question.answers)
        if not answers:  # not valid content, but keep "correct" and full marks together
            return _RIGHT if not picks else _WRONG
        score = _share(len(picks & answers) - len(picks - answers), len(answers))
        return Grade(score.score, MAX_SCORE, picks == answers)
    if isinstance(question, Matching):
        matches = _matches(question, response) or {}
        right = sum(matches.get(left) == partner for left, partner in question.pairs)
        return _share(right, len(question.pairs))
    if isinstance(question, Ordering):
        order = _order(question, response) or []
        in_place = sum(mine == item for mine, item in zip(order, question.items, strict=True))
        return _share(in_place, len(question.items))
    assert isinstance(question, TextAnswer)
    return _RIGHT if any(text_matches(response, a) for a in question.accepted) else _WRONG


def wrong_picks(question: Question, response: Any) -> list[tuple[str, str | None]]:
    """The wrong options a response chose, each with why it is wrong (None if unsaid).

    For single choice the chosen option when it is wrong; for multiple choice every
    ticked option that is not right, in option order. Other types, right picks and
    malformed responses give an empty list.
    """
    if not is_well_formed(question, response):
        return []
    if isinstance(question, SingleChoice):
        return [] if response == question.answer else [(response, question.why_for(response))]
    if isinstance(question, MultipleChoice):
        picks = _picks(question, response) or set()
        return [(o, question.why_for(o)) for o in question.options
                if o in picks and o not in question.answers]
    return []


def correct_response(question: Question) -> Response:
    """A response that earns full marks (for multiple: the right options, in option order)."""
    if isinstance(question, (SingleChoice, TrueFalse)):
        return question.answer
    if isinstance(question, MultipleChoice):
        return [o for o in question.options if o in question.answers]
    if isinstance(question, Matching):
        return {left: right for left, right in question.pairs}
    if isinstance(question, Ordering):
        return list(question.items)
    if isinstance(question, TextAnswer):
        return question.accepted[0]
    raise TypeError(f"not a question: {question!r}")


# --- describing a response (Danish: the learner reads this) -------------------------


def response_parts(question: Question, response: Any, *, spoken: bool = False) -> list[str]:
    """An answer of several parts one part at a time, for showing one to a line:
    the options ticked (multiple choice), "line → partner" (matching), "1. item"
    (ordering). Any other answer is one part, :func:`describe_response`'s text.

    ``spoken``: words a screen reader reads well, no arrow ("line: partner",
    "ikke valgt"), for the plain mode."""
    if response is not None and is_well_formed(question, response):
        if isinstance(question, MultipleChoice):
            picks = _picks(question, response) or set()
            return [o for o in question.options if o in picks] or ["Intet valgt"]
        if isinstance(question, Matching):
            matches = _matches(question, response) or {}
            link, unset = (": ", "ikke valgt") if spoken else (" → ", "(ikke valgt)")
            return [f"{left}{link}{matches.get(left) or unset}" for left, _ in question.pairs]
        if isinstance(question, Ordering):
            order = _order(question, response) or []
            return [f"{n}. {item}" for n, item in enumerate(order, 1)]
    return [describe_response(question, response, spoken=spoken)]


def _joined(parts: list[str]) -> str:
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
    if not is_well_formed(question, response):
        return "Ugyldigt svar"
    if isinstance(question, TrueFalse):
        return "Sandt" if response else "Falsk"
    if isinstance(question, SingleChoice):
        return str(response)
    if isinstance(question, (MultipleChoice, Matching)):
        return _joined(response_parts(question, response, spoken=spoken))
    if isinstance(question, Ordering):
        return (", " if spoken else "  ").join(response_parts(question, response))
    return " ".join(str(response).split()) or "Tomt svar"
