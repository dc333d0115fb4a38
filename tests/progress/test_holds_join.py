"""Joins to a hold are checked and recorded in one step under the index's lock.

The joins-a-minute limit (and the hold's cap) is a count of the hold's learners; checked
outside the lock that writes the new learner, two joins at the same moment both saw
room and the hold went over. Here many joins race, in threads, for the last places.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from progress import InvalidName, Store
from progress.holds import HoldBook


def _race(data_dir: Path, hold, count: int) -> tuple[list, list[str]]:
    """``count`` threads join ``hold`` at the same moment, each with its own objects (as
    separate requests and processes have); the learners made and the refusals."""
    start = threading.Barrier(count)
    made, refused, failed = [], [], []

    def join(n: int) -> None:
        book, store = HoldBook(data_dir), Store(data_dir)
        start.wait()
        try:
            made.append(book.join(store, f"Elev {n}", hold))
        except InvalidName as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            failed.append(exc)

    threads = [threading.Thread(target=join, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed, failed
    return made, refused


@pytest.mark.parametrize("round_", range(3))
def test_joins_at_the_same_moment_never_go_over_the_joins_a_minute(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, round_: int) -> None:
    import progress.holds

    monkeypatch.setattr(progress.holds, "JOINS_PER_MINUTE", 4)
    book = HoldBook(data_dir)
    hold = book.set_max_learners(book.create_hold("Stort hold", "skole").id, 200)
    made, refused = _race(data_dir, hold, 12)
    assert len(made) == 4
    assert len(Store(data_dir).learners_in(hold.id)) == 4
    assert len(refused) == 8 and all("Vent et minut" in text for text in refused)
    assert len(list((data_dir / "learners").glob("*.json"))) == 4  # nothing half-made


def test_joins_at_the_same_moment_never_go_over_the_holds_cap(data_dir: Path) -> None:
    book = HoldBook(data_dir)
    hold = book.set_max_learners(book.create_hold("Lille hold", "skole").id, 3)
    made, refused = _race(data_dir, hold, 10)
    assert len(made) == 3 and len(Store(data_dir).learners_in(hold.id)) == 3
    assert all("Holdet er fuldt (3 deltagere)" in text for text in refused)


def test_two_pupils_typing_the_same_new_name_at_once_make_one_learner(data_dir: Path) -> None:
    book = HoldBook(data_dir)
    hold = book.create_hold("8.A", "skole")
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def join() -> None:
        start.wait()
        try:
            book.join(Store(data_dir), "Amira", hold)
            outcomes.append("made")
        except InvalidName as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=join) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("made") == 1
    assert [l.name for l in Store(data_dir).learners_in(hold.id)] == ["Amira"]


def test_a_join_that_cannot_take_the_index_lock_is_refused_and_leaves_nothing(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail closed: without the index's lock there is no count, so no learner (and no
    record file left behind)."""
    import filelock

    book = HoldBook(data_dir)
    hold = book.create_hold("8.A", "skole")
    store = Store(data_dir)
    real = filelock.FileLock

    class Busy:
        def acquire(self) -> None:
            raise filelock.Timeout("learners.json.lock")

    def lock(path, *args, **kwargs):
        return Busy() if str(path).endswith("learners.json.lock") else real(path, *args,
                                                                               **kwargs)

    monkeypatch.setattr(filelock, "FileLock", lock)
    with pytest.raises(OSError):
        book.join(store, "Amira", hold)
    monkeypatch.undo()
    assert Store(data_dir).learners_in(hold.id) == []
    assert list((data_dir / "learners").glob("*.json")) == []
