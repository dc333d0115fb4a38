"""Grading: every question type right, wrong, partly right and malformed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.engine.grading import (
    MAX_SCORE,
    Grade,
    correct_response,
    describe_response,
    fold_text,
    grade,
    is_well_formed,
)

from .strategies import (
    matching,
    multiple,
    ordering,
    plausible,
    questions,
    reordered,
    responses,
    single,
    text,
    true_false,
)

RIGHT = Grade(1.0, 1.0, True)
WRONG = Grade(0.0, 1.0, False)

PROPERTY = settings(max_examples=200, deadline=None)


# --- single, true/false ---------------------------------------------------------------


def test_single_right_and_wrong() -> None:
    q = single(options=("a", "b", "c"), answer="b")
    assert grade(q, "b") == RIGHT
    assert grade(q, "a") == WRONG


def test_true_false_right_and_wrong() -> None:
    assert grade(true_false(answer=False), False) == RIGHT
    assert grade(true_false(answer=False), True) == WRONG
    assert grade(true_false(answer=True), True) == RIGHT


# --- multiple -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("picks", "score", "correct"),
    [
        (["a", "b"], 1.0, True),
        (["b", "a"], 1.0, True),
        (["a"], 0.5, False),
        (["a", "b", "c"], 0.5, False),  # two right, one wrong: (2 - 1) / 2
        (["a", "c"], 0.0, False),
        (["c", "d"], 0.0, False),  # never below 0
        (["a", "b", "c", "d"], 0.0, False),
        ([], 0.0, False),
        (["a", "a"], 0.5, False),  # a repeated pick counts once
        (("a", "b"), 1.0, True),  # a tuple is read as a list
    ],
)
def test_multiple_partial_credit(picks: list[str], score: float, correct: bool) -> None:
    assert grade(multiple(), picks) == Grade(score, 1.0, correct)


def test_multiple_with_three_right_options() -> None:
    q = multiple(options=("a", "b", "c", "d"), answers=("a", "b", "c"))
    assert grade(q, ["a", "b"]).score == pytest.approx(2 / 3)
    assert grade(q, ["a", "b", "d"]).score == pytest.approx(1 / 3)


# --- matching -------------------------------------------------------------------------


def test_matching_right_partly_right_and_wrong() -> None:
    q = matching()
    assert grade(q, {"a": "1", "b": "2", "c": "3", "d": "4"}) == RIGHT
    assert grade(q, {"a": "1", "b": "2", "c": "4", "d": "3"}) == Grade(0.5, 1.0, False)
    assert grade(q, {"a": "2", "b": "1", "c": "4", "d": "3"}) == WRONG


def test_matching_lefts_not_yet_matched_count_as_wrong() -> None:
    q = matching()
    assert grade(q, {"a": "1"}) == Grade(0.25, 1.0, False)
    assert grade(q, {"a": "1", "b": None}) == Grade(0.25, 1.0, False)
    assert grade(q, {}) == WRONG


def test_matching_the_same_right_twice() -> None:
    assert grade(matching(), {"a": "1", "b": "1"}) == Grade(0.25, 1.0, False)


# --- ordering -------------------------------------------------------------------------


def test_ordering_share_in_place() -> None:
    q = ordering(items=("a", "b", "c", "d"))
    assert grade(q, ["a", "b", "c", "d"]) == RIGHT
    assert grade(q, ["a", "b", "d", "c"]) == Grade(0.5, 1.0, False)
    assert grade(q, ["b", "c", "d", "a"]) == WRONG
    assert grade(q, ["d", "b", "c", "a"]) == Grade(0.5, 1.0, False)


# --- text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "nærdemokrati",
        "Nærdemokrati",
        "NÆRDEMOKRATI",
        "Naerdemokrati",
        "naerdemokrati",
        "  nærdemokrati  ",
        "nærdemokrati.",
        "Nærdemokrati!",
        "«nærdemokrati»?",
        "\tnærdemokrati ,",
    ],
)
def test_text_folding_accepts(typed: str) -> None:
    assert grade(text(accepted=("nærdemokrati",)), typed) == RIGHT


def test_text_folding_works_both_ways() -> None:
    assert grade(text(accepted=("Naerdemokrati",)), "nærdemokrati") == RIGHT
    assert grade(text(accepted=("søndag",)), "soendag") == RIGHT
    assert grade(text(accepted=("soendag",)), "Søndag") == RIGHT
    assert grade(text(accepted=("Ishøj Å",)), "ishoej aa") == RIGHT
    assert grade(text(accepted=("å",)), "Å") == RIGHT
    # a decomposed å (a + combining ring) is the same letter
    assert grade(text(accepted=("å",)), "a\u030a") == RIGHT


def test_text_inner_whitespace_collapses() -> None:
    q = text(accepted=("at være forskellig",))
    assert grade(q, "at   være\tforskellig") == RIGHT
    assert grade(q, "at være  forskellig.") == RIGHT
    assert grade(q, "atværeforskellig") == WRONG


def test_text_any_accepted_answer() -> None:
    q = text(accepted=("forskellighed", "at være forskellig"))
    assert grade(q, "Forskellighed") == RIGHT
    assert grade(q, "at være forskellig") == RIGHT
    assert grade(q, "lighed") == WRONG
    assert grade(q, "") == WRONG


def test_text_inner_punctuation_still_counts() -> None:
    assert grade(text(accepted=("nærdemokrati",)), "nær-demokrati") == WRONG


def test_fold_text() -> None:
    assert fold_text("  «Ærø, Åbenrå!»  ") == "aeroe, aabenraa"
    assert fold_text("...") == ""


# --- malformed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (single(), None),
        (single(), "x"),  # not an option
        (single(), ["a"]),
        (single(), 0),
        (multiple(), "a"),
        (multiple(), ["a", "x"]),  # an unknown option spoils the response
        (multiple(), ["a", 1]),
        (multiple(), {"a": "b"}),
        (multiple(), None),
        (true_false(), "true"),
        (true_false(), 1),
        (true_false(), None),
        (matching(), ["a", "1"]),
        (matching(), {"a": "1", "x": "2"}),  # unknown left
        (matching(), {"a": "1", "b": "x"}),  # unknown right
        (matching(), {"a": 1}),
        (matching(), None),
        (ordering(), ["a", "b", "c"]),  # an item missing
        (ordering(), ["a", "b", "c", "d", "d"]),
        (ordering(), ["a", "b", "c", "x"]),
        (ordering(), "abcd"),
        (ordering(), None),
        (text(), None),
        (text(), ["nærdemokrati"]),
        (text(), 42),
    ],
)
def test_malformed_responses_grade_zero(question, response) -> None:
    assert grade(question, response) == WRONG
    assert not is_well_formed(question, response)
    assert describe_response(question, response) in ("Intet svar", "Ugyldigt svar")


def test_malformed_would_have_scored_partial_credit() -> None:
    # without the unknown option this would be fully right
    assert grade(multiple(), ["a", "b", "x"]) == WRONG


# --- correct response and description -------------------------------------------------


def test_correct_response_per_type() -> None:
    assert correct_response(single(answer="b")) == "b"
    assert correct_response(multiple(options=("d", "b", "a"), answers=("a", "b"))) == ["b", "a"]
    assert correct_response(true_false(answer=False)) is False
    assert correct_response(matching(pairs=(("a", "1"), ("b", "2")))) == {"a": "1", "b": "2"}
    assert correct_response(ordering(items=("x", "y"))) == ["x", "y"]
    assert correct_response(text(accepted=("ja", "jo"))) == "ja"


def test_describe_response() -> None:
    assert describe_response(true_false(), True) == "Sandt"
    assert describe_response(true_false(), False) == "Falsk"
    assert describe_response(single(), "b") == "b"
    assert describe_response(multiple(), ["c", "a"]) == "a; c"
    assert describe_response(multiple(), []) == "Intet valgt"
    assert describe_response(matching(pairs=(("a", "b"), ("c", "d"))), {"c": "d", "a": "b"}) == (
        "a → b; c → d"
    )
    assert describe_response(matching(pairs=(("a", "b"), ("c", "d"))), {"a": "d"}) == (
        "a → d; c → (ikke valgt)"
    )
    assert describe_response(ordering(items=("x", "y", "z")), ["y", "x", "z"]) == "1. y  2. x  3. z"
    assert describe_response(text(), "  nær  demokrati ") == "nær demokrati"
    assert describe_response(text(), "   ") == "Tomt svar"
    assert describe_response(text(), None) == "Intet svar"
    assert describe_response(single(), "x") == "Ugyldigt svar"


# --- properties -----------------------------------------------------------------------


@PROPERTY
@given(st.data())
def test_any_response_scores_between_zero_and_max(data: st.DataObject) -> None:
    question = data.draw(questions())
    result = grade(question, data.draw(responses(question)))
    assert result.max_score == MAX_SCORE == 1.0
    assert 0.0 <= result.score <= result.max_score
    assert result.correct == (result.score == result.max_score)
    assert isinstance(describe_response(question, data.draw(responses(question))), str)


@PROPERTY
@given(questions())
def test_correct_response_scores_max_and_is_json(question) -> None:
    response = correct_response(question)
    assert grade(question, response) == RIGHT
    assert grade(question, json.loads(json.dumps(response))) == RIGHT
    assert is_well_formed(question, response)


@PROPERTY
@given(st.data())
def test_grading_ignores_display_order(data: st.DataObject) -> None:
    question = data.draw(questions())
    response = data.draw(plausible(question))
    assert grade(reordered(question, data), response) == grade(question, response)
    if isinstance(response, list) and question.type == "multiple":
        assert grade(question, data.draw(st.permutations(response))) == grade(question, response)
    if isinstance(response, dict):
        assert grade(question, dict(reversed(response.items()))) == grade(question, response)


@PROPERTY
@given(st.data())
def test_plausible_responses_are_well_formed_and_json_safe(data: st.DataObject) -> None:
    question = data.draw(questions())
    response = data.draw(plausible(question))
    assert is_well_formed(question, response)
    assert grade(question, json.loads(json.dumps(response))) == grade(question, response)


@PROPERTY
@given(questions(kind="ordering"), st.data())
def test_ordering_score_counts_items_in_place(question, data: st.DataObject) -> None:
    order = data.draw(st.permutations(question.items))
    in_place = sum(a == b for a, b in zip(order, question.items, strict=True))
    assert grade(question, list(order)).score == pytest.approx(in_place / len(question.items))


@PROPERTY
@given(questions(kind="multiple"), st.data())
def test_multiple_correct_only_for_exact_set(question, data: st.DataObject) -> None:
    picks = data.draw(st.lists(st.sampled_from(question.options), unique=True))
    assert grade(question, picks).correct == (set(picks) == set(question.answers))


@PROPERTY
@given(st.text(max_size=20))
def test_fold_text_is_idempotent(value: str) -> None:
    assert fold_text(fold_text(value)) == fold_text(value)
