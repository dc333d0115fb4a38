"""Answer statistics in the teachers' view: one module at a time, flagged questions first.

Opened with S from the teachers' view, for the same learners that view shows (a
teacher's own holds, one hold, or everyone for the administrator; one track or all).
For each question: how many answered, the share of points, the discrimination and the
flags in words, and each option with a bar of how often it was picked, the right one
marked ✔ and "rigtig" (never colour alone); then the module's scenarios. The figures
come from :mod:`course.reports.stats_report`, computed once in a worker thread when the screen
opens (reading every answer of 2,000 learners takes a second or two).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.reports.learners import report_modules
from course.reports.stats import MIN_ANSWERS, ModuleStats, QuestionStats, ScenarioStats
from course.reports.stats_report import (
    TYPE_NAMES,
    StatsReport,
    build_stats,
    discrimination_text,
    percent,
)
from progress.holds import Account, HoldProblem

from ..text import plain, visible
from ..widgets.footer import CourseFooter

LABEL = 34  # columns for an option's text at 80 columns
BAR = 12

LEGEND = (
    "Markeringer: for let (over 90 % rigtige) · for svær (under 30 %) · skiller dårligt "
    "(skilleevne under 0,20) · mulig fejl i facit (negativ skilleevne) · svarmulighed "
    f"vælges aldrig. Under {MIN_ANSWERS} svar: usikre tal, ingen markeringer. Skilleevne: "
    "punktbiseriel fra 50 svar, ellers øvre–nedre 27 %."
)


def cut(text: str, width: int) -> str:
    text = " ".join(visible(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def bar(count: int, total: int, width: int = BAR) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def _option_line(text: str, right: bool, count: int, total: int, width: int,
                 note: str = "") -> Content:
    """An option (or choice, or ending) with a bar: "✔ text ████░░  45 %  54 rigtig"."""
    size = max(LABEL, width - 44) - 2  # the label's columns; wider terminals show more
    mark = "✔ " if right else "  "
    label = cut(text, size)
    share = percent(count / total) if total else "–"
    return Content.assemble(
        "  ", (mark, "bold"), Content(f"{label:<{size}}"), " ",
        (bar(count, total), "$success" if right else "$primary"),
        f" {share:>5} {count:>5}", (f" {note}" if note else "", "italic"),
    )


def question_lines(q: QuestionStats, width: int) -> list[Content]:
    """One question: the verdict in words, the prompt, the figures, the options."""
    if q.answers == 0:
        head = Content.assemble(("· ingen svar endnu", "dim"))
    elif q.uncertain:
        head = Content.assemble(("? usikre tal", "bold"), f" ({q.answers} svar)")
    elif q.flags:
        head = Content.assemble(("⚠ " + ", ".join(f for f, _ in q.flags), "bold $warning"))
    else:
        head = Content.assemble(("✔ ingen markeringer", "bold"))
    lines = [head, Content(f"{q.id} · {' '.join(visible(q.question.prompt).split())}")]
    if q.answers:
        lines.append(Content(
            f"{TYPE_NAMES[q.question.type]} · {q.answers} svar · andel rigtige "
            f"{percent(q.facility)} · {discrimination_text(q)}"))
    for option in q.options:
        note = "rigtig" if option.right else (
            "aldrig valgt" if q.answers and not option.picks and q.question.type != "true_false"
            else "")
        lines.append(_option_line(option.text, option.right, option.picks, q.answers, width,
                                  note))
    if q.other:
        what = "intet valgt" if q.question.type == "multiple" else "andet eller intet svar"
        lines.append(_option_line(f"({what})", False, q.other, q.answers, width))
    if q.wrong_texts:
        shown = ", ".join(f"»{cut(text, 24)}« {n}" for text, n in q.wrong_texts)
        lines.append(Content(cut(f"Forkerte svar: {shown}", width)))
    return lines


def scenario_lines(s: ScenarioStats, width: int) -> list[Content]:
    median = "–" if s.median_steps is None else f"{s.median_steps:g}".replace(".", ",")
    lines = [Content.assemble(("Scenarie: ", "bold"), (cut(s.scenario.title, 50), "bold")),
             Content(f"Spillet {s.runs} gange, {s.finished} til en slutning, median {median} "
                     "valg" + (" · usikre tal" if s.uncertain and s.runs else ""))]
    if not s.runs:
        return lines
    for d in s.decisions:
        lines.append(Content(cut(f"Situation »{d.node}«: {d.text}", width)))
        for c in d.choices:
            lines.append(_option_line(c.text, False, c.taken, d.total, width))
    lines.append(Content("Slutninger:"))
    for e in s.endings:
        lines.append(_option_line(e.title, False, e.reached, s.finished, width))
    return lines


def module_content(m: ModuleStats, width: int) -> Content:
    lines: list[Content] = []
    if m.attempts:
        lines.append(Content(f"{m.attempts} forsøg fra {m.learners} "
                             f"{'deltager' if m.learners == 1 else 'deltagere'} · gennemsnit "
                             f"{percent(m.mean_score)} · {m.flagged} markerede spørgsmål"))
    else:
        lines.append(Content("Ingen afsluttede forsøg endnu."))
    for q in m.ordered():
        lines.append(Content(""))
        lines += question_lines(q, width)
    for s in m.scenarios:
        lines.append(Content(""))
        lines += scenario_lines(s, width)
    return Content("\n").join(lines)


class StatsScreen(Screen[None]):
    """Statistics per module for the learners the teachers' view shows."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        # priority: the scrolling body would otherwise take ← and → for itself
        Binding("left,p", "previous", "Forrige modul", tooltip="Statistikken for forrige modul",
                id="previous", priority=True),
        Binding("right,n", "next", "Næste modul", tooltip="Statistikken for næste modul",
                id="next", priority=True),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage til oversigten", id="leave"),
    ]

    def __init__(self, account: Account | None, holds: set[str] | None, track: str | None,
                 scope: str) -> None:
        super().__init__()
        self.account = account
        self.holds = holds  # None: every learner (the administrator)
        self.track = track
        self.scope = scope
        self.report: StatsReport | None = None
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="stats-heading", classes="heading")
        with VerticalScroll(id="stats-body"):
            yield Static(LEGEND, id="stats-legend", markup=False)
            yield Static("Regner statistikken ud …", id="stats-content")
        yield CourseFooter()

    @property
    def modules(self) -> list[str]:
        """The modules with a quiz that the learners in view can have: those of the
        track shown, or of the holds' tracks (a school class has no »Ordliste«)."""
        course = self.app.course
        if self.track:
            tracks = [self.track]
        elif self.holds is not None:
            tracks = self._hold_tracks()
        else:
            tracks = []  # the administrator's everyone: every module
        return [m for m in report_modules(course, tracks) if course.quiz(m) is not None]

    def _hold_tracks(self) -> list[str]:
        if not hasattr(self, "_tracks"):
            try:
                self._tracks = sorted({h.track for h in self.app.holds.holds()
                                       if h.id in (self.holds or ())})
            except HoldProblem:
                self._tracks = []
        return self._tracks

    def on_mount(self) -> None:
        self._heading()
        self.query_one("#stats-body", VerticalScroll).focus()
        self.compute()

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        try:
            report = build_stats(self.app.course, self.app.store, self.track, self.holds)
        except OSError as exc:
            self.app.call_from_thread(self.notify, f"Statistikken kunne ikke laves: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._report_ready, report)

    def _report_ready(self, report: StatsReport) -> None:
        self.report = report
        self._show_module()
        problems = report.stats.problems
        if problems:
            self.notify(f"{len(problems)} deltageres filer kunne ikke læses og er ikke talt med.",
                        severity="warning", markup=False)

    def _heading(self) -> None:
        who = visible(self.account.name) if self.account else "administrator"
        modules = self.modules
        title = ""
        if modules:
            module = self.app.course.module(modules[self.index])
            title = f" · modul {self.index + 1} af {len(modules)}: {module.title}"
        self.query_one("#stats-heading", Static).update(
            plain(f"Statistik · {who} · {self.scope}{title}"))

    def _show_module(self) -> None:
        self._heading()
        body = self.query_one("#stats-content", Static)
        modules = self.modules
        if self.report is None:
            return
        if not modules:
            body.update("Ingen moduler med quiz i dette forløb.")
            return
        stats = self.report.stats.module(modules[self.index])
        width = max(40, self.size.width - 4)
        body.update(module_content(stats, width) if stats else Content("Ingen tal."))
        self.query_one("#stats-body", VerticalScroll).scroll_home(animate=False)

    def action_next(self) -> None:
        if self.modules:
            self.index = (self.index + 1) % len(self.modules)
            self._show_module()

    def action_previous(self) -> None:
        if self.modules:
            self.index = (self.index - 1) % len(self.modules)
            self._show_module()

    def action_leave(self) -> None:
        self.app.pop_screen()
