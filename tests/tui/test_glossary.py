"""The glossary: opened from anywhere with O, searched as you type, words from lessons."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from course.content.model import Course, TextAnswer
from course.engine.glossary import related_terms, search
from course.engine.quiz import QuizAttempt
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.glossary import GlossaryScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.module import ModuleScreen
from course.tui.screens.new_learner import NewLearnerScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.screens.quiz import QuizScreen
from progress import Store

from .helpers import make_app, screen_text, type_text

SIZE = (80, 24)


def text_of(app) -> str:
    return "\n".join(screen_text(app))


def detail_text(app) -> str:
    """The detail pane as the learner reads it: right of the list, lines joined."""
    side = app.screen.query_one("#glossary-side").region.right
    return " ".join(" ".join(row[side:] for row in screen_text(app)[1:-1]).split())


def highlighted(app) -> str | None:
    option = app.screen.query_one("#glossary-terms", OptionList).highlighted_option
    return None if option is None else option.id


def glossary_screens(app) -> int:
    return sum(isinstance(screen, GlossaryScreen) for screen in app.screen_stack)


@pytest.fixture
def sara(data_dir: Path):
    store = Store(data_dir)
    return store, store.create_learner("Sara", "medarbejder")


async def sign_in(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the only learner
    await pilot.pause()
    assert isinstance(pilot.app.screen, CourseMapScreen)


@pytest.mark.parametrize("query", ["NAER", "naer"])
async def test_o_opens_the_glossary_and_typing_filters_it(
    course: Course, data_dir: Path, sara, query: str
) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        offered = app.screen.active_bindings["o"]
        assert offered.binding.description == "Ordliste" and offered.enabled
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert isinstance(app.focused, Input)  # ready to type
        assert f"{len(course.glossary)} ord" in text_of(app)
        await type_text(pilot, query)
        await pilot.pause()
        terms = app.screen.query_one("#glossary-terms", OptionList)
        shown = [terms.get_option_at_index(i).id for i in range(terms.option_count)]
        assert shown[:2] == ["naerdemokrati", "naermiljoe"]
        assert "anerkendelse" not in shown
        assert highlighted(app) == "naerdemokrati"
        text = text_of(app)
        assert "nærdemokrati" in text and "nærmiljø" in text
        assert f"af {len(course.glossary)} ord" in text
        assert course.term("naerdemokrati").explanation.split(".")[0] in detail_text(app)
        await pilot.press("down")  # from the search box into the list
        assert isinstance(app.focused, OptionList)
        await pilot.press("down")
        await pilot.pause()
        assert highlighted(app) == "naermiljoe"
        assert "Bruges i:" in text_of(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


@pytest.mark.slow


async def test_a_term_with_a_policy_definition_shows_it_as_a_quote(
    course: Course, data_dir: Path, sara
) -> None:
    term = course.term("medborgerskab")
    assert term.definition
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("o")
        await type_text(pilot, "medborgerskab")
        await pilot.press("enter")  # to the list
        await pilot.pause()
        assert highlighted(app) == "medborgerskab"
        quote = app.screen.query_one("#term-definition")
        assert quote.display and quote.border_title == "Fra politikken"
        assert quote.border_subtitle == course.section(term.source).title
        assert "Fra politikken" in text_of(app)
        assert "»" + " ".join(term.definition.split()[:4]) in detail_text(app)
        # A term without a definition has no quote box.
        await pilot.press("slash")
        app.screen.query_one("#glossary-search", Input).value = "ejerskab"
        await pilot.pause()
        assert highlighted(app) == "ejerskab"
        assert not app.screen.query_one("#term-definition").display
        assert "Fra politikken" not in text_of(app)


@pytest.mark.slow


async def test_digits_and_clicks_jump_to_related_terms(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    first, second = related_terms(course, "anerkendelse")[:2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")  # from the learner list: nobody is signed in
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert highlighted(app) == "anerkendelse"
        assert f"Se også: [1] {first.term} [2] {second.term}" in detail_text(app)
        await pilot.press("down")  # into the list; digits now jump
        assert "1–9 Se også" in screen_text(app)[-1]
        await pilot.press("2")
        await pilot.pause()
        assert highlighted(app) == second.id
        assert app.screen.query_one("#term-heading").render().plain == second.term
        # A related word hidden by the search clears the search.
        term, hidden = next(
            (t, related_terms(course, t.id)[0]) for t in course.glossary
            if related_terms(course, t.id)[0] not in search(course, t.term)
        )
        await type_text(pilot, term.term)
        await pilot.pause()
        assert highlighted(app) == term.id
        await pilot.press("enter")  # to the list
        await pilot.press("1")
        await pilot.pause()
        assert highlighted(app) == hidden.id
        assert app.screen.query_one("#glossary-search", Input).value == ""
        # The links can be clicked, too.
        target = related_terms(course, hidden.id)[0]
        await pilot.click("#term-related", offset=(len("Se også: ") + 1, 0))
        await pilot.pause()
        assert highlighted(app) == target.id


async def test_letters_typed_in_the_list_go_to_the_search(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o", "down")
        assert isinstance(app.focused, OptionList)
        # Nobody is signed in: K (flashcards) is hidden and just a letter here; O too.
        assert "Øv ord" not in screen_text(app)[-1]
        assert "Ordliste" not in screen_text(app)[-1]
        await type_text(pilot, "ko")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "ko"
        assert glossary_screens(app) == 1
        app.action_glossary()  # the palette's "Ordliste" while it is open: no second copy
        await pilot.pause()
        assert glossary_screens(app) == 1 and len(app.screen_stack) == 2
        app.action_glossary("tolerance")  # a term asked for is shown in the open one
        await pilot.pause()
        assert glossary_screens(app) == 1 and highlighted(app) == "tolerance"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)


async def test_flashcards_key_is_offered_to_a_signed_in_learner(
    course: Course, data_dir: Path, sara
) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("o", "down")
        await pilot.pause()
        assert "k Øv ord" in screen_text(app)[-1]
        await pilot.press("k")
        await pilot.pause()
        assert type(app.screen).__name__ == "FlashcardScreen"
        assert isinstance(app.screen_stack[-2], GlossaryScreen)


async def test_a_lesson_word_opens_in_the_glossary_and_esc_comes_back(
    course: Course, data_dir: Path, sara
) -> None:
    module = course.module("forord")
    page = next(i for i, p in enumerate(module.pages) if len(p.terms) >= 2)
    second = module.pages[page].terms[1]
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        app.push_screen(ModuleScreen(module.id))
        await pilot.pause()
        app.screen.open("lesson", page)
        await pilot.pause()
        lesson = app.screen
        assert isinstance(lesson, LessonScreen) and lesson.page == page
        body = lesson.query_one("#lesson-body")
        body.scroll_end(animate=False)  # the words are at the end of the page
        await pilot.pause()
        scrolled = body.scroll_y
        assert scrolled > 0
        names = [course.term(t).term for t in module.pages[page].terms]
        assert f"Ord fra ordlisten: [1] {names[0]} [2] {names[1]}" in " ".join(text_of(app).split())
        assert "1–9 Slå op" in screen_text(app)[-1]
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert highlighted(app) == second
        assert isinstance(app.focused, OptionList)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lesson
        assert lesson.page == page and body.scroll_y == scrolled
        # A digit beyond the page's words does nothing.
        await pilot.press("9")
        await pilot.pause()
        assert app.screen is lesson


async def test_o_is_typed_in_text_fields(course: Course, data_dir: Path, sara) -> None:
    store, learner = sara
    # An open attempt of the vision quiz that asks a text question (a drawn attempt may not).
    text_question = next(q for q in course.questions_for("vision", learner.track)
                         if isinstance(q, TextAnswer))
    attempt = QuizAttempt.start([text_question], seed=1)
    store.record(learner).save_attempt(
        {"id": "text", "module": "vision", "started": "2026-11-26T12:00:00+00:00",
         "finished": None, "pass_mark": 80, "answers": [], "state": attempt.to_dict()}
    )
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewLearnerScreen)
        await type_text(pilot, "Bo Olsen")
        assert app.screen.query_one("#name", Input).value == "Bo Olsen"
        assert glossary_screens(app) == 0
        await pilot.press("escape")
        await pilot.pause()
        await sign_in(pilot)
        app.push_screen(ModuleScreen("vision"))
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        # Skip to the text question: answering is not needed to look at it.
        for _ in range(20):
            if isinstance(quiz.attempt.current(), TextAnswer):
                break
            await _answer_anything(pilot, quiz)
        assert isinstance(quiz.attempt.current(), TextAnswer)
        await type_text(pilot, "oo")
        await pilot.pause()
        assert app.screen is quiz and glossary_screens(app) == 0
        assert isinstance(app.focused, Input) and app.focused.value == "oo"


async def _answer_anything(pilot: Pilot, quiz: QuizScreen) -> None:
    from .test_quiz_and_scenario import keys_for

    question = quiz.attempt.current()
    for key in keys_for(question, quiz.attempt.presentation(question.id), right=True):
        await pilot.press(key if len(key) > 1 or not key.isspace() else "space")
    await pilot.pause()
    await pilot.press("enter")  # next question
    await pilot.pause()


async def test_palette_finds_terms_and_modules(course: Course, data_dir: Path, sara) -> None:
    from course.tui.commands import CourseCommands

    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = CourseCommands(app.screen)
        await provider.startup()
        hits = [hit async for hit in provider.search("naer")]
        assert "Ordliste: nærdemokrati" in [hit.text for hit in hits]
        assert not any(hit.text.startswith("Modul: ") for hit in hits)  # nobody signed in
        assert "Ordliste" in [command.title for command in app.get_system_commands(app.screen)]

        await sign_in(pilot)
        provider = CourseCommands(app.screen)
        await provider.startup()
        hits = sorted([hit async for hit in provider.search("medborgerskab")], reverse=True)
        assert hits[0].text == "Ordliste: medborgerskab"
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and highlighted(app) == "medborgerskab"
        await pilot.press("escape")
        await pilot.pause()
        modules = [hit async for hit in provider.search("Forord")]
        module_hit = next(hit for hit in modules if hit.text == "Modul: Forord")
        module_hit.command()
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "forord"


async def test_the_palette_opens_a_term(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "statsborgerskab")
        for _ in range(20):  # the palette searches in a worker, after a short delay
            await pilot.pause(0.05)
            if "Ordliste: statsborgerskab" in text_of(app):
                break
        assert "Ordliste: statsborgerskab" in text_of(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert highlighted(app) == "statsborgerskab"


async def test_glossary_is_usable_at_200x60(course: Course, data_dir: Path, sara) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(200, 60)) as pilot:
        await sign_in(pilot)
        await pilot.press("o")
        await type_text(pilot, "inklusion")
        await pilot.pause()
        rows = screen_text(app)
        text = "\n".join(rows)
        term = course.term("inklusion")
        assert "Fra politikken" in text and "Bruges i:" in text and "Se også:" in text
        assert term.example.split(".")[0] in detail_text(app)
        assert "esc Tilbage" in rows[-1] and "Ordliste" not in rows[-1]
