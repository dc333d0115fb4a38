"""The store under stress: migrations, two windows, PINs, access and erasure, kills.

The crash and concurrency tests run real processes (``tests/progress/store_worker.py``): a
writer acknowledges each answer on stdout only after ``save_attempt`` has returned, so
every acknowledged answer must be on disk whatever happens next.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tinydb import TinyDB

from progress import DamagedRecordError, Learner, Store
from progress.schema import SCHEMA_VERSION

HERE = Path(__file__).resolve().parent
WORKER = HERE / "store_worker.py"
V1_FILE = HERE / "data" / "record-v1.json"


def _install_v1(tmp_path: Path) -> tuple[Store, Learner]:
    """A data folder holding one learner file exactly as schema version 1 wrote it."""
    meta = json.loads(V1_FILE.read_text("utf-8"))["meta"]["1"]
    store = Store(tmp_path)
    store.ensure()
    shutil.copy(V1_FILE, store.learner_dir / f"{meta['id']}.json")
    learner = Learner(meta["id"], meta["name"], meta["track"], meta["created"])
    with TinyDB(store.index_path) as db:
        db.table("learners").insert(dict(learner.__dict__))
    return store, learner


def test_a_version_1_file_is_migrated_on_open_and_a_copy_kept(tmp_path: Path) -> None:
    store, learner = _install_v1(tmp_path)
    facts = store.record(learner).facts()
    assert facts.pages == {"vision": {0, 1, 2}}
    assert facts.passed_quizzes() == {"vision"}
    assert [r["id"] for r in facts.runs] == ["r1"]

    path = store.learner_dir / f"{learner.id}.json"
    meta = json.loads(path.read_text("utf-8"))["meta"]["1"]
    assert meta["schema"] == SCHEMA_VERSION and meta["pin"] is None
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(f"{learner.id}.json.v1.")
    assert backups[0].read_bytes() == V1_FILE.read_bytes()
    assert any("kopi af den gamle fil" in n for n in store.notices)

    # Opening it again changes nothing and makes no second copy.
    store.record(learner).mark_page_seen("vision", 3)
    assert store.record(learner).facts().pages == {"vision": {0, 1, 2, 3}}
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_file_from_a_newer_version_is_kept_aside_and_explained(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    path = store.learner_dir / f"{learner.id}.json"
    path.write_text(path.read_text("utf-8").replace(f'"schema":{SCHEMA_VERSION}', '"schema":7'))
    with pytest.raises(DamagedRecordError) as caught:
        store.record(learner).facts()
    assert "nyere udgave af kurset" in caught.value.message
    assert '"schema":7' in caught.value.moved_to.read_text("utf-8")


def _attempt(answers: list[str], doc_id: str = "a1") -> dict:
    return {"id": doc_id, "module": "vision", "finished": None,
            "answers": [{"question": q, "response": 0} for q in answers]}


def test_two_windows_on_one_attempt_never_overwrite_each_others_answers(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    first, second = store.record(learner), store.record(learner)  # two windows
    mine, theirs = _attempt([]), _attempt([])
    first.save_attempt(mine)
    mine["answers"].append({"question": "q1", "response": 0})
    first.save_attempt(mine)
    theirs["answers"].append({"question": "q2", "response": 1})  # stale: has not seen q1
    second.save_attempt(theirs)
    assert theirs["id"] != "a1" and theirs["forked_from"] == "a1"
    theirs["answers"].append({"question": "q3", "response": 1})
    second.save_attempt(theirs)  # goes on in its own copy

    saved = {d["id"]: [a["question"] for a in d["answers"]] for d in first.attempts()}
    assert saved == {"a1": ["q1"], theirs["id"]: ["q2", "q3"]}


def test_a_pin_is_stored_as_a_salted_hash_and_checked(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    record = store.record(learner)
    assert not record.has_pin()
    with pytest.raises(ValueError, match="4 til 6 cifre"):
        record.set_pin("12a4")
    record.set_pin("4321")
    stored = json.loads((store.learner_dir / f"{learner.id}.json").read_text("utf-8"))
    pin = stored["meta"]["1"]["pin"]
    assert pin.startswith("$argon2id$") and not pin.endswith("$4321")
    assert store.record(learner).has_pin()
    assert store.record(learner).check_pin("4321")
    assert not store.record(learner).check_pin("1234")
    record.set_pin(None)
    assert not store.record(learner).has_pin()


def test_the_passphrase_is_set_once_and_checked(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert not store.has_passphrase()
    with pytest.raises(ValueError, match="mindst 8 tegn"):
        store.set_passphrase("kort")
    store.set_passphrase("Lærerværelset 2026")
    assert "Lærerværelset" not in store.admin_path.read_text("utf-8")
    assert Store(tmp_path).has_passphrase()
    assert Store(tmp_path).check_passphrase("Lærerværelset 2026")
    assert not Store(tmp_path).check_passphrase("lærerværelset 2026")


def test_export_holds_everything_and_delete_removes_everything(tmp_path: Path) -> None:
    store = Store(tmp_path)
    sara = store.create_learner("Sara", "skole")
    omar = store.create_learner("Omar", "skole")
    record = store.record(sara)
    record.mark_page_seen("forord", 0)
    record.save_attempt(_attempt(["q1"]))
    record.save_review({"id": "inklusion", "due": "x"}, {"term": "inklusion", "rating": 3})
    record.set_pin("1234")
    exported = store.export_learner(sara)
    tables = exported["optegnelser"]
    assert exported["deltager"]["name"] == "Sara"
    assert {"meta", "pages", "attempts", "cards", "reviews"} <= tables.keys()
    assert tables["meta"]["1"]["pin"] == "sat"  # the hash itself is not handed out
    json.dumps(exported)  # plain JSON

    removed = store.delete_learner(sara)
    assert store.learner_dir / f"{sara.id}.json" in removed
    assert [l.id for l in store.learners()] == [omar.id]
    assert not any(sara.id in p.name for p in tmp_path.rglob("*"))
    with pytest.raises(LookupError):
        store.find("Sara")


def test_find_by_name_or_id_in_danish(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = store.create_learner("Åse", "skole")
    second = store.create_learner("åse", "skole")
    with pytest.raises(LookupError, match="Flere deltagere"):
        store.find("ÅSE")
    assert store.find(second.id) == second
    with pytest.raises(LookupError, match="ingen deltager"):
        store.find("Bo")
    assert first != second


# -- real processes ----------------------------------------------------------------------


def _worker(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, bufsize=1,
    )


def _answers(store: Store, learner: Learner) -> set[str]:
    record = store.record(learner)
    return {a["question"] for doc in record.attempts() for a in doc.get("answers", [])}


ROUNDS_PER_LEARNER = 20  # then the next learner, so no record grows far beyond a real one


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.slow
def test_killing_a_writer_at_random_moments_never_loses_an_acknowledged_answer(
    tmp_path: Path, course,
) -> None:
    """30 kills in CI; MEDBORGER_CRASH_ROUNDS=1000 for a long run (minutes), whose figures
    are printed (``pytest -s``): kills, damaged files, answers lost, record sizes, time.

    Each learner starts with a realistic record (a whole track: every page, two quiz
    attempts per module with every answer, the scenarios, 40 flashcard reviews; about
    85 KB), which every save of the writer reads and rewrites whole; after 20 kills the
    next learner takes over, so records stay the size real ones have (80–350 KB).
    """
    import time

    from tests.history import complete_track

    started = time.monotonic()
    rng = random.Random(20261126)
    rounds = int(os.environ.get("MEDBORGER_CRASH_ROUNDS", "30"))  # raise it for a long run
    acknowledged: dict[str, set[str]] = {}  # learner id -> answers the writer acknowledged
    before: dict[str, tuple] = {}  # learner id -> (answers, facts) before the first kill
    sizes: list[int] = []
    kills = 0
    learner = None
    for round_ in range(rounds):
        if round_ % ROUNDS_PER_LEARNER == 0:
            learner = Store(tmp_path).create_learner(f"Deltager {round_}", "medarbejder")
            complete_track(course, Store(tmp_path).record(learner), "medarbejder",
                           seed=round_)
            acknowledged[learner.id] = set()
            before[learner.id] = (_answers(Store(tmp_path), learner),
                                  Store(tmp_path).record(learner).facts())
        mine = acknowledged[learner.id]
        proc = _worker("write", str(tmp_path), learner.id, f"r{round_}")
        assert proc.stdout.readline().strip() == "ready"
        # Let it write for a random number of answers, then kill it mid-flight.
        for _ in range(rng.randint(1, 25)):
            line = proc.stdout.readline().strip()
            if line.startswith("ack "):
                mine.add(line[4:])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        # Answers acknowledged between the last read and the kill are in the pipe.
        for line in proc.stdout.read().splitlines():
            if line.startswith("ack "):
                mine.add(line[4:])
        proc.stdout.close()
        proc.stderr.close()

        on_disk = _answers(Store(tmp_path), learner)  # loads: no DamagedRecordError
        assert mine <= on_disk, sorted(mine - on_disk)[:5]
        sizes.append((tmp_path / "learners" / f"{learner.id}.json").stat().st_size)

    store = Store(tmp_path)
    damaged = list((tmp_path / "damaged").iterdir()) if (tmp_path / "damaged").exists() else []
    lost, answers = 0, 0
    for who in store.learners():
        history, facts = before[who.id][1], store.record(who).facts()
        wanted = acknowledged[who.id] | before[who.id][0]
        lost += len(wanted - _answers(store, who))
        answers += len(acknowledged[who.id])
        for module, pages in history.pages.items():  # the history from before is whole
            assert pages <= facts.pages[module]
        assert {a["id"] for a in history.attempts} <= {a["id"] for a in facts.attempts}
    print(f"\ncrash test: {kills} kills, {len(damaged)} damaged files, {lost} answers lost "
          f"of {answers} acknowledged, {len(before)} learners, records "
          f"{min(sizes) // 1024}–{max(sizes) // 1024} KB, {time.monotonic() - started:.0f} s")
    assert kills == rounds and answers >= rounds
    assert not damaged and lost == 0
    assert all(summary is not None for _, summary, _ in store.summaries())




@pytest.mark.slow
def test_several_processes_recording_at_once_lose_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    procs = [_worker("write", str(tmp_path), learner.id, f"p{n}", "20") for n in range(4)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    acknowledged = set()
    for proc in procs:
        out = proc.stdout.read()  # not communicate(): it skips what readline buffered
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == 0, err
        proc.stdout.close()
        proc.stderr.close()
        acknowledged |= {line[4:] for line in out.splitlines() if line.startswith("ack ")}
    assert len(acknowledged) == 80
    assert _answers(Store(tmp_path), learner) == acknowledged
    # Pages marked by the same writers: every one is there once.
    pages = Store(tmp_path).record(learner).facts().pages
    assert pages == {"vision": set(range(20))}


@pytest.mark.wall_clock
def test_temporary_files_left_by_a_killed_writer_are_cleared_when_old(tmp_path: Path) -> None:
    store = Store(tmp_path)
    learner = store.create_learner("Sara", "skole")
    old = store.learner_dir / f".{learner.id}.json.abc123.tmp"
    fresh = store.learner_dir / f".{learner.id}.json.def456.tmp"  # a write in progress
    old.write_text("{half", "utf-8")
    fresh.write_text("{half", "utf-8")
    hours_ago = old.stat().st_mtime - 7200
    os.utime(old, (hours_ago, hours_ago))
    assert store.remove_stale_temp_files() == 1
    assert not old.exists() and fresh.exists()
    assert store.record(learner).facts().pages == {}  # the record itself is untouched
