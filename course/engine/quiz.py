"""A quiz attempt: the questions in the order shown, the learner's answers and the score.

An attempt is started from a list of questions and a seed. The seed fixes, through
``random.Random(seed)``, the order of the questions and the order each question shows its
parts in (its *presentation*):

- single and multiple choice: the options;
- matching: the right-hand column (the lefts keep the order they are written in);
- ordering: the items' starting order, never already the right order when there are two
  or more different items;
- true/false and text: nothing (an empty list).

The attempt keeps what the learner saw, so a half-finished attempt saved with
:meth:`QuizAttempt.to_dict` resumes with :meth:`QuizAttempt.from_dict` exactly as it was:
same questions, same order, same options, same answers. Grading rules are in
:mod:`course.engine.grading`; every question is worth one point.

**Question pools.** A module quiz with ``draw`` set asks ``draw`` questions out of the
track's pool (:func:`draw_questions`): round-robin over the module's learning objectives
(in an order shuffled by the seed), a random question of each objective in turn, so
every objective is asked about as evenly as its questions allow. :func:`start_module_attempt`
makes sure a retake never asks exactly the same set as the learner's previous attempt:
it redraws with seeds derived from the given one (deterministically), and as a last
resort swaps one question for one not asked last time. The seed stored in the attempt is
the one that drew its questions.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from course.content.model import Course, Question, Quiz, Track

from . import kinds
from .grading import MAX_SCORE, Grade, Response, grade

__all__ = [
    "FORMAT_VERSION",
    "ObjectiveResult",
    "QuizAttempt",
    "draw_questions",
    "effective_pass_mark",
    "previous_question_ids",
    "start_module_attempt",
]

FORMAT_VERSION = 2
"""The version of the :meth:`QuizAttempt.to_dict` format (2 adds ``draw`` and ``pool``)."""

_REDRAWS = 32  # seeds tried for a retake before swapping a question by hand


def effective_pass_mark(quiz: Quiz, track: Track) -> int:
    """The per cent needed to pass ``quiz``: its own pass mark if set, else the track's."""
    return quiz.pass_mark if quiz.pass_mark is not None else track.pass_mark


def _parts(question: Question) -> list[str]:
    """What a question's presentation orders, in the order the content gives it."""
    return kinds.of(question).parts(question)


def _shuffled(question: Question, rng: random.Random) -> list[str]:
    return kinds.of(question).presentation(question, rng)


def _repaired(question: Question, saved: Any) -> list[str]:
    """A saved presentation made to fit the question as it is now.

    Parts still in the question keep their saved order; parts added since are put at the
    end. Unchanged content gives back the saved presentation exactly.
    """
    parts = _parts(question)
    kept = [p for p in dict.fromkeys(saved if isinstance(saved, list) else []) if p in parts]
    return kept + [p for p in parts if p not in kept]


def _plain(response: Any) -> Any:
    """``response`` as plain JSON types (tuples become lists), copied."""
    if isinstance(response, (list, tuple)):
        return [_plain(item) for item in response]
    if isinstance(response, dict):
        return {key: _plain(value) for key, value in response.items()}
    return response


def draw_questions(
    pool: Sequence[Question], draw: int | None, seed: int, objectives: Sequence[str] = ()
) -> list[Question]:
    """``draw`` questions of ``pool``, balanced across objectives (all when None or too few).

    Questions are grouped by objective; the groups are taken round-robin, in an order
    shuffled by ``random.Random(seed)`` (``objectives`` gives the order before shuffling;
    objectives it leaves out, and questions without one, come after it), and within a
    group at random. The result is in pool order (:meth:`QuizAttempt.start` shuffles).
    """
    pool = list(pool)
    if draw is None or draw >= len(pool):
        return pool
    rng = random.Random(seed)
    order = list(dict.fromkeys([*objectives, *(q.objective for q in pool)]))
    groups = {key: [q for q in pool if q.objective == key] for key in order}
    keys = [key for key in order if groups[key]]
    rng.shuffle(keys)
    for key in keys:
        rng.shuffle(groups[key])
    chosen: set[str] = set()
    while len(chosen) < draw:
        for key in keys:
            if groups[key] and len(chosen) < draw:
                chosen.add(groups[key].pop().id)
    return [q for q in pool if q.id in chosen]


def previous_question_ids(attempts: Iterable[Mapping[str, Any]], module_id: str) -> frozenset[str]:
    """The questions of the learner's newest attempt at a module's quiz (empty if none).

    ``attempts`` are the stored attempt documents, oldest first (``Facts.attempts``).
    """
    for doc in reversed(list(attempts)):
        if isinstance(doc, Mapping) and doc.get("module") == module_id:
            state = doc.get("state")
            order = state.get("order") if isinstance(state, Mapping) else None
            if isinstance(order, list):
                return frozenset(i for i in order if isinstance(i, str))
    return frozenset()


