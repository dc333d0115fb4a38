"""Holds, sign-in in a browser (serve mode), teacher scoping and the guessing limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.hold_signin import HoldCodeScreen, HoldLearnersScreen
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from progress.guard import PIN, PIN_MAX_WAIT, Guard, delay_after, passphrase_limit
from progress.holds import ADMIN, HoldBook

from .helpers import screen_text


def serve_app(course, data_dir: Path, client: str = "10.0.0.7") -> CourseApp:
    return CourseApp(course, Store(data_dir), serve=True, client=client)


def two_holds(data_dir: Path):
    """Two teachers' holds with a pupil each, and a learner from before holds existed."""
    book = HoldBook(data_dir)
    anna = book.create_account("Anna Lærer", "hemmelig-anna")
    bo = book.create_account("Bo Lærer", "hemmelig-bo!")
    class_a = book.create_hold("8.A Vejleå Skole 2026/27", "skole", anna.id)
    class_b = book.create_hold("9.B Gildbro Skole 2026/27", "skole", bo.id)
    store = Store(data_dir)
    store.create_learner("Amira Hassan", "skole", class_a.id)
    store.create_learner("Bertram Lund", "skole", class_b.id)
    store.create_learner("Gammel Deltager", "medarbejder")
    return book, anna, bo, class_a, class_b


def names_on_screen(app) -> str:
    return "\n".join(screen_text(app))


