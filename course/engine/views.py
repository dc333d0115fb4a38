"""What a learner is shown, decided once: the models every front end renders.

The terminal app (``course.tui``), the plain line mode (``course.plain``), the HTML
export (``course.export``) and the web pages (``course.web``) do not compose their own
feedback, results or endings. They ask this module for a frozen dataclass and render its
fields; they never grade, count, compare or word a rule themselves. So the four read the
same, and a fifth front end starts from here.

The models
==========

:class:`Part`
    One part of an answer, ready to show one to a line: ``text`` as a screen writes it
    ("Borger → stemmer", "1. Læs"), ``spoken`` as a screen reader reads it well
    ("Borger: stemmer", no arrow), and ``right``: True (✔ / "rigtigt"), False (✘ /
    "forkert") or None (not marked: the answer key, a true/false answer).

:class:`WhyNot`
    A wrong option and why it is wrong (``heading`` is »Hvorfor ikke »…«?«).

:class:`AnswerKey`
    What is true of a question whatever was answered: the right answer as parts in the
    order the learner saw the options (``right``), why each wrong option is wrong
    (``why_not``, in that order), the explanation, the quote (``quote``, None when there
    is none) and the section it comes from (``section``), and the learning objective it
    checks (``objective``, its text, or None). The HTML export's self-check pages render
    exactly this; :func:`answer_key` builds it.

:class:`Feedback`
    The feedback on one answer (:func:`feedback`): ``verdict`` ("right", "partly",
    "wrong") with ``icon`` (✔ ◐ ✘) and ``word`` (Rigtigt, Delvist rigtigt, Ikke
    rigtigt), ``score`` of ``max_score`` and, when partly right, ``share`` (a whole per
    cent); ``answer``: the learner's answer as parts in the order they saw them, each
    marked right or wrong (multiple choice: the ticked options; matching: every line and
    the partner chosen; ordering: the learner's order); ``chosen_why_not``: the why of
    each wrong option the learner chose; ``spelling``: the accepted spelling when a typo
    was forgiven (:meth:`Feedback.headline` then reads »Rigtigt – det staves »…«»);
    ``key``: the :class:`AnswerKey` (its right answer is shown when ``show_right``).

:class:`QuizResult`
    A finished (or half-finished) attempt (:func:`quiz_result`): passed or not, score,
    per cent, the pass mark and its rule in words (:meth:`QuizResult.rule`), points per
    learning objective (:class:`ObjectiveScore`), the objectives to work on
    (``revisit``), the advice, and a :class:`Feedback` for every answer in the order
    asked (``answers``; ``review`` keeps the ones not fully right, which the screens
    list under »Svar at se på igen«).

:class:`ChoiceOutcome`
    One scenario step (:func:`choice_outcome`): the choice made, what it does, the focus
    areas it strengthens and weakens (titles), and whether it ends the scenario.

:class:`ScenarioEnding`
    A scenario's ending (:func:`scenario_ending`): its title and text, how the path
    touched each focus area (:class:`FocusLine`), the reflection question and the
    learner's saved answer.

Figures follow :mod:`course.engine.numbers`: a method that writes a per cent takes
``sign`` (" %" on screens, " procent" in the plain mode, for a screen reader). Every text
about a rule (the pass mark) comes from :func:`pass_rule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course.content.model import Course, Module, Question, Scenario
from course.engine.numbers import percent, points, share_percent

from . import kinds
from .grading import Grade
from .grading import grade as grade_response
from .quiz import QuizAttempt
from .scenario import ScenarioRun, Step

__all__ = [
    "AnswerKey",
    "ChoiceOutcome",
    "Feedback",
    "FocusLine",
    "ObjectiveScore",
    "Part",
    "QuizResult",
    "ScenarioEnding",
    "WhyNot",
    "answer_key",
    "certificate_rule",
    "choice_outcome",
    "feedback",
    "pass_rule",
    "quiz_result",
    "scenario_ending",
    "step_outcome",
    "validity",
]

RIGHT, PARTLY, WRONG = "right", "partly", "wrong"
ICONS = {RIGHT: "✔", PARTLY: "◐", WRONG: "✘"}
WORDS = {RIGHT: "Rigtigt", PARTLY: "Delvist rigtigt", WRONG: "Ikke rigtigt"}


def pass_rule(pass_mark: int, sign: str = " %") -> str:
    """The pass mark in words, the one text every front end shows about it:
    "Der skal 80 % rigtige til at bestå." (``sign`` " procent" in the plain mode)."""
    return f"Der skal {pass_mark}{sign} rigtige til at bestå."


def certificate_rule(pass_mark: int, sign: str = " %") -> str:
    """The pass mark on the certificate's checklist: "Hver quiz skal bestås med mindst
    80 %." (``sign`` " procent" in the plain mode)."""
    return f"Hver quiz skal bestås med mindst {pass_mark}{sign}."


