"""Signing in when the course runs in a browser (``medborger serve``).

First the hold's join code, then one's own name within that hold (or a new one), then
the PIN (chosen at the first sign-in). No learner list at all is shown before a valid
code, and never a learner from another hold.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from progress import Learner
from progress.holds import Hold, HoldProblem

from ..text import plain
from ..widgets.footer import CourseFooter


class HoldCodeScreen(Screen[None]):
    """The first screen in a browser: type the hold's code."""

    BINDINGS = [
        Binding("f2", "teacher", "Lærer/HR",
                tooltip="Oversigt over dine hold (kræver din adgangsfrase)", id="teacher"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles"):
            yield Static("Velkommen til kurset i Ishøj Kommunes medborgerpolitik.", id="welcome")
            yield Static("Skriv dit holds kode, og tryk Enter. Du får koden af din lærer "
                         "eller din leder. Den ser fx sådan ud: sol-hest-bro-47.", classes="hint")
            yield Input(placeholder="Holdets kode", max_length=40, id="code")
            yield Static("", id="code-error", classes="error")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def reset(self) -> None:
        """Back from a signed-in learner: an empty field for the next person."""
        code = self.query_one("#code", Input)
        code.value = ""
        self.query_one("#code-error", Static).update("")
        code.focus()

    @on(Input.Submitted, "#code")
    def _submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#code-error", Static)
        problem, hold = self.check(event.value)
        if hold is None:
            # The typed code stays in the field, so a typo can be found and fixed.
            error.update(plain(problem or ""))
            return
        error.update("")
        self.app.push_screen(HoldLearnersScreen(hold))

    def check(self, typed: str) -> tuple[str | None, Hold | None]:
        """The hold the code opens, or a Danish reason. Every try is counted on disk
        before the code is looked up (per address and for the whole server), and a try
        that cannot be counted is refused (:mod:`progress.guard`)."""
        app = self.app
        try:
            return app.holds.open_with_code(typed, app.guard, app.client,
                                            {t.id for t in app.course.tracks})
        except HoldProblem as exc:
            return str(exc), None

    def action_teacher(self) -> None:
        from .signin import teacher_login
        from .teacher import TeacherScreen

        teacher_login(self, lambda account: self.app.push_screen(TeacherScreen(account)))


class HoldLearnersScreen(Screen[None]):
    """The names in one hold: pick yours, or make it."""

    BINDINGS = [
        Binding("enter", "choose", "Vælg", tooltip="Log ind som den valgte deltager", id="choose"),
        Binding("n", "new", "Ny deltager", tooltip="Første gang: skriv dit navn", id="new"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage til holdets kode", id="leave"),
    ]

    def __init__(self, hold: Hold) -> None:
        super().__init__()
        self.hold = hold
        self._learners: dict[str, Learner] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles"):
            yield Static(plain(f"Hold: {self.hold.name}"), id="welcome")
            yield Static("Vælg dit navn med piletasterne, og tryk Enter. Er du her første "
                         "gang, så tryk N.", classes="hint")
            yield OptionList(id="learners")
            yield Static("Der er ingen på holdet endnu. Tryk N for at skrive dit navn.",
                         id="empty")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_learners()

    def refresh_learners(self) -> None:
        try:
            learners = self.app.store.learners_in(self.hold.id)
        except OSError as exc:  # the store copes with most; say so if it could not
            from course.files import danish_reason

            self.notify(f"Holdets liste kan ikke læses ({danish_reason(exc)}). Sig det til din "
                        "lærer.", severity="error", timeout=20, markup=False)
            learners = []
        self.app.show_notices()
        self._learners = {learner.id: learner for learner in learners}
        table = self.query_one("#learners", OptionList)
        table.clear_options()
        table.add_options(Option(plain(learner.name), id=learner.id) for learner in learners)
        table.display = bool(learners)
        self.query_one("#empty").display = not learners
        if learners:
            table.highlighted = 0
            table.focus()

    @on(OptionList.OptionSelected, "#learners")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._sign_in(self._learners[event.option.id])

    def action_choose(self) -> None:
        table = self.query_one("#learners", OptionList)
        if table.highlighted is None:
            self.action_new()
            return
        self._sign_in(self._learners[table.get_option_at_index(table.highlighted).id])

    def _record(self, learner: Learner):
        from .signin import open_record

        return open_record(self, learner)

    def _sign_in(self, learner: Learner) -> None:
        from .signin import unlock_learner

        record = self._record(learner)
        if record is not None:
            unlock_learner(self, learner, record, lambda: self.app.sign_in(learner, record),
                           require_pin=True)

    def action_new(self) -> None:
        from .new_learner import NewLearnerScreen

        def created(learner: Learner | None) -> None:
            if learner is not None:  # made with the PIN just chosen: signed in at once
                self.refresh_learners()
                record = self._record(learner)
                if record is not None:
                    self.app.sign_in(learner, record)

        self.app.push_screen(NewLearnerScreen(self.hold), created)

    def action_leave(self) -> None:
        self.app.pop_screen()
        screen = self.app.screen
        if isinstance(screen, HoldCodeScreen):
            screen.reset()

