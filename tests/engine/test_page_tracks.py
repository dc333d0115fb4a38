"""Pages limited to some tracks are skipped, and not counted, for the others (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass, field

from course.certificates.rules import claim
from course.content.model import Course, Module, Page, Track
from course.engine.progress import (
    ModuleState,
    first_unseen_page,
    module_progress,
    resume_point,
    track_progress,
)


@dataclass
class Facts:
    pages: dict[str, set[int]] = field(default_factory=dict)

    def passed_quizzes(self) -> set[str]:
        return set()

    def best_percent(self, module: str) -> float | None:
        return None

    def completed_scenarios(self) -> set[str]:
        return set()


def course() -> Course:
    pages = (
        Page("Alle", "Til alle."),
        Page("Ansat", "Kun ansatte.", tracks=("medarbejder",)),
        Page("Skole", "Kun skolen.", tracks=("skole",)),
        Page("Alle igen", "Til alle."),
    )
    module = Module("m", "Modul", "Et modul.", 5, pages, ("Punkt.",))
    tracks = (
        Track("medarbejder", "Medarbejder", "Ansatte.", ("m",), 80, "Bevis"),
        Track("skole", "Skole", "Skolen.", ("m",), 60, "Bevis"),
    )
    return Course("Kursus", "Politik", (module,), tracks, (), (), ())


def test_page_indices_keep_the_module_numbering() -> None:
    module = course().module("m")
    assert module.page_indices("medarbejder") == (0, 1, 3)
    assert module.page_indices("skole") == (0, 2, 3)


def test_only_the_tracks_pages_count() -> None:
    c = course()
    facts = Facts({"m": {0, 1, 3}})
    employee = module_progress(c, c.module("m"), "medarbejder", facts)
    assert (employee.pages_seen, employee.pages_total, employee.pages_done) == (3, 3, True)
    assert employee.state is ModuleState.DONE
    pupil = module_progress(c, c.module("m"), "skole", facts)
    assert (pupil.pages_seen, pupil.pages_total, pupil.pages_done) == (2, 3, False)
    assert pupil.remaining() == ["Læs siderne (2 af 3 læst)"]
    assert track_progress(c, "medarbejder", facts).complete
    assert not track_progress(c, "skole", facts).complete


def test_certificate_eligibility_follows_the_tracks_pages() -> None:
    c = course()
    assert claim(c, "medarbejder", Facts({"m": {0, 1, 3}})).eligible
    assert not claim(c, "skole", Facts({"m": {0, 1, 3}})).eligible
    assert claim(c, "skole", Facts({"m": {0, 2, 3}})).eligible


def test_resume_and_first_unseen_skip_other_tracks_pages() -> None:
    c = course()
    module = c.module("m")
    assert first_unseen_page(module, {0}, "skole") == 2
    assert first_unseen_page(module, {0}, "medarbejder") == 1
    assert first_unseen_page(module, {0, 2, 3}, "skole") == 0  # all read: the start
    assert resume_point(c, "skole", ("m", 1), {}) == ("m", 2)  # page 1 is not the pupils'
    assert resume_point(c, "medarbejder", ("m", 2), {}) == ("m", 3)
    assert resume_point(c, "skole", None, {"m": {0}}) == ("m", 2)