def validity(years: int | None) -> str:
    """How long a certificate of a track stays valid, in words."""
    return f"Det er gyldigt i {years} år." if years else "Det udløber ikke."


def verdict_of(grade: Grade) -> str:
    """ "right", "partly" or "wrong"."""
    if grade.correct:
        return RIGHT
    return PARTLY if grade.score > 0 else WRONG


@dataclass(frozen=True)
class Part:
    """One part of an answer (see the module docstring)."""

    text: str
    spoken: str
    right: bool | None = None


@dataclass(frozen=True)
class WhyNot:
    """A wrong option and why it is wrong."""

    option: str
    why: str

    @property
    def heading(self) -> str:
        return f"Hvorfor ikke »{self.option}«?"


@dataclass(frozen=True)
class AnswerKey:
    """What is true of a question whatever was answered (see the module docstring)."""

    question_id: str
    type: str
    prompt: str
    shown: tuple[str, ...]
    right: tuple[Part, ...]
    why_not: tuple[WhyNot, ...]
    explanation: str
    quote: str | None
    section: str
    objective: str | None
    numbered: bool = False  # the parts carry their own numbers ("1. x"): no bullet
    also_right: tuple[str, ...] = ()  # other answers that count (a typed answer's spellings)

    @property
    def right_label(self) -> str:
        """ "Rigtigt svar", or "Rigtige svar" when several options are right."""
        return "Rigtige svar" if self.type == "multiple" and len(self.right) > 1 else "Rigtigt svar"


@dataclass(frozen=True)
class Feedback:
    """The feedback on one answer (see the module docstring)."""

    key: AnswerKey
    verdict: str
    score: float
    max_score: float
    answer: tuple[Part, ...]
    chosen_why_not: tuple[WhyNot, ...]
    spelling: str | None = None

    @property
    def correct(self) -> bool:
        return self.verdict == RIGHT

    @property
    def icon(self) -> str:
        return ICONS[self.verdict]

    @property
    def word(self) -> str:
        return WORDS[self.verdict]

    @property
    def share(self) -> int | None:
        """The per cent earned when partly right, else None."""
        return share_percent(self.score, self.max_score) if self.verdict == PARTLY else None

    @property
    def points(self) -> str:
        """ "0,5 af 1 point"."""
        return f"{points(self.score)} af {points(self.max_score)} point"

    @property
    def show_right(self) -> bool:
        """Whether the right answer is shown (not when the answer was right)."""
        return not self.correct

    def headline(self, sign: str = " %") -> str:
        """ "Rigtigt", "Delvist rigtigt (50 %)", "Ikke rigtigt", or for a forgiven typo
        "Rigtigt – det staves »forskellighed«"."""
        if self.spelling:
            return f"{self.word} – det staves »{self.spelling}«"
        if self.share is not None:
            return f"{self.word} ({self.share}{sign})"
        return self.word


