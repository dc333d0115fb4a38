"""Sessions: a module quiz or a scenario as a learner takes it, ready to be saved.

The front ends (the Textual app and the plain line mode) take quizzes and scenarios the
same way, so that a learner can stop in one and go on in the other. This module holds
that shared logic; the front ends only show it and save ``doc`` in the learner's record
after every change (``Record.save_attempt`` / ``Record.save_run`` with the position
:attr:`QuizSession.position` / :attr:`ScenarioSession.position` describes).

- :class:`QuizSession` resumes the newest unfinished attempt at a module's quiz, or
  starts a new one drawn from the track's pool (never the same set as last time); each
  answer is graded and logged in ``doc["answers"]``; when the last question is answered
  the attempt is marked finished and passed or not.
- :class:`ScenarioSession` resumes an unfinished run, shows the ending of a run that has
  ended (``reviewing``), or starts a new run with a seed for the shown choice order; each
  choice is logged in ``doc["steps"]``; the reflection is kept in the run.
- :func:`resume_target` says where "Fortsæt" goes, :func:`describe_target` says it in
  Danish, and :func:`module_activities` lists a module's lesson, quiz and scenarios with
  their state for a menu.

Nothing here knows about a user interface or about how records are stored: ``facts``
is anything shaped like ``progress.Facts`` (pages, position, attempts, runs).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from course.content.model import Course, Module, Question, Scenario

from .grading import Grade, Response
from .numbers import percent
from .progress import first_unseen_page, module_progress, resume_point, shown_page
from .quiz import (
    QuizAttempt,
    effective_pass_mark,
    previous_question_ids,
    start_module_attempt,
)
from .scenario import ScenarioRun
from .scenario import Step as ScenarioStep
from .views import Feedback, QuizResult, feedback, quiz_result

__all__ = [
    "Activity",
    "QuizSession",
    "ScenarioSession",
    "Target",
    "describe_target",
    "module_activities",
    "resume_target",
    "unfinished_steps",
]


def now() -> str:
    """The current time, UTC, ISO 8601 (the same form the store writes)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class PositionLike(Protocol):
    """Where a learner is (``progress.Position`` has it); read-only, as that is frozen."""

    @property
    def module(self) -> str: ...

    @property
    def page(self) -> int: ...

    @property
    def activity(self) -> str: ...

    @property
    def ref(self) -> str | None: ...


class SessionFacts(Protocol):
    """What a session reads from a learner's record (``progress.Facts`` has it; its
    fields are read-only, as that is frozen)."""

    @property
    def pages(self) -> dict[str, set[int]]: ...

    @property
    def position(self) -> PositionLike | None: ...

    @property
    def attempts(self) -> list[dict[str, Any]]: ...

    @property
    def runs(self) -> list[dict[str, Any]]: ...

    def open_attempt(self, module: str) -> dict[str, Any] | None: ...

    def open_run(self, scenario: str) -> dict[str, Any] | None: ...

    def passed_quizzes(self) -> set[str]: ...

    def completed_scenarios(self) -> set[str]: ...


# --- where the learner is -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A place in the course: ``activity`` is "lesson" (``page`` set), "quiz" or
    "scenario" (``ref`` is the scenario id). Shaped like ``progress.Position``."""

    module: str
    page: int = 0
    activity: str = "lesson"
    ref: str | None = None


def resume_target(course: Course, track_id: str, facts: SessionFacts) -> Target:
    """Where "Fortsæt" goes: the next unfinished step of the track.

    The step the learner was at, while it is unfinished: a lesson with pages not yet
    read (at the page where they stopped), a quiz with an open attempt or not yet passed,
    a scenario with an open run or not yet played to an ending. Once that step is done,
    the next unfinished step after it in the track (a module's lesson, then its quiz,
    then its scenarios, module by module), then any unfinished step before it. The core
    of the whole track comes first: optional deepening (»Fordybelse«: optional pages and
    scenarios) follows only when every core step is done. When every step is done, the
    place the learner was (or the start of the track).
    """
    position = facts.position
    steps = unfinished_steps(course, track_id, facts)
    here = _step_of(course, track_id, position) if position is not None else None
    order = _all_steps(course, track_id)
    core = _core_count(course, track_id, order)
    core_left = [step for step in steps if order.index(step[:3]) < core]
    if here is not None and core_left and order.index(here) >= core:
        # in the deepening while the core is unfinished: on with the core, from this module
        module_order = [m.id for m in course.modules_for(track_id)]
        where = module_order.index(here[1])
        core_left.sort(key=lambda step: (module_order.index(step[1]) < where,
                                         order.index(step[:3])))
        return _target(core_left[0])
    if here is not None and (not steps or any(step[:3] == here for step in steps)):
        # unfinished, or everything is done: where the learner was
        kind, module_id, ref = here
        if kind in ("lesson", "deepening"):
            page = position.page if position is not None else 0
            return Target(module_id, shown_page(course.module(module_id), track_id, page))
        return Target(module_id, activity=kind, ref=ref)
    if here is not None:  # done: the next unfinished step after it, then any before it
        start = order.index(here)
        steps = sorted(steps, key=lambda step: (order.index(step[:3]) < start,
                                                order.index(step[:3])))
    if steps:
        return _target(steps[0])
    module_id, page = resume_point(course, track_id, None, facts.pages)
    return Target(module_id, page)


Step = tuple[str, str, str | None, int]  # (kind, module id, scenario id, lesson page)


def _core_count(course: Course, track_id: str,
                order: list[tuple[str, str, str | None]]) -> int:
    """How many of ``order``'s first steps are core (the rest is deepening)."""
    def deepening(step: tuple[str, str, str | None]) -> bool:
        kind, module_id, ref = step
        if kind == "deepening":
            return True
        if kind == "scenario":
            return any(s.id == ref and s.is_optional(track_id)
                       for s in course.scenarios_for(module_id, track_id))
        return False
    return next((i for i, step in enumerate(order) if deepening(step)), len(order))


