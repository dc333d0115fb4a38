"""Test-wiseness and coverage figures over a course (issue 11), free of any user interface.

A learner who knows nothing of the policy should not be able to pass by reading the
shape of the items: the longest option, "falsk" for every statement, wrong options that
say "kun" or "altid", the longest scenario choice. :func:`measure` counts those cues over
a :class:`~course.content.model.Course`, together with what the content must have for
question pools and feedback to work (objectives, a `why` on every wrong option, pools
large enough for every track, real dilemmas in every scenario).

A *dilemma* is a scenario decision where at least two choices each strengthen one focus
area and weaken another (a trade-off: the choice has a cost) and no choice strengthens
without weakening anything. A choice that gains for free beside a trade-off (the
costless »do both«) turns the trade-off into a right and a wrong answer and teaches the
rule of thumb »pick the one that does everything«; :func:`free_choices` finds it. A
decision with no trade-off at all is a plain right against wrong (e.g. lawful against
unlawful), which is fine, as long as at least half of all decisions, and two in every
scenario, are dilemmas.

Every figure keeps the offending items with their ids and, when the loader recorded it,
their place in the files, so a caller can print warnings as ``fil:linje:kolonne``. The
thresholds the tests hold the content to are in :data:`GATES`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .model import Course, MultipleChoice, Node, Question, SingleChoice, TrueFalse

__all__ = [
    "ABSOLUTE_WORDS",
    "GATES",
    "Finding",
    "Quality",
    "Share",
    "dilemma_nodes",
    "free_choices",
    "has_absolute_word",
    "measure",
    "normalise_prompt",
]

ABSOLUTE_WORDS = ("kun", "altid", "aldrig", "præcis", "udelukkende")
_ABSOLUTE = re.compile(r"\b(?:" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)

GATES = {
    "longest_key_max": 0.30,  # single-choice items whose key is the strictly longest option
    "true_share_min": 0.35,  # true/false items whose answer is true
    "true_share_max": 0.65,
    "absolute_wrong_max": 0.10,  # wrong options with an absolute word
    "longest_best_choice_max": 0.40,  # scenario decisions whose best choice is the longest
    "objectives_min": 2,
    "objectives_max": 4,
    "dilemmas_min": 2,  # dilemma nodes per scenario
    "dilemma_share_min": 0.50,  # dilemma nodes among all scenario decisions
    "right_options": (1, 2, 3),  # the right-option counts multiple choice must use
}


@dataclass(frozen=True)
class Finding:
    """One item behind a figure: what it is, why it counts, and where it is written."""

    id: str  # a question id, "scenario/node", a scenario id, a module id, or "module/track"
    detail: str  # Danish, for an author
    location: tuple[str, int, int] | None = None

    def __str__(self) -> str:
        where = f"{self.location[0]}:{self.location[1]}:{self.location[2]}: " if self.location else ""
        return f"{where}{self.id}: {self.detail}"


@dataclass(frozen=True)
class Share:
    """``count`` of ``total`` items have a property; ``items`` are those ``count``."""

    count: int
    total: int
    items: tuple[Finding, ...] = ()

    @property
    def value(self) -> float:
        """``count / total``, 0 when there is nothing to count."""
        return self.count / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.count}/{self.total} ({100 * self.value:.0f} %)"


@dataclass(frozen=True)
class Quality:
    """Every figure of :func:`measure`; see the module docstring."""

    longest_key: Share  # single choice: the key is the strictly longest option
    true_answers: Share  # true/false answered `true`
    true_by_module: tuple[tuple[str, Share], ...]  # (module id, share) for modules with true/false
    absolute_wrong_options: Share  # wrong options (single + multiple) with an absolute word
    longest_best_choice: Share  # scenario decisions whose unique best choice is the longest
    duplicate_prompts: tuple[tuple[str, ...], ...]  # groups of question ids with one prompt
    dilemmas: tuple[tuple[str, Share], ...]  # (scenario id, dilemma nodes of its decisions)
    dilemma_share: Share  # dilemma nodes among all scenario decisions, over the course
    free_choices: tuple[Finding, ...]  # choices that gain for free beside a trade-off
    right_options: tuple[tuple[str, int], ...]  # (multiple-choice id, number of right options)
    objectives: tuple[tuple[str, int], ...]  # (module id, number of objectives)
    without_objective: tuple[Finding, ...]  # questions with no objective
    without_why: tuple[Finding, ...]  # wrong options with no `why`
    pool_shortfalls: tuple[Finding, ...]  # (module, track) pools smaller than 1.5 × draw
    thin_objectives: tuple[Finding, ...]  # objectives with fewer than 2 questions for a track

    @property
    def right_option_counts(self) -> set[int]:
        return {n for _, n in self.right_options}

    def scenarios_short_of_dilemmas(self, minimum: int = GATES["dilemmas_min"]) -> list[tuple[str, int]]:
        return [(sid, share.count) for sid, share in self.dilemmas if share.count < minimum]

    def modules_with_bad_objective_counts(self) -> list[tuple[str, int]]:
        low, high = GATES["objectives_min"], GATES["objectives_max"]
        return [(mid, n) for mid, n in self.objectives if not low <= n <= high]


# --- the measures -------------------------------------------------------------------------


def has_absolute_word(text: str) -> bool:
    """Whether ``text`` contains kun, altid, aldrig, præcis or udelukkende as a whole word."""
    return _ABSOLUTE.search(text) is not None


def normalise_prompt(text: str) -> str:
    """A prompt as duplicates are compared: lower case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text)
    return " ".join(text.split())


