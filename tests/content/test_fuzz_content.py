"""Property-based fuzzing of the content loader (issue 14).

Random damage to the YAML files of the minimal course (cut short, bytes flipped, lines
duplicated or deleted): the loader either accepts the result or reports every problem as
``path:line:column: message`` in Danish, inside the file, never a traceback.

Deterministic (derandomize) and modest in size, so CI is neither slow nor flaky.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import ContentError, load_course
from tests.conftest import ERRORS, ROOT

FILES = ("modules/course.yaml", "modules/forord.yaml", "modules/glossary.yaml",
         "quizzes/forord.yaml")
# MEDBORGER_FUZZ_EXAMPLES=2000 for a long, random run (CI: 40 examples, always the same).
LONG_RUN = os.environ.get("MEDBORGER_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(LONG_RUN or 40), deadline=None, derandomize=not LONG_RUN,
                database=None, suppress_health_check=[HealthCheck.too_slow])

PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$", re.S)
# Words of the YAML parser's English messages; none may reach an author.
ENGLISH = re.compile(r"\b(found|expected|while|could not|did not|character|scanning|parsing|"
                     r"mapping|allowed|stream|token|indentation|indicator|context|"
                     r"unacceptable|special)\b", re.I)
QUOTED = re.compile(r"»[^«]*«|«[^»]*»")  # the author's own words, quoted in a message

_TEMPLATE: Path | None = None


def _template() -> Path:
    """The minimal valid course, made once per run (the policy text included)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        import atexit

        folder = tempfile.mkdtemp(prefix="fuzz-content-")
        atexit.register(shutil.rmtree, folder, True)
        _TEMPLATE = Path(folder) / "content"
        shutil.copytree(ERRORS / "base", _TEMPLATE)
        shutil.copy(ROOT / "modules" / "medborgerpolitik-ishoej.txt", _TEMPLATE / "modules")
    return _TEMPLATE


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, str, tuple]:
    """(file, kind, parameters) of one random piece of damage."""
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(("truncate", "flip", "duplicate", "delete")))
    if kind == "truncate":
        return name, kind, (draw(st.floats(0, 1)),)
    if kind == "flip":
        flips = draw(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)),
                              min_size=1, max_size=4))
        return name, kind, tuple(flips)
    return name, kind, (draw(st.floats(0, 1)), draw(st.integers(1, 3)))


def apply(raw: bytes, kind: str, params: tuple) -> bytes:
    if kind == "truncate":
        return raw[: int(len(raw) * params[0])]
    if kind == "flip":
        data = bytearray(raw)
        for where, value in params if data else ():
            data[min(len(data) - 1, int(len(data) * where))] = value
        return bytes(data)
    lines = raw.split(b"\n")
    at, count = min(len(lines) - 1, int(len(lines) * params[0])), params[1]
    if kind == "duplicate":
        lines[at:at] = lines[at: at + count]
    else:
        del lines[at: at + count]
    return b"\n".join(lines)


@FUZZ
@given(damages=st.lists(damage(), min_size=1, max_size=2))
def test_damaged_content_gives_danish_places_or_passes(damages) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(_template(), root)
        for name, kind, params in damages:
            path = root / name
            path.write_bytes(apply(path.read_bytes(), kind, params))
        try:
            load_course(root)  # still valid: fine (a duplicated blank line, say)
            return
        except ContentError as error:
            problems = error.problems
        assert problems, "a ContentError names at least one problem"
        for problem in problems:
            text = str(problem)
            match = PROBLEM.match(text)
            assert match, text
            line, column = int(match["line"]), int(match["column"])
            assert line >= 1 and column >= 1, text
            target = Path(problem.path)
            target = target if target.is_absolute() else Path.cwd() / target
            assert root in target.parents, text  # a place in the content, nowhere else
            if target.is_file():
                lines = target.read_bytes().count(b"\n") + 1
                assert line <= lines + 1, f"{text} (the file has {lines} lines)"
            message = QUOTED.sub("", match["message"])
            assert not ENGLISH.search(message), text
            assert "Traceback" not in text and "Error" not in message, text


def test_the_fuzzer_damages_what_it_says() -> None:
    raw = b"a: 1\nb: 2\nc: 3"
    assert apply(raw, "truncate", (0.5,)) == raw[:7]
    assert apply(raw, "flip", ((0.0, 0x7A),)) == b"z: 1\nb: 2\nc: 3"
    assert apply(raw, "duplicate", (0.4, 1)) == b"a: 1\nb: 2\nb: 2\nc: 3"
    assert apply(raw, "delete", (0.0, 2)) == b"c: 3"
