"""The glossary: Danish alphabetical order, forgiving search, related words, where used.

Searching *folds* text so that the learner finds a word however they type it: lower case,
æ read as ae, ø as oe and å as aa, accents dropped (é → e, ü → u) and runs of spaces made
one. "naer", "NÆR" and "nær" all find "nærdemokrati".

This is not :func:`course.engine.grading.fold_text`: that one keeps accents and trims
punctuation at the ends (it compares whole answers), while search needs accents gone and
a character-by-character mapping back to the original text, to highlight the match.

Nothing here knows about any user interface.
"""

from __future__ import annotations

import unicodedata

from course.content.model import Course, Module, Term

from .grading import DANISH_LETTERS

__all__ = [
    "danish_key",
    "fold",
    "look_up",
    "match_span",
    "modules_using",
    "related_terms",
    "search",
    "sorted_terms",
]

# Sorting: æ, ø and å come after z (and ä, ö sort as æ, ø, as in Danish dictionaries).
# The stand-ins are the three characters after "z" in ASCII, so they sort after it.
_SORT_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})

# A search shorter than this looks only at the names: one or two letters are found in
# almost every explanation.
MIN_TEXT_QUERY = 3


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_char(char: str) -> str:
    return _strip_accents(char.casefold().translate(DANISH_LETTERS))


def fold(text: str) -> str:
    """``text`` in the form searches compare: see the module docstring."""
    return " ".join(_strip_accents(text.casefold().translate(DANISH_LETTERS)).split())


def match_span(text: str, query: str) -> tuple[int, int] | None:
    """Where the folded ``query`` occurs in ``text``, as (start, end) indexes into ``text``.

    None when it does not occur, or when the query is empty. ``match_span("Nærdemokrati",
    "naer")`` is ``(0, 3)``: "Nær", which "naer" stands for.
    """
    wanted = fold(query)
    if not wanted:
        return None
    folded: list[str] = []
    origin: list[int] = []  # origin[i]: the index in text of the i-th folded character
    for index, char in enumerate(text):
        piece = " " if char.isspace() else _fold_char(char)
        if piece == " " and folded and folded[-1] == " ":
            continue  # runs of spaces fold to one
        folded.extend(piece)
        origin.extend([index] * len(piece))
    start = "".join(folded).find(wanted)
    if start < 0:
        return None
    return origin[start], origin[start + len(wanted) - 1] + 1


def danish_key(text: str) -> tuple[str, str]:
    """Sort key for Danish alphabetical order: a–z, then æ, ø, å; accents ignored."""
    letters = _strip_accents(text.casefold().translate(_SORT_LETTERS))
    return letters, text


def sorted_terms(course: Course) -> list[Term]:
    """Every glossary term, in Danish alphabetical order of its name."""
    return sorted(course.glossary, key=lambda term: danish_key(term.term))


def search(course: Course, query: str) -> list[Term]:
    """Terms matching ``query``: names containing it first, then terms explained with it.

    Both groups are in Danish alphabetical order. An empty query gives every term. The
    explanations and the policy's definitions are searched only for queries of at least
    :data:`MIN_TEXT_QUERY` letters.
    """
    wanted = fold(query)
    terms = sorted_terms(course)
    if not wanted:
        return terms
    by_name = [term for term in terms if wanted in fold(term.term)]
    if len(wanted) < MIN_TEXT_QUERY:
        return by_name
    named = {term.id for term in by_name}
    by_text = [
        term for term in terms
        if term.id not in named
        and any(wanted in fold(text) for text in (term.explanation, term.definition or ""))
    ]
    return by_name + by_text


def look_up(course: Course, query: str) -> list[Term]:
    """What a look-up of ``query`` opens: the one term named exactly so (folded) when
    there is one, else every term :func:`search` finds ("nærdemokrati" opens
    »nærdemokrati«, not a list of it and the words explained with it)."""
    found = search(course, query)
    wanted = fold(query)
    exact = [term for term in found if wanted and fold(term.term) == wanted]
    return exact if len(exact) == 1 else found


def related_terms(course: Course, term_id: str) -> list[Term]:
    """The terms ``term_id`` points to as related, in the order the glossary gives them."""
    ids = {term.id for term in course.glossary}
    related = course.term(term_id).related
    return [course.term(other) for other in dict.fromkeys(related) if other in ids and other != term_id]


def modules_using(course: Course, term_id: str) -> list[Module]:
    """Modules whose lesson pages or quiz questions use ``term_id``, in course order."""
    found = []
    for module in course.modules:
        quiz = course.quiz(module.id)
        in_quiz = quiz is not None and any(term_id in q.terms for q in quiz.questions)
        if term_id in module.terms or in_quiz:
            found.append(module)
    return found
