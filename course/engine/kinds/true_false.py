"""True or false: the response is ``True`` or ``False``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from course.content.model import TrueFalse
from course.engine.grading import Grade

from .base import BACK_HELP, RIGHT, WRONG, KindBase, OptionTally, PartTuple, one

WORDS = {True: "Sandt", False: "Falsk"}


class TrueFalseKind(KindBase):
    type = "true_false"

    def well_formed(self, q: TrueFalse, response: Any) -> bool:
        return isinstance(response, bool)

    def grade(self, q: TrueFalse, response: Any) -> Grade:
        return RIGHT if response == q.answer else WRONG

    def correct_response(self, q: TrueFalse) -> bool:
        return q.answer

    def answer_parts(self, q: TrueFalse, response: Any, shown: list[str]) -> list[PartTuple]:
        return one(WORDS[bool(response)])

    def right_parts(self, q: TrueFalse, shown: list[str]) -> list[PartTuple]:
        return one(WORDS[q.answer])

    def describe(self, q: TrueFalse, response: Any, spoken: bool) -> str:
        return WORDS[bool(response)]

    def typed_lines(self, q: TrueFalse, shown: list[str]) -> list[str]:
        return ["Er det sandt eller falsk?", "1. Sandt", "2. Falsk"]

    def typed_prompt(self, q: TrueFalse, shown: list[str]) -> tuple[str, str]:
        return ("Skriv 1 for sandt eller 2 for falsk:",
                "Skriv 1, hvis sætningen er sand, og 2, hvis den er falsk." + BACK_HELP)

    def parse(self, q: TrueFalse, shown: list[str], typed: str) -> tuple[Any, str | None]:
        word = typed.strip().casefold()
        if word in ("1", "sandt", "s", "ja"):
            return True, None
        if word in ("2", "falsk", "f", "nej"):
            return False, None
        return None, "Skriv 1 for sandt eller 2 for falsk."

    def sample_wrong(self, q: TrueFalse, rng: Any, pick: Any) -> bool:
        return not q.answer

    def option_counts(self, q: TrueFalse, responses: list[Any]) -> tuple[list[OptionTally], int]:
        counts = Counter(r for r in responses if isinstance(r, bool))
        options = [("Sandt", q.answer is True, counts.get(True, 0)),
                   ("Falsk", q.answer is False, counts.get(False, 0))]
        return options, len(responses) - sum(picks for _, _, picks in options)