_STEPS: dict[tuple[int, str], tuple[Course, list[tuple[str, str, str | None]]]] = {}


def _all_steps(course: Course, track_id: str) -> list[tuple[str, str, str | None]]:
    """:func:`_steps_of`, worked out once per course and track (a course never changes
    once loaded; the web pages ask on every page, for a thousand learners)."""
    found = _STEPS.get((id(course), track_id))
    if found is None or found[0] is not course:
        found = (course, _steps_of(course, track_id))
        if len(_STEPS) > 64:
            _STEPS.clear()
        _STEPS[(id(course), track_id)] = found
    return list(found[1])


def _steps_of(course: Course, track_id: str) -> list[tuple[str, str, str | None]]:
    """Every step of the track in order: (kind, module id, scenario id or None). The core
    steps module by module, then the deepening: each module's optional pages ("deepening")
    and optional scenarios."""
    order: list[tuple[str, str, str | None]] = []
    deepening: list[tuple[str, str, str | None]] = []
    for module in course.modules_for(track_id):
        if module.core_page_indices(track_id):
            order.append(("lesson", module.id, None))
        if course.questions_for(module.id, track_id):
            order.append(("quiz", module.id, None))
        if module.optional_page_indices(track_id):
            deepening.append(("deepening", module.id, None))
        for s in course.scenarios_for(module.id, track_id):
            (deepening if s.is_optional(track_id) else order).append(("scenario", module.id, s.id))
    return order + deepening


def unfinished_steps(course: Course, track_id: str, facts: Any) -> list[Step]:
    """The track's steps not done yet, in order, each with the lesson page to open."""
    passed = facts.passed_quizzes()
    completed = facts.completed_scenarios()
    steps: list[Step] = []
    for kind, module_id, ref in _all_steps(course, track_id):
        if kind in ("lesson", "deepening"):
            module = course.module(module_id)
            seen = facts.pages.get(module_id, set())
            pages = (module.core_page_indices(track_id) if kind == "lesson"
                     else module.optional_page_indices(track_id))
            unread = [i for i in pages if i not in seen]
            if unread:
                steps.append((kind, module_id, None, unread[0]))
        elif kind == "quiz":
            # A passed quiz is done, also while a retake of it is open: the retake is
            # the learner's choice, and "Fortsæt" never leads back into it.
            if module_id not in passed:
                steps.append((kind, module_id, None, 0))
        elif ref not in completed or facts.open_run(ref) is not None:
            steps.append((kind, module_id, ref, 0))
    return steps


def _step_of(course: Course, track_id: str,
             position: PositionLike) -> tuple[str, str, str | None] | None:
    """The step a position is in, if the track still has it."""
    activity = position.activity
    if activity == "lesson":
        module = next((m for m in course.modules_for(track_id) if m.id == position.module), None)
        if module is not None and position.page in module.optional_page_indices(track_id):
            activity = "deepening"
    step = (activity, position.module, position.ref if activity == "scenario" else None)
    return step if step in _all_steps(course, track_id) else None


def _target(step: Step) -> Target:
    kind, module_id, ref, page = step
    if kind in ("lesson", "deepening"):
        return Target(module_id, page)
    return Target(module_id, activity=kind, ref=ref)


