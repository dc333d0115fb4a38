"""A glossary quiz: questions drawn from the words the learner struggles with.

The questions come from :mod:`course.engine.glossary_quiz` and run in an ordinary
:class:`~course.engine.quiz.QuizAttempt` with the module quiz's question widgets and
feedback. A glossary quiz is practice: it is not saved as a quiz attempt and never
counts towards a module. A wrong answer is saved as an *Igen* review of the term's
flashcard, so the word comes back soon when the learner practises words.
"""

from __future__ import annotations

import secrets

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from course.content.model import Question
from course.engine.glossary_quiz import build_glossary_quiz, feedback_reviews
from course.engine.grading import Response
from course.engine.quiz import QuizAttempt
from course.engine.views import Feedback, feedback, quiz_result

from ..text import plain
from .questions import QuestionsScreen
from .words import clock, load_deck


class GlossaryQuizScreen(QuestionsScreen):
    HEADING = "Ordquiz"
    BINDINGS = [
        Binding("r", "retry", "Ny ordquiz", tooltip="Start en ny ordquiz", id="retry"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage; forkerte ord er sendt til dine kort",
                id="leave"),
    ]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.clock = clock  # the flashcards' clock (see .words)
        self.missed: dict[str, None] = {}

    async def on_mount(self) -> None:
        await self.restart()

    async def restart(self) -> None:
        seed = self.seed if self.seed is not None else secrets.randbits(32)
        self.seed = None  # a retry draws a new quiz
        self.deck = load_deck(self.app)
        quiz = build_glossary_quiz(self.app.course, self.deck, self.clock(), seed)
        self.attempt = QuizAttempt.start(quiz.questions, seed)
        self.missed = {}
        await self.show_current()

    def answer(self, question: Question, response: Response) -> Feedback:
        grade = self.attempt.answer(question.id, response)
        for card, review in feedback_reviews(self.deck, question, response, self.clock()):
            self.missed[review["term"]] = None
            self.app.save(lambda record, c=card, r=review: record.save_review(c, r),
                          "Din gennemgang")
        return feedback(self.app.course, question, response,
                        self.attempt.presentation(question.id), grade)

    def result_parts(self) -> list[Widget]:
        attempt = self.attempt
        parts: list[Widget] = [Static(plain(quiz_result(self.app.course, attempt).score_line()))]
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
        return parts
