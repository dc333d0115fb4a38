"""Every screen at 80x24: its footer fits 80 columns, whole; below 80x24 the course says,
in Danish, how large the terminal must be; lesson text keeps a readable width on a wide
terminal.

The footer check is a pilot assertion on the footer's own text (every key the screen
offers, with its label) for each screen, in each of its states that change the keys: a
question of every type, its feedback and the result, a scenario's choice, feedback and
ending, every dialog, and the teachers' and the browser's screens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from course.content.model import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from course.engine.scenario import shortest_path_to
from course.tui.widgets.footer import CourseFooter
from progress import Store
from progress.holds import ADMIN, HoldBook

from .helpers import make_app, screen_text
from .test_walk import open_attempt

TRACK = "medarbejder"
WIDTH, HEIGHT = 80, 24


def footer_of(app) -> str:
    """The footer's whole text (not what is left of it after cutting)."""
    footers = list(app.screen.query(CourseFooter))
    assert footers, f"{type(app.screen).__name__} has no footer"
    return footers[0]._line.plain


class Footers:
    """Collects every screen's footer, so one run names every screen that is too wide."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: dict[str, str] = {}

    async def check(self, pilot: Pilot, name: str) -> None:
        await pilot.pause()
        line = footer_of(self.app)
        self.seen[name] = line
        bottom = screen_text(self.app)[-1]
        assert cell_len(line) <= WIDTH, f"{name}: {cell_len(line)} columns: {line}"
        assert bottom.rstrip() == line.rstrip(), f"{name}: footer drawn as {bottom!r}"




@pytest.mark.slow
async def test_every_screens_footer_fits_80_columns(course: Course, data_dir: Path) -> None:
    from course.tui.screens.certificate import CertificateScreen
    from course.tui.screens.confirm import ConfirmDialog
    from course.tui.screens.flashcards import FlashcardScreen
    from course.tui.screens.glossary import GlossaryScreen
    from course.tui.screens.glossary_quiz import GlossaryQuizScreen
    from course.tui.screens.help import HelpScreen
    from course.tui.screens.hold_signin import HoldCodeScreen, HoldLearnersScreen
    from course.tui.screens.holds import (
        AccountsScreen,
        HoldsScreen,
        NewAccountDialog,
        NewHoldDialog,
    )
    from course.tui.screens.lesson import LessonScreen
    from course.tui.screens.module import ModuleScreen
    from course.tui.screens.new_learner import NewLearnerScreen
    from course.tui.screens.quiz import QuizScreen
    from course.tui.screens.scenario import ScenarioScreen
    from course.tui.screens.secret import SecretDialog
    from course.tui.screens.stats import StatsScreen
    from course.tui.screens.teacher import TeacherScreen
    from course.tui.screens.track import TrackDialog

    store = Store(data_dir)
    book = HoldBook(data_dir)
    hold = book.create_hold("8.A Vejleå Skole", "skole")
    learner = store.create_learner("Sara", TRACK)
    app = make_app(course, data_dir)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        footers = Footers(app)
        await footers.check(pilot, "learner list")
        await pilot.press("enter")
        await footers.check(pilot, "course map")

        async def visit(name: str, screen) -> None:
            app.push_screen(screen)
            await footers.check(pilot, name)
            app.pop_screen()
            await pilot.pause()

        module = course.track(TRACK).modules[1]
        await visit("module", ModuleScreen(module))
        await visit("lesson", LessonScreen(module, 0))
        await visit("lesson, key points", LessonScreen(module, len(course.module(module).pages)))

        pool = [q for quiz in course.quizzes for q in quiz.questions if q.for_track(TRACK)]
        for kind in (SingleChoice, TrueFalse, MultipleChoice, Matching, Ordering, TextAnswer):
            question = next(q for q in pool if isinstance(q, kind))
            quiz_module = next(quiz.module for quiz in course.quizzes if question in quiz.questions)
            open_attempt(store, learner, quiz_module, [question])
            app.push_screen(QuizScreen(quiz_module))
            await pilot.pause()
            await footers.check(pilot, f"quiz: {question.type}")
            if isinstance(question, MultipleChoice):
                await pilot.press("1")
            elif isinstance(question, Matching):
                for _ in question.pairs:
                    await pilot.press("1")
            elif isinstance(question, TextAnswer):
                app.screen.current_input().restore("svar")
            if not isinstance(question, (SingleChoice, TrueFalse)):
                await pilot.press("enter")
            else:
                await pilot.press("1")
            await footers.check(pilot, f"quiz: {question.type}, feedback")
            await pilot.press("enter")
            await footers.check(pilot, f"quiz: {question.type}, result")
            app.pop_screen()
            await pilot.pause()

        scenario_module = next(m for m in course.track(TRACK).modules
                               if course.scenarios_for(m, TRACK))
        scenario = course.scenarios_for(scenario_module, TRACK)[0]
        app.push_screen(ScenarioScreen(scenario_module, scenario.id))
        await footers.check(pilot, "scenario")
        for index in shortest_path_to(scenario, scenario.endings[0].id):
            await pilot.press(str(app.screen._shown.index(index) + 1))
            await footers.check(pilot, "scenario, feedback")
            await pilot.press("enter")
            await pilot.pause()
        await footers.check(pilot, "scenario, ending (reflection)")
        await pilot.press("enter")  # the reflection left empty
        await footers.check(pilot, "scenario, ending")
        app.pop_screen()
        await pilot.pause()

        await visit("certificate", CertificateScreen())
        await visit("flashcards", FlashcardScreen())
        await visit("glossary quiz", GlossaryQuizScreen(seed=1))
        await visit("glossary", GlossaryScreen())
        await visit("help", HelpScreen(app.screen))
        await visit("confirm", ConfirmDialog("Er du sikker?", "En forklaring."))
        await visit("secret", SecretDialog("Din pinkode", "Skriv 4 til 6 cifre.", "Ny pinkode:",
                                           check=lambda pin: None, confirm=True,
                                           digits_only=True, max_length=6))
        await visit("track change", TrackDialog())
        app.sign_out()
        await pilot.pause()
        await visit("new learner", NewLearnerScreen())
        await visit("new learner in a hold", NewLearnerScreen(hold))
        await visit("teachers' view", TeacherScreen(None))
        await visit("holds", HoldsScreen(None))
        await visit("accounts", AccountsScreen())
        await visit("new hold", NewHoldDialog(ADMIN))
        await visit("new account", NewAccountDialog())
        await visit("answer statistics", StatsScreen(None, None, None, "alle deltagere"))
        await visit("hold code (browser)", HoldCodeScreen())
        await visit("names in a hold (browser)", HoldLearnersScreen(hold))
    assert len(footers.seen) >= 35


async def test_below_80x24_a_danish_message_says_how_large(course: Course,
                                                          data_dir: Path) -> None:
    from course.tui.screens.profiles import ProfileScreen

    Store(data_dir).create_learner("Sara", TRACK)
    app = make_app(course, data_dir)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        words = " ".join(" ".join(screen_text(app)).split())
        assert "mindst 80 × 24 tegn" in words and "Nu er det 70 × 20" in words
        await pilot.press("n")  # the keys of the screen underneath do nothing meanwhile
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert "mindst 80 × 24" not in " ".join(screen_text(app))
        await pilot.resize_terminal(80, 23)
        await pilot.pause()
        assert "Nu er det 80 × 23" in " ".join(" ".join(screen_text(app)).split())


async def test_lesson_text_keeps_a_readable_width(course: Course, data_dir: Path) -> None:
    from course.tui.screens.lesson import LessonScreen

    Store(data_dir).create_learner("Sara", TRACK)
    app = make_app(course, data_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        module = course.track(TRACK).modules[0]
        app.push_screen(LessonScreen(module, 0))
        await pilot.pause()
        text = app.screen.query_one("#page-text")
        assert text.size.width <= 76
        lines = [line.strip() for line in screen_text(app)[3:-2]]
        assert max(cell_len(line) for line in lines if not line.startswith(("Modul", "←"))) <= 76
