"""Flashcards: the glossary's words, one card at a time, spaced out by FSRS.

The front shows the word; Space or Enter turns the card (the plain explanation, the
policy's own definition when it has one, an example); 1-4 rate it Igen / Svært / Godt /
Let. Each rating is saved at once, so Escape never loses anything. The deck (engine)
decides what comes next and when; this screen only shows it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.content.model import Term
from course.engine.flashcards import LABELS, RATINGS, Deck, format_interval

from ..text import plain, show_quote
from ..widgets.footer import CourseFooter
from .words import clock, load_deck


class FlashcardScreen(Screen[None]):
    CSS_PATH = "flashcards.tcss"
    BINDINGS = [
        Binding("space,enter", "reveal", "Vis svar", tooltip="Vend kortet og se, hvad ordet betyder",
                id="reveal"),
        Binding("1", "rate(1)", "Igen", tooltip="Du kunne ikke huske det: kortet kommer snart igen",
                id="rate_again"),
        Binding("2", "rate(2)", "Svært", tooltip="Du huskede det med besvær", id="rate_hard"),
        Binding("3", "rate(3)", "Godt", tooltip="Du huskede det", id="rate_good"),
        Binding("4", "rate(4)", "Let", tooltip="Du huskede det let", id="rate_easy"),
        Binding("q", "quiz", "Ordquiz", tooltip="Øv ordene i en quiz", id="glossary_quiz"),
        Binding("escape", "leave", "Tilbage", tooltip="Tilbage; alt, du har øvet, er gemt",
                id="leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.deck: Deck | None = None
        self.term: Term | None = None
        self.revealed = False
        self.clock = clock  # the one the glossary quiz uses too (see .words)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="fc-counts", classes="heading")
        with VerticalScroll(id="fc-body"):
            yield Static(id="fc-word")
            yield Static(id="fc-ask", classes="hint")
            with Vertical(id="fc-back"):
                yield Static(id="fc-explanation")
                quote = Static(id="fc-quote", classes="quote")
                quote.border_title = "Politikkens definition"
                yield quote
                yield Static(id="fc-example")
                yield Static(id="fc-ratings")
            with Vertical(id="fc-done"):
                yield Static(Content.assemble(("✔ Færdig for i dag", "bold")), id="fc-done-title")
                yield Static(id="fc-next", classes="hint")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # A glossary quiz may have sent cards back (wrong answers are rated Igen).
        if self.deck is not None:
            self.reload()

    def reload(self) -> None:
        self.deck = load_deck(self.app)
        self.show_next()

    # -- showing -----------------------------------------------------------------------

    def show_next(self) -> None:
        now = self.clock()
        deck = self.deck
        self.term = deck.next_card(now)
        self.revealed = False
        self.query_one("#fc-counts", Static).update(deck.counts(now).describe())
        self.query_one("#fc-back").display = False
        done = self.term is None
        self.query_one("#fc-done").display = done
        self.query_one("#fc-word").display = not done
        ask = self.query_one("#fc-ask", Static)
        if done:
            ask.display = False
            when = deck.describe_next(now)
            self.query_one("#fc-next", Static).update(Content("\n").join([
                plain(f"Næste kort: {when}." if when else "Der er ingen kort at øve."),
                plain("Tryk Q for en ordquiz med de ord, du har sværest ved, "
                      "eller Esc for at gå tilbage."),
            ]))
        else:
            ask.display = True
            tag = "Nyt ord" if deck.is_new(self.term.id) else "Til gentagelse"
            self.query_one("#fc-word", Static).update(
                Content.assemble((f"{tag}: ", "dim"), (self.term.term, "bold"))
            )
            ask.update("Tænk over, hvad ordet betyder. Tryk Mellemrum eller Enter for at se svaret.")
        self.query_one("#fc-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def reveal(self) -> None:
        term = self.term
        self.revealed = True
        self.query_one("#fc-ask").display = False
        self.query_one("#fc-explanation", Static).update(plain(term.explanation))
        quote = self.query_one("#fc-quote", Static)
        quote.display = term.definition is not None
        if term.definition:
            show_quote(quote, term.definition, self.app.course.section(term.source).title
                       if term.source else None)
        self.query_one("#fc-example", Static).update(
            Content.assemble(("Eksempel: ", "bold"), plain(term.example))
        )
        intervals = self.deck.preview(term.id, self.clock())
        # Two ratings a line, in columns: an entry never wraps in the middle.
        entries = [Content.assemble((f"{int(r)} {LABELS[r]}", "bold"),
                                    f": {format_interval(intervals[r])}") for r in RATINGS]
        width = max(len(entry) for entry in entries) + 3
        rows = [Content.assemble(*(entry.pad_right(width - len(entry)) for entry in pair))
                for pair in (entries[:2], entries[2:])]
        self.query_one("#fc-ratings", Static).update(
            Content("\n").join([Content("Hvor godt huskede du det? Tryk et tal:"), *rows])
        )
        self.query_one("#fc-back").display = True
        self.refresh_bindings()
        # The ratings are what to press next: in view, also under a long quote at 80×24.
        body = self.query_one("#fc-body", VerticalScroll)
        self.call_after_refresh(lambda: body.scroll_end(animate=False))

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.term is not None and not self.revealed
        if action == "rate":
            return self.term is not None and self.revealed
        if action == "quiz":
            return self.term is None
        return True

    def action_reveal(self) -> None:
        if self.term is not None and not self.revealed:
            self.reveal()

    def action_rate(self, rating: int) -> None:
        if self.term is None or not self.revealed:
            return
        card, review = self.deck.review(self.term.id, rating, self.clock())
        self.app.save(lambda record: record.save_review(card, review), "Din gennemgang")
        self.show_next()

    def action_quiz(self) -> None:
        from .glossary_quiz import GlossaryQuizScreen

        self.app.push_screen(GlossaryQuizScreen())

    def action_leave(self) -> None:
        self.app.pop_screen()
