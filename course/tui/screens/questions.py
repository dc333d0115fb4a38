"""The flow module quizzes and glossary quizzes share: one question at a time, feedback
that teaches, then a result.

A subclass sets ``self.attempt`` (a :class:`~course.engine.quiz.QuizAttempt`), names its
heading, answers through the engine in :meth:`answer` (which returns the
:class:`~course.engine.views.Feedback` to show), builds its result in
:meth:`result_parts` and starts over in :meth:`restart`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from course.content.model import Question
from course.engine.grading import Response
from course.engine.quiz import QuizAttempt
from course.engine.views import Feedback

from ..text import plain
from ..widgets.feedback import QuestionFeedback
from ..widgets.footer import CourseFooter
from ..widgets.questions import Answered, QuestionInput, input_for


class QuestionsScreen(Screen[None]):
    CSS_PATH = "activity.tcss"
    HEADING = ""  # "Quiz: <module>", "Ordquiz"
    BINDINGS = [
        Binding("enter,right", "next", "Næste", tooltip="Næste spørgsmål", id="next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.attempt: QuizAttempt | None = None
        self.showing_feedback = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="quiz-heading", classes="heading")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="prompt")
            yield Vertical(id="question-area")
            yield QuestionFeedback(id="feedback")
            yield Vertical(id="result")
        yield CourseFooter()

    # -- for subclasses ----------------------------------------------------------------

    def heading(self) -> str:
        return self.HEADING

    def answer(self, question: Question, response: Response) -> Feedback:
        """Answer through the engine and save; the feedback to show."""
        raise NotImplementedError

    def result_parts(self) -> list[Widget]:
        raise NotImplementedError

    async def restart(self) -> None:
        raise NotImplementedError

    # -- showing -----------------------------------------------------------------------

    def _heading(self, text: str) -> None:
        self.query_one("#quiz-heading", Static).update(plain(f"{self.heading()} · {text}"))

    async def show_current(self, draft: object = None) -> None:
        """The current question (with ``draft``, what was set but not sent before), or
        the result when every question is answered."""
        self.showing_feedback = False
        question = self.attempt.current()
        area = self.query_one("#question-area", Vertical)
        await area.remove_children()
        area.display = True
        self.query_one(QuestionFeedback).hide()
        await self.query_one("#result", Vertical).remove_children()
        self.query_one("#prompt", Static).display = True
        if question is None:
            self.show_result()
            return
        self._heading(f"spørgsmål {self.attempt.answered + 1} af {len(self.attempt)}")
        self.query_one("#prompt", Static).update(plain(question.prompt))
        widget = input_for(question, self.attempt.presentation(question.id))
        await area.mount(widget)
        if draft is not None:
            widget.restore(draft)
        # Focused now, not after the next frame: the question is on screen in that frame,
        # and a key pressed as soon as it shows must reach the input, not the screen.
        self._focus_input()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def current_input(self) -> QuestionInput | None:
        """The input of the question on screen (None while feedback or the result shows)."""
        if self.showing_feedback:
            return None
        return next(iter(self.query("#question-area QuestionInput")), None)

    def _focus_input(self) -> None:
        for widget in self.query("#question-area *"):
            if widget.focusable:
                widget.focus()
                return

    @on(Answered)
    def _answered(self, event: Answered) -> None:
        event.stop()
        question = self.attempt.current()
        if question is None or self.showing_feedback:
            return
        if event.ask is not None:
            self._ask_then_answer(event)
            return
        self.show_feedback(self.answer(question, event.response))

    def show_feedback(self, feedback: Feedback) -> None:
        """The feedback on an answer, in place of the question's input."""
        # The input steps aside: the feedback repeats the answer, and prompt and feedback
        # then fit on one screen. (Hiding is far cheaper than disabling or removing.)
        self.set_focus(None)
        self.query_one("#question-area", Vertical).display = False
        follow = "Se dit resultat" if self.attempt.is_finished else "Næste spørgsmål"
        self.query_one(QuestionFeedback).show(feedback, follow)
        self.showing_feedback = True
        self.refresh_bindings()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        # Lay out now, in the frame that repaints: otherwise the widgets' repaints reach
        # the screen before their layout requests, a frame is painted without the
        # feedback, and the feedback waits for the next frame (16.7 ms later).
        self.refresh(layout=True)

    def _ask_then_answer(self, event: Answered) -> None:
        """Put the input's question to the learner; answer only on a yes ("Fortryd",
        focused first, keeps the question open, so a second Enter changes nothing)."""
        from .confirm import ConfirmDialog

        question = self.attempt.current()

        def answer(yes: bool | None) -> None:
            if yes and self.attempt.current() is question and not self.showing_feedback:
                self._answered(Answered(event.response))
            else:
                self.call_after_refresh(self._focus_input)

        self.app.push_screen(ConfirmDialog("Svar uden flueben?", event.ask,
                                           yes_label="Svar uden flueben"), answer)

    def show_result(self) -> None:
        """The result at the top of the body, and the body focused: every reviewed
        answer is reached with ↓, PgDn, Home and End, also at 80×24."""
        self._heading("resultat")
        prompt = self.query_one("#prompt", Static)
        prompt.update("")
        prompt.display = False  # no blank rows above the verdict
        self.query_one("#question-area", Vertical).display = False
        self.query_one("#result", Vertical).mount_all(self.result_parts())
        body = self.query_one("#quiz-body", VerticalScroll)
        body.scroll_home(animate=False)
        body.focus()
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.showing_feedback
        if action == "retry":
            return self.attempt is not None and self.attempt.is_finished
        return True

    async def action_next(self) -> None:
        if self.showing_feedback:
            await self.show_current()

    async def action_retry(self) -> None:
        if self.attempt is not None and self.attempt.is_finished:
            await self.restart()

    def action_leave(self) -> None:
        self.app.pop_screen()
