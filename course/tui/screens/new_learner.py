"""Making a new learner: a name as typed, and a track from the manifest.

In a hold (a browser), the name and the PIN are asked for together and the learner is
made with the PIN in one write: Esc makes nobody, and no learner in a hold is ever on
file without a PIN (anyone with the hold's code could otherwise claim the name).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from progress import InvalidName, Learner
from progress.holds import Hold
from progress.passwords import PIN_MAX, PIN_RULE_SHORT, pin_problem

from ..text import plain, visible
from ..widgets.footer import CourseFooter

NAME_USE = ("Dit navn (det står på listen over deltagere, i lærerens og HR's oversigt og "
            "rapport og på dit kursusbevis):")


class NewLearnerScreen(ModalScreen[Learner | None]):
    """Type a name, choose a track (in a hold, the name only: the hold has a track)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at oprette", id="cancel"),
    ]

    def __init__(self, hold: Hold | None = None) -> None:
        super().__init__()
        self.hold = hold
        self._confirmed_name: str | None = None  # a same name the learner was warned about

    def compose(self) -> ComposeResult:
        with Vertical(id="new-learner", classes="dialog"):
            yield Static("Ny deltager", classes="dialog-title")
            yield from self._hold_fields() if self.hold is not None else self._fields()
            yield Static("", id="name-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Opret", variant="primary", id="create", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()  # at the foot of the screen, as on every screen

    def _hold_fields(self) -> ComposeResult:
        yield Static(plain(f"Dit navn (vises for holdet »{self.hold.name}«, din lærer og "
                           "på dit kursusbevis):"), classes="label")
        yield Input(placeholder="Skriv dit navn", id="name", compact=True)
        yield Label(f"Vælg en pinkode ({PIN_RULE_SHORT}) til at logge ind med:")
        yield Input(password=True, id="pin-1", compact=True, type="integer",
                    max_length=PIN_MAX)
        yield Label("Skriv pinkoden igen:")
        yield Input(password=True, id="pin-2", compact=True, type="integer",
                    max_length=PIN_MAX)

    def _fields(self) -> ComposeResult:
        # Where the name shows, truthfully: the learner list on this computer, the
        # teachers' and HR's view and their CSV report, and the certificate.
        yield Static(NAME_USE, classes="label")
        # No max_length: it would cut a long name without a word; the store refuses one
        # over 60 characters with a message that says so.
        yield Input(placeholder="Skriv dit navn", id="name", compact=True)
        yield Label("Vælg dit forløb (↑ ↓ og Enter):")
        tracks = OptionList(
            *(
                Option(
                    Content.assemble(
                        (visible(t.title), "bold"), "\n", (visible(t.description), "dim")
                    ),
                    id=t.id,
                )
                for t in self.app.course.tracks
            ),
            id="tracks",
            compact=True,
        )
        tracks.highlighted = 0
        yield tracks

    @on(Input.Submitted)
    def _name_submitted(self, event: Input.Submitted) -> None:
        if self.hold is not None:
            following = {"name": "#pin-1", "pin-1": "#pin-2"}.get(event.input.id or "")
            if following:
                self.query_one(following, Input).focus()
                return
            self._create(event)
            return
        self.query_one("#tracks").focus()

    @on(OptionList.OptionSelected)
    @on(Button.Pressed, "#create")
    def _create(self, event: object) -> None:
        if isinstance(event, OptionList.OptionSelected):
            event.stop()
        name_input = self.query_one("#name", Input)
        error = self.query_one("#name-error", Static)
        pin = None
        if self.hold is not None:
            track_id, hold_id = self.hold.track, self.hold.id
            pin = self._chosen_pin()
            if pin is None:
                return
        else:
            tracks = self.query_one("#tracks", OptionList)
            if tracks.highlighted is None:
                error.update("Vælg et forløb på listen.")
                tracks.focus()
                return
            track_id, hold_id = tracks.get_option_at_index(tracks.highlighted).id, None
        if hold_id is None and self._same_name_unconfirmed(name_input.value):
            return
        from progress.holds import HoldProblem

        try:
            if self.hold is not None:  # within the hold's limits, checked under the lock
                learner = self.app.holds.join(self.app.store, name_input.value, self.hold, pin)
            else:
                learner = self.app.store.create_learner(name_input.value, track_id, hold_id,
                                                        pin)
        except (InvalidName, HoldProblem) as exc:
            error.update(plain(str(exc)))
            name_input.focus()
            return
        except OSError as exc:
            from course.files import danish_reason

            error.update(plain(f"Deltageren kunne ikke gemmes: {danish_reason(exc)}"))
            return
        self.dismiss(learner)

    def _chosen_pin(self) -> str | None:
        """The PIN typed twice, or None after saying what is wrong (fields emptied)."""
        first, second = self.query_one("#pin-1", Input), self.query_one("#pin-2", Input)
        problem = pin_problem(first.value)
        if problem is None and second.value != first.value:
            problem = "De to pinkoder er ikke ens. Prøv igen."
        if problem is None:
            return first.value
        self.query_one("#name-error", Static).update(problem)
        first.value = second.value = ""
        first.focus()
        return None

    def _same_name_unconfirmed(self, typed: str) -> bool:
        """Warn once when the list has a learner of the same name (case does not count):
        it may be the learner, who should pick their name instead. A second Opret makes
        the new learner all the same (in a hold the store refuses a second name)."""
        name = typed.strip().casefold()
        if not name or name == self._confirmed_name:
            return False
        try:
            same = [l for l in self.app.store.learners() if l.name.casefold() == name]
        except OSError:
            return False
        if not same:
            return False
        self._confirmed_name = name
        self.query_one("#name-error", Static).update(plain(
            f"Der er allerede en deltager, der hedder »{same[0].name}«. Er det dig, så tryk "
            "Esc og vælg dit navn på listen. Ellers tryk Opret igen, eller skriv navnet, så "
            "det kan kendes fra det andet (fx med et efternavn)."))
        return True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
