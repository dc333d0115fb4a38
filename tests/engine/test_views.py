"""The models every front end renders (course.engine.views): computed once, in the order
the learner saw the options, each part marked."""

from __future__ import annotations

import pytest

from course.content.model import Course, Section
from course.engine import kinds
from course.engine.kinds.base import example_numbers
from course.engine.quiz import QuizAttempt
from course.engine.views import answer_key, feedback, pass_rule, quiz_result

from .strategies import matching, multiple, ordering, single, text, true_false


@pytest.fixture
def course() -> Course:
    return Course(title="K", policy_title="P", modules=(), tracks=(), focus_areas=(),
                  sections=(Section("forord", "Forord"),), glossary=())


def test_multiple_choice_marks_each_ticked_option_in_the_order_shown(course: Course) -> None:
    question = multiple(options=("a", "b", "c", "d"), answers=("a", "b"),
                        why=(("c", "c er forkert"),))
    shown = ["d", "c", "b", "a"]
    found = feedback(course, question, ["a", "c", "b"], shown)
    assert [(p.text, p.right) for p in found.answer] == [("c", False), ("b", True), ("a", True)]
    assert [p.text for p in found.key.right] == ["b", "a"]  # the order shown, not the file's
    assert found.verdict == "partly" and found.headline() == "Delvist rigtigt (50 %)"
    assert found.headline(" procent") == "Delvist rigtigt (50 procent)"
    assert [w.heading for w in found.chosen_why_not] == ["Hvorfor ikke »c«?"]
    assert found.key.right_label == "Rigtige svar"


def test_matching_marks_every_line(course: Course) -> None:
    question = matching(pairs=(("A", "1"), ("B", "2")))
    found = feedback(course, question, {"A": "2", "B": "1"}, ["2", "1"])
    assert [(p.text, p.spoken, p.right) for p in found.answer] == [
        ("A → 2", "A: 2", False), ("B → 1", "B: 1", False)]
    assert found.verdict == "wrong" and found.icon == "✘"


def test_ordering_marks_each_place(course: Course) -> None:
    question = ordering(items=("x", "y", "z"))
    found = feedback(course, question, ["x", "z", "y"], ["z", "y", "x"])
    assert [(p.text, p.right) for p in found.answer] == [
        ("1. x", True), ("2. z", False), ("3. y", False)]
    assert found.key.numbered


def test_a_forgiven_typo_is_corrected(course: Course) -> None:
    question = text(accepted=("forskellighed",))
    found = feedback(course, question, "forskellihed")
    assert found.correct and found.spelling == "forskellighed"
    assert found.headline() == "Rigtigt – det staves »forskellighed«"
    exact = feedback(course, question, "Forskellighed!")
    assert exact.correct and exact.spelling is None and exact.headline() == "Rigtigt"


def test_single_choice_and_true_false_are_one_part(course: Course) -> None:
    question = single(options=("a", "b", "c"), answer="a", why=(("b", "fordi"),))
    found = feedback(course, question, "b", ["c", "b", "a"])
    assert [p.text for p in found.answer] == ["b"] and found.answer[0].right is None
    assert [(w.option, w.why) for w in found.chosen_why_not] == [("b", "fordi")]
    assert feedback(course, true_false(answer=False), True).answer[0].text == "Sandt"


def test_the_answer_key_lists_every_why_in_the_order_shown(course: Course) -> None:
    question = single(options=("a", "b", "c"), answer="a", why=(("b", "B"), ("c", "C")))
    key = answer_key(course, question, ["c", "a", "b"])
    assert [w.option for w in key.why_not] == ["c", "b"]
    assert key.section == "Forord" and key.quote is None


def test_a_quiz_result_reviews_every_answer_and_words_the_rule(course: Course) -> None:
    questions = [single(qid="s1"), single(qid="s2")]
    attempt = QuizAttempt.start(questions, 3)
    attempt.answer("s1", "a")
    attempt.answer("s2", "b")
    result = quiz_result(course, attempt, 80)
    assert [f.key.question_id for f in result.answers] == list(attempt.question_ids)
    assert [f.key.question_id for f in result.review] == ["s2"]
    assert not result.passed and result.word == "Ikke bestået"
    assert result.rule() == pass_rule(80) == "Der skal 80 % rigtige til at bestå."
    assert result.score_line(" procent") == "Du fik 1 af 2 point (50 procent)."


def test_every_kind_is_registered_once_per_type() -> None:
    from course.content.model import QUESTION_TYPES

    assert sorted(kinds.KINDS) == sorted(QUESTION_TYPES)
    with pytest.raises(TypeError):
        kinds.of(object())


def test_a_typing_example_is_never_the_answer() -> None:
    assert example_numbers(3, [3, 2, 1]) != [3, 2, 1]
    question = ordering(items=("x", "y", "z"))
    prompt, _ = kinds.of(question).typed_prompt(question, ["z", "y", "x"])
    assert "fx 3 2 1" not in prompt  # 3 2 1 is the answer when shown backwards
