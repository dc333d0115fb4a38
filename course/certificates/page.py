"""The certificate page, decided once: what a learner is shown about their track's
certificate, as data that the terminal app, the plain mode and the web pages render.

:func:`certificate_page` is pure: it takes the course, the track, the learner's facts,
the certificates their record lists, the moment and the codes known to be revoked, and
returns a :class:`CertificatePage`. The front ends read the record and the status
register themselves (each tells a damaged file its own way) and then only render the
model: marks and colours in the terminal, sentences in the plain mode, HTML on the web.

The models
==========

:class:`CertificatePage`
    The title (»Kursusbevis: …«), whether the track is complete (``eligible``), the
    headline and the explanation (:meth:`CertificatePage.explanation`: the rule of the
    pass mark from :func:`course.engine.views.certificate_rule`, or how long the
    certificate is valid from :func:`course.engine.views.validity`), the checklist and
    the certificates issued for the track, oldest first. While one of them is still valid
    (:attr:`CertificatePage.current`), every front end asks
    :attr:`CertificatePage.reissue_question` before it issues another.

:class:`ChecklistLine`
    One module of the track: its number and title (:attr:`ChecklistLine.label`, »1.
    Forord«), done or not, the detail (:meth:`ChecklistLine.detail`: »færdig, quiz 87 %«,
    »færdig« without a quiz, »mangler« when not done) and, when not done, the steps left
    (:meth:`course.engine.progress.ModuleProgress.remaining`, worded when the page is
    made: :func:`certificate_page` takes the front end's ``sign``).

:class:`IssuedCertificate`
    One issued certificate: its code, the day it was issued and the day it stops being
    valid (Danish dates), its state (gyldigt, udløbet or tilbagekaldt, as
    :mod:`.credential` names them; tilbagekaldt only when the register was read) and the
    files as the record names them. :meth:`IssuedCertificate.summary` is the line every
    front end shows, to the learner and to their teacher alike: :func:`issued_for` makes
    them from a record's rows or from a summary's (the teachers' views and
    :mod:`course.reports.learners`).

A figure in a text takes ``sign`` (" %" on screens, " procent" in the plain mode), as in
:mod:`course.engine.views`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from course.content.model import Course
from course.engine.progress import FactsLike, ModuleState, track_progress
from course.engine.views import certificate_rule, validity

from .credential import EXPIRED, REVOKED, VALID, danish_date
from .rules import claim
from .stamps import parse_stamp

__all__ = [
    "REISSUE_TITLE",
    "CertificatePage",
    "ChecklistLine",
    "IssuedCertificate",
    "certificate_page",
    "issued_for",
    "known_revocations",
]

MISSING_HEADLINE = "Det mangler du for at få kursusbeviset"
SIGNED = "Kursusbeviset bliver underskrevet, så HR eller din lærer kan se, at det er ægte."
HOLDS_ONE = "Dit kursusbevis er udstedt; du finder det nederst på siden."
REISSUE_TITLE = "Et kursusbevis mere?"  # over the question, where a front end has a title


@dataclass(frozen=True)
class ChecklistLine:
    """One module of the track on the checklist (see the module docstring)."""

    number: int
    module_id: str
    title: str
    done: bool
    best_percent: int | None  # best finished quiz attempt, rounded down; None: no quiz/attempt
    has_quiz: bool
    steps: tuple[str, ...] = ()  # what is left, empty when done

    @property
    def label(self) -> str:
        """ "1. Forord"."""
        return f"{self.number}. {self.title}"

    def detail(self, sign: str = " %") -> str:
        """ "færdig, quiz 87 %", "færdig" (no quiz) or "mangler"."""
        if not self.done:
            return "mangler"
        if self.has_quiz and self.best_percent is not None:
            return f"færdig, quiz {self.best_percent}{sign}"
        return "færdig"


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate issued for the track (see the module docstring)."""

    code: str
    issued_at: str  # the stamp as recorded (validFrom), for ordering
    issued: str  # "4. december 2026", the day in Denmark; "" when unknown
    valid_until: str | None  # "4. december 2029"; None: it does not expire
    state: str  # VALID, EXPIRED or REVOKED (course.certificates.credential)
    pdf: str | None  # the files as the record names them (Store.stored_file finds them)
    json: str | None
    expires_at: str | None = None  # the stamp as recorded (validUntil), for reports' files

    @property
    def valid(self) -> bool:
        return self.state == VALID

    @property
    def revoked(self) -> bool:
        return self.state == REVOKED

    @property
    def expired(self) -> bool:
        return self.state == EXPIRED

    def summary(self) -> str:
        """ "Udstedt 4. december 2026, kode ISH-…, gyldigt til 4. december 2029"; an
        expired one "…, udløbet 4. december 2029", a revoked one "…, tilbagekaldt"."""
        text = f"Udstedt {self.issued}, kode {self.code}" if self.issued else f"Kode {self.code}"
        if self.revoked:
            return f"{text}, tilbagekaldt"
        if self.expired:
            return f"{text}, udløbet {self.valid_until}"
        if self.valid_until:
            return f"{text}, gyldigt til {self.valid_until}"
        return text


