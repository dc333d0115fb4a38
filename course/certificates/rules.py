"""Whether a learner has earned a track's certificate, and what the certificate says.

Pure logic over the course (content) and the facts recorded for a learner: the same
rules as the course map (:func:`course.engine.progress.track_progress`). A track is
complete when every module in it is done: pages read, quiz passed at the quiz's or the
track's pass mark, and the track's scenarios played to an ending.

:meth:`Claim.to_plain` turns the result into plain JSON values (ids and strings, ints,
no floats), which is all the certificate builder in :mod:`.credential` knows of the
course: the track, the modules and scores, how long the certificate is valid and the
policy version (title, adoption date, fingerprint of the content files).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course.content.model import Course
from course.engine.numbers import whole_percent
from course.engine.progress import FactsLike, track_progress


@dataclass(frozen=True)
class ModuleResult:
    """One module of the track as the certificate shows it."""

    id: str
    title: str
    best_percent: int | None  # best finished quiz attempt, rounded down; None without a quiz
    has_quiz: bool
    scenarios_done: int
    scenarios_total: int


@dataclass(frozen=True)
class Claim:
    """The learner's claim to a track's certificate.

    ``missing`` is the checklist of what is left (Danish), empty when ``eligible``.
    """

    eligible: bool
    missing: list[str]
    course_title: str
    achievement: str  # the policy's title: what the certificate is about
    track_id: str
    track_title: str
    pass_mark: int
    certificate_title: str
    modules: tuple[ModuleResult, ...]
    valid_years: int | None = None  # None: the certificate does not expire
    policy_adopted: str | None = None
    content_fingerprint: str = ""

    def to_plain(self) -> dict[str, Any]:
        """The claim as plain JSON values (no floats), for the certificate builder."""
        return {
            "course": self.course_title,
            "achievement": self.achievement,
            "certificateTitle": self.certificate_title,
            "track": {"id": self.track_id, "title": self.track_title, "passMark": self.pass_mark},
            "validYears": self.valid_years,
            "policy": {
                "title": self.achievement,
                "adopted": self.policy_adopted,
                "contentFingerprint": self.content_fingerprint,
            },
            "modules": [
                {
                    "id": m.id,
                    "title": m.title,
                    "bestScore": m.best_percent,
                    "scenariosCompleted": m.scenarios_done,
                    "scenariosTotal": m.scenarios_total,
                }
                for m in self.modules
            ],
        }


def _whole_percent(value: float | None) -> int | None:
    """A per cent as a whole number, rounded down: a certificate never overstates a score
    (the figure every screen and report shows, :func:`course.engine.numbers.whole_percent`)."""
    return whole_percent(value)


def claim(course: Course, track_id: str, facts: FactsLike, sign: str = " %") -> Claim:
    """Eligibility, the checklist of what is left, and the data for the certificate (a
    figure in what is left in ``sign``: " %" on screens, " procent" in the plain mode)."""
    try:
        track = course.track(track_id)
    except KeyError:
        return Claim(
            eligible=False,
            missing=[f"Forløbet »{track_id}« findes ikke længere i kurset. "
                     "Vælg et andet forløb for deltageren."],
            course_title=course.title,
            achievement=course.policy_title,
            track_id=track_id,
            track_title=track_id,
            pass_mark=0,
            certificate_title="",
            modules=(),
        )
    progress = track_progress(course, track_id, facts)
    missing: list[str] = []
    results: list[ModuleResult] = []
    for number, module in enumerate(progress.modules, start=1):
        for step in module.remaining(sign):
            missing.append(f"Modul {number} »{module.module.title}«: {step}")
        results.append(ModuleResult(
            id=module.module.id,
            title=module.module.title,
            best_percent=_whole_percent(module.best_percent) if module.has_quiz else None,
            has_quiz=module.has_quiz,
            scenarios_done=module.scenarios_done,
            scenarios_total=len(module.scenarios),
        ))
    if not progress.modules:
        missing.append(f"Forløbet »{track.title}« har ingen moduler.")
    return Claim(
        eligible=progress.complete and not missing,
        missing=missing,
        course_title=course.title,
        achievement=course.policy_title,
        track_id=track.id,
        track_title=track.title,
        pass_mark=track.pass_mark,
        certificate_title=track.certificate_title,
        modules=tuple(results),
        valid_years=track.certificate_valid_years,
        policy_adopted=course.policy_adopted,
        content_fingerprint=course.content_fingerprint,
    )