def _derived_seed(seed: int, attempt: int) -> int:
    return random.Random(f"{seed}/redraw/{attempt}").getrandbits(32)


def start_module_attempt(
    course: Course,
    module_id: str,
    track_id: str,
    seed: int,
    previous: Iterable[str] = (),
) -> QuizAttempt:
    """A new attempt at a module's quiz for a track, never the same set as ``previous``.

    ``previous`` holds the question ids of the learner's last attempt (see
    :func:`previous_question_ids`). Deterministic: the same arguments give the same
    attempt.
    """
    quiz = course.quiz(module_id)
    pool = course.questions_for(module_id, track_id)
    draw = quiz.draw if quiz is not None else None
    objectives = [o.id for o in course.module(module_id).objectives]
    previous = frozenset(previous)
    candidate = seed
    chosen = draw_questions(pool, draw, candidate, objectives)
    tries = 0
    while previous and {q.id for q in chosen} == previous and tries < _REDRAWS:
        tries += 1
        candidate = _derived_seed(seed, tries)
        chosen = draw_questions(pool, draw, candidate, objectives)
    if previous and {q.id for q in chosen} == previous and len(chosen) < len(pool):
        chosen = _swap_one(pool, chosen, random.Random(candidate))
    attempt = QuizAttempt.start(chosen, candidate)
    attempt.draw = draw
    attempt.pool = len(pool)
    return attempt


def _swap_one(pool: Sequence[Question], chosen: list[Question], rng: random.Random) -> list[Question]:
    """``chosen`` with one question replaced by one left out, of the same objective if any."""
    ids = {q.id for q in chosen}
    left_out = [q for q in pool if q.id not in ids]
    out = rng.choice(chosen)
    same = [q for q in left_out if q.objective == out.objective]
    into = rng.choice(same or left_out)
    return [into if q.id == out.id else q for q in chosen]


@dataclass(frozen=True)
class ObjectiveResult:
    """The points an attempt earned on the questions of one learning objective."""

    objective: str
    score: float
    max_score: float
    questions: int

    @property
    def share(self) -> float:
        """``score / max_score``, 0..1 (1 for no questions)."""
        return round(self.score / self.max_score, 6) if self.max_score else 1.0


