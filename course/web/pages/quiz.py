"""A module's quiz: one question a page, the feedback on each answer, the result.

The attempt is the engine's :class:`~course.engine.session.QuizSession`, saved in the
learner's record after every answer, so the terminal and the plain mode go on with the
same attempt, in the same order. Each form names its attempt and question: an answer to
a question already answered (the back button, a second click) is never counted again,
and a form from an older attempt changes nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from course.engine.quiz import QuizAttempt
from course.engine.session import QuizSession
from course.engine.views import quiz_result
from progress import Position

from .answers import ChangedForm, read_answer, shown_lines
from .core import PageProblem, Pages, Visit, one, page, redirect
from .course_map import module_of


def _doc(facts: Any, module_id: str, attempt_id: str) -> dict[str, Any] | None:
    for doc in reversed(facts.attempts):
        if doc.get("module") == module_id and doc.get("id") == attempt_id:
            return doc
    return None


def _session(pages: Pages, visit: Visit, module_id: str, doc: dict[str, Any]) -> QuizSession:
    session = QuizSession(pages.course, module_id, visit.learner.track)
    try:
        session.attempt = QuizAttempt.from_dict(doc.get("state", {}), session.questions)
    except ValueError:
        raise PageProblem("Forsøget kan ikke læses",
                          "Dette forsøg kan ikke vises. Start et nyt forsøg fra modulet.", 409,
                          link=(f"/modul/{module_id}", "Til modulet")) from None
    session.doc = doc
    session.resumed = True
    return session


def _question_context(pages: Pages, session: QuizSession, question, kept=None) -> dict:
    attempt = session.attempt
    shown = attempt.presentation(question.id)
    return {
        "question": question,
        "shown": shown,
        "lines": shown_lines(question),
        "number": attempt.question_ids.index(question.id) + 1,
        "count": len(attempt),
        "attempt_id": session.doc["id"],
        "kept": kept or {},
    }


@page("learner")
async def quiz(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    learner = visit.learner
    module = module_of(pages, visit, request.match_info["module"])
    if not pages.course.questions_for(module.id, learner.track):
        raise PageProblem("Modulet har ingen quiz", "Dette modul har ingen quiz i dit forløb.",
                          404, link=(f"/modul/{module.id}", "Til modulet"))
    record = pages.record(learner)
    facts = record.facts()
    open_doc = facts.open_attempt(module.id)
    if open_doc is None:
        finished = [d for d in facts.attempts if d.get("module") == module.id and d.get("finished")]
        session = QuizSession(pages.course, module.id, learner.track)
        pool = len(session.questions)
        draw = pages.course.quiz(module.id).draw
        return pages.render(
            visit, "quiz_start.html", f"Quiz: {module.title}", module=module,
            questions=min(draw, pool) if draw else pool, pass_mark=session.pass_mark,
            last=finished[-1] if finished else None,
            best=facts.best_percent(module.id), passed=module.id in facts.passed_quizzes())
    session = QuizSession.open(pages.course, module.id, learner.track, facts)
    question = session.attempt.current()
    if question is None:  # every answer saved, the finish was not
        await pages.io(record.save_attempt, session.doc, Position(module.id, activity="quiz"))
        return redirect(f"/modul/{module.id}/quiz/{session.doc['id']}/resultat")
    if facts.position != Position(module.id, activity="quiz"):
        await pages.io(record.set_position, Position(module.id, activity="quiz"))
    number = session.attempt.question_ids.index(question.id) + 1
    return pages.render(visit, "quiz_question.html",
                        f"Quiz: {module.title}, spørgsmål {number} af {len(session.attempt)}",
                        module=module, **_question_context(pages, session, question))


@page("learner")
async def start(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    learner = visit.learner
    module = module_of(pages, visit, request.match_info["module"])
    record = pages.record(learner)
    facts = record.facts()
    if facts.open_attempt(module.id) is None and pages.course.questions_for(module.id,
                                                                          learner.track):
        session = QuizSession.open(pages.course, module.id, learner.track, facts)
        await pages.io(record.save_attempt, session.doc, Position(module.id, activity="quiz"))
    return redirect(f"/modul/{module.id}/quiz")


@page("learner")
async def answer(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    learner = visit.learner
    module = module_of(pages, visit, request.match_info["module"])
    attempt_id, question_id = one(form, "forsoeg"), one(form, "spoergsmaal")
    record = pages.record(learner)
    facts = record.facts()
    doc = _doc(facts, module.id, attempt_id)
    if doc is None:
        raise PageProblem(
            "Formularen passer ikke til din quiz",
            "Svaret hører til et forsøg, der ikke findes (længere). Intet er gemt. Gå til "
            "quizzen, og svar derfra.", 409, link=(f"/modul/{module.id}/quiz", "Til quizzen"))
    session = _session(pages, visit, module.id, doc)
    attempt = session.attempt
    if question_id not in attempt.question_ids:
        raise PageProblem(
            "Spørgsmålet er ikke i dit forsøg",
            "Svaret gælder et spørgsmål, der ikke er med i dit forsøg. Intet er gemt. Gå til "
            "quizzen, og svar på det spørgsmål, den viser.", 409,
            link=(f"/modul/{module.id}/quiz", "Til quizzen"))
    feedback_url = f"/modul/{module.id}/quiz/{doc['id']}/svar/{question_id}"
    if attempt.result(question_id) is not None:
        # Sent twice, or again from an old page: the first answer counts, once.
        visit.flash("Du havde allerede svaret på dette spørgsmål. Dit første svar gælder.")
        return redirect(feedback_url)
    if doc.get("finished") or attempt.current() is None:
        return redirect(f"/modul/{module.id}/quiz/{doc['id']}/resultat")
    question = attempt.current()
    if question.id != question_id:
        visit.flash("Svaret kom fra en ældre side, så det er ikke gemt. Her er det spørgsmål, "
                    "du er nået til.")
        return redirect(f"/modul/{module.id}/quiz")
    try:
        reading = read_answer(question, attempt.presentation(question.id), form)
    except ChangedForm:
        raise PageProblem(
            "Svaret passer ikke til spørgsmålet",
            "Formularen er blevet ændret, så svaret ikke passer til spørgsmålet. Intet er "
            "gemt. Gå til quizzen, og svar igen.", 400,
            link=(f"/modul/{module.id}/quiz", "Til quizzen")) from None
    if reading.response is None:
        number = attempt.question_ids.index(question.id) + 1
        return pages.render(visit, "quiz_question.html",
                            f"Fejl: Quiz: {module.title}, spørgsmål {number} af {len(attempt)}",
                            status=400, module=module, errors=reading.errors,
                            **_question_context(pages, session, question, reading.kept))
    session.answer(question.id, reading.response)
    if session.doc.get("draft") is not None:
        session.doc["draft"] = None
    await pages.io(record.save_attempt, session.doc, Position(module.id, activity="quiz"))
    return redirect(f"/modul/{module.id}/quiz/{session.doc['id']}/svar/{question_id}")


def _addressed(pages: Pages, visit: Visit, request: web.Request):
    """The module, the learner's facts, the attempt's record and its session that the
    page's address names; a Danish 404 page when the learner has no such attempt."""
    module = module_of(pages, visit, request.match_info["module"])
    facts = pages.record(visit.learner).facts()
    doc = _doc(facts, module.id, request.match_info["attempt"])
    if doc is None:
        raise PageProblem("Forsøget findes ikke", "Det forsøg findes ikke.", 404,
                          link=(f"/modul/{module.id}/quiz", "Til quizzen"))
    return module, facts, doc, _session(pages, visit, module.id, doc)


