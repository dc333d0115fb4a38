"""Fixtures for the certificate tests: a store, a learner who qualifies, issued certificates.

Issuing is the dearest step of the suite (a learner's whole history written page by page,
then the signature and the PDF with its fonts). ``issued`` and ``employee`` therefore issue
once per test process and give each test its own copy of the data folder and the files,
as if the learner had been through the course and issued in that test's folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from course.certificates.service import Issued, issue
from course.content.model import Course
from progress import Store
from tests.certificates.test_certificates import NAME, qualifying_learner

# three days ago, so that the certificates are valid now on any machine's clock
WHEN = (datetime.now(UTC) - timedelta(days=3)).replace(microsecond=0)

# what a test's certificates are made from: (name, track, moment), issued in this order
Spec = tuple[str, str, datetime]
IssueOnce = Callable[[Path, tuple[Spec, ...]], list[Issued]]
SCHOOL: Spec = (NAME, "skole", WHEN)
EMPLOYEE: Spec = ("Åse Ørum", "medarbejder", WHEN)


@pytest.fixture(autouse=True)
def _no_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # set first, so that the variable is removed again after a test that sets it (add_routes)
    monkeypatch.setenv("MEDBORGER_PUBLIC_URL", "")
    monkeypatch.delenv("MEDBORGER_PUBLIC_URL")


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture(scope="session")
def issue_once(course: Course, tmp_path_factory: pytest.TempPathFactory) -> IssueOnce:
    """``issue_once(tmp_path, specs)``: the certificates of qualifying learners, as
    ``issue(course, Store(tmp_path / "data"), learner, tmp_path / "out", now=when)`` for
    each spec in turn leaves them, starting from an empty data folder (so they share its
    key and status list). Made once per process for each list of specs, then copied."""
    made: dict[tuple[Spec, ...], tuple[Path, list[Issued]]] = {}

    def copy_to(tmp_path: Path, specs: tuple[Spec, ...]) -> list[Issued]:
        if specs not in made:
            root = tmp_path_factory.mktemp("issued-once")
            store = Store(root / "data")
            made[specs] = root, [
                issue(course, store, qualifying_learner(course, store, name=name, track=track),
                      root / "out", now=when, public_url_="")
                for name, track, when in specs]
        root, issued = made[specs]
        for part in ("data", "out"):
            shutil.copytree(root / part, tmp_path / part, dirs_exist_ok=True)
        # the learners' records name the files in out/ by their whole path: this test's
        for record in (tmp_path / "data").rglob("*.json"):
            text = record.read_text(encoding="utf-8")
            if str(root) in text:
                record.write_text(text.replace(str(root), str(tmp_path)), encoding="utf-8")
        return [replace(one, json_path=tmp_path / one.json_path.relative_to(root),
                        pdf_path=tmp_path / one.pdf_path.relative_to(root)) for one in issued]

    return copy_to


@pytest.fixture
def _certificates(request: pytest.FixtureRequest, issue_once: IssueOnce, data_dir: Path,
                  tmp_path: Path) -> Callable[[str], Issued]:
    """The certificates a test asks for (``issued``, ``employee`` or both), in one data
    folder, as if issued in that test (a module may give ``issued`` its own moment:
    ``SCHOOL_WHEN``)."""
    assert data_dir == tmp_path / "data"
    school = (NAME, "skole", getattr(request.module, "SCHOOL_WHEN", WHEN))
    wanted = {"issued": school, "employee": EMPLOYEE}
    made: dict[str, Issued] = {}

    def get(name: str) -> Issued:
        if not made:  # a fixture asked for by getfixturevalue is not in fixturenames yet
            names = [n for n in wanted if n == name or n in request.fixturenames]
            made.update(zip(names, issue_once(tmp_path, tuple(wanted[n] for n in names)),
                            strict=True))
        return made[name]

    return get


@pytest.fixture
def issued(_certificates: Callable[[str], Issued]) -> Issued:
    """A school-track certificate (no expiry), issued at WHEN."""
    return _certificates("issued")


@pytest.fixture
def employee(_certificates: Callable[[str], Issued]) -> Issued:
    """An employee certificate: valid three years (course.yaml), issued at WHEN."""
    return _certificates("employee")


__all__ = ["NAME", "WHEN"]
