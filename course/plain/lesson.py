"""A lesson, page by page, then the key points (as :mod:`course.tui.screens.lesson`)."""

from __future__ import annotations

from course.content.model import Module, Page
from course.engine.progress import shown_page
from course.engine.wording import sentence

from .session import BACK_WORDS, Session, listing, numbers, typed_words
from .terminal import command_word
from .text import markdown_text
from .words import term_page


def lesson(s: Session, module: Module, page: int) -> None:
    term, course, track_id = s.term, s.course, s.learner.track
    pages = module.pages
    shown = module.page_indices(track_id)
    core = module.core_page_indices(track_id)
    optional = module.optional_page_indices(track_id)
    # core pages, the key points (index n), then the optional pages (»Fordybelse«)
    sequence = module.reading_sequence(track_id)
    page = max(0, min(page, len(pages)))
    if page < len(pages):
        page = shown_page(module, track_id, page)
        if page not in shown:
            page = len(pages)
    while True:
        place = sequence.index(page)
        if page >= len(pages):
            def show_points() -> None:
                term.heading(f"Det vigtigste fra modulet {module.title}")
                for point in module.key_points:
                    term.say(f"- {point}")

            show_points()
            if optional:
                answer = term.ask(
                    "Tryk Enter for at gå tilbage til modulet, skriv u for fordybelse "
                    f"({len(optional)} valgfri {'side' if len(optional) == 1 else 'sider'})"
                    ", eller f for forrige side:",
                    help="Det var lektionens sidste side i kernen. Tryk Enter for at gå "
                         "til modulet, hvor quizzen og scenarierne er. Skriv u for at "
                         "læse de valgfri sider, der uddyber modulet. De kræves ikke "
                         "til kursusbeviset.",
                    repeat=show_points)
            else:
                answer = term.ask("Tryk Enter for at gå tilbage til modulet, eller skriv f "
                                  "for forrige side:",
                                  help="Det var lektionens sidste side. Tryk Enter for at gå "
                                       "til modulet, hvor quizzen og scenarierne er.",
                                  repeat=show_points)
            word = command_word(answer)
            if word in ("f", "forrige") and place > 0:
                page = sequence[place - 1]
                continue
            if word in ("u", "uddyb", "fordybelse") and optional:
                page = optional[0]
                continue
            return
        current = pages[page]
        deepening = page in optional
        position = (optional.index(page) if deepening else core.index(page)) + 1

        def show_page(current: Page = current, position: int = position,
                      deepening: bool = deepening) -> None:
            if deepening:
                term.heading(f"{sentence(module.title)} Fordybelse (valgfri) {position} af "
                             f"{len(optional)}: {current.title}")
                return _page_text(s, current)
            term.heading(f"{sentence(module.title)} Side {position} af {len(core)}: "
                         f"{current.title}")
            return _page_text(s, current)

        show_page()
        module_id, index = module.id, page
        s.save(lambda record: record.mark_page_seen(module_id, index), "Dit fremskridt")
        following_page = sequence[place + 1] if place + 1 < len(sequence) else None
        if following_page is None:
            following = "at gå tilbage til modulet"
        elif following_page == len(pages):
            following = "det vigtigste fra modulet"
        else:
            following = "næste side"
        words = ", et tal for at slå et ord op" if current.terms else ""
        previous = ", f for forrige side" if place > 0 else ""
        while True:
            answer = term.ask(f"Tryk Enter for {following}{previous}{words}, "
                              "eller skriv t for tilbage til modulet:",
                              help="Tryk Enter for at læse videre. Skriv f for at gå en side "
                                   "tilbage. Tallene slår sidens ord op i ordlisten. "
                                   "t går tilbage til modulet; siden er gemt, så du kan "
                                   "fortsætte her.",
                              repeat=show_page)
            word = command_word(answer)
            chosen = numbers(answer)
            if word in typed_words("", "n", "næste"):
                if following_page is None:
                    return
                page = following_page
                break
            if word in ("f", "forrige"):
                if place > 0:
                    page = sequence[place - 1]
                    break
                term.say("Det er den første side.")
                continue
            if word in BACK_WORDS:
                return
            if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(current.terms[:9]):
                term_page(s, course.term(current.terms[chosen[0] - 1]))
                term.say(f"Du er tilbage på siden {current.title}.")
                continue
            term.say("Tryk Enter, eller skriv f, t eller et tal fra listen over ord.")


def _page_text(s: Session, current: Page) -> None:
    """A lesson page's quotes, body and glossary words."""
    term, course = s.term, s.course
    for quote in current.quotes:
        term.say(f"Citat fra politikken, {course.section(quote.source).title}:",
                 f"»{quote.text}«")
        term.blank()
    term.say(markdown_text(current.body))
    if current.terms:
        words = [f"{n} {course.term(t).term}"
                 for n, t in enumerate(current.terms[:9], 1)]
        term.say(f"Ord fra ordlisten på siden: {listing(words)}.")
