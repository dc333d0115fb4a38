""""Fortsæt" goes to the next unfinished step of the track (course.engine.session), in
the terminal app and the plain mode alike."""

from __future__ import annotations

from course.content.model import Course
from course.engine.session import Target, resume_target, unfinished_steps
from progress import Facts, Position

TRACK = "skole"  # its scenarios are core (the employee track has them as deepening)


def facts(course: Course, *, read: tuple[str, ...] = (), passed: tuple[str, ...] = (),
          played: tuple[str, ...] = (), position: Position | None = None,
          open_runs: tuple[str, ...] = ()) -> Facts:
    pages = {m: set(course.module(m).page_indices(TRACK)) for m in read}
    attempts = [{"id": m, "module": m, "finished": "2026-11-26T12:00:00+00:00",
                 "passed": True, "percent": 100.0} for m in passed]
    runs = [{"id": s, "scenario": s, "finished": "2026-11-26T12:00:00+00:00", "ending": "x"}
            for s in played]
    runs += [{"id": f"open-{s}", "scenario": s, "finished": None} for s in open_runs]
    return Facts(pages, position, attempts, runs)


def first_with_scenarios(course: Course, count: int = 1) -> str:
    return next(m for m in course.track(TRACK).modules
                if len(course.scenarios_for(m, TRACK)) >= count)


def test_a_finished_scenario_leads_on_to_the_next_step(course: Course) -> None:
    """The walk's finding: F reopened a scenario that was already played to its end."""
    modules = course.track(TRACK).modules
    module = first_with_scenarios(course)
    scenarios = [s.id for s in course.scenarios_for(module, TRACK)]
    done_modules = modules[: modules.index(module)]
    every_scenario_before = tuple(s.id for m in done_modules for s in course.scenarios_for(m, TRACK))
    state = facts(course, read=(*done_modules, module), passed=(*done_modules, module),
                  played=(*every_scenario_before, scenarios[0]),
                  position=Position(module, activity="scenario", ref=scenarios[0]))
    target = resume_target(course, TRACK, state)
    if len(scenarios) > 1:
        assert target == Target(module, activity="scenario", ref=scenarios[1])
    else:
        following = modules[modules.index(module) + 1]
        assert target == Target(following, course.module(following).page_indices(TRACK)[0])


def test_an_unfinished_step_is_where_the_learner_goes_back_to(course: Course) -> None:
    module = first_with_scenarios(course)
    scenario = course.scenarios_for(module, TRACK)[0].id
    at_scenario = Position(module, activity="scenario", ref=scenario)
    assert resume_target(course, TRACK, facts(course, position=at_scenario)) == Target(
        module, activity="scenario", ref=scenario)
    # played before, but a replay is open: back into the replay
    replay = facts(course, played=(scenario,), open_runs=(scenario,), position=at_scenario)
    assert resume_target(course, TRACK, replay).ref == scenario
    at_quiz = Position(module, activity="quiz")
    assert resume_target(course, TRACK, facts(course, position=at_quiz)) == Target(
        module, activity="quiz")
    page = course.module(module).page_indices(TRACK)[-1]
    reading = facts(course, position=Position(module, page))  # pages not all read
    assert resume_target(course, TRACK, reading) == Target(module, page)


def test_a_read_lesson_leads_to_the_quiz_and_a_passed_quiz_to_the_scenarios(
        course: Course) -> None:
    module = first_with_scenarios(course)
    last = course.module(module).page_indices(TRACK)[-1]
    read = facts(course, read=(module,), position=Position(module, last))
    assert resume_target(course, TRACK, read) == Target(module, activity="quiz")
    passed = facts(course, read=(module,), passed=(module,),
                   position=Position(module, activity="quiz"))
    first_scenario = course.scenarios_for(module, TRACK)[0].id
    assert resume_target(course, TRACK, passed) == Target(module, activity="scenario",
                                                          ref=first_scenario)


def test_after_the_last_step_it_goes_back_to_what_is_left_earlier(course: Course) -> None:
    modules = course.track(TRACK).modules
    last = modules[-1]
    every_scenario = tuple(s.id for m in modules for s in course.scenarios_for(m, TRACK))
    # everything done but the first module's quiz; the learner was at the last module
    state = facts(course, read=modules, passed=modules[1:], played=every_scenario,
                  position=Position(last, course.module(last).page_indices(TRACK)[-1]))
    assert unfinished_steps(course, TRACK, state) == [("quiz", modules[0], None, 0)]
    assert resume_target(course, TRACK, state) == Target(modules[0], activity="quiz")


def test_when_everything_is_done_it_stays_where_the_learner_was(course: Course) -> None:
    modules = course.track(TRACK).modules
    every_scenario = tuple(s.id for m in modules for s in course.scenarios_for(m, TRACK))
    module = first_with_scenarios(course)
    scenario = course.scenarios_for(module, TRACK)[0].id
    state = facts(course, read=modules, passed=modules, played=every_scenario,
                  position=Position(module, activity="scenario", ref=scenario))
    assert unfinished_steps(course, TRACK, state) == []
    assert resume_target(course, TRACK, state) == Target(module, activity="scenario",
                                                         ref=scenario)


def test_a_passed_quiz_with_an_open_retake_is_not_where_fortsaet_goes(course: Course) -> None:
    """The walk's finding: F led back into the open retake of a quiz already passed."""
    module = first_with_scenarios(course)
    state = facts(course, read=(module,), passed=(module,),
                  position=Position(module, activity="quiz"))
    retake = {"id": "retake", "module": module, "finished": None}
    state = Facts(state.pages, state.position, [*state.attempts, retake], state.runs)
    assert state.open_attempt(module) is retake
    assert not any(step[:2] == ("quiz", module) for step in unfinished_steps(course, TRACK, state))
    first_scenario = course.scenarios_for(module, TRACK)[0].id
    assert resume_target(course, TRACK, state) == Target(module, activity="scenario",
                                                         ref=first_scenario)


def test_no_full_stop_after_a_title_that_ends_in_a_question_mark(course: Course) -> None:
    from course.engine.session import describe_target
    from course.engine.wording import sentence

    module = next(m for m in course.modules if m.title.endswith("?"))  # Hvordan kan jeg bidrage?
    text = sentence(f"Enter: fortsæt {describe_target(course, TRACK, Target(module.id, activity='quiz'))}")
    assert text.endswith(f"{module.title}") and "?." not in text
    assert sentence("Vision, side 2 af 5") == "Vision, side 2 af 5."
    assert sentence("Færdig.") == "Færdig."
