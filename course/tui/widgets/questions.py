"""One input widget per question type; each posts Answered(response) when submitted.

Everything works by keyboard: number keys or arrows and Enter for choices, Space to tick
in multiple choice, a number for the partner of each line in matching, Shift+arrows to
move a line in ordering, a text field for short answers. The widgets only collect a
response in the engine's format (course.engine.grading); grading is the screen's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from course.content.model import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)

from ..text import visible

TRUE_FALSE = (("Sandt", True), ("Falsk", False))


@dataclass
class Answered(Message):
    """The learner submitted a response (engine format)."""

    response: Any


def digit_index(event: events.Key) -> int | None:
    """The 0-based option a digit key 1-9 points at, or None for any other key."""
    if event.character and event.character in "123456789":
        return int(event.character) - 1
    return None


def numbered(n: int, text: str) -> Content:
    return Content.assemble((f"{n}. ", "bold"), visible(text))


class QuestionInput(Vertical):
    """Base: a hint line and the control; subclasses set HINT and compose the control."""

    HINT = ""
    DEFAULT_CSS = """
    QuestionInput { height: auto; }
    QuestionInput > .question-hint { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, question: Question, presentation: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.presentation = presentation

    def compose(self) -> ComposeResult:
        yield Static(self.HINT, classes="question-hint")
        yield from self.compose_control()

    def compose_control(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError



class NumberedList(OptionList):
    """An OptionList where the digit keys pick an option directly."""

    def on_key(self, event: events.Key) -> None:
        index = digit_index(event)
        if index is not None and index < self.option_count:
            event.stop()
            option = self.get_option_at_index(index)
            if not option.disabled:
                # Selected straight away: moving the highlight first would paint a frame
                # of its own, and the feedback would wait for the next one. Whoever shows
                # the choice afterwards moves the highlight in the feedback's frame.
                self.post_message(self.OptionSelected(self, option, index))


class ChoiceInput(QuestionInput):
    """Single choice and true/false."""

    HINT = "Vælg med tallet, eller med ↑ ↓ og Enter."

    def compose_control(self) -> ComposeResult:
        if isinstance(self.question, TrueFalse):
            labels = [label for label, _ in TRUE_FALSE]
        else:
            labels = self.presentation
        options = NumberedList(*(Option(numbered(n, text)) for n, text in enumerate(labels, 1)))
        options.highlighted = 0
        yield options

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(self.question, TrueFalse):
            response: Any = TRUE_FALSE[event.option_index][1]
        else:
            response = self.presentation[event.option_index]
        self.post_message(Answered(response))


class TickList(OptionList):
    """Ticks shown as ☑/☐ in the text itself (not only by colour). Space or the
    option's number ticks; Enter submits."""

    BINDINGS = [
        Binding("space", "tick", "Sæt/fjern flueben", id="tick"),
        Binding("enter", "submit", "Svar", id="submit"),
    ]

    class Submitted(Message):
        pass

    def __init__(self, labels: list[str], **kwargs: Any) -> None:
        self.labels = labels
        self.ticked: set[int] = set()
        super().__init__(*(Option(self._prompt(i)) for i in range(len(labels))), **kwargs)

    def _prompt(self, index: int) -> Content:
        box = "☑" if index in self.ticked else "☐"
        return Content.assemble((f"{box} ", "bold"), numbered(index + 1, self.labels[index]))

    def toggle_index(self, index: int) -> None:
        self.ticked ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle_index(self.highlighted)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())

    def on_key(self, event: events.Key) -> None:
        index = digit_index(event)
        if index is not None and index < self.option_count:
            event.stop()
            self.highlighted = index
            self.toggle_index(index)


class MultipleInput(QuestionInput):
    HINT = "Sæt flueben ved alle rigtige med Mellemrum (eller tallet). Svar med Enter."

    def compose_control(self) -> ComposeResult:
        ticks = TickList(self.presentation)
        ticks.highlighted = 0
        yield ticks

    @on(TickList.Submitted)
    def _submitted(self, event: TickList.Submitted) -> None:
        event.stop()
        ticks = self.query_one(TickList)
        self.post_message(Answered([ticks.labels[i] for i in sorted(ticks.ticked)]))


class MatchingList(NumberedList):
    """Digit keys set the partner of the highlighted line instead of selecting it."""

    BINDINGS = [Binding("enter", "submit", "Svar", id="submit")]

    class Partner(Message):
        def __init__(self, index: int, partner: int) -> None:
            super().__init__()
            self.index, self.partner = index, partner

    class Submitted(Message):
        pass

    def on_key(self, event: events.Key) -> None:
        partner = digit_index(event)
        if partner is not None:
            event.stop()
            if self.highlighted is not None:
                self.post_message(self.Partner(self.highlighted, partner))

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class MatchingInput(QuestionInput):
    HINT = "Gå til en linje med ↑ ↓ og tryk tallet på dens partner. Svar med Enter."

    def __init__(self, question: Question, presentation: list[str], **kwargs: Any) -> None:
        super().__init__(question, presentation, **kwargs)
        assert isinstance(question, Matching)
        self.lefts = [left for left, _ in question.pairs]
        self.choice: dict[str, str | None] = {left: None for left in self.lefts}

    def _row(self, left: str) -> Content:
        right = self.choice[left]
        if right is None:
            return Content.assemble(("[?] ", "bold"), visible(left))
        number = self.presentation.index(right) + 1
        return Content.assemble(
            (f"[{number}] ", "bold"), visible(left), (f"  → {visible(right)}", "dim")
        )

    def compose_control(self) -> ComposeResult:
        rows = MatchingList(*(Option(self._row(left)) for left in self.lefts), id="lefts")
        rows.highlighted = 0
        yield rows
        yield Static(
            Content("\n").join(numbered(n, text) for n, text in enumerate(self.presentation, 1)),
            classes="partners",
        )
        yield Static("", classes="matching-message")

    @on(MatchingList.Partner)
    def _partner(self, event: MatchingList.Partner) -> None:
        event.stop()
        if event.partner >= len(self.presentation):
            return
        left = self.lefts[event.index]
        self.choice[left] = self.presentation[event.partner]
        rows = self.query_one(MatchingList)
        rows.replace_option_prompt_at_index(event.index, self._row(left))
        if event.index + 1 < len(self.lefts):
            rows.highlighted = event.index + 1

    @on(MatchingList.Submitted)
    def _submitted(self, event: MatchingList.Submitted) -> None:
        event.stop()
        missing = sum(1 for right in self.choice.values() if right is None)
        if missing:
            self.query_one(".matching-message", Static).update(
                f"Vælg en partner til alle linjer først ({missing} mangler)."
            )
            return
        self.post_message(Answered(dict(self.choice)))


class OrderingList(OptionList):
    BINDINGS = [
        Binding("shift+up,ctrl+up,u", "move(-1)", "Flyt op", id="move_up"),
        Binding("shift+down,ctrl+down,d", "move(1)", "Flyt ned", id="move_down"),
        Binding("enter", "submit", "Svar", id="submit"),
    ]

    class Submitted(Message):
        pass

    def __init__(self, items: list[str], **kwargs: Any) -> None:
        self.items = list(items)
        super().__init__(*self._item_options(), **kwargs)

    def _item_options(self) -> list[Option]:
        return [Option(numbered(n, text)) for n, text in enumerate(self.items, 1)]

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.items):
            return
        self.items[index], self.items[index + step] = self.items[index + step], self.items[index]
        self.clear_options()
        self.add_options(self._item_options())
        self.highlighted = index + step

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class OrderingInput(QuestionInput):
    HINT = "Flyt den markerede linje med Shift+↑ / Shift+↓ (eller U / D). Svar med Enter."

    def compose_control(self) -> ComposeResult:
        rows = OrderingList(self.presentation)
        rows.highlighted = 0
        yield rows

    @on(OrderingList.Submitted)
    def _submitted(self, event: OrderingList.Submitted) -> None:
        event.stop()
        self.post_message(Answered(list(self.query_one(OrderingList).items)))


class TextInput(QuestionInput):
    HINT = "Skriv dit svar, og tryk Enter."

    def compose_control(self) -> ComposeResult:
        yield Input(placeholder="Dit svar", max_length=120)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(Answered(event.value))


def input_for(question: Question, presentation: list[str]) -> QuestionInput:
    """The widget that fits the question's type."""
    widget = {
        SingleChoice: ChoiceInput,
        TrueFalse: ChoiceInput,
        MultipleChoice: MultipleInput,
        Matching: MatchingInput,
        Ordering: OrderingInput,
        TextAnswer: TextInput,
    }[type(question)]
    return widget(question, presentation, classes="question-input")
