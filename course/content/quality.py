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
from typing import TypedDict

from .model import Course, MultipleChoice, Node, Question, SingleChoice, TrueFalse

__all__ = [
    "ABSOLUTE_WORDS",
    "BOTH_VERBS",
    "FORM_GATES",
    "GATES",
    "PASSIVE_OPENINGS",
    "Finding",
    "OptionForms",
    "Quality",
    "Share",
    "dilemma_nodes",
    "free_choices",
    "has_absolute_word",
    "is_ask_or_both",
    "is_passive_opening",
    "measure",
    "normalise_prompt",
    "option_forms",
]

ABSOLUTE_WORDS = ("kun", "altid", "aldrig", "præcis", "udelukkende")
_ABSOLUTE = re.compile(r"\b(?:" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)


class Gates(TypedDict):
    """The thresholds of :data:`GATES`, each with its type."""

    longest_key_max: float
    true_share_min: float
    true_share_max: float
    absolute_wrong_max: float
    longest_best_choice_max: float
    objectives_min: int
    objectives_max: int
    dilemmas_min: int
    dilemma_share_min: float
    right_options: tuple[int, ...]


GATES: Gates = {
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
    for module_id, statement in true_false:
        by_module.setdefault(module_id, []).append(statement)

    # wrong options with an absolute word, and wrong options without a why
    wrong_total = 0
    absolutes: list[Finding] = []
    without_why: list[Finding] = []
    for _, q in questions:
        for option in _wrong_options(q):
            wrong_total += 1
            absolute = _ABSOLUTE.search(option)  # what has_absolute_word looks for
            if absolute is not None:
                word = absolute.group(0)
                absolutes.append(Finding(q.id, f"den forkerte svarmulighed »{option}« siger »{word}«",
                                         at("question", q.id)))
            if q.why_for(option) is None:
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


# --- the form of an option: passive openings and »ask everyone / do both« (issue 22) ---------
#
# Two shapes of wording gave the answer away before issue 22: an option that opens with a
# passive move (»Du lader …«, »Du venter …«, »Du siger ingenting …«) was wrong in every
# question, and the option that asks the people concerned or does two good things at once
# was the key. A learner who knows nothing of the policy then passes by »never the passive
# one, always the one that asks«. :func:`option_forms` counts how often each form is the
# key and how often a distractor; :data:`FORM_GATES` holds the shares the tests keep.
#
# The patterns are surface forms, on purpose: the rule of thumb reads the surface too.
#
# Passive opening: at the very start of the option (not inside quoted speech such as
# »Hun siger ikke noget til mødet …«, which reports what someone said), an optional subject (du, I, vi, man, han,
# hun, de, or one capitalised word such as a name or »Koret«), then one of
PASSIVE_OPENINGS = (
    "lader",  # »Du lader ham være«, »Du lader Zofia oversætte«, »Du lader som ingenting«
    "lade",  # the infinitive, for options written without a subject (»Lade …«)
    "venter", "vente", "afventer", "afvente",  # »Du venter og ser …«
    "siger ingenting", "sige ingenting",
    "siger ikke noget", "sige ikke noget",
    "gør ingenting", "gøre ingenting", "gør ikke noget", "gøre ikke noget",
    "holder dig for dig selv", "holder sig for sig selv", "holder dig tilbage",
    "holder sig tilbage", "holder igen", "tier", "tie",
    "ser tiden an", "ser det an",
)
# »Ask everyone / do both«: the option asks the people concerned (a form of spørge or
# inddrage, or »lytter til«), or does two things at once: »både … og«, »begge«, or a second
# action joined by »og« with one of these verbs (present tense or infinitive):
BOTH_VERBS = (
    "spørger", "foreslår", "forklarer", "viser", "inviterer", "præsenterer", "sætter",
    "bestiller", "tager", "taler", "lytter", "aftaler", "hjælper", "beder", "laver",
    "giver", "fortæller", "lægger", "ser", "finder",
)
_SUBJECT = r"(?:(?:du|i|vi|man|han|hun|de|[A-ZÆØÅ][a-zæøå]+)\s+)?"
_PASSIVE = re.compile(
    r"^\s*" + _SUBJECT + r"(?:" + "|".join(re.escape(p) for p in PASSIVE_OPENINGS) + r")\b",
    re.IGNORECASE)
_ASK = re.compile(r"\b(?:spørg(?:er|e)?|inddrag(?:er|e)|lytter til)\b", re.IGNORECASE)
_BOTH = re.compile(
    r"\bbåde\b.*\bog\b|\bbegge\b|,?\s\bog\s+(?:" + "|".join(BOTH_VERBS) + r")\b",
    re.IGNORECASE)

FORM_GATES = {
    # Passive-opening options that are the key, among all passive-opening options (single
    # and multiple choice). Floor 15 %: about one option in three is a key over the course
    # (OptionForms.key_rate, 36 % in December 2026). A passive option keyed at least one
    # time in seven stays below that rate, as it should (passivity is often the mistake
    # the policy warns against: »ingen står uden for fællesskabet«), but a learner who
    # strikes out every passive option then loses points, and the rule stops being safe.
    # Before issue 22: 0 of 26.
    "passive_key_min": 0.15,
    # »Ask everyone / do both« options that are the key, among all such options. Ceiling
    # 2/3: asking the people concerned is often what the policy asks (»Arbejder du
    # inddragende«, the citizen's own needs), so the form may lean towards the key, up to
    # about twice the plain key rate; but it must be wrong at least one time in three,
    # where it costs the citizen's own word, a volunteer's initiative or time that is not
    # there. Before issue 22: 25 of 30 (83 %).
    "ask_both_key_max": 0.67,
}


def is_passive_opening(text: str) -> bool:
    """Whether an option opens with a passive move (:data:`PASSIVE_OPENINGS`)."""
    return _PASSIVE.search(text) is not None


def is_ask_or_both(text: str) -> bool:
    """Whether an option asks the people concerned or does two things at once (see
    :data:`BOTH_VERBS`); a passive opening is never counted as this form."""
    return not is_passive_opening(text) and (
        _ASK.search(text) is not None or _BOTH.search(text) is not None)


@dataclass(frozen=True)
class OptionForms:
    """How often the passive opening and the »ask everyone / do both« form are the key.

    Over single and multiple choice: ``passive`` and ``ask_both`` count the options of each
    form that are a key (``count``) out of all options of that form (``total``); their
    ``items`` are the questions where the form is the key. ``passive_wrong`` and
    ``ask_both_wrong`` list the distractors of each form. ``key_rate`` is the share of keys
    among all options, the rate at which a form carries no cue. ``heuristic_score`` is what
    a blind learner expects on single choice by striking out passive openings and then
    picking an »ask/both« option when exactly one is left (otherwise guessing among what
    is left), beside ``chance_score``, the expected score of plain guessing.
    """

    passive: Share
    ask_both: Share
    passive_wrong: tuple[Finding, ...]
    ask_both_wrong: tuple[Finding, ...]
    key_rate: Share
    heuristic_score: float
    chance_score: float


def option_forms(course: Course) -> OptionForms:
    """The figures of :class:`OptionForms` over ``course``."""
    passive_keys: list[Finding] = []
    passive_wrong: list[Finding] = []
    ask_keys: list[Finding] = []
    ask_wrong: list[Finding] = []
    options = keys = 0
    heuristic = chance = 0.0
    singles = 0
    for quiz in course.quizzes:
        for q in quiz.questions:
            if isinstance(q, SingleChoice):
                right = {q.answer}
            elif isinstance(q, MultipleChoice):
                right = set(q.answers)
            else:
                continue
            where = course.location("question", q.id)
            for option in q.options:
                options += 1
                keys += option in right
                if is_passive_opening(option):
                    (passive_keys if option in right else passive_wrong).append(
                        Finding(q.id, f"passiv åbning: »{option}«", where))
                elif is_ask_or_both(option):
                    (ask_keys if option in right else ask_wrong).append(
                        Finding(q.id, f"spørg alle / gør begge dele: »{option}«", where))
            if isinstance(q, SingleChoice):
                singles += 1
                chance += 1 / len(q.options)
                left = [o for o in q.options if not is_passive_opening(o)] or list(q.options)
                asking = [o for o in left if is_ask_or_both(o)]
                if len(asking) == 1:
                    heuristic += asking[0] == q.answer
                else:
                    heuristic += (q.answer in left) / len(left)
    n_passive = len(passive_keys) + len(passive_wrong)
    n_ask = len(ask_keys) + len(ask_wrong)
    return OptionForms(
        passive=Share(len(passive_keys), n_passive, tuple(passive_keys)),
        ask_both=Share(len(ask_keys), n_ask, tuple(ask_keys)),
        passive_wrong=tuple(passive_wrong),
        ask_both_wrong=tuple(ask_wrong),
        key_rate=Share(keys, options),
        heuristic_score=heuristic / singles if singles else 0.0,
        chance_score=chance / singles if singles else 0.0,
    )
