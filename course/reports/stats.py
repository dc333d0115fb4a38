"""Item statistics from the learners' stored answers (issue 16), free of any user interface.

The course owner wants to know whether each question works. The figures are those of
classical test theory, as Moodle's quiz statistics report gives them:

- **facility** ("andel rigtige"): the mean score of the question, 0..1 (every question is
  worth one point; multiple choice, matching and ordering give partial credit);
- **discrimination** ("skilleevne"): whether the learners who do well on the rest of the
  quiz also do well on this question. With :data:`POINT_BISERIAL_FROM` answers or more it
  is the point-biserial correlation (Pearson's r, which it is for a 0/1 item) between the
  question's score and the *rest score*: the attempt's score without this question, as a
  share of the other questions' points (attempts draw their questions from a pool, so the
  number of other questions may differ). With fewer answers a correlation swings too much,
  and the upper–lower index is used instead: the facility among the 27 % with the highest
  rest scores minus the facility among the 27 % with the lowest (Kelley's groups; learners
  tied at a group's edge count in it by the share that fits). Both lie in -1..1; each
  question says which was used;
- **option counts** for single choice, multiple choice and true/false, and the most common
  **wrong text answers** (often synonyms that should be accepted).

Which attempts count (``basis``): ``"first"`` (the default, as Moodle offers it) takes each
learner's first finished attempt at each module's quiz and first run of each scenario, so
every learner counts once and no figure is coloured by what the quiz itself taught on a
retake; ``"all"`` takes every finished attempt and every run. Only finished attempts
count: the rest score needs the whole attempt. Attempts draw their questions from a pool,
so a question's figures come from the attempts that actually asked it. Scores are those
the learners got (the stored ones), so an edit to the content does not rewrite history.

Flags (:data:`THRESHOLDS`) are only given with :data:`MIN_ANSWERS` answers or more; with
fewer the figures are shown as uncertain ("usikre tal"). The input is plain stored
documents (``progress`` reads them), so nothing here knows files or any user interface.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from course.content.model import Course, Question, Scenario
from course.engine import kinds
from course.engine.grading import fold_text

__all__ = [
    "BASES",
    "DISCRIMINATION_BELOW",
    "EASY_ABOVE",
    "FLAG_KEY",
    "FLAG_POOR",
    "FLAG_TOO_EASY",
    "FLAG_TOO_HARD",
    "FLAG_UNUSED",
    "GROUP_SHARE",
    "HARD_BELOW",
    "MIN_ANSWERS",
    "POINT_BISERIAL",
    "POINT_BISERIAL_FROM",
    "THRESHOLDS",
    "UPPER_LOWER",
    "ChoiceCount",
    "DecisionCounts",
    "EndingCount",
    "History",
    "ModuleStats",
    "OptionCount",
    "QuestionStats",
    "ScenarioStats",
    "Statistics",
    "compute",
    "flags",
    "point_biserial",
    "upper_lower",
]

MIN_ANSWERS = 20  # fewer answers: "usikre tal", no flags
EASY_ABOVE = 0.90  # facility above: "for let"
HARD_BELOW = 0.30  # facility below: "for svær"
DISCRIMINATION_BELOW = 0.20  # discrimination below (and not negative): "skiller dårligt"
POINT_BISERIAL_FROM = 50  # answers from which discrimination is the point-biserial r
GROUP_SHARE = 0.27  # the upper and lower groups of the upper–lower index
WRONG_TEXTS = 5  # the most common wrong text answers kept per question

POINT_BISERIAL = "punktbiseriel"
UPPER_LOWER = "øvre–nedre 27 %"

FLAG_KEY = "mulig fejl i facit"
FLAG_POOR = "skiller dårligt"
FLAG_TOO_HARD = "for svær"
FLAG_TOO_EASY = "for let"
FLAG_UNUSED = "svarmulighed vælges aldrig"

# Every flag with its threshold in Danish, most serious first (the order flags are shown in).
THRESHOLDS: tuple[tuple[str, str], ...] = (
    (FLAG_KEY, "skilleevnen er negativ (under 0): de, der klarer resten af quizzen bedst, "
               "svarer oftere forkert end de svageste"),
    (FLAG_POOR, f"skilleevnen er under {DISCRIMINATION_BELOW:.2f}".replace(".", ",")),
    (FLAG_TOO_HARD, f"andel rigtige under {HARD_BELOW:.0%}".replace("%", " %")),
    (FLAG_TOO_EASY, f"andel rigtige over {EASY_ABOVE:.0%}".replace("%", " %")),
    (FLAG_UNUSED, "en forkert svarmulighed, som ingen har valgt"),
)
_SEVERITY = {flag: n for n, (flag, _) in enumerate(THRESHOLDS)}

BASES = ("first", "all")


# --- input ----------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """One learner's stored quiz attempts and scenario runs, documents as saved."""

    learner: str  # the learner's id
    attempts: Sequence[Mapping[str, Any]]
    runs: Sequence[Mapping[str, Any]]


