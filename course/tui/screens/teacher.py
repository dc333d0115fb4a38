"""The teachers' and HR's view: every learner's progress, per-module completion, export.

Reached with L and a passphrase: the administrator's (everything) or a teacher account's
(only the holds that account owns: their learners, bars, CSV and PIN resets). The table
is the same report `medborger report` writes (:mod:`course.reports.learners`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Static

from course.files import danish_reason
from course.reports.learners import LearnerRow, Report, build_report, render
from progress import DamagedRecordError
from progress.holds import ADMIN, Account, HoldProblem

from ..text import plain, visible
from ..widgets.footer import CourseFooter

BAR_WIDTH = 20
# The text columns start this wide and grow, with the room a wider terminal leaves, up to
# their longest entry; at 80 columns longer names are cut with "…". The Hold column is
# shown when the view holds more than one hold (the administrator's, a teacher's).
TEXT_COLUMNS = (("Navn", 14), ("Hold", 12), ("Forløb", 12))
FIXED_COLUMNS = (("Moduler", 7), ("I alt", 5), ("Bevis", 12))
TEXT_LIMIT = 48


def column_widths(room: int, needs: list[tuple[int, int]]) -> list[int]:
    """Widths for text columns given as (least, wanted) within ``room`` characters: each
    gets its least, then the room left is shared out evenly up to what each wants."""
    widths = [least for least, _ in needs]
    left = room - sum(widths)
    while left > 0:
        hungry = [n for n, (_, wanted) in enumerate(needs) if widths[n] < wanted]
        if not hungry:
            break
        share = max(1, left // len(hungry))
        for n in hungry:
            grow = min(share, needs[n][1] - widths[n], left)
            widths[n] += grow
            left -= grow
            if left <= 0:
                break
    return widths


def learners(count: int) -> str:
    return f"{count} deltager" if count == 1 else f"{count} deltagere"


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def certificate_cell(row: LearnerRow) -> str:
    """The Bevis column: the state of the learner's certificate (»✔ gyldigt«, »udløbet«,
    »tilbagekaldt«) or »–«; the whole line (dates and code) is in the learner's dialog."""
    cert = row.certificate
    if cert is None:
        return "–"
    return f"✔ {cert.state}" if cert.valid else cert.state