def describe_target(course: Course, track_id: str, target: Target) -> str:
    """The target in Danish: "quizzen i Vision", "scenariet »Den nye nabo« i Vision" or
    "Vision, side 2 af 5"."""
    module = course.module(target.module)
    if target.activity == "quiz":
        return f"quizzen i {module.title}"
    if target.activity == "scenario":
        scenario = next((s for s in course.scenarios_for(module.id, track_id)
                         if s.id == target.ref), None)
        if scenario is not None:
            return f"scenariet »{scenario.title}« i {module.title}"
        return f"et scenarie i {module.title}"
    optional = module.optional_page_indices(track_id)
    if target.page in optional:
        number = optional.index(target.page) + 1
        return f"{module.title}, fordybelse, side {number} af {len(optional)}"
    shown = module.core_page_indices(track_id)
    number = shown.index(target.page) + 1 if target.page in shown else 1
    return f"{module.title}, side {number} af {len(shown)}"


@dataclass(frozen=True)
class Activity:
    """One line of a module's menu: the lesson, the quiz or a scenario."""

    key: str  # "lesson", "quiz" or "scenario:<id>"
    title: str  # "Lektion", "Quiz", "Scenarie: Den nye nabo"
    status: str  # Danish: "3 af 5 sider læst", "I gang: 2 af 8 besvaret", "Gennemført" …
    done: bool
    started: bool


def module_activities(course: Course, module: Module, track_id: str,
                      facts: Any, sign: str = " %") -> list[Activity]:
    """The module's lesson, quiz (if the track has questions) and the track's scenarios,
    each with its state in Danish, as a menu shows them (a figure in ``sign``: " %" on
    screens, " procent" in the plain mode)."""
    progress = module_progress(course, module, track_id, facts)
    items: list[Activity] = []
    seen, total = progress.pages_seen, progress.pages_total
    status = f"{seen} af {total} sider læst"
    if progress.optional_pages_total:
        status += (f" (fordybelse: {progress.optional_pages_seen} af "
                   f"{progress.optional_pages_total})")
    items.append(Activity("lesson", "Lektion", status, progress.pages_done, seen > 0))
    if progress.has_quiz:
        pool = len(course.questions_for(module.id, track_id))
        quiz = course.quiz(module.id)
        draw = quiz.draw if quiz is not None else None
        questions = min(draw, pool) if draw is not None else pool
        open_attempt = facts.open_attempt(module.id)
        best = progress.best_percent
        if progress.quiz_passed:
            status = f"Bestået (bedste resultat {percent(best, sign)})"
        elif open_attempt is not None:
            state = open_attempt.get("state", {})
            answered = len(state.get("responses", {}))
            asked = len(state.get("order", [])) or questions
            status = f"I gang: {answered} af {asked} besvaret"
        elif best is not None:
            status = f"Ikke bestået endnu (bedste resultat {percent(best, sign)})"
        else:
            status = f"{questions} spørgsmål"
        items.append(Activity("quiz", "Quiz", status, progress.quiz_passed,
                              open_attempt is not None or best is not None))
    for scenarios, label in ((progress.scenarios, "Scenarie"),
                             (progress.optional_scenarios, "Fordybelse, scenarie")):
        for scenario, done in scenarios:
            running = facts.open_run(scenario.id) is not None
            status = "Gennemført" if done else "I gang" if running else "Ikke spillet"
            items.append(Activity(f"scenario:{scenario.id}", f"{label}: {scenario.title}",
                                  status, done, done or running))
    return items


def lesson_start(module: Module, track_id: str, facts: SessionFacts) -> int:
    """The page a lesson opens at: the first page of the track not yet read."""
    return first_unseen_page(module, facts.pages.get(module.id, set()), track_id)


# --- a module quiz --------------------------------------------------------------------


