"""Item statistics for the course owner: who to count, and the files (Markdown, CSV, JSON).

Shared by ``medborger stats`` and the teachers' statistics screen. The figures are
computed by :mod:`course.reports.stats` from every answer the learners in scope gave
(read by :mod:`progress.answers`); this module picks the learners (a track, the holds a
teacher owns or one hold), and writes the result out with every threshold stated.
"""

from __future__ import annotations

import gc
import json
import unicodedata
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from course.content.model import Course
from course.reports.stats import (
    DISCRIMINATION_BELOW,
    GROUP_SHARE,
    MIN_ANSWERS,
    POINT_BISERIAL,
    POINT_BISERIAL_FROM,
    THRESHOLDS,
    History,
    ModuleStats,
    QuestionStats,
    ScenarioStats,
    Statistics,
    compute,
)
from progress import Store

TYPE_NAMES = {
    "single": "ét svar",
    "multiple": "flere svar",
    "true_false": "sandt/falsk",
    "matching": "par",
    "ordering": "rækkefølge",
    "text": "tekstsvar",
}
BASIS_TEXT = {
    "first": "hver deltagers første afsluttede forsøg pr. quiz og første gennemspilning "
             "pr. scenarie",
    "all": "alle afsluttede forsøg og alle gennemspilninger",
}
UNCERTAIN = "usikre tal"
UNCERTAIN_RULE = (f"Med færre end {MIN_ANSWERS} svar står der »{UNCERTAIN}« i stedet for "
                  "markeringer: så få svar siger for lidt om spørgsmålet.")


@dataclass(frozen=True)
class StatsReport:
    """The statistics with what they cover, in Danish, for the heading of every format."""

    stats: Statistics
    scope: dict[str, str] = field(default_factory=dict)  # e.g. {"Hold": "8.A", "Forløb": "Skole"}
    made: str = ""


def build_stats(course: Course, store: Store, track: str | None = None,
                holds: Collection[str] | None = None, module: str | None = None,
                basis: str = "first", scope: dict[str, str] | None = None) -> StatsReport:
    """Statistics over the learners on ``track`` and in ``holds`` (hold ids; None: all),
    for one module or all of them.

    A teacher's statistics pass the ids of the holds they own, so they never count
    another teacher's pupils (nor learners outside any hold).
    """
    from progress.answers import histories
    from progress.model import now

    learners = [l for l in store.learners()
                if (track is None or l.track == track) and (holds is None or l.hold in holds)]
    problems: list[tuple[str, str]] = []

    def readable():
        for found in histories(store, learners):
            if found.problem is not None:
                problems.append((found.learner.name, found.problem))
                continue
            yield History(found.learner.id, found.attempts, found.runs)

    with _collector_paused():
        stats = compute(course, readable(), [module] if module else None, basis)
    stats = Statistics(stats.modules, stats.learners, stats.basis, tuple(problems))
    return StatsReport(stats, dict(scope or {}), now())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while every record is read and counted.

    Parsing thousands of records makes millions of dicts and lists, and no reference
    cycles; the collector's passes over them cost about a fifth of the CPU time (measured
    with bench/stats.py). Whatever it would have found is collected when it resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- words and numbers ------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def decimal(value: float | None) -> str:
    """-0.123 -> "-0,12"; None -> "–"."""
    if value is None:
        return "–"
    return f"{round(value, 2) + 0.0:.2f}".replace(".", ",").replace("-", "−")  # no "−0,00"


def flag_text(flag: str) -> str:
    """A flag with its threshold, e.g. "for let (andel rigtige over 90 %)"."""
    return f"{flag} ({dict(THRESHOLDS)[flag]})"