def certificate_lines(row: LearnerRow | None) -> list[str]:
    """The learner's certificates as they read on the learner's own page (the model's
    :meth:`~course.certificates.page.IssuedCertificate.summary`), oldest first."""
    if row is None or not row.certificates:
        return ["Intet kursusbevis endnu."]
    return ["Kursusbeviser:", *(f"• {cert.summary()}" for cert in row.certificates)]


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar: filled blocks for the share done, light ones for the rest."""
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class TeacherScreen(Screen[None]):
    CSS_PATH = "teacher.tcss"
    BINDINGS = [
        Binding("h", "holds", "Hold", tooltip="Dine hold: koder, nye hold, vis ét hold",
                id="holds"),
        Binding("t", "track", "Forløb", tooltip="Vis ét forløb ad gangen, eller alle", id="track"),

        Binding("e", "export", "Rapport", tooltip="Gem rapporten som CSV til regneark",
                id="export"),
        # "PIN", a short label: with "s Svar" the footer is exactly 80 columns.
        Binding("p", "learner", "PIN", tooltip="Den markerede deltager: nulstil pinkoden "
                "(engangskode), lås op efter forkerte forsøg, eller slet", id="learner"),
        Binding("s", "stats", "Svar", tooltip="Svarstatistik pr. modul: hvor svære spørgsmålene "
                "er, og hvilke svar der vælges", id="stats"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage til listen over deltagere",
                id="leave"),
    ]

    def __init__(self, account: Account | None = None) -> None:
        super().__init__()
        self.account = account  # None: the administrator
        self.track: str | None = None
        self.hold: str | None = None  # show one hold only

    @property
    def owner(self) -> str:
        return self.account.id if self.account else ADMIN

    def _scope(self) -> tuple[set[str] | None, str]:
        """The hold ids this view may show (None: all) and a Danish title for them."""
        try:
            holds = self.app.holds.holds(self.owner)
        except HoldProblem as exc:
            self.notify(str(exc), severity="error", markup=False)
            holds = []
        if self.hold is not None and any(h.id == self.hold for h in holds):
            return {self.hold}, next(h.name for h in holds if h.id == self.hold)
        if self.account is None:
            return None, "alle hold"
        return {h.id for h in holds}, "dine hold"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="teacher-heading", classes="heading")
        with VerticalScroll(id="teacher-body"):
            yield DataTable(id="learner-table", cursor_type="row", zebra_stripes=True)
            yield Static("Gennemført pr. modul", id="modules-heading")
            yield Static(id="module-bars")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_report()
        self.query_one("#learner-table", DataTable).focus()

    def on_resize(self) -> None:
        if hasattr(self, "report"):
            self._fill_table()

    def _columns(self) -> list[tuple[str, int]]:
        """The table's columns and their widths for this report and terminal."""
        rows = self.report.rows
        holds = {row.hold_name for row in rows if row.hold_name}
        several = self.account is None or len(holds) > 1  # the administrator: always
        text = [c for c in TEXT_COLUMNS
                if c[0] != "Hold" or (self.hold is None and holds and several)]
        values = {"Navn": [visible(r.learner.name) for r in rows],
                  "Hold": [visible(r.hold_name or "") for r in rows],
                  "Forløb": [visible(r.track_title) for r in rows]}
        needs = [(least, min(TEXT_LIMIT, max([len(label), least,
                                              *(len(v) for v in values[label])])))
                 for label, least in text]
        columns = len(text) + len(FIXED_COLUMNS)
        # the body's padding and scrollbar, the table's scrollbar, a space each side of a cell
        room = self.app.size.width - 2 - 2 - 2 - 2 * columns - sum(w for _, w in FIXED_COLUMNS)
        widths = column_widths(room, needs)
        return [*((label, w) for (label, _), w in zip(text, widths, strict=True)),
                *FIXED_COLUMNS]

    def refresh_report(self) -> None:
        course = self.app.course
        holds, scope = self._scope()
        try:
            self.report: Report = build_report(course, self.app.store, self.track, holds)
        except OSError as exc:  # the store copes with most; say so if it could not
            self.notify(f"Oversigten kan ikke laves ({danish_reason(exc)}).", severity="error",
                        timeout=20, markup=False)
            self.report = Report(course, [], self.track)
        self.app.show_notices()
        title = course.track(self.track).title if self.track else "alle forløb"
        who = self.account.name if self.account else "Administrator"
        self.query_one("#teacher-heading", Static).update(plain(
            f"{who} · {scope} · {title} · {learners(len(self.report.rows))}"))
        self._fill_table()
        lines = []
        completion = self.report.module_completion()
        width = max((len(title) for title, _, _ in completion), default=0)
        width = min(width, max(20, self.app.size.width - BAR_WIDTH - 14))
        for module_title, done, total in completion:
            shown = cut(module_title, width)
            lines.append(Content.assemble(f"{shown:<{width}} ", (bar(done, total), "$success"),
                                          f" {done}/{total}"))
        if not lines:
            lines.append(Content("Ingen deltagere endnu."))
        self.query_one("#module-bars", Static).update(Content("\n").join(lines))

    def _fill_table(self) -> None:
        """The learners, one row each, in columns fitted to the terminal's width."""
        table = self.query_one("#learner-table", DataTable)
        columns = self._columns()
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, width in columns:
            table.add_column(label, width=width, key=label)
        widths = dict(columns)
        for row in self.report.rows:
            status = certificate_cell(row)
            if row.problem:
                status = "⚠ fejl i filen"
            text = {"Navn": row.learner.name, "Hold": row.hold_name or "–",
                    "Forløb": row.track_title}
            cells = [Content(cut(visible(text[label]), widths[label]))
                     for label, _ in columns if label in text]
            table.add_row(*cells, f"{row.modules_done}/{row.modules_total}",
                          f"{row.percent_done} %", Content(status), key=row.learner.id)
        if cursor and self.report.rows:
            table.move_cursor(row=min(cursor, len(self.report.rows) - 1))

    def action_track(self) -> None:
        ids = [None] + [t.id for t in self.app.course.tracks]
        self.track = ids[(ids.index(self.track) + 1) % len(ids)]
        self.refresh_report()

    def action_export(self) -> None:
        from course.files import atomic_write_text

        stamp = datetime.now(UTC).astimezone().strftime("%Y-%m-%d-%H%M%S")
        try:
            folder = self.app.store.path("rapporter")  # never out of the data folder
            path = self.app.store.path("rapporter",
                                       f"rapport-{self._file_scope()}-{self.track or 'alle'}-"
                                       f"{stamp}.csv")
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, render(self.report, "csv"))
        except OSError as exc:
            self.notify(f"Rapporten kunne ikke gemmes: {danish_reason(exc)}", severity="error",
                        markup=False)
            return
        if self.app.serve:  # in a browser the folder is on the server: hand the file over
            self.app.deliver_binary(path, save_filename=path.name, mime_type="text/csv")
            self.notify("Rapporten hentes i din browser (CSV til regneark).", timeout=10,
                        markup=False)
            return
        self.notify(str(path), title="Rapporten er gemt (CSV til regneark)", timeout=15,
                    markup=False)

    def _file_scope(self) -> str:
        """The report's scope as a file name knows it: the hold's name (»9.B Gildbro
        Skole 2026/27« -> ``9-b-gildbro-skole-2026-27``), the teacher's name, or ``alle``;
        only a-z, 0-9 and hyphens, so it is safe on every file system."""
        from course.certificates.service import slug

        name = None
        if self.hold is not None:
            try:
                hold = self.app.holds.hold(self.hold)
            except HoldProblem:
                hold = None
            name = hold.name if hold is not None else None
        elif self.account is not None:
            name = self.account.name
        return (slug(name) if name else "") or ("hold" if self.hold else "alle")

    def _selected(self):
        table = self.query_one("#learner-table", DataTable)
        if not self.report.rows or table.cursor_row is None:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((r.learner for r in self.report.rows if r.learner.id == key), None)

    def action_learner(self) -> None:
        """What a teacher can do for the marked learner (Enter on a row does the same)."""
        learner = self._selected()
        if learner is None:
            return
        if not self._may_manage(learner):
            self.notify("Du kan kun ændre deltagere på dine egne hold.", severity="warning",
                        markup=False)
            return

        def chosen(action: str | None) -> None:
            if action == "reset":
                self._confirm_reset(learner)
            elif action == "unlock":
                self._unlock(learner)
            elif action == "delete":
                self._confirm_delete(learner)

        row = next((r for r in self.report.rows if r.learner.id == learner.id), None)
        self.app.push_screen(LearnerActions(learner.name, certificate_lines(row)), chosen)

    def _may_manage(self, learner) -> bool:
        if self.account is None:
            return True
        try:
            own = {h.id for h in self.app.holds.holds(self.owner)}
        except HoldProblem:
            return False
        return learner.hold in own

    def _confirm_reset(self, learner) -> None:
        from .confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._reset(learner)

        self.app.push_screen(ConfirmDialog(
            f"Nulstil pinkoden for {visible(learner.name)}?",
            "Den gamle pinkode holder op med at virke. Du får en engangskode, som kun vises "
            "denne ene gang: giv den til deltageren, som skriver den ved næste login og "
            "vælger en ny pinkode. Indtil da kan ingen andre bruge navnet.",
            "Nulstil"), answered)

    def _reset(self, learner) -> None:
        try:
            code = self.app.store.record(learner).reset_pin()
            self.app.guard.clear(f"pin:{learner.id}")
        except DamagedRecordError as error:
            self.app.report_damage(error)
            return
        except (OSError, ValueError) as exc:
            reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
            self.notify(f"Pinkoden kunne ikke nulstilles: {reason}", severity="error",
                        markup=False)
            return
        self.notify(f"Engangskode til {visible(learner.name)}: {code}\n"
                    "Den gælder ét login; derefter vælger deltageren en ny pinkode.",
                    title="Pinkoden er nulstillet", timeout=120, markup=False)

    def _unlock(self, learner) -> None:
        try:
            self.app.guard.clear(f"pin:{learner.id}")
        except OSError as exc:
            self.notify(f"Deltageren kunne ikke låses op: {danish_reason(exc)}",
                        severity="error", markup=False)
            return
        self.notify(f"{visible(learner.name)} kan prøve sin pinkode igen nu. Pinkoden er "
                    "ikke ændret.", markup=False)

    def _confirm_delete(self, learner) -> None:
        from .confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(learner)

        self.app.push_screen(ConfirmDialog(
            f"Slet {visible(learner.name)}?",
            "Alt om deltageren bliver slettet: fremskridt, svar, kursusbeviser i "
            "datamappen og sikkerhedskopier. Det kan ikke fortrydes.", "Slet"), answered)

    def _delete(self, learner) -> None:
        from progress.store import PartlyDeleted

        try:
            removed = self.app.store.delete_learner(learner)  # the CLI's erasure
            self.app.guard.clear(f"pin:{learner.id}")
        except PartlyDeleted as exc:
            self.notify(f"{visible(learner.name)} er kun delvis slettet: {exc.message}",
                        severity="error", timeout=20, markup=False)
            self.refresh_report()
            return
        except OSError as exc:
            self.notify(f"{visible(learner.name)} kan ikke slettes: {danish_reason(exc)}",
                        severity="error", markup=False)
            return
        files = "fil" if len(removed) == 1 else "filer"
        self.notify(f"{visible(learner.name)} er slettet ({len(removed)} {files}).",
                    markup=False)
        self.refresh_report()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_learner()

    def action_holds(self) -> None:
        from .holds import HoldsScreen

        def chosen(hold_id: str | None) -> None:
            if hold_id is not None:
                self.hold = hold_id or None  # "" shows every hold again
            self.refresh_report()

        self.app.push_screen(HoldsScreen(self.account), chosen)

    def action_stats(self) -> None:
        from .stats import StatsScreen

        holds, scope = self._scope()
        self.app.push_screen(StatsScreen(self.account, holds, self.track, scope))

    def action_leave(self) -> None:
        self.app.pop_screen()


