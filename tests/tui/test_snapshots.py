"""How it looks at 80x24: a question with its feedback, and a scenario's ending.

Snapshots live in tests/tui/__snapshots__/; after an intended change to the look, refresh
them with `uv run pytest tests/tui/test_snapshots.py --snapshot-update` and commit them
on their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content.model import Course
from course.engine.quiz import QuizAttempt
from course.engine.scenario import shortest_path_to
from progress import Store

from .helpers import make_app, screen_state, settled

SIZE = (80, 24)

# pixel-exact: each screen is taken after Textual's own waits, so a scroll made after the
# next refresh is always on it (tests/conftest.py, _quicker_pilot)
pytestmark = pytest.mark.usefixtures("textual_default_waits")


def signed_in_app(course: Course, data_dir: Path):
    store = Store(data_dir)
    learner = store.create_learner("Sara Jensen", "medarbejder")
    return store, learner, make_app(course, data_dir)


def test_question_with_feedback(snap_compare, course: Course, data_dir: Path) -> None:
    store, learner, app = signed_in_app(course, data_dir)
    questions = course.questions_for("forord", learner.track)
    attempt = QuizAttempt.start(questions, seed=7)  # a fixed seed: the same order every run
    store.record(learner).save_attempt(
        {"id": "snap", "module": "forord", "started": "2026-11-26T12:00:00+00:00",
         "finished": None, "pass_mark": 80, "answers": [], "state": attempt.to_dict()}
    )

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the learner
        await pilot.pause()
        from course.tui.screens.module import ModuleScreen

        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        await pilot.press("q", "2")  # the saved attempt; answer with option 2
        await settled(pilot, lambda: screen_state(app))

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


@pytest.mark.slow
def test_scenario_ending(snap_compare, course: Course, data_dir: Path) -> None:
    _store, _learner, app = signed_in_app(course, data_dir)
    scenario = next(s for s in course.quiz("borgeren-i-centrum").scenarios if s.id == "skranken")
    path = shortest_path_to(scenario, scenario.endings[0].id)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        from course.tui.screens.module import ModuleScreen

        screen = ModuleScreen("borgeren-i-centrum")
        app.push_screen(screen)
        await pilot.pause()
        screen.open("scenario:skranken")
        await pilot.pause()
        for index in path:
            shown = [i for i, _ in app.screen.run.shown_choices()]  # shuffled per run
            await pilot.press(str(shown.index(index) + 1), "enter")
            await pilot.pause()
        await settled(pilot, lambda: screen_state(app))

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
