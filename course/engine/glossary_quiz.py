"""Quiz questions drawn from the glossary, the words the learner struggles with first.

:func:`build_glossary_quiz` makes a :class:`~course.content.model.Quiz` that
:class:`course.engine.quiz.QuizAttempt` runs like any module quiz:

- one **text** question per chosen term: its explanation (or its example, when the
  example uses the word) with the word blanked out; the learner types the word. Accepted
  are the term itself and the forms of it the blanked text used ("fordom" for
  "fordomme"), compared as the grader folds text (case, æ/ae, ø/oe, å/aa);
- one **matching** question: the next few terms against the first sentence of their
  explanation (the term blanked there too).

Which terms: :func:`course.engine.flashcards.struggle_order` (last rated Igen/Svært,
forgotten before, never reviewed, then the least well remembered), ties broken by
``random.Random(seed)``, so the same seed and the same record give the same quiz.

A wrong answer feeds back into the flashcards: :func:`missed_terms` says which terms
an answer got wrong (every term of a wrong text answer; the unmatched lines of a
matching), and :func:`feedback_reviews` records each as an *Igen* review of that term's
card (source "glossary-quiz"), so the card comes back within minutes, and a learnt card
counts a lapse. Right answers are not recorded as reviews: a quiz is a different test
from recalling the word unprompted, and it should not push a card's next review further
away. A glossary quiz is practice: it is not saved as a quiz attempt and does not count
towards any module or certificate.

Nothing here imports a user interface.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from typing import Any

from fsrs import Rating

from course.content.model import Course, Matching, Question, Quiz, Term, TextAnswer

from . import kinds
from .flashcards import Deck, struggle_order
from .grading import fold_text, grade

__all__ = [
    "BLANK",
    "QUIZ_ID",
    "SOURCE",
    "blank_term",
    "build_glossary_quiz",
    "feedback_reviews",
    "missed_terms",
    "term_source",
]

QUIZ_ID = "ordquiz"
"""The ``Quiz.module`` of a glossary quiz; no module has this id."""
SOURCE = "glossary-quiz"
"""The ``source`` of the reviews a glossary quiz records."""
BLANK = "_____"

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def blank_term(text: str, term: str) -> tuple[str, list[str]]:
    """``text`` with every form of ``term`` replaced by a blank, and the words blanked.

    A word is a form of the term when it shares a long enough start with one of the
    term's words: all of a short word, else all but its last two letters and at least
    five ("fordom" and "fordomme", "fællesskabet" and "fællesskab").
    """
    words = [w.casefold() for w in _WORD.findall(term) if len(w) >= 3]
    blanked: list[str] = []

    def form(word: str) -> bool:
        folded = word.casefold()
        return any(_common_prefix(folded, w) >= min(len(w), max(5, len(w) - 2)) for w in words)

    def replace(match: re.Match[str]) -> str:
        if form(match.group()):
            blanked.append(match.group())
            return BLANK
        return match.group()

    return _WORD.sub(replace, text), blanked


def _accepted(term: Term, blanked: list[str]) -> tuple[str, ...]:
    """The term, its spellings with a hyphen or closed up, and the blanked forms of it."""
    candidates = [term.term]
    if " " in term.term:
        candidates += [term.term.replace(" ", "-"), term.term.replace(" ", "")]
    else:
        # A form the text used, if it is the whole word and not a longer compound.
        candidates += [w for w in blanked
                       if abs(len(w) - len(term.term)) <= 3
                       and _common_prefix(w.casefold(), term.term.casefold()) >= len(w) - 3]
    seen: dict[str, str] = {}
    for candidate in candidates:
        seen.setdefault(fold_text(candidate), candidate)
    return tuple(seen.values())


def term_source(course: Course, term: Term) -> str:
    """A policy section for a term: its own, else the first module (a section) using it."""
    if term.source:
        return term.source
    sections = {section.id for section in course.sections}
    for module in course.modules:
        if module.id in sections and term.id in module.terms:
            return module.id
    return course.sections[0].id


def _text_question(course: Course, term: Term, rng: random.Random) -> TextAnswer:
    example, example_blanks = blank_term(term.example, term.term)
    explanation, explanation_blanks = blank_term(term.explanation, term.term)
    if example_blanks and rng.random() < 0.5:
        prompt = f"Skriv det ord, der mangler i eksemplet: {example}"
        blanked = example_blanks
    elif explanation_blanks:
        prompt = f"Skriv det ord, der mangler i forklaringen: {explanation}"
        blanked = explanation_blanks
    else:
        prompt = f"Skriv det ord, der bliver forklaret her: {explanation}"
        blanked = []
    return TextAnswer(
        id=f"{QUIZ_ID}-ord-{term.id}",
        prompt=prompt,
        explanation=f"{term.term}: {term.explanation}",
        source=term_source(course, term),
        quote=term.definition,
        terms=(term.id,),
        tracks=(),
        accepted=_accepted(term, blanked),
    )


def _short_explanation(term: Term) -> str:
    first = _SENTENCE_END.split(term.explanation.strip(), maxsplit=1)[0].rstrip(".")
    return blank_term(first, term.term)[0]


def _matching_question(course: Course, terms: list[Term]) -> Matching | None:
    pairs: list[tuple[str, str]] = []
    used: list[str] = []
    rights: set[str] = set()
    for term in terms:
        right = _short_explanation(term)
        if right in rights or term.term in (left for left, _ in pairs):
            continue
        rights.add(right)
        pairs.append((term.term, right))
        used.append(term.id)
    if len(pairs) < 2:
        return None
    return Matching(
        id=f"{QUIZ_ID}-par",
        prompt="Sæt hvert ord sammen med sin forklaring.",
        explanation=("Forklaringerne er fra kursets ordliste. De ord, du ikke ramte, "
                     "kommer snart igen, når du øver ord."),
        source=term_source(course, terms[0]),
        quote=None,
        terms=tuple(used),  # in the order of the pairs (see missed_terms)
        tracks=(),
        pairs=tuple(pairs),
    )


def build_glossary_quiz(course: Course, deck: Deck, now: datetime, seed: int, *,
                        text_questions: int = 4, matching_terms: int = 4) -> Quiz:
    """A quiz over the terms the learner struggles with most (see the module docstring).

    ``text_questions`` terms get a typed-answer question each; the next
    ``matching_terms`` terms make one matching question (left out when fewer than two
    terms are left).
    """
    rng = random.Random(seed)
    shuffled = list(deck.terms)
    rng.shuffle(shuffled)
    order = [deck.terms[t] for t in struggle_order(deck, now, tiebreak=shuffled)]
    questions: list[Question] = [_text_question(course, term, rng)
                                 for term in order[:text_questions]]
    matching = _matching_question(course, order[text_questions:text_questions + matching_terms])
    if matching is not None:
        questions.append(matching)
    return Quiz(module=QUIZ_ID, questions=tuple(questions))


def missed_terms(question: Question, response: Any) -> tuple[str, ...]:
    """The glossary terms an answer to a glossary-quiz question got wrong."""
    kind = kinds.of(question)
    if not kind.well_formed(question, response):
        return question.terms
    parts = kind.answer_parts(question, response, [])
    if len(parts) == len(question.terms) > 1:  # a term a part (the matching): mark by mark
        return tuple(term for term, (_, _, right) in zip(question.terms, parts) if not right)
    return () if grade(question, response).correct else question.terms


def feedback_reviews(deck: Deck, question: Question, response: Any,
                     now: datetime) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Rate every term the answer missed *Igen*; ``(card_doc, review_doc)`` pairs to save."""
    return [deck.review(term_id, Rating.Again, now, source=SOURCE)
            for term_id in missed_terms(question, response) if term_id in deck.terms]
