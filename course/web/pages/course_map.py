"""The course map, a module's menu and the lesson pages."""

from __future__ import annotations

from aiohttp import web

from course.content.model import Module
from course.engine.numbers import whole_percent
from course.engine.progress import lesson_place, shown_page, track_progress
from course.engine.session import (
    Target,
    describe_target,
    lesson_start,
    module_activities,
    resume_target,
)
from course.engine.wording import sentence
from progress import Position

from .core import PageProblem, Pages, Visit, page, redirect


def target_url(target: Target | Position) -> str:
    if target.activity == "quiz":
        return f"/modul/{target.module}/quiz"
    if target.activity == "scenario" and target.ref:
        return f"/modul/{target.module}/scenarie/{target.ref}"
    return f"/modul/{target.module}/side/{target.page}"


def module_of(pages: Pages, visit: Visit, module_id: str) -> Module:
    """A module of the learner's track, or a Danish "not found" page."""
    assert visit.learner is not None
    track = pages.course.track(visit.learner.track)
    if module_id not in track.modules:
        raise PageProblem("Modulet findes ikke",
                          "Det modul findes ikke i dit forløb. Gå til oversigten, og vælg et "
                          "modul derfra.", 404, link=("/oversigt", "Til oversigten"))
    return pages.course.module(module_id)


@page("learner")
async def overview(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    learner = visit.learner
    course = pages.course
    track = course.track(learner.track)
    facts = pages.record(learner).facts()
    progress = track_progress(course, track.id, facts)
    target = resume_target(course, track.id, facts)
    done = whole_percent(progress.fraction * 100) or 0
    modules = []
    for item in progress.modules:  # each figure once: the template only lays them out
        state = item.state
        modules.append({"module": item.module, "state": state.value, "label": state.label,
                        "icon": state.icon, "steps_done": item.steps_done,
                        "steps_total": item.steps_total,
                        "deepening_done": item.deepening_done,
                        "deepening_total": item.deepening_total})
    return pages.render(
        visit, "overview.html", "Oversigt", track=track, progress=progress, done=done,
        modules=modules, modules_done=progress.done, complete=progress.complete,
        resume_url=target_url(target), resume_text=sentence(describe_target(course, track.id, target)),
        left=sum(len(m.remaining()) for m in progress.modules))


@page("learner")
async def resume(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    learner = visit.learner
    facts = pages.record(learner).facts()
    return redirect(target_url(resume_target(pages.course, learner.track, facts)))


@page("learner")
async def module(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    learner = visit.learner
    module = module_of(pages, visit, request.match_info["module"])
    facts = pages.record(learner).facts()
    activities = module_activities(pages.course, module, learner.track, facts)
    start = lesson_start(module, learner.track, facts)
    links = {}
    for activity in activities:
        if activity.key == "lesson":
            links[activity.key] = f"/modul/{module.id}/side/{start}"
        elif activity.key == "quiz":
            links[activity.key] = f"/modul/{module.id}/quiz"
        else:
            links[activity.key] = f"/modul/{module.id}/scenarie/{activity.key.split(':', 1)[1]}"
    track = pages.course.track(learner.track)
    return pages.render(visit, "module.html", module.title, module=module,
                        activities=activities, links=links,
                        number=track.modules.index(module.id) + 1, total=len(track.modules))


@page("learner")
async def lesson(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    learner = visit.learner
    module = module_of(pages, visit, request.match_info["module"])
    try:
        index = int(request.match_info["page"])
    except ValueError:
        index = -1
    track = pages.course.track(learner.track)
    shown = module.page_indices(learner.track)
    pages_total = len(module.pages)
    if index < 0 or index > pages_total:
        raise PageProblem("Siden findes ikke", "Den side findes ikke i modulet.", 404,
                          link=(f"/modul/{module.id}", "Til modulet"))
    if index < pages_total and index not in shown:
        fitted = shown_page(module, learner.track, index)
        return redirect(f"/modul/{module.id}/side/{fitted if fitted in shown else pages_total}")
    record = pages.record(learner)
    facts = record.facts()
    here = Position(module.id, index)
    place = lesson_place(module, learner.track, index)
    if index < pages_total:
        if index not in facts.pages.get(module.id, set()) or facts.position != here:
            await pages.io(record.mark_page_seen, module.id, index)
        content = module.pages[index]
        heading = f"{content.title}"
        if place.deepening:
            heading = f"Fordybelse (valgfri): {content.title}"
        terms = [pages.course.term(t) for t in content.terms]
        title = f"{module.title}: {content.title}"
    else:
        if facts.position != here:
            await pages.io(record.set_position, here)
        content = None
        heading = "Det vigtigste fra modulet"
        terms = []
        title = f"{module.title}: det vigtigste"
    previous, following, counter = place.previous, place.following, place.counter
    deepening = None
    if place.deepening_next:  # the key points: on to the quiz, or into the deepening
        deepening = f"/modul/{module.id}/side/{following}"
        following = None
    after = None
    if following is None:
        quiz = pages.course.questions_for(module.id, learner.track)
        scenarios = pages.course.scenarios_for(module.id, learner.track)
        if quiz:
            after = (f"/modul/{module.id}/quiz", "Til quizzen")
        elif scenarios:
            after = (f"/modul/{module.id}/scenarie/{scenarios[0].id}", "Til scenariet")
        else:
            after = (f"/modul/{module.id}", "Til modulet")
    return pages.render(
        visit, "lesson.html", title, module=module, content=content, heading=heading,
        counter=counter, terms=terms, previous=previous, following=following, after=after,
        deepening=deepening,
        sections={s.id: s.title for s in pages.course.sections},
        number=track.modules.index(module.id) + 1, total=len(track.modules))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/oversigt", overview),
        web.get("/fortsaet", resume),
        web.get("/modul/{module}", module),
        web.get("/modul/{module}/side/{page}", lesson),
    ]