# --- output ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    """How many answers picked an option (true/false: "Sandt" and "Falsk")."""

    text: str
    right: bool
    picks: int


@dataclass(frozen=True)
class QuestionStats:
    question: Question
    module: str
    answers: int  # times the question was answered in the attempts counted
    facility: float | None  # mean score, 0..1; None without answers
    discrimination: float | None  # -1..1; None when it cannot be computed
    method: str | None  # POINT_BISERIAL or UPPER_LOWER (None with no discrimination)
    options: tuple[OptionCount, ...] = ()  # single, multiple, true/false; in file order
    other: int = 0  # answers that picked none of today's options (empty, or renamed since)
    wrong_texts: tuple[tuple[str, int], ...] = ()  # text: (answer as typed, times)
    flags: tuple[tuple[str, str], ...] = ()  # (flag, detail), most serious first
    rest_n: int = 0  # answers with a rest score (in the discrimination)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def uncertain(self) -> bool:
        """Too few answers to judge the question by (then it has no flags)."""
        return self.answers < MIN_ANSWERS

    @property
    def never_picked(self) -> tuple[str, ...]:
        """Wrong options (single and multiple choice) no answer picked."""
        if not kinds.of(self.question).has_distractors:
            return ()
        return tuple(o.text for o in self.options if not o.right and o.picks == 0)


@dataclass(frozen=True)
class ChoiceCount:
    index: int  # the choice's index in the file
    text: str
    taken: int


@dataclass(frozen=True)
class DecisionCounts:
    """How often each choice of a decision node was taken."""

    node: str
    text: str
    choices: tuple[ChoiceCount, ...]

    @property
    def total(self) -> int:
        return sum(c.taken for c in self.choices)


@dataclass(frozen=True)
class EndingCount:
    node: str
    title: str
    reached: int


@dataclass(frozen=True)
class ScenarioStats:
    scenario: Scenario
    module: str
    runs: int  # runs counted (started)
    finished: int  # of them, runs that reached an ending
    decisions: tuple[DecisionCounts, ...]
    endings: tuple[EndingCount, ...]
    median_steps: float | None  # choices made on the way to an ending (finished runs)

    @property
    def uncertain(self) -> bool:
        return self.runs < MIN_ANSWERS


@dataclass(frozen=True)
class ModuleStats:
    module: str
    title: str
    attempts: int  # attempts counted
    learners: int  # learners with an attempt counted
    mean_score: float | None  # mean share of points over those attempts, 0..1
    questions: tuple[QuestionStats, ...]  # in file order
    scenarios: tuple[ScenarioStats, ...] = ()

    def ordered(self) -> list[QuestionStats]:
        """Flagged questions first (most serious flag first), then the others, then those
        with uncertain figures; file order within each group."""
        def key(item: tuple[int, QuestionStats]) -> tuple[int, int, int]:
            n, q = item
            if q.flags:
                return (0, min(_SEVERITY[f] for f, _ in q.flags), n)
            return (2 if q.uncertain else 1, 0, n)

        return [q for _, q in sorted(enumerate(self.questions), key=key)]

    @property
    def flagged(self) -> int:
        return sum(1 for q in self.questions if q.flags)


