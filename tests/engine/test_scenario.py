"""Scenario runs: choosing, endings, focus effects, saving and resuming, and paths."""

from __future__ import annotations

import json
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content.model import Course, Scenario
from course.engine.scenario import (
    REFLECTION_MAX,
    FocusTally,
    ScenarioRun,
    Step,
    all_paths,
    play,
    shortest_path_to,
    shown_order,
)

from .strategies import choice, decision, ending, scenario, scenario_dags

PROPERTY = settings(max_examples=200, deadline=None)


def neighbour() -> Scenario:
    """The example from modules/README.md, with one more ending."""
    return scenario(
        "start",
        decision(
            "start",
            choice("godt", (("inklusion", 1),)),
            choice("start-igen", (("inklusion", -1),)),
            choice("vred", (("inklusion", -1), ("ansvar", -1))),
        ),
        decision(
            "start-igen",
            choice("godt", (("inklusion", 1), ("ansvar", 1))),
            choice("vred", (("ansvar", -1),)),
        ),
        ending("godt"),
        ending("vred"),
    )


def reachable(s: Scenario) -> set[str]:
    seen, queue = {s.start}, deque([s.start])
    while queue:
        for c in s.node(queue.popleft()).choices:
            if c.next not in seen:
                seen.add(c.next)
                queue.append(c.next)
    return seen


def longest_walk(s: Scenario) -> int | None:
    """The most choices any walk from the start can take, or None if it can loop."""
    memo: dict[str, int] = {}
    on_stack: set[str] = set()

    def longest(node_id: str) -> int | None:
        if node_id in on_stack:
            return None
        if node_id not in memo:
            on_stack.add(node_id)
            lengths = [longest(c.next) for c in s.node(node_id).choices]
            on_stack.discard(node_id)
            if None in lengths:
                return None
            memo[node_id] = 1 + max(lengths) if lengths else 0  # type: ignore[type-var]
        return memo[node_id]

    return longest(s.start)


# --- playing --------------------------------------------------------------------------


def test_a_run_starts_at_the_start() -> None:
    run = ScenarioRun(neighbour())
    assert run.node.id == "start"
    assert run.path == [] and not run.is_finished and run.ending is None
    assert run.focus_summary() == [] and run.net_effects() == {}


def test_choose_moves_and_reports_feedback() -> None:
    s = neighbour()
    run = ScenarioRun(s)
    step = run.choose(1)
    assert step == Step(s.node("start").choices[1], s.node("start-igen"))
    assert step.feedback == "feedback til start-igen"
    assert run.node.id == "start-igen" and not run.is_finished
    step = run.choose(0)
    assert step.node.id == "godt" and step.node.is_ending
    assert run.is_finished and run.ending == s.node("godt")
    assert run.path == [("start", 1), ("start-igen", 0)]


def test_focus_summary_over_the_path() -> None:
    run = play(neighbour(), [1, 0])
    assert run.focus_summary() == [
        FocusTally("inklusion", strengthened=1, weakened=1),
        FocusTally("ansvar", strengthened=1, weakened=0),
    ]
    assert run.net_effects() == {"inklusion": 0, "ansvar": 1}
    run = play(neighbour(), [1, 1])
    assert run.net_effects() == {"inklusion": -1, "ansvar": -1}
    assert [t.net for t in run.focus_summary()] == [-1, -1]


@pytest.mark.parametrize("index", [-1, 3, 99, "0", None, 0.0, True])
def test_choose_a_choice_that_is_not_there(index) -> None:
    run = ScenarioRun(neighbour())
    with pytest.raises(ValueError):
        run.choose(index)
    assert run.node.id == "start" and run.path == []


def test_choose_at_an_ending() -> None:
    run = play(neighbour(), [0])
    with pytest.raises(ValueError):
        run.choose(0)
    assert run.path == [("start", 0)]


def test_a_scenario_that_starts_at_an_ending() -> None:
    run = ScenarioRun(scenario("slut", ending("slut")))
    assert run.is_finished and run.ending.id == "slut"
    assert all_paths(run.scenario) == [[]]
    assert shortest_path_to(run.scenario, "slut") == []


# --- every ending ---------------------------------------------------------------------


def test_all_paths_reach_every_ending() -> None:
    s = neighbour()
    paths = all_paths(s)
    assert paths == [[0], [1, 0], [1, 1], [2]]
    assert {play(s, p).ending.id for p in paths} == {"godt", "vred"}


def test_shortest_path_to() -> None:
    s = neighbour()
    assert shortest_path_to(s, "godt") == [0]
    assert shortest_path_to(s, "vred") == [2]
    with pytest.raises(ValueError):
        shortest_path_to(s, "start")  # not an ending
    with pytest.raises(ValueError):
        shortest_path_to(s, "nope")


