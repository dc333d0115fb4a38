"""A quiz: one question at a time, feedback that teaches, then the result and a review.

The attempt (engine) decides order, grading and the score; the record (store) saves the
attempt after every answer, so a closed terminal loses nothing and "Fortsæt" resumes
the same attempt with the same order and options. The question-by-question flow is
shared with the glossary quiz (:mod:`.questions`).
"""

from __future__ import annotations

import secrets
import uuid

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from course.content.model import Question
from course.engine.grading import (
    Grade,
    Response,
    correct_response,
    describe_response,
    wrong_picks,
)
from course.engine.quiz import (
    QuizAttempt,
    effective_pass_mark,
    previous_question_ids,
    start_module_attempt,
)
from progress import Position
from progress.store import now

from ..text import plain
from ..widgets.feedback import verdict
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
        self.questions = {q.id: q for q in course.questions_for(module_id, learner.track)}
        self.pass_mark = effective_pass_mark(course.quiz(module_id), course.track(learner.track))
        self.doc: dict = {}

    def heading(self) -> str:
        return f"Quiz: {self.app.course.module(self.module_id).title}"

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
        # The questions are drawn from the track's pool, never the same set as last time.
        course, track = self.app.course, self.app.learner.track
        previous = previous_question_ids(self.app.facts().attempts, self.module_id)
        self.attempt = start_module_attempt(course, self.module_id, track, secrets.randbits(32),
                                            previous)
        self.doc = {
            "id": uuid.uuid4().hex,
            "module": self.module_id,
            "started": now(),
            "finished": None,
            "pass_mark": self.pass_mark,
            "answers": [],
        }
        self._save()

    async def restart(self) -> None:
        self._new_attempt()
        await self.show_current()

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

    def record_answer(self, question: Question, response: Response, grade: Grade) -> None:
        self.doc.setdefault("answers", []).append({
            "question": question.id,
            "response": self.attempt.result(question.id)[0],
            "score": grade.score,
            "correct": grade.correct,
            "at": now(),
        })
        self._save()

    def result_parts(self) -> list[Widget]:
        attempt = self.attempt
        passed = attempt.passed(self.pass_mark)
        icon, word = ("✔", "Bestået") if passed else ("✘", "Ikke bestået")
        parts: list[Widget] = [
            Static(Content.assemble((f"{icon} {word}", "bold")),
                   classes="verdict " + ("verdict-right" if passed else "verdict-wrong")),
            Static(plain(
                f"Du fik {attempt.score:g} af {attempt.max_score:g} point "
                f"({attempt.percent:.0f} %). Der skal {self.pass_mark} % til at bestå."
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
                    Content.assemble("Dit svar: ", describe_response(question, response)),
                    Content.assemble("Rigtigt svar: ",
                                     describe_response(question, correct_response(question))),
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
                (f"  ({result.score:g} af {result.max_score:g} point)", "dim"),
            ))
        return [
            Static("Dine point pr. læringsmål – du kan …", classes="review-title"),
            Static(Content("\n").join(lines), classes="objectives"),
        ]
