"""A quiz: one question at a time, feedback that teaches, then the result and a review.

The attempt (engine) decides order, grading and the score; the record (store) saves the
attempt after every answer, so a closed terminal loses nothing and "Fortsæt" resumes
the same attempt with the same order and options.
"""

from __future__ import annotations

import secrets
import uuid

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.engine.grading import correct_response, describe_response
from course.engine.quiz import QuizAttempt, effective_pass_mark
from progress import Position
from progress.store import now

from ..text import plain
from ..widgets.feedback import QuestionFeedback, verdict
from ..widgets.questions import Answered, input_for
from ..widgets.footer import CourseFooter

class QuizScreen(Screen[None]):
    CSS_PATH = "activity.tcss"
    BINDINGS = [
        Binding("enter,right", "next", "Næste", tooltip="Næste spørgsmål", id="next"),
        Binding("r", "retry", "Prøv igen", tooltip="Start et nyt forsøg", id="retry"),
        Binding("escape", "leave", "Til modulet",
                tooltip="Tilbage til modulet; quizzen venter, hvor du slap", id="leave"),
    ]

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        course, learner = self.app.course, self.app.learner
        self.questions = {q.id: q for q in course.questions_for(module_id, learner.track)}
        self.pass_mark = effective_pass_mark(course.quiz(module_id), course.track(learner.track))
        self.attempt: QuizAttempt
        self.doc: dict = {}
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

    async def on_mount(self) -> None:
        saved = self.app.facts().open_attempt(self.module_id)
        if saved is not None:
            try:
                self.attempt = QuizAttempt.from_dict(saved.get("state", {}), self.questions)
                self.doc = saved
            except ValueError:
                saved = None
        if saved is None:
            self._new_attempt()
        await self.show_current()

    def _new_attempt(self) -> None:
        self.attempt = QuizAttempt.start(self.questions.values(), secrets.randbits(32))
        self.doc = {
            "id": uuid.uuid4().hex,
            "module": self.module_id,
            "started": now(),
            "finished": None,
            "pass_mark": self.pass_mark,
            "answers": [],
        }
        self._save()

    def _save(self) -> None:
        attempt = self.attempt
        self.doc.update(
            state=attempt.to_dict(),
            score=attempt.score,
            max_score=attempt.max_score,
            percent=round(attempt.percent, 1),
        )
        if attempt.is_finished and not self.doc.get("finished"):
            self.doc.update(finished=now(), passed=attempt.passed(self.pass_mark))
        doc, position = self.doc, Position(self.module_id, activity="quiz")
        self.app.save(lambda record: record.save_attempt(doc, position), "Dit svar")

    # -- showing -----------------------------------------------------------------------

    def _heading(self, text: str) -> None:
        title = self.app.course.module(self.module_id).title
        self.query_one("#quiz-heading", Static).update(plain(f"Quiz: {title} · {text}"))

    async def show_current(self) -> None:
        self.showing_feedback = False
        question = self.attempt.current()
        area = self.query_one("#question-area", Vertical)
        await area.remove_children()
        area.display = True
        self.query_one(QuestionFeedback).hide()
        await self.query_one("#result", Vertical).remove_children()
        if question is None:
            self.show_result()
            return
        number = self.attempt.answered + 1
        self._heading(f"spørgsmål {number} af {len(self.attempt)}")
        self.query_one("#prompt", Static).update(plain(question.prompt))
        widget = input_for(question, self.attempt.presentation(question.id))
        await area.mount(widget)
        self.call_after_refresh(self._focus_input)
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

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
        grade = self.attempt.answer(question.id, event.response)
        self.doc.setdefault("answers", []).append({
            "question": question.id,
            "response": self.attempt.result(question.id)[0],
            "score": grade.score,
            "correct": grade.correct,
            "at": now(),
        })
        self._save()
        # The input steps aside: the feedback repeats the answer, and prompt and feedback
        # then fit on one screen. (Hiding is far cheaper than disabling or removing.)
        self.set_focus(None)
        self.query_one("#question-area", Vertical).display = False
        follow = "Se dit resultat" if self.attempt.is_finished else "Næste spørgsmål"
        self.query_one(QuestionFeedback).show(self.app.course, question, event.response, grade,
                                              follow)
        self.showing_feedback = True
        self.refresh_bindings()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def show_result(self) -> None:
        attempt = self.attempt
        passed = attempt.passed(self.pass_mark)
        self._heading("resultat")
        self.query_one("#prompt", Static).update("")
        icon, word = ("✔", "Bestået") if passed else ("✘", "Ikke bestået")
        parts = [
            Static(Content.assemble((f"{icon} {word}", "bold")),
                   classes="verdict " + ("verdict-right" if passed else "verdict-wrong")),
            Static(plain(
                f"Du fik {attempt.score:g} af {attempt.max_score:g} point "
                f"({attempt.percent:.0f} %). Der skal {self.pass_mark} % til at bestå."
            )),
        ]
        review = attempt.review()
        if review:
            parts.append(Static("Svar at se på igen:", classes="review-title"))
            for question, response, grade in review:
                icon, word, _ = verdict(grade)
                parts.append(Static(Content("\n").join([
                    Content.assemble((f"{icon} ", "bold"), (question.prompt, "bold")),
                    Content.assemble("Dit svar: ", describe_response(question, response)),
                    Content.assemble("Rigtigt svar: ",
                                     describe_response(question, correct_response(question))),
                    Content(question.explanation),
                ]), classes="review-item"))
        advice = ("Godt klaret! Tryk Esc for at gå tilbage til modulet." if passed else
                  "Læs siderne igen, og tryk R for et nyt forsøg.")
        parts.append(Static(advice + (" Du kan altid prøve igen med R." if passed else ""),
                            classes="hint next-hint"))
        self.query_one("#result", Vertical).mount_all(parts)
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.showing_feedback
        if action == "retry":
            return self.attempt.is_finished if hasattr(self, "attempt") else False
        return True

    async def action_next(self) -> None:
        if self.showing_feedback:
            await self.show_current()

    async def action_retry(self) -> None:
        if self.attempt.is_finished:
            self._new_attempt()
            await self.show_current()

    def action_leave(self) -> None:
        self.app.pop_screen()