def test_an_unreachable_ending() -> None:
    s = scenario("a", decision("a", choice("b")), ending("b"), ending("ø"))
    with pytest.raises(ValueError):
        shortest_path_to(s, "ø")


def test_all_paths_limit() -> None:
    assert len(all_paths(neighbour(), limit=2)) == 2


def test_a_loop_does_not_trap_all_paths() -> None:
    # the validator allows a way back, as long as an ending stays reachable
    s = scenario(
        "a",
        decision("a", choice("b"), choice("slut")),
        decision("b", choice("a"), choice("slut")),
        ending("slut"),
    )
    assert all_paths(s) == [[0, 1], [1]]
    assert longest_walk(s) is None
    run = play(s, [0, 0, 0, 0, 1])  # a run can go round
    assert run.ending.id == "slut"


# --- saving and resuming --------------------------------------------------------------


def test_resume_mid_run() -> None:
    s = neighbour()
    run = play(s, [1])
    saved = json.loads(json.dumps(run.to_dict()))
    assert saved == {"scenario": "sc", "seed": None, "path": [["start", 1]], "node": "start-igen",
                     "ending": None, "reflection": None}
    resumed = ScenarioRun.from_dict(saved, s)
    assert resumed.node.id == "start-igen" and resumed.path == run.path
    resumed.choose(0)
    assert resumed.ending.id == "godt"
    assert resumed.to_dict()["ending"] == "godt"


def test_resume_finished_run() -> None:
    s = neighbour()
    run = play(s, [1, 1])
    resumed = ScenarioRun.from_dict(json.loads(json.dumps(run.to_dict())), s)
    assert resumed.is_finished and resumed.path == run.path
    assert resumed.focus_summary() == run.focus_summary()


def test_resume_stops_at_a_step_that_no_longer_fits() -> None:
    saved = play(neighbour(), [1, 1]).to_dict()  # start -> start-igen -> vred
    assert saved["node"] == "vred"

    # choice 1 at the start now leads elsewhere: nothing of the run fits any more
    swapped = scenario(
        "start",
        decision("start", choice("start-igen"), choice("godt")),
        decision("start-igen", choice("godt")),
        ending("godt"),
    )
    resumed = ScenarioRun.from_dict(saved, swapped)
    assert resumed.path == [] and resumed.node.id == "start"

    # start-igen lost its second choice: the run resumes before it
    cut = scenario(
        "start",
        decision("start", choice("godt"), choice("start-igen")),
        decision("start-igen", choice("godt")),
        ending("godt"),
    )
    resumed = ScenarioRun.from_dict(saved, cut)
    assert resumed.path == [("start", 1)] and resumed.node.id == "start-igen"

    # the last choice now leads to another ending than the saved run reached
    moved = scenario(
        "start",
        decision("start", choice("godt"), choice("start-igen")),
        decision("start-igen", choice("godt"), choice("godt")),
        ending("godt"),
    )
    assert ScenarioRun.from_dict(saved, moved).path == [("start", 1)]
    without_node = {"scenario": "sc", "path": saved["path"]}
    assert ScenarioRun.from_dict(without_node, moved).ending.id == "godt"


def test_resume_skips_damaged_steps() -> None:
    s = neighbour()
    for path in (
        [["nope", 0], ["start", 0]],
        [["start", 5]],
        [["start", "1"]],
        [["start", True]],
        ["x", ["start", 0]],
        [["start"]],
    ):
        assert ScenarioRun.from_dict({"scenario": "sc", "path": path}, s).path == [], path
    damaged = {"scenario": "sc", "path": [["start", 1], "x", ["start-igen", 0]]}
    assert ScenarioRun.from_dict(damaged, s).path == [("start", 1)]
    finished = {"scenario": "sc", "path": [["start", 0], ["godt", 0]]}
    assert ScenarioRun.from_dict(finished, s).path == [("start", 0)]


@pytest.mark.parametrize(
    "data", [None, [], {}, {"scenario": "sc"}, {"scenario": "other", "path": []}]
)
def test_from_dict_refuses_what_is_not_a_run(data) -> None:
    with pytest.raises(ValueError):
        ScenarioRun.from_dict(data, neighbour())


# --- properties on generated graphs ---------------------------------------------------


@PROPERTY
@given(scenario_dags(), st.data())
@pytest.mark.slow
def test_random_choices_reach_an_ending(s: Scenario, data: st.DataObject) -> None:
    run = ScenarioRun(s)
    for _ in range(len(s.nodes)):
        if run.is_finished:
            break
        step = run.choose(data.draw(st.integers(0, len(run.node.choices) - 1)))
        assert step.node == run.node
    assert run.is_finished and run.ending in s.endings
    assert len(run.path) < len(s.nodes)
    resumed = ScenarioRun.from_dict(json.loads(json.dumps(run.to_dict())), s)
    assert resumed.path == run.path and resumed.ending == run.ending
    assert sum(t.net for t in run.focus_summary()) == sum(
        effect for c in run.choices_taken() for _, effect in c.effects
    )


