"""Driving `medborger --plain` in a real pseudo-terminal with pexpect, as a learner would."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect

from course.content.model import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDED = Path(__file__).with_name("seeded.py")
# A prompt: the last line printed, ending in ": " (the course waits for input there).
# Each line is written in one piece, so a ": " inside a line is never the end of output.
PROMPT = re.compile(r"\n([^\n]*): \Z")


class Plain:
    """One process of the course in plain mode, on a pty of 80x24 with a capable TERM (so
    that any escape sequence the course printed would be its own doing)."""

    def __init__(self, *args: str, seed: int | None = None, timeout: int = 60) -> None:
        env = dict(os.environ)
        env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), LANG="C.UTF-8")
        env.pop("NO_COLOR", None)
        if seed is None:
            argv = ["-m", "course.cli", *args]
        else:
            argv = [str(SEEDED), str(seed), *args]
        self.log = io.StringIO()
        self.child = pexpect.spawn(sys.executable, argv, env=env, cwd=str(ROOT),
                                   encoding="utf-8", codec_errors="strict", timeout=timeout,
                                   dimensions=(24, 80))
        self.child.logfile_read = self.log

    # -- reading ---------------------------------------------------------------------

    def expect(self, text: str) -> str:
        """Wait for ``text``; return what came before it (line breaks as \\n)."""
        self.child.expect_exact(text)
        return self.child.before.replace("\r\n", "\n")

    def prompt(self) -> tuple[str, str]:
        """Wait for the next answer prompt; return (the text before it, the prompt)."""
        self.child.expect(PROMPT)
        before = self.child.before.replace("\r\n", "\n").rstrip("\r")
        return before, self.child.match.group(1)

    def send(self, line: str) -> None:
        self.child.sendline(line)

    def eof(self) -> None:
        """Ctrl+D at a prompt: the course says goodbye and ends."""
        self.child.sendeof()
        self.expect("Farvel")
        self.child.expect(pexpect.EOF)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    @property
    def output(self) -> str:
        return self.log.getvalue()


def numbered(block: str, after: str) -> dict[str, int]:
    """The numbered lines ("3. text") of ``block`` that come after the line ``after``."""
    lines = block.split(after, 1)[1].splitlines()
    found: dict[str, int] = {}
    for line in lines:
        match = re.match(r"^(\d+)\. (.*)$", line.strip())
        if match:
            found[match.group(2)] = int(match.group(1))
    return found


def question_in(course: Course, block: str) -> Question:
    """The question whose prompt is the first line after "Spørgsmål N af M."."""
    head = re.search(r"Spørgsmål \d+ af \d+\.\n([^\n]*)", block)
    assert head, block
    prompt = head.group(1).strip()
    for quiz in course.quizzes:
        for question in quiz.questions:
            if question.prompt == prompt:
                return question
    raise AssertionError(f"no question with the prompt {prompt!r}")


def right_answer(question: Question, block: str) -> str:
    """What a learner who knows the answer types, read off the question as shown."""
    if isinstance(question, TrueFalse):
        return "1" if question.answer else "2"
    if isinstance(question, SingleChoice):
        return str(numbered(block, "Svarmuligheder:")[question.answer])
    if isinstance(question, MultipleChoice):
        shown = numbered(block, "Svarmuligheder:")
        return " ".join(str(shown[a]) for a in question.answers)
    if isinstance(question, Matching):
        shown = numbered(block, "Delene, der hører til:")
        return " ".join(str(shown[right]) for _, right in question.pairs)
    if isinstance(question, Ordering):
        shown = numbered(block, "Sæt det i den rigtige rækkefølge.")
        return " ".join(str(shown[item]) for item in question.items)
    assert isinstance(question, TextAnswer)
    return question.accepted[0]


def wrong_answer(question: Question, block: str) -> str:
    """A wrong option with a `why` (single choice)."""
    assert isinstance(question, SingleChoice)
    shown = numbered(block, "Svarmuligheder:")
    option = next(o for o, _why in question.why)
    return str(shown[option])
