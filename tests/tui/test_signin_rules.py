"""Sign-in faults of issue 20, each as a pilot test: PINs that stay, the teacher's reset
with a one-time code, unlock and delete, the counts that fail closed, junk learners."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from course.tui.app import CourseApp
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.hold_signin import HoldCodeScreen, HoldLearnersScreen
from course.tui.screens.secret import SecretDialog
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from progress.guard import Guard, passphrase_limit, pin_limit
from progress.holds import ADMIN, HoldBook
from progress.passwords import legacy_scrypt_hash

from .helpers import screen_text

PIN = "4827"


def serve_app(course, data_dir: Path, client: str = "10.0.0.7") -> CourseApp:
    return CourseApp(course, Store(data_dir), serve=True, client=client)


def text(app) -> str:
    return "\n".join(screen_text(app))


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def submit(pilot, selector: str, value: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = value
    await pilot.press("enter")
    await pilot.pause()


def a_hold(data_dir: Path, with_pin: bool = True):
    hold = HoldBook(data_dir).create_hold("8.A Vejleå Skole 2026/27", "skole")
    store = Store(data_dir)
    amira = store.create_learner("Amira Hassan", "skole", hold.id, PIN if with_pin else None)
    return hold, store, amira


async def to_the_names(pilot, hold) -> None:
    await pilot.pause()
    await submit(pilot, "#code", hold.code)
    assert isinstance(pilot.app.screen, HoldLearnersScreen)


async def test_a_wrong_code_stays_in_the_field(course, data_dir):
    hold, _store, _amira = a_hold(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        typo = hold.code.replace("-", " ")[:-1] + "x"
        await submit(pilot, "#code", typo)
        assert "Tjek stavningen" in text(app)
        assert app.screen.query_one("#code", Input).value == typo  # there to be fixed


async def test_in_a_hold_a_pin_can_be_changed_but_never_removed(course, data_dir):
    hold, store, amira = a_hold(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "#secret-1", PIN)
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("p")
        await pilot.pause()
        assert "kan pinkoden skiftes, men ikke fjernes" in text(app)
        await submit(pilot, "#secret-1", "")  # both fields empty: what removed it before
        assert isinstance(app.screen, SecretDialog)
        assert "ikke fjernes" in text(app)  # PIN_STAYS, shown as the dialog's error
        app.screen.query_one("#secret-1", Input).value = "9090"
        await submit(pilot, "#secret-2", "9090")
        assert isinstance(app.screen, CourseMapScreen)
    record = store.record(amira)
    assert record.has_pin() and record.check_pin("9090") and not record.check_pin(PIN)


async def test_esc_in_the_new_learner_dialog_makes_nobody(course, data_dir):
    hold, store, _amira = a_hold(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Sara Nielsen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HoldLearnersScreen)
    assert [l.name for l in store.learners_in(hold.id)] == ["Amira Hassan"]


async def test_a_pin_less_name_in_a_hold_cannot_be_claimed(course, data_dir):
    """What let anyone with the code in: a name without a PIN asked for a new one."""
    hold, store, amira = a_hold(data_dir, with_pin=False)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HoldLearnersScreen)  # not signed in, no PIN dialog
        assert "Vælg en pinkode" not in text(app)
        assert "engangskode" in toasts(app)
    assert not store.record(amira).has_pin()


async def teacher_view(pilot, store: Store) -> TeacherScreen:
    app = pilot.app
    await pilot.press("f2")
    await pilot.pause()
    await submit(pilot, "#secret-1", "administrator!")
    assert isinstance(app.screen, TeacherScreen)
    return app.screen




@pytest.mark.slow
async def test_a_teachers_reset_gives_a_one_time_code_for_one_sign_in(course, data_dir):
    hold, store, amira = a_hold(data_dir)
    store.set_passphrase("administrator!")
    guard = Guard(data_dir)
    for _ in range(7):  # a classmate's wrong tries
        guard.attempt(pin_limit(amira.id), lambda: False)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await teacher_view(pilot, store)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("n")  # Nulstil pinkode
        await pilot.pause()
        assert "engangskode" in text(app)
        await pilot.press("j")
        await pilot.pause()
        shown = toasts(app)
    code = shown.split("Engangskode til Amira Hassan: ")[1][:9]
    assert store.record(amira).pin_reset() and not store.record(amira).check_pin(PIN)
    assert guard.wait(pin_limit(amira.id)) == 0  # the reset cleared the count

    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("enter")
        await pilot.pause()
        assert "Engangskode for Amira Hassan" in text(app)
        await submit(pilot, "#secret-1", "1234 5678")  # someone else: not in
        assert "Forkert engangskode" in text(app)
        await submit(pilot, "#secret-1", code)
        assert "Vælg en ny pinkode" in text(app)
        await pilot.press("escape")  # leaving before a PIN is chosen signs nobody in
        await pilot.pause()
        assert not isinstance(app.screen, CourseMapScreen)
    assert store.record(amira).pin_reset()

    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "#secret-1", code)
        app.screen.query_one("#secret-1", Input).value = "6161"
        await submit(pilot, "#secret-2", "6161")
        assert isinstance(app.screen, CourseMapScreen) and app.learner.id == amira.id
    record = store.record(amira)
    assert not record.pin_reset() and record.check_pin("6161")
    assert not record.check_pin(code.replace(" ", ""))  # the code worked for one sign-in


async def test_the_teacher_unlocks_without_touching_the_pin(course, data_dir):
    _hold, store, amira = a_hold(data_dir)
    store.set_passphrase("administrator!")
    guard = Guard(data_dir)
    for _ in range(8):
        guard.attempt(pin_limit(amira.id), lambda: False)
    assert guard.wait(pin_limit(amira.id)) > 0
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await teacher_view(pilot, store)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("l")  # Lås op
        await pilot.pause()
        assert "Pinkoden er ikke ændret" in toasts(app)
    assert guard.wait(pin_limit(amira.id)) == 0
    assert store.record(amira).check_pin(PIN)


async def test_the_teacher_deletes_a_learner_of_their_hold_after_confirming(course, data_dir):
    hold, store, amira = a_hold(data_dir)
    store.set_passphrase("administrator!")
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await teacher_view(pilot, store)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("s")  # Slet
        await pilot.pause()
        assert "Det kan ikke fortrydes" in text(app)
        await pilot.press("escape")  # not confirmed: nothing happens
        await pilot.pause()
        assert store.learners_in(hold.id)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert "er slettet" in toasts(app)
        assert len(screen.query_one("#learner-table", DataTable).rows) == 0
    assert store.learners_in(hold.id) == []
    assert not store.record_path(amira.id).exists()


async def test_a_try_that_cannot_be_counted_is_refused_in_the_dialog(course, data_dir):
    hold, _store, _amira = a_hold(data_dir)
    (data_dir / "guesses.json").mkdir()
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit(pilot, "#code", hold.code)  # the code is refused too
        assert "kan ikke tælles" in text(app)
        assert isinstance(app.screen, HoldCodeScreen)


async def test_a_right_pin_is_refused_when_its_try_cannot_be_counted(course, data_dir):
    hold, _store, _amira = a_hold(data_dir)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        (data_dir / "guesses.json").unlink(missing_ok=True)
        (data_dir / "guesses.json").mkdir()  # now no try can be written
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(3):
            await submit(pilot, "#secret-1", "0000")
        await submit(pilot, "#secret-1", PIN)
        assert isinstance(app.screen, SecretDialog)
        assert "kan ikke tælles" in text(app)


async def test_an_old_hash_is_replaced_at_the_next_right_sign_in(course, data_dir):
    hold, store, amira = a_hold(data_dir)
    path = store.record_path(amira.id)
    data = json.loads(path.read_text("utf-8"))
    data["meta"]["1"]["pin"] = legacy_scrypt_hash(PIN)
    path.write_text(json.dumps(data), "utf-8")
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("enter")
        await pilot.pause()
        await submit(pilot, "#secret-1", PIN)
        assert isinstance(app.screen, CourseMapScreen)
    stored = store.record(amira).meta()["pin"]
    assert stored.startswith("$argon2id$") and store.record(amira).check_pin(PIN)


def test_a_new_passphrase_clears_the_count_of_the_old(data_dir):
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    guard = Guard(data_dir)
    for _ in range(9):
        guard.attempt(passphrase_limit(ADMIN), lambda: False)
    assert guard.wait(passphrase_limit(ADMIN)) > 0
    store.set_passphrase("ny-adgangsfrase")  # what `accounts set-admin` does
    assert guard.wait(passphrase_limit(ADMIN)) == 0
    book = HoldBook(data_dir)
    anna = book.create_account("Anna Lærer", "hemmelig-anna")
    for _ in range(9):
        guard.attempt(passphrase_limit(anna.id), lambda: False)
    book.set_account_passphrase(anna.id, "ny-hemmelig-anna")
    assert guard.wait(passphrase_limit(anna.id)) == 0


async def test_a_hold_gains_learners_up_to_its_cap(course, data_dir):
    hold, store, _amira = a_hold(data_dir)
    book = HoldBook(data_dir)
    book.set_max_learners(hold.id, 2)
    store.create_learner("Bo Jensen", "skole", hold.id, PIN)
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_names(pilot, hold)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Junk 1"
        app.screen.query_one("#pin-1", Input).value = PIN
        await submit(pilot, "#pin-2", PIN)
        assert "Holdet er fuldt (2 deltagere)" in text(app)
    assert len(store.learners_in(hold.id)) == 2
    assert book.set_max_learners(hold.id, 60).learner_cap == 60  # the teacher raises it


def test_a_hold_gains_at_most_30_learners_a_minute(data_dir):
    from datetime import datetime

    from progress.holds import JOINS_PER_MINUTE

    hold = HoldBook(data_dir).create_hold("Stort hold", "skole")
    hold = HoldBook(data_dir).set_max_learners(hold.id, 200)

    class Member:
        created = datetime.now(UTC).isoformat(timespec="seconds")

    members = [Member()] * JOINS_PER_MINUTE
    assert "Vent et minut" in HoldBook.join_problem(hold, members)
    assert HoldBook.join_problem(hold, members[:-1]) is None


async def test_a_teacher_raises_the_cap_of_a_hold(course, data_dir):
    hold, store, _amira = a_hold(data_dir)
    store.set_passphrase("administrator!")
    app = serve_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await teacher_view(pilot, store)
        await pilot.press("h")
        await pilot.pause()
        assert "1/40" in text(app)
        await pilot.press("p")
        await pilot.pause()
        await submit(pilot, "#cap", "0")
        assert "fra 1 til 500" in text(app)
        await submit(pilot, "#cap", "75")
        assert "1/75" in text(app)
    assert HoldBook(data_dir).hold(hold.id).learner_cap == 75
