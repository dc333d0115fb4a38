"""An answer's write waits for the frame with its feedback, and still reaches the disk.

The quiz, scenario and lesson screens save just after the next frame (CourseApp.save_soon)
so a key press shows its result without waiting for the disk. These tests hold the app to
the promise that goes with it: nothing reads the record before a waiting write is made,
and nothing quits without making it.
"""

from __future__ import annotations

from pathlib import Path

from course.content.model import Course
from course.engine.grading import correct_response
from course.tui.widgets.questions import Answered
from progress import Store

from .helpers import make_app
from .test_quiz_and_scenario import MODULE, open_quiz


async def sign_in(pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the only learner
    await pilot.pause()


async def test_a_waiting_write_is_made_before_the_record_is_read(course: Course,
                                                                data_dir: Path) -> None:
    store = Store(data_dir)
    store.create_learner("Sara", "medarbejder")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        app.save_soon(lambda record: record.mark_page_seen(MODULE, 0), "Dit fremskridt")
        assert app._pending  # not written yet: it waits for the frame
        assert app.facts().pages.get(MODULE) == {0}  # reading makes it first
        assert not app._pending


async def test_an_answer_reaches_the_disk_when_the_app_quits_at_once(course: Course,
                                                                   data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Sara", "medarbejder")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, MODULE)
        screen = app.screen
        question = screen.attempt.current()
        # The answer as the question's input posts it, then quit before any frame.
        screen._answered(Answered(correct_response(question)))
        assert app._pending
        await pilot.press("ctrl+q")
    attempts = Store(data_dir).record(learner).attempts()
    assert [a["question"] for a in attempts[-1]["answers"]] == [question.id]
