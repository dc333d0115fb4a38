"""Decide once, render anywhere: every model of course.engine.views, rendered by the
terminal app, the plain mode and the HTML export, reads the same in each.

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
