"""Teachers and HR: holds and codes, the progress table, one learner, item statistics,
the CSV report, unlocking and resetting a PIN, deleting a learner, and (administrator)
the teacher accounts.

Scoped as in the terminal (:mod:`course.tui.screens.teacher`): a teacher sees only the
holds their account owns, the administrator sees all. The table is the report
``medborger report`` writes (:func:`course.reports.learners.build_report`); the statistics are
``medborger stats``' (:func:`course.reports.stats_report.build_stats`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from course.certificates.page import issued_for, known_revocations
from course.engine.progress import track_progress
from progress import Learner
from progress.guard import pin_limit
from progress.holds import ADMIN, Hold, HoldProblem
from progress.passwords import MIN_PASSPHRASE

from .core import PageProblem, Pages, Visit, one, page, redirect
from .signin import in_thread


def _holds(pages: Pages, visit: Visit) -> list[Hold]:
    try:
        return pages.holds.holds(visit.teacher)
    except HoldProblem as exc:
        raise PageProblem("Holdene kan ikke læses", str(exc), 503) from None


def _hold(pages: Pages, visit: Visit, hold_id: str) -> Hold:
    """A hold this teacher may see, or a Danish "not found" (never "not yours")."""
    hold = next((h for h in _holds(pages, visit) if h.id == hold_id), None)
    if hold is None:
        raise PageProblem("Holdet findes ikke", "Der er intet hold på den adresse blandt dine "
                          "hold.", 404, link=("/laerer", "Til dine hold"))
    return hold


def _learner(pages: Pages, hold: Hold, learner_id: str) -> Learner:
    learner = next((l for l in pages.store.learners_in(hold.id) if l.id == learner_id), None)
    if learner is None:
        raise PageProblem("Deltageren findes ikke", "Der er ingen deltager på den adresse på "
                          "holdet.", 404, link=(f"/laerer/hold/{hold.id}", "Til holdet"))
    return learner


def bars(rows: list[tuple[str, int, int]], unit: str = "") -> dict:
    """An inline SVG bar chart's geometry: one bar a row, the figure written beside it."""
    width, bar_x, bar_w, row_h = 360, 0, 250, 44
    items = []
    for n, (label, part, whole) in enumerate(rows):
        share = part / whole if whole else 0.0
        items.append({
            "label": label if len(label) <= 48 else label[:47] + "…",
            "y": n * row_h,
            "bar_w": round(bar_w * share, 1),
            "figure": f"{part} af {whole}{unit}",
        })
    return {"width": width, "height": max(row_h, len(rows) * row_h), "bar_x": bar_x,
            "bar_w": bar_w, "items": items}


