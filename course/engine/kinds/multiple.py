"""Multiple choice: any number of options are right; the response is the ticked options.

Partial credit: (right picks - wrong picks) / right options, never below 0.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from course.content.model import MultipleChoice
from course.engine.grading import Grade

from .base import BACK_HELP, RIGHT, WRONG, KindBase, OptionTally, PartTuple, fit, numbers, share, strings

NOTHING = "Intet valgt"


def picks(q: MultipleChoice, response: Any) -> set[str] | None:
    chosen = strings(response)
    if chosen is None or not set(chosen) <= set(q.options):
        return None
    return set(chosen)


class MultipleKind(KindBase):
    type = "multiple"
    has_distractors = True

    def well_formed(self, q: MultipleChoice, response: Any) -> bool:
        return picks(q, response) is not None

    def grade(self, q: MultipleChoice, response: Any) -> Grade:
        chosen = picks(q, response) or set()
        answers = set(q.answers)
        if not answers:  # not valid content, but keep "correct" and full marks together
            return RIGHT if not chosen else WRONG
        score = share(len(chosen & answers) - len(chosen - answers), len(answers))
        return Grade(score.score, score.max_score, chosen == answers)

    def correct_response(self, q: MultipleChoice) -> list[str]:
        return [o for o in q.options if o in q.answers]

    def parts(self, q: MultipleChoice) -> list[str]:
        return list(q.options)

    def answer_parts(self, q: MultipleChoice, response: Any, shown: list[str]) -> list[PartTuple]:
        chosen = picks(q, response) or set()
        ticked: list[PartTuple] = [(o, o, o in q.answers) for o in fit(shown, list(q.options))
                                   if o in chosen]
        return ticked or [(NOTHING, NOTHING, None)]

    def right_parts(self, q: MultipleChoice, shown: list[str]) -> list[PartTuple]:
        return [(o, o, None) for o in fit(shown, list(q.options)) if o in q.answers]

    def why_not(self, q: MultipleChoice, shown: list[str]) -> list[tuple[str, str]]:
        return [(o, why) for o in fit(shown, list(q.options))
                if o not in q.answers and (why := q.why_for(o))]

    def chosen_wrong(self, q: MultipleChoice, response: Any, shown: list[str]) -> list[str]:
        chosen = picks(q, response) or set()
        return [o for o in fit(shown, list(q.options)) if o in chosen and o not in q.answers]

    def describe(self, q: MultipleChoice, response: Any, spoken: bool) -> str:
        from course.engine.grading import joined

        return joined([p[0] for p in self.answer_parts(q, response, [])])

    def typed_lines(self, q: MultipleChoice, shown: list[str]) -> list[str]:
        return ["Der kan være flere rigtige svar.", "Svarmuligheder:",
                *(f"{n}. {o}" for n, o in enumerate(shown, 1))]

    def typed_prompt(self, q: MultipleChoice, shown: list[str]) -> tuple[str, str]:
        return (f"Skriv numrene på alle de rigtige svar (1 til {len(shown)}) med mellemrum "
                "imellem, fx 1 3:",
                "Skriv tallene foran alle de svar, du mener er rigtige, med mellemrum imellem. "
                "Mener du, at ingen er rigtige, så skriv ingen." + BACK_HELP)

    def parse(self, q: MultipleChoice, shown: list[str], typed: str) -> tuple[Any, str | None]:
        if typed.strip().casefold() == "ingen":
            return [], None
        chosen = numbers(typed)
        if chosen is None or any(not 1 <= n <= len(shown) for n in chosen):
            return None, f"Skriv tal fra 1 til {len(shown)}."
        return [shown[n - 1] for n in dict.fromkeys(chosen)], None

    def sample_wrong(self, q: MultipleChoice, rng: Any, pick: Any) -> list[str]:
        """The right options and a distractor; half the time one right option missed."""
        wrong = [o for o in q.options if o not in q.answers]
        chosen = set(q.answers)
        if wrong:
            chosen.add(pick(wrong))
        if len(chosen) > 1 and rng.random() < 0.5:
            chosen.discard(rng.choice(list(q.answers)))
        return [o for o in q.options if o in chosen]

    def option_counts(self, q: MultipleChoice,
                      responses: list[Any]) -> tuple[list[OptionTally], int]:
        known = set(q.options)
        counts: Counter[str] = Counter()
        other = 0
        for response in responses:
            picked = ({r for r in response if isinstance(r, str)} & known
                      if isinstance(response, list) else set())
            counts.update(picked)
            other += not picked
        return [(o, o in q.answers, counts.get(o, 0)) for o in q.options], other