class LearnerActions(ModalScreen[str | None]):
    """One learner's certificates, as the learner's own page words them; then reset the
    PIN, unlock, or delete the learner. Dismissed with the action or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("n", "pick('reset')", "Nulstil", tooltip="Ny engangskode i stedet for "
                "pinkoden", id="reset"),
        Binding("l", "pick('unlock')", "Lås op", tooltip="Glem de forkerte forsøg; "
                "pinkoden er uændret", id="unlock"),
        Binding("s", "pick('delete')", "Slet", tooltip="Slet deltageren og alt om "
                "deltageren", id="delete"),
        Binding("escape", "pick('')", "Fortryd", tooltip="Luk uden at gøre noget",
                id="cancel"),
    ]

    def __init__(self, name: str, certificates: list[str] | None = None) -> None:
        super().__init__()
        self.learner_name = name
        self.certificates = certificates or []  # the learner's certificate lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.learner_name), classes="dialog-title")
            if self.certificates:
                yield Static(Content("\n").join(plain(line) for line in self.certificates),
                             id="learner-certificates")
            yield Static("Hvad vil du gøre?", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Nulstil pinkode", variant="primary", id="reset", compact=True)
                yield Button("Lås op", id="unlock", compact=True)
                yield Button("Slet", id="delete", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#reset", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_pick("" if event.button.id == "cancel" else event.button.id or "")

    def action_pick(self, action: str) -> None:
        self.dismiss(action or None)
