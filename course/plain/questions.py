"""One question at a time, typed as numbers or words, and the feedback on it: the flow
module quizzes and glossary quizzes share (as :mod:`course.tui.screens.questions`).
The question kinds (:mod:`course.engine.kinds`) say how an answer is typed and read."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from course.content.model import Question
from course.engine import kinds
from course.engine.grading import Response
from course.engine.quiz import QuizAttempt
from course.engine.views import Feedback

from .session import BACK_WORDS, Back, Session
from .terminal import command_word
from .text import PROCENT, feedback_lines


def show_question(s: Session, question: Question, shown: list[str], number: int,
                  total: int, heading: str) -> None:
    term = s.term
    term.heading(f"{heading}. Spørgsmål {number} af {total}.")
    term.say(question.prompt)
    term.say(*kinds.of(question).typed_lines(question, shown))


def ask_response(s: Session, question: Question, shown: list[str],
                 repeat: Callable[[], None]) -> Response:
    """Ask until the answer has the right form; Back on ``tilbage``."""
    kind = kinds.of(question)
    prompt, help = kind.typed_prompt(question, shown)
    while True:
        answer = s.term.ask(prompt, help=help, repeat=repeat, lookup=not kind.typed)
        word = command_word(answer)
        if word == "tilbage" or (word == "t" and not kind.typed):
            raise Back
        response, problem = parse_response(question, shown, answer)
        if problem is None:
            return response
        s.term.say(problem)


def parse_response(question: Question, shown: list[str],
                   answer: str) -> tuple[Response, str | None]:
    """The typed answer as a response, or None and what is wrong with it (Danish)."""
    return kinds.of(question).parse(question, shown, answer)


def show_feedback(s: Session, feedback: Feedback) -> None:
    s.term.heading(feedback.headline(PROCENT) + ".")
    s.term.say(*feedback_lines(feedback))


def run_questions(s: Session, attempt: QuizAttempt, heading: str,
                  answered: Callable[[Question, Response], Feedback]) -> None:
    """Ask every question not yet answered, with feedback; Back on ``tilbage``."""
    term = s.term
    while (question := attempt.current()) is not None:
        shown = attempt.presentation(question.id)
        number, total = attempt.answered + 1, len(attempt)

        def show(question: Question = question, shown: list[str] = shown, number: int = number,
                 total: int = total) -> None:
            show_question(s, question, shown, number, total, heading)

        show()
        response = ask_response(s, question, shown, show)
        feedback = answered(question, response)
        show_feedback(s, feedback)
        follow = "at se dit resultat" if attempt.is_finished else "næste spørgsmål"
        answer = term.ask(f"Tryk Enter for {follow}, eller skriv t for tilbage:",
                          help="Tryk Enter for at gå videre. Dit svar er gemt.",
                          repeat=partial(show_feedback, s, feedback))
        if command_word(answer) in BACK_WORDS:
            raise Back