@PROPERTY
@given(scenario_dags())
@pytest.mark.slow
def test_all_paths_and_shortest_paths(s: Scenario) -> None:
    endings = {n.id for n in s.endings} & reachable(s)
    paths = all_paths(s, limit=10_000)
    assert len({tuple(p) for p in paths}) == len(paths)
    reached = {play(s, p).ending.id for p in paths}
    assert reached == endings
    for ending_id in endings:
        shortest = shortest_path_to(s, ending_id)
        assert play(s, shortest).ending.id == ending_id
        assert len(shortest) == min(len(p) for p in paths if play(s, p).ending.id == ending_id)


# --- the real course ------------------------------------------------------------------


def test_real_scenarios_play_to_every_ending(real_course: Course) -> None:
    scenarios = [s for quiz in real_course.quizzes for s in quiz.scenarios]
    if not scenarios:
        pytest.skip("the course has no scenarios yet")
    for s in scenarios:
        paths = all_paths(s, limit=100_000)
        assert len(paths) < 100_000, f"{s.id}: too many paths to check"
        assert {play(s, p).ending.id for p in paths} == {n.id for n in s.endings}, s.id
        assert all(len(p) < len(s.nodes) for p in paths), s.id
        longest = longest_walk(s)
        assert longest is not None, f"{s.id}: a run can go round in a loop"
        assert longest < len(s.nodes), s.id
        for ending_node in s.endings:
            assert play(s, shortest_path_to(s, ending_node.id)).ending == ending_node


# --- shuffled choices and the reflection (issue 11) ---------------------------------------


def test_a_run_without_a_seed_shows_the_file_order() -> None:
    run = ScenarioRun(neighbour())
    assert [i for i, _ in run.shown_choices()] == [0, 1, 2]


def test_a_seed_shuffles_each_node_and_the_order_survives_saving() -> None:
    s = neighbour()
    orders = {tuple(i for i, _ in ScenarioRun(s, seed).shown_choices()) for seed in range(40)}
    assert len(orders) > 1  # different runs see different orders
    run = ScenarioRun(s, seed=1234)
    first = run.shown_choices()
    shown_index, choice_ = first[0]
    run.choose(shown_index)  # the index chosen is the file index
    assert run.path == [("start", shown_index)]
    assert run.choices_taken() == [choice_]
    saved = json.loads(json.dumps(run.to_dict()))
    assert saved["seed"] == 1234
    resumed = ScenarioRun.from_dict(saved, s)
    assert resumed.seed == 1234
    assert resumed.shown_choices(s.node("start")) == first
    assert resumed.shown_choices() == run.shown_choices()


@PROPERTY
@given(scenario_dags(), st.integers(0, 2**32 - 1))
@pytest.mark.slow
def test_shown_order_is_a_permutation_fixed_by_the_seed(s: Scenario, seed: int) -> None:
    for node in s.nodes:
        order = shown_order(node, seed)
        assert sorted(order) == list(range(len(node.choices)))
        assert order == shown_order(node, seed)
        assert shown_order(node, None) == list(range(len(node.choices)))


def test_a_run_saved_before_seeds_keeps_the_file_order() -> None:
    s = neighbour()
    old = {"scenario": "sc", "path": [["start", 1]], "node": "start-igen", "ending": None}
    resumed = ScenarioRun.from_dict(old, s)
    assert resumed.seed is None and resumed.reflection is None
    assert [i for i, _ in resumed.shown_choices()] == [0, 1]
    assert resumed.node.id == "start-igen"


def test_the_reflection_is_kept_at_an_ending_and_saved() -> None:
    s = neighbour()
    run = play(s, [0], seed=7)
    assert run.reflect("  Jeg ville   spørge  naboen.  ") == "Jeg ville spørge naboen."
    saved = json.loads(json.dumps(run.to_dict()))
    assert saved["reflection"] == "Jeg ville spørge naboen."
    assert ScenarioRun.from_dict(saved, s).reflection == "Jeg ville spørge naboen."
    assert run.reflect("   ") is None  # an empty answer clears it
    assert len(run.reflect("ord " * 400)) == REFLECTION_MAX


def test_a_reflection_before_the_ending_is_refused() -> None:
    run = ScenarioRun(neighbour())
    with pytest.raises(ValueError):
        run.reflect("for tidligt")
    unfinished = {"scenario": "sc", "path": [], "node": "start", "ending": None,
                  "reflection": "snyd"}
    assert ScenarioRun.from_dict(unfinished, neighbour()).reflection is None
