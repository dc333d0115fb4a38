"""A scenario: the situation, the choices as a form, what each choice does, the ending
and the reflection. The run is the engine's :class:`~course.engine.session.ScenarioSession`,
saved after every choice; a form names its run and node, so a choice sent twice counts once.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from course.content.model import Scenario
from course.engine.scenario import ScenarioRun
from course.engine.session import ScenarioSession
from course.engine.views import scenario_ending, step_outcome

from .core import PageProblem, Pages, Visit, one, page, redirect, same_place
from .course_map import module_of


def _scenario(pages: Pages, visit: Visit, request: web.Request) -> tuple[Any, Scenario]:
    module = module_of(pages, visit, request.match_info["module"])
    wanted = request.match_info["scenario"]
    scenario = next((s for s in pages.course.scenarios_for(module.id, visit.learner.track)
                     if s.id == wanted), None)
    if scenario is None:
        raise PageProblem("Scenariet findes ikke", "Det scenarie findes ikke i dit forløb.", 404,
                          link=(f"/modul/{module.id}", "Til modulet"))
    return module, scenario


def _base(module, scenario) -> str:
    return f"/modul/{module.id}/scenarie/{scenario.id}"


def _run_doc(facts: Any, scenario_id: str, run_id: str) -> dict[str, Any] | None:
    return next((d for d in reversed(facts.runs)
                 if d.get("scenario") == scenario_id and d.get("id") == run_id), None)


def _session(module_id: str, scenario: Scenario, doc: dict[str, Any]) -> ScenarioSession:
    session = ScenarioSession(module_id, scenario)
    try:
        session.run = ScenarioRun.from_dict(doc.get("run", {}), scenario)
    except (ValueError, KeyError):
        raise PageProblem("Scenariet kan ikke læses",
                          "Dette spil af scenariet kan ikke vises. Start forfra fra modulet.",
                          409) from None
    session.doc = doc
    return session


@page("learner")
async def show(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    module, scenario = _scenario(pages, visit, request)
    record = pages.record(visit.learner)
    facts = record.facts()
    session = ScenarioSession.open(module.id, scenario, facts)
    if session.fresh:
        await pages.io(record.save_run, session.doc, session.position)
    elif not same_place(facts.position, session.position):
        await pages.io(record.set_position, session.position)
    run = session.run
    if run.is_finished:
        return pages.render(visit, "scenario_ending.html",
                            f"Scenarie: {scenario.title}, slutningen", module=module,
                            scenario=scenario, run_id=session.doc["id"],
                            view=scenario_ending(pages.course, scenario, run), base=_base(module, scenario))
    node = run.node
    step = len(run.path) + 1
    return pages.render(
        visit, "scenario_node.html", f"Scenarie: {scenario.title}, valg {step}", module=module,
        scenario=scenario, node=node, intro=scenario.intro if not run.path else None,
        choices=[c for _, c in run.shown_choices()], run_id=session.doc["id"], step=step,
        base=_base(module, scenario))


def _posted_run(pages: Pages, visit: Visit, request: web.Request, form, what: str):
    """The module, scenario, its address, the learner's record and the run a posted form
    names (its field »spil«); a Danish page when that run does not exist (any more)."""
    module, scenario = _scenario(pages, visit, request)
    base = _base(module, scenario)
    record = pages.record(visit.learner)
    doc = _run_doc(record.facts(), scenario.id, one(form, "spil"))
    if doc is None:
        raise PageProblem("Formularen passer ikke til dit scenarie",
                          f"{what} hører til et spil, der ikke findes (længere). Intet er gemt.",
                          409, link=(base, "Til scenariet"))
    return module, scenario, base, record, _session(module.id, scenario, doc)


@page("learner")
async def choose(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    module, scenario, base, record, session = _posted_run(pages, visit, request, form, "Valget")
    doc = session.doc
    run = session.run
    if run.node.id != one(form, "knude") or run.is_finished:
        if run.path:
            visit.flash("Du havde allerede valgt her. Dit første valg gælder.")
            return redirect(f"{base}/{doc['id']}/trin/{len(run.path)}")
        return redirect(base)
    shown = run.shown_choices()
    chosen = one(form, "valg")
    if not chosen:
        return pages.render(
            visit, "scenario_node.html", f"Fejl: Scenarie: {scenario.title}, valg {len(run.path) + 1}",
            status=400, module=module, scenario=scenario, node=run.node,
            intro=scenario.intro if not run.path else None, choices=[c for _, c in shown],
            run_id=doc["id"], step=len(run.path) + 1, base=base,
            errors=[("valg-1", "Vælg, hvad du gør.")])
    if not chosen.isdigit() or not 1 <= int(chosen) <= len(shown):
        raise PageProblem("Valget passer ikke til scenariet",
                          "Formularen er blevet ændret, så valget ikke passer. Intet er gemt.",
                          400, link=(base, "Til scenariet"))
    session.choose_shown(int(chosen))
    await pages.io(record.save_run, session.doc, session.position)
    return redirect(f"{base}/{session.doc['id']}/trin/{len(session.run.path)}")


@page("learner")
async def step(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    module, scenario = _scenario(pages, visit, request)
    base = _base(module, scenario)
    doc = _run_doc(pages.record(visit.learner).facts(), scenario.id, request.match_info["run"])
    if doc is None:
        return redirect(base)
    session = _session(module.id, scenario, doc)
    try:
        number = int(request.match_info["step"])
    except ValueError:
        number = 0
    view = step_outcome(pages.course, session.run, number)
    if view is None:
        return redirect(base)
    return pages.render(visit, "scenario_choice.html",
                        f"Scenarie: {scenario.title}, dit valg {number}", module=module,
                        scenario=scenario, view=view, base=base,
                        last=number == len(session.run.path))


@page("learner")
async def reflect(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    _, _, base, record, session = _posted_run(pages, visit, request, form, "Svaret")
    if not session.run.is_finished:
        return redirect(base)
    kept = session.reflect(one(form, "refleksion")[:2000])
    await pages.io(record.save_run, session.doc, session.position)
    visit.flash("Dit svar er gemt." if kept else "Intet svar gemt.", "success")
    return redirect(base)


@page("learner")
async def again(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    module, scenario = _scenario(pages, visit, request)
    record = pages.record(visit.learner)
    facts = record.facts()
    if facts.open_run(scenario.id) is None:  # a second click starts no second run
        session = ScenarioSession(module.id, scenario)
        session.restart()
        await pages.io(record.save_run, session.doc, session.position)
    return redirect(_base(module, scenario))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/modul/{module}/scenarie/{scenario}", show),
        web.post("/modul/{module}/scenarie/{scenario}/valg", choose),
        web.get("/modul/{module}/scenarie/{scenario}/{run}/trin/{step}", step),
        web.post("/modul/{module}/scenarie/{scenario}/refleksion", reflect),
        web.post("/modul/{module}/scenarie/{scenario}/igen", again),
    ]
