"""Shared fixtures: the real course, a fresh data directory, content copies to break."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from course.content import load_course
from course.content.model import Course

ROOT = Path(__file__).resolve().parent.parent
ERRORS = Path(__file__).resolve().parent / "content_errors"


@pytest.fixture(scope="session")
def course() -> Course:
    """The real course content, loaded (and so validated) once per test run.

    MEDBORGER_TEST_CONTENT points at another content folder (while content is being
    rewritten, a developer can run the UI tests on the last committed content).
    """
    import os

    return load_course(os.environ.get("MEDBORGER_TEST_CONTENT") or ROOT)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty learner data directory; MEDBORGER_DATA points at it."""
    path = tmp_path / "data"
    monkeypatch.setenv("MEDBORGER_DATA", str(path))
    return path


def make_content(tmp_path: Path, case: str | None = None) -> Path:
    """A content folder: the minimal valid course, with one error case laid over it."""
    target = tmp_path / "content"
    shutil.copytree(ERRORS / "base", target)
    shutil.copy(ROOT / "modules" / "medborgerpolitik-ishoej.txt", target / "modules")
    if case:
        shutil.copytree(ERRORS / case, target, dirs_exist_ok=True)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shift-years", metavar="N", default=None,
        help="run with the clock N years ahead (time-machine), in the tests and in every "
             "Python process they start; the same as MEDBORGER_TEST_SHIFT_YEARS=N. "
             "Finds date bombs: certificates that expire, fixed dates that go stale.")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the course's start-up cache out of the user's, and move the clock if asked."""
    import os
    import sys
    import tempfile

    os.environ.setdefault("MEDBORGER_CACHE", tempfile.mkdtemp(prefix="medborger-cache-"))
    years = config.getoption("--shift-years")
    if years is not None:
        os.environ["MEDBORGER_TEST_SHIFT_YEARS"] = str(years)
    if os.environ.get("MEDBORGER_TEST_SHIFT_YEARS"):
        # the whole run travels (module constants and session fixtures too), and so does
        # each Python process a test starts: sitecustomize.py in tests/timeshift/
        shift_dir = str(Path(__file__).resolve().parent / "timeshift")
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if shift_dir not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([shift_dir, *paths])
        if shift_dir not in sys.path:
            sys.path.insert(0, shift_dir)
        import tests_timeshift_clock  # noqa: F401  (starts the travel on import)


@pytest.fixture(autouse=True)
def _wall_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked ``wall_clock`` (file modification times against the clock, which
    time-machine cannot move) runs on the real clock even when the run is shifted."""
    import os

    if request.node.get_closest_marker("wall_clock") is None or \
            not os.environ.get("MEDBORGER_TEST_SHIFT_YEARS"):
        yield
        return
    from datetime import datetime

    import time_machine

    real = datetime.fromtimestamp(time_machine.escape_hatch.time.time(), UTC)
    with time_machine.travel(real, tick=True):
        yield


def pytest_report_header(config: pytest.Config) -> str | None:
    import os

    years = os.environ.get("MEDBORGER_TEST_SHIFT_YEARS")
    return f"clock shifted {years} years ahead (MEDBORGER_TEST_SHIFT_YEARS)" if years else None