async def submit(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_serve_shows_no_learner_before_a_valid_code(course, data_dir):
    book, _anna, _bo, class_a, _class_b = two_holds(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HoldCodeScreen)
        text = names_on_screen(app)
        assert "Skriv dit holds kode" in text
        for name in ("Amira", "Bertram", "Gammel"):
            assert name not in text

        await submit(pilot, "#code", "forkert-kode-99")
        assert isinstance(app.screen, HoldCodeScreen)
        assert "Koden passer ikke til noget hold" in names_on_screen(app)

        # Typed loosely: capitals and spaces instead of hyphens.
        await submit(pilot, "#code", class_a.code.upper().replace("-", " "))
        assert isinstance(app.screen, HoldLearnersScreen)
        text = names_on_screen(app)
        assert "Amira Hassan" in text
        assert "Bertram" not in text and "Gammel" not in text
    # The wrong code was counted on disk, for this client.
    counts = json.loads((data_dir / "guesses.json").read_text())
    assert 98.9 < counts["kode:10.0.0.7"]["tokens"] < 99.1  # one token of 100 taken


async def test_first_sign_in_in_a_hold_requires_a_pin_then_resumes(course, data_dir):
    book, _anna, _bo, class_a, _ = two_holds(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "#code", class_a.code)
        await pilot.press("n")
        await pilot.pause()
        # Name and PIN in one dialog: the learner is made with the PIN, or not at all.
        app.screen.query_one("#name", Input).value = "amira hassan"  # same name: refused
        app.screen.query_one("#pin-1", Input).value = "4827"
        await submit(pilot, "#pin-2", "4827")
        assert "allerede en deltager" in names_on_screen(app)
        app.screen.query_one("#name", Input).value = "Sara Nielsen"
        await submit(pilot, "#pin-2", "4827")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert app.learner.name == "Sara Nielsen"
        assert app.learner.hold == class_a.id
        app.sign_out()
        await pilot.pause()
        assert isinstance(app.screen, HoldCodeScreen)
        assert app.screen.query_one("#code", Input).value == ""

    store = Store(data_dir)
    sara = store.find("Sara Nielsen")
    assert sara.hold == class_a.id and sara.track == "skole"
    assert store.record(sara).check_pin("4827")




@pytest.mark.slow
async def test_wrong_pins_are_counted_on_disk_across_restarts(course, data_dir):
    _book, _anna, _bo, class_a, _ = two_holds(data_dir)
    store = Store(data_dir)
    amira = store.find("Amira Hassan")
    store.record(amira).set_pin("1234")

    async def try_pins(pins: list[str]) -> str:
        app = serve_app(course, data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await submit(pilot, "#code", class_a.code)
            await pilot.press("enter")  # Amira is the only one, highlighted
            await pilot.pause()
            for pin in pins:
                await submit(pilot, "#secret-1", pin)
            return names_on_screen(app)

    text = await try_pins(["0000", "1111", "2222"])
    assert "Forkert pinkode. Prøv igen." in text
    # A new app (a restart, another tab): the count goes on from 3.
    text = await try_pins(["3333", "4444"])
    assert "Vent 1 minut" in text
    text = await try_pins(["1234"])  # even the right PIN waits now
    assert "For mange forkerte forsøg" in text
    counts = json.loads((data_dir / "guesses.json").read_text())
    assert counts[f"pin:{amira.id}"]["fails"] == 5


def test_the_pin_delays_keep_an_owner_out_a_lesson_at_most_and_a_guesser_for_months():
    # Every wrong try after the free ones waits at least 1 minute, doubling to 45 minutes.
    assert delay_after(PIN.free - 1, PIN).total_seconds() == 0
    assert delay_after(PIN.free, PIN).total_seconds() == 60
    assert delay_after(PIN.free + 1, PIN).total_seconds() == 120
    assert max(delay_after(n, PIN) for n in range(200)) == PIN_MAX_WAIT
    seconds, tries = 0.0, 0
    while tries < 5_000:  # on average half of the 10,000 4-digit PINs
        seconds += delay_after(tries, PIN).total_seconds()
        tries += 1
    assert seconds > 150 * 24 * 3600  # over 150 days of guessing, day and night


async def test_a_teacher_sees_and_resets_only_their_own_holds(course, data_dir):
    _book, anna, _bo, class_a, _ = two_holds(data_dir)
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    bertram = store.find("Bertram Lund")
    store.record(bertram).set_pin("5555")
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#secret-name", Input).value = "anna lærer"
        await submit(pilot, "#secret-1", "hemmelig-anna")
        assert isinstance(app.screen, TeacherScreen)
        assert app.screen.account.id == anna.id
        table = app.screen.query_one("#learner-table", DataTable)
        keys = {row.key.value for row in table.rows.values()}
        assert keys == {store.find("Amira Hassan").id}
        assert "Bertram" not in names_on_screen(app)
        # Her holds screen lists her hold only, with its code.
        await pilot.press("h")
        await pilot.pause()
        text = names_on_screen(app)
        assert class_a.code in text and "9.B" not in text
        await pilot.press("n")
        await pilot.pause()
        await submit(pilot, "#name", "Introforløb januar 2027")  # then the track list
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.holds.holds(anna.id)) == 2
        assert not app.screen.check_action("accounts", ())  # a teacher manages no accounts
    assert store.record(bertram).has_pin()


@pytest.mark.slow


async def test_the_administrator_sees_every_learner_and_makes_accounts(course, data_dir):
    two_holds(data_dir)
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await submit(pilot, "#secret-1", "administrator!")  # name left empty
        assert isinstance(app.screen, TeacherScreen) and app.screen.account is None
        table = app.screen.query_one("#learner-table", DataTable)
        assert len(table.rows) == 3
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Carl HR"
        app.screen.query_one("#secret-1", Input).value = "personale-2027"
        await submit(pilot, "#secret-2", "personale-2027")
    assert HoldBook(data_dir).find_account("carl hr") is not None


async def test_wrong_passphrases_are_limited(course, data_dir):
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        for n in range(6):
            await submit(pilot, "#secret-1", f"forkert-{n}")
        assert "Vent" in names_on_screen(app)
        await submit(pilot, "#secret-1", "administrator!")
        assert not isinstance(app.screen, TeacherScreen)
    assert Guard(data_dir).wait(passphrase_limit(ADMIN)) > 0


async def test_terminal_mode_keeps_the_learner_list(course, data_dir):
    two_holds(data_dir)
    app = CourseApp(course, Store(data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#learners", OptionList)
        assert options.option_count == 3




@pytest.mark.slow
async def test_a_learner_in_a_browser_gets_the_certificate_pdf(course, data_dir):
    from tests.history import complete_track

    hold = HoldBook(data_dir).create_hold("Introforløb januar 2027", "skole")
    store = Store(data_dir)
    learner = store.create_learner("Åse Berg", "skole", hold.id)
    record = store.record(learner)
    record.set_pin("2468")
    complete_track(course, record, "skole")
    app = serve_app(course, data_dir)
    delivered = []
    app.deliver_binary = lambda path, **options: delivered.append((path, options))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "#code", hold.code)
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "#secret-1", "2468")
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("u")
        await app.workers.wait_for_complete()  # signed and written off the UI thread
        await pilot.pause()
        assert "PDF-filen hentes i din browser" in names_on_screen(app)
    path, options = delivered[0]
    assert path.suffix == ".pdf" and path.is_file()
    assert data_dir.resolve() in path.parents
    assert options["mime_type"] == "application/pdf"


async def test_in_a_browser_nobody_becomes_administrator_by_being_first(course, data_dir):
    two_holds(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HoldCodeScreen)  # no dialog to choose a passphrase
    assert not Store(data_dir).has_passphrase()


def test_the_administrator_passphrase_is_set_on_the_server(data_dir, monkeypatch, capsys):
    import getpass

    from course.cli import main

    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "rådhuset-2027")
    assert main(["accounts", "set-admin", "--data", str(data_dir)]) == 0
    assert Store(data_dir).check_passphrase("rådhuset-2027")
    assert "gemt" in capsys.readouterr().out


async def test_a_teacher_in_a_browser_gets_the_report_as_a_download(course, data_dir):
    _book, _anna, _bo, class_a, _ = two_holds(data_dir)
    Store(data_dir).set_passphrase("administrator!")
    app = serve_app(course, data_dir)
    delivered = []
    app.deliver_binary = lambda path, **options: delivered.append((path, options))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#secret-name", Input).value = "Anna Lærer"
        await submit(pilot, "#secret-1", "hemmelig-anna")
        assert isinstance(app.screen, TeacherScreen)
        await pilot.press("e")
        await pilot.pause()
    path, options = delivered[0]
    assert path.suffix == ".csv" and options["mime_type"] == "text/csv"
    text = path.read_text(encoding="utf-8-sig")
    assert "Amira Hassan" in text and "Bertram" not in text