class QuizSession:
    """A learner's attempt at a module's quiz and the document that records it.

    Make one with :meth:`open`. After :meth:`open`, :meth:`restart` and every
    :meth:`answer`, save ``doc`` (``Record.save_attempt(doc, position)``).
    """

    def __init__(self, course: Course, module_id: str, track_id: str) -> None:
        self.course = course
        self.module_id = module_id
        self.track_id = track_id
        self.questions = {q.id: q for q in course.questions_for(module_id, track_id)}
        quiz = course.quiz(module_id)
        if quiz is None:
            raise ValueError(f"module {module_id!r} has no quiz")
        self.pass_mark = effective_pass_mark(quiz, course.track(track_id))
        self.attempt: QuizAttempt
        self.doc: dict[str, Any] = {}
        self.resumed = False

    @classmethod
    def open(cls, course: Course, module_id: str, track_id: str, facts: SessionFacts,
             seed: int | None = None) -> QuizSession:
        """The attempt to show, by the resume rules:

        1. the newest attempt when it is finished but the feedback on its last answer was
           on screen when the learner left (its ``draft``): that feedback is shown again,
           then the result, before a new attempt starts;
        2. else the newest unfinished attempt, resumed;
        3. else a new attempt, never the same set of questions as the last one.
        """
        session = cls(course, module_id, track_id)
        if session._unseen_result(facts.attempts):
            return session
        saved = facts.open_attempt(module_id)
        if saved is not None:
            try:
                session.attempt = QuizAttempt.from_dict(saved.get("state", {}), session.questions)
                session.doc = saved
                session.resumed = True
                if session.attempt.is_finished:  # every answer saved, the finish was not
                    session.refresh()
                return session
            except ValueError:
                pass
        session.restart(facts.attempts, seed)
        return session

    def _unseen_result(self, attempts: list[dict[str, Any]]) -> bool:
        mine = [doc for doc in attempts if doc.get("module") == self.module_id]
        doc = mine[-1] if mine else None
        if not doc or not doc.get("finished") or not (doc.get("draft") or {}).get("feedback"):
            return False
        try:
            self.attempt = QuizAttempt.from_dict(doc.get("state", {}), self.questions)
        except ValueError:
            return False
        self.doc, self.resumed = doc, True
        return True

    # --- what was on screen when the learner left ------------------------------------

    @property
    def shown_feedback(self) -> str | None:
        """The question whose feedback was on screen when the learner left (still
        answered in the attempt), else None."""
        draft = self.doc.get("draft")
        shown = draft.get("feedback") if isinstance(draft, dict) else None
        return shown if isinstance(shown, str) and self.attempt.result(shown) else None

    def kept_value(self, question_id: str) -> object:
        """What was set but not sent for ``question_id`` when the learner left, or None."""
        draft = self.doc.get("draft")
        if isinstance(draft, dict) and draft.get("question") == question_id:
            return draft.get("value")
        return None

    def keep(self, draft: dict[str, Any] | None) -> bool:
        """Keep what is on screen (``{"feedback": question id}`` or ``{"question": id,
        "value": …}``; None: nothing). True when that changed ``doc`` (save it)."""
        if draft == self.doc.get("draft"):
            return False
        self.doc["draft"] = draft
        return True

    def restart(self, attempts: list[dict[str, Any]], seed: int | None = None) -> None:
        """A new attempt, never asking the same set as the newest one in ``attempts``."""
        previous = previous_question_ids(attempts, self.module_id)
        seed = secrets.randbits(32) if seed is None else seed
        self.attempt = start_module_attempt(self.course, self.module_id, self.track_id, seed,
                                            previous)
        self.doc = {
            "id": uuid.uuid4().hex,
            "module": self.module_id,
            "started": now(),
            "finished": None,
            "pass_mark": self.pass_mark,
            "answers": [],
        }
        self.resumed = False
        self.refresh()

    def refresh(self) -> None:
        """Bring ``doc`` up to date with the attempt (state, score; finished and passed)."""
        attempt = self.attempt
        self.doc.update(
            state=attempt.to_dict(),
            score=attempt.score,
            max_score=attempt.max_score,
            percent=round(attempt.percent, 1),
        )
        if attempt.is_finished and not self.doc.get("finished"):
            self.doc.update(finished=now(), passed=attempt.passed(self.pass_mark))

    def log_answer(self, question: Question, grade: Grade) -> None:
        """Log an answer the attempt has just graded, and bring ``doc`` up to date."""
        self.doc.setdefault("answers", []).append({
            "question": question.id,
            "response": recorded[0] if (recorded := self.attempt.result(question.id)) else None,
            "score": grade.score,
            "correct": grade.correct,
            "at": now(),
        })
        self.refresh()

    def answer(self, question_id: str, response: Response) -> Feedback:
        """Grade and log the response to a question (see :meth:`QuizAttempt.answer`);
        the feedback to show. Nothing is left unsent afterwards (``draft`` is cleared)."""
        grade = self.attempt.answer(question_id, response)
        self.log_answer(self.attempt_question(question_id), grade)
        if self.doc.get("draft") is not None:  # a saved attempt is merged: pop would keep it
            self.doc["draft"] = None
        return self.feedback(question_id)

    def feedback(self, question_id: str) -> Feedback:
        """The feedback on an answered question (KeyError when not answered)."""
        found = self.attempt.result(question_id)
        if found is None:
            raise KeyError(question_id)
        response, grade = found
        return feedback(self.course, self.attempt_question(question_id), response,
                        self.attempt.presentation(question_id), grade,
                        self.course.module(self.module_id))

    def result(self) -> QuizResult:
        """The attempt's result and review."""
        return quiz_result(self.course, self.attempt, self.pass_mark,
                           self.course.module(self.module_id))

    def attempt_question(self, question_id: str) -> Question:
        return next(q for q in self.attempt.questions if q.id == question_id)

    @property
    def passed(self) -> bool:
        return self.attempt.passed(self.pass_mark)

    @property
    def position(self) -> Target:
        return Target(self.module_id, activity="quiz")


