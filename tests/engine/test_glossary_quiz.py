"""Glossary quizzes: valid questions the engine grades, struggling terms first, seeded."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from fsrs import Rating

from course.content import load_course
from course.content.model import Course, Matching, TextAnswer
from course.engine.flashcards import Deck
from course.engine.glossary_quiz import (
    BLANK,
    QUIZ_ID,
    SOURCE,
    blank_term,
    build_glossary_quiz,
    feedback_reviews,
    missed_terms,
)
from course.engine.grading import correct_response, grade
from course.engine.quiz import QuizAttempt

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def new_deck(course: Course) -> Deck:
    return Deck.for_course(course, "medarbejder", fuzzing=False, tz=UTC)


def test_questions_are_gradeable_and_well_formed(real_course: Course) -> None:
    course = real_course
    quiz = build_glossary_quiz(course, new_deck(course), NOW, seed=7)
    assert quiz.module == QUIZ_ID and course.quiz(QUIZ_ID) is None  # never a module's quiz
    kinds = [type(q) for q in quiz.questions]
    assert kinds.count(TextAnswer) == 4 and kinds.count(Matching) == 1
    sections = {s.id for s in course.sections}
    glossary = {t.id for t in course.glossary}
    for question in quiz.questions:
        assert question.source in sections
        assert set(question.terms) <= glossary and question.terms
        assert question.tracks == ()
        assert grade(question, correct_response(question)).correct
        assert missed_terms(question, correct_response(question)) == ()
    for question in quiz.questions:
        if isinstance(question, TextAnswer):
            term = course.term(question.terms[0])
            assert term.term in question.accepted
            assert grade(question, term.term.upper() + "!").correct
            assert not grade(question, "noget helt andet").correct
            assert question.quote == term.definition
        else:
            assert len(question.pairs) == 4
            assert [left for left, _ in question.pairs] == [course.term(t).term for t in question.terms]

    attempt = QuizAttempt.start(quiz.questions, seed=7)
    for question in attempt.questions:
        attempt.answer(question.id, correct_response(question))
    assert attempt.is_finished and attempt.percent == 100.0


def test_the_validator_accepts_the_questions(real_course: Course, tmp_path: Path) -> None:
    """Written into a quiz file, the generated questions pass `medborger validate`'s checks
    (sections, policy quotes, glossary references, answer shapes)."""
    quiz = build_glossary_quiz(real_course, new_deck(real_course), NOW, seed=3)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "modules", content / "modules")
    shutil.copytree(ROOT / "quizzes", content / "quizzes")
    path = content / "quizzes" / "ordliste.yaml"
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader)
    for question in quiz.questions:
        doc = {"id": question.id, "type": question.type, "prompt": question.prompt,
               "explanation": question.explanation, "source": question.source,
               "terms": list(question.terms),
               "objective": real_course.module("ordliste").objectives[0].id}  # schema v2
        if question.quote:
            doc["quote"] = question.quote
        if isinstance(question, TextAnswer):
            doc["accepted"] = list(question.accepted)
        else:
            doc["pairs"] = [{"left": left, "right": right} for left, right in question.pairs]
        data["questions"].append(doc)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    loaded = load_course(content)
    ids = {q.id for q in loaded.quiz("ordliste").questions}
    assert {q.id for q in quiz.questions} <= ids


def test_struggling_terms_come_first(real_course: Course) -> None:
    course = real_course
    deck = new_deck(course)
    everything = list(deck.terms)
    # Every term known well, except three: one forgotten, one hard, one never seen.
    for term_id in everything:
        if term_id != "fordomme":
            deck.review(term_id, Rating.Easy, NOW - timedelta(days=30))
    deck.review("tolerance", Rating.Again, NOW - timedelta(days=1))
    deck.review("ledestjerne", Rating.Hard, NOW - timedelta(days=1))
    for seed in range(5):
        quiz = build_glossary_quiz(course, deck, NOW, seed=seed)
        typed = [q.terms[0] for q in quiz.questions if isinstance(q, TextAnswer)]
        assert set(typed[:3]) == {"tolerance", "ledestjerne", "fordomme"}
        assert typed[2] == "fordomme"  # the two rated Igen/Svært before the unseen one


def test_same_seed_same_quiz(real_course: Course) -> None:
    deck = new_deck(real_course)
    first = build_glossary_quiz(real_course, deck, NOW, seed=42)
    assert build_glossary_quiz(real_course, deck, NOW, seed=42) == first
    others = {build_glossary_quiz(real_course, deck, NOW, seed=s).questions for s in range(8)}
    assert len(others) > 1


def test_a_wrong_answer_sends_the_term_back_as_igen(real_course: Course) -> None:
    course = real_course
    deck = new_deck(course)
    quiz = build_glossary_quiz(course, deck, NOW, seed=1)
    text = next(q for q in quiz.questions if isinstance(q, TextAnswer))
    matching = next(q for q in quiz.questions if isinstance(q, Matching))

    (card, review), = feedback_reviews(deck, text, "forkert", NOW)
    assert review["term"] == text.terms[0] and card["id"] == text.terms[0]
    assert review["label"] == "Igen" and review["source"] == SOURCE
    assert deck.queue(NOW + timedelta(minutes=2))[0] == text.terms[0]
    assert feedback_reviews(deck, text, text.accepted[0], NOW) == []

    # Matching: only the lines matched to the wrong partner count as missed.
    (l1, r1), (l2, r2), *rest = matching.pairs
    response = {l1: r2, l2: r1, **{left: right for left, right in rest}}
    assert missed_terms(matching, response) == matching.terms[:2]
    assert missed_terms(matching, None) == matching.terms
    reviews = feedback_reviews(deck, matching, response, NOW)
    assert [r["term"] for _, r in reviews] == list(matching.terms[:2])


@pytest.mark.parametrize(("text", "term", "blanked", "words"), [
    ("En fordom er en mening.", "fordomme", f"En {BLANK} er en mening.", ["fordom"]),
    ("Holdet er et fællesskab, og fællesskaber er gode.", "fællesskab",
     f"Holdet er et {BLANK}, og {BLANK} er gode.", ["fællesskab", "fællesskaber"]),
    ("Lokalrådet mødes i lokalområdet.", "lokalråd", f"{BLANK} mødes i lokalområdet.",
     ["Lokalrådet"]),
    ("Uden social isolation.", "social isolation", f"Uden {BLANK} {BLANK}.",
     ["social", "isolation"]),
])
def test_blanking_a_term(text: str, term: str, blanked: str, words: list[str]) -> None:
    assert blank_term(text, term) == (blanked, words)
