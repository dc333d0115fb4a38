"""Issue 14: no file, index row or input ends in a traceback or reaches outside the data folder.

One test (or a few) per class of fault the fault-injection run found: ids used as paths,
files that cannot be opened, bad index rows, a missing index, names printed raw by the
CLI, damaged records that lose more than they must, the CSV formula guard, app.py
outside its environment, and a briefly locked file on a network share.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.files import FileProblem, atomic_write_text, danish_reason
from course.reports.formats import to_csv
from progress import DamagedRecordError, Store
from progress.paths import OutsideDataFolder, inside, valid_hold_id, valid_learner_id

ROOT = Path(__file__).resolve().parents[2]


def _index(store: Store) -> dict:
    return json.loads(store.index_path.read_text("utf-8"))


def _write_index(store: Store, data: dict) -> None:
    store.index_path.write_text(json.dumps(data), "utf-8")


# -- ids are checked, paths stay inside the data folder -----------------------------------


def test_id_formats() -> None:
    assert valid_learner_id(os.urandom(8).hex())
    for bad in ("../../evil", "", "ABCDEF0123456789", "0123456789abcdef\n", "a/b", None, 7,
                "0123456789abcdef.json", ".." + "0" * 14):
        assert not valid_learner_id(bad), bad
    assert valid_hold_id(os.urandom(6).hex()) and not valid_hold_id("abcdef\n")


def test_a_path_out_of_the_data_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    assert inside(root, "learners", "x.json") == root / "learners" / "x.json"
    with pytest.raises(OutsideDataFolder) as caught:
        inside(root, "..", "evil")
    assert "uden for datamappen" in str(caught.value)
    assert isinstance(caught.value, OSError)  # every OSError handler tells it in Danish
    (root / "kursusbeviser").symlink_to(tmp_path)  # a planted link
    with pytest.raises(OutsideDataFolder):
        inside(root, "kursusbeviser", "bevis.pdf")


def test_an_index_row_with_a_path_for_an_id_touches_nothing_outside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "skole" / "data"
    store = Store(data)
    sara = store.create_learner("Sara", "skole")
    store.record(sara).mark_page_seen("forord", 0)
    victim = tmp_path / "evil.json"
    victim.write_text('{"meta": {"1": {"id": "../../evil", "schema": 2}}}', "utf-8")
    index = _index(store)
    index["learners"]["2"] = {"id": "../../evil", "name": "Eve", "track": "skole",
                              "created": "2026-01-01T00:00:00+00:00"}
    _write_index(store, index)
    before = victim.read_bytes()

    fresh = Store(data)
    assert [l.id for l in fresh.learners()] == [sara.id]  # Eve's row is skipped …
    assert any("Række 2, id ../../evil i listen over deltagere kan ikke bruges (id'et har "
               "ikke den rigtige form)" in n for n in fresh.notices)
    fresh.summaries()
    assert main(["learners", "list", "--data", str(data)]) == 0
    assert main(["learners", "delete", "../../evil", "--yes", "--data", str(data)]) == 1
    assert main(["report", "--data", str(data)]) == 0
    err = capsys.readouterr().err
    assert "Der er ingen deltager, der hedder »../../evil«" in err and "Traceback" not in err
    assert victim.read_bytes() == before  # … and the file outside is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.json", "skole"]


def test_a_record_that_is_a_link_out_of_the_data_folder_is_not_followed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara = store.create_learner("Sara", "skole")
    outside = tmp_path / "elsewhere.json"
    outside.write_text("not json", "utf-8")
    path = store.learner_dir / f"{sara.id}.json"
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(OutsideDataFolder):
        store.record(sara)
    assert Store(data).summaries()[0][1] is None  # the report names the problem instead
    assert outside.read_text("utf-8") == "not json"  # never moved aside, never overwritten


def test_a_learners_folder_that_links_elsewhere_is_refused_but_links_inside_work(
        tmp_path: Path) -> None:
    from progress.paths import learner_file

    data = tmp_path / "data"
    (data / "real").mkdir(parents=True)
    (data / "learners").symlink_to(data / "real")  # a link that stays inside: fine
    assert learner_file(data, "0123456789abcdef") == data / "learners" / "0123456789abcdef.json"
    (data / "learners").unlink()
    (data / "learners").symlink_to(tmp_path)  # a link out of the folder: refused
    with pytest.raises(OutsideDataFolder):
        learner_file(data, "0123456789abcdef")
    with pytest.raises(ValueError):
        learner_file(data, "0123456789abcdef", "/../../x")


def test_erasure_removes_certificates_only_inside_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara = store.create_learner("Sara", "skole")
    inside_file = data / "kursusbeviser" / "bevis.pdf"
    inside_file.parent.mkdir()
    inside_file.write_text("pdf", "utf-8")
    elsewhere = tmp_path / "bevis.pdf"
    elsewhere.write_text("pdf", "utf-8")
    sneaky = data / "kursusbeviser" / ".." / ".." / "bevis.pdf"
    store.record(sara).save_certificate({"id": "c1", "pdf": str(inside_file),
                                         "json": str(sneaky)})
    removed = store.delete_learner(sara)
    assert inside_file in removed and not inside_file.exists()
    assert elsewhere.exists()


# -- files that cannot be opened ------------------------------------------------------------


def test_danish_reasons_for_os_errors() -> None:
    import errno

    assert danish_reason(PermissionError(errno.EACCES, "Permission denied")).startswith(
        "ingen adgang")
    assert "mappe" in danish_reason(IsADirectoryError(errno.EISDIR, "Is a directory"))
    assert danish_reason(OSError(errno.ENOSPC, "No space")) == "disken er fuld"
    assert "fejl 9999" in danish_reason(OSError(9999, "Weird"))
    assert "låst" in danish_reason(TimeoutError("The file lock could not be acquired"))


def _folder_for_record(store: Store, learner) -> None:
    path = store.learner_dir / f"{learner.id}.json"
    path.unlink()
    path.mkdir()  # a folder in place of the record


def _no_access(monkeypatch: pytest.MonkeyPatch, blocked: Path) -> None:
    """Reading ``blocked`` fails with PermissionError (the tests may run as root)."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == blocked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_a_folder_in_place_of_a_record_is_named_not_a_crash(
        course, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    store.record(omar).mark_page_seen("forord", 0)
    _folder_for_record(store, sara)
    (store.learner_dir / f"{sara.id}.summary.json").unlink(missing_ok=True)

    with pytest.raises(FileProblem) as caught:
        Store(data).record(sara).facts()
    assert "der ligger en mappe, hvor filen skulle være" in str(caught.value)
    assert (store.learner_dir / f"{sara.id}.json").is_dir()  # left as it is, not moved
    problems = {l.name: p for l, s, p in Store(data).summaries()}
    assert problems == {"Sara": "der ligger en mappe, hvor filen skulle være", "Omar": None}
    assert main(["report", "--data", str(data), "--format", "md"]) == 0
    out, err = capsys.readouterr()
    assert "filen kunne ikke læses: der ligger en mappe" in out and "Traceback" not in err
    assert main(["learners", "export", "Sara", "--data", str(data)]) == 0
    assert "filen kunne ikke læses" in capsys.readouterr().out