# --- a scenario -----------------------------------------------------------------------


class ScenarioSession:
    """A learner's run through a scenario and the document that records it.

    Make one with :meth:`open`. After :meth:`open` (when ``fresh``), :meth:`restart`,
    :meth:`choose` and :meth:`reflect`, save ``doc`` (``Record.save_run(doc, position)``).
    ``reviewing`` is True when the run opened had already ended: its ending is shown
    again, with the saved reflection.
    """

    def __init__(self, module_id: str, scenario: Scenario) -> None:
        self.module_id = module_id
        self.scenario = scenario
        self.run: ScenarioRun
        self.doc: dict[str, Any] = {}
        self.reviewing = False
        self.fresh = False  # a new run was started by open(): save it

    @classmethod
    def open(cls, module_id: str, scenario: Scenario, facts: SessionFacts,
             seed: int | None = None) -> ScenarioSession:
        """Resume the unfinished run, or the ended last run (to show it), or start anew."""
        session = cls(module_id, scenario)
        saved = facts.open_run(scenario.id) or _last_finished(facts.runs, scenario.id)
        if saved is not None:
            try:
                session.run = ScenarioRun.from_dict(saved.get("run", {}), scenario)
                session.doc = saved
            except (ValueError, KeyError):
                saved = None
        if saved is not None and saved.get("finished") and not session.run.is_finished:
            saved = None  # the scenario changed since: that ending is gone, play afresh
        if saved is None:
            session.restart(seed)
            session.fresh = True
        session.reviewing = session.run.is_finished
        return session

    def restart(self, seed: int | None = None) -> None:
        """A new run (the choices shuffled by a new seed)."""
        self.reviewing = False
        seed = secrets.randbits(32) if seed is None else seed
        self.run = ScenarioRun(self.scenario, seed=seed)
        self.doc = {"id": uuid.uuid4().hex, "scenario": self.scenario.id,
                    "module": self.module_id, "started": now(), "finished": None, "steps": []}
        self.refresh()

    def refresh(self) -> None:
        """Bring ``doc`` up to date with the run (finished and the ending, once reached)."""
        self.doc.update(run=self.run.to_dict())
        ending = self.run.ending
        if self.run.is_finished and ending is not None and not self.doc.get("finished"):
            self.doc.update(finished=now(), ending=ending.id)

    def choose_shown(self, number: int) -> ScenarioStep:
        """Take the ``number``-th choice as shown (1-based); logs it. ValueError if none."""
        shown = self.run.shown_choices()
        if not 1 <= number <= len(shown):
            raise ValueError(f"there is no choice {number}")
        return self.choose(shown[number - 1][0], shown_as=number)

    def choose(self, index: int, shown_as: int | None = None) -> ScenarioStep:
        """Take the choice with file index ``index``; logs it in ``doc["steps"]``."""
        node = self.run.node
        node_id = node.id if node is not None else None
        step = self.run.choose(index)
        entry: dict[str, Any] = {"node": node_id, "choice": index}
        if shown_as is not None:
            entry["shown_as"] = shown_as
        entry["at"] = now()
        self.doc.setdefault("steps", []).append(entry)
        self.refresh()
        return step

    def reflect(self, text: str) -> str | None:
        """Keep the learner's answer to the reflection (at an ending); returns it."""
        kept = self.run.reflect(text)
        self.refresh()
        return kept

    @property
    def position(self) -> Target:
        return Target(self.module_id, activity="scenario", ref=self.scenario.id)


def _last_finished(runs: list[dict[str, Any]], scenario_id: str) -> dict[str, Any] | None:
    """The newest run of the scenario when it has ended (to show its ending again)."""
    mine = [doc for doc in runs if doc.get("scenario") == scenario_id]
    return mine[-1] if mine and mine[-1].get("finished") else None
