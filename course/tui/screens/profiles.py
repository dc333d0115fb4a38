"""The first screen: who is learning? Pick a learner or make a new one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from progress import DamagedRecordError, InvalidName, Learner

from ..text import plain, visible


class ProfileScreen(Screen[None]):
    """A list of the learners on this machine, and a way to add one."""

    BINDINGS = [
        Binding("n", "new", "Ny deltager", tooltip="Opret en ny deltager", id="new"),
        Binding("enter", "choose", "Vælg", tooltip="Fortsæt som den valgte deltager", id="choose"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles"):
            yield Static("Velkommen til kurset i Ishøj Kommunes medborgerpolitik.", id="welcome")
            yield Static("Vælg dit navn med piletasterne og tryk Enter, eller tryk N for at "
                         "oprette dig som ny deltager.", id="profiles-hint", classes="hint")
            table: DataTable[Text] = DataTable(id="learners", cursor_type="row", zebra_stripes=True)
            table.add_column("Navn", key="name")
            table.add_column("Forløb", key="track")
            table.add_column("Fremskridt", key="progress")
            yield table
            yield Static("Der er ingen deltagere endnu. Tryk N for at oprette dig.", id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_learners()

    def refresh_learners(self) -> None:
        learners = self.app.store.learners()
        self.app.show_notices()
        self._learners = {learner.id: learner for learner in learners}
        table = self.query_one("#learners", DataTable)
        table.clear()
        for learner in learners:
            track = self._track_title(learner.track)
            table.add_row(Text(visible(learner.name)), Text(track), Text("…"), key=learner.id)
        table.display = bool(learners)
        self.query_one("#empty").display = not learners
        if learners:
            table.focus()
        self._load_progress(learners)

    def _track_title(self, track_id: str) -> str:
        try:
            return self.app.course.track(track_id).title
        except KeyError:
            return f"{track_id} (findes ikke længere)"

    @work(thread=True, exclusive=True, group="progress")
    def _load_progress(self, learners: list[Learner]) -> None:
        """Each learner's progress, read from their own file off the UI thread."""
        from course.engine.progress import track_progress

        course = self.app.course
        for learner in learners:
            try:
                seen = self.app.store.record(learner).pages_seen()
                text = f"{track_progress(course, learner.track, seen).fraction:.0%}"
            except DamagedRecordError:
                text = "kunne ikke læses"
            except KeyError:
                text = "–"
            self.app.call_from_thread(self._set_progress, learner.id, text.replace("%", " %"))

    def _set_progress(self, learner_id: str, text: str) -> None:
        table = self.query_one("#learners", DataTable)
        if learner_id in table.rows:
            table.update_cell(learner_id, "progress", Text(text))

    def action_choose(self) -> None:
        table = self.query_one("#learners", DataTable)
        if not table.row_count:
            self.action_new()
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._sign_in(self._learners[key])

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._sign_in(self._learners[event.row_key.value])

    def _sign_in(self, learner: Learner) -> None:
        if learner.track not in {t.id for t in self.app.course.tracks}:
            self.notify("Dette forløb findes ikke længere i kurset. Opret en ny deltager.",
                        severity="error", markup=False)
            return
        self.app.sign_in(learner)

    def action_new(self) -> None:
        def created(learner: Learner | None) -> None:
            if learner is not None:
                self.refresh_learners()
                self.app.sign_in(learner)

        self.app.push_screen(NewLearnerScreen(), created)


class NewLearnerScreen(ModalScreen[Learner | None]):
    """Type a name, choose a track."""

    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at oprette", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="new-learner", classes="dialog"):
            yield Static("Ny deltager", classes="dialog-title")
            yield Label("Dit navn (det vises kun her og på dit kursusbevis):")
            yield Input(placeholder="Skriv dit navn", max_length=60, id="name")
            yield Label("Vælg dit forløb:")
            tracks = OptionList(
                *(
                    Option(plain(f"{t.title}\n  {t.description}"), id=t.id)
                    for t in self.app.course.tracks
                ),
                id="tracks",
            )
            tracks.highlighted = 0
            yield tracks
            yield Static("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Opret", variant="primary", id="create")
                yield Button("Fortryd", id="cancel")

    @on(Input.Submitted)
    def _name_submitted(self) -> None:
        self.query_one("#tracks").focus()

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#create")
    def _create(self, event: object) -> None:
        if isinstance(event, OptionList.OptionSelected):
            event.stop()
        name_input = self.query_one("#name", Input)
        tracks = self.query_one("#tracks", OptionList)
        error = self.query_one("#name-error", Static)
        if tracks.highlighted is None:
            error.update("Vælg et forløb på listen.")
            tracks.focus()
            return
        track_id = tracks.get_option_at_index(tracks.highlighted).id
        try:
            learner = self.app.store.create_learner(name_input.value, track_id)
        except InvalidName as exc:
            error.update(plain(str(exc)))
            name_input.focus()
            return
        except OSError as exc:
            error.update(plain(f"Deltageren kunne ikke gemmes: {exc.strerror or exc}"))
            return
        self.dismiss(learner)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
