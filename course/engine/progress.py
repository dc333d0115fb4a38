"""What a learner has done, in the course's terms: module states and where to resume.

Pure functions over the course (content) and the facts recorded for a learner (pages
seen, quiz attempts, scenario runs, last position). The store gives the facts; the
user interfaces show the result.

A module is done when all its core pages are read, its quiz is passed (at the quiz's own
pass mark or the track's) and every core scenario of the module for the learner's track is
played to an ending. A page limited to some tracks (``Page.tracks``) is neither shown nor
counted for the others; page indices stay the module's own. Pages and scenarios marked
``optional`` for the track are deepening (»Fordybelse«): shown and counted separately
(:attr:`ModuleProgress.deepening_done` / ``deepening_total``), never required.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from course.content.model import Course, Module, Scenario

from .numbers import percent


class FactsLike(Protocol):
    """What progress needs from a learner's record (progress.Facts has it)."""

    @property
    def pages(self) -> dict[str, set[int]]: ...

    def passed_quizzes(self) -> set[str]: ...

    def best_percent(self, module: str) -> float | None: ...

    def completed_scenarios(self) -> set[str]: ...


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
    has_quiz: bool
    quiz_passed: bool
    best_percent: float | None
    scenarios: tuple[tuple[Scenario, bool], ...]  # (scenario, completed): the core ones
    # the indices of the core pages shown to the track (None: every page of the module)
    page_indices: tuple[int, ...] | None = None
    # optional deepening (»Fordybelse«) for the track: pages read of those shown, and the
    # optional scenarios with whether each is completed
    optional_pages_seen: int = 0
    optional_pages_total: int = 0
    optional_scenarios: tuple[tuple[Scenario, bool], ...] = ()

    @property
    def pages_total(self) -> int:
        if self.page_indices is None:
            return len(self.module.pages)
        return len(self.page_indices)

    @property
    def pages_done(self) -> bool:
        return self.pages_seen == self.pages_total

    @property
    def scenarios_done(self) -> int:
        return sum(1 for _, done in self.scenarios if done)

    @property
    def deepening_total(self) -> int:
        """Optional pages and scenarios (»Fordybelse«): counted, never required."""
        return self.optional_pages_total + len(self.optional_scenarios)

    @property
    def deepening_done(self) -> int:
        return self.optional_pages_seen + sum(1 for _, done in self.optional_scenarios if done)

    @property
    def steps_total(self) -> int:
        """Pages, the quiz and each scenario: what the progress bar counts."""
        return self.pages_total + int(self.has_quiz) + len(self.scenarios)

    @property
    def steps_done(self) -> int:
        return self.pages_seen + int(self.has_quiz and self.quiz_passed) + self.scenarios_done

    @property
    def state(self) -> ModuleState:
        if self.steps_done == 0 and self.best_percent is None:
            return ModuleState.NOT_STARTED
        if self.steps_done == self.steps_total:
            return ModuleState.DONE
        return ModuleState.IN_PROGRESS

    def remaining(self, sign: str = " %") -> list[str]:
        """What is left, in Danish, for a checklist; a figure in ``sign`` (" %" on
        screens, " procent" in the plain mode, read aloud)."""
        left = []
        if not self.pages_done:
            left.append(f"Læs siderne ({self.pages_seen} af {self.pages_total} læst)")
        if self.has_quiz and not self.quiz_passed:
            if self.best_percent is None:
                left.append("Tag quizzen")
            else:
                left.append(f"Bestå quizzen (bedste resultat: {percent(self.best_percent, sign)})")
        for scenario, done in self.scenarios:
            if not done:
                left.append(f"Gennemfør scenariet »{scenario.title}«")
        return left


@dataclass(frozen=True)
class TrackProgress:
    modules: tuple[ModuleProgress, ...]

    @property
    def done(self) -> int:
        return sum(1 for m in self.modules if m.state is ModuleState.DONE)

    @property
    def complete(self) -> bool:
        return self.done == len(self.modules)

    @property
    def fraction(self) -> float:
        """Share of the track's core steps done, 0..1 (what the progress bar shows)."""
        total = sum(m.steps_total for m in self.modules)
        return sum(m.steps_done for m in self.modules) / total if total else 0.0

    @property
    def deepening_total(self) -> int:
        return sum(m.deepening_total for m in self.modules)

    @property
    def deepening_done(self) -> int:
        return sum(m.deepening_done for m in self.modules)


def module_progress(course: Course, module: Module, track_id: str, facts: FactsLike) -> ModuleProgress:
    core = module.core_page_indices(track_id)
    optional = module.optional_page_indices(track_id)
    read = set(facts.pages.get(module.id, set()))
    completed = facts.completed_scenarios()
    scenarios = course.scenarios_for(module.id, track_id)
    return ModuleProgress(
        module=module,
        page_indices=core,
        pages_seen=len(read & set(core)),
        has_quiz=bool(course.questions_for(module.id, track_id)),
        quiz_passed=module.id in facts.passed_quizzes(),
        best_percent=facts.best_percent(module.id),
        scenarios=tuple((s, s.id in completed) for s in scenarios
                        if not s.is_optional(track_id)),
        optional_pages_seen=len(read & set(optional)),
        optional_pages_total=len(optional),
        optional_scenarios=tuple((s, s.id in completed) for s in scenarios
                                 if s.is_optional(track_id)),
    )


def track_progress(course: Course, track_id: str, facts: FactsLike) -> TrackProgress:
    return TrackProgress(
        tuple(module_progress(course, m, track_id, facts) for m in course.modules_for(track_id))
    )


