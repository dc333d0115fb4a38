"""The findings of a new user's walk through the employee track at 80x24 (issue 13), each
held by a pilot test: the learner's keys, and what the screen then says."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from textual.pilot import Pilot

from course.certificates.rules import claim
from course.content.model import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from course.engine.grading import correct_response
from course.engine.numbers import points
from course.engine.quiz import start_module_attempt
from course.report import build_report, render
from course.tui.screens.module import ModuleScreen
from course.tui.screens.quiz import QuizScreen
from progress import Store

from .helpers import make_app, screen_text
from .test_quiz_and_scenario import open_quiz

TRACK = "medarbejder"


def text_of(app) -> str:
    return "\n".join(screen_text(app))


async def sign_in(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the first learner on the list
    await pilot.pause()


def finished_attempt(course: Course, module: str, score: float, max_score: float) -> dict:
    percent = round(100 * score / max_score, 1)
    return {"id": f"done-{module}", "module": module, "started": "2026-11-26T12:00:00+00:00",
            "finished": "2026-11-26T12:10:00+00:00", "pass_mark": 80, "answers": [],
            "score": score, "max_score": max_score, "percent": percent,
            "passed": percent >= 80}


# -- 1. scores are Danish numbers, the same figure everywhere --------------------------


async def test_one_figure_on_the_module_screen_the_report_and_the_certificate(
        course: Course, data_dir: Path) -> None:
    """10 of 11 points is 90 % (rounded down) on every screen, in the CSV and on the
    certificate; nowhere 91 %."""
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = course.track(TRACK).modules[0]
    store.record(learner).save_attempt(finished_attempt(course, module, 10, 11))
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        app.push_screen(ModuleScreen(module))
        await pilot.pause()
        text = text_of(app)
        assert "Bestået (bedste resultat 90 %)" in text
        assert "91 %" not in text
    rows = list(csv.reader(io.StringIO(render(build_report(course, store), "csv").lstrip("\ufeff")),
                           delimiter=";"))
    column = rows[0].index(f"Quiz: {course.module(module).title}")
    assert rows[1][column] == "90"
    result = next(m for m in claim(course, TRACK, store.record(learner).facts()).modules
                  if m.id == module)
    assert result.best_percent == 90


async def test_the_quiz_result_has_a_decimal_comma(course: Course, data_dir: Path) -> None:
    """Partial credit reads "Du fik 0,3 af 8 point (4 %)", not "0.333333"."""
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"  # a matching question gives a third of a point for one line of three
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        while (question := screen.attempt.current()) is not None:
            if isinstance(question, Matching):  # one line right, the others swapped
                (l1, r1), (l2, r2), *rest = question.pairs
                response = {l1: r1, l2: r2, **{left: r2 for left, _ in rest}}
                response[l2] = r1
            else:
                response = wrong_response(question, screen.attempt.presentation(question.id))
            screen._answered(_answer(response))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        attempt = screen.attempt
        text = " ".join(text_of(app).split())
        assert 0 < attempt.score < 1, attempt.score
        assert f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point" in text
        assert "," in points(attempt.score) and "." not in points(attempt.score)


def wrong_response(question, presentation: list[str]):
    """An answer that earns nothing."""
    right = correct_response(question)
    if isinstance(question, TextAnswer):
        return "forkert"
    if isinstance(question, TrueFalse):
        return not right
    if isinstance(question, SingleChoice):
        return next(option for option in presentation if option != right)
    if isinstance(question, MultipleChoice):
        return []
    assert isinstance(question, Ordering)
    return list(question.items[1:] + question.items[:1])  # every item out of place


def _answer(response):
    from course.tui.widgets.questions import Answered

    return Answered(response)
