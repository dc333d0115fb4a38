"""A quiz: one question at a time, feedback that teaches, then the result and a review.

The attempt (engine) decides order, grading and the score; the record (store) saves the
attempt after every answer, so a closed terminal loses nothing and "Fortsæt" resumes
the same attempt with the same order and options. The question-by-question flow is
shared with the glossary quiz (:mod:`.questions`).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from course.content.model import Question
from course.engine.grading import Response
from course.engine.quiz import effective_pass_mark
from course.engine.session import QuizSession
from course.engine.views import Feedback, QuizResult
from progress import Position

from ..text import hanging, plain
from ..widgets.feedback import feedback_lines
from .questions import QuestionsScreen


class QuizScreen(QuestionsScreen):
    BINDINGS = [
        Binding("r", "retry", "Prøv igen", tooltip="Start et nyt forsøg", id="retry"),
        Binding("escape", "leave", "Til modulet",
                tooltip="Tilbage til modulet; quizzen venter, hvor du slap", id="leave"),
    ]

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id
        course, learner = self.app.course, self.app.learner
        self.pass_mark = effective_pass_mark(course.quiz(module_id), course.track(learner.track))
        self.session: QuizSession | None = None

    @property
    def doc(self) -> dict:
        return self.session.doc if self.session is not None else {}

    def heading(self) -> str:
        return f"Quiz: {self.app.course.module(self.module_id).title}"

    async def on_mount(self) -> None:
        # The engine resumes (the unseen result, the open attempt) or draws a new one
        # from the track's pool (never the same set as last time); the plain mode too.
        self.session = QuizSession.open(self.app.course, self.module_id,
                                        self.app.learner.track, self.app.facts())
        self.attempt = self.session.attempt
        if not self.session.resumed:
            self._save()
        # What was on screen when the learner left (Ctrl+Q, Esc): the feedback on the
        # last answer, or the boxes ticked (lines matched, order, text) but not sent.
        shown = self.session.shown_feedback
        if shown is not None:
            await self.show_feedback_again(shown)
            return
        question = self.attempt.current()
        await self.show_current(self.session.kept_value(question.id) if question else None)

    async def show_feedback_again(self, question_id: str) -> None:
        feedback = self.session.feedback(question_id)
        number = self.attempt.question_ids.index(question_id) + 1
        await self.query_one("#question-area").remove_children()
        self._heading(f"spørgsmål {number} af {len(self.attempt)}")
        self.query_one("#prompt", Static).update(plain(feedback.key.prompt))
        self.show_feedback(feedback)

    def keep_draft(self) -> None:
        """Keep in the attempt what is on screen, for the next time it is opened: the
        feedback on the last answer, or what is set but not sent. Called on leaving
        (Esc) and on quitting (Ctrl+Q), so a restart shows the quiz as it was left."""
        if self.session is None or (self.session.doc.get("finished") and not self.showing_feedback):
            return
        draft = None
        if self.showing_feedback:
            answers = self.session.doc.get("answers") or []
            if answers:
                draft = {"feedback": answers[-1].get("question")}
        elif (widget := self.current_input()) is not None:
            value = widget.draft()
            if value is not None:
                draft = {"question": widget.question.id, "value": value}
        if self.session.keep(draft):
            self._save()

    async def show_current(self, draft: object = None) -> None:
        if self.session is not None and self.attempt.is_finished and self.session.doc.get("draft"):
            self.session.keep(None)  # its result is on screen now
            self._save(soon=True)
        await super().show_current(draft)

    async def restart(self) -> None:
        self.session.restart(self.app.facts().attempts)
        self.attempt = self.session.attempt
        self._save()
        await self.show_current()

    def _save(self, soon: bool = False) -> None:
        """Save the attempt; ``soon``: just after the next frame (an answer's feedback
        shows first; see CourseApp.save_soon)."""
        doc, position = self.session.doc, Position(self.module_id, activity="quiz")
        save = self.app.save_soon if soon else self.app.save
        save(lambda record: record.save_attempt(doc, position), "Dit svar")

    def answer(self, question: Question, response: Response) -> Feedback:
        feedback = self.session.answer(question.id, response)  # as the plain mode answers
        self._save(soon=True)
        return feedback

    def action_leave(self) -> None:
        self.keep_draft()
        super().action_leave()

    def result_parts(self) -> list[Widget]:
        return result_widgets(self.session.result())


def result_widgets(result: QuizResult) -> list[Widget]:
    """A :class:`~course.engine.views.QuizResult`, rendered: the verdict, the score and
    the rule, the objectives to work on, the review, the points per objective."""
    parts: list[Widget] = [
        Static(Content.assemble((f"{result.icon} {result.word}", "bold")),
               classes="verdict " + ("verdict-right" if result.passed else "verdict-wrong")),
        Static(plain(f"{result.score_line()} {result.rule()}")),
    ]
    if result.revisit:
        parts.append(Static(Content.assemble(("Arbejd mere med at kunne ", "bold"),
                                             plain(" og ".join(result.revisit) + ".")),
                            classes="revisit"))
    if result.review:
        parts.append(Static("Svar at se på igen:", classes="review-title"))
        for feedback in result.review:
            parts.append(Static(Content("\n").join([
                Content.assemble((f"{feedback.icon} ", "bold"), (feedback.key.prompt, "bold")),
                *feedback_lines(feedback, style=""),
            ]), classes="review-item"))
    if result.objectives:
        parts.append(Static(result.objectives_title, classes="review-title"))
        parts.append(Static(hanging([(f"{o.icon} ", f"{o.text}  ({o.points})")
                                     for o in result.objectives], style=""),
                            classes="objectives"))
    advice = ("Godt klaret! Tryk Esc for at gå tilbage til modulet." if result.passed else
              "Læs siderne igen, og tryk R for et nyt forsøg med nye spørgsmål.")
    parts.append(Static(advice + (" Du kan altid prøve igen med R." if result.passed else ""),
                        classes="hint next-hint"))
    return parts
