"""The course map: every module of the learner's track, its state, and "Fortsæt"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from course.engine.progress import ModuleState, resume_point, track_progress
from progress import DamagedRecordError

from ..text import plain, visible


# Colour only repeats what the icon and the word already say.
STATE_STYLE = {
    ModuleState.NOT_STARTED: "dim",
    ModuleState.IN_PROGRESS: "$warning",
    ModuleState.DONE: "$success",
}


class CourseMapScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Åbn modul", tooltip="Læs det valgte modul", id="open", show=False),
        Binding("f", "resume", "Fortsæt", tooltip="Gå til siden, hvor du slap", id="resume"),
        Binding("s", "switch", "Skift deltager", tooltip="Tilbage til listen over deltagere",
                id="switch"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="map"):
            yield Static(id="greeting")
            yield ProgressBar(id="overall", show_eta=False)
            yield Static(id="summary", classes="hint")
            yield OptionList(id="modules")
            yield Static(id="resume-hint", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_map()

    def on_screen_resume(self) -> None:
        self.refresh_map()

    def refresh_map(self) -> None:
        app = self.app
        learner, course = app.learner, app.course
        try:
            seen, position = app.record.snapshot()
        except DamagedRecordError as error:
            app.report_damage(error)
            seen, position = {}, None
        track = course.track(learner.track)
        progress = track_progress(course, track.id, seen)
        self._resume = resume_point(
            course, track.id, (position.module, position.page) if position else None, seen
        )

        self.query_one("#greeting", Static).update(
            Content.from_markup("Hej, [b]$name[/b]!  Forløb: $track", name=visible(learner.name),
                                track=track.title)
        )
        bar = self.query_one("#overall", ProgressBar)
        bar.update(total=100, progress=round(progress.fraction * 100))
        total = len(progress.modules)
        self.query_one("#summary", Static).update(
            f"{progress.done} af {total} moduler færdige · {progress.fraction:.0%} af siderne læst"
            .replace("%", " %")
        )

        modules = self.query_one("#modules", OptionList)
        highlighted = modules.highlighted
        modules.clear_options()
        width = len(max((s.label for s in ModuleState), key=len))
        for number, item in enumerate(progress.modules, start=1):
            prompt = Content.assemble(
                (f"{item.state.icon} {item.state.label:<{width}}  ", STATE_STYLE[item.state]),
                f"{number:>2}. ",
                (item.module.title, "bold"),
                (f"  {item.pages_seen}/{item.pages_total} sider", "dim"),
            )
            modules.add_option(Option(prompt, id=item.module.id))
        resume_index = next(
            (i for i, m in enumerate(progress.modules) if m.module.id == self._resume[0]), 0
        )
        modules.highlighted = highlighted if highlighted is not None else resume_index
        modules.focus()

        module = course.module(self._resume[0])
        verb = "fortsætte" if position else "begynde"
        self.query_one("#resume-hint", Static).update(
            plain(f"Tryk F for at {verb}: {module.title}, side {self._resume[1] + 1} af "
                  f"{len(module.pages)}. Enter åbner det markerede modul.")
        )

    def _open(self, module_id: str, page: int) -> None:
        from .lesson import LessonScreen

        self.app.push_screen(LessonScreen(module_id, page))

    def action_resume(self) -> None:
        self._open(*self._resume)

    def action_open(self) -> None:
        modules = self.query_one("#modules", OptionList)
        if modules.highlighted is not None:
            self._open_module(modules.get_option_at_index(modules.highlighted).id)

    @on(OptionList.OptionSelected, "#modules")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_module(event.option.id)

    def _open_module(self, module_id: str) -> None:
        """Open a module at the learner's place in it: the first page not yet seen."""
        try:
            seen = self.app.record.pages_seen().get(module_id, set())
        except DamagedRecordError as error:
            self.app.report_damage(error)
            seen = set()
        module = self.app.course.module(module_id)
        if self._resume[0] == module_id:
            page = self._resume[1]
        else:
            page = next((i for i in range(len(module.pages)) if i not in seen), 0)
        self._open(module_id, page)

    def action_switch(self) -> None:
        self.app.sign_out()
