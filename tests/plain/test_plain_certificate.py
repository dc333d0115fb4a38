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
