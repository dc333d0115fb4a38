"""Decide once, render anywhere: every model of course.engine.views, rendered by the
terminal app, the plain mode and the HTML export, reads the same in each; the certificate
page (course.certificates.page) reads the same in the terminal, the plain mode and on the
web.

For each of the six question types a wrong answer to a real question, shown in an order
that is not the file's, is turned into a Feedback once; each front end renders it and
must show the same parts, in the same order, with the same marks, the same right answer,
the same why of each wrong option, explanation and source.
"""

from __future__ import annotations

import html
import re

import pytest

from course.content.model import QUESTION_TYPES, Course
from course.engine import kinds
from course.engine.quiz import QuizAttempt
from course.engine.scenario import ScenarioRun
from course.engine.views import (
    Feedback,
    choice_outcome,
    feedback,
    quiz_result,
    scenario_ending,
)


def tui_text(feedback_: Feedback) -> str:
    from course.tui.widgets.feedback import feedback_lines

    return "\n".join(line.plain for line in feedback_lines(feedback_))


def plain_text(feedback_: Feedback) -> str:
    from course.plain.text import feedback_lines

    return "\n".join(feedback_lines(feedback_))


def export_text(feedback_: Feedback) -> str:
    from course.export.html import answer_html

    return html.unescape(re.sub(r"<[^>]+>", "\n", answer_html(feedback_.key)))


def rendered(content: object) -> str:
    """A widget's content as the terminal shows it, 200 columns wide (no wrapping)."""
    from rich.console import Console

    if isinstance(content, str) or hasattr(content, "plain"):
        return str(content)
    console = Console(width=200, record=True, color_system=None)
    console.print(content)
    return console.export_text()


