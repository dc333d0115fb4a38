"""Start-up: the course against a minimal Textual app (Header, Static, Footer).

Each run is a fresh Python process that starts the app headless and exits as soon as
the first screen is ready for input (Textual's auto-pilot runs then). The parent times
the whole process, interpreter start included, and reads its peak memory (ru_maxrss)
from wait4. The two apps alternate so that machine noise hits both alike.

    uv run python bench/startup.py [--runs 9]

Bars (DESIGN.md): startup ratio <= 1.10, peak memory within 1.2x of the bare app.
The last line is `startup ratio R` (course / bare, median wall time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COURSE = """
import sys
from course.content import default_content_dir, load_course_cached
from progress import Store
from course.tui.app import CourseApp
from course.tui.screens.profiles import ProfileScreen

async def ready(pilot):
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProfileScreen), pilot.app.screen
    pilot.app.exit()

app = CourseApp(load_course_cached(default_content_dir()), Store(sys.argv[1]))
app.run(headless=True, auto_pilot=ready)
"""

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

async def ready(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, auto_pilot=ready)
"""


# Children may write and use .pyc files, as an installed app does; with
# PYTHONDONTWRITEBYTECODE set, every run would compile every module from source and the
# figures would measure the compiler, not start-up.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(code: str, data_dir: str) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, data_dir], cwd=ROOT, env=CHILD_ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed:\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    return wall, usage.ru_maxrss / 1024  # Linux reports KiB


def make_class(data_dir: str, learners: int = 25) -> None:
    """A school class on file, so the profile list has something to show."""
    sys.path.insert(0, str(ROOT))
    from progress import Store

    store = Store(data_dir)
    for n in range(learners):
        learner = store.create_learner(f"Elev {n + 1}", "skole")
        store.record(learner).mark_page_seen("forord", 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        make_class(data_dir)
        for _ in range(2):  # write .pyc files, fill the course cache, warm the OS cache
            run_once(COURSE, data_dir)
            run_once(BARE, data_dir)
        course, bare = [], []
        for _ in range(args.runs):
            course.append(run_once(COURSE, data_dir))
            bare.append(run_once(BARE, data_dir))

    def medians(rows: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)

    (c_wall, c_mem), (b_wall, b_mem) = medians(course), medians(bare)
    print(f"runs each         {args.runs}")
    print(f"bare app          {b_wall * 1000:7.0f} ms  {b_mem:6.1f} MiB")
    print(f"course            {c_wall * 1000:7.0f} ms  {c_mem:6.1f} MiB")
    print(f"memory ratio      {c_mem / b_mem:.2f}")
    print(f"startup ratio {c_wall / b_wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
