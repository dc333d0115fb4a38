"""Playing a scenario: where the learner is, the choices taken, and what they did.

A :class:`ScenarioRun` starts at the scenario's start node and moves one choice at a
time until it reaches an ending. Every choice may strengthen (+1) or weaken (-1) focus
areas; :meth:`ScenarioRun.focus_summary` adds those effects up over the path taken.

A run is saved as its path, a list of ``(node id, choice index)``. Resuming replays the
path against the scenario as it is now and stops at the first step that no longer fits,
so an edited scenario never makes a saved run fail to load.

Choices are shown in an order shuffled per node by the run's ``seed`` (stored with the
run), so the file order teaches nothing and a resumed or reviewed run shows the same
order again. A choice index is always the index in the file (:attr:`Node.choices`); the
shown order is :meth:`ScenarioRun.shown_choices`. A run saved before seeds existed has
``seed`` None and shows the file order.

At an ending the learner may answer the scenario's reflection question in a few words;
:meth:`ScenarioRun.reflect` keeps the answer in the run (``reflection``), so it is saved
with it and appears in the learner's export.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course.content.model import Choice, Node, Scenario

__all__ = [
    "REFLECTION_MAX",
    "FocusTally",
    "ScenarioRun",
    "Step",
    "all_paths",
    "play",
    "shortest_path_to",
    "shown_order",
]


REFLECTION_MAX = 500
"""The longest reflection kept, in characters (it is meant to be a few words)."""


def shown_order(node: Node, seed: int | None) -> list[int]:
    """The indices of ``node``'s choices in the order shown for ``seed`` (None: file order)."""
    order = list(range(len(node.choices)))
    if seed is not None:
        random.Random(f"{seed}/{node.id}").shuffle(order)
    return order


@dataclass(frozen=True)
class Step:
    """One move: the choice taken and the node it led to."""

    choice: Choice
    node: Node

    @property
    def feedback(self) -> str:
        return self.choice.feedback


@dataclass(frozen=True)
class FocusTally:
    """How the choices on a path touched one focus area.

    ``strengthened`` and ``weakened`` add up the positive and the negative effects (with
    effects of +1 and -1, how many choices strengthened or weakened the area).
    """

    focus_id: str
    strengthened: int
    weakened: int

    @property
    def net(self) -> int:
        return self.strengthened - self.weakened


class ScenarioRun:
    """A learner's way through one scenario."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        self.scenario = scenario
        self.seed = seed  # shuffles the shown choices; None: file order (runs saved before)
        self._node = scenario.node(scenario.start)
        self._path: list[tuple[str, int]] = []
        self.reflection: str | None = None

    def shown_choices(self, node: Node | None = None) -> list[tuple[int, Choice]]:
        """(file index, choice) of a node (default: the current one) in the shown order."""
        node = node or self._node
        return [(i, node.choices[i]) for i in shown_order(node, self.seed)]

    def reflect(self, text: str) -> str | None:
        """Keep the learner's answer to the reflection (stripped; empty clears it).

        Only at an ending; raises ValueError before. Returns what is kept.
        """
        if not self.is_finished:
            raise ValueError("a reflection is answered at an ending")
        text = " ".join(str(text).split())[:REFLECTION_MAX]
        self.reflection = text or None
        return self.reflection

    @property
    def node(self) -> Node:
        """The node the learner is at."""
        return self._node

    @property
    def path(self) -> list[tuple[str, int]]:
        """The choices taken so far, as ``(node id, choice index)``."""
        return list(self._path)

    @property
    def is_finished(self) -> bool:
        return self._node.is_ending

    @property
    def ending(self) -> Node | None:
        """The ending reached, or None while the run goes on."""
        return self._node if self._node.is_ending else None

    def choose(self, index: int) -> Step:
        """Take choice ``index`` (0-based) of the current node.

        Raises ValueError at an ending or for an index the node does not have.
        """
        if self._node.is_ending:
            raise ValueError(f"the run has ended at {self._node.id!r}; nothing to choose")
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"a choice index is an int, not {index!r}")
        if not 0 <= index < len(self._node.choices):
            count = len(self._node.choices)
            raise ValueError(f"node {self._node.id!r} has {count} choices, not index {index}")
        choice = self._node.choices[index]
        self._path.append((self._node.id, index))
        self._node = self.scenario.node(choice.next)
        return Step(choice, self._node)

    def choices_taken(self) -> list[Choice]:
        return [self.scenario.node(node_id).choices[index] for node_id, index in self._path]

    def net_effects(self) -> dict[str, int]:
        """Focus area id -> the sum of the effects on it over the path."""
        return {tally.focus_id: tally.net for tally in self.focus_summary()}

    def focus_summary(self) -> list[FocusTally]:
        """Per focus area touched on the path, in the order first touched."""
        plus: dict[str, int] = {}
        minus: dict[str, int] = {}
        for choice in self.choices_taken():
            for focus_id, effect in choice.effects:
                plus.setdefault(focus_id, 0)
                minus.setdefault(focus_id, 0)
                if effect > 0:
                    plus[focus_id] += effect
                else:
                    minus[focus_id] -= effect
        return [FocusTally(focus_id, plus[focus_id], minus[focus_id]) for focus_id in plus]

    def to_dict(self) -> dict[str, Any]:
        """The run as plain JSON types.

        ``path`` is what counts; ``node`` (where the path led) lets :meth:`from_dict`
        check the replay, and ``ending`` (the ending's id, or None) is there for reports.
        """
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "path": [[node_id, index] for node_id, index in self._path],
            "node": self._node.id,
            "ending": self.ending.id if self.ending else None,
            "reflection": self.reflection,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], scenario: Scenario) -> ScenarioRun:
        """Resume a run saved with :meth:`to_dict` by replaying its path.

        The replay stops before the first step that does not fit the scenario as it is
        now (the scenario was edited): a step from another node than the one reached, a
        choice the node no longer has, or a choice that now leads somewhere else than
        the saved run went. The resumed run is thus always a start of the saved one.
        Raises ValueError when ``data`` is not a run, or a run of another scenario.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("path"), list):
            raise ValueError("not a saved scenario run")
        if data.get("scenario") != scenario.id:
            raise ValueError(f"a run of {data.get('scenario')!r}, not of {scenario.id!r}")
        steps = [_step(step) for step in data["path"]]
        # where each step went: the next step's node; the last step, to the saved node
        went_to = [step[0] if step else None for step in steps[1:]] + [data.get("node")]
        seed = data.get("seed")
        run = cls(scenario, seed if isinstance(seed, int) and not isinstance(seed, bool) else None)
        for step, target in zip(steps, went_to, strict=False):
            if step is None or run.is_finished or step[0] != run.node.id:
                break
            index = step[1]
            choices = run.node.choices
            if not 0 <= index < len(choices) or target not in (None, choices[index].next):
                break
            run.choose(index)
        reflection = data.get("reflection")
        if run.is_finished and isinstance(reflection, str):
            run.reflect(reflection)
        return run


