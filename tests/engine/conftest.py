"""Fixtures for the engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content import ContentError, load_course
from course.content.model import Course

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def real_course() -> Course:
    """The course in this repository; the test is skipped while the content is invalid."""
    try:
        return load_course(ROOT)
    except ContentError as error:
        first = error.problems[0] if error.problems else error
        pytest.skip(f"the content does not load ({len(error.problems)} problems; first: {first})")
