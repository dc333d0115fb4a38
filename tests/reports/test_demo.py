"""Sample data (`medborger demo-data`, course.reports.demo): learners in holds with real histories,
signed certificates that verify, teacher accounts that see only their own holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from course.certificates.service import verify_file
from course.cli import main
from course.reports.demo import ADMIN_PASSPHRASE, DEMO_PIN, TEACHER_PASSPHRASE, DemoProblem, fill
from course.tui.app import CourseApp
from course.tui.screens.teacher import TeacherScreen
from progress import Store
from progress.holds import ADMIN, HoldBook


def content_args() -> list[str]:
    """--content for the CLI when the tests run on another content folder."""
    other = os.environ.get("MEDBORGER_TEST_CONTENT")
    return ["--content", other] if other else []


@pytest.fixture(scope="module")
def demo(course, tmp_path_factory) -> tuple[Path, object]:
    """One demo folder for the module: 18 learners on 3 holds."""
    root = tmp_path_factory.mktemp("demo") / "data"
    return root, fill(course, root, learners=18, holds=3, seed=7)




@pytest.mark.slow
def test_the_cli_makes_a_folder_with_learners_in_holds_and_certificates(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["demo-data", "--data", str(data), "--learners", "12", "--holds", "3",
                 *content_args()]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"12 deltagere på 3 hold (2 lærerkonti) i {data}; ")
    holds = HoldBook(data).holds()
    for hold in holds:
        assert f"{hold.name}: {hold.code}" in out
    assert f"lærernes adgangsfrase: {TEACHER_PASSPHRASE}" in out
    assert f"administratorens adgangsfrase: {ADMIN_PASSPHRASE}" in out
    assert f"deltagernes pinkode: {DEMO_PIN}." in out
    assert {h.name for h in holds} == {"8.A Vejleå Skole 2026/27", "9.B Gildbro Skole 2026/27",
                                       "Introforløb januar 2027"}

    # The report lists every learner with their hold; some have a certificate.
    assert main(["--data", str(data), "report", "--format", "json", *content_args()]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = report["deltagere"]
    assert len(rows) == 12
    assert {row["Hold"] for row in rows} == {h.name for h in holds}
    issued = [row for row in rows if row["Bevis udstedt"]]
    certificates = int(out.split("; ")[1].split(" har et kursusbevis")[0])
    assert len(issued) == certificates >= 1
    assert all(row["Gennemført %"] == 100 for row in issued)
    assert any(0 < row["Gennemført %"] < 100 for row in rows)

    # A teacher's hold in the report on its own.
    assert main(["--data", str(data), "report", "--hold", "8.A Vejleå Skole 2026/27",
                 "--format", "json", *content_args()]) == 0
    one = json.loads(capsys.readouterr().out)["deltagere"]
    assert one and {row["Hold"] for row in one} == {"8.A Vejleå Skole 2026/27"}

    # The certificates are signed with the folder's key and verify.
    files = sorted((data / "kursusbeviser").glob("*.json"))
    assert len(files) == certificates
    for path in files:
        result = verify_file(path, data_dir=data)
        assert result.valid, result




@pytest.mark.slow
def test_the_learners_sign_in_with_the_demo_pin_and_have_real_histories(demo) -> None:
    root, made = demo
    store = Store(root)
    learners = store.learners()
    assert len(learners) == made.learners == 18
    assert all(learner.hold for learner in learners)
    tracks = {h.id: h.track for h in HoldBook(root).holds()}
    assert all(learner.track == tracks[learner.hold] for learner in learners)
    assert store.check_passphrase(ADMIN_PASSPHRASE)
    some = learners[0]
    assert store.record(some).check_pin(DEMO_PIN)
    # Histories as the screens write them: attempts with answers, runs, pages, a place
    # to go on from.
    facts = [store.record(learner).facts() for learner in learners]
    assert any(f.attempts and f.attempts[0]["answers"] for f in facts)
    assert any(f.runs for f in facts)
    assert sum(1 for f in facts if f.position is not None) >= len(learners) // 2
    assert any(not f.pages for f in facts)  # a few have only just signed in
    # Danish and international names.
    names = " ".join(learner.name for learner in learners)
    assert any(c in names for c in "æøåÆØÅ") or any(ord(c) > 127 for c in names)




@pytest.mark.slow
def test_the_same_seed_makes_the_same_people(course, tmp_path: Path, demo) -> None:
    root, made = demo
    again = fill(course, tmp_path / "again", learners=18, holds=3, seed=7)

    def people(folder: Path) -> list[tuple]:
        store = Store(folder)
        holds = {h.id: h.name for h in HoldBook(folder).holds()}
        return [(l.name, l.track, holds[l.hold],
                 sorted((m, sorted(p)) for m, p in store.record(l).facts().pages.items()),
                 len(store.record(l).attempts()))
                for l in store.learners()]

    assert people(root) == people(tmp_path / "again")
    assert again.certificates == made.certificates
    # Codes are fresh every time: a demo folder on a server must not have guessable codes.
    assert {h.code for h in again.holds}.isdisjoint({h.code for h in made.holds})
    other = fill(course, tmp_path / "other", learners=18, holds=3, seed=8)
    assert [l.name for l in Store(tmp_path / "other").learners()] != [
        l.name for l in Store(root).learners()]
    assert other.learners == 18


def test_a_folder_with_data_is_never_filled(course, demo, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root, _made = demo
    with pytest.raises(DemoProblem):
        fill(course, root, learners=2)
    assert main(["demo-data", "--data", str(root), "--learners", "2",
                 *content_args()]) == 1
    err = capsys.readouterr().err
    assert "Eksempeldata laves kun i en tom mappe" in err and "Traceback" not in err
    assert len(Store(root).learners()) == 18


async def test_a_teacher_sees_only_their_hold_in_the_demo_folder(course, demo) -> None:
    root, made = demo
    book = HoldBook(root)
    teacher = book.find_account(made.teachers[0])
    mine = {h.id for h in book.holds(teacher.id)}
    assert mine and len(mine) < len(book.holds())
    store = Store(root)
    expected = {l.id for l in store.learners() if l.hold in mine}
    assert expected and len(expected) < len(store.learners())

    app = CourseApp(course, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one("#secret-name", Input).value = teacher.name
        field = app.screen.query_one("#secret-1", Input)
        field.focus()
        field.value = TEACHER_PASSPHRASE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeacherScreen)
        table = app.screen.query_one("#learner-table", DataTable)
        assert {row.key.value for row in table.rows.values()} == expected
        await pilot.press("escape")
        await pilot.pause()
        # The administrator (the demo passphrase, no name) sees every learner.
        await pilot.press("l")
        await pilot.pause()
        field = app.screen.query_one("#secret-1", Input)
        field.focus()
        field.value = ADMIN_PASSPHRASE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TeacherScreen) and app.screen.account is None
        table = app.screen.query_one("#learner-table", DataTable)
        assert len(table.rows) == len(store.learners())
    assert all(h.owner in {a.id for a in book.accounts()} | {ADMIN} for h in book.holds())


def test_the_sample_class_answers_like_a_real_one(course, demo) -> None:
    """Wrong answers are real options (never »ved ikke« for a choice), some questions are
    too easy and some have one tempting wrong option; activity spreads over weeks; about
    a quarter hold a certificate, as docs/drift.md says."""
    from course.content.model import SingleChoice
    from course.reports.stats_report import build_stats

    root, made = demo
    store = Store(root)
    stats = build_stats(course, store, basis="all").stats
    singles = [q for m in stats.modules for q in m.questions
               if isinstance(q.question, SingleChoice)]
    assert singles
    assert all(q.other == 0 for q in singles)  # every answer is one of the options
    assert any(o.picks for q in singles for o in q.options if not o.right)
    answered = [q for m in stats.modules for q in m.questions if q.answers >= 6]
    assert any(q.facility is not None and q.facility > 0.9 for q in answered)  # too easy
    tempting = [q for q in singles if q.answers >= 6 and
                (wrong := sorted((o.picks for o in q.options if not o.right), reverse=True))
                and len(wrong) > 1 and wrong[0] >= 3 and wrong[0] >= 3 * max(1, wrong[1])]
    assert tempting  # one wrong option drawing most wrong answers

    days = {store.record(l).facts().attempts[-1]["finished"][:10]
            for l in store.learners() if store.record(l).facts().attempts}
    assert len(days) >= 5  # not the same day for everyone
    summaries = [s for _, s, _ in store.summaries(store.learners()) if s is not None]
    last = {s.last_activity[:10] for s in summaries if s.last_activity}
    assert len(last) >= 5
    assert made.certificates == round(0.24 * made.learners)  # about a quarter
