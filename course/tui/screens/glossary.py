"""The glossary: search as you type, a list of words, and one word explained in full."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from course.content.model import Term
from course.engine.glossary import match_span, modules_using, related_terms, search

from ..text import plain, show_quote, visible
from ..widgets.footer import CourseFooter

# The digits 1-9 jump to a related word: one binding shown as "1–9", the rest hidden.
RELATED_KEYS = [
    Binding("1", "related(1)", "Se også", key_display="1–9",
            tooltip="Slå et af ordene under »Se også« op", id="related"),
    *(Binding(str(n), f"related({n})", show=False) for n in range(2, 10)),
]


class GlossaryScreen(Screen[None]):
    """Every word of the glossary; opened at ``term_id`` when one is given."""

    CSS_PATH = "glossary.tcss"
    BINDINGS = [
        Binding("escape", "leave", "Tilbage", tooltip="Luk ordlisten og gå tilbage", id="leave"),
        Binding("slash", "search", "Søg", tooltip="Skriv for at søge i ordlisten", id="search"),
        *RELATED_KEYS,
        Binding("k", "flashcards", "Øv ord", tooltip="Øv ordene med kort", id="flashcards"),
        Binding("down", "to_list", show=False),
    ]

    def __init__(self, term_id: str | None = None) -> None:
        super().__init__(id="glossary")
        self.term_id = term_id
        self._related: list[Term] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="glossary-body"):
            with Vertical(id="glossary-side"):
                yield Input(placeholder="Søg, fx nær", select_on_focus=False,
                            id="glossary-search")
                yield OptionList(id="glossary-terms")
                yield Static(id="glossary-count", classes="hint")
            with VerticalScroll(id="glossary-detail"):
                yield Static(id="term-heading")
                yield Static(id="term-definition", classes="quote")
                yield Static(id="term-explanation")
                yield Static(id="term-example")
                yield Static(id="term-related")
                yield Static(id="term-used", classes="hint")
        yield CourseFooter()

    def on_mount(self) -> None:
        opened_at_term = self.term_id is not None
        self._filter("", keep=True)
        if opened_at_term:
            self.query_one("#glossary-terms", OptionList).focus()
        else:
            self.query_one("#glossary-search", Input).focus()

    # -- the list --------------------------------------------------------------------

    def _filter(self, query: str, keep: bool = False) -> None:
        """Fill the list with the terms matching ``query``.

        The best match is highlighted, or with ``keep`` the current term if it is listed.
        """
        terms = search(self.app.course, query)
        options = self.query_one("#glossary-terms", OptionList)
        options.clear_options()
        options.add_options(Option(self._prompt(term, query), id=term.id) for term in terms)
        ids = [term.id for term in terms]
        count = len(terms)
        self.query_one("#glossary-count", Static).update(
            f"{count} af {len(self.app.course.glossary)} ord" if query.strip() else f"{count} ord"
        )
        if not terms:
            options.highlighted = None
            self._show(None, query)
            return
        if not keep or self.term_id not in ids:
            self.term_id = ids[0]
        options.highlighted = ids.index(self.term_id)
        self._show(self.app.course.term(self.term_id))

    @staticmethod
    def _prompt(term: Term, query: str) -> Content:
        name = Content(visible(term.term))
        if not query.strip():
            return name
        span = match_span(term.term, query)
        if span is not None:
            return name.stylize("bold underline", *span)
        return Content.assemble(name, (" · i teksten", "dim"))  # found in the explanation

    @on(Input.Changed, "#glossary-search")
    def _typed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _submitted(self) -> None:
        self.action_to_list()

    @on(OptionList.OptionHighlighted, "#glossary-terms")
    def _highlighted(self) -> None:
        # Read the list as it is now: the event may come from a list since refilled.
        option = self.query_one("#glossary-terms", OptionList).highlighted_option
        if option is not None and option.id != self.term_id:
            self.term_id = option.id
            self._show(self.app.course.term(self.term_id))

    @on(OptionList.OptionSelected, "#glossary-terms")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#glossary-detail", VerticalScroll).focus()

    # -- the detail pane -------------------------------------------------------------

    def _show(self, term: Term | None, query: str = "") -> None:
        heading = self.query_one("#term-heading", Static)
        definition = self.query_one("#term-definition", Static)
        parts = [self.query_one(f"#term-{name}", Static)
                 for name in ("explanation", "example", "related", "used")]
        if term is None:
            heading.update(plain(f"Ingen ord passer til »{query.strip()}«"))
            definition.display = False
            for part in parts:
                part.update("")
            parts[0].update("Prøv med færre bogstaver eller et andet ord.")
            self._related = []
            self.refresh_bindings()
            return
        course = self.app.course
        heading.update(plain(term.term))
        definition.display = term.definition is not None
        if term.definition is not None:
            show_quote(definition, term.definition, course.section(term.source).title
                       if term.source else None)
            definition.border_title = "Fra politikken"
        explanation, example, related, used = parts
        explanation.update(plain(term.explanation))
        example.update(Content.assemble(("Eksempel: ", "bold"), visible(term.example)))
        self._related = related_terms(course, term.id)
        related.update(self._related_line())
        modules = modules_using(course, term.id)
        used.update(plain("Bruges i: " + ", ".join(m.title for m in modules)) if modules else "")
        self.query_one("#glossary-detail", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _related_line(self) -> Content:
        if not self._related:
            return Content("")
        links = [
            Content.styled(f"[{n}] {visible(term.term)}", "@click=screen.related(%d)" % n)
            for n, term in enumerate(self._related[:9], start=1)
        ]
        return Content.assemble(("Se også: ", "bold"), Content("  ").join(links))

    # -- actions ---------------------------------------------------------------------

    def show_term(self, term_id: str) -> None:
        """Highlight and show ``term_id``, clearing a search that hides it."""
        self.term_id = term_id
        search_box = self.query_one("#glossary-search", Input)
        options = self.query_one("#glossary-terms", OptionList)
        try:
            options.get_option(term_id)
        except OptionDoesNotExist:  # the search hides it
            with self.prevent(Input.Changed):
                search_box.value = ""
            self._filter("", keep=True)
        else:
            options.highlighted = options.get_option_index(term_id)
            self._show(self.app.course.term(term_id))

    def action_related(self, number: int) -> None:
        if 1 <= number <= len(self._related):
            self.show_term(self._related[number - 1].id)

    def action_search(self) -> None:
        self.query_one("#glossary-search", Input).focus()

    def action_to_list(self) -> None:
        options = self.query_one("#glossary-terms", OptionList)
        if options.option_count:
            options.focus()

    def action_leave(self) -> None:
        self.app.pop_screen()

    def action_flashcards(self) -> None:
        from .flashcards import FlashcardScreen

        self.app.push_screen(FlashcardScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "flashcards":
            return self.app.learner is not None
        if action == "related":
            (number,) = parameters
            return isinstance(number, int) and number <= len(self._related)
        return True

    def on_key(self, event: events.Key) -> None:
        """A letter typed outside the search box starts a search with that letter."""
        search_box = self.query_one("#glossary-search", Input)
        char = event.character
        if self.focused is search_box or not char or not char.isalpha():
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.node is self and active.enabled:
            return  # a key of this screen, such as K
        event.stop()
        event.prevent_default()
        search_box.focus()
        search_box.insert_text_at_cursor(char)