def legend() -> list[str]:
    """How to read the figures, with every threshold (one paragraph or bullet a line)."""
    return [
        "Andel rigtige: den andel af pointene, deltagerne fik på spørgsmålet "
        "(facilitetsindeks; flere svar, par og rækkefølge giver delvise point).",
        f"Skilleevne: om de deltagere, der klarer resten af quizzen godt, også klarer "
        f"spørgsmålet (−1 til 1; over {decimal(DISCRIMINATION_BELOW)} er godt). Med mindst "
        f"{POINT_BISERIAL_FROM} svar er det den punktbiserielle korrelation mellem "
        "spørgsmålets point og pointene i resten af forsøget; med færre er det øvre–nedre "
        f"{round(100 * GROUP_SHARE)} %: andel rigtige blandt de {round(100 * GROUP_SHARE)} % "
        f"bedste på resten af quizzen minus blandt de {round(100 * GROUP_SHARE)} % svageste. "
        "Ved hvert spørgsmål står, hvilken der er brugt.",
        *(f"Markering »{flag}«: {rule}." for flag, rule in THRESHOLDS),
        UNCERTAIN_RULE,
    ]


def discrimination_text(q: QuestionStats) -> str:
    if q.discrimination is None:
        return "skilleevne –"
    method = "punktbiseriel" if q.method == POINT_BISERIAL else q.method
    return f"skilleevne {decimal(q.discrimination)} ({method})"


def verdict(q: QuestionStats) -> str:
    """The flags of a question in words, "usikre tal", or ""."""
    if q.answers == 0:
        return "ingen svar endnu"
    if q.uncertain:
        return f"{UNCERTAIN} ({q.answers} svar)"
    return ", ".join(flag for flag, _ in q.flags)


def bar(count: int, total: int, width: int = 20) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def shown(text: str) -> str:
    """Learner-typed text for a file or a terminal: control characters as "?", one line."""
    text = "".join("?" if unicodedata.category(c) in ("Cc", "Cf") and c not in "\t\n" else c
                   for c in str(text))
    return " ".join(text.split())


def _about(report: StatsReport) -> list[str]:
    stats = report.stats
    lines = [f"Lavet {report.made[:16].replace('T', ' ')} (UTC) ud fra {stats.learners} "
             f"{'deltager' if stats.learners == 1 else 'deltagere'}: {BASIS_TEXT[stats.basis]}."]
    if report.scope:
        lines.append(" · ".join(f"{k}: {v}" for k, v in report.scope.items()))
    if stats.problems:
        names = ", ".join(shown(name) for name, _ in stats.problems[:5])
        more = f" og {len(stats.problems) - 5} flere" if len(stats.problems) > 5 else ""
        lines.append(f"{len(stats.problems)} deltageres filer kunne ikke læses og er ikke "
                     f"talt med: {names}{more}.")
    return lines


# --- Markdown ---------------------------------------------------------------------------


def _md(text: Any) -> str:
    return shown(str(text)).replace("\\", "\\\\").replace("|", "\\|")


def _md_module(m: ModuleStats) -> list[str]:
    lines = [f"## {_md(m.title)} ({m.module})", ""]
    if m.attempts:
        lines.append(f"{m.attempts} forsøg fra {m.learners} "
                     f"{'deltager' if m.learners == 1 else 'deltagere'} · gennemsnit "
                     f"{percent(m.mean_score)} · {m.flagged} markerede spørgsmål")
    else:
        lines.append("Ingen afsluttede forsøg endnu.")
    lines += ["", "| Spørgsmål | Type | Svar | Andel rigtige | Skilleevne | Markering |",
              "|---|---|---:|---:|---:|---|"]
    ordered = m.ordered()
    for q in ordered:
        lines.append(f"| {q.id}: {_md(q.question.prompt)} | {TYPE_NAMES[q.question.type]} | "
                     f"{q.answers} | {percent(q.facility)} | {decimal(q.discrimination)} | "
                     f"{_md(verdict(q))} |")
    for q in ordered:
        if not q.answers:
            continue
        lines += ["", f"### {q.id}: {_md(q.question.prompt)}", "",
                  f"{TYPE_NAMES[q.question.type]} · {q.answers} svar · andel rigtige "
                  f"{percent(q.facility)} · {discrimination_text(q)}"]
        for flag, detail in q.flags:
            lines.append(f"- **{flag}**: {_md(detail)} ({_md(dict(THRESHOLDS)[flag])})")
        if q.uncertain:
            lines.append(f"- {UNCERTAIN}: færre end {MIN_ANSWERS} svar, ingen markeringer")
        if q.options:
            lines += ["", "| Svarmulighed | Valgt | Andel |", "|---|---:|---|"]
            for o in q.options:
                mark = "✔ " if o.right else ""
                right = " (rigtig)" if o.right else ""
                lines.append(f"| {mark}{_md(o.text)}{right} | {o.picks} | "
                             f"{bar(o.picks, q.answers, 10)} {percent(o.picks / q.answers)} |")
            if q.other:
                what = "intet valgt" if q.question.type == "multiple" else "andet eller intet svar"
                lines.append(f"| ({what}) | {q.other} | {bar(q.other, q.answers, 10)} "
                             f"{percent(q.other / q.answers)} |")
        if q.wrong_texts:
            lines += ["", "Almindelige forkerte svar (måske synonymer, der bør godtages):", ""]
            lines += [f"- »{_md(text)}« ({n} gange)" for text, n in q.wrong_texts]
    for s in m.scenarios:
        lines += ["", *_md_scenario(s)]
    lines.append("")
    return lines


