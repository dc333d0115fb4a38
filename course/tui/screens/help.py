"""Help: every key that works on the screen below, with what it does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ..widgets.footer import CourseFooter

HELP_WIDTH = 72  # inside the dialog (76 wide, with border and padding)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Luk", tooltip="Luk hjælpen", id="close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = self._bindings_of(under)

    def _bindings_of(self, screen: Screen) -> list[tuple[str, str, str]]:
        """(keys, label, tooltip) for every action reachable on ``screen``, once each."""
        seen: dict[tuple[str, str], list[str]] = {}
        tips: dict[tuple[str, str], str] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            # Only the course's own commands (declared with an id); widget internals such
            # as scrolling are summed up in Danish below.
            if binding.system or not binding.description or binding.id is None:
                continue
            ident = (binding.action, binding.description)
            display = self.app.get_key_display(binding)
            seen.setdefault(ident, [])
            if display not in seen[ident]:
                seen[ident].append(display)
            tips[ident] = tips.get(ident) or binding.tooltip
        rows = [(" / ".join(keys), ident[1], tips[ident]) for ident, keys in seen.items()]
        rows += [
            ("↑ ↓", "Flyt", "Flyt i en liste, eller rul teksten"),
            ("Tab / Shift+Tab", "Skift felt", "Næste eller forrige felt"),
            ("Enter", "Vælg", "Vælg det markerede"),
            ("^p", "Kommandoer", "Søg efter en kommando"),
        ]
        return rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Taster", classes="dialog-title")
            table: DataTable[Text] = DataTable(id="keys", cursor_type="none", show_cursor=False)
            # The explanation takes the rest of the dialog's width and wraps in it.
            keys_width = max(len("Tast"), *(len(r[0]) for r in self.rows))
            label_width = max(len("Handling"), *(len(r[1]) for r in self.rows))
            rest = max(20, HELP_WIDTH - keys_width - label_width - 3 * 2)
            table.add_column("Tast", width=keys_width)
            table.add_column("Handling", width=label_width)
            table.add_column("Forklaring", width=rest)
            for keys, label, tip in self.rows:
                table.add_row(Text(keys, style="bold"), Text(label), Text(tip), height=None)
            yield table
            yield Static("Luk med Esc. Alt du gør, gemmes med det samme.", classes="hint")
        yield CourseFooter()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