@dataclass(frozen=True)
class CertificatePage:
    """What the certificate page shows (see the module docstring)."""

    title: str  # "Kursusbevis: Kursusbevis i medborgerskab"
    track_id: str
    track_title: str
    eligible: bool
    pass_mark: int
    valid_years: int | None
    checklist: tuple[ChecklistLine, ...]
    issued: tuple[IssuedCertificate, ...]  # oldest first
    problem: str | None = None  # the track is gone or has no modules (Danish)

    issued_heading: ClassVar[str] = "Udstedte kursusbeviser"  # over the issued ones

    @property
    def headline(self) -> str:
        """ "Du har gennemført »…«!" or "Det mangler du for at få kursusbeviset"."""
        if self.eligible:
            return f"Du har gennemført »{self.track_title}«!"
        return MISSING_HEADLINE

    @property
    def current(self) -> IssuedCertificate | None:
        """The newest certificate that is still valid (not expired, not revoked)."""
        return next((c for c in reversed(self.issued) if c.valid), None)

    @property
    def reissue_question(self) -> str | None:
        """Asked before another certificate is issued while one for the track is still
        valid (:attr:`current`), in every front end; None when there is nothing to ask."""
        current = self.current
        if current is None:
            return None
        held = (f"udstedt {current.issued}, kode {current.code}" if current.issued
                else f"kode {current.code}")
        return (f"Du har allerede et kursusbevis for forløbet »{self.track_title}« ({held}). "
                "Det gælder stadig. Vil du udstede et nyt med en ny kode? Begge vil stå i "
                "din lærers eller HR's oversigt.")

    @property
    def newest(self) -> IssuedCertificate | None:
        return self.issued[-1] if self.issued else None

    def explanation(self, sign: str = " %") -> str:
        """Under the headline: the pass mark's rule while something is missing; once the
        track is complete, that the certificate is signed (or is issued already) and
        how long it is valid."""
        if self.problem:
            return self.problem
        if not self.eligible:
            return certificate_rule(self.pass_mark, sign)
        first = HOLDS_ONE if self.current is not None else SIGNED
        return f"{first} {validity(self.valid_years)}"

    @property
    def missing(self) -> int:
        """How many steps are left over the whole track."""
        return sum(len(line.steps) for line in self.checklist)


def _day(stamp: str | None) -> str | None:
    """A recorded stamp as a Danish date; None when there is none or it is not a date."""
    if not stamp:
        return None
    try:
        return danish_date(stamp)
    except (ValueError, IndexError):
        return None


def _issued(row: Mapping[str, Any], now: datetime, revoked: Collection[str]) -> IssuedCertificate:
    document = row.get("document")
    # a record's row has the signed document; a summary's row (progress.summary) its end
    until = (document.get("validUntil") if isinstance(document, Mapping)
             else row.get("valid_until"))
    until = until if isinstance(until, str) else None
    ends = parse_stamp(until)
    stamp = row.get("issued")
    stamp = stamp if isinstance(stamp, str) else ""
    code = str(row.get("code") or "?")
    if code in revoked:
        state = REVOKED
    elif ends is not None and ends <= now:
        state = EXPIRED
    else:
        state = VALID
    pdf, json_ = row.get("pdf"), row.get("json")
    return IssuedCertificate(
        code=code, issued_at=stamp, issued=_day(stamp) or "", valid_until=_day(until),
        state=state, pdf=pdf if isinstance(pdf, str) and pdf else None,
        json=json_ if isinstance(json_, str) and json_ else None,
        expires_at=until if ends is not None else None)


def issued_for(track_id: str, rows: Iterable[Mapping[str, Any]], now: datetime,
               revoked: Collection[str] | None = None) -> tuple[IssuedCertificate, ...]:
    """The certificates ``rows`` lists for the track, oldest first: a record's rows
    (``Record.certificates()``) or a summary's (``Summary.certificates``, which the
    teachers' views and the reports read). ``revoked`` as for :func:`certificate_page`."""
    mine = [row for row in rows if row.get("track") == track_id]
    mine.sort(key=lambda row: str(row.get("issued") or ""))
    return tuple(_issued(row, now, revoked or ()) for row in mine)


def certificate_page(course: Course, track_id: str, facts: FactsLike,
                     issued: Iterable[Mapping[str, Any]], now: datetime,
                     revoked: Collection[str] | None = None,
                     sign: str = " %") -> CertificatePage:
    """The certificate page of a learner on ``track_id``.

    ``issued`` is what the learner's record lists (``Record.certificates()``; other
    tracks' certificates are left out here); ``now`` decides which have expired;
    ``revoked`` holds the codes the status register names as revoked (None or empty
    when it was not read: then none is shown as revoked); ``sign`` is how a figure in the
    steps left is written (" procent" in the plain mode, whose other texts take it at
    rendering: :meth:`CertificatePage.explanation`, :meth:`ChecklistLine.detail`).
    """
    result = claim(course, track_id, facts)
    certificates = issued_for(track_id, issued, now, revoked)
    try:
        track = course.track(track_id)
    except KeyError:
        return CertificatePage(
            title="Kursusbevis", track_id=track_id, track_title=track_id, eligible=False,
            pass_mark=0, valid_years=None, checklist=(), issued=certificates,
            problem=" ".join(result.missing))
    progress = track_progress(course, track_id, facts)
    lines = tuple(
        ChecklistLine(
            number=number, module_id=item.module.id, title=item.module.title,
            done=item.state is ModuleState.DONE, best_percent=scored.best_percent,
            has_quiz=scored.has_quiz, steps=tuple(item.remaining(sign)))
        for number, (item, scored) in enumerate(zip(progress.modules, result.modules), start=1))
    return CertificatePage(
        title=f"Kursusbevis: {track.certificate_title}",
        track_id=track.id,
        track_title=track.title,
        eligible=result.eligible,
        pass_mark=track.pass_mark,
        valid_years=track.certificate_valid_years,
        checklist=lines,
        issued=certificates,
        problem=None if progress.modules else " ".join(result.missing),
    )


def known_revocations(data_dir: str | Path) -> frozenset[str] | None:
    """The codes the data folder's status register names as revoked; None when the
    register cannot be read (the page then shows no certificate as revoked)."""
    from .status import StatusProblem, revoked_codes

    try:
        return revoked_codes(data_dir)
    except (StatusProblem, OSError):
        return None
