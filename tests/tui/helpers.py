"""Helpers for driving the app in tests."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from course.content.model import Course
from course.tui.app import CourseApp
from progress import Store


def make_app(course: Course, data_dir: Path) -> CourseApp:
    return CourseApp(course, Store(data_dir))


def screen_text(app: CourseApp) -> list[str]:
    """The screen as the learner sees it: one string per terminal row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


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
