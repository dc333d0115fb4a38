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

from course.engine.views import ChoiceOutcome, Feedback, Part

from ..text import plain, show_quote

VERDICT_CLASSES = {"right": "verdict-right", "partly": "verdict-partly", "wrong": "verdict-wrong"}


class QuestionFeedback(Vertical):
    """Verdict, the learner's and the right answer, the explanation, the policy quote:
    a :class:`~course.engine.views.Feedback`, rendered."""

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

    def show(self, feedback: Feedback, follow: str) -> None:
        head = self.query_one(".verdict", Static)
        head.update(Content.assemble((f"{feedback.icon} {feedback.headline()}", "bold")))
        head.set_classes(f"verdict {VERDICT_CLASSES[feedback.verdict]}")
        self.query_one(".answers", Static).update(Content("\n").join(feedback_lines(feedback)))
        key = feedback.key
        quote = self.query_one(".quote", Static)
        source = self.query_one(".source", Static)
        quote.display = key.quote is not None
        source.display = key.quote is None
        if key.quote:
            show_quote(quote, key.quote, key.section)
        else:
            source.update(plain(f"Kilde: {key.section}"))
        self.query_one(".next-hint", Static).update(f"Tryk Enter: {follow}.")
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")


def feedback_lines(feedback: Feedback, style: str = "bold") -> list[Content]:
    """Dit svar (marked ✔/✘ part by part, in the order shown), the right answer when the
    answer was not right, the explanation and the why of each wrong option chosen."""
    lines = [parts_content("Dit svar", feedback.answer, style)]
    if feedback.show_right:
        lines.append(parts_content(feedback.key.right_label, feedback.key.right, style))
    lines.append(Content(feedback.key.explanation))
    for why in feedback.chosen_why_not:  # why the tempting option the learner chose is wrong
        lines.append(Content.assemble((f"{why.heading} ", "bold"), why.why))
    return lines


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

    def show(self, outcome: ChoiceOutcome, follow: str) -> None:
        self.query_one(".choice-made", Static).update(
            Content.assemble(("Dit valg: ", "bold"), outcome.choice)
        )
        self.query_one(".choice-feedback", Static).update(Content(outcome.feedback))
        line = effects_line(outcome)
        effects_widget = self.query_one(".effects", Static)
        effects_widget.display = bool(line.plain)
        effects_widget.update(line)
        self.query_one(".next-hint", Static).update(f"Tryk Enter: {follow}.")
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")


def parts_content(label: str, parts: tuple[Part, ...], style: str = "bold") -> Content:
    """ "Dit svar: Sandt" on one line; an answer of several parts as "Dit svar:" and then
    one part a line, each marked ✔ or ✘ (a word is not needed: the icon is not colour)."""
    if len(parts) == 1:
        return Content.assemble((f"{label}: ", style), parts[0].text)
    marks = {True: "✔ ", False: "✘ ", None: "• "}
    return Content("\n").join([Content.assemble((f"{label}:", style)),
                               *(Content.assemble(marks[p.right], p.text) for p in parts)])


def effects_line(outcome: ChoiceOutcome) -> Content:
    """ "▲ Styrker: Inklusion   ▼ Svækker: Ansvar …" (arrows and words, not only colour)."""
    up, down = outcome.strengthens, outcome.weakens
    parts = []
    if up:
        parts.append(Content.assemble(("▲ Styrker: ", "bold $text-success"), ", ".join(up)))
    if down:
        parts.append(Content.assemble(("▼ Svækker: ", "bold $text-warning"), ", ".join(down)))
    return Content("   ").join(parts)
