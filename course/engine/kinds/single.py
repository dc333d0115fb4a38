"""Single choice: one option is right; the response is the chosen option's text."""

from __future__ import annotations

from collections import Counter
from typing import Any

from course.content.model import SingleChoice
from course.engine.grading import Grade

from .base import BACK_HELP, RIGHT, WRONG, KindBase, OptionTally, PartTuple, fit, numbers, one


class SingleKind(KindBase):
    type = "single"
    has_distractors = True

    def well_formed(self, q: SingleChoice, response: Any) -> bool:
        return isinstance(response, str) and response in q.options

    def grade(self, q: SingleChoice, response: Any) -> Grade:
        return RIGHT if response == q.answer else WRONG

    def correct_response(self, q: SingleChoice) -> str:
        return q.answer

    def parts(self, q: SingleChoice) -> list[str]:
        return list(q.options)

    def answer_parts(self, q: SingleChoice, response: Any, shown: list[str]) -> list[PartTuple]:
        return one(str(response))

    def right_parts(self, q: SingleChoice, shown: list[str]) -> list[PartTuple]:
        return one(q.answer)

    def why_not(self, q: SingleChoice, shown: list[str]) -> list[tuple[str, str]]:
        return [(o, why) for o in fit(shown, list(q.options))
                if o != q.answer and (why := q.why_for(o))]

    def chosen_wrong(self, q: SingleChoice, response: Any, shown: list[str]) -> list[str]:
        return [] if response == q.answer else [response]

    def describe(self, q: SingleChoice, response: Any, spoken: bool) -> str:
        return str(response)

    def typed_lines(self, q: SingleChoice, shown: list[str]) -> list[str]:
        return ["Svarmuligheder:", *(f"{n}. {o}" for n, o in enumerate(shown, 1))]

    def typed_prompt(self, q: SingleChoice, shown: list[str]) -> tuple[str, str]:
        return (f"Skriv nummeret på dit svar (1 til {len(shown)}):",
                "Skriv tallet foran det svar, du mener er rigtigt." + BACK_HELP)

    def parse(self, q: SingleChoice, shown: list[str], typed: str) -> tuple[Any, str | None]:
        chosen = numbers(typed)
        if chosen is None or any(not 1 <= n <= len(shown) for n in chosen):
            return None, f"Skriv tal fra 1 til {len(shown)}."
        if len(chosen) != 1:
            return None, f"Skriv ét tal fra 1 til {len(shown)}."
        return shown[chosen[0] - 1], None

    def sample_wrong(self, q: SingleChoice, rng: Any, pick: Any) -> str:
        choice: str = pick([o for o in q.options if o != q.answer])
        return choice

    def option_counts(self, q: SingleChoice, responses: list[Any]) -> tuple[list[OptionTally], int]:
        counts = Counter(r for r in responses if isinstance(r, str))
        options = [(o, o == q.answer, counts.get(o, 0)) for o in q.options]
        return options, len(responses) - sum(picks for _, _, picks in options)
