"""The certificate screen, PINs and the teachers' view, driven by keyboard at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from course.certificates.service import verify_file
from course.content.model import Course
from course.engine.progress import track_progress
from course.tui.screens.certificate import CertificateScreen
from course.tui.screens.course_map import CourseMapScreen
from course.tui.screens.profiles import ProfileScreen
from course.tui.screens.secret import SecretDialog
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from tests.history import complete_track

from .helpers import make_app, screen_text


def text_of(app) -> str:
    return "\n".join(screen_text(app))


async def choose(pilot: Pilot, index: int = 0) -> None:
    """On the learner list: move to the index-th learner and press Enter."""
    await pilot.pause()
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = text
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_course_map_and_certificate_screen_show_what_is_left(
        course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Åse", "skole")
    complete_track(course, store.record(learner), "skole", share=0.5)
    progress = track_progress(course, "skole", store.record(learner).facts())
    left = sum(len(m.remaining()) for m in progress.modules)
    first_open = next(n for n, m in enumerate(progress.modules) if m.remaining())
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        text = text_of(app)
        assert f"{progress.done} af {len(progress.modules)} moduler færdige" in text
        assert f"Til kursusbeviset mangler {left} ting (B)" in text
        # The highlighted module (the resume point, then one down) says what is left.
        await pilot.press("down")
        await pilot.pause()
        shown = progress.modules[app.screen.query_one("#modules", OptionList).highlighted]
        assert f"Mangler i »{shown.module.title}«: {shown.remaining()[0]}" in text_of(app)

        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CertificateScreen)
        text = text_of(app)
        assert "Det mangler du for at få kursusbeviset" in text
        assert f"☑ 1. {progress.modules[0].module.title}  færdig" in text
        opened = progress.modules[first_open]
        assert f"☐ {first_open + 1}. {opened.module.title}" in text
        assert "Hver quiz skal bestås med mindst 60 %." in text
        await pilot.press("u")  # not earned yet: nothing is issued
        await pilot.pause()
        assert store.record(learner).certificates() == []
        assert not (data_dir / "kursusbeviser").exists()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


@pytest.mark.slow


async def test_a_learner_who_has_done_it_all_issues_a_signed_certificate(
        course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Bo Ærø", "skole")
    complete_track(course, store.record(learner), "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot)
        n = len(course.track("skole").modules)
        assert f"{n} af {n} moduler færdige · ✔ Gennemført! Tryk B for dit kursusbevis." in text_of(app)
        await pilot.press("b")
        await pilot.pause()
        assert "✔ Du har gennemført »Skoleklasse (8.–10. klasse)«!" in text_of(app)
        await pilot.press("u")
        await app.workers.wait_for_complete()  # signed and written off the UI thread
        await pilot.pause()
        issued = store.record(learner).certificates()
        assert len(issued) == 1
        assert f"Bekræftelseskode: {issued[0]['code']}" in text_of(app)
        # named relative to the data folder, so a moved folder still finds the files
        assert issued[0]["json"] == f"kursusbeviser/{Path(issued[0]['json']).name}"
        json_file = store.stored_file(issued[0]["json"])
        assert json_file.parent == data_dir / "kursusbeviser"
        assert store.stored_file(issued[0]["pdf"]).is_file()
        result = verify_file(json_file, data_dir=data_dir)
        assert result.valid, result.reasons
        rows = screen_text(app)
        text = "\n".join(rows)
        assert "Tryk U for at udstede" not in text  # it is issued: the page says so
        assert "Dit kursusbevis er udstedt" in text
        # each path on one line, whole: never wrapped inside the code
        pdf_name = Path(issued[0]["pdf"]).name
        assert any(f"PDF:  kursusbeviser/{pdf_name}" in row for row in rows)


async def test_certificates_are_found_after_the_data_folder_moved(
        course: Course, data_dir: Path, tmp_path: Path) -> None:
    """A record from before paths were relative names the old, absolute place."""
    store = Store(data_dir)
    learner = store.create_learner("Bo Ærø", "skole")
    complete_track(course, store.record(learner), "skole")
    from course.certificates.service import issue

    issued = issue(course, store, learner, data_dir / "kursusbeviser")
    record = store.record(learner)
    [saved] = record.certificates()
    old = tmp_path / "gammel" / "kursusbeviser"  # the data folder was here once
    record.save_certificate({**saved, "pdf": str(old / issued.pdf_path.name),
                             "json": str(old / issued.json_path.name)})
    moved = tmp_path / "ny"
    data_dir.rename(moved)
    store = Store(moved)
    [saved] = store.record(store.find("Bo Ærø")).certificates()
    assert store.stored_file(saved["pdf"]) == moved / "kursusbeviser" / issued.pdf_path.name
    assert store.shown_path(saved["pdf"]) == f"kursusbeviser/{issued.pdf_path.name}"
    app = make_app(course, moved)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot)
        await pilot.press("b")
        await pilot.pause()
        rows = screen_text(app)
        assert any(f"PDF:  kursusbeviser/{issued.pdf_path.name}" in row for row in rows)
        assert app.screen._pdf == moved / "kursusbeviser" / issued.pdf_path.name
        assert str(old) not in "\n".join(rows)




@pytest.mark.slow
async def test_a_second_certificate_is_asked_for_only_while_one_is_valid(
        course: Course, data_dir: Path) -> None:
    """U asks first while the track's newest certificate still holds; once it is revoked,
    the page says so and U issues a new one at once."""
    from course.certificates.credential import danish_date
    from course.certificates.service import issue, revoke
    from course.tui.screens.confirm import ConfirmDialog
    from tests.certificates.conftest import WHEN as WHEN_ISSUED

    store = Store(data_dir)
    learner = store.create_learner("Bo Ærø", "skole")
    complete_track(course, store.record(learner), "skole")
    first = issue(course, store, learner, data_dir / "kursusbeviser", now=WHEN_ISSUED)
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = " ".join(text_of(app).replace("█", " ").split())  # the dialog's lines as one
        assert f"(udstedt {danish_date(WHEN_ISSUED)}, kode {first.code}). Det gælder stadig." \
            in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CertificateScreen)
        assert len(store.record(learner).certificates()) == 1

    revoke(data_dir, first.code, "Udstedt ved en fejl")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 60)) as pilot:
        await choose(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert f"kode {first.code}, tilbagekaldt" in text_of(app)
        assert "Tryk U for at udstede dit kursusbevis" in text_of(app)
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CertificateScreen)
        assert len(store.record(learner).certificates()) == 2


@pytest.mark.slow
async def test_a_pin_keeps_others_out_of_a_profile(course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    sara = store.create_learner("Sara", "skole")
    store.create_learner("Omar", "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot)  # Sara sets a PIN
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, SecretDialog)
        await type_into(pilot, "#secret-1", "12")
        await type_into(pilot, "#secret-2", "12")
        assert "4 til 6 cifre" in text_of(app)
        await type_into(pilot, "#secret-1", "2468")
        await type_into(pilot, "#secret-2", "2468")
        assert isinstance(app.screen, CourseMapScreen)
        assert store.record(sara).check_pin("2468")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)

        await choose(pilot)  # someone else tries Sara's profile
        assert isinstance(app.screen, SecretDialog)
        assert "Pinkode for Sara" in text_of(app)
        for _ in range(4):
            await type_into(pilot, "#secret-1", "1111")
        assert "Forkert pinkode. Prøv igen." in text_of(app)
        await type_into(pilot, "#secret-1", "1111")  # the fifth wrong try
        assert "Forkert pinkode. Vent 1 minut, før du prøver igen." in text_of(app)
        await type_into(pilot, "#secret-1", "2468")  # even the right PIN waits now
        assert "For mange forkerte forsøg" in text_of(app)
        assert isinstance(app.screen, SecretDialog)
        await pilot.press("escape")  # closing the dialog does not reset the count
        await pilot.pause()
        await choose(pilot)
        await type_into(pilot, "#secret-1", "2468")
        assert "For mange forkerte forsøg" in text_of(app)
        await pilot.press("escape")
        await pilot.pause()
        app.guard.clear(f"pin:{sara.id}")  # as if the minute had passed

        await choose(pilot)
        await type_into(pilot, "#secret-1", "2468")
        assert isinstance(app.screen, CourseMapScreen)
        assert app.learner.id == sara.id
        await pilot.press("s")
        await choose(pilot, 1)  # Omar has no PIN
        assert isinstance(app.screen, CourseMapScreen) and app.learner.name == "Omar"


@pytest.mark.slow


async def test_the_teachers_view_needs_the_passphrase(course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    sara = store.create_learner("Sara", "skole")
    complete_track(course, store.record(sara), "skole", share=0.5)
    kim = store.create_learner("Kim", "medarbejder")
    store.record(kim).set_pin("1357")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # first use: choose a passphrase
        await pilot.pause()
        assert "Vælg administratorens adgangsfrase" in text_of(app)
        await type_into(pilot, "#secret-1", "kort")
        await type_into(pilot, "#secret-2", "kort")
        assert "mindst 8 tegn" in text_of(app) and not store.has_passphrase()
        await type_into(pilot, "#secret-1", "Lærerværelset")
        await type_into(pilot, "#secret-2", "Lærerværelset")
        assert isinstance(app.screen, TeacherScreen)
        text = text_of(app)
        assert "2 deltagere" in text and "Sara" in text and "Kim" in text
        school, employee = (len(course.track(t).modules) for t in ("skole", "medarbejder"))
        assert f"/{school} " in text and f"0/{employee} " in text
        assert "Forord" in text and "█" in text and "1/2" in text  # completion bars

        await pilot.press("t")  # one track at a time
        await pilot.pause()
        assert "· 1 deltager " in text_of(app) and "Kim" in text_of(app)  # singular
        await pilot.press("p")  # Kim forgot the PIN: a one-time code replaces it
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("j")  # confirmed
        await pilot.pause()
        assert store.record(kim).has_pin() and store.record(kim).pin_reset()
        assert not store.record(kim).check_pin("1357")
        await pilot.press("e")
        await pilot.pause()
        reports = list((data_dir / "rapporter").glob("rapport-alle-medarbejder-*.csv"))
        assert len(reports) == 1 and reports[0].read_bytes().startswith(b"\xef\xbb\xbf")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)

        await pilot.press("l")  # now the passphrase is asked for
        await pilot.pause()
        await type_into(pilot, "#secret-1", "lærerværelset")
        assert "Forkert navn eller adgangsfrase. Prøv igen." in text_of(app)
        assert isinstance(app.screen, SecretDialog)
        await type_into(pilot, "#secret-1", "Lærerværelset")
        assert isinstance(app.screen, TeacherScreen)
        assert isinstance(app.screen.query_one(DataTable), DataTable)
