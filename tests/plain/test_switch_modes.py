"""Switching between the terminal app and the plain mode in the middle of a quiz: the
same attempt, the same questions in the same order, answers from both counted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pexpect")

from course.content import load_course
from course.tui.screens.module import ModuleScreen
from progress import Store

from ..conftest import make_content
from ..tui.helpers import make_app, screen_text
from ..tui.test_quiz_and_scenario import answer_current, open_quiz, start
from .driver import Plain, question_in, right_answer

CONTENT = Path(__file__).with_name("content")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pexpect needs a POSIX pty")




@pytest.mark.slow
async def test_a_quiz_begun_in_the_terminal_app_goes_on_in_plain_mode(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    course = load_course(root)
    data = tmp_path / "data"
    store = Store(data)
    learner = store.create_learner("Sara", "skole")

    app = make_app(course, data)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await open_quiz(pilot, "forord")
        order = app.screen.attempt.question_ids
        for _ in range(2):
            await answer_current(pilot, right=True)
            await pilot.press("enter")
            await pilot.pause()

    plain = Plain("--plain", "--content", str(root), "--data", str(data))
    plain.prompt()
    plain.send("1")
    block, _ = plain.prompt()
    assert "Enter: fortsætte med quizzen i Forord." in block
    plain.send("")
    block, _ = plain.prompt()
    assert "Du fortsætter dit forsøg. Du har svaret på 2 af 6 spørgsmål." in block
    for number in range(3, 7):
        assert f"Spørgsmål {number} af 6." in block
        question = question_in(course, block)
        assert question.id == order[number - 1]  # the same attempt, in the same order
        plain.send(right_answer(question, block))
        feedback, _ = plain.prompt()
        assert "Rigtigt." in feedback
        plain.send("")
        block, _ = plain.prompt()
    assert "Resultat: Bestået." in block and "Du fik 6 af 6 point" in block
    plain.send("afslut")
    assert plain.finish() == 0
    assert "\x1b" not in plain.output

    (attempt,) = store.record(learner).facts().attempts
    assert attempt["finished"] and attempt["passed"] and len(attempt["answers"]) == 6

    app = make_app(course, data)  # and back in the terminal app, the quiz is passed
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        app.push_screen(ModuleScreen("forord"))
        await pilot.pause()
        assert "Bestået (bedste resultat 100 %)" in "\n".join(screen_text(app))
