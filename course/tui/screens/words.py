"""What the two screens for practising words share: the learner's deck and the clock.

The flashcard screen (:mod:`.flashcards`) and the glossary quiz (:mod:`.glossary_quiz`)
both read the learner's cards and reviews into a :class:`~course.engine.flashcards.Deck`
and both schedule by the same clock. They live here, so that neither screen imports the
other for them: the flashcard screen opens the glossary quiz (Q), and that is the only
way one screen module refers to the other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from course.engine.flashcards import Deck
from progress import DamagedRecordError


def load_deck(app) -> Deck:
    """The learner's deck from their record; a damaged file is reported and reads as new."""
    try:
        cards, reviews = app.record.cards(), app.record.reviews()
    except DamagedRecordError as error:
        app.report_damage(error)
        cards, reviews = [], []
    except OSError as exc:  # unreadable (permissions, a share gone): say so, go on empty
        from course.files import danish_reason

        app.notify(f"Dine kort kan ikke læses ({danish_reason(exc)}).", severity="error",
                   timeout=15, markup=False)
        cards, reviews = [], []
    return Deck.for_course(app.course, app.learner.track, cards, reviews)


def utc_now() -> datetime:
    """The clock both screens schedule by (a test replaces it here, once for both)."""
    return datetime.now(UTC)


def clock() -> datetime:
    """:func:`utc_now`, looked up when called, so a replaced clock reaches screens
    already open."""
    return utc_now()
