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
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from course.content.model import Question

from ..text import hanging

TRUE_FALSE = (("Sandt", True), ("Falsk", False))


@dataclass
class Answered(Message):
    """The learner submitted a response (engine format). ``ask``: a question the screen
    puts to the learner before taking the response (e.g. nothing ticked)."""

    response: Any
    ask: str | None = None


def digit_index(event: events.Key) -> int | None:
    """The 0-based option a digit key 1-9 points at, or None for any other key."""
    if event.character and event.character in "123456789":
        return int(event.character) - 1
    return None


def numbered(n: int, text: str):
    """ "2. text", wrapped under the text (a hanging indent)."""
    return hanging((f"{n}. ", text))


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

    def draft(self) -> Any:
        """What the learner has set but not sent (ticks, partners, an order, text), as
        plain JSON for the attempt, or None when there is nothing to keep."""
        return None

    def restore(self, draft: Any) -> None:
        """Set again what :meth:`draft` gave (after the input is mounted); a draft that
        does not fit the question (the content changed) is ignored."""



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
    """Single choice: the options as shown."""

    HINT = "Vælg med tallet, eller med ↑ ↓ og Enter."

    def labels(self) -> list[str]:
        return self.presentation

    def response(self, index: int) -> Any:
        return self.presentation[index]

    def compose_control(self) -> ComposeResult:
        options = NumberedList(*(Option(numbered(n, text))
                                 for n, text in enumerate(self.labels(), 1)))
        options.highlighted = 0
        yield options

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(self.response(event.option_index)))


class TrueFalseInput(ChoiceInput):
    """True or false: »Sandt« and »Falsk«."""

    def labels(self) -> list[str]:
        return [label for label, _ in TRUE_FALSE]

    def response(self, index: int) -> Any:
        return TRUE_FALSE[index][1]


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

    def _prompt(self, index: int):
        box = "☑" if index in self.ticked else "☐"
        return hanging((f"{box} {index + 1}. ", self.labels[index]))

    def toggle_index(self, index: int) -> None:
        self.ticked ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def tick_labels(self, labels: list[str]) -> None:
        for index, label in enumerate(self.labels):
            if (label in labels) != (index in self.ticked):
                self.toggle_index(index)

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

    def draft(self) -> Any:
        ticks = self.query_one(TickList)
        return [ticks.labels[i] for i in sorted(ticks.ticked)] or None

    def restore(self, draft: Any) -> None:
        if isinstance(draft, list):
            self.query_one(TickList).tick_labels([d for d in draft if isinstance(d, str)])

    @on(TickList.Submitted)
    def _submitted(self, event: TickList.Submitted) -> None:
        event.stop()
        ticks = self.query_one(TickList)
        picks = [ticks.labels[i] for i in sorted(ticks.ticked)]
        # One Enter too many must not send an empty answer that scores 0: ask first.
        ask = None if picks else ("Du har ikke sat flueben ved noget svar. Vil du svare uden "
                                  "flueben? (Sæt flueben med Mellemrum eller tallet.)")
        self.post_message(Answered(picks, ask=ask))