def _is_trade_off(effects: tuple[tuple[str, int], ...]) -> bool:
    """Whether a choice strengthens one focus area and weakens another (it has a cost)."""
    plus = {focus for focus, value in effects if value > 0}
    minus = {focus for focus, value in effects if value < 0}
    return any(p != m for p in plus for m in minus)


def _is_free(effects: tuple[tuple[str, int], ...]) -> bool:
    """Whether a choice strengthens something and weakens nothing (it costs nothing)."""
    return any(value > 0 for _, value in effects) and not any(value < 0 for _, value in effects)


def free_choices(node: Node) -> list[int]:
    """Indices of the choices of ``node`` that gain for free beside a trade-off.

    Where one choice weighs a focus area against another, a choice that only
    strengthens makes that weighing pointless: it is the costless »do both«, and the
    decision is no dilemma but a right answer with a trap beside it. Empty when the
    node has no trade-off choice (a right against a wrong is fine).
    """
    if not any(_is_trade_off(c.effects) for c in node.choices):
        return []
    return [i for i, c in enumerate(node.choices) if _is_free(c.effects)]


def dilemma_nodes(nodes: tuple[Node, ...]) -> list[str]:
    """Ids of the real dilemmas among ``nodes``: at least two choices each strengthen one
    focus area and weaken another, and no choice strengthens without a cost."""
    return [n.id for n in nodes
            if sum(_is_trade_off(c.effects) for c in n.choices) >= 2 and not free_choices(n)]


def _wrong_options(question: Question) -> list[str]:
    return list(question.wrong_options())


