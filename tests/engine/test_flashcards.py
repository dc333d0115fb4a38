"""The flashcard deck: what comes when, daily limits, and state that survives a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Rating

from course.content.model import Course, Term
from course.engine.flashcards import (
    LABELS,
    Counts,
    Deck,
    course_order,
    format_interval,
    rating_from,
    struggle_order,
)
from progress import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def term(term_id: str) -> Term:
    return Term(id=term_id, term=term_id.replace("-", " "), explanation=f"Om {term_id}.",
                example=f"Et eksempel på {term_id}.")


TERMS = [term(f"ord-{n:02d}") for n in range(15)]


def deck(cards=(), reviews=(), **options) -> Deck:
    return Deck(TERMS, cards, reviews, fuzzing=False, tz=UTC, **options)


def review_all(d: Deck, rating: Rating, now: datetime, step=timedelta(seconds=20)):
    """Rate every card shown until the day is done; return the docs and the end time."""
    saved = []
    while (t := d.next_card(now)) is not None:
        saved.append(d.review(t.id, rating, now))
        now += step
    return saved, now


def test_new_cards_come_in_deck_order_up_to_the_daily_limit() -> None:
    d = deck()
    assert d.counts(NOW) == Counts(due=0, new=10)
    assert d.queue(NOW) == [t.id for t in TERMS[:10]]
    assert d.next_card(NOW) == TERMS[0]


def test_new_limit_counts_cards_introduced_earlier_today() -> None:
    d = deck()
    for t in TERMS[:4]:
        d.review(t.id, Rating.Easy, NOW)
    assert d.introduced_today(NOW) == 4
    assert d.counts(NOW).new == 6
    # The same log read back later the same day (a new deck) still counts them.
    again = deck([d.card_doc(t.id) for t in TERMS[:4]], d.reviews)
    assert again.counts(NOW + timedelta(hours=3)).new == 6
    # Tomorrow the limit starts over.
    assert again.counts(NOW + timedelta(days=1)).new == 10


def test_a_smaller_daily_limit() -> None:
    d = deck(new_per_day=3)
    saved, _ = review_all(d, Rating.Easy, NOW)
    assert [r["term"] for _, r in saved] == [t.id for t in TERMS[:3]]
    assert d.counts(NOW).total == 0


def test_review_docs_are_complete_and_utc() -> None:
    d = deck()
    card, review = d.review("ord-00", "Godt", NOW.astimezone(timezone(timedelta(hours=1))))
    assert card["id"] == "ord-00" and card["state"] == 1 and card["step"] == 1
    assert review == {
        "term": "ord-00", "rating": 3, "label": "Godt",
        "reviewed_at": "2026-03-02T09:00:00+00:00",
        "state_before": "new", "state_after": "learning",
        "due": "2026-03-02T09:10:00+00:00", "source": "flashcards",
    }
    assert [LABELS[r] for r in Rating] == ["Igen", "Svært", "Godt", "Let"]
    assert rating_from("igen") is Rating.Again and rating_from(4) is Rating.Easy
    with pytest.raises(ValueError):
        rating_from("måske")
    with pytest.raises(KeyError):
        d.review("not-a-term", Rating.Good, NOW)
    with pytest.raises(ValueError):
        d.review("ord-01", Rating.Good, datetime(2026, 3, 2, 9))  # naive: no time zone


def test_due_cards_come_first_most_overdue_first() -> None:
    d = deck()
    d.review("ord-05", Rating.Easy, NOW)
    d.review("ord-06", Rating.Easy, NOW + timedelta(hours=1))
    later = NOW + timedelta(days=60)
    queue = d.queue(later)
    assert queue[:2] == ["ord-05", "ord-06"]  # ord-05 is the more overdue
    assert queue[2:] == [t.id for t in TERMS if t.id not in ("ord-05", "ord-06")][:10]
    assert d.counts(later) == Counts(due=2, new=10)


def test_a_forgotten_card_comes_back_in_the_same_sitting() -> None:
    d = deck()
    d.review("ord-00", Rating.Again, NOW)
    # Due in a minute: shown after the new cards (learn-ahead), first once its time comes.
    assert d.counts(NOW).due == 1
    assert d.queue(NOW)[-1] == "ord-00"
    assert d.queue(NOW + timedelta(minutes=2))[0] == "ord-00"
    assert "Igen" in LABELS.values()
    intervals = d.preview("ord-00", NOW + timedelta(minutes=2))
    assert intervals[Rating.Again] < intervals[Rating.Good] < intervals[Rating.Easy]


def test_a_whole_day_then_the_next_day() -> None:
    d = deck()
    saved, end = review_all(d, Rating.Good, NOW)
    # Ten new cards, each seen twice (Good moves a new card through its learning steps).
    assert len({r["term"] for _, r in saved}) == 10
    assert len(saved) == 20
    assert d.counts(end) == Counts(0, 0)
    assert d.describe_next(end) == "i morgen"
    assert d.counts(NOW + timedelta(days=1)) == Counts(due=0, new=5)  # the last five terms
    # Graduated with Godt: back two days later, all ten on that day, whatever the hour.
    assert {r["due"][:10] for _, r in saved[10:]} == {"2026-03-04"}
    assert d.counts(datetime(2026, 3, 4, 0, 5, tzinfo=UTC)) == Counts(due=10, new=5)


def test_counts_text_and_intervals_in_danish() -> None:
    assert Counts(3, 7).describe() == "3 til gentagelse · 7 nye tilbage i dag"
    assert Counts(0, 1).describe() == "0 til gentagelse · 1 ny tilbage i dag"
    assert format_interval(timedelta(minutes=10)) == "om 10 minutter"
    assert format_interval(timedelta(minutes=1)) == "om 1 minut"
    assert format_interval(timedelta(hours=1)) == "om 1 time"
    assert format_interval(timedelta(hours=5)) == "om 5 timer"
    assert format_interval(timedelta(days=1)) == "om 1 dag"
    assert format_interval(timedelta(days=3, hours=2)) == "om 3 dage"
    assert format_interval(timedelta(days=95)) == "om 3 måneder"
    assert format_interval(timedelta(days=800)) == "om 2 år"
    assert format_interval(timedelta(seconds=5)) == "nu"


def test_malformed_and_removed_cards() -> None:
    good = deck()
    card, _ = good.review("ord-00", Rating.Easy, NOW)
    docs = [
        card,
        {"id": "ord-01", "state": "nonsense"},
        {"id": "ord-02", "card_id": 1, "state": 2, "step": None, "stability": 3.0,
         "difficulty": 5.0, "due": "2026-03-04T09:00:00", "last_review": None},  # naive time
        {"id": "ord-03", "card_id": 1, "state": 9, "step": 0, "stability": None,
         "difficulty": None, "due": "2026-03-04T09:00:00+00:00", "last_review": None},
        {"id": "gone-from-the-glossary", **{k: v for k, v in card.items() if k != "id"}},
        {"no": "id"},
        "not even a dict",
    ]
    d = deck(docs)
    assert not d.is_new("ord-00")
    assert all(d.is_new(t) for t in ("ord-01", "ord-02", "ord-03"))
    assert "gone-from-the-glossary" not in d.queue(NOW + timedelta(days=365))
    assert d.queue(NOW)[:3] == ["ord-01", "ord-02", "ord-03"]
    d.review("ord-01", Rating.Good, NOW)  # a malformed card is simply started afresh


def test_fuzzing_can_be_on() -> None:
    d = Deck(TERMS, fuzzing=True, tz=UTC)
    d.review("ord-00", Rating.Easy, NOW)
    card, _ = d.review("ord-00", Rating.Easy, NOW + timedelta(days=30))
    assert card["state"] == 2


def test_state_survives_a_restart_through_the_store(tmp_path: Path, course: Course) -> None:
    store = Store(tmp_path / "data")
    learner = store.create_learner("Amal", "medarbejder")
    d = Deck.for_course(course, learner.track, fuzzing=False, tz=UTC)
    first = d.next_card(NOW)
    card, review = d.review(first.id, Rating.Again, NOW)
    store.record(learner).save_review(card, review)
    second = d.next_card(NOW)
    card, review = d.review(second.id, Rating.Easy, NOW)
    store.record(learner).save_review(card, review)

    # "Restart": a new Store object on the same directory.
    store = Store(tmp_path / "data")
    record = store.record(store.find("Amal"))
    cards, reviews = record.cards(), record.reviews()
    assert {c["id"] for c in cards} == {first.id, second.id}
    assert [r["label"] for r in reviews] == ["Igen", "Let"]
    again = Deck.for_course(course, learner.track, cards, reviews, fuzzing=False, tz=UTC)
    assert again.card_doc(first.id) == d.card_doc(first.id)
    assert again.counts(NOW) == d.counts(NOW) == Counts(due=1, new=8)
    assert again.queue(NOW) == d.queue(NOW)
    assert again.queue(NOW + timedelta(minutes=5))[0] == first.id


def test_course_order_follows_the_track(course: Course) -> None:
    order = [t.id for t in course_order(course, "medarbejder")]
    assert sorted(order) == sorted(t.id for t in course.glossary)
    first_module_terms = course.modules_for("medarbejder")[0].terms
    assert order[:len(first_module_terms)] == list(first_module_terms)


def test_struggle_order() -> None:
    d = deck()
    d.review("ord-03", Rating.Good, NOW)
    d.review("ord-04", Rating.Hard, NOW)
    d.review("ord-05", Rating.Easy, NOW)
    d.review("ord-05", Rating.Again, NOW + timedelta(days=20))  # a lapse...
    d.review("ord-05", Rating.Good, NOW + timedelta(days=20, minutes=15))  # ...then recalled
    order = struggle_order(d, NOW + timedelta(days=21))
    assert order[:2] == ["ord-04", "ord-05"]
    assert order[2] == "ord-00"  # never reviewed, in deck order
    assert order[-1] == "ord-03"
    assert d.lapses("ord-05") == 1
