"""Optional deepening (»Fordybelse«): pages and scenarios marked ``optional`` for a track
are shown and counted, but the certificate does not require them, and "Fortsæt" leads
through the whole core before it offers any of them (issue 22)."""

from __future__ import annotations

from course.certificates.rules import claim
from course.content.model import Course
from course.engine.progress import ModuleState, first_unseen_page, track_progress
from course.engine.session import Target, describe_target, module_activities, resume_target
from progress import Facts, Position

TRACK = "medarbejder"
FINISHED = "2026-11-26T12:00:00+00:00"


def core_done(course: Course, track: str = TRACK, *, optional_pages: bool = False,
              position: Position | None = None) -> Facts:
    """Every core page read, every quiz passed and every core scenario played."""
    pages: dict[str, set[int]] = {}
    attempts, runs = [], []
    for module in course.modules_for(track):
        read = set(module.core_page_indices(track))
        if optional_pages:
            read |= set(module.optional_page_indices(track))
        pages[module.id] = read
        if course.questions_for(module.id, track):
            attempts.append({"id": module.id, "module": module.id, "finished": FINISHED,
                             "passed": True, "percent": 100.0})
        runs += [{"id": s.id, "scenario": s.id, "finished": FINISHED, "ending": "x"}
                 for s in course.scenarios_for(module.id, track) if not s.is_optional(track)]
    return Facts(pages, position, attempts, runs)


def test_the_employee_track_has_deepening(course: Course) -> None:
    progress = track_progress(course, TRACK, Facts({}, None, [], []))
    assert progress.deepening_total > 0
    assert any(s.is_optional(TRACK) for m in course.modules_for(TRACK)
               for s in course.scenarios_for(m.id, TRACK))


def test_optional_items_do_not_block_the_certificate(course: Course) -> None:
    facts = core_done(course)
    progress = track_progress(course, TRACK, facts)
    assert progress.complete and progress.fraction == 1.0
    assert all(m.state is ModuleState.DONE for m in progress.modules)
    assert progress.deepening_done == 0 < progress.deepening_total
    result = claim(course, TRACK, facts)
    assert result.eligible and result.missing == []


def test_a_missing_core_page_still_blocks_the_certificate(course: Course) -> None:
    facts = core_done(course, optional_pages=True)
    module = course.modules_for(TRACK)[0]
    facts.pages[module.id].discard(module.core_page_indices(TRACK)[0])
    result = claim(course, TRACK, facts)
    assert not result.eligible
    assert any("Læs siderne" in line for line in result.missing)


def test_deepening_is_counted_in_progress(course: Course) -> None:
    read = core_done(course, optional_pages=True)
    progress = track_progress(course, TRACK, read)
    optional_pages = sum(len(m.optional_page_indices(TRACK)) for m in course.modules_for(TRACK))
    assert progress.deepening_done == optional_pages
    module = next(m for m in progress.modules if m.optional_pages_total)
    lesson = module_activities(course, module.module, TRACK, read)[0]
    assert "fordybelse" in lesson.status


def test_fortsaet_leads_through_the_core_first(course: Course) -> None:
    first = course.modules_for(TRACK)[0]
    start = resume_target(course, TRACK, Facts({}, None, [], []))
    assert start == Target(first.id, first.core_page_indices(TRACK)[0])
    # the core pages of the first module read: its quiz, not its optional pages
    read = Facts({first.id: set(first.core_page_indices(TRACK))},
                 Position(first.id, first.core_page_indices(TRACK)[-1]), [], [])
    assert resume_target(course, TRACK, read) == Target(first.id, activity="quiz")
    # the whole core done: now the first deepening step
    done = core_done(course, position=Position(course.modules_for(TRACK)[-1].id,
                                               activity="quiz"))
    target = resume_target(course, TRACK, done)
    module = course.module(target.module)
    if target.activity == "lesson":
        assert target.page in module.optional_page_indices(TRACK)
        assert "fordybelse" in describe_target(course, TRACK, target)
    else:
        scenario = next(s for s in course.scenarios_for(module.id, TRACK) if s.id == target.ref)
        assert scenario.is_optional(TRACK)


def test_a_learner_on_an_optional_page_is_sent_on_through_the_core(course: Course) -> None:
    module = next(m for m in course.modules_for(TRACK) if m.optional_page_indices(TRACK))
    page = module.optional_page_indices(TRACK)[0]
    facts = Facts({module.id: set(module.core_page_indices(TRACK)) | {page}},
                  Position(module.id, page), [], [])
    target = resume_target(course, TRACK, facts)
    assert target == Target(module.id, activity="quiz")


def test_a_lesson_reads_the_core_then_the_key_points_then_the_deepening(course: Course) -> None:
    for module in course.modules_for(TRACK):
        core, optional = module.core_page_indices(TRACK), module.optional_page_indices(TRACK)
        assert module.reading_sequence(TRACK) == (*core, len(module.pages), *optional)
        assert first_unseen_page(module, set(), TRACK) == core[0]
        if optional:
            assert first_unseen_page(module, set(core), TRACK) == optional[0]
