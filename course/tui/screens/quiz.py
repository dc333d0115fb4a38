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
from course.engine.grading import (
    Grade,
    Response,
    correct_response,
    wrong_picks,
)
from course.engine.numbers import percent, points
from course.engine.quiz import QuizAttempt, effective_pass_mark
from course.engine.session import QuizSession
from progress import Position

from ..text import plain
from ..widgets.feedback import answer_content, verdict
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
        # The engine resumes the open attempt, or draws a new one from the track's pool
        # (never the same set as last time); the plain mode does the same.
        facts = self.app.facts()
        self.session = (self._unseen_result(facts.attempts)
                        or QuizSession.open(self.app.course, self.module_id,
                                            self.app.learner.track, facts))
        self.attempt = self.session.attempt
        if not self.session.resumed:
            self._save()
        # What was on screen when the learner left (Ctrl+Q, Esc): the feedback on the
        # last answer, or the boxes ticked (lines matched, order, text) but not sent.
        draft = self.session.doc.get("draft") or {}
        shown = draft.get("feedback") if isinstance(draft, dict) else None
        result = self.attempt.result(shown) if isinstance(shown, str) else None
        if result is not None:
            await self.show_feedback_again(shown, *result)
            return
        question = self.attempt.current()
        kept = draft.get("value") if isinstance(draft, dict) else None
        await self.show_current(kept if question and draft.get("question") == question.id
                                else None)

    def _unseen_result(self, attempts: list[dict]) -> QuizSession | None:
        """The newest attempt, finished while its last feedback was on screen when the
        learner left: it is shown again (then its result) before a new one starts."""
        mine = [doc for doc in attempts if doc.get("module") == self.module_id]
        doc = mine[-1] if mine else None
        if not doc or not doc.get("finished") or not (doc.get("draft") or {}).get("feedback"):
            return None
        session = QuizSession(self.app.course, self.module_id, self.app.learner.track)
        try:
            session.attempt = QuizAttempt.from_dict(doc.get("state", {}), session.questions)
        except ValueError:
            return None
        session.doc, session.resumed = doc, True
        return session

    async def show_feedback_again(self, question_id: str, response, grade: Grade) -> None:
        question = self.session.attempt_question(question_id)
        number = self.attempt.question_ids.index(question_id) + 1
        await self.query_one("#question-area").remove_children()
        self._heading(f"spørgsmål {number} af {len(self.attempt)}")
        self.query_one("#prompt", Static).update(plain(question.prompt))
        self.show_feedback(question, response, grade)

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
        if draft != self.session.doc.get("draft"):
            self.session.doc["draft"] = draft
            self._save()

    async def show_current(self, draft: object = None) -> None:
        if self.session is not None and self.attempt.is_finished and self.session.doc.get("draft"):
            self.session.doc["draft"] = None  # its result is on screen now
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

    def record_answer(self, question: Question, response: Response, grade: Grade) -> None:
        self.session.log_answer(question, grade)
        if self.session.doc.get("draft") is not None:  # sent: nothing is left unsent
            self.session.doc["draft"] = None  # (a saved attempt is merged: pop would keep it)
        self._save(soon=True)

    def action_leave(self) -> None:
        self.keep_draft()
        super().action_leave()

    def result_parts(self) -> list[Widget]:
        attempt = self.attempt
        passed = attempt.passed(self.pass_mark)
        icon, word = ("✔", "Bestået") if passed else ("✘", "Ikke bestået")
        parts: list[Widget] = [
            Static(Content.assemble((f"{icon} {word}", "bold")),
                   classes="verdict " + ("verdict-right" if passed else "verdict-wrong")),
            Static(plain(
                f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point "
                f"({percent(attempt.percent)}). Der skal {self.pass_mark} % til at bestå."
            )),
        ]
        parts.extend(self._revisit_parts())
        review = attempt.review()
        if review:
            parts.append(Static("Svar at se på igen:", classes="review-title"))
            for question, response, grade in review:
                icon, word, _ = verdict(grade)
                parts.append(Static(Content("\n").join([
                    Content.assemble((f"{icon} ", "bold"), (question.prompt, "bold")),
                    answer_content("Dit svar", question, response, style=""),
                    answer_content("Rigtigt svar", question, correct_response(question),
                                   style=""),
                    Content(question.explanation),
                    *(Content.assemble((f"Hvorfor ikke »{option}«? ", "bold"), why)
                      for option, why in wrong_picks(question, response) if why),
                ]), classes="review-item"))
        parts.extend(self._objective_parts())
        advice = ("Godt klaret! Tryk Esc for at gå tilbage til modulet." if passed else
                  "Læs siderne igen, og tryk R for et nyt forsøg med nye spørgsmål.")
        parts.append(Static(advice + (" Du kan altid prøve igen med R." if passed else ""),
                            classes="hint next-hint"))
        return parts

    def _revisit_parts(self) -> list[Widget]:
        """The objective(s) with the lowest share of points, when below 100 %."""
        module = self.app.course.module(self.module_id)
        revisit = set(self.attempt.to_revisit())
        texts = [o.text for o in module.objectives if o.id in revisit]
        if not texts:
            return []
        return [Static(Content.assemble(("Arbejd mere med at kunne ", "bold"),
                                        plain(" og ".join(texts) + ".")), classes="revisit")]

    def _objective_parts(self) -> list[Widget]:
        """Points per learning objective."""
        module = self.app.course.module(self.module_id)
        results = {r.objective: r for r in self.attempt.by_objective()}
        if not module.objectives or not results:
            return []
        lines = []
        for objective in module.objectives:
            result = results.get(objective.id)
            if result is None:
                continue
            icon = "✔" if result.share >= 1 else "◐" if result.share > 0 else "✘"
            lines.append(Content.assemble(
                f"{icon} ", plain(objective.text),
                (f"  ({points(result.score)} af {points(result.max_score)} point)", "dim"),
            ))
        return [
            Static("Dine point pr. læringsmål – du kan …", classes="review-title"),
            Static(Content("\n").join(lines), classes="objectives"),
        ]
