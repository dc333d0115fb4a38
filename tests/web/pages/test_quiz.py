"""A quiz on the web pages: every question type, feedback, result, no answer counted twice."""

from __future__ import annotations

import re

from course.content import default_content_dir, load_course_cached
from course.engine.grading import correct_response
from progress import Store

from .conftest import sign_up


def course():
    return load_course_cached(default_content_dir())


def question_on(page: str, module: str = "forord"):
    qid = re.search(r'name="spoergsmaal" value="([^"]+)"', page).group(1)
    attempt = re.search(r'name="forsoeg" value="([^"]+)"', page).group(1)
    question = next(q for q in course().questions_for("forord", "skole") if q.id == qid)
    return attempt, question


def shown_options(page: str) -> list[str]:
    from html import unescape

    return [unescape(t) for t in re.findall(r'<label for="svar-\d+">(.*?)</label>', page)]


def right_fields(page: str, question) -> list[tuple[str, str]]:
    """The form fields that answer ``question`` right, read off the page as a user would."""
    from html import unescape

    right = correct_response(question)
    if question.type == "single":
        return [("svar", str(shown_options(page).index(right)))]
    if question.type == "multiple":
        shown = shown_options(page)
        return [("svar", str(shown.index(o))) for o in right]
    if question.type == "true_false":
        return [("svar", "sandt" if right else "falsk")]
    if question.type == "text":
        return [("svar", right)]
    if question.type == "matching":
        options = [unescape(o) for o in re.findall(r'<option value="\d+">(.*?)</option>',
                                                    page.split('id="par-0"')[1].split("</select>")[0])]
        return [(f"par-{n}", str(options.index(right[left])))
                for n, (left, _) in enumerate(question.pairs)]
    labels = [unescape(t) for t in re.findall(r'<label for="plads-\d+">(.*?)</label>', page)]
    return [(f"plads-{n}", str(right.index(item) + 1)) for n, item in enumerate(labels)]


async def test_every_question_type_is_answered_right_and_the_quiz_passed(browser, hold, data_dir):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    assert "Start quizzen" in browser.text()
    await browser.post("/modul/forord/quiz/start", {})
    kinds = set()
    for _ in range(20):
        if "/resultat" in browser.url:
            break
        attempt, question = question_on(browser.page)
        kinds.add(question.type)
        await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                       ("spoergsmaal", question.id),
                                                       *right_fields(browser.page, question)])
        assert "/svar/" in browser.url, browser.text()
        assert "Rigtigt" in browser.text()
        next_link = re.search(r'<a class="button" href="([^"]+)">(Næste spørgsmål|Se resultatet)',
                              browser.page).group(1)
        await browser.get(next_link)
    assert "resultat" in browser.title() and "Bestået" in browser.text()
    learner = Store(data_dir).learners()[0]
    facts = Store(data_dir).record(learner).facts()
    assert "forord" in facts.passed_quizzes()
    assert len(facts.attempts[-1]["answers"]) == len(facts.attempts[-1]["state"]["order"])


async def test_a_second_submit_of_an_answer_counts_once(browser, hold, data_dir):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    page = browser.page
    attempt, question = question_on(page)
    fields = [("forsoeg", attempt), ("spoergsmaal", question.id), *right_fields(page, question)]
    token = browser.token()
    await browser.post("/modul/forord/quiz/svar", fields, csrf=token)
    await browser.post("/modul/forord/quiz/svar", fields, csrf=token)  # back button, send again
    assert "allerede svaret" in browser.text()
    learner = Store(data_dir).learners()[0]
    answers = Store(data_dir).record(learner).facts().attempts[-1]["answers"]
    assert [a["question"] for a in answers] == [question.id]


async def test_an_answer_to_a_question_not_in_the_attempt_changes_nothing(browser, hold, data_dir):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    attempt, question = question_on(browser.page)
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", "ikke-et-spoergsmaal"),
                                                   ("svar", "0")])
    assert browser.status == 409 and "ikke er med i dit forsøg" in browser.text()
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", "gammelt"),
                                                   ("spoergsmaal", question.id)])
    assert browser.status == 409 and "Intet er gemt" in browser.text()
    learner = Store(data_dir).learners()[0]
    assert Store(data_dir).record(learner).facts().attempts[-1]["answers"] == []


async def test_a_changed_option_value_is_refused_in_danish(browser, hold):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    attempt, question = question_on(browser.page)
    bad = {"single": [("svar", "99")], "multiple": [("svar", "99")],
           "true_false": [("svar", "maaske")], "matching": [("par-0", "99")],
           "ordering": [("plads-0", "99")], "text": None}[question.type]
    if bad is None:
        return
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", question.id), *bad])
    assert browser.status == 400 and "Formularen er blevet ændret" in browser.text()


async def test_an_empty_answer_gets_an_error_tied_to_its_field(browser, hold):
    await sign_up(browser, hold)
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    attempt, question = question_on(browser.page)
    if question.type == "multiple":
        return  # an empty pick is an answer
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", question.id)])
    assert browser.status == 400
    assert "Der er et problem" in browser.text()
    assert browser.title().startswith("Fejl:")


async def test_an_expired_session_mid_quiz_signs_in_again_and_lands_in_the_quiz(browser, hold, data_dir):
    await sign_up(browser, hold, "Emil", "2468")
    await browser.get("/modul/forord/quiz")
    await browser.post("/modul/forord/quiz/start", {})
    attempt, question = question_on(browser.page)
    for path in (data_dir / "web" / "sessions").iterdir():  # the session ends
        path.unlink()
    await browser.post("/modul/forord/quiz/svar", [("forsoeg", attempt),
                                                   ("spoergsmaal", question.id),
                                                   ("tilbage", "/modul/forord/quiz"),
                                                   *right_fields(browser.page, question)])
    assert browser.status == 403 and "Din session er udløbet" in browser.text()
    await browser.get("/")
    await browser.post("/log-ind/kode", {"kode": hold.code})
    learner_id = re.search(r'value="([0-9a-f]{16})"', browser.page).group(1)
    await browser.post("/log-ind/navn", {"deltager": learner_id})
    await browser.post("/log-ind/pinkode", {"pinkode": "2468"})
    assert browser.url == "/modul/forord/quiz"
    assert question_on(browser.page) == (attempt, question)  # the same attempt, same question

