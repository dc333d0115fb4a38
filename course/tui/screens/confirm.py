"""A yes/no question before something that cannot be undone; dismissed with True or False."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..text import plain
from ..widgets.footer import CourseFooter


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("j", "yes", "Ja", tooltip="Gør det", id="yes"),
        Binding("escape", "no", "Fortryd", tooltip="Luk uden at gøre noget", id="no"),
    ]

    def __init__(self, title: str, explanation: str, yes_label: str = "Ja") -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.explanation), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(plain(self.yes_label), variant="primary", id="yes", compact=True)
                yield Button("Fortryd", id="no", compact=True)
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
