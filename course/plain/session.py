"""The plain mode's one small session object, and the helpers every screen uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from course.content.model import Course
from course.engine.kinds.base import listing as listing  # one home
from course.engine.kinds.base import numbers as numbers
from course.engine.numbers import points as danish_points
from course.engine.session import Target
from course.files import danish_reason
from progress import EMPTY_FACTS, DamagedRecordError, Facts, Learner, Position, Record, Store
from progress.guard import Guard

from .terminal import Terminal, command_word

CERTIFICATE_FOLDER = "kursusbeviser"  # the same folder the terminal app issues into

BACK_WORDS = frozenset({"t", "tilbage"})


def typed_words(*typed: str) -> frozenset[str]:
    """Words as :func:`command_word` makes what the learner typed ("øv" matches "Øv",
    "oev" and "øv")."""
    return frozenset(command_word(word) for word in typed)


def utc_now() -> datetime:
    return datetime.now(UTC)


def points(value: float) -> str:
    """A score the Danish way: "6", "6,4" (the figure the screens show)."""
    return danish_points(value)


def span(count: int) -> str:
    """The numbers to choose from: "1 til 3", or "1" when there is one (never "1 til 1")."""
    return "1" if count == 1 else f"1 til {count}"


def type_a_number(count: int) -> str:
    """ "Skriv et tal fra 1 til 3", or "Skriv 1" when there is one."""
    return "Skriv 1" if count == 1 else f"Skriv et tal fra 1 til {count}"


class Back(Exception):
    """The learner typed ``tilbage``: leave the current activity (everything is saved)."""


class Session:
    """What every screen of the plain mode shares: the course, the store, the terminal,
    the clock, the PIN guard, and the learner and record once one is chosen. Screens are
    functions that take it (``lesson(s, module, page)``)."""

    def __init__(self, course: Course, store: Store, terminal: Terminal | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.course = course
        self.store = store
        self.term = terminal or Terminal()
        self.term.lookup = self._look_up
        self.clock = clock
        self.guard = Guard(store.root)
        self._signed_in: tuple[Learner, Record] | None = None

    def sign_in(self, learner: Learner, record: Record) -> None:
        self._signed_in = (learner, record)

    def sign_out(self) -> None:
        self._signed_in = None

    @property
    def learner(self) -> Learner:
        """The learner signed in (every screen after the sign-in has one)."""
        return self._current()[0]

    @property
    def record(self) -> Record:
        """The signed-in learner's record."""
        return self._current()[1]

    def _current(self) -> tuple[Learner, Record]:
        if self._signed_in is None:  # a screen for a learner, reached before the sign-in
            raise RuntimeError("no learner is signed in")
        return self._signed_in

    def facts(self) -> Facts:
        try:
            return self.record.facts()
        except DamagedRecordError as error:
            self.term.say(error.message)
            return EMPTY_FACTS
        except OSError as exc:
            self.term.say(f"Din fil kan ikke læses ({danish_reason(exc)}).")
            return EMPTY_FACTS

    def save(self, write: Callable[[Record], None], what: str) -> None:
        """One write on the learner's record; a problem is told in Danish."""
        try:
            write(self.record)
        except DamagedRecordError as error:
            self.term.say(error.message)
            try:
                write(self.record)
            except (DamagedRecordError, OSError) as exc:
                self.term.say(f"{what} kunne ikke gemmes: {exc}")
        except OSError as exc:
            self.term.say(f"{what} kunne ikke gemmes: {danish_reason(exc)}")

    def show_notices(self) -> None:
        for notice in self.store.notices:
            self.term.say(f"Bemærk: {notice}")
        self.store.notices.clear()

    def _look_up(self, query: str) -> None:
        """A word looked up at any prompt (``ordliste …``): the glossary."""
        from .words import glossary

        glossary(self, query)

    @staticmethod
    def position(target: Target) -> Position:
        return Position(target.module, target.page, target.activity, target.ref)
