"""Key press to feedback on screen: answering questions and choosing in scenarios.

Drives the real app headless at 80x24 with Textual's pilot, as the tests do. Each
measurement is the time from the key event being sent to the app until the last screen
update it caused was composed (the compositor's output handed to the driver), with the
feedback on screen. The pilot's own waiting (it polls for idle in 20 ms sleeps) is not
counted: a bare Textual app measured with press + pause alone shows ~85 ms.

Every question of every quiz is answered once, and every scenario is played along up
to PATHS of its paths (all of its endings are among them). Each path is played by a fresh
learner so that the record's size stays that of a real learner's (a few attempts and runs).

The reference is a minimal Textual app measured the same way in the same run (half of
its presses before the course, half after, so machine noise hits both alike): Header, a
prompt, a numbered OptionList and a Footer; a digit key mounts a feedback block (a
verdict and an explanation, two Statics) under the options, Enter removes it again.

    uv run python bench/keypress.py

Bars (DESIGN.md): median at most 16 ms (one 60 Hz frame) and at most 2.5 times the
minimal app. The last line is `keypress median N ms (minimal app M ms, ratio R)`.
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

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Vertical, VerticalScroll  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.widgets import Footer, Header, OptionList, Static  # noqa: E402

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
        for _ in range(50):  # on a busy machine the paint can come after the first idle
            await pilot.pause()
            if self.seen_at is not None:
                break
        if self.seen_at is None:
            raise SystemExit(f"{selector!r} never appeared after {key!r}")
        self.selector = None
        return (self.seen_at - start) * 1000


PATHS = 8


async def settle(pilot, ready, tries: int = 100) -> None:
    """Pause until ``ready()`` holds (a step the app finishes over several idles)."""
    for _ in range(tries):
        if ready():
            return
        await pilot.pause()
    raise SystemExit("the app never got ready for the next key")
MINIMAL_PRESSES = 120  # in two halves, before and after the course


class MinimalApp(App[None]):
    """The reference: a question's screen, and a feedback block mounted on a digit key."""

    CSS = """
    #options { height: auto; }
    .verdict { margin-top: 1; background: $boost; }
    .explanation { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static("Hvad betyder medborgerskab?", id="prompt")
            yield OptionList(*(f"{n}. Svarmulighed nummer {n}" for n in range(1, 5)),
                             id="options")
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        body = self.query_one("#body")
        if event.character and event.character in "1234":
            body.mount(Vertical(
                Static(Content.assemble(("✔ Rigtigt", "bold")), classes="verdict"),
                Static(Content("Dit svar: " + event.character + "\nForklaringen på svaret, "
                               "som den står i kurset, på et par linjer."),
                       classes="explanation"),
                id="feedback"))
        elif event.key == "enter":
            for feedback in self.query("#feedback"):
                feedback.remove()


async def minimal(presses: int) -> list[float]:
    """Key press to feedback on screen in the minimal app, ``presses`` times."""
    app = MinimalApp()
    watch = PaintWatch(app)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n in range(presses):
            times.append(await watch.timed(pilot, str(n % 4 + 1), "#feedback .verdict"))
            await pilot.press("enter")
            await pilot.pause()
    return times


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
                    await settle(pilot, lambda: app.screen.focused is not None)
                    if isinstance(question, TextAnswer):
                        # typed before: on screen before Enter is pressed, as when typing
                        app.screen.query_one("Input").value = question.accepted[0]
                        await pilot.pause()
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
                            # the node's choices are mounted and focused (a slow machine
                            # can still be busy with the previous step)
                            await settle(pilot, lambda: app.screen.focused is not None
                                         and app.screen.focused.id == "choice-list")
                            # choices are shown in the run's shuffled order
                            shown = app.screen._shown.index(index) + 1
                            choices.append(
                                await watch.timed(pilot, str(shown), "#feedback .explanation")
                            )
                            await pilot.press("enter")
                            await pilot.pause()
                        app.pop_screen()
                        await pilot.pause()
                app.pop_screen()
                await pilot.pause()
    return answers, choices


async def measure() -> tuple[list[float], list[float], list[float]]:
    reference = await minimal(MINIMAL_PRESSES // 2)
    answers, choices = await run()
    reference += await minimal(MINIMAL_PRESSES - MINIMAL_PRESSES // 2)
    return answers, choices, reference


def main() -> int:
    import argparse

    argparse.ArgumentParser(description="Key press to screen in the course app, against a "
                            "minimal Textual app (the bars: median <= 16 ms, ratio <= 2.5)."
                            ).parse_args()  # only --help (the docs' test runs it)
    answers, choices, reference = asyncio.run(measure())
    every = answers + choices
    for label, values in (("answer a question", answers), ("scenario choice", choices),
                          ("minimal app", reference)):
        print(f"{label:18} n={len(values):4}  median {statistics.median(values):6.1f} ms  "
              f"p90 {statistics.quantiles(values, n=10)[-1]:6.1f} ms  max {max(values):6.1f} ms")
    course, bare = statistics.median(every), statistics.median(reference)
    print(f"keypress median {course:.1f} ms (minimal app {bare:.1f} ms, ratio {course / bare:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
