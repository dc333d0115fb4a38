"""One row per learner for HR and teachers: track, modules done, quiz scores, certificate.

Used by ``medborger report`` and by the teachers' views in the TUI and on the web. It
reads each learner's summary (see :mod:`progress.summary`), never the full records, so a
report over 2,000 learners stays well under a second.

The certificates are the learner's own page's (:func:`course.certificates.page.issued_for`,
with the status register's revocations read once per report): a teacher sees the same
line, Danish dates, code, valid-until and state, as the learner. The files keep ISO dates
(»Udstedt dato«, »Gyldigt til«) and name the state (»Bevisstatus«: gyldigt, udløbet or
tilbagekaldt).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from course.content.model import Course
from course.engine.numbers import whole_percent
from course.engine.progress import ModuleState, track_progress
from progress import Learner, Store

if TYPE_CHECKING:  # the certificates package (and its cryptography) loads on first use
    from course.certificates.page import IssuedCertificate


@dataclass
class LearnerRow:
    learner: Learner
    track_title: str
    modules_done: int
    modules_total: int
    percent_done: int  # share of the track's steps, 0..100
    scores: dict[str, float]  # module id -> best quiz per cent
    done_modules: set[str]
    certificates: tuple[IssuedCertificate, ...]  # issued for the track, oldest first
    last_activity: str | None
    problem: str | None = None
    hold_name: str | None = None

    @property
    def certificate(self) -> IssuedCertificate | None:
        """The certificate the row stands for: the newest that is still valid, else the
        newest (expired or revoked: its state says so); None when there is none."""
        valid = [cert for cert in self.certificates if cert.valid]
        if valid:
            return valid[-1]
        return self.certificates[-1] if self.certificates else None

    def plain(self, course: Course, modules: list[str] | None = None) -> dict[str, Any]:
        """The row with Danish column names, as the file formats write it; a quiz column
        for each of ``modules`` (ids; default: every module of the course)."""
        row: dict[str, Any] = {
            "Navn": self.learner.name,
            "Hold": self.hold_name,
            "Forløb": self.track_title,
            "Moduler færdige": self.modules_done,
            "Moduler i alt": self.modules_total,
            "Gennemført %": self.percent_done,
        }
        for module in (course.modules if modules is None
                       else [course.module(m) for m in modules]):
            score = self.scores.get(module.id)
            row[f"Quiz: {module.title}"] = whole_percent(score)  # as on screens and certificates
        cert = self.certificate
        row["Bevis udstedt"] = cert is not None
        row["Udstedt dato"] = (cert.issued_at[:10] or None) if cert else None
        row["Bekræftelseskode"] = cert.code if cert else None
        row["Gyldigt til"] = cert.expires_at[:10] if cert and cert.expires_at else None
        row["Bevisstatus"] = cert.state if cert else None  # gyldigt, udløbet, tilbagekaldt
        row["Sidst aktiv"] = (self.last_activity or "")[:10] or None
        row["Bemærkning"] = self.problem
        return row


@dataclass
class Report:
    course: Course
    rows: list[LearnerRow]
    track: str | None = None
    made: str = ""

    @property
    def modules(self) -> list[str]:
        """The modules the report's learners can have, in course order: those of its
        track, or of the tracks of its rows (a school class's report has no column for a
        module the school track lacks); every module when there is no row."""
        return report_modules(self.course, [self.track] if self.track else
                              [row.learner.track for row in self.rows])

    @property
    def columns(self) -> list[str]:
        """The column names, in order (those of a row; a blank row's for an empty report)."""
        sample = self.rows[0] if self.rows else LearnerRow(
            Learner("", "", "", ""), "", 0, 0, 0, {}, set(), (), None)
        return list(sample.plain(self.course, self.modules))

    def plain_rows(self) -> list[dict[str, Any]]:
        modules = self.modules
        return [row.plain(self.course, modules) for row in self.rows]

    def module_completion(self) -> list[tuple[str, int, int]]:
        """Per module: (title, learners done, learners whose track has it)."""
        tracks = {t.id: t.modules for t in self.course.tracks}
        result = []
        for module in self.course.modules:
            having = [r for r in self.rows if module.id in tracks.get(r.learner.track, ())]
            if having:
                done = sum(1 for r in having if module.id in r.done_modules)
                result.append((module.title, done, len(having)))
        return result


def report_modules(course: Course, tracks: Collection[str]) -> list[str]:
    """The ids of the modules of ``tracks`` (known ones), in course order; every module
    when no known track is given."""
    known = {t.id: set(t.modules) for t in course.tracks}
    wanted = set().union(*(known[t] for t in tracks if t in known))
    if not wanted:
        return [m.id for m in course.modules]
    return [m.id for m in course.modules if m.id in wanted]


def build_report(course: Course, store: Store, track: str | None = None,
                 holds: Collection[str] | None = None,
                 moment: datetime | None = None) -> Report:
    """The report over every learner, or those on ``track`` and in ``holds`` (hold ids).

    A teacher's report passes the ids of the holds they own, so it never holds another
    teacher's pupils (nor learners outside any hold). ``moment`` (default: now) decides
    which certificates have expired.
    """
    from course.certificates.page import issued_for, known_revocations
    from progress.holds import HoldBook, HoldProblem
    from progress.model import now

    moment = moment or datetime.now(UTC)
    revoked = known_revocations(store.root)  # None when the register cannot be read

    known = {t.id for t in course.tracks}
    try:
        hold_names = {h.id: h.name for h in HoldBook(store.root).holds()}
    except HoldProblem:
        hold_names = {}
    learners = [l for l in store.learners()
                if (track is None or l.track == track) and (holds is None or l.hold in holds)]
    rows = []
    for learner, summary, problem in store.summaries(learners):
        hold_name = hold_names.get(learner.hold) if learner.hold else None
        if learner.track not in known:
            rows.append(LearnerRow(learner, learner.track, 0, 0, 0, {}, set(), (), None,
                                   "forløbet findes ikke længere i kurset", hold_name))
            continue
        track_obj = course.track(learner.track)
        if summary is None:
            rows.append(LearnerRow(learner, track_obj.title, 0, len(track_obj.modules), 0, {},
                                   set(), (), None, f"filen kunne ikke læses: {problem}",
                                   hold_name))
            continue
        progress = track_progress(course, learner.track, summary)
        done = {m.module.id for m in progress.modules if m.state is ModuleState.DONE}
        rows.append(LearnerRow(
            learner=learner,
            track_title=track_obj.title,
            modules_done=len(done),
            modules_total=len(progress.modules),
            percent_done=whole_percent(progress.fraction * 100),
            scores={m: summary.best[m] for m in track_obj.modules if m in summary.best},
            done_modules=done,
            certificates=issued_for(learner.track, summary.certificates, moment, revoked),
            last_activity=summary.last_activity,
            hold_name=hold_name,
        ))
    return Report(course, rows, track, now())


def render(report: Report, fmt: str) -> str:
    from course.reports.formats import to_csv, to_json, to_markdown

    rows = report.plain_rows()
    if fmt == "csv":
        return to_csv(report.columns, rows)
    if fmt == "md":
        title = "Medborgerskab i Ishøj – rapport"
        if report.track:
            title += f" ({report.course.track(report.track).title})"
        return to_markdown(report.columns, rows, title)
    if fmt == "json":
        return to_json(rows, {"lavet": report.made, "forløb": report.track,
                              "antal": len(rows)})
    raise ValueError(f"unknown format {fmt!r}")
