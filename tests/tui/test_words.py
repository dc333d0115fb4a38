"""Words a learner meets that were wrong or stale (the walk of issue 24): where a name
shows, the space key's name, quote captions that are cut, »?.« after a title."""

from __future__ import annotations

from pathlib import Path

from course.content.model import Course
from course.tui.screens.lesson import LessonScreen
from progress import Position, Store

from .helpers import make_app, screen_text


def words(app) -> str:
    """The screen's words, with boxes' side borders taken off each row."""
    rows = (row.strip().strip("█│▌▐▊▎").strip() for row in screen_text(app))
    return " ".join(" ".join(rows).split())


async def test_the_name_label_says_where_the_name_shows(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        text = words(app)
        assert "vises kun her" not in text
        assert ("Dit navn (det står på listen over deltagere, i lærerens og HR's oversigt og "
                "rapport og på dit kursusbevis):") in text


async def test_the_footer_names_the_space_key_as_the_hints_do(course: Course,
                                                              data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "medarbejder")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("k")  # flashcards: Mellemrum turns the card
        await pilot.pause()
        footer = screen_text(app)[-1]
        assert "Mellemrum Vis svar" in footer and "space" not in footer


async def test_a_quote_caption_is_whole_and_in_danish_quotation_marks(course: Course,
                                                                      data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "medarbejder")
    module, index, quote = next(
        (m, i, q) for m in course.modules for i in m.page_indices("medarbejder")
        for q in m.pages[i].quotes
        if len(course.section(q.source).title) > 60)  # longer than any box's border
    title = course.section(quote.source).title
    assert title.index("»") < title.index("«")  # »…«, not «…»
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.push_screen(LessonScreen(module.id, index))
        await pilot.pause()
        assert f"– {' '.join(title.split())}" in words(app)


async def test_the_course_map_hint_has_no_full_stop_after_a_question_mark(
        course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Sara", "medarbejder")
    module = next(m for m in course.modules_for("medarbejder") if m.title.endswith("?"))
    store.record(learner).set_position(Position(module.id, activity="quiz"))
    app = make_app(course, data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = words(app)
        assert f"Tryk F for at fortsætte: quizzen i {module.title} Enter" in text
        assert "?." not in text
