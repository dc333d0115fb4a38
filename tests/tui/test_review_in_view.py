"""At 80×24 everything after an activity is reachable by keyboard: the whole review of
a failed quiz (a focusable body that ↓, PgDn, Home and End move), and a scenario's
ending with the saved reflection and the next keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from course.content.model import Course
from course.engine.scenario import shortest_path_to
from course.tui.screens.module import ModuleScreen
from course.tui.screens.scenario import ScenarioScreen

from .helpers import make_app, screen_text, type_text
from .test_quiz_and_scenario import SCENARIO, answer_current, open_quiz, signed_in, start

__all__ = ["signed_in"]  # the fixture, imported for pytest


def _rows_of(app, widget) -> list[str]:
    """The rows of ``widget`` that are on screen (a tall one may start above the top)."""
    region = widget.region
    return screen_text(app)[max(0, region.y):region.bottom]


@pytest.mark.slow


async def test_every_answer_of_a_failed_quiz_is_reached_by_keyboard(
        course: Course, data_dir: Path, signed_in) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await open_quiz(pilot, "vision")
        screen = app.screen
        while screen.attempt.current() is not None:
            await answer_current(pilot, right=False)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        rows = screen_text(app)
        assert "✘ Ikke bestået" in rows[2]  # header, heading, then the verdict: no blank rows
        body = screen.query_one("#quiz-body", VerticalScroll)
        assert app.focused is body
        assert body.max_scroll_y > 0  # the review is longer than the screen

        # PgDn until it moves no more: every reviewed answer passes through view.
        items = list(screen.query(".review-item"))
        assert len(items) == len(screen.attempt.review()) == len(screen.attempt)  # all wrong
        views = ["\n".join(screen_text(app))]
        while True:
            before = body.scroll_y
            await pilot.press("pagedown")
            await pilot.pause()
            views.append("\n".join(screen_text(app)))
            if body.scroll_y == before:
                break
        for question, _, _ in screen.attempt.review():
            opening = " ".join(question.prompt.split()[:4])
            assert any(opening in view for view in views), opening
        assert body.scroll_y == body.max_scroll_y

        # The last review line is on screen, whole.
        last = items[-1]
        # (an answer's review can be taller than the screen: its end is what must show)
        assert body.region.y < last.region.bottom <= body.region.bottom
        last_word = str(last.render()).split()[-1]
        assert last_word in _rows_of(app, last)[-1]
        assert "tryk R for et nyt forsøg" in "\n".join(screen_text(app))

        await pilot.press("home")
        await pilot.pause()
        assert "✘ Ikke bestået" in screen_text(app)[2]
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y




@pytest.mark.slow
async def test_after_the_reflection_the_saved_answer_and_next_keys_are_in_view(
        course: Course, data_dir: Path, signed_in) -> None:
    module_id, scenario_id = SCENARIO
    scenario = next(s for s in course.quiz(module_id).scenarios if s.id == scenario_id)
    ending = max(scenario.endings, key=lambda e: len(e.text))  # the longest page
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        app.push_screen(ModuleScreen(module_id))
        await pilot.pause()
        app.screen.open(f"scenario:{scenario_id}")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScenarioScreen)
        for index in shortest_path_to(scenario, ending.id):
            shown = [i for i, _ in screen.run.shown_choices()]
            await pilot.press(str(shown.index(index) + 1))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await type_text(pilot, "Jeg spørger efter en tolk")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        text = "\n".join(screen_text(app))
        assert "✔ Dit svar er gemt: »Jeg spørger efter en tolk«" in text
        assert "R for at spille igen" in text and "Esc for at gå tilbage" in text
        body = screen.query_one("#scenario-body", VerticalScroll)
        field = screen.query_one("#reflection-input", Input)
        assert body.region.y <= field.region.y and field.region.bottom <= body.region.bottom
        assert "▁▁▁" in _rows_of(app, field)[-1]  # the input's bottom border is drawn
        hint = screen.query_one(".next-hint", Static)
        assert hint.region.bottom <= body.region.bottom
        assert app.focused is body  # R and Esc are the screen's keys again
        await pilot.press("home")
        await pilot.pause()
        assert f"Slutning: {ending.ending}" in "\n".join(screen_text(app))
