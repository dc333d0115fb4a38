"""A whole track taken on the web pages, step by step with »Fortsæt«, up to a
certificate that verifies."""

from __future__ import annotations

import re

import pytest

from course.certificates.credential import VALID
from course.certificates.service import verify_code
from course.content import default_content_dir, load_course_cached
from progress import Store

from .conftest import sign_up
from .test_quiz import right_fields

pytestmark = pytest.mark.slow


def question_in(page: str):
    qid = re.search(r'name="spoergsmaal" value="([^"]+)"', page).group(1)
    attempt = re.search(r'name="forsoeg" value="([^"]+)"', page).group(1)
    course = load_course_cached(default_content_dir())
    for module in course.modules:
        for question in course.questions_for(module.id, "skole"):
            if question.id == qid:
                return attempt, question
    raise AssertionError(qid)


async def test_a_whole_track_on_the_web_ends_in_a_certificate_that_verifies(
        browser, hold, data_dir):
    await sign_up(browser, hold, "Hassan Hel", "8080")
    for _ in range(400):
        await browser.get("/oversigt")
        if "Du har gennemført forløbet" in browser.text():
            break
        await browser.get("/fortsaet")
        path = browser.url
        if "/quiz" in path:
            if "Start quizzen" in browser.page or "Start et nyt forsøg" in browser.page:
                await browser.post(re.search(r'action="(/modul/[^"]+/quiz/start)"',
                                             browser.page).group(1), {})
            while 'name="spoergsmaal"' in browser.page:
                attempt, question = question_in(browser.page)
                module = path.split("/")[2]
                await browser.post(f"/modul/{module}/quiz/svar", [
                    ("forsoeg", attempt), ("spoergsmaal", question.id),
                    *right_fields(browser.page, question)])
                assert "Rigtigt" in browser.text(), browser.text()
                await browser.get(re.search(r'<a class="button" href="([^"]+)">',
                                            browser.page).group(1))
        elif "/scenarie/" in path:
            for _ in range(40):
                if "Slutning:" in browser.text():
                    break
                run = re.search(r'name="spil" value="([^"]+)"', browser.page).group(1)
                node = re.search(r'name="knude" value="([^"]+)"', browser.page).group(1)
                await browser.post(f"{path}/valg", {"spil": run, "knude": node, "valg": "1"})
                await browser.get(re.search(r'<a class="button" href="([^"]+)">',
                                            browser.page).group(1))
        else:  # a lesson: read page by page, as a learner turns them
            for _ in range(20):
                found = re.search(r'<a class="button" href="(/modul/[^"]+/side/\d+)">Næste side',
                                  browser.page)
                if not found:
                    break
                await browser.get(found.group(1))
    else:
        await browser.get("/kursusbevis")
        raise AssertionError("the track was not finished: " + browser.text()[:1500])
    await browser.get("/kursusbevis")
    assert "Du har gennemført" in browser.text()
    await browser.post("/kursusbevis", {})
    code = re.search(r"Koden er (ISH-[A-Z0-9-]+)\.", browser.text()).group(1)
    assert verify_code(Store(data_dir), code).state == VALID
