"""Shared fixtures: the real course, a fresh data directory, content copies to break."""

from __future__ import annotations

import shutil
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


def pytest_configure(config: pytest.Config) -> None:
    """Keep the start-up cache of the course out of the user's cache directory."""
    import os
    import tempfile

    os.environ.setdefault("MEDBORGER_CACHE", tempfile.mkdtemp(prefix="medborger-cache-"))
