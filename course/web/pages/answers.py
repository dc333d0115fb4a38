"""Reading a question's form into the engine's response (see :mod:`course.engine.grading`).

Every type works without script and without a mouse: radios for single choice and
true/false, checkboxes for multiple choice, one select per line for matching, one select
per item for its place in an ordering, a text field for a text answer. The values are
positions in what the attempt showed (its presentation), never texts a form could change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course.content.model import Question
from course.engine.grading import Response

MAX_TEXT = 200


class ChangedForm(ValueError):
    """A value no page of this attempt could have sent."""


@dataclass(frozen=True)
class Reading:
    response: Response | None  # None: not answered yet (errors say why)
    errors: list[tuple[str, str]]
    kept: dict[str, Any]  # what was chosen, to show again


def _index(value: str, size: int) -> int:
    if not value.isdigit() or not 0 <= int(value) < size:
        raise ChangedForm(value)
    return int(value)


def shown_lines(question: Question) -> list[str]:
    """The lines of a matching question, in the order written (the lefts)."""
    return [left for left, _ in getattr(question, "pairs", ())]


def read_answer(question: Question, shown: list[str], form: dict[str, list[str]]) -> Reading:
    kind = question.type
    if kind == "single":
        values = form.get("svar", [])
        if not values:
            return Reading(None, [("svar-0", "Vælg et svar.")], {})
        index = _index(values[0], len(shown))
        return Reading(shown[index], [], {"svar": [index]})
    if kind == "multiple":
        indices = sorted({_index(v, len(shown)) for v in form.get("svar", [])})
        return Reading([shown[i] for i in indices], [], {"svar": indices})
    if kind == "true_false":
        values = form.get("svar", [])
        if not values:
            return Reading(None, [("svar-sandt", "Vælg Sandt eller Falsk.")], {})
        if values[0] not in ("sandt", "falsk"):
            raise ChangedForm(values[0])
        return Reading(values[0] == "sandt", [], {"svar": values[0]})
    if kind == "matching":
        lefts = shown_lines(question)
        chosen: dict[str, str | None] = {}
        kept: dict[str, Any] = {}
        errors = []
        for n, left in enumerate(lefts):
            value = (form.get(f"par-{n}") or [""])[0]
            if value == "":
                chosen[left] = None
                errors.append((f"par-{n}", f"Vælg, hvad der passer til »{left}«."))
                continue
            index = _index(value, len(shown))
            chosen[left] = shown[index]
            kept[f"par-{n}"] = index
        return Reading(None if errors else chosen, errors, kept)
    if kind == "ordering":
        places: list[int | None] = []
        kept = {}
        errors = []
        for n, item in enumerate(shown):
            value = (form.get(f"plads-{n}") or [""])[0]
            if value == "":
                places.append(None)
                errors.append((f"plads-{n}", f"Vælg en plads til »{item}«."))
                continue
            place = _index(str(int(value) - 1) if value.isdigit() and value != "0" else "x",
                           len(shown))
            places.append(place)
            kept[f"plads-{n}"] = place
        if not errors and len(set(places)) != len(places):
            errors.append(("plads-0", "Giv hver linje sin egen plads: hvert tal fra 1 til "
                           f"{len(shown)} skal bruges én gang."))
        if errors:
            return Reading(None, errors, kept)
        order = [item for _, item in sorted(zip(places, shown, strict=True))]
        return Reading(order, [], kept)
    if kind == "text":
        text = (form.get("svar") or [""])[0][:MAX_TEXT]
        if not text.strip():
            return Reading(None, [("svar", "Skriv dit svar.")], {"svar": text})
        return Reading(text, [], {"svar": text})
    raise ChangedForm(kind)
