"""What a learner is shown after an answer, a quiz or a scenario choice, as plain data.

The web pages render these; they hold every decision a learner could see (the verdict,
the points, which parts of the answer to show, the why of each wrong option, the quote,
the objectives to revisit, a scenario's effects and its tally), so a template only lays
them out. The texts are the ones the terminal shows (:mod:`course.tui.widgets.feedback`,
:mod:`course.tui.screens.quiz`, :mod:`course.tui.screens.scenario`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course.content.model import Course, Question, Scenario

from .grading import Grade, correct_response, response_parts, wrong_picks
from .numbers import percent, points, share_percent
from .quiz import QuizAttempt
from .scenario import ScenarioRun

__all__ = [
    "AnswerFeedback",
    "ChoiceView",
    "EndingView",
    "ObjectiveLine",
    "QuizResultView",
    "answer_feedback",
    "choice_view",
    "ending_view",
    "quiz_result",
]

VERDICTS = {
    "right": ("✔", "Rigtigt"),
    "partly": ("◐", "Delvist rigtigt"),
    "wrong": ("✘", "Ikke rigtigt"),
}


@dataclass(frozen=True)
class AnswerFeedback:
    """The feedback on one answer."""

    question_id: str
    prompt: str
    verdict: str  # "right", "partly" or "wrong"
    icon: str
    word: str  # "Rigtigt", "Delvist rigtigt", "Ikke rigtigt"
    share: str  # " (50 %)" for a partly right answer, else ""
    points: str  # "0,5 af 1 point"
    your_answer: tuple[str, ...]  # one part a line
    right_answer: tuple[str, ...]  # empty when the answer was right
    explanation: str
    why_not: tuple[tuple[str, str], ...]  # (wrong option chosen, why it is wrong)
    quote: str | None
    source: str  # the policy section's title
    objective: str | None  # the learning objective's text


def _verdict(grade: Grade) -> str:
    if grade.correct:
        return "right"
    return "partly" if grade.score > 0 else "wrong"


def answer_feedback(course: Course, question: Question, response: Any,
                    grade: Grade) -> AnswerFeedback:
    verdict = _verdict(grade)
    icon, word = VERDICTS[verdict]
    share = (f" ({share_percent(grade.score, grade.max_score)} %)"
             if verdict == "partly" else "")
    objective = None
    for module in course.modules:
        found = module.objective(question.objective) if question.objective else None
        if found is not None:
            objective = found.text
            break
    try:
        source = course.section(question.source).title
    except KeyError:
        source = question.source
    return AnswerFeedback(
        question_id=question.id,
        prompt=question.prompt,
        verdict=verdict,
        icon=icon,
        word=word,
        share=share,
        points=f"{points(grade.score)} af {points(grade.max_score)} point",
        your_answer=tuple(response_parts(question, response)),
        right_answer=() if grade.correct else tuple(
            response_parts(question, correct_response(question))),
        explanation=question.explanation,
        why_not=tuple((option, why) for option, why in wrong_picks(question, response) if why),
        quote=question.quote,
        source=source,
        objective=objective,
    )


@dataclass(frozen=True)
class ObjectiveLine:
    icon: str
    text: str
    points: str  # "1 af 2 point"


@dataclass(frozen=True)
class QuizResultView:
    passed: bool
    icon: str
    word: str  # "Bestået" / "Ikke bestået"
    summary: str  # "Du fik 6 af 8 point (75 %). Der skal 80 % til at bestå."
    revisit: str | None  # "kunne … og kunne …." (the objectives with the fewest points)
    review: tuple[AnswerFeedback, ...]  # the answers not fully right, in the order shown
    objectives: tuple[ObjectiveLine, ...]


def quiz_result(course: Course, module_id: str, attempt: QuizAttempt,
                pass_mark: int) -> QuizResultView:
    passed = attempt.passed(pass_mark)
    module = course.module(module_id)
    revisit_ids = set(attempt.to_revisit())
    revisit = [o.text for o in module.objectives if o.id in revisit_ids]
    results = {r.objective: r for r in attempt.by_objective()}
    lines = []
    for objective in module.objectives:
        result = results.get(objective.id)
        if result is None:
            continue
        icon = "✔" if result.share >= 1 else "◐" if result.share > 0 else "✘"
        lines.append(ObjectiveLine(icon, objective.text,
                                   f"{points(result.score)} af {points(result.max_score)} point"))
    return QuizResultView(
        passed=passed,
        icon="✔" if passed else "✘",
        word="Bestået" if passed else "Ikke bestået",
        summary=(f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point "
                 f"({percent(attempt.percent)}). Der skal {pass_mark} % til at bestå."),
        revisit=" og ".join(revisit) + "." if revisit else None,
        review=tuple(answer_feedback(course, q, response, grade)
                     for q, response, grade in attempt.review()),
        objectives=tuple(lines),
    )


@dataclass(frozen=True)
class ChoiceView:
    """The choice just taken: its text, what it does, the focus areas it touches."""

    text: str
    feedback: str
    strengthens: tuple[str, ...]  # focus area titles
    weakens: tuple[str, ...]
    leads_to_ending: bool


def choice_view(course: Course, run: ScenarioRun, step: int | None = None) -> ChoiceView | None:
    """The ``step``-th choice of the run (1-based; default the last), or None if none."""
    taken = run.choices_taken()
    step = len(taken) if step is None else step
    if not 1 <= step <= len(taken):
        return None
    choice = taken[step - 1]
    return ChoiceView(
        text=choice.text,
        feedback=choice.feedback,
        strengthens=tuple(course.focus_area(f).title for f, v in choice.effects if v > 0),
        weakens=tuple(course.focus_area(f).title for f, v in choice.effects if v < 0),
        leads_to_ending=step == len(taken) and run.is_finished,
    )


@dataclass(frozen=True)
class EndingView:
    title: str
    text: str  # Markdown
    tallies: tuple[tuple[str, str], ...]  # (focus area title, "▲ styrket 2 gange, ▼ svækket 0 gange")
    reflection_prompt: str  # Markdown
    reflection: str | None


def _times(n: int) -> str:
    return f"{n} gang" if n == 1 else f"{n} gange"


def ending_view(course: Course, scenario: Scenario, run: ScenarioRun) -> EndingView:
    ending = run.ending
    if ending is None:
        raise ValueError("the run has not ended")
    return EndingView(
        title=ending.ending or "",
        text=ending.text,
        tallies=tuple(
            (course.focus_area(t.focus_id).title,
             f"▲ styrket {_times(t.strengthened)}, ▼ svækket {_times(t.weakened)}")
            for t in run.focus_summary()),
        reflection_prompt=scenario.reflection,
        reflection=run.reflection,
    )
