"""The course's footer: every key the screen offers, with its Danish label, in one line.

Textual's Footer builds one widget per key and rebuilds them all whenever the bindings
change, which they do on nearly every key press here (focus moves, an answer enables
"Næste"). Measured with bench/keypress.py that cost about 7 ms a key press, and the
extra widgets slowed the first screen too. This footer is one widget that re-renders
its line from ``screen.active_bindings``: keys in the accent colour, a greyed-out key
when it is not available now, and a click on a key presses it, as in Textual's Footer.

Ctrl+P (the command palette) is left out to make room; it is in the help (F1) and the
palette also opens from the ⭘ in the Header.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class CourseFooter(Widget):
    DEFAULT_CSS = """
    CourseFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        link-color: $footer-key-foreground;
        link-background: transparent;
        link-style: bold not underline;
        link-color-hover: $footer-key-foreground;
        link-background-hover: $footer-background;
        link-style-hover: bold reverse not underline;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._line = Content("")
        self._state: tuple = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._update_line()

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self._update_line()

    def _update_line(self) -> None:
        """One entry per action (its first key), in the order the bindings are declared."""
        shown: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action != "app.command_palette":
                shown.setdefault(binding.action, (binding, enabled))
        # Compared by key, label and availability: Content compares text only, and a key
        # that becomes available keeps its text.
        state = tuple((binding.key, binding.description, enabled)
                      for binding, enabled in shown.values())
        if state == self._state:
            return
        self._state = state
        parts: list[Content] = []
        for binding, enabled in shown.values():
            key = self.app.get_key_display(binding)
            if enabled:  # the key is a link: its colour and hover come from the CSS
                first_key = binding.key.split(",")[0]
                click = Style.from_meta({"@click": ("app.simulate_key", (first_key,))})
                parts.append(Content.assemble(Content(key).stylize(click), " ",
                                              binding.description))
            else:
                parts.append(Content.assemble((f"{key} {binding.description}", "dim")))
        self._line = Content(" ").join(parts)
        self.refresh()

    def render(self) -> RenderResult:
        return self._line
