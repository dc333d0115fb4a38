"""Item-writing warnings for authors: ``medborger validate --quality`` (issue 16).

Valid content can still let a learner guess: the key is the longest option, every
statement is false, wrong options say "kun" or "altid", the best scenario choice is the
longest, the same question comes twice, a scenario choice gains for free beside a
trade-off, a scenario has fewer than two real dilemmas. Built on the figures of
:mod:`course.content.quality`, this turns them into warnings an author can jump to, each
at the option, prompt or choice it is about (``fil:linje:kolonne: advarsel: …``), and
adds what those figures lack: near-duplicate questions and text questions with a single
accepted answer. Warnings never make content invalid; ``--strict`` makes them fail.

Positions: the loader records where each question and node starts, not each option or
choice. Rather than carry a mark for every option in the course (for every start of the
app), :func:`positions` composes the quiz files again when a check is asked for; it takes
a few milliseconds. Every rule and its reason is documented in ``modules/README.md``
("Kvalitetstjek").
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import combinations
from pathlib import Path

import yaml

from .model import (
    Course,
    Fact,
    Node,
    Question,
    SingleChoice,
    TextAnswer,
)
from .quality import (
    FORM_GATES,
    GATES,
    Quality,
    has_absolute_word,
    measure,
    normalise_prompt,
    option_forms,
)

__all__ = [
    "KINDS",
    "NEAR_DUPLICATE",
    "QualityWarning",
    "check",
    "dilemma_line",
    "positions",
    "summary_line",
]

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Kinds, in the order the summary line counts them: (id, Danish name in the summary).
KINDS: tuple[tuple[str, str], ...] = (
    ("longest-key", "rigtigt svar længst"),
    ("absolute-word", "absolut ord i forkert svar"),
    ("true-false-balance", "skæv sandt/falsk-fordeling"),
    ("longest-best-choice", "bedste valg længst"),
    ("duplicate", "ens spørgsmål"),
    ("near-duplicate", "næsten ens spørgsmål"),
    ("single-accepted", "kun ét godkendt tekstsvar"),
    ("free-choice", "gratis valg ved et dilemma"),
    ("few-dilemmas", "for få dilemmaer"),
    ("stale-fact", "faktum ikke tjekket i 12 måneder"),
    ("passive-never-key", "passiv åbning sjældent rigtig"),
    ("ask-both-key", "spørg alle/gør begge dele for tit rigtig"),
)
_KIND_NAMES = dict(KINDS)

NEAR_DUPLICATE = 0.85  # word-level similarity (difflib ratio) of two questions' whole text
FACT_MONTHS = 12  # a fact from outside the policy is re-read at least this often

Place = tuple[str, int, int]


@dataclass(frozen=True, order=True)
class QualityWarning:
    """One item-writing warning, at the place an author fixes it."""

    path: str
    line: int
    column: int
    kind: str  # an id of KINDS
    message: str  # Danish

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: advarsel: {self.message}"


# --- where each option, prompt and choice is written ---------------------------------


def _display(path: Path) -> str:
    """A path as the loader shows it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def _mark(path: str, node: yaml.Node) -> Place:
    return (path, node.start_mark.line + 1, node.start_mark.column + 1)


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else None


