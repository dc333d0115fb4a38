"""`medborger report` and `medborger learners`: what HR and teachers get, and privacy."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.cli import main
from course.content.model import Course
from course.reports.learners import build_report
from progress import Store
from tests.conftest import DataOnce
from tests.history import complete_track


def three_learners(course: Course, folder: Path) -> None:
    """One done with the school track, one halfway through the employees', one not started."""
    store = Store(folder)
    done = store.create_learner("Åse Ørum", "skole")
    complete_track(course, store.record(done), "skole", seed=1)
    half = store.create_learner("Kwame; \"K\" =1+1", "medarbejder")
    complete_track(course, store.record(half), "medarbejder", seed=2, share=0.5)
    store.create_learner("Dawit", "frivillig")


@pytest.fixture
def folks(course: Course, data_dir: Path, data_once: DataOnce) -> Store:
    """Three learners: one done with the school track, one halfway, one not started."""
    data_once("three learners", lambda folder: three_learners(course, folder), data_dir)
    return Store(data_dir)


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads æ, ø, å right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_report_opens_in_a_danish_spreadsheet(course: Course, folks: Store, data_dir: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "rapport.csv"
    assert main(["--data", str(data_dir), "report", "--out", str(out)]) == 0
    rows = {row["Navn"]: row for row in _csv(out)}
    assert set(rows) == {"Åse Ørum", "Kwame; \"K\" =1+1", "Dawit"}  # ; and " survive
    ase = rows["Åse Ørum"]
    assert ase["Forløb"].startswith("Skoleklasse")
    school = str(len(course.track("skole").modules))
    assert (ase["Moduler færdige"], ase["Moduler i alt"], ase["Gennemført %"]) == (school, school, "100")
    assert ase["Quiz: Vision"].isdigit() and int(ase["Quiz: Vision"]) >= 60
    assert ase["Bevis udstedt"] == "Nej" and ase["Udstedt dato"] == ""
    dawit = rows["Dawit"]
    assert (dawit["Moduler færdige"], dawit["Moduler i alt"]) == (
        "0", str(len(course.track("frivillig").modules)))
    assert b"\r\n" in out.read_bytes()


def test_report_for_one_hold(folks: Store, data_dir: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from progress.holds import HoldBook

    book = HoldBook(data_dir)
    class_a = book.create_hold("8.A Vejleå Skole 2026/27", "skole")
    class_b = book.create_hold("9.B Gildbro Skole 2026/27", "skole")
    folks.create_learner("Amira", "skole", class_a.id)
    folks.create_learner("Bertram", "skole", class_b.id)
    out = tmp_path / "8a.csv"
    assert main(["--data", str(data_dir), "report", "--hold", "8.a vejleå skole 2026/27",
                 "--out", str(out)]) == 0
    rows = _csv(out)
    assert [(r["Navn"], r["Hold"]) for r in rows] == [("Amira", "8.A Vejleå Skole 2026/27")]
    capsys.readouterr()
    assert main(["--data", str(data_dir), "report", "--hold", "10.C"]) == 1
    assert "Der er intet hold, der hedder »10.C«." in capsys.readouterr().err


def test_a_name_that_looks_like_a_formula_is_not_run_by_the_spreadsheet(
        folks: Store, data_dir: Path, tmp_path: Path) -> None:
    store = Store(data_dir)
    store.create_learner("=HYPERLINK(\"http://x\")", "skole")
    out = tmp_path / "r.csv"
    main(["--data", str(data_dir), "report", "--out", str(out)])
    names = [row["Navn"] for row in _csv(out)]
    assert "'=HYPERLINK(\"http://x\")" in names


def test_report_for_one_track_in_json_and_markdown(folks: Store, data_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data_dir), "report", "--track", "skole", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["forløb"] == "skole" and data["antal"] == 1
    assert data["deltagere"][0]["Navn"] == "Åse Ørum"
    assert main(["--data", str(data_dir), "report", "--format", "md"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Medborgerskab i Ishøj – rapport")
    assert "| Åse Ørum |  | Skoleklasse" in text  # no hold: an empty Hold column
    assert len({line.count(" | ") for line in text.splitlines() if line.startswith("| ")}) == 1


def test_an_unknown_track_is_refused_in_danish(folks: Store, data_dir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data_dir), "report", "--track", "rektor"]) == 1
    assert "Forløbet »rektor« findes ikke" in capsys.readouterr().err


def test_issued_certificates_show_in_the_report(course: Course, folks: Store,
                                                data_dir: Path, tmp_path: Path) -> None:
    assert main(["--data", str(data_dir), "certificate", "issue", "--learner", "åse ørum",
                 "--out", str(tmp_path / "beviser")]) == 0
    report = build_report(course, Store(data_dir))
    row = next(r for r in report.plain_rows() if r["Navn"] == "Åse Ørum")
    assert row["Bevis udstedt"] is True and row["Udstedt dato"]
    assert row["Bekræftelseskode"].startswith("ISH-")


def test_the_report_names_each_certificates_state_as_the_learners_page_does(
        course: Course, folks: Store, data_dir: Path) -> None:
    """A valid certificate, the same one once it has expired, and a revoked one: the rows
    carry the learner's own page's certificates (Danish dates, code, state) and the files
    the ISO dates and the state."""
    from course.certificates.credential import danish_date
    from course.certificates.page import certificate_page, known_revocations
    from course.certificates.service import issue, revoke
    from tests.certificates.test_certificates import qualifying_learner

    store = Store(data_dir)
    when = (datetime.now(UTC) - timedelta(days=3)).replace(microsecond=0)
    bo = qualifying_learner(course, store, "Bo Ærø", "medarbejder")
    kept = issue(course, store, bo, data_dir / "kursusbeviser", now=when)
    ase = store.find("Åse Ørum")
    dropped = issue(course, store, ase, data_dir / "kursusbeviser", now=when)
    revoke(data_dir, dropped.code, "Udstedt ved en fejl")

    report = build_report(course, store)
    rows = {row.learner.name: row for row in report.rows}
    record = store.record(bo)
    page = certificate_page(course, bo.track, record.facts(), record.certificates(),
                            datetime.now(UTC), known_revocations(data_dir))
    # the very lines the learner sees (the summary a report reads names no files)
    assert [c.summary() for c in rows["Bo Ærø"].certificates] == [c.summary() for c in page.issued]
    [cert] = rows["Bo Ærø"].certificates
    until = kept.doc["validUntil"]
    assert cert.summary() == (f"Udstedt {danish_date(when)}, kode {kept.code}, gyldigt til "
                              f"{danish_date(until)}")
    assert rows["Åse Ørum"].certificate.summary() == (
        f"Udstedt {danish_date(when)}, kode {dropped.code}, tilbagekaldt")
    assert rows["Dawit"].certificate is None

    plain = {row["Navn"]: row for row in report.plain_rows()}
    assert plain["Bo Ærø"]["Udstedt dato"] == when.date().isoformat()
    assert plain["Bo Ærø"]["Gyldigt til"] == until[:10]
    assert plain["Bo Ærø"]["Bevisstatus"] == "gyldigt"
    assert plain["Åse Ørum"]["Bevisstatus"] == "tilbagekaldt"
    assert plain["Åse Ørum"]["Gyldigt til"] is None  # the school track's does not expire
    assert plain["Dawit"]["Bevisstatus"] is None and plain["Dawit"]["Bevis udstedt"] is False
    later = build_report(course, store, moment=when + timedelta(days=4 * 366))
    row = next(r for r in later.rows if r.learner.name == "Bo Ærø")
    assert row.certificate.expired
    assert row.certificate.summary().endswith(f", udløbet {danish_date(until)}")
    assert row.plain(course)["Bevisstatus"] == "udløbet"

    # a summary from before it named the certificate's end is not trusted: the record is read
    summary = store.learner_dir / f"{bo.id}.summary.json"
    doc = json.loads(summary.read_text("utf-8"))
    assert doc["certificates"][0]["valid_until"] == until
    for entry in doc["certificates"]:
        del entry["valid_until"]
    summary.write_text(json.dumps(doc), "utf-8")
    row = next(r for r in build_report(course, store, moment=when + timedelta(days=4 * 366)).rows
               if r.learner.name == "Bo Ærø")
    assert row.certificate.expired


def test_the_report_trusts_a_summary_only_when_it_matches_its_record(
        course: Course, folks: Store, data_dir: Path) -> None:
    store = Store(data_dir)
    ase = store.find("Åse Ørum")
    summary = store.learner_dir / f"{ase.id}.summary.json"
    old = summary.read_bytes()
    # Åse's record is rewritten; then a crash leaves the summary as it was before. The
    # attempt is stamped after everything the fixture wrote, whatever today's date is.
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")
    store.record(ase).save_attempt({"id": "x", "module": "forord", "finished": later,
                                    "passed": False, "percent": 10.0, "answers": []})
    summary.write_bytes(old)
    old_doc = json.loads(old)
    old_doc["passed"] = []  # were it trusted, no module would count as done
    summary.write_text(json.dumps(old_doc), "utf-8")
    row = next(r for r in build_report(course, store).rows if r.learner.id == ase.id)
    school = len(course.track("skole").modules)
    assert row.modules_done == school and row.last_activity == later
    summary.unlink()  # no summary at all: the record is read
    row = next(r for r in build_report(course, store).rows if r.learner.id == ase.id)
    assert row.modules_done == school


def test_a_damaged_record_is_named_in_the_report_and_left_alone(
        course: Course, folks: Store, data_dir: Path) -> None:
    store = Store(data_dir)
    dawit = store.find("Dawit")
    path = store.learner_dir / f"{dawit.id}.json"
    path.write_text("{ikke json", "utf-8")
    row = next(r for r in build_report(course, store).rows if r.learner.id == dawit.id)
    assert row.problem and "kunne ikke læses" in row.problem
    assert path.read_text("utf-8") == "{ikke json"  # a report never moves or writes


def test_module_completion_counts_learners_whose_track_has_the_module(
        course: Course, folks: Store) -> None:
    completion = dict((title, (done, total)) for title, done, total
                      in build_report(course, folks).module_completion())
    assert completion["Forord"] == (2, 3)  # Åse and the first half of Kwame's track
    for module in course.modules:  # a module not on the school track counts two learners
        on_school = module.id in course.track("skole").modules
        assert completion[module.title][1] == (3 if on_school else 2)


def test_export_gives_everything_recorded_about_a_learner(
        folks: Store, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "indsigt.json"
    assert main(["--data", str(data_dir), "learners", "export", "Åse Ørum",
                 "--out", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["deltager"]["name"] == "Åse Ørum"
    tables = data["optegnelser"]
    assert len(tables["attempts"]) >= 2 and tables["pages"] and tables["reviews"]


def test_delete_asks_first_and_then_removes_everything(
        folks: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    dawit = Store(data_dir).find("Dawit")
    monkeypatch.setattr("builtins.input", lambda prompt="": "nej")
    assert main(["--data", str(data_dir), "learners", "delete", "Dawit"]) == 1
    assert "Intet er slettet" in capsys.readouterr().out
    assert Store(data_dir).find("Dawit") == dawit

    monkeypatch.setattr("builtins.input", lambda prompt="": "ja")
    assert main(["--data", str(data_dir), "learners", "delete", "Dawit"]) == 0
    assert "Dawit er slettet" in capsys.readouterr().out
    assert not any(dawit.id in p.name for p in data_dir.rglob("*"))
    assert main(["--data", str(data_dir), "learners", "export", "Dawit"]) == 1
    assert "ingen deltager" in capsys.readouterr().err


def test_delete_with_yes_and_list(folks: Store, data_dir: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data_dir), "learners", "delete", "Dawit", "--yes"]) == 0
    capsys.readouterr()
    assert main(["--data", str(data_dir), "learners", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Åse Ørum" in listing and "Dawit" not in listing




@pytest.mark.slow
def test_delete_also_removes_certificates_kept_in_the_data_folder(
        folks: Store, data_dir: Path, tmp_path: Path) -> None:
    inside, outside = data_dir / "kursusbeviser", tmp_path / "udleveret"
    for out in (inside, outside):
        assert main(["--data", str(data_dir), "certificate", "issue", "--learner", "Åse Ørum",
                     "--out", str(out)]) == 0
    assert len(list(inside.iterdir())) == 2
    assert main(["--data", str(data_dir), "learners", "delete", "Åse Ørum", "--yes"]) == 0
    assert list(inside.iterdir()) == []
    # A copy handed out elsewhere is beyond the program's reach, and is left alone.
    assert len(list(outside.iterdir())) == 2


def test_a_learner_on_a_track_the_course_no_longer_has_is_named_not_a_crash(
        course: Course, folks: Store) -> None:
    folks.create_learner("Ida", "rektor")  # a track since removed from the manifest
    report = build_report(course, folks)
    row = next(r for r in report.rows if r.learner.name == "Ida")
    assert row.problem == "forløbet findes ikke længere i kurset"
    completion = dict((title, (done, total)) for title, done, total
                      in report.module_completion())
    assert completion["Forord"] == (2, 3)  # Ida is not counted anywhere
    assert "Bemærkning" in report.columns
