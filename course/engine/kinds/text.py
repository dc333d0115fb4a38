"""A typed answer: right when it matches an accepted answer as
:func:`course.engine.grading.text_matches` reads it (case, spaces, æ/ae, one typo)."""

from __future__ import annotations

from typing import Any

from course.content.model import TextAnswer
from course.engine.grading import Grade, fold_text, text_matches

from .base import RIGHT, TYPED_BACK_HELP, WRONG, KindBase, PartTuple, one


class TextKind(KindBase):
    type = "text"
    typed = True

    def well_formed(self, q: TextAnswer, response: Any) -> bool:
        return isinstance(response, str)

    def grade(self, q: TextAnswer, response: Any) -> Grade:
        return RIGHT if any(text_matches(response, a) for a in q.accepted) else WRONG

    def correct_response(self, q: TextAnswer) -> str:
        return q.accepted[0]

    def answer_parts(self, q: TextAnswer, response: Any, shown: list[str]) -> list[PartTuple]:
        return one(self.describe(q, response, False))

    def right_parts(self, q: TextAnswer, shown: list[str]) -> list[PartTuple]:
        return one(q.accepted[0])

    def spelling(self, q: TextAnswer, response: Any) -> str | None:
        """The accepted answer a right response was a typo of (None when it was spelt
        as an accepted answer is, give or take case, spaces, æ/ae and punctuation)."""
        if not isinstance(response, str):
            return None
        typed = fold_text(response)
        if any(fold_text(a) == typed for a in q.accepted):
            return None
        return next((a for a in q.accepted if text_matches(response, a)), None)

    def also_right(self, q: TextAnswer) -> tuple[str, ...]:
        return tuple(q.accepted[1:])

    def describe(self, q: TextAnswer, response: Any, spoken: bool) -> str:
        return " ".join(str(response).split()) or "Tomt svar"

    def typed_prompt(self, q: TextAnswer, shown: list[str]) -> tuple[str, str]:
        return ("Skriv dit svar:", "Skriv dit svar med ét eller få ord, og tryk Enter." + TYPED_BACK_HELP)

    def sample_wrong(self, q: TextAnswer, rng: Any, pick: Any) -> str:
        """A word misspelled past forgiving (its halves swapped), or »ved ikke«."""
        word = q.accepted[0]
        if len(word) > 4 and rng.random() < 0.6:
            half = len(word) // 2
            return word[half:] + word[:half]
        return "ved ikke"

    def parse(self, q: TextAnswer, shown: list[str], typed: str) -> tuple[Any, str | None]:
        if not typed.strip():
            return None, "Skriv et svar, før du trykker Enter."
        return typed.strip(), None
