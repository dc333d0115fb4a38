"""Learner records: one file per learner, atomic writes, damaged files moved aside."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from course.files import atomic_write_text
from progress import DamagedRecordError, InvalidName, Position, Store, default_data_dir


def test_data_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEDBORGER_DATA", raising=False)
    assert default_data_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("MEDBORGER_DATA", str(tmp_path / "env"))
    assert default_data_dir() == tmp_path / "env"
    assert default_data_dir(tmp_path / "flag") == tmp_path / "flag"  # the flag wins


def test_learner_file_is_named_by_id_never_by_name(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("  ../../etc/passwd [b]x[/b]  ", "skole")
    assert learner.name == "../../etc/passwd [b]x[/b]"
    files = sorted(p.name for p in (tmp_path / "learners").iterdir() if p.suffix == ".json")
    assert files == [f"{learner.id}.json"]
    assert "passwd" not in learner.id
    assert store.learners() == [learner]


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_invalid_names_are_refused_in_danish(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidName) as caught:
        Store(tmp_path).create_learner(name, "skole")
    assert "navn" in str(caught.value).lower()


def test_pages_and_position_survive_a_new_store(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "medarbejder")
    record = store.record(learner)
    record.mark_page_seen("forord", 0)
    record.mark_page_seen("forord", 1)
    record.mark_page_seen("forord", 1)  # seen twice, recorded once
    record.mark_page_seen("vision", 2)

    again = Store(tmp_path).record(learner)
    assert again.pages_seen() == {"forord": {0, 1}, "vision": {2}}
    assert again.position() == Position("vision", 2)
    facts = again.facts()
    assert (facts.pages, facts.position) == ({"forord": {0, 1}, "vision": {2}}, Position("vision", 2))


def test_a_learner_with_no_record_yet_reads_as_empty(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    (tmp_path / "learners" / f"{learner.id}.json").unlink()
    facts = store.record(learner).facts()
    assert (facts.pages, facts.position, facts.attempts, facts.runs) == ({}, None, [], [])


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic_write_text(target, '{"a": 1}')
    atomic_write_text(target, '{"a": 2}')
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_a_document_that_is_not_json_never_touches_the_disk(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    path = tmp_path / "learners" / f"{learner.id}.json"
    before = path.read_bytes()
    with pytest.raises(TypeError):
        store.record(learner)._run(lambda db: db.table("pages").insert({"bad": object()}))
    assert path.read_bytes() == before


def _edit(text: str, change) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data)


DAMAGE = {
    "truncated": lambda text: text[: len(text) // 2],
    "not_json": lambda text: "dette er ikke JSON",
    "empty": lambda text: "",
    "wrong_shape": lambda text: "[1, 2, 3]",
    "wrong_table_shape": lambda text: '{"pages": [1, 2]}',
    "wrong_document_shape": lambda text: _edit(text, lambda d: d["pages"].update({"1": [1, 2]})),
    "not_utf8": lambda text: text.encode("utf-8").replace(b"Sara", b"S\xff\xfeara"),
    "no_meta": lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != "meta"}),
    "schema_not_a_number": lambda text: text.replace('"schema":2', '"schema":"to"'),
    "schema_from_the_future": lambda text: text.replace('"schema":2', '"schema":99'),
    "another_learners_file": lambda text: re.sub(r'"id":"[0-9a-f]+"', '"id":"0000000000000000"', text),
    "extra_data": lambda text: text + text,
}


# What the fresh record keeps of the damaged one (issue 14: salvage what parses): the
# pages seen, and the PIN from the learner's own row. Nothing is taken from another
# learner's file or from a newer version's.
SALVAGED = {
    "truncated": (True, True),  # the cut falls after meta and pages (checked below)
    "not_json": (False, False),
    "empty": (False, False),
    "wrong_shape": (False, False),
    "wrong_table_shape": (False, False),
    "wrong_document_shape": (False, True),  # pages is the bad table; meta is kept
    "not_utf8": (True, True),  # the bad bytes are in the name: the PIN's hash is intact
    "no_meta": (True, False),
    "schema_not_a_number": (True, True),
    "schema_from_the_future": (False, False),
    "another_learners_file": (False, False),
    "extra_data": (True, True),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_record_is_moved_aside_never_overwritten(tmp_path: Path, damage: str) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    other = store.create_learner("Omar", "skole")
    store.record(other).mark_page_seen("forord", 0)
    path = tmp_path / "learners" / f"{learner.id}.json"
    store.record(learner).set_pin("2468")
    store.record(learner).mark_page_seen("forord", 0)
    store.record(learner).save_attempt({"id": "a", "module": "forord", "note": "x" * 2000})
    original = path.read_text("utf-8")
    broken = DAMAGE[damage](original)
    assert broken != original
    broken = broken if isinstance(broken, bytes) else broken.encode("utf-8")
    path.write_bytes(broken)

    with pytest.raises(DamagedRecordError) as caught:
        store.record(learner).pages_seen()
    moved = caught.value.moved_to
    assert moved.read_bytes() == broken  # kept exactly as it was
    assert moved.parent == tmp_path / "damaged"
    assert "ikke slettet" in caught.value.message and str(moved) in caught.value.message
    # The learner goes on with a fresh record holding what could be salvaged; the others
    # are unaffected.
    pages_kept, pin_kept = SALVAGED[damage]
    fresh = store.record(learner)
    assert fresh.pages_seen() == ({"forord": {0}} if pages_kept else {})
    assert fresh.check_pin("2468") is pin_kept
    assert ("de sider, du har læst" in caught.value.message) is pages_kept
    assert ("din pinkode" in caught.value.message) is pin_kept
    assert fresh.meta()["name"] == "Sara" and fresh.meta()["schema"] == 2
    store.record(learner).mark_page_seen("vision", 1)
    assert store.record(learner).pages_seen()["vision"] == {1}
    assert store.record(other).pages_seen() == {"forord": {0}}


def test_a_damaged_index_is_rebuilt_from_the_learner_files(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    omar = store.create_learner("Omar", "medarbejder")
    (tmp_path / "learners.json").write_text('{"learners": {"1": {"id"', "utf-8")

    fresh = Store(tmp_path)
    assert {l.id for l in fresh.learners()} == {sara.id, omar.id}
    assert fresh.notices and "bygget op igen" in fresh.notices[0]
    assert len(list((tmp_path / "damaged").iterdir())) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_learner_files_live_in_the_data_dir_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "nested" / "dir")
    store.create_learner("Sara", "skole")
    assert (tmp_path / "nested" / "dir" / "learners.json").is_file()


def test_attempts_and_runs_are_upserted_by_id_and_survive(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    record = store.record(learner)
    record.save_attempt({"id": "a1", "module": "forord", "finished": None, "responses": {}},
                        Position("forord", activity="quiz"))
    record.save_attempt({"id": "a1", "module": "forord", "finished": None,
                         "responses": {"forord-1": True}})
    record.save_run({"id": "r1", "scenario": "ny-nabo", "finished": None, "path": []})
    facts = Store(tmp_path).record(learner).facts()
    assert [a["responses"] for a in facts.attempts] == [{"forord-1": True}]
    assert facts.open_attempt("forord")["id"] == "a1"
    assert facts.open_run("ny-nabo")["id"] == "r1"
    assert facts.position == Position("forord", 0, "quiz", None)
    record.save_attempt({"id": "a1", "module": "forord", "finished": "2026-01-01T00:00:00+00:00",
                         "percent": 75.0, "passed": True})
    record.save_attempt({"id": "a2", "module": "forord", "finished": "2026-01-02T00:00:00+00:00",
                         "percent": 50.0, "passed": False})
    facts = record.facts()
    assert facts.open_attempt("forord") is None
    assert facts.passed_quizzes() == {"forord"}
    assert facts.best_percent("forord") == 75.0
    with pytest.raises(ValueError):
        record.save_attempt({"module": "forord"})


def test_an_operation_is_written_once_and_whole_or_not_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import progress.storage as storage

    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    record = store.record(learner)
    path = tmp_path / "learners" / f"{learner.id}.json"
    writes: list[Path] = []
    real = storage.atomic_write_text
    monkeypatch.setattr(storage, "atomic_write_text",
                        lambda p, text, durable=True: (writes.append(p), real(p, text, durable)))

    # An answer and the position: two tables, one write of the record.
    record.save_attempt({"id": "a1", "answers": [{"question": "q1"}]}, Position("vision"))
    assert writes.count(path) == 1

    # An operation that fails half-way leaves the file as it was.
    before = path.read_bytes()

    def half_way(db) -> None:
        db.table("pages").insert({"module": "vision", "page": 0})
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        record._run(half_way)
    assert path.read_bytes() == before
    assert store.record(learner).pages_seen() == {}
