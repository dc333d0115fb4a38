"""Line-by-line input and output for the plain mode.

Output is text and line breaks only: every line goes through
:func:`course.plain.text.clean` on its way out, so no escape sequence is ever written.
Input is read a line at a time from standard input, without readline (which would send
escape sequences of its own), so the terminal's ordinary line editing is all there is.

Words that work at every prompt:

- ``hjælp`` (or ``?``): what can be typed here, and these words;
- ``gentag``: show the current page, question or menu again;
- ``ordliste`` or ``ordliste ORD``: look a word up in the glossary, then come back;
- ``afslut``, Ctrl+D or Ctrl+C: close the course (everything is already saved).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from course.engine.grading import fold_text

from .text import clean

GENERAL_HELP = (
    "Ord, du altid kan skrive:",
    "hjælp: vis hjælpen til det, du er i gang med.",
    "gentag: vis siden, spørgsmålet eller listen igen.",
    "ordliste: slå et ord op i kursets ordliste. Du kan også skrive ordliste og ordet, "
    "fx ordliste nærdemokrati.",
    "afslut: luk kurset. Du kan også trykke Ctrl+D. Alt, hvad du har lavet, er gemt.",
)

HELP_WORDS = frozenset({"hjaelp", "hjalp", "help"})
QUIT_WORDS = frozenset({"afslut", "quit", "exit"})
REPEAT_WORDS = frozenset({"gentag"})
GLOSSARY_WORD = "ordliste"
YES_WORDS = frozenset({"j", "ja"})
NO_WORDS = frozenset({"", "n", "nej"})


class Quit(Exception):
    """The learner closed the course: ``afslut``, Ctrl+D (end of input) or Ctrl+C."""


def command_word(text: str) -> str:
    """A typed word in the form commands are compared in: lower case, æ as ae and so on,
    spaces and punctuation at the ends removed ("Hjælp!" -> "hjaelp")."""
    return fold_text(text)


class Terminal:
    """Prints lines and asks questions. Global words are handled here (see the module)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        # Set by the app: look a word up in the glossary (None while a look-up runs).
        self.lookup: Callable[[str], None] | None = None

    # -- output ----------------------------------------------------------------------

    def write(self, text: str) -> None:
        try:
            self.stdout.write(clean(text))
            self.stdout.flush()
        except (BrokenPipeError, ValueError):  # the reader went away
            raise Quit from None

    def say(self, *lines: str) -> None:
        """Print each line (a line may hold line breaks of its own)."""
        for line in lines:
            self.write(f"{line}\n")

    def blank(self) -> None:
        self.write("\n")

    def heading(self, text: str) -> None:
        """A new part of the course starts: a blank line, then the heading on its own line."""
        self.write(f"\n{text}\n")

    # -- input -----------------------------------------------------------------------

    def _is_tty(self) -> bool:
        try:
            return os.isatty(self.stdin.fileno())
        except (AttributeError, OSError, ValueError):
            return False

    def _readline(self, echo: bool = True) -> str:
        """One line of input. When the input is not a terminal (a file, a pipe), nothing
        shows what was typed: the line is written out after the prompt (a PIN only as a
        line break), so the output reads as a conversation."""
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.write("\n")
            raise Quit from None
        except (OSError, ValueError):
            raise Quit from None
        if line == "":  # end of input: Ctrl+D, or the input was closed
            self.write("\n")
            raise Quit
        line = line.rstrip("\r\n")
        if not self._is_tty():
            self.write(f"{line}\n" if echo else "\n")
        return line

    def ask(self, prompt: str, help: str = "", repeat: Callable[[], None] | None = None,
            lookup: bool = True) -> str:
        """Ask until the learner types something that is not a global word; return it
        with spaces at the ends removed (maybe empty: the learner just pressed Enter).

        ``help`` says what can be typed at this prompt; ``repeat`` shows the page or
        question again (``gentag``); ``lookup`` False turns ``ordliste`` off (while
        typing a free answer, the word could be the answer itself).
        """
        while True:
            self.write(f"{prompt} ")
            text = self._readline().strip()
            word = command_word(text)
            if text == "?" or word in HELP_WORDS:
                self.show_help(help)
                continue
            if word in QUIT_WORDS:
                raise Quit
            if word in REPEAT_WORDS:
                if repeat is not None:
                    repeat()
                else:
                    self.say("Der er ikke mere at vise igen her.")
                continue
            if lookup and self.lookup is not None and (
                    word == GLOSSARY_WORD or word.startswith(GLOSSARY_WORD + " ")):
                query = text.split(None, 1)[1] if " " in text.strip() else ""
                glossary, self.lookup = self.lookup, None  # no look-up inside a look-up
                try:
                    glossary(query)
                finally:
                    self.lookup = glossary
                self.say("Tilbage, hvor du var.")
                continue
            return text

    def yes_no(self, prompt: str = "Skriv j for ja eller n for nej:", help: str = "",
               repeat: Callable[[], None] | None = None) -> bool:
        """Ask for the answer to a yes/no question just said: j (or ja) is yes; n, nej or
        just Enter is no (the answer that changes nothing). Anything else asks again."""
        while True:
            word = command_word(self.ask(prompt, help=help, repeat=repeat))
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            self.say("Skriv j for ja eller n for nej.")

    def show_help(self, help: str) -> None:
        self.heading("Hjælp")
        if help:
            self.say(help)
            self.blank()
        self.say(*GENERAL_HELP)
        self.blank()

    def secret(self, prompt: str, help: str = "") -> str:
        """Ask for a PIN: what is typed is not shown when the input is a terminal.

        Echo is turned off through termios (no escape sequence is printed for it).
        ``hjælp`` and ``afslut`` work as at any prompt.
        """
        while True:
            self.write(f"{prompt} ")
            text = self._read_hidden().strip()
            word = command_word(text)
            if text == "?" or word in HELP_WORDS:
                self.show_help(help)
                continue
            if word in QUIT_WORDS:
                raise Quit
            return text

    def _read_hidden(self) -> str:
        if not self._is_tty():
            return self._readline(echo=False)
        try:
            import termios
        except ImportError:  # Windows: the console reads without echo on its own
            import getpass

            try:
                return getpass.getpass("")
            except (EOFError, KeyboardInterrupt):
                raise Quit from None

        fd = self.stdin.fileno()

        old = termios.tcgetattr(fd)
        new = list(old)
        new[3] = new[3] & ~termios.ECHO
        try:
            termios.tcsetattr(fd, termios.TCSADRAIN, new)
            line = self._readline()
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
            self.write("\n")  # the Enter that was typed was not shown either
        return line