@page("teacher")
async def home(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    holds = _holds(pages, visit)
    counts = {}
    for learner in pages.store.learners():
        if learner.hold:
            counts[learner.hold] = counts.get(learner.hold, 0) + 1
    tracks = {t.id: t.title for t in pages.course.tracks}
    return pages.render(visit, "teacher_home.html", "Dine hold", holds=holds, counts=counts,
                        tracks=tracks, all_tracks=pages.course.tracks, name="")


@page("teacher")
async def create_hold(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    name, track = one(form, "navn")[:200], one(form, "forloeb")
    errors = []
    if track not in {t.id for t in pages.course.tracks}:
        errors.append(("forloeb", "Vælg et forløb på listen."))
    else:
        try:
            hold = pages.holds.create_hold(name, track, visit.teacher)
        except HoldProblem as exc:
            errors.append(("navn", str(exc)))
    if errors:
        holds = _holds(pages, visit)
        return pages.render(visit, "teacher_home.html", "Fejl: Dine hold", status=400,
                            holds=holds, counts={}, tracks={t.id: t.title for t in
                                                            pages.course.tracks},
                            all_tracks=pages.course.tracks, name=name, errors=errors)
    visit.flash(f"Holdet »{hold.name}« er oprettet. Koden er {hold.code}.", "success")
    return redirect(f"/laerer/hold/{hold.id}")


@page("teacher")
async def hold_page(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    from course.reports.learners import build_report

    hold = _hold(pages, visit, request.match_info["hold"])
    report = build_report(pages.course, pages.store, None, {hold.id})
    completion = report.module_completion()
    return pages.render(visit, "teacher_hold.html", f"Hold: {hold.name}", hold=hold,
                        rows=report.rows, chart=bars(completion),
                        completion=completion, track=pages.course.track(hold.track)
                        if hold.track in {t.id for t in pages.course.tracks} else None,
                        module_titles={m.id: m.title for m in pages.course.modules})


@page("teacher")
async def renew(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold = _hold(pages, visit, request.match_info["hold"])
    try:
        renewed = pages.holds.renew_code(hold.id)
    except HoldProblem as exc:
        raise PageProblem("Koden kunne ikke fornys", str(exc), 503) from None
    visit.flash(f"Holdet har fået en ny kode: {renewed.code}. Den gamle virker ikke længere.",
                "success")
    return redirect(f"/laerer/hold/{hold.id}")


@page("teacher")
async def csv(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    from course.reports.learners import build_report, render

    hold = _hold(pages, visit, request.match_info["hold"])
    text = render(build_report(pages.course, pages.store, None, {hold.id}), "csv")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return web.Response(body=text.encode("utf-8"), headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="rapport-{hold.id}-{stamp}.csv"',
        "Cache-Control": "no-store"})


@page("teacher")
async def learner_page(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    hold = _hold(pages, visit, request.match_info["hold"])
    learner = _learner(pages, hold, request.match_info["learner"])
    record = pages.record(learner)
    facts = record.facts()
    known = learner.track in {t.id for t in pages.course.tracks}
    progress = track_progress(pages.course, learner.track, facts) if known else None
    certificates = issued_for(learner.track, record.certificates(), datetime.now(UTC),
                              known_revocations(pages.data_dir))  # as the learner's page
    wait = pages.guard.wait(pin_limit(learner.id))
    code = visit.session.pop("shown_code", None)
    if code:
        visit.session.mark()
    return pages.render(visit, "teacher_learner.html", f"{learner.name} på {hold.name}",
                        hold=hold, person=learner, progress=progress, facts=facts,
                        certificates=certificates, locked=wait > 0,
                        code=code)


@page("teacher")
async def unlock(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold = _hold(pages, visit, request.match_info["hold"])
    learner = _learner(pages, hold, request.match_info["learner"])
    pages.guard.clear(pin_limit(learner.id)[0][0])
    visit.flash(f"{learner.name} kan prøve sin pinkode igen nu. Pinkoden er ikke ændret.",
                "success")
    return redirect(f"/laerer/hold/{hold.id}/deltager/{learner.id}")


@page("teacher")
async def reset_pin(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    """A teacher's reset (issue 20): a one-time code replaces the PIN, shown to the teacher
    once; the learner signs in with it and chooses a new PIN. The name stays locked to
    anyone else meanwhile: the PIN is never removed."""
    hold = _hold(pages, visit, request.match_info["hold"])
    learner = _learner(pages, hold, request.match_info["learner"])
    code = await in_thread(pages.record(learner).reset_pin)
    pages.guard.clear(pin_limit(learner.id)[0][0])
    visit.session["shown_code"] = code
    visit.session.mark()
    return redirect(f"/laerer/hold/{hold.id}/deltager/{learner.id}")


@page("teacher")
async def delete_form(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    hold = _hold(pages, visit, request.match_info["hold"])
    learner = _learner(pages, hold, request.match_info["learner"])
    return pages.render(visit, "teacher_delete.html", f"Slet {learner.name}?", hold=hold,
                        person=learner)


@page("teacher")
async def delete(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    hold = _hold(pages, visit, request.match_info["hold"])
    learner = _learner(pages, hold, request.match_info["learner"])
    if one(form, "bekraeft") != "ja":
        return pages.render(visit, "teacher_delete.html", f"Fejl: Slet {learner.name}?",
                            status=400, hold=hold, person=learner,
                            errors=[("bekraeft", "Sæt flueben, hvis du er sikker.")])
    pages.store.delete_learner(learner)
    pages.guard.clear(pin_limit(learner.id)[0][0])
    visit.flash(f"{learner.name} og alt, hvad der var gemt om deltageren, er slettet.",
                "success")
    return redirect(f"/laerer/hold/{hold.id}")


@page("teacher")
async def statistics(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    from course.reports.stats_report import TYPE_NAMES, build_stats, verdict

    holds = _holds(pages, visit)
    hold_id = request.query.get("hold", "")
    hold = next((h for h in holds if h.id == hold_id), None)
    scope = {hold.id} if hold else (None if visit.teacher == ADMIN else {h.id for h in holds})
    modules = pages.course.modules
    module_id = request.query.get("modul", "")
    module = next((m for m in modules if m.id == module_id), None) or modules[0]
    report = build_stats(pages.course, pages.store, None, scope, module.id)
    stats = next((m for m in report.stats.modules if m.module == module.id), None)
    questions = []
    if stats is not None:
        for q in stats.ordered():
            right = round(100 * q.facility) if q.facility is not None else None
            questions.append({
                "id": q.id, "prompt": q.question.prompt, "type": TYPE_NAMES[q.question.type],
                "answers": q.answers, "right": right, "verdict": verdict(q),
                "options": [(o.text, o.right, o.picks,
                             round(100 * o.picks / q.answers) if q.answers else 0)
                            for o in q.options],
            })
    chart = bars([(f"{q['id']}: {q['prompt']}", q["right"] or 0, 100) for q in questions
                  if q["answers"]], " %")
    return pages.render(visit, "teacher_stats.html", f"Svarstatistik: {module.title}",
                        holds=holds, hold=hold, modules=modules, module=module, stats=stats,
                        questions=questions, chart=chart, learners=report.stats.learners)


@page("teacher")
async def accounts(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    if visit.teacher != ADMIN:
        raise PageProblem("Kun for administratoren", "Kun administratoren kan se lærernes "
                          "konti.", 403, link=("/laerer", "Til dine hold"))
    return pages.render(visit, "teacher_accounts.html", "Lærernes konti",
                        accounts=pages.holds.accounts(), name="", minimum=MIN_PASSPHRASE)


@page("teacher")
async def create_account(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    if visit.teacher != ADMIN:
        raise PageProblem("Kun for administratoren", "Kun administratoren kan oprette konti.",
                          403, link=("/laerer", "Til dine hold"))
    name, text, again = one(form, "navn")[:200], one(form, "frase")[:200], one(form, "frase2")
    errors = []
    if text != again:
        errors.append(("frase2", "De to adgangsfraser er ikke ens."))
    else:
        try:
            account = await in_thread(pages.holds.create_account, name, text)
        except HoldProblem as exc:
            field = "navn" if "navn" in str(exc).casefold() or "konto" in str(exc) else "frase"
            errors.append((field, str(exc)))
    if errors:
        return pages.render(visit, "teacher_accounts.html", "Fejl: Lærernes konti", status=400,
                            accounts=pages.holds.accounts(), name=name, errors=errors,
                            minimum=MIN_PASSPHRASE)
    visit.flash(f"Kontoen for {account.name} er oprettet.", "success")
    return redirect("/laerer/konti")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/laerer", home),
        web.post("/laerer/hold", create_hold),
        web.get("/laerer/hold/{hold}", hold_page),
        web.post("/laerer/hold/{hold}/ny-kode", renew),
        web.get("/laerer/hold/{hold}/rapport.csv", csv),
        web.get("/laerer/hold/{hold}/deltager/{learner}", learner_page),
        web.post("/laerer/hold/{hold}/deltager/{learner}/laas-op", unlock),
        web.post("/laerer/hold/{hold}/deltager/{learner}/pinkode", reset_pin),
        web.get("/laerer/hold/{hold}/deltager/{learner}/slet", delete_form),
        web.post("/laerer/hold/{hold}/deltager/{learner}/slet", delete),
        web.get("/laerer/statistik", statistics),
        web.get("/laerer/konti", accounts),
        web.post("/laerer/konti", create_account),
    ]
