"""Words: the glossary, flashcards and the glossary quiz (as
:mod:`course.tui.screens.glossary`, ``flashcards`` and ``glossary_quiz``)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from course.content.model import Question, Term
from course.engine.grading import Response
from course.engine.quiz import QuizAttempt
from course.engine.views import Feedback, feedback, quiz_result
from progress import DamagedRecordError, Record

from .questions import run_questions
from .session import BACK_WORDS, Back, Session, listing, numbers, span
from .terminal import command_word
from .text import PROCENT, one_line, plural

if TYPE_CHECKING:  # the flashcards (and fsrs) are imported when the learner opens them
    from fsrs import Rating

    from course.engine.flashcards import Deck


def glossary(s: Session, query: str | None = "") -> None:
    """Look a word up; ``query`` "" asks for one (Enter lists every word)."""
    from course.engine.glossary import look_up

    term, course = s.term, s.course
    term.heading("Ordliste")
    asked = bool(query)
    while True:
        if not asked:
            query = term.ask("Skriv et ord, du vil slå op, tryk Enter for hele ordlisten, "
                             "eller skriv t for tilbage:",
                             help="Skriv hele ordet eller en del af det. Det er lige meget, "
                                  "om du skriver æ eller ae.", lookup=False)
            if command_word(query) in BACK_WORDS:
                return
        asked = False
        results = look_up(course, query or "")
        if not results:
            term.say(f"Ingen ord passer til »{one_line(query)}«. Prøv et andet ord.")
            continue
        if len(results) == 1:
            chosen = results[0]
        else:
            term.say(f"{plural(len(results), 'ord passer', 'ord passer')}:" if query else
                     f"Ordlisten har {len(results)} ord:")
            for n, found in enumerate(results, 1):
                term.say(f"{n}. {found.term}")
            answer = term.ask(f"Skriv nummeret på et ord ({span(len(results))}), et nyt ord "
                              "at søge efter, eller t for tilbage:", lookup=False,
                              help="Skriv tallet foran et ord for at læse om det, eller skriv et andet ord at "
                                   "søge efter. Det er lige meget, om du skriver æ eller ae.")
            word = command_word(answer)
            picked = numbers(answer)
            if word in BACK_WORDS:
                return
            if picked and len(picked) == 1 and 1 <= picked[0] <= len(results):
                chosen = results[picked[0] - 1]
            else:
                query, asked = answer, bool(answer)
                continue
        if not term_page(s, chosen):
            return


def show_term(s: Session, found: Term) -> None:
    """One word of the glossary: explanation, the policy's definition, an example."""
    from course.engine.glossary import modules_using, related_terms

    term, course = s.term, s.course
    term.heading(f"Ord: {found.term}")
    term.say(found.explanation)
    if found.definition:
        source = f", {course.section(found.source).title}" if found.source else ""
        term.say(f"Politikkens definition{source}:", f"»{found.definition}«")
    term.say(f"Eksempel: {found.example}")
    used = [m.title for m in modules_using(course, found.id)]
    if used:
        term.say(f"Bruges i: {listing(used)}.")
    related = related_terms(course, found.id)
    if related:
        term.say("Se også: " + listing([f"{n} {r.term}" for n, r in enumerate(related, 1)])
                 + ".")


def term_page(s: Session, found: Term) -> bool:
    """Show a word and follow "se også"; False when the learner goes back."""
    from course.engine.glossary import related_terms

    term = s.term
    while True:
        show_term(s, found)
        related = related_terms(s.course, found.id)
        extra = f"nummeret på et ord under Se også ({span(len(related))}), " if related else ""
        answer = term.ask(f"Skriv {extra}et nyt ord at slå op, eller tryk Enter for at gå "
                          "tilbage:", lookup=False, repeat=partial(show_term, s, found),
                          help="Skriv tallet foran et ord under Se også for at læse om det, "
                               "eller skriv et nyt ord at slå op. Tryk Enter for at gå "
                               "tilbage.")
        word = command_word(answer)
        picked = numbers(answer)
        if word in BACK_WORDS or word == "":
            return False
        if related and picked and len(picked) == 1 and 1 <= picked[0] <= len(related):
            found = related[picked[0] - 1]
            continue
        from course.engine.glossary import look_up

        results = look_up(s.course, answer)
        if len(results) == 1:
            found = results[0]
            continue
        if not results:
            term.say(f"Ingen ord passer til »{one_line(answer)}«.")
            continue
        term.say(f"{len(results)} ord passer:")
        for n, other in enumerate(results, 1):
            term.say(f"{n}. {other.term}")
        pick = term.ask(f"Skriv nummeret på et ord ({span(len(results))}), eller t for "
                        "tilbage:", lookup=False,
                        help="Skriv tallet foran det ord, du vil læse om.")
        chosen = numbers(pick)
        if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(results):
            found = results[chosen[0] - 1]
            continue
        return False


