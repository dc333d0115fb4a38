"""Holds and teacher accounts, from the teachers' view.

A teacher sees and manages only their own holds; the administrator sees every hold and
manages the teachers' accounts. Screens return results: the holds screen dismisses with
the id of the hold to show ("" for all), or None.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from progress.holds import ADMIN, Account, Hold, HoldProblem

from ..text import plain, visible
from ..widgets.footer import CourseFooter


def _day(iso: str) -> str:
    return iso[:10]


CODE_WIDTH = 26


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class HoldsScreen(Screen[str | None]):
    CSS_PATH = "teacher.tcss"
    BINDINGS = [
        Binding("enter", "show", "Vis holdet", tooltip="Vis kun dette hold i oversigten",
                id="show"),
        Binding("n", "new", "Opret", tooltip="Opret et nyt hold med sin egen kode", id="new"),
        Binding("r", "renew", "Kode", tooltip="Giv holdet en ny kode; den gamle holder op "
                "med at virke", id="renew"),
        # Not in the footer (it would need 87 columns); named in the hint above the table
        # and in the help (F1).
        Binding("p", "cap", "Plads", tooltip="Hvor mange deltagere holdet højst kan få",
                id="cap", show=False),
        Binding("a", "all", "Alle", tooltip="Vis alle dine hold i oversigten", id="all"),
        Binding("b", "certificates", "Bevis", tooltip="Udsted kursusbeviser til alle på "
                "holdet, der har gjort forløbet færdigt og ikke har et (og en ZIP til HR)",
                id="certificates"),
        Binding("k", "accounts", "Konti", tooltip="Lærernes og HR's konti (kun administratoren)",
                id="accounts"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage til oversigten", id="leave"),
    ]

    def __init__(self, account: Account | None) -> None:
        super().__init__()
        self.account = account
        self.holds: list[Hold] = []

    @property
    def owner(self) -> str:
        return self.account.id if self.account else ADMIN

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accounts":
            return self.account is None
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hold", classes="heading", id="holds-heading")
        yield Static("Giv eleverne eller kollegerne holdets kode. De skriver den, når de "
                     "åbner kurset i browseren. Enter viser kun det markerede hold i "
                     "oversigten; P giver holdet plads til flere deltagere.", classes="hint", id="holds-hint")
        yield DataTable(id="holds-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="holds-empty")
        yield CourseFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # A code is at most 26 characters (three words and two digits): it must show
        # whole, so the hold's name and the track give way at 80 columns.
        for label, width in (("Hold", 17), ("Forløb", 10), ("Kode", CODE_WIDTH), ("Antal", 7),
                             ("Udløber", 10)):
            table.add_column(label, width=width)
        self.refresh_holds()
        table.focus()

    def refresh_holds(self) -> None:
        try:
            self.holds = self.app.holds.holds(self.owner)
        except HoldProblem as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.holds = []
        counts: dict[str, int] = {}
        for learner in self.app.store.learners():
            if learner.hold:
                counts[learner.hold] = counts.get(learner.hold, 0) + 1
        table = self.query_one(DataTable)
        table.clear()
        for hold in self.holds:
            try:
                track = self.app.course.track(hold.track).title
            except KeyError:
                track = hold.track
            expires = "udløbet" if hold.expired() else _day(hold.code_expires)
            table.add_row(Content(_cut(visible(hold.name), 17)), Content(_cut(visible(track), 10)),
                          Content(hold.code), f"{counts.get(hold.id, 0)}/{hold.learner_cap}",
                          expires, key=hold.id)
        self._counts = counts
        self.query_one("#holds-empty", Static).update(
            "" if self.holds else "Du har ingen hold endnu. Tryk N for at oprette et.")

    def _selected(self) -> Hold | None:
        table = self.query_one(DataTable)
        if not self.holds or table.cursor_row is None:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((h for h in self.holds if h.id == key), None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show()

    def action_show(self) -> None:
        hold = self._selected()
        if hold is not None:
            self.dismiss(hold.id)

    def action_all(self) -> None:
        self.dismiss("")

    def action_new(self) -> None:
        def created(hold: Hold | None) -> None:
            if hold is not None:
                self.refresh_holds()
                self.notify(f"Holdets kode er {hold.code}", title=f"{visible(hold.name)} er oprettet",
                            timeout=20, markup=False)

        self.app.push_screen(NewHoldDialog(self.owner), created)

    def action_renew(self) -> None:
        hold = self._selected()
        if hold is None:
            return
        from .confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                renewed = self.app.holds.renew_code(hold.id)
            except HoldProblem as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.refresh_holds()
            self.notify(f"Den nye kode er {renewed.code}", title="Koden er skiftet", timeout=20,
                        markup=False)

        self.app.push_screen(ConfirmDialog(
            f"Ny kode til {visible(hold.name)}?",
            f"Den gamle kode ({hold.code}) holder op med at virke med det samme. Deltagere, "
            "der allerede er logget ind, kan fortsætte.", "Ny kode"), confirmed)

    def action_cap(self) -> None:
        """Room for more learners in the hold (each new one counts; see progress.holds)."""
        hold = self._selected()
        if hold is None:
            return

        def chosen(count: int | None) -> None:
            if count is None:
                return
            self.refresh_holds()
            self.notify(f"{visible(hold.name)} kan nu have {count} deltagere.", markup=False)

        self.app.push_screen(CapDialog(hold), chosen)

    def action_certificates(self) -> None:
        """Issue certificates for the marked hold (after a confirm), off the UI thread."""
        hold = self._selected()
        if hold is None or getattr(self, "batching", False):
            return
        from .confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.batching = True
                self.notify("Kursusbeviserne bliver udstedt … Det tager et par sekunder pr. "
                            "deltager.", markup=False)
                self._issue_hold(hold)

        self.app.push_screen(ConfirmDialog(
            f"Udsted kursusbeviser til {visible(hold.name)}?",
            "Alle på holdet, der har gjort forløbet færdigt og ikke har et kursusbevis endnu, "
            "får et nu. Dem, der har et, får ikke et til. PDF'erne samles i en ZIP-fil til HR.",
            "Udsted"), confirmed)

    @work(thread=True, exclusive=True, group="batch")
    def _issue_hold(self, hold: Hold) -> None:
        from course.certificates.keys import KeyProblem
        from course.certificates.service import issue_hold
        from course.certificates.status import StatusProblem
        from course.files import danish_reason

        from .certificate import FOLDER

        app = self.app
        try:
            batch = issue_hold(app.course, app.store, hold.id, app.store.path(FOLDER))
        except (LookupError, ValueError, KeyProblem, StatusProblem) as exc:
            app.call_from_thread(self._batch_done, None, str(exc))
        except OSError as exc:
            app.call_from_thread(self._batch_done, None, danish_reason(exc))
        else:
            app.call_from_thread(self._batch_done, batch, None)

    def _batch_done(self, batch, problem: str | None) -> None:
        self.batching = False
        if batch is None:
            self.notify(f"Kursusbeviserne kunne ikke udstedes: {problem}", severity="error",
                        timeout=20, markup=False)
            return
        lines = [line.text for line in batch.lines] or ["Holdet har ingen deltagere."]
        if batch.zip_path is not None:
            if self.app.serve:  # in a browser the folder is on the server: hand the ZIP over
                self.app.deliver_binary(batch.zip_path, save_filename=batch.zip_path.name,
                                        mime_type="application/zip")
                lines.append("ZIP-filen med PDF'erne hentes i din browser.")
            else:
                lines.append(f"ZIP-fil til HR: {self.app.store.shown_path(str(batch.zip_path))}")
        self.notify("\n".join(visible(line) for line in lines), title=visible(batch.summary),
                    timeout=60, markup=False)

    def action_accounts(self) -> None:
        if self.account is None:
            self.app.push_screen(AccountsScreen())

    def action_leave(self) -> None:
        self.dismiss(None)


class CapDialog(ModalScreen[int | None]):
    """The most learners a hold can have: a whole number, saved on OK."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at ændre noget", id="cancel"),
    ]

    def __init__(self, hold: Hold) -> None:
        super().__init__()
        self.hold = hold

    def compose(self) -> ComposeResult:
        from progress.holds import MAX_LEARNERS_LIMIT

        with Vertical(classes="dialog"):
            yield Static(plain(f"Plads på {self.hold.name}"), classes="dialog-title")
            yield Static(f"Holdet kan nu have {self.hold.learner_cap} deltagere. Skriv et nyt "
                         f"antal (1 til {MAX_LEARNERS_LIMIT}). Flere pladser gør det lettere "
                         "for en fremmed med koden at oprette opdigtede navne.", classes="hint")
            yield Input(str(self.hold.learner_cap), id="cap", compact=True, type="integer",
                        max_length=3)
            yield Static("", id="cap-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Gem", variant="primary", id="save", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        field = self.query_one("#cap", Input)
        try:
            count = int(field.value or "0")
            self.app.holds.set_max_learners(self.hold.id, count)
        except (ValueError, HoldProblem) as exc:
            from progress.holds import MAX_LEARNERS_LIMIT

            message = str(exc) if isinstance(exc, HoldProblem) else \
                f"Skriv et antal fra 1 til {MAX_LEARNERS_LIMIT}."
            self.query_one("#cap-error", Static).update(plain(message))
            return
        self.dismiss(count)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NewHoldDialog(ModalScreen[Hold | None]):
    """A hold's name and its track."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at oprette", id="cancel")]

    def __init__(self, owner: str) -> None:
        super().__init__()
        self.owner = owner

    def compose(self) -> ComposeResult:
        with Vertical(id="new-learner", classes="dialog"):
            yield Static("Nyt hold", classes="dialog-title")
            yield Label("Holdets navn, fx »8.A Vejleå Skole 2026/27« eller »Introforløb januar 2027«:")
            yield Input(placeholder="Holdets navn", id="name", compact=True)  # over 60: refused, said
            yield Label("Holdets forløb (↑ ↓ og Enter):")
            tracks = OptionList(*(Option(plain(t.title), id=t.id) for t in self.app.course.tracks),
                                id="tracks", compact=True)
            tracks.highlighted = 0
            yield tracks
            yield Static("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Opret", variant="primary", id="create", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()

    @on(Input.Submitted)
    def _name_submitted(self) -> None:
        self.query_one("#tracks").focus()

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#create")
    def _create(self, event: object) -> None:
        if isinstance(event, OptionList.OptionSelected):
            event.stop()
        tracks = self.query_one("#tracks", OptionList)
        if tracks.highlighted is None:
            return
        try:
            hold = self.app.holds.create_hold(self.query_one("#name", Input).value,
                                              tracks.get_option_at_index(tracks.highlighted).id,
                                              self.owner)
        except HoldProblem as exc:
            self.query_one("#name-error", Static).update(plain(str(exc)))
            self.query_one("#name", Input).focus()
            return
        self.dismiss(hold)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AccountsScreen(Screen[None]):
    """The administrator's list of teacher accounts."""

    CSS_PATH = "teacher.tcss"
    BINDINGS = [
        Binding("n", "new", "Ny konto", tooltip="Opret en konto til en lærer eller HR", id="new"),
        Binding("f", "passphrase", "Ny adgangsfrase",
                tooltip="Giv den markerede konto en ny adgangsfrase (glemt frase)", id="passphrase"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage til oversigten", id="leave"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Lærernes og HR's konti", classes="heading")
        yield Static("En lærer ser kun sine egne hold. Administratoren ser alt.", classes="hint")
        yield DataTable(id="accounts-table", cursor_type="row", zebra_stripes=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Navn", width=40)
        table.add_column("Hold", width=6)
        table.add_column("Oprettet", width=10)
        self.refresh_accounts()
        table.focus()

    def refresh_accounts(self) -> None:
        try:
            self.accounts = self.app.holds.accounts()
            holds = self.app.holds.holds()
        except HoldProblem as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.accounts, holds = [], []
        table = self.query_one(DataTable)
        table.clear()
        for account in self.accounts:
            owned = sum(1 for h in holds if h.owner == account.id)
            table.add_row(Content(visible(account.name)), str(owned), _day(account.created),
                          key=account.id)

    def _selected(self) -> Account | None:
        table = self.query_one(DataTable)
        if not self.accounts or table.cursor_row is None:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((a for a in self.accounts if a.id == key), None)

    def action_new(self) -> None:
        self.app.push_screen(NewAccountDialog(), lambda _: self.refresh_accounts())

    def action_passphrase(self) -> None:
        account = self._selected()
        if account is None:
            return
        from .secret import SecretDialog

        def change(text: str) -> str | None:
            try:
                self.app.holds.set_account_passphrase(account.id, text)
            except HoldProblem as exc:
                return str(exc)
            self.app.guard.clear(f"frase:{account.id}")
            return None

        self.app.push_screen(SecretDialog(
            f"Ny adgangsfrase til {visible(account.name)}",
            "Vælg en ny adgangsfrase (mindst 8 tegn), og giv den til personen selv.",
            "Ny adgangsfrase:", check=change, confirm=True),
            lambda text: self.notify("Adgangsfrasen er skiftet.") if text else None)

    def action_leave(self) -> None:
        self.app.pop_screen()


class NewAccountDialog(ModalScreen[Account | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at oprette", id="cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="new-learner", classes="dialog"):
            yield Static("Ny konto til en lærer eller HR", classes="dialog-title")
            yield Label("Navn:")
            yield Input(id="name", compact=True)  # over 60: refused with the limit, not cut
            yield Label("Adgangsfrase (mindst 8 tegn):")
            yield Input(password=True, id="secret-1", compact=True)
            yield Label("Skriv det samme igen:")
            yield Input(password=True, id="secret-2", compact=True)
            yield Static("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Opret", variant="primary", id="create", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        order = ["name", "secret-1", "secret-2"]
        if event.input.id != "secret-2":
            self.query_one(f"#{order[order.index(event.input.id) + 1]}", Input).focus()
            return
        self._create()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        error = self.query_one("#name-error", Static)
        first = self.query_one("#secret-1", Input).value
        if first != self.query_one("#secret-2", Input).value:
            error.update("De to adgangsfraser er ikke ens. Prøv igen.")
            return
        try:
            account = self.app.holds.create_account(self.query_one("#name", Input).value, first)
        except HoldProblem as exc:
            error.update(plain(str(exc)))
            return
        self.dismiss(account)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
