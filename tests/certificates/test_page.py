"""The certificate page as data (course.certificates.page): the checklist, the status, the
wording from the one source of each rule, and the certificates issued with their state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from course.certificates.credential import EXPIRED, REVOKED, VALID, danish_date
from course.certificates.page import certificate_page, known_revocations
from course.certificates.service import Issued, revoke
from course.certificates.status import register_path
from course.content.model import Course
from course.engine.views import certificate_rule, validity
from progress import Store
from tests.certificates.conftest import WHEN
from tests.certificates.test_certificates import FINISHED, complete_module, qualifying_learner

NOW = WHEN + timedelta(days=1)


def page_of(course: Course, store: Store, name: str, now: datetime = NOW,
            revoked: frozenset[str] | None = None):
    learner = store.find(name)
    record = store.record(learner)
    return certificate_page(course, learner.track, record.facts(), record.certificates(), now,
                            revoked)


def test_a_new_learner_sees_every_module_with_its_steps(course: Course, store: Store) -> None:
    store.create_learner("Amira", "skole")
    page = page_of(course, store, "Amira")
    track = course.track("skole")
    assert not page.eligible and page.issued == () and page.current is None
    assert page.title == f"Kursusbevis: {track.certificate_title}"
    assert page.headline == "Det mangler du for at få kursusbeviset"
    assert page.explanation() == certificate_rule(track.pass_mark)
    assert page.explanation(" procent") == certificate_rule(track.pass_mark, " procent")
    assert [line.title for line in page.checklist] == [m.title for m in course.modules_for("skole")]
    first = page.checklist[0]
    assert first.label == "1. Forord" and not first.done and first.detail() == "mangler"
    assert first.steps[:2] == ("Læs siderne (0 af 5 læst)", "Tag quizzen")
    assert page.missing == sum(len(line.steps) for line in page.checklist) > 0


def test_done_modules_show_their_score_and_the_rest_their_steps(course: Course,
                                                                store: Store) -> None:
    learner = store.create_learner("Amira", "skole")
    modules = course.modules_for("skole")
    for module in modules[:2]:
        complete_module(course, store, learner, module.id, percent=87.5)
    page = page_of(course, store, "Amira")
    assert not page.eligible
    done, started = page.checklist[:2], page.checklist[2:]
    assert all(line.done and not line.steps for line in done)
    assert done[0].detail() == "færdig, quiz 87 %"
    assert done[0].detail(" procent") == "færdig, quiz 87 procent"
    assert all(not line.done and line.steps and line.detail() == "mangler" for line in started)
    assert [line.number for line in page.checklist] == list(range(1, len(modules) + 1))


def test_a_failed_quiz_shows_its_score_among_the_steps(course: Course, store: Store) -> None:
    learner = qualifying_learner(course, store)
    store.record(learner).save_attempt({"id": "attempt-forord", "module": "forord",
                                        "finished": FINISHED, "percent": 40.0, "passed": False})
    page = page_of(course, store, learner.name)
    assert not page.eligible
    forord = page.checklist[0]
    assert not forord.done and forord.best_percent == 40 and forord.detail() == "mangler"
    assert forord.steps == ("Bestå quizzen (bedste resultat: 40 %)",)
    assert page.missing == 1 and all(line.done for line in page.checklist[1:])


def test_the_steps_left_take_the_front_ends_sign(course: Course, store: Store) -> None:
    """The plain mode reads »40 procent« aloud where the screens write »40 %«: the page,
    the module's steps and the claim's list of what is missing each take the sign."""
    from course.certificates.rules import claim
    from course.engine.progress import track_progress

    learner = qualifying_learner(course, store)
    record = store.record(learner)
    record.save_attempt({"id": "attempt-forord", "module": "forord", "finished": FINISHED,
                         "percent": 40.0, "passed": False})
    facts = record.facts()
    page = certificate_page(course, "skole", facts, [], NOW, None, " procent")
    assert page.checklist[0].steps == ("Bestå quizzen (bedste resultat: 40 procent)",)
    forord = track_progress(course, "skole", facts).modules[0]
    assert forord.remaining() == ["Bestå quizzen (bedste resultat: 40 %)"]
    assert forord.remaining(" procent") == ["Bestå quizzen (bedste resultat: 40 procent)"]
    assert claim(course, "skole", facts, " procent").missing == [
        "Modul 1 »Forord«: Bestå quizzen (bedste resultat: 40 procent)"]


def test_a_learner_who_has_done_it_all_is_eligible(course: Course, store: Store) -> None:
    learner = qualifying_learner(course, store, name="Åse Ørum", track="medarbejder")
    page = page_of(course, store, learner.name)
    track = course.track("medarbejder")
    assert page.eligible and page.missing == 0
    assert page.headline == f"Du har gennemført »{track.title}«!"
    assert page.explanation() == ("Kursusbeviset bliver underskrevet, så HR eller din lærer "
                                  "kan se, at det er ægte. " + validity(3))
    assert all(line.done and line.detail() == "færdig, quiz 86 %" for line in page.checklist)


def test_an_issued_certificate_is_listed_with_its_dates_and_files(
        course: Course, store: Store, employee: Issued) -> None:
    page = page_of(course, store, "Åse Ørum")
    [cert] = page.issued
    assert cert.code == employee.code and cert.state == VALID and cert.valid
    until = employee.doc["validUntil"]
    assert cert.issued == danish_date(WHEN) and cert.valid_until == danish_date(until)
    assert cert.summary() == (f"Udstedt {danish_date(WHEN)}, kode {employee.code}, gyldigt "
                              f"til {danish_date(until)}")
    assert cert.pdf and cert.pdf.endswith(employee.pdf_path.name)
    assert cert.json and cert.json.endswith(employee.json_path.name)
    assert page.current == cert == page.newest
    assert page.explanation().startswith("Dit kursusbevis er udstedt")
    # the question every front end asks before it issues another
    assert page.reissue_question == (
        f"Du har allerede et kursusbevis for forløbet »{course.track('medarbejder').title}« "
        f"(udstedt {danish_date(WHEN)}, kode {employee.code}). Det gælder stadig. Vil du "
        "udstede et nyt med en ny kode? Begge vil stå i din lærers eller HR's oversigt.")
    # another track's page does not list it
    other = certificate_page(course, "skole", store.record(store.find("Åse Ørum")).facts(),
                             store.record(store.find("Åse Ørum")).certificates(), NOW)
    assert other.issued == ()


def test_a_certificate_without_expiry_says_nothing_of_it(course: Course, store: Store,
                                                         issued: Issued) -> None:
    [cert] = page_of(course, store, "Søren Ærø-Åberg").issued
    assert cert.valid_until is None and cert.valid
    assert cert.summary() == f"Udstedt {danish_date(WHEN)}, kode {issued.code}"


def test_an_expired_certificate_is_shown_as_expired(course: Course, store: Store,
                                                    employee: Issued) -> None:
    later = WHEN + timedelta(days=4 * 366)
    page = page_of(course, store, "Åse Ørum", now=later)
    [cert] = page.issued
    assert cert.state == EXPIRED and cert.expired and not cert.valid
    assert cert.summary().endswith(f", udløbet {danish_date(employee.doc['validUntil'])}")
    assert page.current is None and page.newest == cert and page.reissue_question is None
    assert page.explanation().startswith("Kursusbeviset bliver underskrevet")  # issue a new one


def test_a_revoked_certificate_is_shown_as_revoked(course: Course, store: Store,
                                                   employee: Issued) -> None:
    assert known_revocations(store.root) == frozenset()
    revoke(store.root, employee.code, "Udstedt ved en fejl")
    revoked = known_revocations(store.root)
    assert revoked == {employee.code}
    page = page_of(course, store, "Åse Ørum", revoked=revoked)
    [cert] = page.issued
    assert cert.state == REVOKED and cert.revoked
    assert cert.summary() == f"Udstedt {danish_date(WHEN)}, kode {employee.code}, tilbagekaldt"
    assert page.current is None
    # unknown (the register was not read): shown as issued
    assert page_of(course, store, "Åse Ørum").issued[0].state == VALID


def test_a_damaged_register_leaves_the_revocations_unknown(course: Course, store: Store,
                                                           employee: Issued) -> None:
    register_path(store.root).write_text("{ not json", encoding="utf-8")
    assert known_revocations(store.root) is None
    assert page_of(course, store, "Åse Ørum", revoked=None).issued[0].valid


def test_certificates_are_listed_oldest_first_and_odd_rows_do_not_break_the_page(
        course: Course, store: Store) -> None:
    learner = qualifying_learner(course, store)
    rows = [
        {"track": "skole", "issued": "2026-11-27T10:00:00Z", "code": "ISH-B"},
        {"track": "skole", "issued": "2026-11-26T10:00:00Z", "code": "ISH-A",
         "document": {"validUntil": "ikke en dato"}, "pdf": 7},
        {"track": "skole", "code": None},
        {"track": "frivillig", "issued": "2026-11-25T10:00:00Z", "code": "ISH-F"},
    ]
    page = certificate_page(course, "skole", store.record(learner).facts(), rows,
                            datetime(2026, 12, 1, tzinfo=UTC))
    assert [c.code for c in page.issued] == ["?", "ISH-A", "ISH-B"]
    assert page.issued[0].summary() == "Kode ?"
    assert page.issued[1].pdf is None and page.issued[1].valid_until is None
    assert page.issued[1].summary() == "Udstedt 26. november 2026, kode ISH-A"
    assert page.newest is not None and page.newest.code == "ISH-B"


def test_a_track_that_is_gone_gives_a_page_that_says_so(course: Course, store: Store) -> None:
    learner = store.create_learner("Amira", "skole")
    page = certificate_page(course, "nedlagt", store.record(learner).facts(), [], NOW)
    assert not page.eligible and page.checklist == ()
    assert "»nedlagt« findes ikke længere" in page.explanation()
