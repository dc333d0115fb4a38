"""The lesson reader: one page at a time, quotes set apart, key points at the end."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from course.content.model import Module
from course.engine.progress import shown_page

from ..text import plain, show_quote, visible
from ..widgets.footer import CourseFooter


class LessonScreen(Screen[None]):
    """A module's core pages, then its key points (index n), then its optional pages
    (»Fordybelse«), in the order :meth:`Module.reading_sequence` gives.

    Only the pages shown to the learner's track are visited (a page may be limited to some
    tracks); ``page`` is always the module's own page index.
    """

    CSS_PATH = "lesson.tcss"
    BINDINGS = [
        # Priority: the arrows turn pages even while the scrolling text has focus.
        Binding("right,n", "next", "Næste", tooltip="Næste side", id="next", priority=True),
        Binding("left,p", "previous", "Forrige", tooltip="Forrige side", id="previous",
                priority=True),
        Binding("escape", "leave", "Til modulet", tooltip="Tilbage til modulets oversigt",
                id="leave"),
        # The digits open the page's glossary words: one binding shown as "1–9".
        Binding("1", "term(1)", "Slå op", key_display="1–9",
                tooltip="Slå et af sidens ord op i ordlisten", id="term"),
        *(Binding(str(n), f"term({n})", show=False) for n in range(2, 10)),
    ]

    def __init__(self, module_id: str, page: int = 0) -> None:
        super().__init__()
        self.module: Module = self.app.course.module(module_id)
        track = self.app.learner.track
        self.shown = self.module.page_indices(track)
        self.core = self.module.core_page_indices(track)
        self.optional = self.module.optional_page_indices(track)
        self.sequence = self.module.reading_sequence(track)
        page = max(0, min(page, len(self.module.pages)))
        if page < len(self.module.pages):
            page = shown_page(self.module, self.app.learner.track, page)
            if page not in self.shown:  # no page after it for this track: the key points
                page = len(self.module.pages)
        self.page = page

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-heading", classes="heading")
        with VerticalScroll(id="lesson-body"):
            yield Static(id="page-title")
            yield Vertical(id="quotes")
            yield Markdown(id="page-text")
            yield Static(id="page-terms", classes="hint")
        yield Static(id="page-nav")
        yield CourseFooter()

    async def on_mount(self) -> None:
        await self.show_page(self.page)

    @property
    def _modules(self) -> tuple[str, ...]:
        return self.app.course.track(self.app.learner.track).modules

    async def show_page(self, index: int) -> None:
        module, pages = self.module, self.module.pages
        self.page = index
        number = self._modules.index(module.id) + 1 if module.id in self._modules else 0
        self.query_one("#lesson-heading", Static).update(
            plain(f"Modul {number} af {len(self._modules)}: {module.title}")
        )
        quotes = self.query_one("#quotes", Vertical)
        await quotes.remove_children()
        terms = self.query_one("#page-terms", Static)
        if index < len(pages):
            page = pages[index]
            deepening = index in self.optional
            self.query_one("#page-title", Static).update(
                plain(f"Fordybelse (valgfri): {page.title}" if deepening else page.title))
            for quote in page.quotes:
                box = Static(classes="quote")
                show_quote(box, quote.text, self.app.course.section(quote.source).title)
                box.border_title = "Fra politikken"
                await quotes.mount(box)
            await self.query_one("#page-text", Markdown).update(page.body)
            terms.update(self._terms_line(page.terms))
            if deepening:
                position = (f"Fordybelse {self.optional.index(index) + 1} af "
                            f"{len(self.optional)}")
            else:
                position = f"Side {self.core.index(index) + 1} af {len(self.core)}"
            self._record(index)
        else:
            self.query_one("#page-title", Static).update("Det vigtigste fra modulet")
            points = "\n".join(f"- {point}" for point in module.key_points)
            await self.query_one("#page-text", Markdown).update(points)
            terms.update("")
            position = "Hovedpunkter"
        previous = "← Forrige" if self._previous() is not None else " " * 9
        if self._next() is None:
            following = self._after_last()
        elif index == len(pages):
            following = "Fordybelse (valgfri) →"
        else:
            following = "Næste →"
        self.query_one("#page-nav", Static).update(
            Content.assemble(previous, "   ", (position, "bold"), "   ", following)
        )
        self.query_one("#lesson-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _terms_line(self, term_ids: tuple[str, ...]) -> Content:
        """The page's words: "Ord fra ordlisten: [1] medborgerskab  [2] inklusion", clickable."""
        if not term_ids:
            return Content("")
        links = [
            Content.styled(f"[{n}] {visible(self.app.course.term(term_id).term)}",
                           "@click=screen.term(%d)" % n)
            for n, term_id in enumerate(term_ids[:9], start=1)
        ]
        return Content.assemble("Ord fra ordlisten: ", Content("  ").join(links))

    @property
    def _page_terms(self) -> tuple[str, ...]:
        pages = self.module.pages
        return pages[self.page].terms[:9] if self.page < len(pages) else ()

    def action_term(self, number: int) -> None:
        """Open the page's ``number``-th glossary word; Esc comes back to this page."""
        terms = self._page_terms
        if 1 <= number <= len(terms):
            self.app.action_glossary(terms[number - 1])

    def _after_last(self) -> str:
        return "Videre i modulet →"

    def _record(self, index: int) -> None:
        module_id = self.module.id
        # Just after the page is on screen (see CourseApp.save_soon).
        self.app.save_soon(lambda record: record.mark_page_seen(module_id, index),
                           "Dit fremskridt")

    def _place(self) -> int:
        """Where the page is in the reading sequence."""
        if self.page in self.sequence:
            return self.sequence.index(self.page)
        return self.sequence.index(len(self.module.pages))

    def _next(self) -> int | None:
        """The next page in the reading sequence (the key points are index n), or None."""
        place = self._place() + 1
        return self.sequence[place] if place < len(self.sequence) else None

    def _previous(self) -> int | None:
        place = self._place()
        return self.sequence[place - 1] if place > 0 else None

    async def action_next(self) -> None:
        following = self._next()
        if following is not None:
            await self.show_page(following)
        else:
            self.app.pop_screen()  # back to the module: its quiz and scenarios are next

    async def action_previous(self) -> None:
        previous = self._previous()
        if previous is not None:
            await self.show_page(previous)

    def action_leave(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "previous" and self._previous() is None:
            return None  # shown greyed out: there is no page before the first
        if action == "term":
            (number,) = parameters
            return isinstance(number, int) and number <= len(self._page_terms)
        return True
