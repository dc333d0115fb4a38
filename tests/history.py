"""Realistic learner histories, written through the real engine and store.

Used by tests (reports, certificates, screens) and by ``bench/storage.py``. The documents
have the shapes the quiz and scenario screens write: an attempt per quiz try with every
answer, a run per scenario played, pages seen, flashcard reviews.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

from course.content.model import Course, Scenario
from course.engine.grading import correct_response
from course.engine.quiz import QuizAttempt, effective_pass_mark
from course.engine.scenario import all_paths, play
from progress import Position, Record

START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def _at(minutes: float) -> str:
    return (START + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def quiz_attempt(course: Course, track_id: str, module_id: str, rng: random.Random,
                 right_share: float, clock: float = 0.0) -> dict:
    """A finished attempt as the quiz screen saves it, about ``right_share`` right."""
    quiz = course.quiz(module_id)
    track = course.track(track_id)
    questions = course.questions_for(module_id, track_id)
    attempt = QuizAttempt.start(questions, rng.getrandbits(32))
    answers = []
    for n, question in enumerate(attempt.questions):
        response = correct_response(question)
        if rng.random() > right_share:
            response = _wrong(question, response)
        result = attempt.answer(question.id, response)
        answers.append({"question": question.id, "response": attempt.result(question.id)[0],
                        "score": result.score, "correct": result.correct,
                        "at": _at(clock + n)})
    pass_mark = effective_pass_mark(quiz, track)
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex, "module": module_id,
        "started": _at(clock), "finished": _at(clock + len(answers)), "pass_mark": pass_mark,
        "answers": answers, "state": attempt.to_dict(), "score": attempt.score,
        "max_score": attempt.max_score, "percent": round(attempt.percent, 1),
        "passed": attempt.passed(pass_mark),
    }


def _wrong(question, right):
    from course.content.model import TextAnswer, TrueFalse

    if isinstance(question, TrueFalse):
        return not right
    if isinstance(question, TextAnswer):
        return "ved ikke"
    if isinstance(right, list) and len(right) > 1:
        return list(reversed(right))
    return [] if isinstance(right, list) else "ved ikke"


def scenario_run(scenario: Scenario, module_id: str, rng: random.Random,
                 clock: float = 0.0) -> dict:
    path = rng.choice(all_paths(scenario, limit=50))
    run = play(scenario, path)
    steps = [{"node": node, "choice": index, "at": _at(clock + n)}
             for n, (node, index) in enumerate(run.to_dict()["path"])]
    return {"id": uuid.UUID(int=rng.getrandbits(128)).hex, "scenario": scenario.id,
            "module": module_id, "started": _at(clock), "finished": _at(clock + len(steps)),
            "ending": run.ending.id, "steps": steps, "run": run.to_dict()}


def complete_track(course: Course, record: Record, track_id: str, seed: int = 1,
                   share: float = 1.0, right_share: float = 0.95, reviews: int = 40) -> None:
    """Write a history for ``share`` of the track's modules (all of them by default).

    Each module done gets every page seen, a failed and then a passed quiz attempt, and
    its scenarios played; ``reviews`` flashcard reviews are logged too.
    """
    rng = random.Random(seed)
    modules = course.modules_for(track_id)
    done = modules[: max(1, round(len(modules) * share))]
    clock = 0.0
    for module in done:
        for page in range(len(module.pages)):
            record.mark_page_seen(module.id, page)
        if course.questions_for(module.id, track_id):
            record.save_attempt(quiz_attempt(course, track_id, module.id, rng, 0.3, clock))
            clock += 20
            passed = quiz_attempt(course, track_id, module.id, rng, right_share, clock)
            while not passed["passed"]:  # a few wrong answers, but a pass
                passed = quiz_attempt(course, track_id, module.id, rng, right_share, clock)
            record.save_attempt(passed, Position(module.id, activity="quiz"))
            clock += 20
        for scenario in course.scenarios_for(module.id, track_id):
            record.save_run(scenario_run(scenario, module.id, rng, clock))
            clock += 10
    terms = [t.id for t in course.glossary]
    for n in range(reviews):
        term = terms[n % len(terms)]
        record.save_review(
            {"id": term, "card_id": n, "state": 2, "step": None, "stability": 3.2,
             "difficulty": 5.1, "due": _at(clock + 1440 * 3), "last_review": _at(clock)},
            {"term": term, "rating": rng.randint(1, 4), "reviewed_at": _at(clock)},
        )
        clock += 0.5