def _md_scenario(s: ScenarioStats) -> list[str]:
    median = "–" if s.median_steps is None else f"{s.median_steps:g}".replace(".", ",")
    lines = [f"### Scenarie: {_md(s.scenario.title)} ({s.scenario.id})", "",
             f"Spillet {s.runs} gange, {s.finished} til en slutning, median {median} valg "
             "til en slutning" + (f" · {UNCERTAIN}" if s.uncertain and s.runs else "") + "."]
    if not s.runs:
        return lines
    lines += ["", "| Situation | Valg | Taget | Andel |", "|---|---|---:|---|"]
    for d in s.decisions:
        for c in d.choices:
            lines.append(f"| {d.node} | {_md(c.text)} | {c.taken} | "
                         f"{bar(c.taken, d.total, 10)} {percent(c.taken / d.total if d.total else None)} |")
    lines += ["", "| Slutning | Nået | Andel |", "|---|---:|---|"]
    for e in s.endings:
        share = e.reached / s.finished if s.finished else None
        lines.append(f"| {_md(e.title)} | {e.reached} | {bar(e.reached, s.finished, 10)} "
                     f"{percent(share)} |")
    return lines


def to_markdown(report: StatsReport) -> str:
    lines = ["# Medborgerskab i Ishøj – spørgsmålsstatistik", "", *_about(report), "",
             "## Sådan læses tallene", ""]
    lines += [f"- {line}" for line in legend()]
    lines.append("")
    for m in report.stats.modules:
        lines += _md_module(m)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- CSV --------------------------------------------------------------------------------

CSV_COLUMNS = ("Modul", "Slags", "Id", "Tekst", "Rigtig", "Antal", "Andel %", "Skilleevne ×100",
               "Metode", "Median valg", "Markering")


