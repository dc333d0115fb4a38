"""The command palette's course search: glossary terms and, when signed in, modules.

Loaded the first time the palette opens (see ``CourseApp.COMMANDS``), never at start-up.
Names come from the course files, which authors edit: they are shown as plain text, never
read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from course.engine.glossary import fold, match_span, sorted_terms

from .text import visible

TERM_PREFIX = "Ordliste: "
MODULE_PREFIX = "Modul: "

Entry = tuple[str, str, Callable[[], object], str]  # prefix, name, callback, help


class CourseCommands(Provider):
    """"Ordliste: <ord>" opens the glossary at that word; "Modul: <titel>" opens a module."""

    async def startup(self) -> None:
        self._terms = sorted_terms(self.app.course)

    def _entries(self) -> list[Entry]:
        """(prefix, name, callback, help) for everything this provider offers."""
        app = self.app
        entries: list[Entry] = [
            (TERM_PREFIX, term.term, partial(app.action_glossary, term.id),
             "Slå ordet op i ordlisten")
            for term in self._terms
        ]
        if app.learner is not None:
            for module in app.course.modules_for(app.learner.track):
                entries.append((MODULE_PREFIX, module.title, partial(self._open_module, module.id),
                                "Åbn modulet"))
        return entries

    def _open_module(self, module_id: str) -> None:
        from .screens.module import ModuleScreen

        if self.app.learner is not None:
            self.app.push_screen(ModuleScreen(module_id))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search
        folded_query = fold(query)
        for prefix, name, callback, help_text in self._entries():
            text = prefix + name
            score, offsets = fuzzy.match(query, text)
            # Scored on the folded text too, so "naer" finds "nærdemokrati".
            score = max(score, fuzzy.match(folded_query, fold(text))[0])
            display = Content(visible(text))
            span = match_span(name, query)
            if span is not None:  # the name holds the query, however it is spelt
                start, end = span
                display = display.stylize(matcher.match_style, len(prefix) + start, len(prefix) + end)
            elif offsets:
                for offset in offsets:
                    display = display.stylize(matcher.match_style, offset, offset + 1)
            if score > 0:
                yield Hit(score, display, callback, text=text, help=help_text)
