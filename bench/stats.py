"""Item statistics over 2,000 learners: how long `medborger stats` takes to read every
answer, compute the figures and write the report.

The data folder is made as bench/storage.py makes it: three learners with a realistic
history written through the real engine and store (tests/history.py: every page seen, a
failed and a passed attempt per quiz, the scenarios played, flashcard reviews), the rest
copies of them under new ids. Those attempts ask every question of the track's pool, more
than a drawn quiz asks, so the records are larger than real ones: a pessimistic measure.

Then the statistics of every module (course.reports.stats_report.build_stats, first attempts, as
`medborger stats` does by default) and their Markdown report are made ``--rounds`` times;
the median is the figure. The time to read the records alone is shown too (parsing every
learner's whole JSON record is most of the work), and the CPU time, which says what the
machine's other load added to the wall-clock figure.

    uv run python bench/stats.py [--learners 2000] [--rounds 3]

Bar (issue 16): under 2 s for 2,000 learners. The last line is
`stats learners N seconds S`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from storage import fill  # noqa: E402  (bench/storage.py)

from course.content import load_course  # noqa: E402
from course.reports.stats_report import build_stats, render  # noqa: E402
from progress import Store  # noqa: E402
from progress.answers import histories  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    course = load_course(os.environ.get("MEDBORGER_TEST_CONTENT") or ROOT)
    with tempfile.TemporaryDirectory(prefix="medborger-bench-stats-") as tmp:
        start = time.perf_counter()
        fill(course, Path(tmp), args.learners)
        size = sum(p.stat().st_size for p in (Path(tmp) / "learners").iterdir()) / 2**20
        print(f"{args.learners} learners on file ({size:.0f} MiB), made in "
              f"{time.perf_counter() - start:.1f} s")
        reads, totals, cpu = [], [], []
        for _ in range(args.rounds):
            store = Store(tmp)
            start = time.perf_counter()
            attempts = sum(len(h.attempts) for h in histories(store))
            reads.append(time.perf_counter() - start)
            start, start_cpu = time.perf_counter(), time.process_time()
            report = build_stats(course, store)
            text = render(report, "md")
            totals.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        answers = sum(q.answers for m in report.stats.modules for q in m.questions)
        print(f"read every record ({attempts} attempts): median {statistics.median(reads):.2f} s")
        print(f"statistics + Markdown ({answers} answers counted, {len(text) // 1024} KiB): "
              f"median {statistics.median(totals):.2f} s of {args.rounds} "
              f"(CPU time of this process {statistics.median(cpu):.2f} s)")
        if hasattr(os, "getloadavg"):
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"stats learners {args.learners} seconds {statistics.median(totals):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
