"""The teachers' view issues certificates for a whole hold (B on the holds screen, then a
confirm), the same as `medborger certificate issue --hold`: only the teacher's own hold,
twice gives no duplicates."""

from __future__ import annotations

from textual.widgets import Input

from course.tui.app import CourseApp
from course.tui.screens.holds import HoldsScreen
from progress import Store
from progress.holds import HoldBook
from tests.certificates.test_certificates import complete_module


async def _sign_in(pilot, name: str, passphrase: str) -> None:
    await pilot.press("l")
    await pilot.pause()
    pilot.app.screen.query_one("#secret-name", Input).value = name
    field = pilot.app.screen.query_one("#secret-1", Input)
    field.focus()
    field.value = passphrase
    await pilot.press("enter")
    await pilot.pause()


async def test_b_issues_for_the_teachers_hold_once(course, data_dir) -> None:
    book = HoldBook(data_dir)
    anna = book.create_account("Anna Lærer", "hemmelig-anna")
    hold = book.create_hold("8.A Vejleå Skole 2026/27", "skole", anna.id)
    store = Store(data_dir)
    store.set_passphrase("administrator!")
    done = store.create_learner("Amira Hassan", "skole", hold.id)
    for module in course.modules_for("skole"):
        complete_module(course, store, done, module.id)
    store.create_learner("Bertram Lund", "skole", hold.id)  # not done yet
    app = CourseApp(course, store)
    messages: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _sign_in(pilot, "anna lærer", "hemmelig-anna")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HoldsScreen)
        for _ in range(2):
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("j")  # the confirm: Ja
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages.append("\n".join(f"{n.title}\n{n.message}" for n in app._notifications))
    assert "Holdet »8.A Vejleå Skole 2026/27«: 1 udstedt nu, 0 havde allerede et, 1 er " \
           "ikke færdige." in messages[0]
    assert "Amira Hassan: kursusbevis udstedt (ISH-" in messages[0]
    assert "ZIP-fil til HR: kursusbeviser/kursusbeviser-8-a-vejleaa-skole-2026-27.zip" in \
        messages[0]
    assert "0 udstedt nu, 1 havde allerede et" in messages[1]
    assert len(store.record(done).certificates()) == 1
