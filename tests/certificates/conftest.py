"""Fixtures for the certificate tests: a store, a learner who qualifies, issued certificates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.certificates.service import Issued, issue
from course.content.model import Course
from progress import Store
from tests.certificates.test_certificates import NAME, qualifying_learner

# three days ago, so that the certificates are valid now on any machine's clock
WHEN = (datetime.now(UTC) - timedelta(days=3)).replace(microsecond=0)


@pytest.fixture(autouse=True)
def _no_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # set first, so that the variable is removed again after a test that sets it (add_routes)
    monkeypatch.setenv("MEDBORGER_PUBLIC_URL", "")
    monkeypatch.delenv("MEDBORGER_PUBLIC_URL")


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture
def issued(course: Course, store: Store, tmp_path: Path) -> Issued:
    """A school-track certificate (no expiry), issued at WHEN."""
    learner = qualifying_learner(course, store)
    return issue(course, store, learner, tmp_path / "out", now=WHEN)


@pytest.fixture
def employee(course: Course, store: Store, tmp_path: Path) -> Issued:
    """An employee certificate: valid three years (course.yaml), issued at WHEN."""
    learner = qualifying_learner(course, store, name="Åse Ørum", track="medarbejder")
    return issue(course, store, learner, tmp_path / "out", now=WHEN)


__all__ = ["NAME", "WHEN"]
