"""Issue 11 in the UI: objectives, why a wrong option is wrong, shuffled scenario choices
and the reflection, driven by keyboard at 80×24.

These tests run on a small course of their own (the minimal course of the validator's
tests with the schema-v2 keys), so they do not depend on the real content's wording.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from course.content import load_course
from course.content.model import Course, SingleChoice
from course.tui.screens.module import ModuleScreen
from course.tui.screens.quiz import QuizScreen
from course.tui.screens.scenario import ScenarioScreen
from progress import Store

from ..conftest import make_content
from .helpers import make_app, screen_text, type_text


@pytest.fixture
def small_course(tmp_path: Path) -> Course:
    """One module (forord) with two objectives, a single choice with whys, a scenario."""
    course = load_course(make_content(tmp_path))
    # ask both questions every time (the file draws one of two)
    quiz = replace(course.quiz("forord"), draw=None)
    return replace(course, quizzes=(quiz,))


@pytest.fixture
def learner(small_course: Course, data_dir: Path):
    store = Store(data_dir)
    return store, store.create_learner("Sara", "skole")


async def signed_in(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the only learner
    await pilot.pause()


def text_of(app) -> str:
    return "\n".join(screen_text(app))


async def test_objectives_are_shown_when_a_module_opens(small_course: Course, data_dir: Path,
                                                        learner) -> None:
    app = make_app(small_course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        text = text_of(app)
        assert "Når du er færdig, kan du …" in text
        for objective in small_course.module("forord").objectives:
            assert f"• {objective.text}" in text


async def test_a_wrong_options_why_is_shown_and_the_result_names_the_objective(
    small_course: Course, data_dir: Path, learner
) -> None:
    app = make_app(small_course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        for _ in range(len(screen.attempt)):
            question = screen.attempt.current()
            if isinstance(question, SingleChoice):
                shown = screen.attempt.presentation(question.id)
                wrong = next(o for o in shown if o != question.answer)
                await pilot.press(str(shown.index(wrong) + 1))
                await pilot.pause()
                text = text_of(app)
                assert f"Hvorfor ikke »{wrong}«?" in text
                assert question.why_for(wrong) in text
                missed = question.objective
            else:  # the true/false: answer it right
                await pilot.press("1" if question.answer else "2")
                await pilot.pause()
                assert "Hvorfor ikke" not in text_of(app)
            await pilot.press("enter")
            await pilot.pause()
        text = text_of(app)
        revisit = small_course.module("forord").objective(missed).text
        assert "Arbejd mere med at kunne " in text and revisit[:30] in text
        assert "Svar at se på igen:" in text
        screen.query_one("#quiz-body").scroll_end(animate=False)
        await pilot.pause()
        assert "Dine point pr. læringsmål – det, du skal kunne" in text_of(app)


async def play_to_the_ending(pilot: Pilot) -> None:
    screen = pilot.app.screen
    while not screen.run.is_finished:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()




@pytest.mark.slow
async def test_the_reflection_is_saved_and_shown_again(small_course: Course, data_dir: Path,
                                                       learner) -> None:
    store, sara = learner
    app = make_app(small_course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        app.screen.open("scenario:ny-nabo")
        await pilot.pause()
        await play_to_the_ending(pilot)
        assert isinstance(app.focused, Input)
        assert app.focused.placeholder.startswith("Skriv dit svar med få ord")
        await type_text(pilot, "Min nabo Ali")
        await pilot.press("enter")
        await pilot.pause()
        assert "✔ Dit svar er gemt: »Min nabo Ali«" in text_of(app)
    (run,) = store.record(sara).facts().runs
    assert run["finished"] and run["run"]["reflection"] == "Min nabo Ali"
    # the learner's export holds it (the right of access)
    export = store.export_learner(sara)
    runs = export["optegnelser"]["scenario_runs"]
    assert [r["run"]["reflection"] for r in runs.values()] == ["Min nabo Ali"]

    app = make_app(small_course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        app.screen.open("scenario:ny-nabo")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScenarioScreen) and screen.run.is_finished
        assert screen.query_one("#reflection-input", Input).value == "Min nabo Ali"
        assert "Dit svar er gemt: »Min nabo Ali«" in text_of(app)
        await pilot.press("r")  # play again: a new run
        await pilot.pause()
        assert not screen.run.is_finished and screen.run.reflection is None
    assert len(store.record(sara).facts().runs) == 2




@pytest.mark.slow
async def test_choice_order_is_stable_across_resume(small_course: Course, data_dir: Path,
                                                    learner) -> None:
    store, sara = learner
    scenario = small_course.quiz("forord").scenarios[0]
    for _ in range(6):  # a few runs: the order is shuffled per run, kept on resume
        app = make_app(small_course, data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await signed_in(pilot)
            app.push_screen(ModuleScreen("forord"))
            await pilot.pause()
            app.screen.open(f"scenario:{scenario.id}")
            await pilot.pause()
            if app.screen.run.is_finished:  # the last run's ending is shown: play again
                await pilot.press("r")
                await pilot.pause()
            first = [c.text for _, c in app.screen.run.shown_choices()]
            text = text_of(app)
            assert text.index(first[0][:20]) < text.index(first[1][:20])  # as shown
        app = make_app(small_course, data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await signed_in(pilot)
            await pilot.press("f")  # Fortsæt: back into the same run
            await pilot.pause()
            assert isinstance(app.screen, ScenarioScreen)
            again = [c.text for _, c in app.screen.run.shown_choices()]
            assert again == first
            await play_to_the_ending(pilot)
            await pilot.press("enter")  # no reflection
            await pilot.pause()
    runs = store.record(sara).facts().runs
    assert len(runs) == 6 and all(isinstance(r["run"]["seed"], int) for r in runs)
    # the steps record the file index of the choice taken and where it was shown
    assert all("shown_as" in step for r in runs for step in r["steps"])




@pytest.mark.slow
async def test_the_lesson_skips_pages_of_other_tracks(course: Course, data_dir: Path) -> None:
    """A page limited to other tracks is never shown, and the pages are numbered 1..n."""
    from course.tui.screens.lesson import LessonScreen

    found = [(m, t.id) for t in course.tracks for m in course.modules_for(t.id)
             if len(m.page_indices(t.id)) < len(m.pages)
             and not m.optional_page_indices(t.id)]  # deepening: tests/tui/test_flow.py
    if not found:
        pytest.skip("no page in the content is limited to some tracks")
    module, track_id = found[0]
    shown = module.page_indices(track_id)
    store = Store(data_dir)
    learner = store.create_learner("Sara", track_id)
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        app.push_screen(LessonScreen(module.id, 0))
        await pilot.pause()
        visited = []
        for number in range(1, len(shown) + 1):
            visited.append(app.screen.page)
            assert f"Side {number} af {len(shown)}" in text_of(app)
            await pilot.press("right")
            await pilot.pause()
        assert visited == list(shown)
        assert "Hovedpunkter" in text_of(app)
        for index in reversed(shown):  # and back again
            await pilot.press("left")
            await pilot.pause()
            assert app.screen.page == index
    seen = store.record(learner).facts().pages[module.id]
    assert seen == set(shown)