def positions(root: Path | str, course: Course) -> dict[tuple[str, ...], Place]:
    """Where things are written in the quiz files of ``root``:

    ``("questions", module)`` the ``questions:`` key; ``("prompt", id)``,
    ``("accepted", id)``; ``("option", id, text)`` an option of a question;
    ``("choice", scenario, node, index)`` a scenario choice. Files that cannot be read
    (the content is checked before this runs) give nothing.
    """
    found: dict[tuple[str, ...], Place] = {}
    for quiz in course.quizzes:
        path = Path(root) / "quizzes" / f"{quiz.module}.yaml"
        try:
            tree = yaml.compose(path.read_text(encoding="utf-8"), Loader=Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        shown = _display(path)
        top = _mapping(tree)
        if isinstance(tree, yaml.MappingNode):
            for key, _ in tree.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "questions":
                    found[("questions", quiz.module)] = _mark(shown, key)
        for item in _items(top.get("questions")):
            fields = _mapping(item)
            qid = _scalar(fields.get("id"))
            if qid is None:
                continue
            for key in ("prompt", "accepted"):
                if key in fields:
                    found.setdefault((key, qid), _mark(shown, fields[key]))
            for option in _items(fields.get("options")):
                text = _scalar(option) or _scalar(_mapping(option).get("text"))
                if text is not None:
                    found.setdefault(("option", qid, text), _mark(shown, option))
        for scenario in _items(top.get("scenarios")):
            sid = _scalar(_mapping(scenario).get("id"))
            for node in _items(_mapping(scenario).get("nodes")):
                nid = _scalar(_mapping(node).get("id"))
                for index, choice in enumerate(_items(_mapping(node).get("choices"))):
                    if sid and nid:
                        found.setdefault(("choice", sid, nid, str(index)), _mark(shown, choice))
    return found


# --- the rules -------------------------------------------------------------------------


def _parts(question: Question) -> list[str]:
    """What a question offers besides its prompt, in a fixed order."""
    return sorted(question.offered())


def _share_a_pool(a: Question, b: Question) -> bool:
    """Whether some learner can be asked both (tracks overlap; empty means every track)."""
    return not a.tracks or not b.tracks or bool(set(a.tracks) & set(b.tracks))


def _where(place: Place | None) -> str:
    return f"{place[0]}:{place[1]}" if place else "?"


def _percent(value: float) -> str:
    return f"{round(100 * value)} %"


def months_since(checked: date, today: date) -> float:
    """Whole months from ``checked`` to ``today``, plus a part for the days past the day
    of the month (so 2025-12-06 to 2026-12-06 is 12, to 2026-12-07 a little more)."""
    months = (today.year - checked.year) * 12 + today.month - checked.month
    return months + (0.5 if today.day > checked.day else 0.0) - (
        0.5 if today.day < checked.day else 0.0)


def stale_facts(course: Course, today: date) -> list[tuple[Fact, float]]:
    """The facts last checked more than :data:`FACT_MONTHS` months before ``today``."""
    stale = []
    for fact in course.facts:
        months = months_since(date.fromisoformat(fact.checked), today)
        if months > FACT_MONTHS:
            stale.append((fact, months))
    return stale


def check(course: Course, root: Path | str, today: date | None = None) -> list[QualityWarning]:
    """Every item-writing warning for ``course`` (loaded from ``root``), sorted by place.

    ``today`` (default: the current UTC date) is the day the facts' check dates are
    measured against; tests pass a fixed day."""
    quality = measure(course)
    at = positions(root, course)
    warnings: list[QualityWarning] = []

    def warn(kind: str, place: Place | None, message: str) -> None:
        path, line, column = place or ("?", 1, 1)
        warnings.append(QualityWarning(path, line, column, kind, message))

    questions = {q.id: (quiz.module, q) for quiz in course.quizzes for q in quiz.questions}

    def question_place(qid: str, key: tuple[str, ...]) -> Place | None:
        return at.get(key) or course.location("question", qid)

    # 1. the key is strictly the longest option (single choice)
    for finding in quality.longest_key.items:
        _, q = questions[finding.id]
        assert isinstance(q, SingleChoice)
        runner_up = max(len(o) for o in q.options if o != q.answer)
        warn("longest-key", question_place(q.id, ("option", q.id, q.answer)),
             f"{q.id}: det rigtige svar er det længste ({len(q.answer)} tegn, de andre højst "
             f"{runner_up}); gør et forkert svar lige så fyldigt, eller det rigtige kortere")

    # 2. a wrong option with an absolute word
    for qid, (_, q) in questions.items():
        for option in q.wrong_options():
            if has_absolute_word(option):
                warn("absolute-word", question_place(qid, ("option", qid, option)),
                     f"{qid}: den forkerte svarmulighed »{option}« har et absolut ord (kun, "
                     "altid, aldrig, præcis, udelukkende), som afslører den")

    # 3. true/false balance per module: 35–65 % true, or as close to half as the count allows
    low, high = GATES["true_share_min"], GATES["true_share_max"]
    for module_id, share in quality.true_by_module:
        if low <= share.value <= high or share.count in (share.total // 2, -(-share.total // 2)):
            continue
        answer = "sandt" if share.value > high else "falsk"
        warn("true-false-balance", at.get(("questions", module_id)) or course.location("module", module_id),
             f"modulet »{module_id}«: {share.count} af {share.total} sandt/falsk-spørgsmål er "
             f"sande ({_percent(share.value)}); hold andelen mellem {_percent(low)} og "
             f"{_percent(high)}, ellers kan man gætte »{answer}«")

    # 4. a scenario decision whose unique best choice (by effects) is strictly the longest
    for finding in quality.longest_best_choice.items:
        scenario_id, node_id = finding.id.split("/", 1)
        scenario = next(s for quiz in course.quizzes for s in quiz.scenarios if s.id == scenario_id)
        node = scenario.node(node_id)
        sums = [sum(v for _, v in c.effects) for c in node.choices]
        best = sums.index(max(sums))
        warn("longest-best-choice",
             at.get(("choice", scenario_id, node_id, str(best))) or finding.location,
             f"{finding.id}: det bedste valg (efter virkningen på fokusområderne) er det længste "
             f"({len(node.choices[best].text)} tegn); skriv de andre valg lige så fyldigt")

    # 5. the same prompt twice, where a learner can meet both (not for matching and ordering,
    #    whose prompt is often a general instruction such as "Sæt ordene i rækkefølge")
    exact: set[frozenset[str]] = set()
    for group in quality.duplicate_prompts:
        items = [questions[qid][1] for qid in group]
        for first, later in combinations(items, 2):
            if first.generic_prompt or not _share_a_pool(first, later):
                continue
            exact.add(frozenset((first.id, later.id)))
            warn("duplicate", question_place(later.id, ("prompt", later.id)),
                 f"{later.id}: samme spørgsmålstekst som »{first.id}« "
                 f"({_where(question_place(first.id, ('prompt', first.id)))})")

    # 6. near duplicates: the whole question (prompt and options, pairs or items) nearly
    #    the same words as another one a learner can meet
    texts = []
    for _, q in questions.values():
        words = normalise_prompt(" ".join([q.prompt, *_parts(q)])).split()
        texts.append((q, words, Counter(words)))
    for (a, wa, ca), (b, wb, cb) in combinations(texts, 2):
        total = len(wa) + len(wb)
        if not total or 2 * min(len(wa), len(wb)) / total < NEAR_DUPLICATE:
            continue  # too different in length to be near
        if 2 * sum((ca & cb).values()) / total < NEAR_DUPLICATE:
            continue  # too few words in common (an upper bound of the ratio)
        if not _share_a_pool(a, b) or frozenset((a.id, b.id)) in exact:
            continue
        ratio = difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()
        if ratio >= NEAR_DUPLICATE:
            warn("near-duplicate", question_place(b.id, ("prompt", b.id)),
                 f"{b.id}: næsten samme spørgsmål som »{a.id}« "
                 f"({_where(question_place(a.id, ('prompt', a.id)))}; {_percent(ratio)} ens ord)")

    # 7. a text question with a single accepted answer
    for qid, (_, q) in questions.items():
        if isinstance(q, TextAnswer) and len(q.accepted) == 1:
            warn("single-accepted", question_place(qid, ("accepted", qid)),
                 f"{qid}: kun ét godkendt svar (»{q.accepted[0]}«); tilføj de synonymer og "
                 "stavemåder, deltagerne med rette kan skrive")

    # 8. a choice that gains for free beside a trade-off (the costless »do both«)
    nodes: dict[str, Node] = {f"{s.id}/{n.id}": n for quiz in course.quizzes
                              for s in quiz.scenarios for n in s.nodes}
    for finding in quality.free_choices:
        ref, index = finding.id.rsplit("/", 1)
        scenario_id, node_id = ref.split("/", 1)
        choice = nodes[ref].choices[int(index)]
        gains = ", ".join(course.focus_area(f).title.lower() for f, v in choice.effects if v > 0)
        warn("free-choice", at.get(("choice", scenario_id, node_id, index)) or finding.location,
             f"{ref}: valget »{choice.text}« styrker {gains} uden at svække noget, mens et andet "
             "valg her har en pris; giv det en ærlig pris, eller gør de andre valg til rene fejl")

    # 9. a scenario with fewer than two real dilemmas (only where there are focus areas to
    #    weigh against each other)
    minimum = GATES["dilemmas_min"]
    if len(course.focus_areas) >= 2:
        for scenario_id, share in quality.dilemmas:
            if share.count < minimum:
                warn("few-dilemmas", course.location("scenario", scenario_id),
                     f"{scenario_id}: {share.count} af {share.total} beslutninger er dilemmaer "
                     f"(mindst {minimum}); lad to lovlige valg, der hver koster noget, veje "
                     "fokusområderne mod hinanden")

    # 10. a fact from outside the policy not checked against its source for 12 months
    if today is None:
        today = datetime.now(UTC).date()
    for fact, _months in stale_facts(course, today):
        warn("stale-fact", course.location("fact", fact.id),
             f"faktummet »{fact.id}« ({fact.source}) blev sidst tjekket {fact.checked}, for "
             f"mere end {FACT_MONTHS} måneder siden; læs kilden igen, ret kurset, hvis reglerne "
             "er ændret, og skriv dagens dato i »checked«")

    # 11. the option forms of issue 22: passive openings almost never the key, or »ask
    #     everyone / do both« nearly always the key, over the whole course (one warning
    #     each, at the first option that shows the cue; the figures are in the message)
    forms = option_forms(course)

    def option_place(finding_id: str, detail: str) -> Place | None:
        text = detail.split("»", 1)[1].rsplit("«", 1)[0]
        return question_place(finding_id, ("option", finding_id, text))

    floor, ceiling = FORM_GATES["passive_key_min"], FORM_GATES["ask_both_key_max"]
    if forms.passive.total and forms.passive.value < floor and forms.passive_wrong:
        passive = forms.passive_wrong[0]
        warn("passive-never-key", option_place(passive.id, passive.detail),
             f"svarmuligheder, der begynder passivt (»Du lader …«, »Du venter …«, »Du siger "
             f"ingenting …«), er rigtige i {forms.passive.count} af {forms.passive.total} "
             f"({_percent(forms.passive.value)}, mindst {_percent(floor)}); så kan man strege "
             "dem ud uden at kende politikken; skriv spørgsmål, hvor det er klogt at vente, "
             "lytte eller lade andre tage ordet")
    if forms.ask_both.total and forms.ask_both.value > ceiling and forms.ask_both.items:
        ask_both = forms.ask_both.items[0]
        warn("ask-both-key", option_place(ask_both.id, ask_both.detail),
             f"svarmuligheder, der spørger alle eller gør begge dele, er rigtige i "
             f"{forms.ask_both.count} af {forms.ask_both.total} ({_percent(forms.ask_both.value)}, "
             f"højst {_percent(ceiling)}); så kan man vælge dem uden at kende politikken. Giv "
             "den slags svar en ærlig pris som forkert svar i flere spørgsmål")

    return sorted(warnings)


def dilemma_line(quality: Quality) -> str | None:
    """"Dilemmaer: 35 af 69 beslutninger (51 %); a 4/7, b 2/4, …" or None without scenarios."""
    share = quality.dilemma_share
    if not share.total:
        return None
    per_scenario = ", ".join(f"{sid} {s.count}/{s.total}" for sid, s in quality.dilemmas)
    return (f"Dilemmaer: {share.count} af {share.total} beslutninger ({_percent(share.value)}, "
            f"mindst {_percent(GATES['dilemma_share_min'])}); {per_scenario}.")


def summary_line(warnings: list[QualityWarning]) -> str:
    """"Kvalitetstjek: 3 advarsler (2 rigtigt svar længst, 1 …)." or "…: ingen advarsler."."""
    if not warnings:
        return "Kvalitetstjek: ingen advarsler."
    counts = Counter(w.kind for w in warnings)
    parts = [f"{counts[kind]} {_KIND_NAMES[kind]}" for kind, _ in KINDS if counts[kind]]
    n = len(warnings)
    return f"Kvalitetstjek: {n} {'advarsel' if n == 1 else 'advarsler'} ({', '.join(parts)})."
