"""The glossary (with search folded as in the terminal: æ = ae, ø = oe, å = aa) and the
flashcards (:class:`~course.engine.flashcards.Deck`, each rating saved at once)."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from course.engine.flashcards import LABELS, RATINGS, Deck, format_interval
from course.engine.glossary import modules_using, related_terms, search

from .core import PageProblem, Pages, Visit, one, page, redirect


def utc_now() -> datetime:
    return datetime.now(UTC)


@page("learner")
async def glossary(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    query = request.query.get("q", "")[:60]
    terms = search(pages.course, query)
    title = f"Ordliste: søgning efter »{query}«" if query.strip() else "Ordliste"
    return pages.render(visit, "glossary.html", title, query=query, terms=terms)


@page("learner")
async def term(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    course = pages.course
    try:
        found = course.term(request.match_info["term"])
    except KeyError:
        raise PageProblem("Ordet findes ikke", "Det ord står ikke i ordlisten.", 404,
                          link=("/ordliste", "Til ordlisten")) from None
    source = None
    if found.source:
        try:
            source = course.section(found.source).title
        except KeyError:
            source = found.source
    track = course.track(visit.learner.track)
    return pages.render(visit, "term.html", f"Ordliste: {found.term}", term=found, source=source,
                        related=related_terms(course, found.id),
                        modules=[m for m in modules_using(course, found.id)
                                 if m.id in track.modules])


def _deck(pages: Pages, visit: Visit) -> Deck:
    record = pages.record(visit.learner)
    return Deck.for_course(pages.course, visit.learner.track, record.cards(), record.reviews())


@page("learner")
async def flashcards(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    deck = _deck(pages, visit)
    now = utc_now()
    card = deck.next_card(now)
    shown = request.query.get("vis") == "1" and card is not None
    intervals = deck.preview(card.id, now) if shown else {}
    ratings = [(int(r), LABELS[r], format_interval(intervals[r])) for r in RATINGS] if shown else []
    source = None
    if shown and card.source:
        try:
            source = pages.course.section(card.source).title
        except KeyError:
            source = card.source
    title = ("Ordkort: svaret" if shown else "Ordkort") if card else "Ordkort: færdig for i dag"
    return pages.render(visit, "flashcards.html", title, card=card, shown=shown,
                        new=card is not None and deck.is_new(card.id),
                        counts=deck.counts(now).describe(), ratings=ratings, source=source,
                        next_due=deck.describe_next(now) if card is None else None)


@page("learner")
async def rate(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    deck = _deck(pages, visit)
    now = utc_now()
    card = deck.next_card(now)
    if card is None or card.id != one(form, "ord"):
        visit.flash("Kortet var allerede vurderet. Her er det næste.")
        return redirect("/ordkort")
    value = one(form, "vurdering")
    if value not in {str(int(r)) for r in RATINGS}:
        raise PageProblem("Vurderingen passer ikke", "Vælg en af knapperne: Igen, Svært, "
                          "Godt eller Let.", 400, link=("/ordkort", "Til ordkortene"))
    saved, review = deck.review(card.id, int(value), now)
    await pages.io(pages.record(visit.learner).save_review, saved, review)
    return redirect("/ordkort")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/ordliste", glossary),
        web.get("/ordliste/{term}", term),
        web.get("/ordkort", flashcards),
        web.post("/ordkort", rate),
    ]
