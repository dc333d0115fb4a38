"""Storage: the cost of recording one answer with 20 and with 2,000 learners on file.

Each data folder is filled with learners who each have a realistic history, written by
the real engine and store (tests/history.py): every page seen, a failed and a passed
attempt per quiz with every answer, the scenarios played, forty flashcard reviews. The
first three histories (a whole employee track, half a volunteer track, a third of a
school track) are written through the store; the rest of the folder is copies of them
under new ids, with their summaries, as the store would have written them.

Then, in each folder, learners picked at random answer a quiz the way the quiz screen
does it: the open attempt, with the new answer appended, saved by
``Record.save_attempt`` (one locked, atomic write, fsync included). The time per save is
measured. Finally a report (``course.reports.learners``, CSV) is built over the 2,000.

    uv run python bench/storage.py [--saves 300]

Bars (DESIGN.md): storage ratio (2,000 / 20) <= 1.5, median under 10 ms, the report
under 1 s. The last line is `storage ratio R`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tinydb import TinyDB  # noqa: E402

from course.content import load_course  # noqa: E402
from course.files import atomic_write_text  # noqa: E402
from course.reports.learners import build_report, render  # noqa: E402
from progress import Position, Store  # noqa: E402
from progress.model import Learner, now  # noqa: E402
from progress.summary import SUFFIX, summarize  # noqa: E402
from tests.history import complete_track  # noqa: E402

TEMPLATES = (("medarbejder", 1.0), ("frivillig", 0.5), ("skole", 0.34))


def fill(course, root: Path, count: int) -> Store:
    """A data folder with ``count`` learners, each with a realistic history."""
    store = Store(root)
    templates = []
    for n, (track, share) in enumerate(TEMPLATES):
        learner = store.create_learner(f"Skabelon {n}", track)
        complete_track(course, store.record(learner), track, seed=n, share=share)
        path = store.learner_dir / f"{learner.id}.json"
        templates.append((learner, json.loads(path.read_text("utf-8"))))
    rows = [dict(l.__dict__) for l, _ in templates]
    rng = random.Random(count)
    for n in range(count - len(templates)):
        source, data = templates[n % len(templates)]
        learner = Learner(f"{rng.getrandbits(64):016x}", f"Deltager {n:04d} Ærø-Åby",
                          source.track, now())
        data["meta"]["1"].update(id=learner.id, name=learner.name)
        path = store.learner_dir / f"{learner.id}.json"
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        stat = path.stat()
        atomic_write_text(store.learner_dir / f"{learner.id}{SUFFIX}", json.dumps(
            {**summarize(data), "record": [stat.st_size, stat.st_mtime_ns]}, ensure_ascii=False))
        rows.append(dict(learner.__dict__))
    with TinyDB(store.index_path) as db:
        db.table("learners").truncate()
        db.table("learners").insert_multiple(rows)
    return store


def time_saves(store: Store, saves: int, seed: int) -> list[float]:
    """Milliseconds per recorded answer, learners picked at random, a quiz at a time."""
    rng = random.Random(seed)
    learners = store.learners()
    times = []
    while len(times) < saves:
        record = store.record(rng.choice(learners))
        doc = {"id": f"bench-{rng.getrandbits(32):08x}", "module": "vision", "started": now(),
               "finished": None, "pass_mark": 80, "answers": []}
        for n in range(15):  # one quiz: fifteen answers
            doc["answers"].append({"question": f"q{n}", "response": [0, 2], "score": 1.0,
                                   "correct": True, "at": now()})
            doc.update(score=float(n + 1), max_score=15.0, percent=round(100 * (n + 1) / 15, 1))
            start = time.perf_counter()
            record.save_attempt(doc, Position("vision", activity="quiz"))
            times.append((time.perf_counter() - start) * 1000)
    return times[:saves]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    course = load_course(ROOT)
    medians = {}
    with tempfile.TemporaryDirectory(prefix="medborger-bench-") as tmp:
        for count in (20, 2000):
            start = time.perf_counter()
            store = fill(course, Path(tmp) / str(count), count)
            size = sum(p.stat().st_size for p in store.learner_dir.iterdir()) / 2**20
            print(f"{count:5} learners on file ({size:.0f} MiB), made in "
                  f"{time.perf_counter() - start:.1f} s")
            times = time_saves(store, args.saves, seed=count)
            medians[count] = statistics.median(times)
            print(f"{count:5} learners: record an answer  median {medians[count]:5.2f} ms  "
                  f"p90 {statistics.quantiles(times, n=10)[-1]:5.2f} ms  n={len(times)}")
        reports = []
        for _ in range(5):
            start = time.perf_counter()
            text = render(build_report(course, Store(Path(tmp) / "2000")), "csv")
            reports.append(time.perf_counter() - start)
        print(f"report over 2000 learners (csv, {text.count(chr(10)) - 1} rows): "
              f"median {statistics.median(reports) * 1000:.0f} ms of {len(reports)}")
    print(f"storage ratio {medians[2000] / medians[20]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
