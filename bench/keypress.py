"""Key press to feedback on screen: answering questions and choosing in scenarios.

Drives the real app headless at 80x24 with Textual's pilot, as the tests do. Each
measurement is the time from the key event being sent to the app until the last screen
update it caused was composed (the compositor's output handed to the driver), with the
feedback on screen. The pilot's own waiting (it polls for idle in 20 ms sleeps) is not
counted: a bare Textual app measured with press + pause alone shows ~85 ms.

Every question of every quiz is answered once, and every scenario is played along up
to PATHS of its paths (all of its endings are among them). Each path is played by a fresh learner so that the
record's size stays that of a real learner's (a few attempts and runs).

    uv run python bench/keypress.py

Bar (DESIGN.md): median under 50 ms. The last line is `keypress median N ms`.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.content import load_course  # noqa: E402
from course.content.model import Matching, MultipleChoice, Ordering, TextAnswer  # noqa: E402
from course.engine.scenario import all_paths  # noqa: E402
from course.tui.app import CourseApp  # noqa: E402
from course.tui.screens.module import ModuleScreen  # noqa: E402
from progress import Store  # noqa: E402


class PaintWatch:
    """Notes the first screen update in which a given widget is laid out and shown."""

    def __init__(self, app: CourseApp) -> None:
        self.app = app
        self.selector: str | None = None
        self.seen_at: float | None = None
        display = app._display

        def timed_display(screen, renderable):
            result = display(screen, renderable)
            if self.selector and self.seen_at is None and any(
                widget.region.area and widget.display for widget in screen.query(self.selector)
            ):
                self.seen_at = time.perf_counter()
            return result

        app._display = timed_display  # type: ignore[method-assign]

    async def timed(self, pilot, key: str, selector: str) -> float:
        """Milliseconds from sending ``key`` until ``selector`` is first on screen."""
        self.selector, self.seen_at = selector, None
        start = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        if self.seen_at is None:
            raise SystemExit(f"{selector!r} never appeared after {key!r}")
        self.selector = None
        return (self.seen_at - start) * 1000


PATHS = 8


def sample_paths(scenario) -> list[list[int]]:
    """Up to PATHS paths: the shortest to each ending first, then others."""
    from course.engine.scenario import shortest_path_to

    chosen = [shortest_path_to(scenario, ending.id) for ending in scenario.endings]
    for path in all_paths(scenario):
        if len(chosen) >= PATHS:
            break
        if path not in chosen:
            chosen.append(path)
    return chosen


async def run() -> tuple[list[float], list[float]]:
    course = load_course(ROOT)
    answers: list[float] = []
    choices: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        store = Store(data)
        store.create_learner("Måling", "medarbejder")
        app = CourseApp(course, store)
        watch = PaintWatch(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            for module in course.modules_for("medarbejder"):
                screen = ModuleScreen(module.id)
                app.push_screen(screen)
                await pilot.pause()
                screen.open("quiz")
                await pilot.pause()
                while (question := app.screen.attempt.current()) is not None:
                    if isinstance(question, TextAnswer):
                        app.screen.query_one("Input").value = question.accepted[0]
                        submit = "enter"
                    elif isinstance(question, MultipleChoice):
                        await pilot.press("1")
                        submit = "enter"
                    elif isinstance(question, Matching):
                        for _ in question.pairs:  # every line needs a partner
                            await pilot.press("1")
                        submit = "enter"
                    elif isinstance(question, Ordering):
                        submit = "enter"
                    else:
                        submit = "1"
                    answers.append(await watch.timed(pilot, submit, "#feedback .verdict"))
                    await pilot.press("enter")
                    await pilot.pause()
                app.pop_screen()
                await pilot.pause()
                for scenario in course.scenarios_for(module.id, "medarbejder"):
                    for path in sample_paths(scenario):
                        app.record = store.record(store.create_learner("Måling", "medarbejder"))
                        screen.open(f"scenario:{scenario.id}")
                        await pilot.pause()
                        for index in path:
                            choices.append(
                                await watch.timed(pilot, str(index + 1), "#feedback .explanation")
                            )
                            await pilot.press("enter")
                            await pilot.pause()
                        app.pop_screen()
                        await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    return answers, choices


def main() -> int:
    answers, choices = asyncio.run(run())
    every = answers + choices
    for label, values in (("answer a question", answers), ("scenario choice", choices)):
        print(f"{label:18} n={len(values):4}  median {statistics.median(values):6.1f} ms  "
              f"p90 {statistics.quantiles(values, n=10)[-1]:6.1f} ms  max {max(values):6.1f} ms")
    print(f"keypress median {statistics.median(every):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
