"""Key press to feedback on screen: answering questions and choosing in scenarios.

Drives the real app headless at 80x24 with Textual's pilot, as the tests do. Each
measurement is the time from sending the key that submits an answer (or picks a
scenario choice) until the app has processed it and refreshed the screen, feedback
included (`press` + `pause`). Every question of every quiz is answered once and every
scenario is played along every path to its endings.

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


async def timed(pilot, key: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return (time.perf_counter() - start) * 1000


async def run() -> tuple[list[float], list[float], list[float]]:
    course = load_course(ROOT)
    answers: list[float] = []
    nexts: list[float] = []
    choices: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        Store(data).create_learner("Måling", "medarbejder")
        app = CourseApp(course, Store(data))
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
                    answers.append(await timed(pilot, submit))
                    nexts.append(await timed(pilot, "enter"))
                app.pop_screen()
                await pilot.pause()
                for scenario in course.scenarios_for(module.id, "medarbejder"):
                    for path in all_paths(scenario):
                        screen.open(f"scenario:{scenario.id}")
                        await pilot.pause()
                        for index in path:
                            choices.append(await timed(pilot, str(index + 1)))
                            nexts.append(await timed(pilot, "enter"))
                        await pilot.press("r")  # a fresh run for the next path
                        app.pop_screen()
                        await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    return answers, choices, nexts


def main() -> int:
    answers, choices, nexts = asyncio.run(run())
    every = answers + choices
    for label, values in (("answer a question", answers), ("scenario choice", choices),
                          ("next (Enter)", nexts)):
        print(f"{label:18} n={len(values):4}  median {statistics.median(values):6.1f} ms  "
              f"p90 {statistics.quantiles(values, n=10)[-1]:6.1f} ms  max {max(values):6.1f} ms")
    print(f"keypress median {statistics.median(every):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
