"""Store.change_track: the index row and the record's meta row; nothing else changes."""

from __future__ import annotations

import json
from pathlib import Path

from progress import Position, Store


def test_a_learner_changes_track_in_the_index_and_the_record(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    other = store.create_learner("Omar", "skole")
    record = store.record(sara)
    record.mark_page_seen("forord", 0)
    record.save_attempt({"id": "a", "module": "forord", "finished": "2026-11-26T12:00:00+00:00",
                         "passed": True, "percent": 100.0, "answers": []},
                        Position("forord", activity="quiz"))
    before = record.facts()

    moved = store.change_track(sara, "medarbejder")

    assert moved.track == "medarbejder" and moved.id == sara.id and moved.name == "Sara"
    assert {l.id: l.track for l in store.learners()} == {sara.id: "medarbejder",
                                                         other.id: "skole"}
    assert store.record(moved).meta()["track"] == "medarbejder"
    after = store.record(moved).facts()
    assert after.pages == before.pages and after.attempts == before.attempts
    assert after.passed_quizzes() == {"forord"}


def test_a_rebuilt_index_finds_the_new_track(tmp_path: Path) -> None:
    """The meta row is written first: an index rebuilt from the records has the change."""
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    store.change_track(sara, "frivillig")
    (tmp_path / "learners.json").unlink()
    (found,) = Store(tmp_path).learners()
    assert found.track == "frivillig"
    data = json.loads(store.record_path(sara.id).read_text("utf-8"))
    assert data["meta"]["1"]["track"] == "frivillig"
