"""Ordering: the items in the right order; the response is every item, in the learner's
order. Score: the share of items in their right place. A new attempt never shows the
items already in the right order."""

from __future__ import annotations

import random
from typing import Any

from course.content.model import Ordering
from course.engine.grading import Grade

from .base import BACK_HELP, KindBase, PartTuple, example_numbers, fit, numbers, share, strings


def order(q: Ordering, response: Any) -> list[str] | None:
    items = strings(response)
    if items is None or sorted(items) != sorted(q.items):
        return None
    return items


class OrderingKind(KindBase):
    type = "ordering"
    numbered_parts = True

    def well_formed(self, q: Ordering, response: Any) -> bool:
        return order(q, response) is not None

    def grade(self, q: Ordering, response: Any) -> Grade:
        mine = order(q, response) or []
        return share(sum(a == b for a, b in zip(mine, q.items, strict=True)), len(q.items))

    def correct_response(self, q: Ordering) -> list[str]:
        return list(q.items)

    def parts(self, q: Ordering) -> list[str]:
        return list(q.items)

    def presentation(self, q: Ordering, rng: random.Random) -> list[str]:
        shown = self.parts(q)
        rng.shuffle(shown)
        if len(set(q.items)) > 1:
            while shown == list(q.items):  # never start an ordering solved
                rng.shuffle(shown)
        return shown

    def answer_parts(self, q: Ordering, response: Any, shown: list[str]) -> list[PartTuple]:
        mine = order(q, response) or []
        return [(f"{n}. {item}", f"{n}. {item}", item == q.items[n - 1])
                for n, item in enumerate(mine, 1)]

    def right_parts(self, q: Ordering, shown: list[str]) -> list[PartTuple]:
        return [(f"{n}. {item}", f"{n}. {item}", None) for n, item in enumerate(q.items, 1)]

    def describe(self, q: Ordering, response: Any, spoken: bool) -> str:
        return (", " if spoken else "  ").join(p[0] for p in self.answer_parts(q, response, []))

    def typed_lines(self, q: Ordering, shown: list[str]) -> list[str]:
        return ["Sæt det i den rigtige rækkefølge.",
                *(f"{n}. {item}" for n, item in enumerate(shown, 1))]

    def typed_prompt(self, q: Ordering, shown: list[str]) -> tuple[str, str]:
        shown = fit(shown, self.parts(q))
        answer = [shown.index(item) + 1 for item in q.items] if len(set(q.items)) == len(q.items) else []
        example = " ".join(map(str, example_numbers(len(shown), answer)))
        return (f"Skriv numrene 1 til {len(shown)} i den rigtige rækkefølge, med mellemrum "
                f"imellem, fx {example}:",
                "Skriv numrene på det, der kommer først, så det næste og så videre, med "
                "mellemrum imellem. Brug hvert nummer én gang." + BACK_HELP)

    def sample_wrong(self, q: Ordering, rng: Any, pick: Any) -> list[str]:
        """Two neighbouring items swapped."""
        order = list(q.items)
        if len(order) > 1:
            n = rng.randrange(len(order) - 1)
            order[n], order[n + 1] = order[n + 1], order[n]
        return order

    def parse(self, q: Ordering, shown: list[str], typed: str) -> tuple[Any, str | None]:
        chosen = numbers(typed)
        count = len(shown)
        if chosen is None or any(not 1 <= n <= count for n in chosen):
            return None, f"Skriv tal fra 1 til {count}."
        if len(chosen) != count:
            return None, f"Skriv {count} tal, ét for hver del. Du skrev {len(chosen)}."
        if len(set(chosen)) != count:
            return None, "Brug hvert nummer én gang."
        return [shown[n - 1] for n in chosen], None
