"""Flashcards over the glossary, scheduled with FSRS (spaced repetition).

One card per glossary term. The learner's record keeps each card's FSRS state as a
*card doc* ``{"id": term_id, **fsrs.Card.to_dict()}`` and a log of *review docs*
(see :meth:`Deck.review`). A :class:`Deck` is built from those docs and the course's
terms; it answers what to show next and how many cards are left today, and turns a
rating into the new card doc and a review doc for ``Record.save_review``.

What a day holds:

- **due** cards: a card in the Review state is due on the (local) day its due time falls
  on or before; a card still being learnt (Learning, Relearning) is due from
  ``learn_ahead`` (20 minutes) before its due time, so a card rated *Igen* comes back in
  the same sitting instead of ending the session a minute early;
- **new** cards: terms never reviewed, in the order the learner's track meets them, up
  to ``new_per_day`` (10) a day. Every review of a card that was new counts as an
  introduction, whether it came from the flashcards or from a glossary quiz.

The order shown: cards already past their due time (most overdue first), then new cards,
then cards due later today (soonest first).

Time is always passed in (``now``, timezone-aware), so tests control it; "today" is the
calendar day in ``tz`` (the machine's local time zone unless given). Fuzzing (a small
random spread of long intervals, which keeps cards learnt together from staying
together) can be turned off for deterministic tests.

Robustness: a card doc whose term is no longer in the glossary is ignored, and a doc
that cannot be read as a card makes its term a new card again.

Nothing here imports a user interface.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from course.content.model import Course, Term

__all__ = [
    "LABELS",
    "NEW_PER_DAY",
    "RATINGS",
    "Counts",
    "Deck",
    "format_interval",
    "rating_from",
    "struggle_order",
]

NEW_PER_DAY = 10
LEARN_AHEAD = timedelta(minutes=20)

RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
LABELS: dict[Rating, str] = {
    Rating.Again: "Igen",
    Rating.Hard: "Svært",
    Rating.Good: "Godt",
    Rating.Easy: "Let",
}
STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
NEW = "new"
"""``state_before`` of the review that introduced a card."""


def rating_from(value: Rating | int | str) -> Rating:
    """A rating from a Rating, its number 1-4 or its Danish label ("Igen" … "Let")."""
    if isinstance(value, str):
        for rating, label in LABELS.items():
            if label.casefold() == value.strip().casefold():
                return rating
        raise ValueError(f"not a rating: {value!r}")
    return Rating(int(value))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds")


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return _utc(moment) if moment.tzinfo is not None else None


def _card_from_doc(doc: Mapping[str, Any]) -> Card | None:
    """The FSRS card in a stored doc, or None when the doc is not a usable card."""
    try:
        card = Card.from_dict(doc)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return None
    if card.due.tzinfo is None or (card.last_review is not None and card.last_review.tzinfo is None):
        return None
    if card.state in (State.Learning, State.Relearning) and not isinstance(card.step, int):
        return None
    card.due = _utc(card.due)
    if card.last_review is not None:
        card.last_review = _utc(card.last_review)
    return card


def _card_id(term_id: str) -> int:
    """A stable number for a term's card (FSRS wants an int; the store keys by term id)."""
    return zlib.crc32(term_id.encode("utf-8"))


@dataclass(frozen=True)
class Counts:
    """What is left today: cards to go over again and new cards still to meet."""

    due: int
    new: int

    @property
    def total(self) -> int:
        return self.due + self.new

    def describe(self) -> str:
        """ "3 til gentagelse · 7 nye tilbage i dag" (Danish, for the learner)."""
        return f"{self.due} til gentagelse · {self.new} {'ny' if self.new == 1 else 'nye'} tilbage i dag"