def resume_point(
    course: Course, track_id: str, position: tuple[str, int] | None, seen: dict[str, set[int]]
) -> tuple[str, int]:
    """The (module id, page index) where reading goes on.

    The last position, if it still exists in the content (the course may have been edited
    since; a page no longer shown to the track moves on to the next one that is);
    otherwise the first core page of the track not yet seen, then the first optional page
    not yet seen; otherwise the start.
    """
    modules = course.modules_for(track_id)
    if position is not None:
        module_id, page = position
        if any(m.id == module_id for m in modules):
            module = course.module(module_id)
            return module_id, shown_page(module, track_id, page)
    for pages in (Module.core_page_indices, Module.optional_page_indices):
        for module in modules:
            for index in pages(module, track_id):
                if index not in seen.get(module.id, set()):
                    return module.id, index
    return modules[0].id, shown_page(modules[0], track_id, 0)


@dataclass(frozen=True)
class LessonPlace:
    """Where a page (or the key points, index ``len(pages)``) is in a lesson's reading
    sequence (:meth:`Module.reading_sequence`): the core pages, the key points, then the
    optional pages (»Fordybelse«). What every front end shows around a lesson page."""

    previous: int | None  # the page before, or None at the first
    following: int | None  # the page after, or None: the lesson is over
    counter: str  # "Side 2 af 3", "Fordybelse 1 af 2" or "Hovedpunkter"
    deepening: bool  # the page is optional deepening
    deepening_next: bool  # the next page starts the deepening (after the key points)


def lesson_place(module: Module, track_id: str, index: int) -> LessonPlace:
    """The place of page ``index`` (``len(module.pages)``: the key points) in the lesson."""
    sequence = module.reading_sequence(track_id)
    core = module.core_page_indices(track_id)
    optional = module.optional_page_indices(track_id)
    place = sequence.index(index) if index in sequence else sequence.index(len(module.pages))
    previous = sequence[place - 1] if place > 0 else None
    following = sequence[place + 1] if place + 1 < len(sequence) else None
    if index in optional:
        counter = f"Fordybelse {optional.index(index) + 1} af {len(optional)}"
    elif index in core:
        counter = f"Side {core.index(index) + 1} af {len(core)}"
    else:
        counter = "Hovedpunkter"
    return LessonPlace(previous, following, counter, index in optional,
                       index == len(module.pages) and following is not None)


def shown_page(module: Module, track_id: str | None, page: int) -> int:
    """``page`` if the track is shown it, else the next page it is shown (or the last)."""
    shown = module.page_indices(track_id) if track_id is not None else range(len(module.pages))
    if not shown:
        return 0
    page = min(max(page, 0), len(module.pages) - 1)
    return next((i for i in shown if i >= page), shown[-1])


def first_unseen_page(module: Module, seen: set[int], track_id: str | None = None) -> int:
    """The first page shown to the track (all tracks when None) not in ``seen``: a core
    page first, then an optional one (»Fordybelse«); when all are read, the first page."""
    if track_id is None:
        shown: tuple[int, ...] = tuple(range(len(module.pages)))
        order = shown
    else:
        shown = module.page_indices(track_id)
        order = module.core_page_indices(track_id) + module.optional_page_indices(track_id)
    return next((i for i in order if i not in seen), shown[0] if shown else 0)


@dataclass(frozen=True)
class TrackChange:
    """What carries over when a learner moves from one track to another.

    Progress is recorded per module, so what a learner has done in a module that both
    tracks have counts in the new track too: the pages read (those the new track shows)
    and a quiz passed. Modules only in the new track start from the beginning.
    """

    shared: tuple[Module, ...]  # in both tracks, in the new track's order
    only_new: tuple[Module, ...]  # only in the new track
    pages_read: int  # pages read in the shared modules that the new track shows
    quizzes_passed: tuple[Module, ...]  # shared modules whose quiz is passed

    def explanation(self, old_title: str, new_title: str) -> str:
        """The change in Danish, for the learner to confirm."""
        def names(modules: tuple[Module, ...]) -> str:
            titles = [m.title for m in modules]
            return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " og " + titles[-1]

        lines = [f"Du skifter fra »{old_title}« til »{new_title}«."]
        if self.shared:
            kept = (f"Du har læst {self.pages_read} {'side' if self.pages_read == 1 else 'sider'}"
                    f" og bestået {len(self.quizzes_passed)} "
                    f"{'quiz' if len(self.quizzes_passed) == 1 else 'quizzer'} i dem.")
            lines.append(f"Det tager du med: de sider, du har læst, og de quizzer, du har "
                         f"bestået, i de {len(self.shared)} moduler, der er i begge forløb "
                         f"({names(self.shared)}). {kept}")
        else:
            lines.append("De to forløb har ingen moduler fælles, så du begynder forfra.")
        if self.only_new:
            lines.append(f"Kun i »{new_title}«: {names(self.only_new)}. Dem tager du fra "
                         "begyndelsen.")
        lines.append("Alle dine svar og kursusbeviser bliver gemt, og du kan skifte tilbage.")
        return " ".join(lines)


def track_change(course: Course, old_track: str, new_track: str,
                 facts: FactsLike) -> TrackChange:
    """What carries over from ``old_track`` to ``new_track`` (see :class:`TrackChange`)."""
    old = set(course.track(old_track).modules)
    new_modules = course.modules_for(new_track)
    shared = tuple(m for m in new_modules if m.id in old)
    passed = facts.passed_quizzes()
    pages = sum(len(facts.pages.get(m.id, set()) & set(m.page_indices(new_track)))
                for m in shared)
    return TrackChange(
        shared=shared,
        only_new=tuple(m for m in new_modules if m.id not in old),
        pages_read=pages,
        quizzes_passed=tuple(m for m in shared if m.id in passed
                             and course.questions_for(m.id, new_track)),
    )