@page("learner")
async def feedback(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    module, _, doc, session = _addressed(pages, visit, request)
    question_id = request.match_info["question"]
    result = (session.attempt.result(question_id)
              if question_id in session.attempt.question_ids else None)
    if result is None:
        return redirect(f"/modul/{module.id}/quiz")
    question = session.attempt_question(question_id)
    number = session.attempt.question_ids.index(question_id) + 1
    finished = session.attempt.is_finished
    return pages.render(
        visit, "quiz_feedback.html",
        f"Quiz: {module.title}, svar på spørgsmål {number} af {len(session.attempt)}",
        module=module, question=question, number=number, count=len(session.attempt),
        fb=session.feedback(question_id),
        next_url=(f"/modul/{module.id}/quiz/{doc['id']}/resultat" if finished
                  else f"/modul/{module.id}/quiz"),
        next_text="Se resultatet" if finished else "Næste spørgsmål")


@page("learner")
async def result(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    module, facts, doc, session = _addressed(pages, visit, request)
    if not session.attempt.is_finished:
        return redirect(f"/modul/{module.id}/quiz")
    pass_mark = doc.get("pass_mark") if isinstance(doc.get("pass_mark"), int) else session.pass_mark
    view = quiz_result(pages.course, session.attempt, pass_mark, module)
    open_now = facts.open_attempt(module.id) is not None
    return pages.render(visit, "quiz_result.html", f"Quiz: {module.title}, resultat",
                        module=module, view=view, open_now=open_now)


def routes() -> list[web.RouteDef]:
    return [
        web.get("/modul/{module}/quiz", quiz),
        web.post("/modul/{module}/quiz/start", start),
        web.post("/modul/{module}/quiz/svar", answer),
        web.get("/modul/{module}/quiz/{attempt}/svar/{question}", feedback),
        web.get("/modul/{module}/quiz/{attempt}/resultat", result),
    ]
