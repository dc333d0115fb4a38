"""The start-up cache of the course: plain JSON, only the user's own, never code."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from course.content import cache, load_course
from course.content.model import Course

ROOT = Path(__file__).resolve().parents[2]

posix_only = pytest.mark.skipif(os.name != "posix", reason="file owners and modes are POSIX")


def cache_file(folder: Path) -> Path:
    (found,) = folder.glob("course-*.json")
    return found


def test_the_cached_course_is_the_course(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = cache.load_course_cached(ROOT, folder)  # read from YAML, then cached
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert (cache_file(folder).stat().st_mode & 0o777) == 0o600
    second = cache.load_course_cached(ROOT, folder)  # from the cache
    assert second == first == load_course(ROOT)
    assert second.locations == first.locations  # compare=False: checked on its own
    question = second.questions_for("forord", "medarbejder")[0]
    assert isinstance(question.terms, tuple) and isinstance(second.modules[0].pages, tuple)
    assert second.module("forord").title == first.module("forord").title


def test_the_file_holds_data_only(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache.load_course_cached(ROOT, folder)
    doc = json.loads(cache_file(folder).read_text("utf-8"))
    assert doc["key"] == cache.fingerprint(ROOT.resolve())
    assert doc["course"]["@"] == "Course"


def planted(folder: Path, title: str) -> Path:
    """A cache file for the real content with the right key but another title."""
    cache.load_course_cached(ROOT, folder)
    path = cache_file(folder)
    doc = json.loads(path.read_text("utf-8"))
    doc["course"]["title"] = title
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_a_cache_of_ones_own_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    planted(folder, "Fra cachen")
    assert cache.load_course_cached(ROOT, folder).title == "Fra cachen"


@posix_only
def test_a_folder_others_can_write_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    planted(folder, "Plantet")
    folder.chmod(0o777)
    course = cache.load_course_cached(ROOT, folder)
    assert course.title != "Plantet"
    assert course == load_course(ROOT)


@posix_only
def test_a_file_others_can_write_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    path = planted(folder, "Plantet")
    path.chmod(0o666)
    assert cache.load_course_cached(ROOT, folder).title != "Plantet"


@posix_only
def test_a_link_in_place_of_the_file_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    path = planted(folder, "Plantet")
    elsewhere = tmp_path / "elsewhere.json"
    path.rename(elsewhere)
    path.symlink_to(elsewhere)
    assert cache.load_course_cached(ROOT, folder).title != "Plantet"


class Boom:
    ran = False

    def __reduce__(self):
        return (Boom._explode, ())

    @staticmethod
    def _explode():
        Boom.ran = True
        return "boom"


def test_a_pickle_in_the_cache_never_runs(tmp_path: Path) -> None:
    """A pickle (the old format, or a planted one) is not JSON: ignored and rebuilt."""
    folder = tmp_path / "cache"
    cache.load_course_cached(ROOT, folder)
    path = cache_file(folder)
    path.write_bytes(pickle.dumps((cache.fingerprint(ROOT.resolve()), Boom())))
    course = cache.load_course_cached(ROOT, folder)
    assert not Boom.ran
    assert isinstance(course, Course) and course == load_course(ROOT)
    json.loads(path.read_text("utf-8"))  # rewritten as JSON


@pytest.mark.parametrize("change", [
    lambda doc: doc["course"].update({"@": "Popen"}),  # not a course class
    lambda doc: doc["course"].update({"extra": 1}),  # a field the class does not have
    lambda doc: doc["course"].pop("title"),  # a missing field
    lambda doc: doc.update(key="another"),  # written for other content
])
def test_a_file_that_is_not_a_course_is_rebuilt(tmp_path: Path, change) -> None:
    folder = tmp_path / "cache"
    path = planted(folder, "Plantet")
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), "utf-8")
    course = cache.load_course_cached(ROOT, folder)
    assert course.title != "Plantet" and course == load_course(ROOT)