def measure(course: Course) -> Quality:
    """Every figure of :class:`Quality` over ``course``."""

    def at(kind: str, item_id: str) -> tuple[str, int, int] | None:
        return course.location(kind, item_id)

    questions = [(quiz.module, q) for quiz in course.quizzes for q in quiz.questions]

    # single choice: is the key the strictly longest option?
    singles = [q for _, q in questions if isinstance(q, SingleChoice)]
    longest = [
        Finding(q.id, f"det rigtige svar er det længste ({len(q.answer)} tegn)", at("question", q.id))
        for q in singles
        if all(len(q.answer) > len(o) for o in q.options if o != q.answer)
    ]

    # true/false: how many are true, overall and per module
    def true_share(items: list[TrueFalse]) -> Share:
        trues = [Finding(q.id, "svaret er sandt", at("question", q.id)) for q in items if q.answer]
        return Share(len(trues), len(items), tuple(trues))

    true_false = [(m, q) for m, q in questions if isinstance(q, TrueFalse)]
    by_module: dict[str, list[TrueFalse]] = {}
    for module_id, q in true_false:
        by_module.setdefault(module_id, []).append(q)

    # wrong options with an absolute word, and wrong options without a why
    wrong_total = 0
    absolutes: list[Finding] = []
    without_why: list[Finding] = []
    for _, q in questions:
        for option in _wrong_options(q):
            wrong_total += 1
            if has_absolute_word(option):
                word = _ABSOLUTE.search(option).group(0)  # type: ignore[union-attr]
                absolutes.append(Finding(q.id, f"den forkerte svarmulighed »{option}« siger »{word}«",
                                         at("question", q.id)))
            if q.why_for(option) is None:  # type: ignore[union-attr]
                without_why.append(Finding(q.id, f"den forkerte svarmulighed »{option}« har ingen »why«",
                                           at("question", q.id)))

    # scenario decisions: is the unique best choice the strictly longest?
    decisions = 0
    longest_best: list[Finding] = []
    dilemmas: list[tuple[str, Share]] = []
    free: list[Finding] = []
    for quiz in course.quizzes:
        for scenario in quiz.scenarios:
            real = set(dilemma_nodes(scenario.nodes))
            found = [Finding(f"{scenario.id}/{n.id}", "dilemma", at("node", f"{scenario.id}/{n.id}"))
                     for n in scenario.nodes if n.id in real]
            asked = sum(1 for n in scenario.nodes if len(n.choices) >= 2)
            dilemmas.append((scenario.id, Share(len(found), asked, tuple(found))))
            for node in scenario.nodes:
                ref = f"{scenario.id}/{node.id}"
                for index in free_choices(node):
                    free.append(Finding(
                        f"{ref}/{index}",
                        f"valget »{node.choices[index].text}« styrker uden at koste noget, "
                        "mens et andet valg i samme beslutning har en pris",
                        at("node", ref)))
                if len(node.choices) < 2:
                    continue
                decisions += 1
                sums = [sum(v for _, v in c.effects) for c in node.choices]
                best = max(sums)
                if sums.count(best) != 1:
                    continue
                choice = node.choices[sums.index(best)]
                if all(len(choice.text) > len(c.text) for c in node.choices if c is not choice):
                    ref = f"{scenario.id}/{node.id}"
                    longest_best.append(Finding(ref, "det bedste valg er det længste",
                                                at("node", ref)))

    # duplicate prompts
    groups: dict[str, list[str]] = {}
    for _, q in questions:
        groups.setdefault(normalise_prompt(q.prompt), []).append(q.id)
    duplicates = tuple(tuple(ids) for ids in groups.values() if len(ids) > 1)

    # objectives, pools
    without_objective = [Finding(q.id, "spørgsmålet har intet »objective«", at("question", q.id))
                         for _, q in questions if q.objective is None]
    shortfalls: list[Finding] = []
    thin: list[Finding] = []
    for quiz in course.quizzes:
        module = course.module(quiz.module)
        for track in course.tracks:
            if quiz.module not in track.modules:
                continue
            pool = course.questions_for(quiz.module, track.id)
            ref = f"{quiz.module}/{track.id}"
            if quiz.draw is None:
                shortfalls.append(Finding(ref, "quizzen har intet »draw«", at("module", quiz.module)))
            elif len(pool) < math.ceil(1.5 * quiz.draw):
                shortfalls.append(Finding(
                    ref, f"forløbet har {len(pool)} spørgsmål, men »draw: {quiz.draw}« kræver "
                         f"{math.ceil(1.5 * quiz.draw)}", at("module", quiz.module)))
            for objective in module.objectives:
                n = sum(1 for q in pool if q.objective == objective.id)
                if n < 2:
                    thin.append(Finding(f"{ref}/{objective.id}",
                                        f"læringsmålet har {n} spørgsmål i forløbet (mindst 2)",
                                        at("module", quiz.module)))

    return Quality(
        longest_key=Share(len(longest), len(singles), tuple(longest)),
        true_answers=true_share([q for _, q in true_false]),
        true_by_module=tuple((m, true_share(items)) for m, items in by_module.items()),
        absolute_wrong_options=Share(len(absolutes), wrong_total, tuple(absolutes)),
        longest_best_choice=Share(len(longest_best), decisions, tuple(longest_best)),
        duplicate_prompts=duplicates,
        dilemmas=tuple(dilemmas),
        dilemma_share=Share(sum(share.count for _, share in dilemmas),
                            sum(share.total for _, share in dilemmas),
                            tuple(f for _, share in dilemmas for f in share.items)),
        free_choices=tuple(free),
        right_options=tuple((q.id, len(q.answers)) for _, q in questions
                            if isinstance(q, MultipleChoice)),
        objectives=tuple((m.id, len(m.objectives)) for m in course.modules),
        without_objective=tuple(without_objective),
        without_why=tuple(without_why),
        pool_shortfalls=tuple(shortfalls),
        thin_objectives=tuple(thin),
    )
