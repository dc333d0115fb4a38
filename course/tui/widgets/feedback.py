"""Feedback panels, built once per screen and filled in after each answer or choice.

Updating existing widgets is much cheaper than mounting new ones (each new widget is
matched against the whole stylesheet), which keeps feedback within a frame or two of
the key press.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from course.content.model import Course, Question
from course.engine.grading import Grade, correct_response, response_parts, wrong_picks
from course.engine.numbers import share_percent

from ..text import plain, show_quote

VERDICTS = {
    "right": ("✔", "Rigtigt", "verdict-right"),
    "partly": ("◐", "Delvist rigtigt", "verdict-partly"),
    "wrong": ("✘", "Ikke rigtigt", "verdict-wrong"),
}


def verdict(grade: Grade) -> tuple[str, str, str]:
    """Icon, word and style class: never colour alone."""
    if grade.correct:
        return VERDICTS["right"]
    return VERDICTS["partly"] if grade.score > 0 else VERDICTS["wrong"]


class QuestionFeedback(Vertical):
    """Verdict, the learner's and the right answer, the explanation, the policy quote."""

    DEFAULT_CSS = """
    QuestionFeedback { height: auto; display: none; }
    QuestionFeedback.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="verdict")
        yield Static(classes="explanation answers")
        quote = Static(classes="quote")
        quote.border_title = "Fra politikken"
        yield quote
        yield Static(classes="hint source")
        yield Static(classes="hint next-hint")

    def show(self, course: Course, question: Question, response, grade: Grade, follow: str) -> None:
        icon, word, css = verdict(grade)
        share = ""
        if not grade.correct and grade.score > 0:
            share = f" ({share_percent(grade.score, grade.max_score)} %)"
        head = self.query_one(".verdict", Static)
        head.update(Content.assemble((f"{icon} {word}{share}", "bold")))
        head.set_classes(f"verdict {css}")
        lines = [answer_content("Dit svar", question, response)]
        if not grade.correct:
            lines.append(answer_content("Rigtigt svar", question, correct_response(question)))
        lines.append(Content(question.explanation))
        for option, why in wrong_picks(question, response):
            if why:  # why the tempting option the learner chose is wrong
                lines.append(Content.assemble((f"Hvorfor ikke »{option}«? ", "bold"), why))
        self.query_one(".answers", Static).update(Content("\n").join(lines))
        section = course.section(question.source).title
        quote = self.query_one(".quote", Static)
        source = self.query_one(".source", Static)
        quote.display = question.quote is not None
        source.display = question.quote is None
        if question.quote:
            show_quote(quote, question.quote, section)
        else:
            source.update(plain(f"Kilde: {section}"))
        self.query_one(".next-hint", Static).update(f"Tryk Enter: {follow}.")
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")


class ChoiceFeedback(Vertical):
    """The choice made, what it does, which focus areas it strengthens or weakens."""

    DEFAULT_CSS = """
    ChoiceFeedback { height: auto; display: none; }
    ChoiceFeedback.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="explanation choice-made")
        yield Static(classes="explanation choice-feedback")
        yield Static(classes="effects")
        yield Static(classes="hint next-hint")

    def show(self, course: Course, text: str, feedback: str,
             effects: tuple[tuple[str, int], ...], follow: str) -> None:
        self.query_one(".choice-made", Static).update(
            Content.assemble(("Dit valg: ", "bold"), text)
        )
        self.query_one(".choice-feedback", Static).update(Content(feedback))
        line = effects_line(course, effects)
        effects_widget = self.query_one(".effects", Static)
        effects_widget.display = bool(line.plain)
        effects_widget.update(line)
        self.query_one(".next-hint", Static).update(f"Tryk Enter: {follow}.")
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")


def answer_content(label: str, question: Question, response, style: str = "bold") -> Content:
    """ "Dit svar: Sandt" on one line; an answer of several parts (the options ticked,
    each line and its partner, the order) as "Dit svar:" and then one part a line."""
    parts = response_parts(question, response)
    if len(parts) == 1:
        return Content.assemble((f"{label}: ", style), parts[0])
    return Content("\n").join([Content.assemble((f"{label}:", style)),
                               *(Content.assemble("• ", part) for part in parts)])


def effects_line(course: Course, effects: tuple[tuple[str, int], ...]) -> Content:
    """ "▲ Styrker: Inklusion   ▼ Svækker: Ansvar …" (arrows and words, not only colour)."""
    up = [course.focus_area(f).title for f, v in effects if v > 0]
    down = [course.focus_area(f).title for f, v in effects if v < 0]
    parts = []
    if up:
        parts.append(Content.assemble(("▲ Styrker: ", "bold $text-success"), ", ".join(up)))
    if down:
        parts.append(Content.assemble(("▼ Svækker: ", "bold $text-warning"), ", ".join(down)))
    return Content("   ").join(parts)