def answer_key(course: Course, question: Question, shown: list[str] | tuple[str, ...],
               module: Module | None = None) -> AnswerKey:
    """The :class:`AnswerKey` of ``question`` with its parts shown in ``shown`` order
    (``QuizAttempt.presentation``; [] for the content's order). ``module`` names the
    objective (found in the course when None)."""
    kind = kinds.of(question)
    shown = tuple(shown) or tuple(kind.parts(question))
    why_not = tuple(WhyNot(option, why) for option, why in kind.why_not(question, list(shown)))
    return AnswerKey(
        question_id=question.id,
        type=question.type,
        prompt=question.prompt,
        shown=shown,
        right=tuple(Part(*p) for p in kind.right_parts(question, list(shown))),
        why_not=why_not,
        explanation=question.explanation,
        quote=question.quote,
        section=course.section(question.source).title,
        objective=_objective_text(course, question, module),
        numbered=kind.numbered_parts,
        also_right=kind.also_right(question),
    )


def _objective_text(course: Course, question: Question, module: Module | None) -> str | None:
    if question.objective is None:
        return None
    modules = [module] if module is not None else course.modules
    for candidate in modules:
        found = candidate.objective(question.objective)
        if found is not None:
            return found.text
    return None


def feedback(course: Course, question: Question, response: Any,
             shown: list[str] | tuple[str, ...] = (), grade: Grade | None = None,
             module: Module | None = None) -> Feedback:
    """The :class:`Feedback` on ``response`` to ``question`` as shown in ``shown``."""
    kind = kinds.of(question)
    grade = grade if grade is not None else grade_response(question, response)
    key = answer_key(course, question, shown, module)
    chosen = kind.chosen_wrong(question, response, list(key.shown))
    why = {w.option: w for w in key.why_not}
    return Feedback(
        key=key,
        verdict=verdict_of(grade),
        score=grade.score,
        max_score=grade.max_score,
        answer=tuple(Part(*p) for p in kind.answer_parts(question, response, list(key.shown))),
        chosen_why_not=tuple(why[o] for o in chosen if o in why),
        spelling=kind.spelling(question, response) if grade.correct else None,
    )


# --- a quiz result ---------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveScore:
    """The points an attempt earned on one learning objective."""

    text: str
    score: float
    max_score: float

    @property
    def verdict(self) -> str:
        if self.score >= self.max_score:
            return RIGHT
        return PARTLY if self.score > 0 else WRONG

    @property
    def icon(self) -> str:
        return ICONS[self.verdict]

    @property
    def points(self) -> str:
        """ "1 af 2 point"."""
        return f"{points(self.score)} af {points(self.max_score)} point"


@dataclass(frozen=True)
class QuizResult:
    """An attempt's result and its review (see the module docstring)."""

    passed: bool
    score: float
    max_score: float
    percent: float
    pass_mark: int | None
    objectives: tuple[ObjectiveScore, ...]
    revisit: tuple[str, ...]
    answers: tuple[Feedback, ...]

    @property
    def review(self) -> tuple[Feedback, ...]:
        """The answers not fully right, in the order asked."""
        return tuple(f for f in self.answers if not f.correct)

    @property
    def word(self) -> str:
        return "Bestået" if self.passed else "Ikke bestået"

    @property
    def icon(self) -> str:
        return "✔" if self.passed else "✘"

    def score_line(self, sign: str = " %") -> str:
        """ "Du fik 3 af 5 point (60 %)."."""
        return (f"Du fik {points(self.score)} af {points(self.max_score)} point "
                f"({percent(self.percent, sign)}).")

    def rule(self, sign: str = " %") -> str:
        """The pass mark in words ("" for practice with no pass mark)."""
        return pass_rule(self.pass_mark, sign) if self.pass_mark is not None else ""

    objectives_title = "Dine point pr. læringsmål – det, du skal kunne"
    """The heading of the points per objective (an objective completes "… kunne"; never
    "du kan …" over an objective with 0 points)."""

    @property
    def revisit_line(self) -> str:
        """ "Arbejd mere med at kunne a og b." ("" when every objective got full marks)."""
        return f"Arbejd mere med at kunne {' og '.join(self.revisit)}." if self.revisit else ""

    @property
    def advice(self) -> str:
        return ("Godt klaret! Du kan altid tage et nyt forsøg." if self.passed else
                "Læs siderne igen, og tag et nyt forsøg med nye spørgsmål.")


