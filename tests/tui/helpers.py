"""Helpers for driving the app in tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.containers import ScrollableContainer
from textual.pilot import Pilot

from course.content.model import Course
from course.tui.app import CourseApp
from progress import Store


def make_app(course: Course, data_dir: Path) -> CourseApp:
    return CourseApp(course, Store(data_dir))


def screen_text(app: CourseApp) -> list[str]:
    """The screen as the learner sees it: one string per terminal row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_state(app: CourseApp) -> tuple[object, ...]:
    """What a screenshot shows: the rows, and where each scrolling part is and how tall."""
    scrolls = tuple((w.scroll_offset, w.virtual_size)
                    for w in app.screen.query(ScrollableContainer))
    return tuple(screen_text(app)), scrolls


async def settled(pilot: Pilot, probe: Callable[[], object], times: int = 3,
                  most: int = 200) -> None:
    """Pause until ``probe()`` gives the same value ``times`` pauses in a row.

    The pilot's own wait ends when the process looks idle (little CPU in a short slice); on
    a busy machine a process that is merely waiting for a core looks idle too, and a screen
    that mounts and scrolls in stages (Markdown, then a scroll after the next refresh) can
    be caught halfway. Waiting for what the test looks at to stop changing cannot be."""
    last, same = object(), 0
    for _ in range(most):
        await pilot.pause()
        value = probe()
        same = same + 1 if value == last else 0
        if same >= times - 1:
            return
        last = value
    raise AssertionError(f"the screen kept changing: {last!r}")


async def type_text(pilot: Pilot, text: str) -> None:
    for char in text:
        await pilot.press(char if char != " " else "space")


async def create_learner(pilot: Pilot, name: str, track_index: int = 0) -> None:
    """Press N, type a name, pick a track by its position, confirm."""
    await pilot.press("n")
    await pilot.pause()
    app = pilot.app
    app.screen.query_one("#name").value = name  # typed text may hold keys pilot can't press
    await pilot.press("enter")  # name done: focus moves to the tracks
    for _ in range(track_index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