def format_interval(delta: timedelta) -> str:
    """A Danish "om …" for a time ahead: "om 1 minut", "om 3 timer", "om 4 dage" (whole
    words: a screen reader says "min" as a word)."""
    seconds = max(0.0, delta.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "nu"
    if minutes < 60:
        n = round(minutes)
        return f"om {n} {'minut' if n == 1 else 'minutter'}"
    hours = minutes / 60
    if hours < 23.5:
        n = round(hours)
        return f"om {n} {'time' if n == 1 else 'timer'}"
    days = hours / 24
    if days < 30:
        n = max(1, round(days))
        return f"om {n} {'dag' if n == 1 else 'dage'}"
    if days < 365:
        n = max(1, round(days / 30.44))
        return f"om {n} {'måned' if n == 1 else 'måneder'}"
    n = max(1, round(days / 365.25))
    return f"om {n} år"


class Deck:
    """The learner's flashcards over a list of glossary terms (see the module docstring).

    ``terms`` is the order new cards are introduced in. ``cards`` and ``reviews`` are the
    docs from the learner's record (``Record.cards()``, ``Record.reviews()``).
    """

    def __init__(
        self,
        terms: Sequence[Term],
        cards: Iterable[Mapping[str, Any]] = (),
        reviews: Iterable[Mapping[str, Any]] = (),
        *,
        new_per_day: int = NEW_PER_DAY,
        learn_ahead: timedelta = LEARN_AHEAD,
        tz: tzinfo | None = None,
        fuzzing: bool = True,
    ) -> None:
        self.terms: dict[str, Term] = {term.id: term for term in terms}
        self.new_per_day = new_per_day
        self.learn_ahead = learn_ahead
        self.tz = tz
        self.scheduler = Scheduler(enable_fuzzing=fuzzing)
        self._preview_scheduler = Scheduler(enable_fuzzing=False)
        self._cards: dict[str, Card] = {}
        for doc in cards:
            if not isinstance(doc, Mapping):
                continue
            term_id = doc.get("id")
            if term_id not in self.terms:
                continue  # the term was removed from the glossary
            card = _card_from_doc(doc)
            if card is not None:
                self._cards[term_id] = card
        self._reviews: list[dict[str, Any]] = [dict(r) for r in reviews if isinstance(r, Mapping)]

    @classmethod
    def for_course(cls, course: Course, track_id: str | None = None,
                   cards: Iterable[Mapping[str, Any]] = (), reviews: Iterable[Mapping[str, Any]] = (),
                   **options: Any) -> Deck:
        """A deck over the whole glossary, new cards in the order the track's modules use them."""
        return cls(course_order(course, track_id), cards, reviews, **options)

    # -- the cards ---------------------------------------------------------------------

    def card(self, term_id: str) -> Card | None:
        """The FSRS card of a term, or None while the term is new."""
        return self._cards.get(term_id)

    def is_new(self, term_id: str) -> bool:
        return term_id not in self._cards

    def card_doc(self, term_id: str) -> dict[str, Any] | None:
        card = self._cards.get(term_id)
        return None if card is None else {"id": term_id, **card.to_dict()}

    @property
    def reviews(self) -> list[dict[str, Any]]:
        """The review log, oldest first (including reviews made through this deck)."""
        return list(self._reviews)

    # -- today -------------------------------------------------------------------------

    def _day_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        local = now.astimezone(self.tz) if self.tz is not None else now.astimezone()
        start = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
        # Tomorrow's midnight, computed on the calendar, not by adding 24 hours (DST).
        end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)
        return _utc(start), _utc(end)

    def introduced_today(self, now: datetime) -> int:
        """How many cards met for the first time today (reviews whose card was new)."""
        start, end = self._day_bounds(now)
        terms = set()
        for review in self._reviews:
            at = _parse_time(review.get("reviewed_at"))
            if review.get("state_before") == NEW and at is not None and start <= at < end:
                terms.add(review.get("term"))
        return len(terms)

    def _due_today(self, card: Card, now: datetime) -> bool:
        if card.state == State.Review:
            return card.due < self._day_bounds(now)[1]
        return card.due <= now + self.learn_ahead

    def _new_terms(self, now: datetime) -> list[str]:
        left = max(0, self.new_per_day - self.introduced_today(now))
        return [term_id for term_id in self.terms if term_id not in self._cards][:left]

    def queue(self, now: datetime) -> list[str]:
        """The term ids left today, in the order they are shown."""
        now = _utc(now)
        due = [(card.due, term_id) for term_id, card in self._cards.items()
               if self._due_today(card, now)]
        overdue = sorted(item for item in due if item[0] <= now)
        later = sorted(item for item in due if item[0] > now)
        return ([term_id for _, term_id in overdue] + self._new_terms(now)
                + [term_id for _, term_id in later])

    def next_card(self, now: datetime) -> Term | None:
        """The term to show now, or None when the day's cards are done."""
        queue = self.queue(now)
        return self.terms[queue[0]] if queue else None

    def counts(self, now: datetime) -> Counts:
        now = _utc(now)
        due = sum(1 for card in self._cards.values() if self._due_today(card, now))
        return Counts(due=due, new=len(self._new_terms(now)))

    def next_due(self, now: datetime) -> datetime | None:
        """When the next card is due after today's are done (UTC), or None if there is none.

        New cards held back by the daily limit count as due at the start of tomorrow.
        """
        now = _utc(now)
        times = [card.due for card in self._cards.values()]
        if any(term_id not in self._cards for term_id in self.terms):
            times.append(self._day_bounds(now)[1])
        return min(times, default=None)

    def describe_next(self, now: datetime) -> str | None:
        """When the next card is due, in Danish: "om 10 minutter", "i morgen", "om 3 dage"."""
        moment = self.next_due(now)
        if moment is None:
            return None
        now = _utc(now)
        _, end_of_today = self._day_bounds(now)
        _, end_of_tomorrow = self._day_bounds(end_of_today)
        if end_of_today <= moment < end_of_tomorrow:
            return "i morgen"
        return format_interval(moment - now)

    # -- reviewing ---------------------------------------------------------------------

    def _current(self, term_id: str, now: datetime) -> Card:
        if term_id not in self.terms:
            raise KeyError(term_id)
        card = self._cards.get(term_id)
        return card if card is not None else Card(card_id=_card_id(term_id), due=now)

    def preview(self, term_id: str, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card comes back, for each rating (without fuzzing)."""
        now = _utc(now)
        card = self._current(term_id, now)
        return {rating: self._preview_scheduler.review_card(card, rating, now)[0].due - now
                for rating in RATINGS}

    def review(self, term_id: str, rating: Rating | int | str, now: datetime,
               source: str = "flashcards") -> tuple[dict[str, Any], dict[str, Any]]:
        """Rate a card; return ``(card_doc, review_doc)`` for ``Record.save_review``.

        The review doc: ``term``, ``rating`` (1-4), ``label`` (Danish), ``reviewed_at``
        (UTC, ISO 8601), ``state_before`` ("new", "learning", "review", "relearning"),
        ``state_after``, ``due`` (UTC, ISO 8601) and ``source`` ("flashcards", or
        "glossary-quiz" for an answer in a glossary quiz). The deck itself is updated too.
        """
        rating = rating_from(rating)
        now = _utc(now)
        before = self._cards.get(term_id)
        card, _ = self.scheduler.review_card(self._current(term_id, now), rating, now)
        self._cards[term_id] = card
        review = {
            "term": term_id,
            "rating": int(rating),
            "label": LABELS[rating],
            "reviewed_at": _iso(now),
            "state_before": NEW if before is None else STATE_NAMES[before.state],
            "state_after": STATE_NAMES[card.state],
            "due": _iso(card.due),
            "source": source,
        }
        self._reviews.append(review)
        return self.card_doc(term_id), dict(review)  # type: ignore[return-value]

    # -- how well a term is known --------------------------------------------------------

    def history(self, term_id: str) -> list[dict[str, Any]]:
        return [r for r in self._reviews if r.get("term") == term_id]

    def lapses(self, term_id: str) -> int:
        """Times the term was forgotten after it had been learnt (Igen on a learnt card)."""
        return sum(1 for r in self.history(term_id)
                   if r.get("rating") == int(Rating.Again)
                   and r.get("state_before") in ("review", "relearning"))


def course_order(course: Course, track_id: str | None = None) -> list[Term]:
    """The glossary in the order the track's modules (or all modules) use the terms,
    then the terms no page uses, in glossary order."""
    modules = course.modules_for(track_id) if track_id else course.modules
    order: dict[str, None] = {}
    for module in modules:
        order.update(dict.fromkeys(t for t in module.terms if t not in order))
    known = {term.id for term in course.glossary}
    ids = [t for t in order if t in known] + [t.id for t in course.glossary if t.id not in order]
    return [course.term(t) for t in ids]


def struggle_order(deck: Deck, now: datetime, tiebreak: Sequence[str] | None = None) -> list[str]:
    """The deck's term ids, the ones the learner struggles with first.

    1. last rated Igen or Svært (more lapses first);
    2. forgotten at least once since being learnt (more lapses first);
    3. never reviewed;
    4. the rest, the least well remembered now first (FSRS retrievability).

    Ties keep the order of ``tiebreak`` (default: the deck's order).
    """
    now = _utc(now)
    position = {t: i for i, t in enumerate(tiebreak if tiebreak is not None else deck.terms)}

    def key(term_id: str) -> tuple[int, float, int]:
        history = deck.history(term_id)
        lapses = deck.lapses(term_id)
        card = deck.card(term_id)
        score: float
        if history and history[-1].get("rating") in (int(Rating.Again), int(Rating.Hard)):
            tier, score = 0, -lapses
        elif lapses:
            tier, score = 1, -lapses
        elif card is None:
            tier, score = 2, 0.0
        else:
            tier, score = 3, deck.scheduler.get_card_retrievability(card, now)
        return tier, score, position.get(term_id, len(position))

    return sorted(deck.terms, key=key)
