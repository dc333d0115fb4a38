"""A module's page: its lesson, its quiz and its scenarios, each with its state."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from course.content.model import Module
from course.engine.progress import ModuleProgress, first_unseen_page, module_progress
from course.engine.session import module_activities
from progress import Facts

from ..text import hanging, plain, visible
from ..widgets.footer import CourseFooter

DONE = ("●", "$text-success")
OPEN = ("◐", "$text-warning")
TODO = ("○", "")


def objectives_text(module: Module):
    """ "Når du er færdig, kan du …" and a bullet per objective (learner-visible), each
    wrapping under its text."""
    from rich.console import Group
    from rich.text import Text

    return Group(Text("Når du er færdig, kan du …", style="bold"),
                 hanging([("• ", objective.text) for objective in module.objectives],
                         style=""))


class ModuleScreen(Screen[None]):
    CSS_PATH = "module.tcss"
    BINDINGS = [
        Binding("l", "lesson", "Lektion", tooltip="Læs lektionen", id="lesson"),
        Binding("q", "quiz", "Quiz", tooltip="Tag quizzen", id="quiz"),
        Binding("escape", "leave", "Oversigt", tooltip="Tilbage til oversigten over moduler",
                id="map"),
    ]

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        self.module = self.app.course.module(module_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="module-heading", classes="heading")
        with Vertical(id="module-page"):
            yield Static(plain(self.module.summary), id="module-summary")
            if self.module.objectives:
                yield Static(objectives_text(self.module), id="module-objectives")
            yield OptionList(id="activities")
            yield Static(id="module-left", classes="hint")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_module()

    def on_screen_resume(self) -> None:
        self.refresh_module()

    def refresh_module(self) -> None:
        app = self.app
        track = app.course.track(app.learner.track)
        facts = self.app.facts()
        progress = module_progress(app.course, self.module, track.id, facts)
        number = track.modules.index(self.module_id) + 1
        self.query_one("#module-heading", Static).update(
            plain(f"Modul {number} af {len(track.modules)}: {self.module.title} · "
                  f"{progress.state.icon} {progress.state.label}")
        )
        activities = self.query_one("#activities", OptionList)
        highlighted = activities.highlighted
        activities.clear_options()
        for option in self._options(progress, facts):
            activities.add_option(option)
        if highlighted is None:  # first time: point at the first thing not yet done
            highlighted = next((i for i, key in enumerate(self._keys) if not self._done[key]), 0)
        activities.highlighted = min(highlighted, activities.option_count - 1)
        activities.focus()
        left = progress.remaining()
        self.query_one("#module-left", Static).update(
            plain("Tilbage i modulet: " + "; ".join(left) + ".") if left else
            plain("Du er færdig med modulet. Godt gået!")
        )

    def _row(self, mark: tuple[str, str], title: str, status: str) -> Content:
        icon, style = mark
        return Content.assemble((f"{icon} ", style), (visible(title), "bold"), "  ", (status, "dim"))

    def _options(self, progress: ModuleProgress, facts: Facts) -> list[Option]:
        self._keys: list[str] = []
        self._done: dict[str, bool] = {}
        options = []

        # The states and their words are the engine's (the plain mode shows the same).
        for activity in module_activities(self.app.course, self.module, self.app.learner.track,
                                          facts):
            mark = DONE if activity.done else OPEN if activity.started else TODO
            options.append(Option(self._row(mark, activity.title, activity.status),
                                  id=activity.key))
            self._keys.append(activity.key)
            self._done[activity.key] = activity.done
        return options

    @on(OptionList.OptionSelected, "#activities")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(event.option.id)

    def open(self, key: str, page: int | None = None) -> None:
        if key == "lesson":
            from .lesson import LessonScreen

            if page is None:
                page = first_unseen_page(self.module, self.app.facts().pages.get(self.module_id, set()),
                                         self.app.learner.track)
            self.app.push_screen(LessonScreen(self.module_id, page))
        elif key == "quiz":
            from .quiz import QuizScreen

            self.app.push_screen(QuizScreen(self.module_id))
        elif key.startswith("scenario:"):
            from .scenario import ScenarioScreen

            self.app.push_screen(ScenarioScreen(self.module_id, key.split(":", 1)[1]))

    def action_lesson(self) -> None:
        self.open("lesson")

    def action_quiz(self) -> None:
        if "quiz" in self._keys:
            self.open("quiz")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quiz" and "quiz" not in getattr(self, "_keys", ["quiz"]):
            return None
        return True

    def action_leave(self) -> None:
        self.app.pop_screen()
