"""Shared fixtures: the real course, a fresh data directory, content copies to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from types import ModuleType

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


DataOnce = Callable[[str, Callable[[Path], object], Path], None]


@pytest.fixture(scope="session")
def data_once(tmp_path_factory: pytest.TempPathFactory) -> DataOnce:
    """``data_once(key, build, data_dir)``: the data folder ``build(folder)`` leaves in an
    empty folder, made once per test process for ``key`` and copied to ``data_dir``.

    For fixtures whose learners have a whole history: a track written page by page is
    a hundred safe writes, a second or two that each test using the fixture would pay."""
    made: dict[str, Path] = {}

    def copy_to(key: str, build: Callable[[Path], object], data_dir: Path) -> None:
        if key not in made:
            folder = tmp_path_factory.mktemp("data-once") / "data"
            build(folder)
            made[key] = folder
        shutil.copytree(made[key], data_dir, dirs_exist_ok=True)

    return copy_to


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
    _quicker_pilot()
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


def _quicker_pilot() -> None:
    """Let Textual's pilot look for "the app is idle" every 5 ms instead of every 20 ms,
    and let the screens refresh every 2.5 ms instead of every 1/60 s.

    After each key, ``Pilot.press`` and ``Pilot.pause`` first wait until every widget of the
    screen has handled its messages, then until the process has used almost no CPU for one
    slice of ``SLEEP_GRANULARITY`` (``textual._wait``). With Textual's 20 ms slice a typed
    word of 15 letters waits 1.3 s, nearly all of it asleep, and the pilot tests spent 25 of
    their 57 s that way. A 5 ms slice (idle: under 0.25 ms of CPU in it) keeps both waits and
    quarters the sleeping.

    The slice must still span a refresh of the screen: what a screen does after the next
    refresh (``call_after_refresh``: a scroll to the feedback, to the answer field) is on
    screen only after it. The screen's refresh timer (``textual.screen.UPDATE_PERIOD``,
    1 / ``TEXTUAL_FPS``) is therefore made shorter than the slice. (Private names: if
    Textual renames them, this fails loudly.) The pixel-exact snapshots keep Textual's own
    values (``textual_default_waits``)."""
    import textual._wait
    import textual.screen

    for module, name in ((textual._wait, "SLEEP_GRANULARITY"), (textual._wait, "SLEEP_IDLE"),
                         (textual.screen, "UPDATE_PERIOD")):
        assert hasattr(module, name), f"{module.__name__}.{name} is gone: see _quicker_pilot"
        TEXTUAL_WAITS[(module, name)] = getattr(module, name)
    textual._wait.SLEEP_GRANULARITY = 1 / 200
    textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20
    textual.screen.UPDATE_PERIOD = 1 / 400


# Textual's own values, kept by _quicker_pilot: (module, name) -> value
TEXTUAL_WAITS: dict[tuple[ModuleType, str], float] = {}


@pytest.fixture
def textual_default_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pilot waits, and the screens refresh, as Textual's own values say in this test
    (see _quicker_pilot)."""
    for (module, name), value in TEXTUAL_WAITS.items():
        monkeypatch.setattr(module, name, value)


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
