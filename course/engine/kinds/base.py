"""The protocol every question kind follows, and what the kinds share."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, Protocol

from course.engine.grading import Grade, Response

PartTuple = tuple[str, str, bool | None]
"""One part of an answer: (written text, spoken text, right: True/False/None unmarked)."""

Pick = Callable[[list[str]], str]
"""Chooses one of several wrong options (sample data weights some)."""

OptionTally = tuple[str, bool, int]
"""(option text, whether it is right, how many answers picked it)."""


class Kind(Protocol):
    """What a question type knows about its questions (``q``) and their responses."""

    type: str
    typed: bool  # answered by typing free text (statistics list the wrong texts)
    has_distractors: bool  # wrong options a learner picks (statistics flag unused ones)
    numbered_parts: bool  # an answer's parts carry their own numbers ("1. x")

    def well_formed(self, q: Any, response: Any) -> bool:
        """Whether ``response`` has this type's shape (right or wrong)."""

    def grade(self, q: Any, response: Any) -> Grade:
        """The grade of a well-formed response (see :mod:`course.engine.grading`)."""

    def correct_response(self, q: Any) -> Response:
        """A response that earns full marks."""

    def parts(self, q: Any) -> list[str]:
        """What a presentation orders, in the content's order ([] when nothing)."""

    def presentation(self, q: Any, rng: random.Random) -> list[str]:
        """The parts in the order a new attempt shows them."""

    def answer_parts(self, q: Any, response: Any, shown: list[str]) -> list[PartTuple]:
        """The learner's answer one part a line, in the order shown, each marked."""

    def right_parts(self, q: Any, shown: list[str]) -> list[PartTuple]:
        """The right answer one part a line, in the order shown."""

    def why_not(self, q: Any, shown: list[str]) -> list[tuple[str, str]]:
        """Every wrong option with why it is wrong (as the content says), in order shown."""

    def chosen_wrong(self, q: Any, response: Any, shown: list[str]) -> list[str]:
        """The wrong options ``response`` chose, in the order shown."""

    def spelling(self, q: Any, response: Any) -> str | None:
        """The accepted spelling of a right answer typed with a forgiven typo."""

    def also_right(self, q: Any) -> tuple[str, ...]:
        """Other answers that count as right (a typed answer's other spellings)."""

    def describe(self, q: Any, response: Any, spoken: bool) -> str:
        """A well-formed response on one line (the review, reports)."""

    def typed_prompt(self, q: Any, shown: list[str]) -> tuple[str, str]:
        """How to type an answer: (the prompt, the help), in Danish."""

    def typed_lines(self, q: Any, shown: list[str]) -> list[str]:
        """The question's options as numbered lines to answer by typing, in Danish."""

    def parse(self, q: Any, shown: list[str], typed: str) -> tuple[Response, str | None]:
        """A typed answer as a response, or (None, what is wrong with it in Danish)."""

    def option_counts(self, q: Any, responses: list[Any]) -> tuple[list[OptionTally], int]:
        """How often each option was picked, and how many answers picked none."""

    def sample_wrong(self, q: Any, rng: random.Random, pick: Pick) -> Response:
        """A wrong answer as learners give them, for sample data (``pick`` chooses a
        distractor among wrong options, weighted as the sample wants)."""


WRONG = Grade(0.0, 1.0, False)
RIGHT = Grade(1.0, 1.0, True)


def share(right: int, total: int) -> Grade:
    score = max(0.0, min(1.0, right / total)) if total else 0.0
    return Grade(score, 1.0, score == 1.0)


def strings(value: Any) -> list[str] | None:
    """``value`` as a list of strings, or None when it is not a list/tuple of strings."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def numbers(text: str) -> list[int] | None:
    """ "2 1 3", "2,1,3" or "2, 1, 3" as [2, 1, 3]; None when something is not a number."""
    parts = text.replace(",", " ").replace(";", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def listing(items: list[str]) -> str:
    """ "a", "a og b", "a, b og c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def example_numbers(count: int, avoid: list[int]) -> list[int]:
    """An example of ``count`` numbers 1..count to type, never ``avoid`` (the answer):
    the numbers backwards, or turned by one when that is the answer."""
    example = list(range(count, 0, -1))
    if example == avoid and count > 1:
        example = list(range(2, count + 1)) + [1]
    return example


BACK_HELP = " Skriv t eller tilbage for at gå tilbage; dine svar er gemt."
TYPED_BACK_HELP = " Skriv tilbage for at gå tilbage (t alene er et svar); dine svar er gemt."


class KindBase:
    """Defaults most kinds share: no parts, no options, nothing to spell."""

    type = ""
    typed = False
    has_distractors = False
    numbered_parts = False

    def parts(self, q: Any) -> list[str]:
        return []

    def presentation(self, q: Any, rng: random.Random) -> list[str]:
        shown = self.parts(q)
        rng.shuffle(shown)
        return shown

    def why_not(self, q: Any, shown: list[str]) -> list[tuple[str, str]]:
        return []

    def chosen_wrong(self, q: Any, response: Any, shown: list[str]) -> list[str]:
        return []

    def spelling(self, q: Any, response: Any) -> str | None:
        return None

    def also_right(self, q: Any) -> tuple[str, ...]:
        """Other answers that count as right (a typed answer's other spellings)."""
        return ()

    def typed_lines(self, q: Any, shown: list[str]) -> list[str]:
        return []

    def option_counts(self, q: Any, responses: list[Any]) -> tuple[list[OptionTally], int]:
        return [], 0

    def describe(self, q: Any, response: Any, spoken: bool) -> str:
        return "; ".join(p[1] if spoken else p[0] for p in self.answer_parts(q, response, []))

    def answer_parts(self, q: Any, response: Any, shown: list[str]) -> list[PartTuple]:
        raise NotImplementedError


def one(text: str) -> list[PartTuple]:
    """A one-part answer (not marked: the verdict says it)."""
    return [(text, text, None)]


def fit(shown: list[str], parts: list[str]) -> list[str]:
    """``shown`` made to hold exactly ``parts``: the shown order first, then any part it
    leaves out (content edited since, or nothing shown: the content's order)."""
    kept = [p for p in dict.fromkeys(shown) if p in parts]
    return kept + [p for p in parts if p not in kept]
