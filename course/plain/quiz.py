"""A module quiz: answered through :meth:`course.engine.session.QuizSession.answer`, as
in the terminal app, then its result and review (as :mod:`course.tui.screens.quiz`)."""

from __future__ import annotations

from course.content.model import Module, Question
from course.engine.grading import Response
from course.engine.session import QuizSession
from course.engine.views import Feedback, pass_rule

from .questions import run_questions
from .session import Session, typed_words
from .terminal import command_word
from .text import PROCENT, plural, result_lines


def quiz(s: Session, module: Module) -> None:
    term, course, track_id = s.term, s.course, s.learner.track
    session = QuizSession.open(course, module.id, track_id, s.facts())
    position = s.position(session.position)

    def save() -> None:
        doc = session.doc
        s.save(lambda record: record.save_attempt(doc, position), "Dit svar")

    heading = f"Quiz: {module.title}"
    if session.resumed and session.attempt.is_finished:
        save()  # answered to the end before, but not marked finished: it is now
    if session.resumed and session.attempt.answered:
        term.heading(heading)
        term.say(f"Du fortsætter dit forsøg. Du har svaret på {session.attempt.answered} "
                 f"af {len(session.attempt)} spørgsmål.")
    else:
        save()
        if not session.attempt.is_finished:
            term.heading(heading)
            term.say(f"Quizzen har {plural(len(session.attempt), 'spørgsmål', 'spørgsmål')}."
                     f" {pass_rule(session.pass_mark, PROCENT)}")

    def answered(question: Question, response: Response) -> Feedback:
        feedback = session.answer(question.id, response)  # as the terminal answers
        save()
        return feedback

    while True:
        run_questions(s, session.attempt, heading, answered)
        show_result(s, module, session)
        answer = term.ask("Skriv igen for et nyt forsøg med nye spørgsmål, eller tryk "
                          "Enter for at gå tilbage til modulet:",
                          help="Et nyt forsøg stiller nye spørgsmål. Alle dine forsøg "
                               "er gemt; det bedste tæller.",
                          repeat=lambda: show_result(s, module, session))
        if command_word(answer) not in typed_words("igen", "i", "r", "nyt forsøg"):
            return
        session.restart(s.facts().attempts)
        save()


def show_result(s: Session, module: Module, session: QuizSession) -> None:
    result = session.result()
    s.term.heading(f"Resultat: {result.word}.")
    for line in result_lines(result):
        s.term.say(line) if line else s.term.blank()
