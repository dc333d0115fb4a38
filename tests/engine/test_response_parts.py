"""An answer of several parts, one part a line, and on one line never ".;"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.engine.grading import correct_response, describe_response, response_parts

from .strategies import matching, multiple, ordering, questions, responses, single, true_false

SENTENCES = (("Mette", "Hun hjælper i foreningen."), ("Ali", "Han stemmer til kommunalvalget."))


def test_parts_of_each_kind_of_answer() -> None:
    question = matching(pairs=SENTENCES)
    assert response_parts(question, dict(SENTENCES)) == [
        "Mette → Hun hjælper i foreningen.", "Ali → Han stemmer til kommunalvalget."]
    assert response_parts(multiple(), ["b", "a"]) == ["a", "b"]
    assert response_parts(multiple(), []) == ["Intet valgt"]
    assert response_parts(ordering(items=("x", "y")), ["y", "x"]) == ["1. y", "2. x"]
    assert response_parts(single(), "b") == ["b"]
    assert response_parts(true_false(), True) == ["Sandt"]
    assert response_parts(single(), None) == ["Intet svar"]


def test_sentences_on_one_line_are_not_run_together() -> None:
    question = matching(pairs=SENTENCES)
    text = describe_response(question, dict(SENTENCES))
    assert ".;" not in text
    assert text == "Mette → Hun hjælper i foreningen. Ali → Han stemmer til kommunalvalget."
    mixed = matching(pairs=(("a", "En sætning."), ("b", "ingen")))
    assert describe_response(mixed, {"a": "En sætning.", "b": "ingen"}) == (
        "a → En sætning. b → ingen.")
    options = multiple(options=("Hun hjælper.", "Han stemmer.", "c"), answers=("Hun hjælper.",))
    assert ".;" not in describe_response(options, ["Hun hjælper.", "Han stemmer."])


@settings(max_examples=200)
@given(st.data())
@pytest.mark.slow
def test_never_dot_semicolon(data) -> None:
    question = data.draw(questions())
    response = data.draw(st.one_of(responses(question), st.just(correct_response(question))))
    assert ".;" not in describe_response(question, response)
    assert all(isinstance(part, str) and part for part in response_parts(question, response))