@dataclass(frozen=True)
class Statistics:
    modules: tuple[ModuleStats, ...]
    learners: int  # learners whose records were read
    basis: str = "first"
    problems: tuple[tuple[str, str], ...] = field(default=())  # (learner, Danish reason)

    def module(self, module_id: str) -> ModuleStats | None:
        return next((m for m in self.modules if m.module == module_id), None)


# --- the two discrimination indices ---------------------------------------------------


def point_biserial(scores: Sequence[float], rests: Sequence[float]) -> float | None:
    """Pearson's r between item scores and rest scores; None when either does not vary."""
    n = len(scores)
    if n < 2:
        return None
    mx = math.fsum(scores) / n
    my = math.fsum(rests) / n
    sxy = sxx = syy = 0.0
    for x, y in zip(scores, rests):
        dx, dy = x - mx, y - my
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _group_mean(pairs: list[tuple[float, float]], size: float) -> float:
    """Mean item score of the first ``size`` pairs (sorted by rest score); the pairs tied
    at the edge count by the share of them that fits."""
    total = 0.0
    left = size
    i = 0
    while left > 1e-12 and i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        tied = j - i
        take = min(left, tied)
        total += take / tied * sum(x for _, x in pairs[i:j])
        left -= take
        i = j
    return total / size


def upper_lower(scores: Sequence[float], rests: Sequence[float],
                share: float = GROUP_SHARE) -> float | None:
    """Facility of the upper ``share`` by rest score minus that of the lower ``share``.

    The group size is ``share × n`` (at least one answer); None when the item scores or
    the rest scores do not vary.
    """
    n = len(scores)
    if n < 2 or len(set(scores)) < 2 or len(set(rests)) < 2:
        return None
    size = max(1.0, share * n)
    pairs = sorted(zip(rests, scores))
    lower = _group_mean(pairs, size)
    upper = _group_mean(pairs[::-1], size)
    return upper - lower


# --- computing ------------------------------------------------------------------------


