"""The glossary engine: folding, Danish order, search, related words, where a word is used."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.content.model import Course, Term
from course.engine.glossary import (
    danish_key,
    fold,
    match_span,
    modules_using,
    related_terms,
    search,
    sorted_terms,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nærdemokrati", "naerdemokrati"),
        ("NÆRMILJØ", "naermiljoe"),
        ("Integrationsrådet", "integrationsraadet"),
        ("Intégration", "integration"),
        ("  social   isolation ", "social isolation"),
        ("Ømhed Åen Ærø", "oemhed aaen aeroe"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize("query", ["naer", "NAER", "nær", "NÆR", "Nær", " naerdemo "])
def test_match_span_finds_the_word_however_it_is_typed(query: str) -> None:
    assert match_span("nærdemokrati", query) is not None


def test_match_span_points_into_the_original_text() -> None:
    assert match_span("Nærdemokrati", "naer") == (0, 3)  # "Nær"
    assert match_span("Integrationsrådet", "raad") == (12, 15)  # "råd"
    assert match_span("social isolation", "l iso") == (5, 10)
    assert match_span("Intégration", "integ") == (0, 5)
    assert match_span("tolerance", "xyz") is None
    assert match_span("tolerance", "   ") is None


@given(st.text(max_size=30), st.text(min_size=1, max_size=5))
@pytest.mark.slow
def test_match_span_agrees_with_fold(text: str, query: str) -> None:
    span = match_span(text, query)
    if fold(query) and fold(query) in fold(text):
        assert span is not None
        start, end = span
        assert fold(query) in fold(text[start:end])
    else:
        assert span is None


def test_danish_order_puts_ae_oe_aa_after_z() -> None:
    words = ["ål", "øl", "æble", "zebra", "abe", "Æg", "østers", "ære", "Ørn", "året"]
    assert sorted(words, key=danish_key) == [
        "abe", "zebra", "æble", "Æg", "ære", "øl", "Ørn", "østers", "ål", "året",
    ]
    # Accents do not move a word out of its letter.
    assert sorted(["ez", "éa", "eb"], key=danish_key) == ["éa", "eb", "ez"]


def test_sorted_terms_is_the_whole_glossary_in_danish_order(course: Course) -> None:
    names = [term.term for term in sorted_terms(course)]
    assert len(names) == len(course.glossary)
    assert names.index("foreningsliv") < names.index("fællesskab") < names.index("inklusion")
    assert names.index("nærmiljø") < names.index("parallelsamfund")
    assert names[0] == "anerkendelse" and names[-1] == "vision"
    assert names == sorted(names, key=danish_key)


@pytest.mark.parametrize("query", ["naer", "NAER", "nær", "NÆR"])
def test_search_ignores_case_and_danish_letters(course: Course, query: str) -> None:
    found = [term.id for term in search(course, query)]
    assert found[:2] == ["naerdemokrati", "naermiljoe"]


def test_search_lists_name_matches_before_explanation_matches(course: Course) -> None:
    found = [term.id for term in search(course, "naer")]
    # "ejerskab" is explained with "nærdemokratiet" but is not named with "nær".
    assert "ejerskab" in found
    assert found.index("ejerskab") > found.index("naermiljoe")


def test_short_queries_look_only_at_names(course: Course) -> None:
    found = search(course, "in")
    assert found and all("in" in fold(term.term) for term in found)


def test_search_ignores_accents() -> None:
    term = Term(id="integration", term="integration", explanation="x", example="y")
    course = _course_with(term)
    assert [t.id for t in search(course, "Intégration")] == ["integration"]


def test_empty_search_gives_every_term(course: Course) -> None:
    assert search(course, "  ") == sorted_terms(course)
    assert search(course, "zzzz") == []


def test_related_terms_in_glossary_order(course: Course) -> None:
    related = [term.id for term in related_terms(course, "anerkendelse")]
    assert related == list(course.term("anerkendelse").related)
    assert all(other != "anerkendelse" for other in related)


def test_modules_using_follows_pages_and_quizzes_in_course_order(course: Course) -> None:
    using = [module.id for module in modules_using(course, "naerdemokrati")]
    assert using, "nærdemokrati is taught somewhere"
    order = [module.id for module in course.modules]
    assert using == sorted(using, key=order.index)
    for module_id in using:
        module = course.module(module_id)
        quiz = course.quiz(module_id)
        quiz_terms = {t for q in quiz.questions for t in q.terms} if quiz else set()
        assert "naerdemokrati" in module.terms or "naerdemokrati" in quiz_terms
    # Every page that lists the word makes its module count.
    for module in course.modules:
        if "naerdemokrati" in module.terms:
            assert module.id in using


def test_every_term_is_used_somewhere(course: Course) -> None:
    assert [t.id for t in course.glossary if not modules_using(course, t.id)] == []


def _course_with(*terms: Term) -> Course:
    return Course(
        title="t", policy_title="p", modules=(), tracks=(), focus_areas=(), sections=(),
        glossary=terms,
    )