def quiz_result(course: Course, attempt: QuizAttempt, pass_mark: int | None = None,
                module: Module | None = None) -> QuizResult:
    """The :class:`QuizResult` of ``attempt`` (``pass_mark`` None: practice, never
    failed; ``module`` gives the objectives, in the module's order)."""
    by_objective = {r.objective: r for r in attempt.by_objective()}
    objectives: list[ObjectiveScore] = []
    revisit: list[str] = []
    if module is not None:
        low = set(attempt.to_revisit())
        for objective in module.objectives:
            found = by_objective.get(objective.id)
            if found is not None:
                objectives.append(ObjectiveScore(objective.text, found.score, found.max_score))
        revisit = [o.text for o in module.objectives if o.id in low]
    answers = []
    for question in attempt.questions:
        done = attempt.result(question.id)
        if done is not None:
            answers.append(feedback(course, question, done[0], attempt.presentation(question.id),
                                    done[1], module))
    return QuizResult(
        passed=attempt.passed(pass_mark) if pass_mark is not None else True,
        score=attempt.score, max_score=attempt.max_score, percent=attempt.percent,
        pass_mark=pass_mark, objectives=tuple(objectives), revisit=tuple(revisit),
        answers=tuple(answers),
    )


# --- a scenario ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceOutcome:
    """One scenario step: the choice, what it does, the focus areas it touches."""

    choice: str
    feedback: str
    strengthens: tuple[str, ...]
    weakens: tuple[str, ...]
    ends: bool


def choice_outcome(course: Course, step: Step) -> ChoiceOutcome:
    effects = step.choice.effects
    return ChoiceOutcome(
        choice=step.choice.text,
        feedback=step.choice.feedback,
        strengthens=tuple(course.focus_area(f).title for f, v in effects if v > 0),
        weakens=tuple(course.focus_area(f).title for f, v in effects if v < 0),
        ends=step.node.is_ending,
    )


def step_outcome(course: Course, run: ScenarioRun, number: int | None = None
                 ) -> ChoiceOutcome | None:
    """The outcome of the run's ``number``-th choice (1-based; default the last), or None
    when the run has no such step."""
    taken = run.choices_taken()
    number = len(taken) if number is None else number
    if not 1 <= number <= len(taken):
        return None
    choice = taken[number - 1]
    node = run.scenario.node(choice.next)
    return choice_outcome(course, Step(choice, node))


@dataclass(frozen=True)
class FocusLine:
    """How the choices on a path touched one focus area."""

    title: str
    strengthened: int
    weakened: int

    @property
    def counts(self) -> str:
        """ "styrket 2 gange, svækket 1 gang"."""
        return (f"styrket {self.strengthened} {'gang' if self.strengthened == 1 else 'gange'}, "
                f"svækket {self.weakened} {'gang' if self.weakened == 1 else 'gange'}")


@dataclass(frozen=True)
class ScenarioEnding:
    """A scenario's ending (see the module docstring)."""

    title: str
    text: str
    focus: tuple[FocusLine, ...]
    reflection_question: str
    reflection: str | None


def scenario_ending(course: Course, scenario: Scenario, run: ScenarioRun) -> ScenarioEnding:
    """The ending ``run`` reached (ValueError when it has not ended)."""
    ending = run.ending
    if ending is None:
        raise ValueError("the run has not ended")
    return ScenarioEnding(
        title=ending.ending or "",
        text=ending.text,
        focus=tuple(FocusLine(course.focus_area(t.focus_id).title, t.strengthened, t.weakened)
                    for t in run.focus_summary()),
        reflection_question=scenario.reflection,
        reflection=run.reflection,
    )