class MatchingList(NumberedList):
    """Digit keys set the partner of the highlighted line instead of selecting it, and
    move the highlight on to the next line.

    The move is made here, as the key is handled, not when the parent has handled the
    partner: digits typed fast (or arriving in one packet from a web terminal) are all in
    this list's queue before any message to the parent, and each must go to its own line.
    """

    BINDINGS = [Binding("enter", "submit", "Svar", id="submit")]

    def __init__(self, *options: Any, partners: int, **kwargs: Any) -> None:
        super().__init__(*options, **kwargs)
        self.partners = partners  # how many partners there are to choose from

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
            line = self.highlighted
            if line is not None and partner < self.partners:
                self.post_message(self.Partner(line, partner))
                if line + 1 < self.option_count:
                    self.highlighted = line + 1

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class MatchingInput(QuestionInput):
    # What the keys do: a digit gives the highlighted line its partner and moves the
    # highlight on to the next line by itself (↓ after each digit would skip a line).
    HINT = ("Tryk tallet på partneren til den markerede linje – markeringen går så selv "
            "videre til næste linje. Ret med ↑ ↓. Svar med Enter.")

    def __init__(self, question: Question, presentation: list[str], **kwargs: Any) -> None:
        super().__init__(question, presentation, **kwargs)
        self.lefts = [left for left, _ in question.pairs]
        self.choice: dict[str, str | None] = dict.fromkeys(self.lefts)

    def _row(self, left: str):
        """ "[3] the line": the partner by its number in the list below, so a line stays
        one line and every partner stays in view at 80x24."""
        right = self.choice[left]
        number = "?" if right is None else str(self.presentation.index(right) + 1)
        return hanging((f"[{number}] ", left))

    def compose_control(self) -> ComposeResult:
        rows = MatchingList(*(Option(self._row(left)) for left in self.lefts),
                            partners=len(self.presentation), id="lefts")
        rows.highlighted = 0
        yield rows
        yield Static(
            hanging([(f"{n}. ", text) for n, text in enumerate(self.presentation, 1)]),
            classes="partners",
        )
        message = Static("", classes="matching-message")
        message.display = False  # a line of its own only when there is something to say
        yield message

    def draft(self) -> Any:
        chosen = {left: right for left, right in self.choice.items() if right is not None}
        return chosen or None

    def restore(self, draft: Any) -> None:
        if not isinstance(draft, dict):
            return
        rows = self.query_one(MatchingList)
        for index, left in enumerate(self.lefts):
            right = draft.get(left)
            if right in self.presentation:
                self.choice[left] = right
                rows.replace_option_prompt_at_index(index, self._row(left))
        # on to the first line still without a partner
        rows.highlighted = next((i for i, left in enumerate(self.lefts)
                                 if self.choice[left] is None), 0)

    @on(MatchingList.Partner)
    def _partner(self, event: MatchingList.Partner) -> None:
        event.stop()
        left = self.lefts[event.index]
        self.choice[left] = self.presentation[event.partner]
        self.query_one(MatchingList).replace_option_prompt_at_index(event.index, self._row(left))

    @on(MatchingList.Submitted)
    def _submitted(self, event: MatchingList.Submitted) -> None:
        event.stop()
        missing = sum(1 for right in self.choice.values() if right is None)
        if missing:
            message = self.query_one(".matching-message", Static)
            message.update(f"Vælg en partner til alle linjer først ({missing} mangler).")
            message.display = True
            return
        self.post_message(Answered(dict(self.choice)))


class OrderingList(OptionList):
    BINDINGS = [
        # ⇧↑ rather than "shift+↑": the footer then fits 80 columns (the hint names U / D too)
        Binding("shift+up,ctrl+up,u", "move(-1)", "Flyt op", key_display="⇧↑", id="move_up"),
        Binding("shift+down,ctrl+down,d", "move(1)", "Flyt ned", key_display="⇧↓",
                id="move_down"),
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

    def set_items(self, items: list[str]) -> None:
        self.items = list(items)
        self.clear_options()
        self.add_options(self._item_options())
        self.highlighted = 0

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class OrderingInput(QuestionInput):
    HINT = "Flyt den markerede linje med Shift+↑ / Shift+↓ (eller U / D). Svar med Enter."

    def compose_control(self) -> ComposeResult:
        rows = OrderingList(self.presentation)
        rows.highlighted = 0
        yield rows

    def draft(self) -> Any:
        items = self.query_one(OrderingList).items
        return list(items) if items != list(self.presentation) else None

    def restore(self, draft: Any) -> None:
        if isinstance(draft, list) and sorted(draft) == sorted(self.presentation):
            self.query_one(OrderingList).set_items(draft)

    @on(OrderingList.Submitted)
    def _submitted(self, event: OrderingList.Submitted) -> None:
        event.stop()
        self.post_message(Answered(list(self.query_one(OrderingList).items)))


class TextInput(QuestionInput):
    HINT = "Skriv dit svar, og tryk Enter."

    def compose_control(self) -> ComposeResult:
        yield Input(placeholder="Dit svar", max_length=120)

    def draft(self) -> Any:
        return self.query_one(Input).value or None

    def restore(self, draft: Any) -> None:
        if isinstance(draft, str):
            self.query_one(Input).value = draft[:120]

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(Answered(event.value))


INPUTS: dict[str, type[QuestionInput]] = {
    "single": ChoiceInput,
    "true_false": TrueFalseInput,
    "multiple": MultipleInput,
    "matching": MatchingInput,
    "ordering": OrderingInput,
    "text": TextInput,
}
"""One terminal widget per question type (see :mod:`course.engine.kinds`)."""


def input_for(question: Question, presentation: list[str]) -> QuestionInput:
    """The widget that fits the question's type."""
    widget = INPUTS[question.type]
    return widget(question, presentation, classes="question-input")
