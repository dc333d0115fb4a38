"""Faults on the web pages: a data folder that cannot be written, and one learner on two
devices at once. Each gets a Danish page, no traceback, and nothing recorded is lost."""

from __future__ import annotations

import errno
import re

from progress import Store

from .conftest import sign_up
from .test_quiz import question_on, right_fields


async def test_a_data_folder_that_cannot_be_written_gives_a_danish_page_and_loses_nothing(
        browser, hold, data_dir, monkeypatch):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    attempt, question = question_on(browser.page)
    page = browser.page

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    import course.files
    import progress.data_folder
    import progress.records
    import progress.storage
    import progress.store

    for module in (course.files, progress.storage, progress.data_folder, progress.records,
                   progress.store):
        monkeypatch.setattr(module, "atomic_write_text", full, raising=False)
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", question.id),
                                                   *right_fields(page, question)])
    assert browser.status == 503
    assert "Datamappen kan ikke bruges" in browser.text() and "disken er fuld" in browser.text()
    assert "Traceback" not in browser.page
    monkeypatch.undo()
    # The disk has room again: the same question is still open, and the answer counts once.
    await browser.get("/modul/forord/quiz")
    assert question_on(browser.page) == (attempt, question)
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", question.id),
                                                   *right_fields(browser.page, question)])
    assert "Rigtigt" in browser.text()
    learner = Store(data_dir).learners()[0]
    answers = Store(data_dir).record(learner).facts().attempts[-1]["answers"]
    assert [a["question"] for a in answers] == [question.id]


async def test_one_learner_on_two_devices_answers_once_and_both_go_on(browser, hold, data_dir):
    await sign_up(browser, hold, "Tove", "5555")
    other = browser.new()  # the same pupil on a second device
    await other.get("/")
    await other.post("/log-ind/kode", {"kode": hold.code})
    learner_id = re.search(r'value="([0-9a-f]{16})"', other.page).group(1)
    await other.post("/log-ind/navn", {"deltager": learner_id})
    await other.post("/log-ind/pinkode", {"pinkode": "5555"})
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    await other.get("/modul/forord/quiz")  # the same attempt, the same question
    assert question_on(other.page) == question_on(browser.page)
    attempt, question = question_on(browser.page)
    fields = [("forsoeg", attempt), ("spoergsmaal", question.id),
              *right_fields(browser.page, question)]
    await browser.post("/modul/forord/quiz/svar", fields)
    await other.post("/modul/forord/quiz/svar", fields)
    assert "allerede svaret" in other.text()
    await other.get("/modul/forord/quiz")  # the second device goes on at the next question
    assert question_on(other.page)[1].id != question.id
    answers = Store(data_dir).record(Store(data_dir).learners()[0]).facts().attempts[-1]["answers"]
    assert [a["question"] for a in answers] == [question.id]


async def test_the_html_pages_refuse_a_rebound_name_too(browser) -> None:
    response = await browser.client.get("/", headers={"Host": "ond.example"})
    assert response.status == 400
    assert "Ukendt adresse" in await response.text()
    assert "Content-Security-Policy" in response.headers
    assert (await browser.client.get("/")).status == 200  # 127.0.0.1: as always
