"""course.engine.session: quiz and scenario sessions as both front ends take them, where
"Fortsæt" goes, and a module's activities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.content import load_course
from course.content.model import Course
from course.engine.grading import correct_response
from course.engine.session import (
    QuizSession,
    ScenarioSession,
    Target,
    describe_target,
    module_activities,
    resume_target,
)
from progress import Position, Store

from ..conftest import make_content

CONTENT = Path(__file__).resolve().parent.parent / "plain" / "content"


@pytest.fixture
def small(tmp_path: Path) -> Course:
    root = make_content(tmp_path)
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    return load_course(root)


@pytest.fixture
def record(tmp_path: Path):
    store = Store(tmp_path / "data")
    return store.record(store.create_learner("Ida", "skole"))


def test_a_quiz_session_is_saved_resumed_and_finished(small: Course, record) -> None:
    session = QuizSession.open(small, "forord", "skole", record.facts(), seed=7)
    assert not session.resumed and len(session.attempt) == 6
    position = Position("forord", activity="quiz")
    record.save_attempt(session.doc, position)
    first = session.attempt.current()
    grade = session.answer(first.id, correct_response(first))
    assert grade.correct and session.doc["answers"][0]["question"] == first.id
    record.save_attempt(session.doc, position)

    again = QuizSession.open(small, "forord", "skole", record.facts())
    assert again.resumed and again.attempt.answered == 1
    assert again.attempt.question_ids == session.attempt.question_ids
    while (question := again.attempt.current()) is not None:
        again.answer(question.id, correct_response(question))
    assert again.doc["finished"] and again.doc["passed"] and again.passed
    assert again.doc["percent"] == 100.0
    record.save_attempt(again.doc, position)

    retake = QuizSession.open(small, "forord", "skole", record.facts(), seed=7)
    assert not retake.resumed  # the finished attempt is not resumed: a new one, a new set
    assert set(retake.attempt.question_ids) != set(session.attempt.question_ids)


def test_a_scenario_session_logs_choices_and_keeps_the_reflection(small: Course, record) -> None:
    scenario = small.quiz("forord").scenarios[0]
    session = ScenarioSession.open("forord", scenario, record.facts(), seed=3)
    assert session.fresh and not session.reviewing
    shown = session.run.shown_choices()
    number = next(n for n, (_, c) in enumerate(shown, 1) if c.text == "Du skynder dig forbi.")
    session.choose_shown(number)
    assert session.doc["steps"][0]["shown_as"] == number
    with pytest.raises(ValueError):
        session.choose_shown(5)
    session.choose_shown(1)
    assert session.run.is_finished and session.doc["ending"] == "godt"
    assert session.reflect("  Min   nabo  ") == "Min nabo"
    record.save_run(session.doc, Position("forord", activity="scenario", ref=scenario.id))

    shown_again = ScenarioSession.open("forord", scenario, record.facts())
    assert shown_again.reviewing and not shown_again.fresh
    assert shown_again.run.reflection == "Min nabo"
    shown_again.restart(seed=4)
    assert not shown_again.reviewing and shown_again.run.path == []
    assert shown_again.doc["id"] != session.doc["id"]


def test_resume_target_and_its_words(small: Course, record) -> None:
    facts = record.facts()
    assert resume_target(small, "skole", facts) == Target("forord", 0)
    assert describe_target(small, "skole", Target("forord", 0)) == "Forord, side 1 af 2"
    record.mark_page_seen("forord", 0)
    assert resume_target(small, "skole", record.facts()) == Target("forord", 0)
    record.set_position(Position("forord", activity="scenario", ref="ny-nabo"))
    target = resume_target(small, "skole", record.facts())
    assert target == Target("forord", activity="scenario", ref="ny-nabo")
    assert describe_target(small, "skole", target) == "scenariet »Den nye nabo« i Forord"
    record.set_position(Position("forord", activity="scenario", ref="findes-ikke"))
    assert resume_target(small, "skole", record.facts()).activity == "lesson"


def test_module_activities(small: Course, record) -> None:
    module = small.module("forord")
    items = module_activities(small, module, "skole", record.facts())
    assert [(a.key, a.status, a.done, a.started) for a in items] == [
        ("lesson", "0 af 2 sider læst", False, False),
        ("quiz", "6 spørgsmål", False, False),
        ("scenario:ny-nabo", "Ikke spillet", False, False),
    ]
    session = QuizSession.open(small, "forord", "skole", record.facts(), seed=1)
    question = session.attempt.current()
    session.answer(question.id, correct_response(question))
    record.save_attempt(session.doc, Position("forord", activity="quiz"))
    quiz = module_activities(small, module, "skole", record.facts())[1]
    assert quiz.status == "I gang: 1 af 6 besvaret" and quiz.started and not quiz.done