def _earliest(docs: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The document started first (stored order breaks ties)."""
    return min(enumerate(docs), key=lambda item: (str(item[1].get("started") or ""), item[0]))[1]


def _attempts(history: History, basis: str) -> list[Mapping[str, Any]]:
    finished = [d for d in history.attempts
                if isinstance(d, Mapping) and d.get("finished") and isinstance(d.get("module"), str)]
    if basis == "all":
        return finished
    by_module: dict[str, list[Mapping[str, Any]]] = {}
    for doc in finished:
        by_module.setdefault(doc["module"], []).append(doc)
    return [_earliest(docs) for docs in by_module.values()]


def _runs(history: History, basis: str) -> list[Mapping[str, Any]]:
    runs = [d for d in history.runs
            if isinstance(d, Mapping) and isinstance(d.get("scenario"), str)]
    if basis == "all":
        return runs
    by_scenario: dict[str, list[Mapping[str, Any]]] = {}
    for doc in runs:
        by_scenario.setdefault(doc["scenario"], []).append(doc)
    return [_earliest(docs) for docs in by_scenario.values()]


def _answers(doc: Mapping[str, Any]) -> dict[str, tuple[float, Any]]:
    """question id -> (score, response): the first answer to each question with a valid
    score. The hot loop of :func:`compute`, hence the plain type checks."""
    found: dict[str, tuple[float, Any]] = {}
    answers = doc.get("answers")
    if type(answers) is not list:
        return found
    for answer in answers:
        if type(answer) is not dict:
            continue
        qid = answer.get("question")
        score = answer.get("score")
        kind = type(score)
        if (kind is float or kind is int) and 0 <= score <= 1 and type(qid) is str \
                and qid not in found:
            found[qid] = (score, answer.get("response"))
    return found


def _option_counts(question: Question, responses: list[Any]) -> tuple[tuple[OptionCount, ...], int]:
    options, other = kinds.of(question).option_counts(question, responses)
    return tuple(OptionCount(*option) for option in options), other


def _wrong_texts(question: Question, scores: list[float],
                 responses: list[Any]) -> tuple[tuple[str, int], ...]:
    """The most common wrong answers, grouped as grading folds them (case, spaces, æ/ae),
    each shown as it was most often typed."""
    groups: dict[str, Counter[str]] = {}
    for score, response in zip(scores, responses):
        if score >= 1 or not isinstance(response, str):
            continue
        shown = " ".join(response.split())
        groups.setdefault(fold_text(shown), Counter())[shown] += 1
    ranked = sorted(groups.values(), key=lambda c: (-sum(c.values()), c.most_common(1)[0][0]))
    return tuple((c.most_common(1)[0][0] or "(tomt svar)", sum(c.values()))
                 for c in ranked[:WRONG_TEXTS])


def flags(question: Question, answers: int, facility: float | None,
          discrimination: float | None,
          options: tuple[OptionCount, ...] = ()) -> tuple[tuple[str, str], ...]:
    """The flags of a question's figures, most serious first, as (flag, detail); none
    with fewer than :data:`MIN_ANSWERS` answers. A negative discrimination is
    "mulig fejl i facit" rather than also "skiller dårligt".

    The figures are compared as they are shown (facility in whole per cents,
    discrimination with two decimals), so "−0,00" is never called negative and "90 %"
    never "over 90 %".
    """
    if answers < MIN_ANSWERS or facility is None:
        return ()
    found: list[tuple[str, str]] = []
    shown_facility = round(100 * facility)
    if discrimination is not None:
        shown = round(discrimination, 2)
        if shown < 0:
            found.append((FLAG_KEY, f"skilleevne {_decimal(discrimination)}"))
        elif shown < round(DISCRIMINATION_BELOW, 2):
            found.append((FLAG_POOR, f"skilleevne {_decimal(discrimination)}"))
    if shown_facility < round(100 * HARD_BELOW):
        found.append((FLAG_TOO_HARD, f"andel rigtige {_percent(facility)}"))
    if shown_facility > round(100 * EASY_ABOVE):
        found.append((FLAG_TOO_EASY, f"andel rigtige {_percent(facility)}"))
    if kinds.of(question).has_distractors:
        unused = [o.text for o in options if not o.right and o.picks == 0]
        if unused:
            found.append((FLAG_UNUSED, ", ".join(f"»{t}«" for t in unused)))
    return tuple(found)


def _decimal(value: float) -> str:
    """0.2345 -> "0,23" (Danish decimal comma), -0.05 -> "−0,05" (a minus sign)."""
    return f"{round(value, 2) + 0.0:.2f}".replace(".", ",").replace("-", "−")  # no "−0,00"


def _percent(value: float) -> str:
    return f"{round(100 * value)} %"


def _question_stats(question: Question, module: str,
                    answered: list[tuple[float, float | None, Any]]) -> QuestionStats:
    """The figures of one question from its (score, rest score, response) triples."""
    if not answered:
        return QuestionStats(question, module, 0, None, None, None,
                             _option_counts(question, [])[0])
    scores = [x for x, _, _ in answered]
    responses = [r for _, _, r in answered]
    n = len(scores)
    facility = math.fsum(scores) / n
    paired = [(x, y) for x, y, _ in answered if y is not None]
    xs = [x for x, _ in paired]
    ys = [y for _, y in paired]
    if len(paired) >= POINT_BISERIAL_FROM:
        method, discrimination = POINT_BISERIAL, point_biserial(xs, ys)
    else:
        method, discrimination = UPPER_LOWER, upper_lower(xs, ys)
    options, other = _option_counts(question, responses)
    wrong = _wrong_texts(question, scores, responses) if kinds.of(question).typed else ()
    return QuestionStats(
        question, module, n, facility, discrimination,
        method if discrimination is not None else None,
        options, other, wrong, flags(question, n, facility, discrimination, options),
        len(paired),
    )


def _scenario_stats(scenario: Scenario, module: str, runs: list[Mapping[str, Any]]) -> ScenarioStats:
    taken: dict[str, Counter[int]] = {}
    endings: Counter[str] = Counter()
    steps_to_end: list[int] = []
    finished = 0
    for run in runs:
        steps = run.get("steps")
        steps = steps if isinstance(steps, list) else []
        for step in steps:
            if isinstance(step, dict) and isinstance(step.get("node"), str):
                choice = step.get("choice")
                if isinstance(choice, int) and not isinstance(choice, bool):
                    taken.setdefault(step["node"], Counter())[choice] += 1
        if run.get("finished"):
            ending = run.get("ending")
            if not isinstance(ending, str) and isinstance(run.get("run"), dict):
                ending = run["run"].get("ending")
            if isinstance(ending, str):
                finished += 1
                endings[ending] += 1
                steps_to_end.append(len(steps))
    decisions = []
    for node in scenario.nodes:
        if node.choices:
            counts = taken.get(node.id, Counter())
            decisions.append(DecisionCounts(node.id, node.text, tuple(
                ChoiceCount(i, c.text, counts.get(i, 0)) for i, c in enumerate(node.choices))))
    ending_counts = tuple(EndingCount(n.id, n.ending or n.id, endings.get(n.id, 0))
                          for n in scenario.endings)
    return ScenarioStats(
        scenario, module, len(runs), finished, tuple(decisions), ending_counts,
        float(statistics.median(steps_to_end)) if steps_to_end else None,
    )


def compute(course: Course, histories: Iterable[History], modules: Sequence[str] | None = None,
            basis: str = "first") -> Statistics:
    """The statistics of ``modules`` (default: every module with a quiz or scenarios) over
    the learners' ``histories``. ``basis`` is "first" or "all" (see the module docstring).
    """
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}")
    wanted = [m.id for m in course.modules] if modules is None else list(modules)
    quizzes = {m: course.quiz(m) for m in wanted if course.quiz(m) is not None}
    known_questions = {m: {q.id for q in quiz.questions} for m, quiz in quizzes.items()}
    scenario_module = {s.id: m for m, quiz in quizzes.items() for s in quiz.scenarios}

    # per module: question id -> [(score, rest score or None, response), ...]
    items: dict[str, dict[str, list[tuple[float, float | None, Any]]]] = {m: {} for m in quizzes}
    attempt_counts: Counter[str] = Counter()
    learner_counts: Counter[str] = Counter()
    shares: dict[str, list[float]] = {m: [] for m in quizzes}
    runs: dict[str, list[Mapping[str, Any]]] = {s: [] for s in scenario_module}
    learners = 0
    for history in histories:
        learners += 1
        seen_modules: set[str] = set()
        for doc in _attempts(history, basis):
            module = doc["module"]
            module_items = items.get(module)
            if module_items is None:
                continue
            answers = _answers(doc)
            n = len(answers)
            if not n:
                continue
            total = sum(score for score, _ in answers.values())
            attempt_counts[module] += 1
            seen_modules.add(module)
            shares[module].append(total / n)
            known = known_questions[module]
            for qid, (score, response) in answers.items():
                bucket = module_items.get(qid)
                if bucket is None:
                    if qid not in known:
                        continue
                    bucket = module_items[qid] = []
                bucket.append((score, (total - score) / (n - 1) if n > 1 else None, response))
        learner_counts.update(seen_modules)
        for doc in _runs(history, basis):
            if doc["scenario"] in runs:
                runs[doc["scenario"]].append(doc)

    result = []
    for module_id in wanted:
        quiz = quizzes.get(module_id)
        if quiz is None:
            continue
        module_items = items[module_id]
        questions = tuple(_question_stats(q, module_id, module_items.get(q.id, []))
                          for q in quiz.questions)
        scenarios = tuple(_scenario_stats(s, module_id, runs[s.id]) for s in quiz.scenarios)
        mean = math.fsum(shares[module_id]) / len(shares[module_id]) if shares[module_id] else None
        result.append(ModuleStats(module_id, course.module(module_id).title,
                                  attempt_counts[module_id], learner_counts[module_id], mean,
                                  questions, scenarios))
    return Statistics(tuple(result), learners, basis)
