"""The plain mode: the whole course as lines of text, for screen readers and Braille.

It is a second front end on the same engine and store as the Textual app: the same
learners, records, quiz attempts, scenario runs, flashcards and certificates, saved
after every step, so a learner can switch between the two at any point. What the
learner can do here is what they can do in the terminal app: choose or create a learner
(with the PIN), the course map, lessons page by page, quizzes (all six question types,
answered with numbers or words), scenarios with the reflection, the glossary,
flashcards and the glossary quiz, the certificate checklist and issuing it, and the PIN.

The package mirrors ``course/tui/screens``: :mod:`.signin` (choosing or creating a
learner, the PIN), :mod:`.course_map`, :mod:`.module`, :mod:`.lesson`, :mod:`.quiz` and
:mod:`.questions` (asking a question, its feedback), :mod:`.scenario`, :mod:`.words`
(glossary, flashcards, glossary quiz) and :mod:`.certificate`. Each screen is a function
of the one :class:`~.session.Session` they share. What a learner is shown is decided in
the engine (:mod:`course.engine.views`); the screens only say it, in words.

Every screen is a heading line, plain paragraphs and numbered lists, then one prompt
that says what to type. No colours, no cursor movement, no symbols that a screen reader
spells out: words say what icons say in the terminal app.
"""

from __future__ import annotations

from course.content.model import Course
from progress import Store

from .course_map import course_map
from .questions import parse_response as _parse_response
from .session import Back, Session, numbers  # noqa: F401  (kept for callers)
from .signin import choose_learner
from .terminal import Quit
from .text import clean

__all__ = ["PlainApp", "clean", "numbers", "run_plain"]


class PlainApp(Session):
    """The plain mode on a terminal: choose a learner, then the course map, until
    ``afslut``."""

    parse_response = staticmethod(_parse_response)

    def run(s) -> int:
        term = s.term
        try:
            term.say(f"{s.course.title}.",
                     "Et kursus i Ishøj Kommunes medborgerpolitik, i ren tekst.",
                     "Skriv hjælp ved et hvilket som helst spørgsmål for at se, hvad du kan "
                     "skrive. Skriv afslut for at lukke kurset.")
            while True:
                s.sign_in(*choose_learner(s))
                try:
                    course_map(s)
                finally:
                    s.sign_out()
        except (Quit, KeyboardInterrupt):  # afslut, Ctrl+D, or Ctrl+C at any moment
            try:
                term.say("Farvel. Alt, hvad du har lavet, er gemt.")
            except Quit:  # the output is gone too
                pass
        return 0


def run_plain(course: Course, store: Store) -> int:
    """Run the plain mode on standard input and output."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # a TextIOWrapper's; typing.TextIO has none
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except ValueError:
            pass
    return PlainApp(course, store).run()

