"""A glossary quiz: questions drawn from the words the learner struggles with.

The questions come from :mod:`course.engine.glossary_quiz` and run in an ordinary
:class:`~course.engine.quiz.QuizAttempt` with the module quiz's question widgets and
feedback. A glossary quiz is practice: it is not saved as a quiz attempt and never
counts towards a module. A wrong answer is saved as an *Igen* review of the term's
flashcard, so the word comes back soon when the learner practises words.
"""

from __future__ import annotations

import secrets

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.engine.glossary_quiz import build_glossary_quiz, feedback_reviews
from course.engine.quiz import QuizAttempt

from ..text import plain
from ..widgets.feedback import QuestionFeedback
from ..widgets.questions import Answered, input_for
from .flashcards import load_deck, utc_now
from ..widgets.footer import CourseFooter


class GlossaryQuizScreen(Screen[None]):
    CSS_PATH = "activity.tcss"
    BINDINGS = [
        Binding("enter,right", "next", "Næste", tooltip="Næste spørgsmål", id="next"),
        Binding("r", "retry", "Ny ordquiz", tooltip="Start en ny ordquiz", id="retry"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage; forkerte ord er sendt til dine kort",
                id="leave"),
    ]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.clock = utc_now  # replaceable in tests
        self.attempt: QuizAttempt | None = None
        self.missed: dict[str, None] = {}
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
        await self.new_quiz()

    async def new_quiz(self) -> None:
        seed = self.seed if self.seed is not None else secrets.randbits(32)
        self.seed = None  # a retry draws a new quiz
        self.deck = load_deck(self.app)
        quiz = build_glossary_quiz(self.app.course, self.deck, self.clock(), seed)
        self.attempt = QuizAttempt.start(quiz.questions, seed)
        self.missed = {}
        await self.show_current()

    # -- showing -----------------------------------------------------------------------

    def _heading(self, text: str) -> None:
        self.query_one("#quiz-heading", Static).update(plain(f"Ordquiz · {text}"))

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
        self._heading(f"spørgsmål {self.attempt.answered + 1} af {len(self.attempt)}")
        self.query_one("#prompt", Static).update(plain(question.prompt))
        await area.mount(input_for(question, self.attempt.presentation(question.id)))
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
        for card, review in feedback_reviews(self.deck, question, event.response, self.clock()):
            self.missed[review["term"]] = None
            self.app.save(lambda record, c=card, r=review: record.save_review(c, r),
                          "Din gennemgang")
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
        self._heading("resultat")
        self.query_one("#prompt", Static).update("")
        parts = [Static(plain(
            f"Du fik {attempt.score:g} af {attempt.max_score:g} point ({attempt.percent:.0f} %)."
        ))]
        if self.missed:
            words = ", ".join(self.app.course.term(t).term for t in self.missed)
            parts.append(Static(Content.assemble(
                ("Ord at øve igen: ", "bold"), words,
                "\nDe kommer snart igen blandt dine kort.",
            ), classes="review-item"))
        else:
            parts.append(Static("✔ Alle ord rigtige. Godt klaret!", classes="verdict verdict-right"))
        parts.append(Static("Ordquizzen tæller ikke med i modulerne; den er til øvelse. "
                            "Tryk R for en ny ordquiz eller Esc for at gå tilbage.",
                            classes="hint next-hint"))
        self.query_one("#result", Vertical).mount_all(parts)
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
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
            await self.new_quiz()

    def action_leave(self) -> None:
        self.app.pop_screen()