class QuizAttempt:
    """One go at a quiz. Create it with :meth:`start` or :meth:`from_dict`."""

    def __init__(
        self, questions: Iterable[Question], presentation: Mapping[str, list[str]], seed: int
    ) -> None:
        self.seed = seed
        self.draw: int | None = None  # the quiz's draw when the questions were drawn
        self.pool: int | None = None  # how many questions they were drawn from
        self._questions: dict[str, Question] = {}
        for question in questions:
            if question.id in self._questions:
                raise ValueError(f"question {question.id!r} appears twice")
            self._questions[question.id] = question
        self._presentation = {qid: list(presentation.get(qid, [])) for qid in self._questions}
        self._responses: dict[str, Response] = {}
        self._grades: dict[str, Grade] = {}

    @classmethod
    def start(cls, questions: Iterable[Question], seed: int) -> QuizAttempt:
        """A new attempt: questions and their parts shuffled by ``random.Random(seed)``."""
        rng = random.Random(seed)
        shown = list(questions)
        rng.shuffle(shown)
        return cls(shown, {q.id: _shuffled(q, rng) for q in shown}, seed)

    # --- what the learner sees ------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        """The questions, in the order they are shown."""
        return tuple(self._questions.values())

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(self._questions)

    def __len__(self) -> int:
        return len(self._questions)

    def presentation(self, question_id: str) -> list[str]:
        """The order the question's parts are shown in (see the module docstring).

        Raises KeyError for a question not in this attempt.
        """
        return list(self._presentation[question_id])

    def current(self) -> Question | None:
        """The first question not yet answered, or None when all are."""
        return next((q for qid, q in self._questions.items() if qid not in self._grades), None)

    # --- answering ------------------------------------------------------------------

    def answer(self, question_id: str, response: Response) -> Grade:
        """Record the response to a question and return its grade.

        Raises KeyError for a question not in this attempt and ValueError when the
        question has already been answered.
        """
        question = self._questions[question_id]
        if question_id in self._grades:
            raise ValueError(f"question {question_id!r} has already been answered")
        result = grade(question, response)
        self._responses[question_id] = _plain(response)
        self._grades[question_id] = result
        return result

    def result(self, question_id: str) -> tuple[Response, Grade] | None:
        """The recorded response and its grade, or None if not answered yet."""
        if question_id not in self._grades:
            return None
        return _plain(self._responses[question_id]), self._grades[question_id]

    @property
    def answered(self) -> int:
        return len(self._grades)

    @property
    def is_finished(self) -> bool:
        return len(self._grades) == len(self._questions)

    # --- the score ------------------------------------------------------------------

    @property
    def score(self) -> float:
        """Points earned so far (an unanswered question earns 0)."""
        return sum(g.score for g in self._grades.values())

    @property
    def max_score(self) -> float:
        return MAX_SCORE * len(self._questions)

    @property
    def percent(self) -> float:
        """``score`` as a per cent of ``max_score``, 0..100 (0 for an empty attempt).

        Rounded to 6 decimals, so sums of partial credit such as 1/3 + 2/3 compare
        cleanly with a whole-number pass mark.
        """
        if not self._questions:
            return 0.0
        return round(100 * self.score / self.max_score, 6)

    def passed(self, pass_mark: int) -> bool:
        """Whether ``percent`` reaches ``pass_mark`` (see :func:`effective_pass_mark`)."""
        return self.percent >= pass_mark

    def by_objective(self) -> list[ObjectiveResult]:
        """Points per learning objective, in the order the objectives are first asked.

        Questions without an objective are left out; unanswered questions count 0.
        """
        totals: dict[str, list[float]] = {}
        for qid, question in self._questions.items():
            if question.objective is None:
                continue
            entry = totals.setdefault(question.objective, [0.0, 0.0, 0])
            grade_ = self._grades.get(qid)
            entry[0] += grade_.score if grade_ else 0.0
            entry[1] += MAX_SCORE
            entry[2] += 1
        return [ObjectiveResult(key, score, top, int(n)) for key, (score, top, n) in totals.items()]

    def to_revisit(self) -> tuple[str, ...]:
        """The objective(s) with the lowest share of points, when that share is below 100 %.

        Ties are all named, in the order of :meth:`by_objective`. Empty when every
        objective got full marks or no question has an objective.
        """
        results = self.by_objective()
        if not results:
            return ()
        lowest = min(r.share for r in results)
        if lowest >= 1.0:
            return ()
        return tuple(r.objective for r in results if r.share == lowest)

    def review(self) -> list[tuple[Question, Response, Grade]]:
        """The answers that were not fully correct, in the order shown."""
        return [
            (question, _plain(self._responses[qid]), self._grades[qid])
            for qid, question in self._questions.items()
            if qid in self._grades and not self._grades[qid].correct
        ]

    # --- saving and resuming --------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The attempt as plain JSON types.

        ``score`` and ``max_score`` are included for reports; :meth:`from_dict` ignores
        them and grades the responses again.
        """
        return {
            "version": FORMAT_VERSION,
            "seed": self.seed,
            "order": list(self._questions),
            "presentation": {qid: list(parts) for qid, parts in self._presentation.items()},
            "responses": {qid: _plain(self._responses[qid]) for qid in self._grades},
            "score": self.score,
            "max_score": self.max_score,
            "draw": self.draw,
            "pool": self.pool,
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], questions_by_id: Mapping[str, Question]
    ) -> QuizAttempt:
        """Resume an attempt saved with :meth:`to_dict`.

        Responses are graded again against the questions as they are now. The course
        may have been edited since: a question no longer in ``questions_by_id`` is
        dropped, a presentation is fitted to the question's current parts, and a
        response that no longer fits its question (an option was renamed) grades 0 like
        any malformed response. Raises ValueError when ``data`` is not an attempt.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("order"), list):
            raise ValueError("not a saved quiz attempt")
        presentation = data.get("presentation")
        presentation = presentation if isinstance(presentation, Mapping) else {}
        responses = data.get("responses")
        responses = responses if isinstance(responses, Mapping) else {}
        ids = dict.fromkeys(i for i in data["order"] if isinstance(i, str))
        questions = [questions_by_id[qid] for qid in ids if qid in questions_by_id]
        attempt = cls(
            questions,
            {q.id: _repaired(q, presentation.get(q.id)) for q in questions},
            data.get("seed", 0),
        )
        for qid, response in responses.items():
            question = attempt._questions.get(qid)
            if question is not None:
                attempt.answer(qid, response)
        for key in ("draw", "pool"):  # absent in attempts saved before question pools
            value = data.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                setattr(attempt, key, value)
        return attempt