def load_deck(s: Session) -> Deck:
    from course.engine.flashcards import Deck

    try:
        cards, reviews = s.record.cards(), s.record.reviews()
    except DamagedRecordError as error:
        s.term.say(error.message)
        cards, reviews = [], []
    except OSError as exc:
        from course.files import danish_reason

        s.term.say(f"Dine kort kan ikke læses ({danish_reason(exc)}).")
        cards, reviews = [], []
    return Deck.for_course(s.course, s.learner.track, cards, reviews)


def flashcards(s: Session) -> None:
    from course.engine.flashcards import LABELS, RATINGS, format_interval

    term = s.term
    deck = load_deck(s)
    term.heading("Øv ord med kort")
    term.say("Du ser et ord og tænker over, hvad det betyder. Så ser du svaret og siger, "
             "hvor godt du huskede det. Ord, du har svært ved, kommer oftere igen.")
    while True:
        now = s.clock()
        found = deck.next_card(now)
        counts = deck.counts(now)
        if found is None:
            when = deck.describe_next(now)
            term.heading("Færdig for i dag.")
            term.say(f"Næste kort: {when}." if when else "Der er ingen kort at øve.")
            answer = term.ask("Skriv q for en ordquiz med de ord, du har sværest ved, eller "
                              "tryk Enter for at gå tilbage:",
                              help="Ordquizzen er til øvelse og tæller ikke med i "
                                   "modulerne.")
            if command_word(answer) in ("q", "quiz", "ordquiz"):
                glossary_quiz(s)
                deck = load_deck(s)
                continue
            return
        kind = "Nyt ord" if deck.is_new(found.id) else "Til gentagelse"
        term.heading(f"{counts.due} til gentagelse, {counts.new} "
                     f"{'nyt' if counts.new == 1 else 'nye'} tilbage i dag.")
        term.say(f"{kind}: {found.term}")
        answer = term.ask("Tænk over, hvad ordet betyder. Tryk Enter for at se svaret, eller "
                          "skriv t for tilbage:",
                          help="Tryk Enter for at vende kortet. Alt, du har øvet, er gemt.")
        if command_word(answer) in BACK_WORDS:
            return
        intervals = deck.preview(found.id, now)

        def back(found: Term = found, intervals: dict[Rating, timedelta] = intervals) -> None:
            term.heading(f"Svar: {found.term}")
            term.say(found.explanation)
            if found.definition:
                term.say("Politikkens definition:", f"»{found.definition}«")
            term.say(f"Eksempel: {found.example}")
            term.say("Hvor godt huskede du det?")
            for rating in RATINGS:
                term.say(f"{int(rating)}. {LABELS[rating]}: kortet kommer igen "
                         f"{format_interval(intervals[rating])}.")

        back()
        while True:
            answer = term.ask("Skriv 1, 2, 3 eller 4, eller t for tilbage:",
                              help="1 Igen: du kunne ikke huske det. 2 Svært: du huskede "
                                   "det med besvær. 3 Godt: du huskede det. 4 Let: du "
                                   "huskede det let.", repeat=back)
            word = command_word(answer)
            if word in BACK_WORDS:
                return
            if word in ("1", "2", "3", "4"):
                rating = int(word)
                break
            labels = {LABELS[r].casefold(): int(r) for r in RATINGS}
            if answer.strip().casefold() in labels:
                rating = labels[answer.strip().casefold()]
                break
            term.say("Skriv 1, 2, 3 eller 4.")
        card, review = deck.review(found.id, rating, s.clock())
        s.save(_saving_review(card, review), "Din gennemgang")


def _saving_review(card: dict[str, Any], review: dict[str, Any]) -> Callable[[Record], None]:
    """The write that stores one flashcard review (for :meth:`Session.save`)."""
    return lambda record: record.save_review(card, review)


def glossary_quiz(s: Session) -> None:
    from course.engine.glossary_quiz import build_glossary_quiz, feedback_reviews

    term, course = s.term, s.course
    while True:
        seed = secrets.randbits(32)
        deck = load_deck(s)
        quiz = build_glossary_quiz(course, deck, s.clock(), seed)
        attempt = QuizAttempt.start(quiz.questions, seed)
        missed: dict[str, None] = {}

        def answered(question: Question, response: Response) -> Feedback:
            grade = attempt.answer(question.id, response)
            for card, review in feedback_reviews(deck, question, response, s.clock()):
                missed[review["term"]] = None
                s.save(_saving_review(card, review), "Din gennemgang")
            return feedback(course, question, response, attempt.presentation(question.id),
                            grade)

        term.heading("Ordquiz")
        term.say("Ordquizzen er til øvelse. Den tæller ikke med i modulerne.")
        try:
            run_questions(s, attempt, "Ordquiz", answered)
        except Back:
            return
        term.heading("Resultat af ordquizzen")
        term.say(quiz_result(course, attempt).score_line(PROCENT))
        if missed:
            words = listing([course.term(t).term for t in missed])
            term.say(f"Ord at øve igen: {words}. De kommer snart igen blandt dine kort.")
        else:
            term.say("Alle ord rigtige. Godt klaret!")
        answer = term.ask("Skriv igen for en ny ordquiz, eller tryk Enter for at gå tilbage:",
                          help="En ny ordquiz tager de ord, du har sværest ved, først.")
        if command_word(answer) not in ("igen", "i", "r"):
            return