def _csv_rows(report: StatsReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in report.stats.modules:
        for q in m.ordered():
            marks = ([flag_text(f) for f, _ in q.flags] if not q.uncertain else
                     [f"{UNCERTAIN} (færre end {MIN_ANSWERS} svar)"] if q.answers else [])
            rows.append({
                "Modul": m.module, "Slags": "spørgsmål", "Id": q.id,
                "Tekst": q.question.prompt, "Antal": q.answers,
                "Andel %": _whole(q.facility), "Skilleevne ×100": _whole(q.discrimination),
                "Metode": q.method, "Markering": "; ".join(marks) or None,
            })
            for o in q.options:
                rows.append({"Modul": m.module, "Slags": "svarmulighed", "Id": q.id,
                             "Tekst": o.text, "Rigtig": o.right, "Antal": o.picks,
                             "Andel %": _whole(o.picks / q.answers if q.answers else None),
                             "Markering": ("vælges aldrig" if not o.right and not o.picks
                                           and q.answers and q.question.type != "true_false"
                                           else None)})
            if q.other:
                rows.append({"Modul": m.module, "Slags": "andet svar", "Id": q.id,
                             "Tekst": "(intet valgt)" if q.question.type == "multiple"
                             else "(andet eller intet svar)",
                             "Antal": q.other, "Andel %": _whole(q.other / q.answers)})
            for text, n in q.wrong_texts:
                rows.append({"Modul": m.module, "Slags": "forkert tekstsvar", "Id": q.id,
                             "Tekst": shown(text), "Rigtig": False, "Antal": n,
                             "Andel %": _whole(n / q.answers)})
        for s in m.scenarios:
            rows.append({"Modul": m.module, "Slags": "scenarie", "Id": s.scenario.id,
                         "Tekst": s.scenario.title, "Antal": s.runs,
                         "Median valg": (f"{s.median_steps:g}".replace(".", ",")
                                         if s.median_steps is not None else None),
                         "Markering": f"{UNCERTAIN} (færre end {MIN_ANSWERS} gennemspilninger)"
                         if s.uncertain and s.runs else None})
            for d in s.decisions:
                for c in d.choices:
                    rows.append({"Modul": m.module, "Slags": "valg",
                                 "Id": f"{s.scenario.id}/{d.node}", "Tekst": c.text,
                                 "Antal": c.taken,
                                 "Andel %": _whole(c.taken / d.total if d.total else None)})
            for e in s.endings:
                rows.append({"Modul": m.module, "Slags": "slutning",
                             "Id": f"{s.scenario.id}/{e.node}", "Tekst": e.title,
                             "Antal": e.reached,
                             "Andel %": _whole(e.reached / s.finished if s.finished else None)})
    return rows


def _whole(value: float | None) -> int | None:
    return None if value is None else round(100 * value)


def to_csv(report: StatsReport) -> str:
    from course.reports.formats import to_csv as write_csv

    return write_csv(CSV_COLUMNS, _csv_rows(report))


# --- JSON -------------------------------------------------------------------------------


def _json_question(q: QuestionStats) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": q.id, "type": q.question.type, "tekst": q.question.prompt, "svar": q.answers,
        "andel_rigtige": q.facility, "skilleevne": q.discrimination, "metode": q.method,
        "usikre_tal": q.uncertain,
        "markeringer": [{"markering": f, "detalje": d, "tærskel": dict(THRESHOLDS)[f]}
                        for f, d in q.flags],
    }
    if q.options:
        doc["svarmuligheder"] = [{"tekst": o.text, "rigtig": o.right, "valgt": o.picks}
                                 for o in q.options]
        doc["andet_svar"] = q.other
    if q.question.type == "text":
        doc["forkerte_svar"] = [{"tekst": shown(t), "antal": n} for t, n in q.wrong_texts]
    return doc


def _json_scenario(s: ScenarioStats) -> dict[str, Any]:
    return {
        "id": s.scenario.id, "titel": s.scenario.title, "gennemspilninger": s.runs,
        "til_en_slutning": s.finished, "median_valg": s.median_steps, "usikre_tal": s.uncertain,
        "valg": [{"situation": d.node, "valg": [{"nummer": c.index + 1, "tekst": c.text,
                                                  "taget": c.taken} for c in d.choices]}
                 for d in s.decisions],
        "slutninger": [{"id": e.node, "titel": e.title, "nået": e.reached} for e in s.endings],
    }


def to_json(report: StatsReport) -> str:
    stats = report.stats
    doc = {
        "lavet": report.made,
        "omfang": report.scope,
        "grundlag": BASIS_TEXT[stats.basis],
        "deltagere": stats.learners,
        "ulæselige_filer": [{"deltager": shown(n), "grund": r} for n, r in stats.problems],
        "tærskler": {
            **{flag: rule for flag, rule in THRESHOLDS},
            "usikre tal": f"færre end {MIN_ANSWERS} svar",
            "skilleevne": (f"punktbiseriel med mindst {POINT_BISERIAL_FROM} svar, ellers "
                           f"øvre–nedre {round(100 * GROUP_SHARE)} %"),
        },
        "moduler": [{
            "id": m.module, "titel": m.title, "forsøg": m.attempts, "deltagere": m.learners,
            "gennemsnit": m.mean_score,
            "spørgsmål": [_json_question(q) for q in m.ordered()],
            "scenarier": [_json_scenario(s) for s in m.scenarios],
        } for m in stats.modules],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(report: StatsReport, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json(report)
    raise ValueError(f"unknown format {fmt!r}")
