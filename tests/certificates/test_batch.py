"""Issuing for a whole hold: `medborger certificate issue --hold HOLD` issues to everyone
who has earned a certificate and has none, one line per learner, and a ZIP of the PDFs
for HR. Twice gives no duplicates."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from course.certificates import service
from course.cli import main
from course.content.model import Course
from progress import Store
from progress.holds import HoldBook
from tests.certificates.test_certificates import complete_module

from .conftest import WHEN


def _hold(course: Course, store: Store) -> str:
    hold = HoldBook(store.root).create_hold("8.b", "skole")
    for name in ("Aisha Ølund", "Bo Åkesson"):
        learner = store.create_learner(name, "skole", hold=hold.id)
        for module in course.modules_for("skole"):
            complete_module(course, store, learner, module.id)
    store.create_learner("Chen Li", "skole", hold=hold.id)  # has not started
    store.create_learner("Dana Udenfor", "skole")  # in no hold
    return hold.id


def test_batch_twice_gives_no_duplicates(course: Course, store: Store, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _hold(course, store)
    out = tmp_path / "hr"
    command = ["--data", str(store.root), "certificate", "issue", "--hold", "8.B", "--out",
               str(out)]
    assert main(command) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[0].startswith("Aisha Ølund: kursusbevis udstedt (ISH-")
    assert first[1].startswith("Bo Åkesson: kursusbevis udstedt (ISH-")
    assert first[2].startswith("Chen Li: er ikke færdig endnu (mangler ")
    assert first[3] == ("Holdet »8.b«: 2 udstedt nu, 0 havde allerede et, 1 er ikke "
                        "færdige.")
    assert first[4] == f"PDF'erne til HR (ZIP): {out / 'kursusbeviser-8-b.zip'}"
    assert len(first) == 5 and "Dana" not in "\n".join(first)
    aisha = first[0].split("(")[1].rstrip(").")

    assert main(command) == 0  # again: nothing new
    second = capsys.readouterr().out.splitlines()
    assert second[0] == f"Aisha Ølund: har allerede et kursusbevis ({aisha})."
    assert second[3].startswith("Holdet »8.b«: 0 udstedt nu, 2 havde allerede et")
    for learner in store.learners():
        assert len(store.record(learner).certificates()) == (
            1 if learner.name in ("Aisha Ølund", "Bo Åkesson") else 0)
    assert len(list(out.glob("*.json"))) == 2 and len(list(out.glob("*.pdf"))) == 2
    with zipfile.ZipFile(out / "kursusbeviser-8-b.zip") as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(p.name for p in out.glob("*.pdf"))
        assert all(archive.read(n).startswith(b"%PDF") for n in names)
    # every PDF in the ZIP verifies by itself
    for pdf in out.glob("*.pdf"):
        assert service.verify_file(pdf, data_dir=store.root).valid


def test_batch_is_ui_free_and_returns_lines(course: Course, store: Store,
                                            tmp_path: Path) -> None:
    hold_id = _hold(course, store)
    batch = service.issue_hold(course, store, hold_id, tmp_path, now=WHEN)
    assert [line.outcome for line in batch.lines] == [service.ISSUED, service.ISSUED,
                                                      service.NOT_YET]
    assert batch.zip_path is not None and batch.zip_path.is_file()
    again = service.issue_hold(course, store, hold_id, tmp_path, now=WHEN)
    assert [line.outcome for line in again.lines] == [service.HAD_ONE, service.HAD_ONE,
                                                      service.NOT_YET]
    assert [line.code for line in again.lines[:2]] == [line.code for line in batch.lines[:2]]


def test_an_unknown_hold(store: Store, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(store.root), "certificate", "issue", "--hold", "9.z",
                 "--out", str(tmp_path)]) == 1
    assert "Der er intet hold, der hedder »9.z«." in capsys.readouterr().err
