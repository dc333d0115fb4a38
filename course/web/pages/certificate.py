"""The certificate: the checklist of what is left, issuing, the PDF and the /bevis link.

The page is :func:`course.certificates.page.certificate_page`, the one the terminal and
the plain mode render too; issuing is
:func:`course.certificates.service.issue`, as in the terminal and `medborger certificate
issue`; the files go to ``<data>/kursusbeviser/``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from course.certificates.page import CertificatePage, certificate_page, known_revocations

from .core import PageProblem, Pages, Visit, page, quoted, redirect
from .signin import in_thread

FOLDER = "kursusbeviser"


def _mine(pages: Pages, visit: Visit) -> list[dict]:
    issued = pages.record(visit.learner).certificates()
    return sorted((c for c in issued if c.get("track") == visit.learner.track),
                  key=lambda c: c.get("issued") or "")


def _page(pages: Pages, visit: Visit) -> CertificatePage:
    """The learner's certificate page (:func:`course.certificates.page.certificate_page`)."""
    learner = visit.learner
    record = pages.record(learner)
    return certificate_page(pages.course, learner.track, record.facts(), record.certificates(),
                            datetime.now(UTC), known_revocations(pages.data_dir))


@page("learner")
async def show(pages: Pages, visit: Visit, request: web.Request) -> web.Response:
    model = _page(pages, visit)
    links = {cert.code: {"pdf": f"/kursusbevis/{quoted(cert.code)}.pdf",
                         "verify": f"/bevis?kode={quoted(cert.code)}"}
             for cert in model.issued}
    return pages.render(visit, "certificate.html", model.title, page=model, links=links)


@page("learner")
async def issue(pages: Pages, visit: Visit, request: web.Request, form) -> web.Response:
    from course.certificates.keys import KeyProblem
    from course.certificates.service import NotEligible
    from course.certificates.service import issue as issue_certificate
    from course.certificates.status import StatusProblem

    learner = visit.learner
    if _page(pages, visit).current is not None and form.get("igen") != ["ja"]:
        visit.flash("Du har allerede et kursusbevis for forløbet. Vil du have et nyt, så tryk "
                    "»Udsted et nyt kursusbevis«.")
        return redirect("/kursusbevis")
    try:
        issued = await in_thread(issue_certificate, pages.course, pages.store, learner,
                                 pages.data_dir / FOLDER, None, pages.public_url)
    except NotEligible:
        visit.flash("Du har ikke gennemført forløbet endnu. Se listen over, hvad der mangler.",
                    "error")
        return redirect("/kursusbevis")
    except (KeyProblem, StatusProblem, ValueError) as exc:
        raise PageProblem("Kursusbeviset kunne ikke udstedes",
                          f"Kursusbeviset kunne ikke udstedes: {exc}. Sig det til din lærer.",
                          503, link=("/kursusbevis", "Til kursusbeviset")) from None
    visit.flash(f"Dit kursusbevis er udstedt. Koden er {issued.code}.", "success")
    return redirect("/kursusbevis")


@page("learner")
async def pdf(pages: Pages, visit: Visit, request: web.Request) -> web.StreamResponse:
    code = request.match_info["code"]
    cert = next((c for c in reversed(_mine(pages, visit)) if c.get("code") == code), None)
    path = pages.store.stored_file(cert.get("pdf")) if cert else None
    if path is None or not path.is_file():
        raise PageProblem("Filen findes ikke",
                          "Den PDF findes ikke (længere). Udsted et nyt kursusbevis.", 404,
                          link=("/kursusbevis", "Til kursusbeviset"))
    return web.FileResponse(path, headers={
        "Content-Type": "application/pdf",
        "Content-Disposition": f'attachment; filename="kursusbevis-{code}.pdf"',
        "Cache-Control": "no-store"})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/kursusbevis", show),
        web.post("/kursusbevis", issue),
        web.get("/kursusbevis/{code}.pdf", pdf),
    ]
