"""The teachers' view uses the screen: every row of a class at 120×40, the table filling
the screen at 80×24, a Hold column for the administrator with whole hold names when there
is room, only the modules of the class's track in statistics and CSV, and a report file
named after the hold."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import DataTable

from course.content.model import Course
from course.reports.learners import build_report, render
from course.tui.app import CourseApp
from course.tui.screens.stats import StatsScreen
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from progress.holds import HoldBook

from .helpers import screen_text

CLASS = "9.B Gildbro Skole 2026/27"
PUPILS = [f"Elev {n:02d} Jensen" for n in range(1, 22)]  # 21, as in the walk


def a_class(data_dir: Path):
    book = HoldBook(data_dir)
    teacher = book.create_account("Mette Kjær", "hemmelig-mette")
    hold = book.create_hold(CLASS, "skole", teacher.id)
    intro = book.create_hold("Introforløb januar 2027", "medarbejder")
    store = Store(data_dir)
    for name in PUPILS:
        store.create_learner(name, "skole", hold.id)
    store.create_learner("Sara Ansat", "medarbejder", intro.id)
    return book, teacher, hold


async def open_view(app: CourseApp, pilot, account=None) -> TeacherScreen:
    await pilot.pause()
    app.push_screen(TeacherScreen(account))
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, TeacherScreen)
    return app.screen


async def test_a_class_of_21_is_shown_whole_at_120x40(course: Course, data_dir: Path) -> None:
    _book, teacher, _hold = a_class(data_dir)
    app = CourseApp(course, Store(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot, teacher)
        text = "\n".join(screen_text(app))
        assert all(name in text for name in PUPILS)
        assert "Sara Ansat" not in text  # another hold's learner


async def test_the_table_fills_the_screen_at_80x24(course: Course, data_dir: Path) -> None:
    a_class(data_dir)
    app = CourseApp(course, Store(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot)
        table = screen.query_one("#learner-table", DataTable)
        body = screen.query_one("#teacher-body", VerticalScroll)
        assert table.region.bottom == body.region.bottom  # no empty third under it
        rows = screen_text(app)
        assert sum(name in "\n".join(rows) for name in PUPILS) >= 18
        # every column, the certificate's date too, within 80 columns
        header = next(row for row in rows if "Navn" in row)
        for label in ("Navn", "Hold", "Forløb", "Moduler", "I alt", "Bevis"):
            assert label in header


async def test_the_administrator_sees_whole_hold_names_when_there_is_room(
        course: Course, data_dir: Path) -> None:
    a_class(data_dir)
    app = CourseApp(course, Store(data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot)
        text = "\n".join(screen_text(app))
        assert "Hold" in text and CLASS in text and "Introforløb januar 2027" in text


async def test_a_school_teacher_sees_no_module_the_school_track_lacks(
        course: Course, data_dir: Path) -> None:
    _book, teacher, hold = a_class(data_dir)
    lacking = [m for m in course.modules if m.id not in course.track("skole").modules]
    assert lacking  # the glossary module, »Ordliste«
    store = Store(data_dir)
    report = build_report(course, store, holds={hold.id})
    header = next(csv.reader(io.StringIO(render(report, "csv").lstrip("\ufeff")), delimiter=";"))
    for module in lacking:
        assert f"Quiz: {module.title}" not in header
    assert f"Quiz: {course.module(course.track('skole').modules[0]).title}" in header
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, teacher)
        await pilot.press("s")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        assert not set(stats.modules) & {m.id for m in lacking}
        assert set(stats.modules) <= set(course.track("skole").modules)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_report_file_is_named_after_the_hold(course: Course, data_dir: Path) -> None:
    _book, teacher, hold = a_class(data_dir)
    app = CourseApp(course, Store(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_view(app, pilot, teacher)
        screen.hold = hold.id  # one hold chosen (H, Enter)
        screen.refresh_report()
        await pilot.press("e")
        await pilot.pause()
        [saved] = (data_dir / "rapporter").iterdir()
        assert saved.name.startswith("rapport-9-b-gildbro-skole-2026-27-alle-")
        assert hold.id not in saved.name


async def test_a_teacher_sees_each_certificate_as_the_learner_does(
        course: Course, data_dir: Path) -> None:
    """The Bevis column names the state; Enter on a learner shows their certificates in
    the words of the learner's own page (Danish date, code, state)."""
    from course.certificates.credential import danish_date
    from course.certificates.service import issue, revoke
    from course.tui.screens.teacher import LearnerActions
    from tests.certificates.test_certificates import complete_module

    _book, teacher, _hold = a_class(data_dir)
    store = Store(data_dir)
    first, second = store.find(PUPILS[0]), store.find(PUPILS[1])
    for pupil in (first, second):
        for module in course.modules_for("skole"):
            complete_module(course, store, pupil, module.id)
    kept = issue(course, store, first, data_dir / "kursusbeviser")
    dropped = issue(course, store, second, data_dir / "kursusbeviser")
    revoke(data_dir, dropped.code, "Udstedt ved en fejl")
    today = danish_date(kept.doc["validFrom"])
    app = CourseApp(course, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot, teacher)
        rows = screen_text(app)
        assert "✔ gyldigt" in next(row for row in rows if PUPILS[0] in row)
        assert "tilbagekaldt" in next(row for row in rows if PUPILS[1] in row)
        assert "–" in next(row for row in rows if PUPILS[2] in row)
        assert not any(kept.doc["validFrom"][:10] in row for row in rows)  # no ISO date
        table = app.screen.query_one("#learner-table", DataTable)
        table.move_cursor(row=table.get_row_index(second.id))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LearnerActions)
        text = "\n".join(screen_text(app))
        assert f"Udstedt {today}, kode {dropped.code}, tilbagekaldt" in text
        await pilot.press("escape")
        await pilot.pause()
        table.move_cursor(row=table.get_row_index(first.id))
        await pilot.press("enter")
        await pilot.pause()
        assert f"Udstedt {today}, kode {kept.code}" in "\n".join(screen_text(app))
