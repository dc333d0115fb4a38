"""Matching: each line (left) has one partner (right); the response maps lines to the
partners chosen. The lines keep the order they are written in; the partners are shown
shuffled. Score: the share of lines matched to their own partner."""

from __future__ import annotations

from typing import Any

from course.content.model import Matching
from course.engine.grading import Grade

from .base import BACK_HELP, KindBase, PartTuple, example_numbers, fit, listing, numbers, share


def letter(index: int) -> str:
    """A, B, C … for the lines (0-based index)."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def matches(q: Matching, response: Any) -> dict[str, str] | None:
    if not isinstance(response, dict):
        return None
    lefts = {left for left, _ in q.pairs}
    rights = {right for _, right in q.pairs}
    found: dict[str, str] = {}
    for left, right in response.items():
        if not isinstance(left, str) or left not in lefts:
            return None
        if right is None:
            continue
        if not isinstance(right, str) or right not in rights:
            return None
        found[left] = right
    return found


class MatchingKind(KindBase):
    type = "matching"

    def well_formed(self, q: Matching, response: Any) -> bool:
        return matches(q, response) is not None

    def grade(self, q: Matching, response: Any) -> Grade:
        found = matches(q, response) or {}
        return share(sum(found.get(left) == right for left, right in q.pairs), len(q.pairs))

    def correct_response(self, q: Matching) -> dict[str, str | None]:
        return {left: right for left, right in q.pairs}

    def parts(self, q: Matching) -> list[str]:
        return [right for _, right in q.pairs]

    def answer_parts(self, q: Matching, response: Any, shown: list[str]) -> list[PartTuple]:
        found = matches(q, response) or {}
        return [(f"{left} → {found.get(left) or '(ikke valgt)'}",
                 f"{left}: {found.get(left) or 'ikke valgt'}",
                 found.get(left) == right) for left, right in q.pairs]

    def right_parts(self, q: Matching, shown: list[str]) -> list[PartTuple]:
        return [(f"{left} → {right}", f"{left}: {right}", None) for left, right in q.pairs]

    def describe(self, q: Matching, response: Any, spoken: bool) -> str:
        from course.engine.grading import joined

        return joined([p[1] if spoken else p[0] for p in self.answer_parts(q, response, [])])

    def sample_wrong(self, q: Matching, rng: Any, pick: Any) -> dict[str, str | None]:
        """Two partners swapped."""
        mixed: dict[str, str | None] = {left: right for left, right in q.pairs}
        if len(q.pairs) > 1:
            a, b = rng.sample([left for left, _ in q.pairs], 2)
            mixed[a], mixed[b] = mixed[b], mixed[a]
        return mixed

    def _example(self, q: Matching, shown: list[str]) -> str:
        shown = fit(shown, self.parts(q))
        answer = [shown.index(right) + 1 for _, right in q.pairs]
        return " ".join(map(str, example_numbers(len(shown), answer)))

    def typed_lines(self, q: Matching, shown: list[str]) -> list[str]:
        return ["Find den del, der hører til hver linje.", "Linjerne:",
                *(f"{letter(i)}. {left}" for i, (left, _) in enumerate(q.pairs)),
                "Delene, der hører til:", *(f"{n}. {r}" for n, r in enumerate(shown, 1))]

    def typed_prompt(self, q: Matching, shown: list[str]) -> tuple[str, str]:
        letters = listing([letter(i) for i in range(len(q.pairs))])
        example = self._example(q, shown)
        first, second = (example.split() + ["", ""])[:2]
        return (f"Skriv for {letters} nummeret på den del, der hører til, i samme "
                f"rækkefølge, fx {example}:",
                f"Der er {len(q.pairs)} linjer, A og frem, og lige så mange dele med numre. "
                "Skriv ét nummer for hver linje, i linjernes rækkefølge, med mellemrum "
                f"imellem. Fx {example} betyder: A hører til del {first}, B til del {second} "
                "og så videre. Brug hvert nummer én gang." + BACK_HELP)

    def parse(self, q: Matching, shown: list[str], typed: str) -> tuple[Any, str | None]:
        chosen = numbers(typed)
        count = len(shown)
        if chosen is None or any(not 1 <= n <= count for n in chosen):
            return None, f"Skriv tal fra 1 til {count}."
        if len(chosen) != count:
            return None, f"Skriv {count} tal, ét for hver linje. Du skrev {len(chosen)}."
        if len(set(chosen)) != count:
            return None, "Brug hvert nummer én gang."
        return {left: shown[n - 1] for (left, _), n in zip(q.pairs, chosen)}, None
