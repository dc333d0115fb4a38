"""Quality gate: the course reads easily (LIX, as scripts/lix.py measures it).

LIX below 30 is very easy, 30–40 easy (a 9th-grader reads it), 40–50 medium. The policy
itself scores about 47; the course explains it in plainer words.
"""

from __future__ import annotations

import pytest

from course.content.model import Course

from .conftest import load_script

lix = load_script("lix")

MAX_COURSE_LIX = 40  # lesson and scenario text together
MAX_MODULE_LESSON_LIX = 45


@pytest.fixture(scope="module")
def figures(real_course: Course) -> tuple[dict[str, tuple[float, float]], float]:
    return lix.course_figures(real_course)


def test_course_lix(figures) -> None:
    _, course_lix = figures
    assert course_lix <= MAX_COURSE_LIX, f"course LIX {course_lix:.1f} > {MAX_COURSE_LIX}"


def test_module_lesson_lix(figures) -> None:
    per_module, _ = figures
    hard = {m: round(lessons, 1) for m, (lessons, _) in per_module.items()
            if lessons > MAX_MODULE_LESSON_LIX}
    assert hard == {}, (
        f"lesson LIX above {MAX_MODULE_LESSON_LIX} (see: uv run python scripts/lix.py --worst 10)"
    )


def test_lix_measures_something(real_course: Course) -> None:
    """The measure is alive: every module has lesson text, and hard text scores higher."""
    assert all(lix.module_texts(m) for m in real_course.modules)
    easy = lix.lix(["Vi bor i Ishøj. Vi er naboer. Vi hilser."])
    hard = lix.lix(["Medborgerpolitikken omfatter samtlige borgere og understøtter inkluderende "
                    "rammer gennem borgerinddragelse, interkulturel dialog og sammenhængskraft."])
    assert easy < 20 < 50 < hard
