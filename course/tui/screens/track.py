"""Changing track: the learner picks another track; the course map confirms what carries
over (:func:`course.engine.progress.track_change`) and the store moves the learner."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import visible
from ..widgets.footer import CourseFooter


class TrackDialog(ModalScreen[str | None]):
    """The course's tracks, the learner's own marked; dismissed with the chosen track's
    id (None: no change)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Fortryd", tooltip="Luk uden at skifte", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        current = self.app.learner.track
        with Vertical(classes="dialog"):
            yield Static("Skift forløb", classes="dialog-title")
            yield Static("Vælg det forløb, du vil følge (↑ ↓ og Enter). Du ser bagefter, "
                         "hvad du tager med.", classes="hint")
            options = []
            for track in self.app.course.tracks:
                mark = " (dit nu)" if track.id == current else ""
                options.append(Option(Content.assemble(
                    (visible(track.title) + mark, "bold"), "\n",
                    (visible(track.description), "dim")), id=track.id))
            tracks = OptionList(*options, id="tracks", compact=True)
            tracks.highlighted = next((i for i, t in enumerate(self.app.course.tracks)
                                       if t.id != current), 0)
            yield tracks
        yield CourseFooter()

    @on(OptionList.OptionSelected, "#tracks")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        self.dismiss(None if chosen == self.app.learner.track else chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
