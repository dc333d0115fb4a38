"""The plain values of learner progress: a learner, a place in the course, the facts.

Frozen dataclasses and the clock, shared by the store, the records and the front ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from . import summary

MAX_NAME_LENGTH = 60


def now() -> str:
    """The current time, UTC, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class InvalidName(ValueError):
    """A learner name that cannot be used; the message is Danish, for the learner."""


def clean_name(name: str) -> str:
    """Check a typed learner name; return it without surrounding spaces."""
    stripped = name.strip()
    if not stripped:
        raise InvalidName("Skriv et navn.")
    if len(stripped) > MAX_NAME_LENGTH:
        raise InvalidName(f"Navnet må højst være {MAX_NAME_LENGTH} tegn (det er {len(stripped)}).")
    return stripped


@dataclass(frozen=True)
class Learner:
    """An entry in the index of learners."""

    id: str
    name: str
    track: str
    created: str
    hold: str | None = None  # the hold (class or cohort) the learner belongs to, if any


@dataclass(frozen=True)
class Position:
    """Where the learner was: enough to put them back on the same page.

    ``activity`` is "lesson" (then ``page`` is the page index), "quiz" or "scenario"
    (then ``ref`` is the scenario id).
    """

    module: str
    page: int = 0
    activity: str = "lesson"
    ref: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything recorded for a learner that progress is computed from (one read)."""

    pages: dict[str, set[int]]
    position: Position | None
    attempts: list[dict[str, Any]]  # quiz attempts, oldest first
    runs: list[dict[str, Any]]  # scenario runs, oldest first

    def open_attempt(self, module: str) -> dict[str, Any] | None:
        """The newest unfinished quiz attempt of a module, to resume."""
        doc: dict[str, Any]
        for doc in reversed(self.attempts):
            if doc.get("module") == module and not doc.get("finished"):
                return doc
        return None

    def open_run(self, scenario: str) -> dict[str, Any] | None:
        doc: dict[str, Any]
        for doc in reversed(self.runs):
            if doc.get("scenario") == scenario and not doc.get("finished"):
                return doc
        return None

    # The same rules as the summary file's (progress.summary), computed once per Facts.

    @cached_property
    def _quiz_results(self) -> tuple[dict[str, float], set[str]]:
        return summary.quiz_results(self.attempts)

    def passed_quizzes(self) -> set[str]:
        return set(self._quiz_results[1])

    def best_percent(self, module: str) -> float | None:
        return self._quiz_results[0].get(module)

    def completed_scenarios(self) -> set[str]:
        return summary.finished_scenarios(self.runs)


EMPTY_FACTS = Facts({}, None, [], [])
