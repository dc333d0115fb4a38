"""The certificate core fits an onboarding afternoon (issue 22): what the employee and
volunteer certificates require takes at most two hours at scripts/durations.py's high
figure, and still teaches every module; the school track is planned in 45-minute lessons."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from course.content.model import Course

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def durations() -> ModuleType:
    spec = importlib.util.spec_from_file_location("durations", ROOT / "scripts" / "durations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("durations", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("track", ["medarbejder", "frivillig"])
def test_the_certificate_core_fits_two_hours(real_course: Course, durations: ModuleType,
                                             track: str) -> None:
    low, high = durations.core_minutes(real_course, track)
    assert high <= durations.CORE_LIMIT == 120, f"{track}: core {low:.0f}–{high:.0f} min"
    everything = durations.span(real_course, track, real_course.track(track).modules,
                                core=False)
    assert everything[1] > high  # the rest is there, as deepening


@pytest.mark.parametrize("track", ["medarbejder", "frivillig", "skole"])
def test_the_core_still_teaches_every_module(real_course: Course, track: str) -> None:
    """Every module has core pages and a quiz for the track; vision, mission, the five
    focus areas and the six roles are all in the core."""
    course = real_course
    modules = {m.id for m in course.modules_for(track)}
    assert {"vision", "mission", *(f.id for f in course.focus_areas), "bidrag"} <= modules
    for module in course.modules_for(track):
        assert module.core_page_indices(track), f"{module.id}: no core page for {track}"
        assert course.questions_for(module.id, track), f"{module.id}: no quiz for {track}"
        assert module.objectives and module.key_points
    bidrag = course.module("bidrag")
    core_text = " ".join([bidrag.pages[i].body for i in bidrag.core_page_indices(track)]
                         + list(bidrag.key_points)).lower()
    for role in ("nabo", "frivillig", "borger", "erhvervsdrivende", "ansat i kommunen",
                 "politiker"):
        assert role in core_text, f"the role »{role}« is not in the core for {track}"


def test_the_school_track_is_planned_in_45_minute_lessons(real_course: Course,
                                                          durations: ModuleType) -> None:
    track = real_course.track("skole")
    assert track.lessons
    assert [m for lesson in track.lessons for m in lesson.modules] == list(track.modules)
    for lesson in track.lessons:
        low, high = durations.span(real_course, track.id, lesson.modules, core=True)
        assert high <= durations.LESSON_MINUTES, f"{lesson.title}: {low:.0f}–{high:.0f} min"


def test_durations_prints_the_core_per_track(durations: ModuleType,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert durations.main() == 0
    out = capsys.readouterr().out
    assert out.count("kerne i alt ") == len(durations.load_course(ROOT).tracks)
    assert "lektion 1:" in out