def test_an_unreadable_record_index_and_holds_file_in_the_cli(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara = store.create_learner("Sara", "skole")
    store.create_learner("Omar", "skole")
    _no_access(monkeypatch, store.index_path)
    # The index cannot be opened: the learners are listed from their own files.
    assert main(["learners", "list", "--data", str(data)]) == 0
    out, err = capsys.readouterr()
    assert "Sara" in out and "Omar" in out
    assert "Listen over deltagere kan ikke åbnes eller skrives (ingen adgang" in err
    # A record that cannot be opened: export says so; delete removes what it can and says so.
    monkeypatch.undo()
    _no_access(monkeypatch, store.learner_dir / f"{sara.id}.json")
    assert main(["learners", "export", sara.id, "--data", str(data)]) == 0
    assert "ingen adgang" in capsys.readouterr().out
    (data / "holds.json").mkdir()
    assert main(["report", "--hold", "8.A", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "holds.json kan ikke læses (der ligger en mappe" in err and "Traceback" not in err


def test_an_index_that_cannot_be_opened_is_never_moved_or_rebuilt(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    (store.learner_dir / f"{sara.id}.json").write_text("{cut", "utf-8")  # unreadable too
    store.index_path.unlink()
    store.index_path.mkdir()  # a folder in place of the index
    fresh = Store(tmp_path)
    assert fresh.learners() == []
    assert "kan ikke åbnes eller skrives (der ligger en mappe" in fresh.notices[0]
    assert store.index_path.is_dir() and not (tmp_path / "damaged").exists()


def test_erasure_that_cannot_remove_a_file_says_which(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara = store.create_learner("Sara", "skole")
    store.record(sara).mark_page_seen("forord", 0)
    record = store.learner_dir / f"{sara.id}.json"
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == record:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert main(["learners", "delete", "Sara", "--yes", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "Sara er kun delvis slettet" in err and f"{sara.id}.json (ingen adgang" in err
    assert not (store.learner_dir / f"{sara.id}.summary.json").exists()


async def test_the_app_starts_and_tells_when_a_record_cannot_be_opened(
        course, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import OptionList

    from course.tui.screens.profiles import ProfileScreen
    from tests.tui.helpers import make_app

    store = Store(data_dir)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    _folder_for_record(store, sara)
    _no_access(monkeypatch, store.learner_dir / f"{omar.id}.json")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        table = app.screen.query_one("#learners", OptionList)
        assert table.option_count == 2
        await pilot.press("enter")  # Sara: a folder in place of her record
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("down", "enter")  # Omar: no access
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        messages = [n.message for n in app._notifications]
        assert any("der ligger en mappe, hvor filen skulle være" in m for m in messages)
        assert any("ingen adgang" in m for m in messages)
        await pilot.press("l")  # the teachers' view: first use, a passphrase is chosen
        await pilot.pause()
        dialog = app.screen
        for field in dialog.query("Input"):
            field.value = "Lærerværelset 2026"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "TeacherScreen"
        assert len(app.screen.report.rows) == 2
        assert all(row.problem for row in app.screen.report.rows)


async def test_certificates_and_cards_that_cannot_be_read_are_named_not_a_crash(
        course, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record opened, then a share went away: the certificate page and the
    flashcards say so in Danish and go on, empty."""
    from progress.records import Record
    from tests.tui.helpers import make_app

    Store(data_dir).create_learner("Sara", "skole")

    def gone(self):
        raise PermissionError(13, "Permission denied", str(self.path))

    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        monkeypatch.setattr(Record, "certificates", gone)
        monkeypatch.setattr(Record, "cards", gone)
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "CertificateScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Dine kursusbeviser kan ikke læses (ingen adgang" in m for m in messages)
        assert any("Dine kort kan ikke læses (ingen adgang" in m for m in messages)


# -- index rows one by one; a missing index ---------------------------------------------------


BAD_ROWS = {
    "no_created": ({"id": "0123456789abcdef", "name": "A", "track": "skole"},
                   "datoen for oprettelsen mangler"),
    "name_null": ({"id": "0123456789abcdef", "name": None, "track": "skole",
                   "created": "2026"}, "navnet mangler"),
    "name_number": ({"id": "0123456789abcdef", "name": 7, "track": "skole", "created": "2026"},
                    "navnet er ikke en tekst"),
    "track_list": ({"id": "0123456789abcdef", "name": "A", "track": ["skole"],
                    "created": "2026"}, "forløbet er ikke en tekst"),
    "id_path": ({"id": "../x", "name": "A", "track": "skole", "created": "2026"},
                "id'et har ikke den rigtige form"),
    "hold_path": ({"id": "0123456789abcdef", "name": "A", "track": "skole", "created": "2026",
                   "hold": "../../h"}, "holdet har ikke den rigtige form"),
    "not_a_row": ("Mallory", "den er ikke en deltager"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_index_row_is_named_and_skipped(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    store = Store(data)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    index = _index(store)
    index["learners"]["7"] = BAD_ROWS[case][0]
    _write_index(store, index)

    fresh = Store(data)
    assert [l.name for l in fresh.learners()] == ["Sara", "Omar"]
    assert len(fresh.notices) == 1 and "Række 7" in fresh.notices[0]
    assert f"i listen over deltagere kan ikke bruges ({BAD_ROWS[case][1]})" in fresh.notices[0]
    fresh.learners()
    assert len(fresh.notices) == 1  # named once, not on every read
    assert main(["learners", "list", "--data", str(data)]) == 0
    out, err = capsys.readouterr()
    assert "Sara" in out and "Omar" in out and "Række 7" in err
    assert main(["report", "--data", str(data)]) == 0
    # New learners can still be made, and the bad row is left for a person to look at.
    fresh.create_learner("Bo", "skole")
    assert [l.name for l in Store(data).learners()] == ["Sara", "Omar", "Bo"]
    assert _index(store)["learners"]["7"] == BAD_ROWS[case][0]
    assert Store(data).find(sara.id) == sara and Store(data).find("Omar") == omar


@pytest.mark.parametrize("damage", [
    lambda row: row.pop("created"),
    lambda row: row.update(name=7),
    lambda row: row.update(track=["skole"]),
    lambda row: row.update(hold="../../h"),
], ids=["no_created", "name_number", "track_list", "hold_path"])
def test_a_damaged_row_of_a_learner_is_rebuilt_from_their_own_file(
        damage, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The walk's finding: a learner whose row was damaged vanished from every list."""
    data = tmp_path / "data"
    store = Store(data)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    index = _index(store)
    key = next(k for k, row in index["learners"].items() if row["id"] == omar.id)
    damage(index["learners"][key])
    _write_index(store, index)

    fresh = Store(data)
    assert fresh.learners() == [sara, omar]  # Omar is still there, whole
    assert len(fresh.notices) == 1
    assert fresh.notices[0].startswith("Rækken for Omar i listen over deltagere var beskadiget")
    assert "bygget op igen ud fra deltagerens egen fil" in fresh.notices[0]
    rows = list(_index(store)["learners"].values())  # the index itself is mended
    assert sorted(row["id"] for row in rows) == sorted([sara.id, omar.id])
    assert next(row for row in rows if row["id"] == omar.id) == {
        k: v for k, v in omar.__dict__.items() if v is not None}
    again = Store(data)
    assert again.learners() == [sara, omar] and again.notices == []
    assert main(["learners", "list", "--data", str(data)]) == 0
    assert "Omar" in capsys.readouterr().out


def test_a_row_whose_id_is_a_list_is_skipped_and_its_learner_put_back(tmp_path: Path) -> None:
    """An id that is not text (a list, found by the fuzz test) is no key to look up: the
    row is named and left alone, and the learner comes back from their own file."""
    data = tmp_path / "data"
    store = Store(data)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    index = _index(store)
    key = next(k for k, row in index["learners"].items() if row["id"] == omar.id)
    index["learners"][key]["id"] = [omar.id]
    _write_index(store, index)

    fresh = Store(data)
    assert fresh.learners() == [sara, omar]
    assert any(f"Række {key} i listen over deltagere kan ikke bruges" in n for n in fresh.notices)
    assert any(n.startswith("Omar manglede i listen over deltagere") for n in fresh.notices)
    assert Store(data).learners() == [sara, omar]
    assert main(["learners", "list", "--data", str(data)]) == 0


def test_a_learner_file_with_no_row_is_put_back_in_the_list(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara, omar = store.create_learner("Sara", "skole"), store.create_learner("Omar", "skole")
    index = _index(store)
    index["learners"] = {k: row for k, row in index["learners"].items() if row["id"] != omar.id}
    index["learners"]["9"] = {"name": "Omar"}  # what is left of his row: no id
    _write_index(store, index)
    fresh = Store(tmp_path)
    assert fresh.learners() == [sara, omar]
    assert any("Omar manglede i listen over deltagere" in n for n in fresh.notices)


def test_a_duplicated_index_row_is_listed_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.create_learner("Sara", "skole")
    index = _index(store)
    index["learners"]["2"] = dict(index["learners"]["1"])
    _write_index(store, index)
    fresh = Store(tmp_path)
    assert [l.name for l in fresh.learners()] == ["Sara"]
    assert "står to gange" in fresh.notices[0]


def test_a_missing_index_is_rebuilt_but_an_empty_folder_is_just_empty(tmp_path: Path) -> None:
    empty = Store(tmp_path / "empty")
    assert empty.learners() == [] and empty.notices == []
    assert not (tmp_path / "empty").exists()  # reading creates nothing
    first = empty.create_learner("Sara", "skole")
    assert empty.notices == []  # the first learner of a new folder is nothing to tell

    store = Store(tmp_path / "data")
    sara = store.create_learner("Sara", "skole")
    omar = store.create_learner("Omar", "frivillig", hold="a1b2c3d4e5f6")
    store.index_path.unlink()
    fresh = Store(tmp_path / "data")
    assert sorted(fresh.learners(), key=lambda l: l.name) == [omar, sara]  # holds too
    assert fresh.notices and "manglede" in fresh.notices[0]
    assert store.index_path.is_file()
    assert first.name == "Sara"


def test_a_learner_whose_index_row_cannot_be_written_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    _no_access(monkeypatch, store.index_path)
    with pytest.raises(FileProblem, match="ingen adgang"):
        store.create_learner("Bo", "skole")
    assert [p.name for p in store.learner_dir.glob("*.json")] == [f"{sara.id}.json"]


def test_creating_a_learner_when_the_index_is_missing_keeps_the_others(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    store.index_path.unlink()
    bo = Store(tmp_path).create_learner("Bo", "skole")
    assert {l.id for l in Store(tmp_path).learners()} == {sara.id, bo.id}


def test_a_rebuilt_index_skips_a_record_that_names_another_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    forged = store.learner_dir / "00000000deadbeef.json"
    forged.write_text(json.dumps({"meta": {"1": {"id": "../../evil", "name": "E", "track": "x",
                                                 "created": "2026", "schema": 2}}}), "utf-8")
    store.index_path.unlink()
    fresh = Store(tmp_path)
    assert [l.id for l in fresh.learners()] == [sara.id]
    assert "1 fil kunne ikke læses" in fresh.notices[0]


# -- the CLI prints nothing raw ------------------------------------------------------------------


NASTY = "Eve\x1b]0;hacked\x07\x1b[2J\r\u202eevil\x9b31m\ud800"


@pytest.mark.parametrize("command", [
    ["report", "--format", "csv"], ["report", "--format", "md"], ["report", "--format", "json"],
    ["learners", "list"], ["learners", "export", "0123456789abcdef"],
])
def test_the_cli_never_writes_a_control_character_from_data_to_the_terminal(
        command: list[str], course, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    store = Store(data)
    store.create_learner("Sara", "skole")
    index = _index(store)
    index["learners"]["2"] = {"id": "0123456789abcdef", "name": NASTY, "track": "skole\x1b[5m",
                              "created": "2026-01-01\x1b[8m"}
    _write_index(store, index)
    code = main([*command, "--data", str(data)])
    out, err = capsys.readouterr()
    assert code == 0, err
    text = out + err
    assert "Eve" in out
    for char in ("\x1b", "\x07", "\x9b", "\u202e", "\ud800"):
        assert char not in text
    assert "\r" not in text.replace("\r\n", "")
    if command[0] == "report" and command[-1] == "json":
        json.loads(out)  # still a JSON document


def test_holds_and_accounts_from_a_forged_file_are_printed_cleaned(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "holds.json").write_text(json.dumps({"holds": [
        {"id": "a1b2c3d4e5f6", "name": "8.A\x1b[2J", "track": "skole\x1b]0;x\x07",
         "owner": "admin", "code": "sol-hest-47\x1b[8m", "code_set": "2026-01-01",
         "code_expires": "2099-01-01\x9b", "created": "2026-01-01"},
        {"id": "../../x", "name": "Ond", "track": "skole", "owner": "admin", "code": "a",
         "code_set": "", "code_expires": "", "created": ""}]}), "utf-8")
    (data / "accounts.json").write_text(json.dumps({"accounts": [
        {"id": "0a0b0c0d0e0f", "name": "Mette\u202e", "passphrase": "", "created": "x\x1b"},
        {"id": "../../y", "name": "Ond", "passphrase": "", "created": ""}]}), "utf-8")
    assert main(["holds", "list", "--data", str(data)]) == 0
    assert main(["accounts", "list", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "8.A␛[2J" in out and "Mette" in out
    assert "Ond" not in out  # rows whose ids are not ids are skipped
    assert not any(c in out for c in ("\x1b", "\x07", "\x9b", "\u202e"))


def test_report_to_a_file_keeps_the_names_exactly(course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store(data)
    store.create_learner("Åse \u202eØ", "skole")
    out = tmp_path / "r.json"
    assert main(["report", "--format", "json", "--out", str(out), "--data", str(data)]) == 0
    assert json.loads(out.read_text("utf-8"))["deltagere"][0]["Navn"] == "Åse \u202eØ"


# -- a damaged record keeps what it can -----------------------------------------------------------


def test_a_record_with_one_bad_table_keeps_the_pin_the_hold_and_the_other_tables(
        tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole", hold="a1b2c3d4e5f6")
    record = store.record(sara)
    record.set_pin("2468")
    record.mark_page_seen("forord", 0)
    record.save_attempt({"id": "a1", "module": "forord", "answers": [{"question": "q1"}]})
    record.save_review({"id": "inklusion", "due": "x"}, {"term": "inklusion", "rating": 3})
    path = store.learner_dir / f"{sara.id}.json"
    data = json.loads(path.read_text("utf-8"))
    data["scenario_runs"] = ["not", "a", "table"]
    path.write_text(json.dumps(data), "utf-8")

    with pytest.raises(DamagedRecordError) as caught:
        store.record(sara).facts()
    message = caught.value.message
    assert "din pinkode, de sider, du har læst, hvor du slap, dine quizforsøg, dine ordkort " \
           "og dine gentagelser af ord" in message
    fresh = store.record(sara)
    assert fresh.check_pin("2468") and fresh.meta()["hold"] == "a1b2c3d4e5f6"
    assert fresh.pages_seen() == {"forord": {0}}
    assert [a["id"] for a in fresh.attempts()] == ["a1"] and len(fresh.reviews()) == 1
    assert json.loads(caught.value.moved_to.read_text("utf-8"))["scenario_runs"] == [
        "not", "a", "table"]  # the original is kept as it was


def test_a_record_cut_short_keeps_every_table_before_the_cut(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    record = store.record(sara)
    record.set_pin("1357")
    record.mark_page_seen("forord", 1)
    for n in range(5):
        record.save_attempt({"id": f"a{n}", "module": "forord", "note": "x" * 500})
    path = store.learner_dir / f"{sara.id}.json"
    text = path.read_text("utf-8")
    path.write_text(text[: text.index('"a3"')], "utf-8")  # cut inside the attempts
    with pytest.raises(DamagedRecordError):
        store.record(sara).facts()
    fresh = store.record(sara)
    assert fresh.check_pin("1357") and fresh.pages_seen() == {"forord": {1}}
    assert fresh.attempts() == []  # the table the cut went through is not guessed at


def test_two_windows_meeting_a_damaged_record_move_it_aside_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    first, second = store.record(sara), store.record(sara)
    store.record(sara).mark_page_seen("forord", 0)
    (store.learner_dir / f"{sara.id}.json").write_text("{broken", "utf-8")
    with pytest.raises(DamagedRecordError):
        first.facts()
    first.mark_page_seen("forord", 2)
    assert second.pages_seen() == {"forord": {2}}  # no second move of the fresh file
    assert len(list((tmp_path / "damaged").iterdir())) == 1


# -- the CSV formula guard ------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "＝1+1", "＋1", "－1", "＠x",
                                  "\t=1", "\r=1", " =1", "\u3000＝1", "\n=1", "\tAli"])
def test_the_csv_guard_covers_full_width_signs_and_leading_whitespace(cell: str) -> None:
    written = to_csv(["Navn"], [{"Navn": cell}])
    row = written.split("\r\n")[1]
    assert row.lstrip('"').startswith("'"), row


@pytest.mark.parametrize("cell", ["Åse", " Åse", "Ali-Hassan", "80 %"])
def test_the_csv_guard_leaves_ordinary_names_alone(cell: str) -> None:
    assert to_csv(["Navn"], [{"Navn": cell}]).split("\r\n")[1].strip('"') == cell


# -- app.py outside its environment ---------------------------------------------------------------


def test_app_py_without_its_packages_says_how_to_start_the_course() -> None:
    # -I -S: no site-packages, as with a system Python that has no textual
    result = subprocess.run([sys.executable, "-I", "-S", str(ROOT / "app.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "uv run medborger" in result.stderr and "»textual«" in result.stderr
    assert "Traceback" not in result.stderr


# -- a briefly locked file on a network share ---------------------------------------------------


def test_a_replace_is_retried_while_the_target_is_briefly_locked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course import files as storage

    real = os.replace
    failures = {"left": 3}
    pauses: list[float] = []

    def flaky(src, dst):
        if failures["left"]:
            failures["left"] -= 1
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(storage.os, "replace", flaky)
    monkeypatch.setattr(storage.time, "sleep", pauses.append)
    target = tmp_path / "learners.json"
    atomic_write_text(target, "{}")
    assert target.read_text("utf-8") == "{}" and failures["left"] == 0
    assert pauses == list(storage.REPLACE_DELAYS[:3])  # growing pauses between tries
    assert not list(tmp_path.glob(".*.tmp"))

    # Locked for good: given up after the last pause, in Danish, the old file intact.
    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(storage.os, "replace", locked)
    with pytest.raises(FileProblem) as caught:
        atomic_write_text(target, '{"new": 1}')
    assert "ingen adgang" in str(caught.value) and target.read_text("utf-8") == "{}"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_store_write_survives_a_briefly_locked_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course import files as storage

    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    real = os.replace
    failures = {"left": 2}

    def flaky(src, dst):
        if failures["left"] and str(dst).endswith(f"{sara.id}.json"):
            failures["left"] -= 1
            raise PermissionError(13, "locked", str(dst))
        real(src, dst)

    monkeypatch.setattr(storage.os, "replace", flaky)
    monkeypatch.setattr(storage.time, "sleep", lambda _s: None)
    store.record(sara).mark_page_seen("forord", 3)
    assert Store(tmp_path).record(sara).pages_seen() == {"forord": {3}}
    assert failures["left"] == 0


def test_a_damaged_record_keeps_a_teachers_reset_pending(tmp_path: Path) -> None:
    """The one-time code a teacher gave still opens the salvaged record once, and the
    learner must still choose a new PIN: the code never becomes their PIN."""
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole", hold="a1b2c3d4e5f6")
    store.record(sara).set_pin("2468")
    code = store.record(sara).reset_pin()
    path = store.learner_dir / f"{sara.id}.json"
    data = json.loads(path.read_text("utf-8"))
    data["scenario_runs"] = ["not", "a", "table"]
    path.write_text(json.dumps(data), "utf-8")

    with pytest.raises(DamagedRecordError):
        store.record(sara).facts()
    fresh = store.record(sara)
    assert fresh.pin_reset() and fresh.check_pin(code) and not fresh.check_pin("2468")
