"""A scenario: a situation, numbered choices, feedback on each, an ending and reflection.

The choices are shown in the order the run's seed gives (stored with the run), so a
resumed run shows them as before. At the ending the learner may answer the reflection in
a few words (Enter saves it in the run). Opening a scenario whose last run has ended
shows that ending again, with the saved reflection; R plays again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from course.content.model import Scenario
from course.engine.scenario import REFLECTION_MAX, ScenarioRun
from course.engine.session import ScenarioSession
from course.engine.views import choice_outcome, scenario_ending
from progress import Position

from ..text import plain
from ..widgets.feedback import ChoiceFeedback
from ..widgets.footer import CourseFooter
from ..widgets.questions import NumberedList, numbered


class ScenarioScreen(Screen[None]):
    CSS_PATH = "activity.tcss"
    BINDINGS = [
        Binding("enter,right", "next", "Videre", tooltip="Videre i historien", id="next"),
        Binding("r", "restart", "Spil igen", tooltip="Spil scenariet forfra", id="restart"),
        Binding("escape", "leave", "Til modulet",
                tooltip="Tilbage til modulet; scenariet venter, hvor du slap", id="leave"),
    ]

    def __init__(self, module_id: str, scenario_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        self.scenario: Scenario = next(
            s for s in self.app.course.quiz(module_id).scenarios if s.id == scenario_id
        )
        self.session: ScenarioSession | None = None
        self.showing_feedback = False
        self._shown: list[int] = []  # file indices of the current node's choices, as shown
        self._reviewing = False

    @property
    def run(self) -> ScenarioRun:
        return self.session.run

    @property
    def doc(self) -> dict:
        return self.session.doc

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="scenario-heading", classes="heading")
        with VerticalScroll(id="scenario-body"):
            yield Markdown(id="situation")
            yield Vertical(id="choices")
            yield ChoiceFeedback(id="feedback")
            yield Vertical(id="ending")
        yield CourseFooter()

    async def on_mount(self) -> None:
        # The engine resumes the open run, or the ended last run (shown, not asked), or
        # starts a new one with a new seed; the plain mode does the same.
        self.session = ScenarioSession.open(self.module_id, self.scenario, self.app.facts())
        if self.session.fresh:
            self._save()
        self._reviewing = self.session.reviewing  # an ending reached before: shown, not asked
        await self.show_node()

    def _new_run(self) -> None:
        self._reviewing = False
        self.session.restart()
        self._save()

    def _save(self, soon: bool = False) -> None:
        """Save the run; ``soon``: just after the next frame (a choice's feedback shows
        first; see CourseApp.save_soon)."""
        self.session.refresh()
        position = Position(self.module_id, activity="scenario", ref=self.scenario.id)
        doc = self.doc
        save = self.app.save_soon if soon else self.app.save
        save(lambda record: record.save_run(doc, position), "Dit valg")

    def _heading(self, text: str) -> None:
        self.query_one("#scenario-heading", Static).update(
            plain(f"Scenarie: {self.scenario.title} · {text}")
        )

    async def show_node(self) -> None:
        self.showing_feedback = False
        node = self.run.node
        choices = self.query_one("#choices", Vertical)
        await choices.remove_children()
        self.query_one(ChoiceFeedback).hide()
        await self.query_one("#ending", Vertical).remove_children()
        text = node.text
        if not self.run.path:
            text = f"{self.scenario.intro}\n\n{node.text}"
        if node.is_ending:
            await self.show_ending()
            return
        self._heading(f"valg {len(self.run.path) + 1}")
        await self.query_one("#situation", Markdown).update(text)
        shown = self.run.shown_choices()
        self._shown = [index for index, _ in shown]
        options = NumberedList(
            *(Option(numbered(n, c.text)) for n, (_, c) in enumerate(shown, 1)), id="choice-list"
        )
        options.highlighted = 0
        await choices.mount(Static("Hvad gør du? Vælg med tallet, eller med ↑ ↓ og Enter.",
                                   classes="hint"), options)
        options.focus()
        self.query_one("#scenario-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#choice-list")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.showing_feedback or self.run.is_finished:
            return
        index = self._shown[event.option_index]  # the choice's index in the scenario file
        step = self.session.choose(index, shown_as=event.option_index + 1)
        self._save(soon=True)
        choices = self.query_one("#choice-list", NumberedList)
        choices.highlighted = event.option_index  # a digit key selects without moving it
        choices.can_focus = False  # no second choice; Enter now means "Videre"
        self.set_focus(None)
        feedback = self.query_one(ChoiceFeedback)
        follow = "Se hvordan det ender" if self.run.is_finished else "Videre"
        feedback.show(choice_outcome(self.app.course, step), follow)
        self.showing_feedback = True
        self.refresh_bindings()
        self.refresh(layout=True)  # in the same frame as the repaints (see QuestionsScreen)
        # The feedback ends the page; show all of it (the choice is repeated in it).
        body = self.query_one("#scenario-body", VerticalScroll)
        self.call_after_refresh(lambda: body.scroll_end(animate=False))

    async def show_ending(self) -> None:
        ending = scenario_ending(self.app.course, self.scenario, self.run)
        self._heading("slutningen")
        await self.query_one("#situation", Markdown).update(
            f"**Slutning: {ending.title}**\n\n{ending.text}"
        )
        rows = [Content.assemble((f"{line.title}: ", "bold"),
                                 f"▲ styrket {line.strengthened} "
                                 f"{'gang' if line.strengthened == 1 else 'gange'}, "
                                 f"▼ svækket {line.weakened} "
                                 f"{'gang' if line.weakened == 1 else 'gange'}")
                for line in ending.focus]
        parts = [Static("Dine valg og fokusområderne:", classes="review-title")]
        if rows:
            parts.append(Static(Content("\n").join(rows), classes="explanation"))
        parts.append(Static("Til eftertanke:", classes="review-title"))
        parts.append(Markdown(ending.reflection_question, classes="reflection"))
        answer = Input(value=ending.reflection or "", id="reflection-input",
                       placeholder="Skriv dit svar med få ord (frivilligt), og tryk Enter",
                       max_length=REFLECTION_MAX)
        parts.append(answer)
        saved = Static(classes="reflection-saved")
        saved.display = False
        parts.append(saved)
        parts.append(Static("Enter gemmer dit svar. Tryk derefter R for at spille igen og prøve "
                            "andre valg, eller Esc for at gå tilbage til modulet.",
                            classes="hint next-hint"))
        await self.query_one("#ending", Vertical).mount_all(parts)
        if self.run.reflection:
            self._show_saved(self.run.reflection)
        elif not self._reviewing:
            # A fresh ending invites an answer; R works once it is saved.
            answer.focus(scroll_visible=False)
        self.refresh_bindings()
        # The ending reads from its title: start at the top (the choice's feedback had
        # scrolled to its end), then scroll no further than the answer field needs.
        body = self.query_one("#scenario-body", VerticalScroll)
        body.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(lambda: body.scroll_to_widget(answer, animate=False, top=False))

    def _show_saved(self, text: str | None) -> None:
        saved = self.query_one(".reflection-saved", Static)
        saved.display = True
        saved.update(Content.assemble("✔ Dit svar er gemt: ", ("»", "bold"), plain(text), ("«", "bold"))
                     if text else Content("Intet svar gemt."))

    @on(Input.Submitted, "#reflection-input")
    def _reflected(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.run.is_finished:
            return
        text = self.run.reflect(event.value)
        self._save()
        self._show_saved(text)
        # The keys (R, Esc) are the screen's again, and the body's (↓ PgDn Home End);
        # the saved answer and what comes next end the page: show them, also at 80×24.
        body = self.query_one("#scenario-body", VerticalScroll)
        body.focus()
        self.refresh_bindings()
        self.call_after_refresh(lambda: body.scroll_end(animate=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.showing_feedback
        if action == "restart":
            if not hasattr(self, "run") or not self.run.is_finished:
                return False
            # while the reflection is being typed, R is a letter (shown dimmed)
            return None if isinstance(self.focused, Input) else True
        return True

    async def action_next(self) -> None:
        if self.showing_feedback:
            await self.show_node()

    async def action_restart(self) -> None:
        if self.run.is_finished:
            self._new_run()
            await self.show_node()

    def action_leave(self) -> None:
        self.app.pop_screen()
