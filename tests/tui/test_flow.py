"""A learner's first session and their return, driven through the UI."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from course.content.model import Course
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.help import HelpScreen
from course.tui.screens.lesson import LessonScreen
from course.tui.screens.module import ModuleScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.widgets.footer import CourseFooter
from progress import Store

from .helpers import create_learner, make_app, screen_text, type_text


@pytest.mark.slow
async def test_create_read_quit_and_resume_on_the_same_page(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        # the school track: every page of Forord is core there (see the deepening test below)
        await create_learner(pilot, "Sara", track_index=2)
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("f")  # Fortsæt: the very first page
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert isinstance(app.screen_stack[-2], ModuleScreen)
        assert (app.screen.module.id, app.screen.page) == ("forord", 0)
        await pilot.press("right", "right")
        await pilot.pause()
        assert app.screen.page == 2
        assert "Side 3 af" in "\n".join(screen_text(app))
        await pilot.press("ctrl+q")

    learner = Store(data_dir).learners()[0]
    seen = Store(data_dir).record(learner).pages_seen()
    assert seen == {"forord": {0, 1, 2}}

    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#learners", OptionList)
        assert table.option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        text = "\n".join(screen_text(app))
        assert "I gang" in text and "Forord" in text
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert (app.screen.module.id, app.screen.page) == ("forord", 2)




@pytest.mark.slow
async def test_reading_to_the_end_shows_key_points_then_the_module_page(
    course: Course, data_dir: Path
) -> None:
    app = make_app(course, data_dir)
    forord = course.module("forord")
    async with app.run_test(size=(80, 24)) as pilot:
        await create_learner(pilot, "Omar", track_index=2)  # the school track: no deepening
        await pilot.press("enter")  # the highlighted module (Forord)
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        await pilot.press("enter")  # its first activity: the lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("left")  # nothing before the first page
        assert app.screen.page == 0
        for _ in range(len(forord.pages)):
            await pilot.press("right")
        await pilot.pause()
        text = "\n".join(screen_text(app))
        assert "Det vigtigste fra modulet" in text
        assert forord.key_points[0][:40] in text.replace("\n", " ")
        await pilot.press("right")  # "Videre i modulet": back to the module's page
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        text = "\n".join(screen_text(app))
        assert f"● Lektion  {len(forord.pages)} af {len(forord.pages)} sider læst" in text
        assert "Tilbage i modulet: Tag quizzen." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        modules = app.screen.query_one("#modules", OptionList)
        first = str(modules.get_option_at_index(0).prompt)
        assert first.startswith("◐ I gang")  # the quiz is still to pass
        assert "0 af 9 moduler færdige" in "\n".join(screen_text(app))




@pytest.mark.slow
async def test_an_employee_reads_the_core_then_may_go_on_into_the_deepening(
    course: Course, data_dir: Path
) -> None:
    """Issue 22: the lesson takes the core pages, then the key points, and only then the
    optional pages, each marked »Fordybelse (valgfri)«; the map counts them apart."""
    app = make_app(course, data_dir)
    forord = course.module("forord")
    core = forord.core_page_indices("medarbejder")
    optional = forord.optional_page_indices("medarbejder")
    assert optional
    async with app.run_test(size=(80, 24)) as pilot:
        await create_learner(pilot, "Ida")  # the employee track
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.page == core[0]
        for _ in core:
            await pilot.press("right")
        await pilot.pause()
        text = "\n".join(screen_text(app))
        assert "Det vigtigste fra modulet" in text and "Fordybelse (valgfri) →" in text
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.page == optional[0]
        assert "Fordybelse (valgfri):" in "\n".join(screen_text(app))
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        text = " ".join(screen_text(app))
        assert "Fordybelse (valgfri, kræves ikke til beviset): 1 af" in " ".join(text.split())


MARKUP_NAMES = ["[b]Ali[/b]", "[@click=app.quit]x[/]", "[/x] pris [USD]", "Red\x1b[31mAlert"]


async def test_names_full_of_markup_are_shown_literally(course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    for name in MARKUP_NAMES:
        store.create_learner(name, "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_text(app))
        assert "[b]Ali[/b]" in text
        assert "[@click=app.quit]x[/]" in text
        assert "[/x] pris [USD]" in text
        assert "Red␛[31mAlert" in text and "\x1b" not in text
        # Clicking the name must not run the action hidden in it.
        table = app.screen.query_one("#learners", OptionList)
        await pilot.click(table, offset=(3, 2))  # the second learner's row
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, CourseMapScreen)
        greeting = "\n".join(screen_text(app))
        assert "Hej, [@click=app.quit]x[/]!" in greeting


async def test_new_learner_dialog_refuses_an_empty_name(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_learner(pilot, "   ")
        assert "Skriv et navn." in "\n".join(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert Store(data_dir).learners() == []


async def test_typed_name_and_chosen_track_are_stored(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Zainab Ø")
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
    (learner,) = Store(data_dir).learners()
    assert (learner.name, learner.track) == ("Zainab Ø", course.tracks[2].id)


async def test_80x24_shows_footer_with_danish_labels_and_whole_lines(
    course: Course, data_dir: Path
) -> None:
    Store(data_dir).create_learner("Sara", "medarbejder")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = screen_text(app)
        assert "Ny deltager" in rows[-1] and "Hjælp" in rows[-1] and "Afslut" in rows[-1]
        await pilot.press("enter")
        await pilot.pause()
        rows = screen_text(app)
        assert len(rows) == 24
        footer = app.screen.query_one(CourseFooter)
        assert footer.region.y == 23 and footer.region.height == 1
        assert "Fortsæt" in rows[-1] and "Log ud" in rows[-1]
        text = "\n".join(rows)
        # Every module of the track is on screen with its whole title and its state.
        for module in course.modules_for("medarbejder"):
            assert module.title in text, module.title
        assert text.count("Ikke startet") == len(course.modules_for("medarbejder"))
        await pilot.press("f")
        await pilot.pause()
        rows = screen_text(app)
        assert "Næste" in rows[-1] and "Til modulet" in rows[-1]
        assert "Side 1 af" in "\n".join(rows)


async def test_the_footer_shows_when_a_key_becomes_available(course: Course,
                                                              data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "skole")
    app = make_app(course, data_dir)

    def previous_is_dim() -> bool:
        strip = app.screen.query_one(CourseFooter).render_line(0)
        return next(seg.style.dim for seg in strip if "Forrige" in seg.text)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f")  # the first page: there is no page before it
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and previous_is_dim()
        await pilot.press("right")
        await pilot.pause()
        assert not previous_is_dim()
        await pilot.press("left")
        await pilot.pause()
        assert previous_is_dim()


async def test_a_click_on_a_key_in_the_footer_presses_it(course: Course, data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        footer_line = screen_text(app)[-1]
        await pilot.click(CourseFooter, offset=(footer_line.index("b Bevis"), 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "CertificateScreen"


async def test_help_lists_every_key_of_the_screen(course: Course, data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "f")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_text(app))
        for label in ("Næste", "Forrige", "Til modulet", "Hjælp", "Afslut"):
            assert label in text
        assert "Scroll" not in text  # no English widget internals
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_switching_learner_goes_back_to_the_list(course: Course, data_dir: Path) -> None:
    Store(data_dir).create_learner("Sara", "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.learner is None
