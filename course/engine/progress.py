"""What a learner has done, in the course's terms: module states and where to resume.

Pure functions over the course (content) and the facts recorded for a learner (pages
seen, last position). The store gives the facts; the user interfaces show the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from course.content.model import Course, Module


class ModuleState(Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"not_started": "Ikke startet", "in_progress": "I gang", "done": "Færdig"}[self.value]

    @property
    def icon(self) -> str:
        return {"not_started": "○", "in_progress": "◐", "done": "●"}[self.value]


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    pages_seen: int
    state: ModuleState

    @property
    def pages_total(self) -> int:
        return len(self.module.pages)


@dataclass(frozen=True)
class TrackProgress:
    modules: tuple[ModuleProgress, ...]

    @property
    def done(self) -> int:
        return sum(1 for m in self.modules if m.state is ModuleState.DONE)

    @property
    def fraction(self) -> float:
        """Share of the track's pages seen, 0..1 (what the progress bar shows)."""
        total = sum(m.pages_total for m in self.modules)
        return sum(m.pages_seen for m in self.modules) / total if total else 0.0


def module_progress(module: Module, seen: set[int]) -> ModuleProgress:
    valid = {p for p in seen if 0 <= p < len(module.pages)}
    if not valid:
        state = ModuleState.NOT_STARTED
    elif len(valid) == len(module.pages):
        state = ModuleState.DONE
    else:
        state = ModuleState.IN_PROGRESS
    return ModuleProgress(module, len(valid), state)


def track_progress(course: Course, track_id: str, seen: dict[str, set[int]]) -> TrackProgress:
    return TrackProgress(
        tuple(module_progress(m, seen.get(m.id, set())) for m in course.modules_for(track_id))
    )


def resume_point(
    course: Course, track_id: str, position: tuple[str, int] | None, seen: dict[str, set[int]]
) -> tuple[str, int]:
    """The (module id, page index) where "Fortsæt" takes the learner.

    The last position, if it still exists in the content (the course may have been edited
    since); otherwise the first page not yet seen in the track; otherwise the start.
    """
    modules = course.modules_for(track_id)
    if position is not None:
        module_id, page = position
        if any(m.id == module_id for m in modules):
            module = course.module(module_id)
            return module_id, min(max(page, 0), len(module.pages) - 1)
    for module in modules:
        for index in range(len(module.pages)):
            if index not in seen.get(module.id, set()):
                return module.id, index
    return modules[0].id, 0
