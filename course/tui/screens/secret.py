"""A small dialog for a secret: a learner's PIN or the teachers' passphrase.

The typed text is hidden. With ``confirm`` it is asked for twice (setting a new one).
``check`` returns a Danish message when the text is not accepted (the dialog then stays
open and says why), or None; the dialog is dismissed with the text, or None on Esc.
With ``ask_name`` a name field comes first (a teacher signing in), and ``check`` is called
with the text and the name.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..text import plain
from ..widgets.footer import CourseFooter


class SecretDialog(ModalScreen[str | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at gøre noget", id="cancel"),
    ]

    def __init__(self, title: str, explanation: str, label: str, *,
                 check: Callable[..., str | None], confirm: bool = False,
                 digits_only: bool = False, max_length: int = 0,
                 ask_name: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.label = label
        self.check = check
        self.confirm = confirm
        self.digits_only = digits_only
        self.max_length = max_length
        self.ask_name = ask_name

    def compose(self) -> ComposeResult:
        kind = "integer" if self.digits_only else "text"
        with Vertical(id="secret", classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.explanation), classes="hint")
            if self.ask_name:
                yield Label("Dit navn (tomt for administratoren):")
                yield Input(id="secret-name", compact=True, max_length=60)
            yield Label(plain(self.label))
            yield Input(password=True, id="secret-1", compact=True, type=kind,
                        max_length=self.max_length)
            if self.confirm:
                yield Label("Skriv det samme igen:")
                yield Input(password=True, id="secret-2", compact=True, type=kind,
                            max_length=self.max_length)
            yield Static("", id="secret-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok", compact=True)
                yield Button("Fortryd", id="cancel", compact=True)
        yield CourseFooter()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "secret-name":
            self.query_one("#secret-1", Input).focus()
            return
        if self.confirm and event.input.id == "secret-1":
            self.query_one("#secret-2", Input).focus()
            return
        self._ok()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        first = self.query_one("#secret-1", Input)
        error = self.query_one("#secret-error", Static)
        text = first.value
        if self.confirm and self.query_one("#secret-2", Input).value != text:
            error.update("De to felter er ikke ens. Prøv igen.")
            self.query_one("#secret-2", Input).value = ""
            self.query_one("#secret-2", Input).focus()
            return
        if self.ask_name:
            problem = self.check(text, self.query_one("#secret-name", Input).value)
        else:
            problem = self.check(text)
        if problem:
            error.update(plain(problem))
            first.value = ""
            if self.confirm:
                self.query_one("#secret-2", Input).value = ""
            first.focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
