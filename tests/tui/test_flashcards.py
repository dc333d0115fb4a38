"""Flashcards and the glossary quiz, driven by keyboard at 80x24, and what gets recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.content.model import Course, TextAnswer
from course.engine.flashcards import NEW_PER_DAY
from course.tui.screens import words
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.flashcards import FlashcardScreen
from course.tui.screens.glossary_quiz import GlossaryQuizScreen
from progress import Store

from .helpers import create_learner, make_app, screen_text
from .test_quiz_and_scenario import keys_for

# Noon, local time, today: the deck's "today" is the local day, so the test never runs
# across midnight.
NOON = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
NOON = NOON.astimezone(UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """A clock the test moves; both screens read it (from course.tui.screens.words)."""
    moment = {"now": NOON}

    def now() -> datetime:
        return moment["now"]

    monkeypatch.setattr(words, "utc_now", now)
    return moment


def text_of(app) -> str:
    return "\n".join(screen_text(app))


async def sign_in(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the only learner
    await pilot.pause()
    assert isinstance(pilot.app.screen, CourseMapScreen)




@pytest.mark.slow
async def test_a_full_flashcard_session_then_a_restart(course: Course, data_dir: Path,
                                                      clock) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_learner(pilot, "Sara")
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FlashcardScreen)
        assert f"0 til gentagelse · {NEW_PER_DAY} nye tilbage i dag" in text_of(app)

        shown: list[str] = []
        for _ in range(3 * NEW_PER_DAY):
            if "Færdig for i dag" in text_of(app):
                break
            term = screen.term
            text = text_of(app)
            assert term.term in text and "Tryk Mellemrum eller Enter" in text
            assert term.explanation[:30] not in text.replace("\n", " ")  # not before Space
            await pilot.press("space" if len(shown) % 2 else "enter")
            await pilot.pause()
            await pilot.pause()  # the ratings scroll into view after the frame
            text = text_of(app)
            assert "1 Igen: om 1 min" in text and "4 Let: om" in text, text
            assert term.explanation.split()[0] in text
            # The first card is forgotten once (it comes back); every other one is easy.
            rating = "1" if not shown else "4"
            shown.append(term.id)
            clock["now"] += timedelta(seconds=30)
            await pilot.press(rating)
            await pilot.pause()
        text = text_of(app)
        assert "✔ Færdig for i dag" in text
        assert "0 til gentagelse · 0 nye tilbage i dag" in text
        assert "Næste kort: i morgen." in text
        # The forgotten card came back once its minute had passed.
        assert len(shown) == NEW_PER_DAY + 1 and shown.count(shown[0]) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)

    learner = Store(data_dir).learners()[0]
    record = Store(data_dir).record(learner)
    reviews = record.reviews()
    assert [r["label"] for r in reviews] == ["Igen"] + ["Let"] * NEW_PER_DAY
    assert [r["term"] for r in reviews] == shown
    assert all(r["source"] == "flashcards" for r in reviews)
    assert {c["id"] for c in record.cards()} == set(shown)
    assert record.facts().attempts == []

    # A new app on the same data: today is done; a month later the ten are due again.
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert "0 til gentagelse · 0 nye tilbage i dag" in text_of(app)
        clock["now"] = NOON + timedelta(days=30)
        app.screen.reload()
        await pilot.pause()
        text = text_of(app)
        assert f"{NEW_PER_DAY} til gentagelse · {NEW_PER_DAY} nye tilbage i dag" in text
        assert "Til gentagelse:" in text and app.screen.term.id in shown




@pytest.mark.slow
async def test_a_glossary_quiz_sends_missed_words_back(course: Course, data_dir: Path,
                                                      clock) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Jonas", "frivillig")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("k")
        await pilot.pause()
        for _ in range(NEW_PER_DAY):  # today's cards done, all easy
            await pilot.press("enter", "4")
        await pilot.pause()
        assert "Færdig for i dag" in text_of(app)
        await pilot.press("q")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GlossaryQuizScreen)
        missed = None
        for number in range(len(screen.attempt)):
            question = screen.attempt.current()
            assert f"Ordquiz · spørgsmål {number + 1} af" in text_of(app)
            wrong = missed is None and isinstance(question, TextAnswer)
            if wrong:
                missed = question.terms[0]
            presentation = screen.attempt.presentation(question.id)
            for key in keys_for(question, presentation, right=not wrong):
                await pilot.press(key if len(key) > 1 or not key.isspace() else "space")
            await pilot.pause()
            text = text_of(app)
            assert ("✘ Ikke rigtigt" if wrong else "✔ Rigtigt") in text, text
            await pilot.press("enter")
            await pilot.pause()
        text = text_of(app)
        assert "Ord at øve igen:" in text and course.term(missed).term in text
        assert "tæller ikke med i modulerne" in text
        await pilot.press("escape")  # back to the flashcards: the missed word is due again
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)
        assert "1 til gentagelse · 0 nye tilbage i dag" in text_of(app)
        assert app.screen.term.id == missed

    record = store.record(learner)
    quiz_reviews = [r for r in record.reviews() if r["source"] == "glossary-quiz"]
    assert [(r["term"], r["label"]) for r in quiz_reviews] == [(missed, "Igen")]
    assert record.facts().attempts == []  # practice: no module quiz attempt