def in_order(text: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def wrong_answer(question) -> object:
    """A response that is not (fully) right, of the question's own shape."""
    kind = kinds.of(question)
    right = kind.correct_response(question)
    if question.type == "single":
        return next(o for o in question.options if o != right)
    if question.type == "multiple":
        wrong = [o for o in question.options if o not in right]
        return [right[0], *wrong[:1]]
    if question.type == "true_false":
        return not right
    if question.type == "matching":
        rights = [r for _, r in question.pairs]
        return {left: rights[(i + 1) % len(rights)] for i, (left, _) in enumerate(question.pairs)}
    if question.type == "ordering":
        return list(reversed(right))
    return "ved ikke"


def one_of_each(course: Course) -> dict:
    found = {}
    for quiz in course.quizzes:
        for question in quiz.questions:
            found.setdefault(question.type, (quiz.module, question))
    return found


@pytest.mark.parametrize("type_", QUESTION_TYPES)
def test_the_feedback_on_each_question_type_reads_the_same_everywhere(course: Course,
                                                                      type_: str) -> None:
    module_id, question = one_of_each(course)[type_]
    shown = list(reversed(kinds.of(question).parts(question)))
    model = feedback(course, question, wrong_answer(question), shown,
                     module=course.module(module_id))
    tui, plain, export = tui_text(model), plain_text(model), export_text(model)

    # the learner's answer, part by part in the order shown, each part marked
    assert in_order(tui, [p.text for p in model.answer]), tui
    assert in_order(plain, [p.spoken for p in model.answer]), plain
    if len(model.answer) > 1:
        for part in model.answer:
            mark = {True: "✔", False: "✘", None: "•"}[part.right]
            word = {True: " (rigtigt)", False: " (forkert)", None: ""}[part.right]
            assert f"{mark} {part.text}" in tui
            assert f"{part.spoken}{word}" in plain
    # the right answer, in the order shown, in all three
    assert in_order(tui, [p.text for p in model.key.right]), tui
    assert in_order(plain, [p.spoken for p in model.key.right]), plain
    assert in_order(export, [p.spoken.split(". ", 1)[-1] if model.key.numbered else p.spoken
                             for p in model.key.right]), export
    # the why of each wrong option chosen (the export, with no answer, names them all)
    for why in model.chosen_why_not:
        assert f"{why.heading} {why.why}" in tui and f"{why.heading} {why.why}" in plain
    for why in model.key.why_not:
        assert f"{why.heading} {why.why}" in export
    # the explanation; the quote or the source (the terminal shows them in a box of
    # their own, from the same key fields)
    for text in (tui, plain, export):
        assert model.key.explanation in text
    source = model.key.quote or model.key.section
    assert source in plain and source in export


def test_a_forgiven_typo_reads_the_same_in_the_terminal_and_the_plain_mode(
        course: Course) -> None:
    question = next(q for quiz in course.quizzes for q in quiz.questions
                    if q.type == "text" and len(q.accepted[0]) >= 8)
    typo = question.accepted[0][:-2] + question.accepted[0][-1]  # one letter left out
    model = feedback(course, question, typo)
    assert model.correct and model.spelling == question.accepted[0]
    assert model.headline() == f"Rigtigt – det staves »{question.accepted[0]}«"
    assert model.headline(" procent") == model.headline()  # no figure to say


def test_a_quiz_result_and_its_review_read_the_same(course: Course) -> None:
    from course.plain.text import result_lines
    from course.tui.screens.quiz import result_widgets

    module = next(m for m in course.modules if m.objectives and course.quiz(m.id))
    questions = list(course.quiz(module.id).questions)[:6]
    attempt = QuizAttempt.start(questions, 11)
    for question in attempt.questions:
        attempt.answer(question.id, wrong_answer(question))
    result = quiz_result(course, attempt, 80, module)
    tui = "\n".join(rendered(w.content) for w in result_widgets(result))
    plain = "\n".join(result_lines(result))
    assert result.review and not result.passed
    assert result.score_line() in tui and result.rule() in tui
    assert result.score_line(" procent") in plain and result.rule(" procent") in plain
    for text, form in ((tui, "text"), (plain, "spoken")):
        prompts = [f.key.prompt for f in result.review]
        assert in_order(text, prompts)
        for answer in result.review:  # every review names the why of a wrong pick
            for why in answer.chosen_why_not:
                assert f"{why.heading} {why.why}" in text
            for part in answer.answer:
                assert getattr(part, form) in text
    for objective in result.objectives:
        assert objective.text in tui and objective.points in tui
        assert objective.text in plain and objective.points in plain


def test_a_scenario_step_and_its_ending_read_the_same(course: Course) -> None:
    from course.export.html import render_pages
    from course.plain.text import ending_lines, outcome_lines
    from course.tui.widgets.feedback import effects_line

    module_id, scenario = next((q.module, s) for q in course.quizzes for s in q.scenarios
                               if any(c.effects for n in s.nodes for c in n.choices))
    run = ScenarioRun(scenario, seed=5)
    while not run.is_finished:
        index, _ = run.shown_choices()[0]
        step = run.choose(index)
        outcome = choice_outcome(course, step)
        plain = "\n".join(outcome_lines(outcome))
        tui = effects_line(outcome).plain
        page = html.unescape(render_pages(course)[f"scenarie-{scenario.id}.html"])
        for title in outcome.strengthens:
            assert title in tui and title in plain and title in page
        for title in outcome.weakens:
            assert title in tui and title in plain and title in page
        assert outcome.feedback in plain and outcome.feedback in page
        assert outcome.choice in page
    ending = scenario_ending(course, scenario, run)
    plain = "\n".join(ending_lines(ending))
    for line in ending.focus:
        assert f"{line.title}: {line.counts}" in plain
    assert f"Slutning: {ending.title}" in page


# --- the certificate page ------------------------------------------------------------------


def _rows(text: str) -> list[str]:
    """Text as rows with their runs of spaces made one (each front end lays out its own)."""
    return [" ".join(row.split()) for row in text.splitlines() if row.strip()]


def _web_rows(page: str) -> list[str]:
    """A web page's main part as rows: one per paragraph, list item or heading."""
    main = page.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"</?(p|li|h[1-6]|ul|ol|form|div)\b[^>]*>", "\n", main)
    return _rows(html.unescape(re.sub(r"<[^>]+>", " ", main)))


def _row_of(rows: list[str], *pieces: str, start: int = 0) -> int:
    """The first row from ``start`` holding every piece, in order."""
    for at in range(start, len(rows)):
        if in_order(rows[at], list(pieces)):
            return at
    raise AssertionError(f"no row with {pieces!r} after row {start}:\n" + "\n".join(rows))


def _assert_shows(rows: list[str], page, sign: str) -> None:
    """The headline, the explanation, every checklist line with its detail and steps in
    order, and every issued certificate's summary line, as the model words them."""
    at = _row_of(rows, page.headline)
    at = _row_of(rows, page.explanation(sign), start=at)
    for line in page.checklist:
        at = _row_of(rows, line.label, line.detail(sign), start=at + 1)
        for step in line.steps:
            at = _row_of(rows, step, start=at + 1)
    if page.issued:
        at = _row_of(rows, page.issued_heading, start=at + 1)
    for cert in page.issued:
        at = _row_of(rows, cert.summary(), start=at + 1)


