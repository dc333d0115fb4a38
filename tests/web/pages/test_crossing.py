"""One quiz attempt across every front end: begun on the web pages, continued in the
terminal app (pilot), finished in the plain mode — same attempt, same order."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient, TestServer

pytest.importorskip("pexpect")

from course.content import load_course
from progress import Store
from progress.holds import HoldBook

from ...conftest import make_content
from ...plain.driver import Plain, question_in, right_answer
from ...tui.helpers import make_app, type_text
from ...tui.test_quiz_and_scenario import answer_current, open_quiz
from .conftest import Browser, sign_up
from .test_quiz import right_fields

CONTENT = Path(__file__).parents[2] / "plain" / "content"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="pexpect needs a POSIX pty")]


async def test_a_quiz_begun_on_the_web_goes_on_in_the_terminal_and_ends_in_plain_mode(
        tmp_path: Path) -> None:
    from course.web.server import CourseServer

    root = make_content(tmp_path)
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    course = load_course(root)
    data = tmp_path / "data"
    hold = HoldBook(data).create_hold("8.A", "skole")

    # On the web: sign up, start the quiz, answer two questions.
    server = TestServer(await CourseServer(data, root)._make_app())
    client = TestClient(server, cookie_jar=CookieJar(unsafe=True))
    await client.start_server()
    try:
        web = Browser(client)
        await sign_up(web, hold, "Sara", "2580")
        await web.get("/modul/forord/quiz")
        await web.post("/modul/forord/quiz/start", {})
        asked = []
        for _ in range(2):
            attempt = re.search(r'name="forsoeg" value="([^"]+)"', web.page).group(1)
            qid = re.search(r'name="spoergsmaal" value="([^"]+)"', web.page).group(1)
            question = next(q for q in course.questions_for("forord", "skole") if q.id == qid)
            asked.append(qid)
            await web.post("/modul/forord/quiz/svar", [
                ("forsoeg", attempt), ("spoergsmaal", qid), *right_fields(web.page, question)])
            assert "Rigtigt" in web.text()
            await web.get("/modul/forord/quiz")
    finally:
        await client.close()
    store = Store(data)
    (learner,) = store.learners()
    order = store.record(learner).facts().open_attempt("forord")["state"]["order"]
    assert order[:2] == asked

    # In the terminal app: the PIN, then the same attempt at its third question.
    app = make_app(course, data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the only learner
        await pilot.pause()
        await type_text(pilot, "2580")
        await pilot.press("enter")
        await pilot.pause()
        await open_quiz(pilot, "forord")
        assert list(app.screen.attempt.question_ids) == order
        assert app.screen.attempt.answered == 2
        question = await answer_current(pilot, right=True)
        assert question.id == order[2]
        await pilot.press("enter")
        await pilot.pause()

    # In the plain mode: the rest of the same attempt, then the result.
    plain = Plain("--plain", "--content", str(root), "--data", str(data))
    plain.prompt()
    plain.send("1")
    block, asked_for = plain.prompt()
    assert "pinkode" in (block + asked_for).casefold()
    plain.send("2580")
    block, _ = plain.prompt()
    plain.send("")
    block, _ = plain.prompt()
    assert "Du har svaret på 3 af" in block
    total = len(order)
    for number in range(4, total + 1):
        question = question_in(course, block)
        assert question.id == order[number - 1]  # the same attempt, in the same order
        plain.send(right_answer(question, block))
        feedback, _ = plain.prompt()
        assert "Rigtigt." in feedback
        plain.send("")
        block, _ = plain.prompt()
    assert "Resultat: Bestået." in block
    plain.send("afslut")
    assert plain.finish() == 0

    attempts = store.record(learner).facts().attempts
    assert len(attempts) == 1 and attempts[0]["finished"] and attempts[0]["passed"]
    assert [a["question"] for a in attempts[0]["answers"]] == order
