"""The statistics screen of the teachers' view at 80x24 (issue 16): scoped to the teacher's
holds, flagged questions first, option bars with words, and footers that fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from course.content.model import Course, SingleChoice, TextAnswer
from course.engine.grading import correct_response
from course.tui.app import CourseApp
from course.tui.screens.stats import StatsScreen
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from progress.holds import HoldBook

from .helpers import screen_text

MODULE = "forord"


MARKUP = "[@click=app.quit]x[/]"


def write_attempt(store: Store, learner, course: Course, wrong: str | None, n: int,
                  typed: str | None = None) -> None:
    """Every question of the module's pool answered right, except ``wrong`` (a single
    choice question, answered with its first wrong option) and, when ``typed`` is given,
    the text questions (answered with it)."""
    answers = []
    for question in course.questions_for(MODULE, learner.track):
        response = correct_response(question)
        right = question.id != wrong
        if not right:
            assert isinstance(question, SingleChoice)
            response = next(o for o in question.options if o != question.answer)
        if typed is not None and isinstance(question, TextAnswer):
            response, right = typed, False
        answers.append({"question": question.id, "response": response,
                        "score": 1.0 if right else 0.0, "correct": right,
                        "at": "2026-11-02T09:00:00+00:00"})
    score = sum(a["score"] for a in answers)
    store.record(learner).save_attempt({
        "id": f"a{n}", "module": MODULE, "started": "2026-11-02T09:00:00+00:00",
        "finished": "2026-11-02T09:10:00+00:00", "pass_mark": 60, "answers": answers,
        "score": score, "max_score": float(len(answers)), "percent": 100 * score / len(answers),
        "passed": True})


def classes(course: Course, data_dir: Path):
    """Anna's 8.A: 21 pupils who all miss one question; Bo's 9.B: 3 who get all right."""
    book = HoldBook(data_dir)
    anna = book.create_account("Anna Lærer", "hemmelig-anna")
    bo = book.create_account("Bo Lærer", "hemmelig-bo!")
    class_a = book.create_hold("8.A Vejleå Skole", "skole", anna.id)
    class_b = book.create_hold("9.B Gildbro Skole", "skole", bo.id)
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    missed = next(q for q in course.questions_for(MODULE, "skole") if isinstance(q, SingleChoice))
    for n in range(21):
        learner = store.create_learner(f"Elev {n:02d}", "skole", class_a.id)
        write_attempt(store, learner, course, missed.id, n)
    for n in range(3):
        learner = store.create_learner(f"[@click=app.quit]Anden {n}[/]", "skole", class_b.id)
        write_attempt(store, learner, course, None, 100 + n, typed=MARKUP if n == 0 else None)
    return store, missed


async def sign_in(pilot, name: str, passphrase: str) -> None:
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    if name:
        pilot.app.screen.query_one("#secret-name", Input).value = name
    field = pilot.app.screen.query_one("#secret-1", Input)
    field.focus()
    field.value = passphrase
    await pilot.press("enter")
    await pilot.pause()


async def open_stats(pilot) -> StatsScreen:
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def footer(app) -> str:
    return screen_text(app)[-1].rstrip()




@pytest.mark.slow
async def test_a_teacher_sees_statistics_of_her_own_holds_only(course: Course,
                                                                data_dir: Path) -> None:
    store, missed = classes(course, data_dir)
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "anna lærer", "hemmelig-anna")
        assert isinstance(app.screen, TeacherScreen)
        assert "s Svar" in footer(app) and len(footer(app)) <= 80
        screen = await open_stats(pilot)
        stats = screen.report.stats
        assert stats.learners == 21  # Bo's three pupils are not counted
        module = stats.module(MODULE)
        assert module.attempts == 21
        first = module.ordered()[0]
        assert first.id == missed.id and first.flags  # flagged first
        text = "\n".join(screen_text(app))
        assert "Statistik · Anna Lærer · dine hold · modul 1 af" in text
        assert "21 forsøg fra 21 deltagere" in text
        assert "⚠ for svær" in text  # the flag in words, with an icon
        assert f"{missed.id} · " in text
        assert "✔ " in text and "rigtig" in text  # the right option: a mark and a word
        assert "Anden" not in text
        assert len(footer(app)) <= 80 and "Næste modul" in footer(app)
        await pilot.press("right")
        await pilot.pause()
        assert "modul 2 af" in "\n".join(screen_text(app))
        await pilot.press("left", "left")
        await pilot.pause()
        heading = screen_text(app)[1]
        assert "modul 1 af" not in heading and "modul" in heading  # wrapped to the last
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeacherScreen)
        assert app.is_running  # the markup in a name was never run




@pytest.mark.slow
async def test_the_administrator_sees_every_learner_and_few_answers_are_uncertain(
        course: Course, data_dir: Path) -> None:
    store, _ = classes(course, data_dir)
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "", "administrator!")
        assert isinstance(app.screen, TeacherScreen) and app.screen.account is None
        screen = await open_stats(pilot)
        assert screen.report.stats.learners == 24
        await pilot.press("escape")
        await pilot.pause()
        # one hold of three: every question has too few answers to be flagged
        app.screen.hold = next(h.id for h in HoldBook(data_dir).holds() if h.name.startswith("9.B"))
        screen = await open_stats(pilot)
        module = screen.report.stats.module(MODULE)
        assert module.attempts == 3
        assert all(q.uncertain and not q.flags for q in module.questions if q.answers)
        text = "\n".join(screen_text(app))
        assert "9.B Gildbro Skole" in text and "? usikre tal (3 svar)" in text
        # a learner's typed answer is shown as typed, never read as markup
        shown = str(screen.query_one("#stats-content", Static).content)
        assert f"»{MARKUP}« 1" in shown
        assert app.is_running