def _step(value: Any) -> tuple[str, int] | None:
    """A saved ``[node id, choice index]``, or None if ``value`` is not one."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    node_id, index = value
    if not isinstance(node_id, str) or isinstance(index, bool) or not isinstance(index, int):
        return None
    return node_id, index


def play(scenario: Scenario, choices: Iterable[int], seed: int | None = None) -> ScenarioRun:
    """A run with ``choices`` (file indices) taken in turn; raises ValueError on a bad one."""
    run = ScenarioRun(scenario, seed)
    for index in choices:
        run.choose(index)
    return run


def all_paths(scenario: Scenario, limit: int = 1000) -> list[list[int]]:
    """Paths from the start to an ending, as lists of choice indices, at most ``limit``.

    Depth first, in choice order. A path never visits a node twice, so a scenario with
    a loop still gives a finite list; every ending that can be reached is reached by one
    of these paths (given a ``limit`` large enough).
    """
    paths: list[list[int]] = []

    def walk(node: Node, seen: set[str], taken: list[int]) -> None:
        if len(paths) >= limit:
            return
        if node.is_ending:
            paths.append(list(taken))
            return
        for index, choice in enumerate(node.choices):
            if choice.next not in seen:
                walk(scenario.node(choice.next), seen | {choice.next}, [*taken, index])

    walk(scenario.node(scenario.start), {scenario.start}, [])
    return paths


def shortest_path_to(scenario: Scenario, ending_id: str) -> list[int]:
    """The fewest choices (indices) from the start to the ending ``ending_id``.

    Raises ValueError when ``ending_id`` is not an ending of the scenario or cannot be
    reached from its start.
    """
    if ending_id not in {node.id for node in scenario.endings}:
        raise ValueError(f"{ending_id!r} is not an ending of scenario {scenario.id!r}")
    came_from: dict[str, tuple[str, int] | None] = {scenario.start: None}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        if node_id == ending_id:
            path: list[int] = []
            while (step := came_from[node_id]) is not None:
                node_id, index = step
                path.append(index)
            return path[::-1]
        for index, choice in enumerate(scenario.node(node_id).choices):
            if choice.next not in came_from:
                came_from[choice.next] = (node_id, index)
                queue.append(choice.next)
    raise ValueError(f"ending {ending_id!r} cannot be reached in scenario {scenario.id!r}")
