"""Grading: every question type right, wrong, partly right and malformed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content.model import SingleChoice
from course.engine.grading import (
    MAX_SCORE,
    Grade,
    correct_response,
    describe_response,
    fold_text,
    grade,
    is_well_formed,
    text_matches,
    within_one_edit,
    wrong_picks,
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


def test_text_inner_punctuation_counts_as_an_edit() -> None:
    # one inserted hyphen is one typo in a long word; two are not
    assert grade(text(accepted=("nærdemokrati",)), "nær-demokrati") == RIGHT
    assert grade(text(accepted=("nærdemokrati",)), "nær-demo-krati") == WRONG
    # in a short word nothing is forgiven
    assert grade(text(accepted=("ret",)), "r-et") == WRONG


# --- text: one typo in answers of six letters or more ----------------------------------


@pytest.mark.parametrize(
    ("accepted", "typed", "right"),
    [
        ("ejerfølelse", "ejerfølese", True),  # a letter left out
        ("ejerfølelse", "ejerføllelse", True),  # a letter doubled
        ("ejerfølelse", "ejerfolelse", True),  # ø typed as o (oe -> o: one deletion)
        ("nærdemokrati", "nærdemokarti", True),  # two neighbours swapped
        ("nærdemokrati", "nærdemakrati", True),  # one letter replaced
        ("nærdemokrati", "nærdemakarti", False),  # two typos
        ("ansvar", "ansvr", True),  # six letters: forgiven
        ("ansvar", "answar", True),
        ("lighed", "ligehd", True),
        ("dialog", "dialgo", True),
        ("hjælp", "hjælp", True),  # 6 letters once folded (hjaelp)
        ("hjælp", "hjalp", True),
        ("pligt", "plikt", False),  # five letters: typed exactly
        ("ret", "ræt", False),
        ("ansvar", "", False),
        ("ansvar", "ansvarlighed", False),
    ],
)
def test_one_typo_is_forgiven_in_long_answers(accepted: str, typed: str, right: bool) -> None:
    assert (grade(text(accepted=(accepted,)), typed) == RIGHT) is right
    assert text_matches(typed, accepted) is right


def test_typo_rule_checks_each_accepted_answer() -> None:
    q = text(accepted=("ejerskab", "ejerfølelse"))
    assert grade(q, "ejerskb") == RIGHT
    assert grade(q, "ejerfølesle") == RIGHT
    assert grade(q, "ejer") == WRONG


_letters = st.text(alphabet="abcdefghijklmnoprstuvy", min_size=1, max_size=14)


def _one_edit(word: str, kind: int, at: int, letter: str) -> str:
    at = at % (len(word) + 1)
    if kind == 0:  # insert
        return word[:at] + letter + word[at:]
    at = min(at, len(word) - 1)
    if kind == 1:  # delete
        return word[:at] + word[at + 1:]
    if kind == 2:  # replace
        return word[:at] + letter + word[at + 1:]
    at = min(at, len(word) - 2)  # swap neighbours
    return word[:at] + word[at + 1] + word[at] + word[at + 2:] if len(word) > 1 else word


@PROPERTY
@given(_letters, st.integers(0, 3), st.integers(0, 20), st.sampled_from("abcdefghijklmnoprstuvy"))
def test_any_single_edit_of_a_long_answer_is_accepted(word: str, kind: int, at: int, letter: str) -> None:
    typed = _one_edit(word, kind, at, letter)
    q = text(accepted=(word,))
    if (len(word) >= 6 and typed) or typed == word:
        assert grade(q, typed) == RIGHT
    else:  # a short answer must be typed exactly
        assert grade(q, typed) == WRONG


@PROPERTY
@given(_letters, _letters)
def test_within_one_edit_agrees_with_a_full_damerau_levenshtein(a: str, b: str) -> None:
    assert within_one_edit(a, b) is (_osa_distance(a, b) <= 1)
    assert within_one_edit(a, b) is within_one_edit(b, a)


@PROPERTY
@given(_letters.filter(lambda w: len(w) >= 6), st.integers(0, 3), st.integers(0, 20),
       st.sampled_from("abcdefghijklmnoprstuvy"), st.integers(0, 3), st.integers(0, 20),
       st.sampled_from("abcdefghijklmnoprstuvy"))
def test_two_edits_are_accepted_only_when_they_cancel_to_one(
    word: str, k1: int, a1: int, l1: str, k2: int, a2: int, l2: str
) -> None:
    typed = _one_edit(_one_edit(word, k1, a1, l1), k2, a2, l2)
    expected = _osa_distance(typed, word) <= 1 and bool(typed)
    assert (grade(text(accepted=(word,)), typed) == RIGHT) is expected


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


# --- why a wrong option is wrong -------------------------------------------------------


def test_wrong_picks_single_gives_the_chosen_wrong_option_and_its_why() -> None:
    q = single(options=("a", "b", "c"), answer="a", why=(("b", "Fordi b."), ("c", "Fordi c.")))
    assert wrong_picks(q, "b") == [("b", "Fordi b.")]
    assert wrong_picks(q, "a") == []
    assert wrong_picks(q, "x") == []  # malformed
    assert wrong_picks(q, None) == []


def test_wrong_picks_multiple_gives_every_ticked_wrong_option_in_option_order() -> None:
    q = multiple(options=("a", "b", "c", "d"), answers=("a",), why=(("d", "Fordi d."), ("b", "Fordi b.")))
    assert wrong_picks(q, ["d", "a", "b"]) == [("b", "Fordi b."), ("d", "Fordi d.")]
    assert wrong_picks(q, ["c"]) == [("c", None)]  # no why written (old content)
    assert wrong_picks(q, ["a"]) == []


def test_wrong_picks_is_empty_for_other_types() -> None:
    assert wrong_picks(true_false(answer=True), False) == []
    assert wrong_picks(text(), "forkert") == []


@PROPERTY
@given(questions(), st.data())
def test_wrong_picks_never_names_a_right_option(question, data) -> None:
    response = data.draw(plausible(question))
    for option, _why in wrong_picks(question, response):
        if isinstance(question, SingleChoice):
            assert option != question.answer
        else:
            assert option not in question.answers


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
@pytest.mark.slow
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
@pytest.mark.slow
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