@pytest.mark.slow
async def test_the_certificate_page_reads_the_same_everywhere(course: Course, data_dir,
                                                              monkeypatch) -> None:
    """Two employees, signed up on the web: Amira is half-way (one quiz failed), Bo has
    done it all and has two certificates, the first one revoked. The terminal, the plain
    mode and the web page each show what the one model says, line by line."""
    import io
    from datetime import UTC, datetime

    from aiohttp import CookieJar
    from aiohttp.test_utils import TestClient, TestServer

    from course.certificates.page import certificate_page, known_revocations
    from course.certificates.service import issue, revoke
    from course.plain.certificate import certificate
    from course.plain.session import Session
    from course.plain.terminal import Terminal
    from course.plain.text import PROCENT
    from course.web.server import CourseServer
    from progress import Store
    from progress.holds import HoldBook
    from tests.certificates.test_certificates import FINISHED, complete_module
    from tests.tui.helpers import make_app, screen_text
    from tests.web.pages.conftest import Browser, sign_up

    monkeypatch.delenv("MEDBORGER_PUBLIC_URL", raising=False)
    track = "medarbejder"
    hold = HoldBook(data_dir).create_hold("Nye medarbejdere", track)
    server = TestServer(await CourseServer(data_dir)._make_app())
    await server.start_server()
    browsers = []
    try:
        for name in ("Amira", "Bo Ærø"):
            browser = Browser(TestClient(server, cookie_jar=CookieJar(unsafe=True)))
            await browser.client.start_server()
            browsers.append(browser)
            await sign_up(browser, hold, name)
        store = Store(data_dir)
        amira, bo = store.find("Amira"), store.find("Bo Ærø")
        modules = course.modules_for(track)
        for module in modules[:4]:
            complete_module(course, store, amira, module.id)
        store.record(amira).save_attempt({
            "id": "attempt-failed", "module": modules[5].id, "started": FINISHED,
            "finished": FINISHED, "percent": 40.0, "passed": False})
        for module in modules:
            complete_module(course, store, bo, module.id)
        first = issue(course, store, bo, data_dir / "kursusbeviser")
        revoke(data_dir, first.code, "Udstedt ved en fejl")
        issue(course, store, bo, data_dir / "kursusbeviser")

        for learner, browser in zip((amira, bo), browsers):
            record = store.record(learner)
            page = certificate_page(course, track, record.facts(), record.certificates(),
                                    datetime.now(UTC), known_revocations(data_dir))
            if learner is amira:
                assert not page.eligible and not page.issued
                assert any(not line.done and line.steps for line in page.checklist)
                assert "Bestå quizzen (bedste resultat: 40 %)" in page.checklist[5].steps
            else:
                assert page.eligible and [c.state for c in page.issued] == [
                    "tilbagekaldt", "gyldigt"]
                assert all(line.detail().startswith("færdig, quiz ") for line in page.checklist)

            # the web page
            await browser.get("/kursusbevis")
            assert browser.status == 200
            _assert_shows(_web_rows(browser.page), page, " %")
            for cert in page.issued:
                assert f"/kursusbevis/{cert.code}.pdf" in browser.page

            # the plain mode
            out = io.StringIO()
            session = Session(course, store, Terminal(io.StringIO("\n"), out))
            session.sign_in(learner, store.record(learner))
            certificate(session)
            plain = _rows(out.getvalue())
            spoken = certificate_page(course, track, record.facts(), record.certificates(),
                                      datetime.now(UTC), known_revocations(data_dir), PROCENT)
            _assert_shows(plain, spoken, PROCENT)
            for cert in page.issued:
                assert f"PDF: {store.shown_path(cert.pdf)}" in plain

            # the terminal app
            app = make_app(course, data_dir)
            async with app.run_test(size=(160, 80)) as pilot:
                app.sign_in(learner)
                await pilot.pause()
                await pilot.press("b")
                await pilot.pause()
                tui = _rows("\n".join(screen_text(app)))
                _assert_shows(tui, page, " %")
                for cert in page.issued:
                    assert f"PDF: {store.shown_path(cert.pdf)}" in tui
    finally:
        for browser in browsers:
            await browser.client.close()
        await server.close()
