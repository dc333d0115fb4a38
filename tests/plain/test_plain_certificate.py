"""The plain mode's certificate page and module menu, driven through a terminal on text
streams as a learner types: figures read aloud (»40 procent«, never »40 %«)."""

from __future__ import annotations

import io

import pytest

from course.content.model import Course
from course.plain.certificate import certificate
from course.plain.module import module_menu
from course.plain.session import Session
from course.plain.terminal import Terminal
from progress import Learner, Store
from tests.certificates.test_certificates import FINISHED, qualifying_learner


@pytest.fixture
def store(data_dir) -> Store:
    return Store(data_dir)


def plain(course: Course, store: Store, learner: Learner, typed: str) -> tuple[Session, io.StringIO]:
    """A plain-mode session signed in as ``learner``, reading ``typed`` line by line."""
    out = io.StringIO()
    session = Session(course, store, Terminal(io.StringIO(typed), out))
    session.sign_in(learner, store.record(learner))
    return session, out


def failed_forord(course: Course, store: Store) -> Learner:
    """A learner who has done everything but pass the first quiz (best: 40 %)."""
    learner = qualifying_learner(course, store)
    store.record(learner).save_attempt({"id": "attempt-forord", "module": "forord",
                                        "finished": FINISHED, "percent": 40.0, "passed": False})
    return learner


def test_the_certificate_page_reads_the_steps_left_in_words(course: Course, store: Store) -> None:
    learner = failed_forord(course, store)
    _session, out = plain(course, store, learner, "\n")
    certificate(_session)
    text = out.getvalue()
    assert "- Bestå quizzen (bedste resultat: 40 procent)." in text
    assert "%" not in text


def test_the_module_menu_reads_the_quiz_score_and_the_steps_left_in_words(
        course: Course, store: Store) -> None:
    learner = failed_forord(course, store)
    session, out = plain(course, store, learner, "t\n")
    module_menu(session, "forord")
    text = out.getvalue()
    assert "Quiz: Ikke bestået endnu (bedste resultat 40 procent)." in text
    assert "Tilbage i modulet: Bestå quizzen (bedste resultat: 40 procent)." in text
    assert "%" not in text


# --- a second certificate while one is still valid: asked first, as in the terminal and the web


def test_a_second_certificate_is_asked_for_while_one_is_valid(course: Course, store: Store,
                                                               data_dir) -> None:
    from course.certificates.credential import danish_date
    from course.certificates.service import issue
    from tests.certificates.conftest import WHEN

    learner = qualifying_learner(course, store)
    first = issue(course, store, learner, data_dir / "kursusbeviser", now=WHEN)
    question = (f"Du har allerede et kursusbevis for forløbet »{course.track('skole').title}« "
                f"(udstedt {danish_date(WHEN)}, kode {first.code}). Det gælder stadig. Vil du "
                "udstede et nyt med en ny kode? Begge vil stå i din lærers eller HR's oversigt.")

    # n: nothing is issued, and the learner is told so
    session, out = plain(course, store, learner, "u\nn\n")
    certificate(session)
    text = out.getvalue()
    assert f"{question}\nSkriv j for ja eller n for nej: n\n" in text
    assert "Der er ikke udstedt et nyt kursusbevis. Dit kursusbevis gælder stadig." in text
    assert "Kursusbeviset er udstedt." not in text
    assert len(store.record(learner).certificates()) == 1

    # Enter is no as well; gentag says the question again; a stray word asks again; j issues
    session, out = plain(course, store, learner, "u\n\n")
    certificate(session)
    assert len(store.record(learner).certificates()) == 1
    session, out = plain(course, store, learner, "u\ngentag\nmåske\nj\n\n")
    certificate(session)
    text = out.getvalue()
    assert text.count(question) == 2
    assert "Skriv j for ja eller n for nej.\n" in text
    assert "Kursusbeviset er udstedt." in text
    assert len(store.record(learner).certificates()) == 2


def test_no_question_once_the_certificate_is_revoked(course: Course, store: Store,
                                                     data_dir) -> None:
    from course.certificates.service import issue, revoke

    learner = qualifying_learner(course, store)
    first = issue(course, store, learner, data_dir / "kursusbeviser")
    revoke(data_dir, first.code, "Udstedt ved en fejl")
    session, out = plain(course, store, learner, "u\n\n")
    certificate(session)
    text = out.getvalue()
    assert f"kode {first.code}, tilbagekaldt" in text
    assert "Du har allerede et kursusbevis" not in text and "Skriv j for ja" not in text
    assert "Kursusbeviset er udstedt." in text
    assert len(store.record(learner).certificates()) == 2
