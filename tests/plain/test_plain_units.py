"""The plain mode's parts without a terminal: typed answers for all six question types,
cleaning, Markdown as text, when plain mode is chosen, and a run over a pipe."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.content import load_course
from course.content.model import (
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from course.engine import kinds
from course.engine.grading import grade
from course.engine.views import Part
from course.plain import wants_plain
from course.plain.app import PlainApp, numbers
from course.plain.terminal import Quit, Terminal
from course.plain.text import answer_lines, clean, markdown_text, one_line
from progress import Store

from ..conftest import ROOT, make_content

CONTENT = Path(__file__).with_name("content")
parse = PlainApp.parse_response


def parts(question, response, shown=()):
    """The learner's answer as the feedback model holds it."""
    return tuple(Part(*p) for p in kinds.of(question).answer_parts(question, response,
                                                                     list(shown)))


def q(kind, **fields):
    base = dict(id="x", prompt="?", explanation="", source="forord", quote=None, terms=(),
                tracks=())
    return kind(**base, **fields)


def test_single_and_true_false_answers() -> None:
    single = q(SingleChoice, options=("a", "b", "c"), answer="b")
    shown = ["c", "b", "a"]
    assert parse(single, shown, "2") == ("b", None)
    assert parse(single, shown, " 3 ") == ("a", None)
    assert parse(single, shown, "4")[1] == "Skriv tal fra 1 til 3."
    assert parse(single, shown, "1 2")[1] == "Skriv ét tal fra 1 til 3."
    assert parse(single, shown, "b")[1] is not None
    tf = q(TrueFalse, answer=False)
    assert parse(tf, [], "1") == (True, None)
    assert parse(tf, [], "Falsk") == (False, None)
    assert parse(tf, [], "2") == (False, None)
    assert parse(tf, [], "måske")[1] == "Skriv 1 for sandt eller 2 for falsk."


def test_multiple_choice_answers() -> None:
    multiple = q(MultipleChoice, options=("a", "b", "c"), answers=("a", "c"))
    shown = ["b", "c", "a"]
    response, problem = parse(multiple, shown, "2, 3")
    assert problem is None and sorted(response) == ["a", "c"]
    assert grade(multiple, response).correct
    assert parse(multiple, shown, "2 2 3")[0] == ["c", "a"]  # a repeated number counts once
    assert parse(multiple, shown, "ingen") == ([], None)
    assert parse(multiple, shown, "0")[1] == "Skriv tal fra 1 til 3."


def test_matching_typed_as_numbers_in_the_order_of_the_lines() -> None:
    matching = q(Matching, pairs=(("A1", "R1"), ("A2", "R2"), ("A3", "R3")))
    shown = ["R2", "R3", "R1"]
    response, problem = parse(matching, shown, "3 1 2")
    assert problem is None and response == {"A1": "R1", "A2": "R2", "A3": "R3"}
    assert grade(matching, response).correct
    assert parse(matching, shown, "3 1")[1] == "Skriv 3 tal, ét for hver linje. Du skrev 2."
    assert parse(matching, shown, "1 1 2")[1] == "Brug hvert nummer én gang."
    assert answer_lines("Dit svar", parts(matching, {"A1": "R1", "A2": "R3", "A3": "R2"})) == [
        "Dit svar:", "- A1: R1 (rigtigt)", "- A2: R3 (forkert)", "- A3: R2 (forkert)"]


def test_ordering_typed_as_numbers() -> None:
    ordering = q(Ordering, items=("first", "second", "third"))
    shown = ["third", "first", "second"]
    response, problem = parse(ordering, shown, "2 3 1")
    assert problem is None and response == ["first", "second", "third"]
    assert grade(ordering, response).correct
    assert parse(ordering, shown, "2 3 4")[1] == "Skriv tal fra 1 til 3."
    right = tuple(Part(*p) for p in kinds.of(ordering).right_parts(ordering, shown))
    assert answer_lines("Rigtigt svar", right, numbered=True)[1:] == [
        "1. first", "2. second", "3. third"]


def test_text_answers() -> None:
    text = q(TextAnswer, accepted=("nærdemokrati",))
    assert parse(text, [], "  Naerdemokrati ") == ("Naerdemokrati", None)
    assert parse(text, [], "")[1] == "Skriv et svar, før du trykker Enter."
    assert answer_lines("Dit svar", parts(text, "x")) == ["Dit svar: x"]


def test_numbers() -> None:
    assert numbers("2 1 3") == [2, 1, 3]
    assert numbers("2,1;3") == [2, 1, 3]
    assert numbers("2 a") is None and numbers("") is None


def test_clean_removes_every_control_and_bidi_character() -> None:
    nasty = "Ali\x1b[31m\x9b2J\x07\u202eevil\r\tname"
    cleaned = clean(nasty)
    assert "\x1b" not in cleaned and "\x9b" not in cleaned and "\x07" not in cleaned
    assert "\u202e" not in cleaned and "\r" not in cleaned
    assert cleaned == "Ali?[31m?2J??evil name"
    assert clean("Zahra\u200c\u200d") == "Zahra\u200c\u200d"  # joiners that names need
    assert clean("Ida\ud800") == "Ida?"  # a lone surrogate cannot even be encoded
    clean("Ida\ud800").encode("utf-8")
    assert one_line("a\nb  c") == "a b c"


def test_markdown_as_plain_text() -> None:
    text = markdown_text("Et **fedt** ord og *kursiv*.\n\n- et\n- to\n\n1. først\n2. så\n\n"
                         "Se [ordlisten](https://example.org).\nNy linje.")
    assert text == ("Et fedt ord og kursiv.\n\n- et\n- to\n\n1. først\n2. så\n\n"
                    "Se ordlisten (https://example.org). Ny linje.")


def test_plain_is_chosen_for_dumb_terminals_and_pipes() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    assert not wants_plain(tty, tty, {"TERM": "xterm"})
    assert wants_plain(tty, tty, {"TERM": "dumb"})
    assert wants_plain(io.StringIO(), tty, {"TERM": "xterm"})
    assert wants_plain(tty, io.StringIO(), {"TERM": "xterm"})


def test_terminal_global_words() -> None:
    out = io.StringIO()
    term = Terminal(io.StringIO("hjælp\ngentag\nsvar\n"), out)
    shown = []
    assert term.ask("Skriv:", help="Her kan du skrive et svar.",
                    repeat=lambda: shown.append(1)) == "svar"
    assert shown == [1]
    assert "Her kan du skrive et svar." in out.getvalue()
    assert "afslut: luk kurset" in out.getvalue()
    with pytest.raises(Quit):
        Terminal(io.StringIO("afslut\n"), io.StringIO()).ask("Skriv:")
    with pytest.raises(Quit):  # Ctrl+D: the end of input
        Terminal(io.StringIO(""), io.StringIO()).ask("Skriv:")


def small_course(tmp_path: Path):
    root = make_content(tmp_path)
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    return root


def test_a_piped_run_is_plain_and_prints_no_escape(tmp_path: Path) -> None:
    """No terminal at all (input from a pipe): plain mode by itself; a name holding escape
    codes is shown cleaned; the answers typed are written after each prompt."""
    root = small_course(tmp_path)
    typed = "Ali\x1b[31mRød\x1b]0;hacked\x07\n1\nafslut\n"
    result = subprocess.run(
        [sys.executable, "-m", "course.cli", "--content", str(root), "--data",
         str(tmp_path / "data")],
        input=typed.encode("utf-8"), capture_output=True, timeout=60, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
             "MEDBORGER_CACHE": str(tmp_path / "cache"), "LANG": "C.UTF-8"})
    assert result.returncode == 0, result.stderr.decode()
    assert b"\x1b" not in result.stdout and b"\x9b" not in result.stdout
    out = result.stdout.decode("utf-8")
    assert "Du er oprettet som Ali?[31mRød?]0;hacked?." in out
    assert "Skriv nummeret på dit forløb (1): 1\n" in out
    assert "(1 til 1)" not in out  # issue 24: one choice is »(1)«
    assert out.rstrip().endswith("Farvel. Alt, hvad du har lavet, er gemt.")
    (learner,) = Store(tmp_path / "data").learners()
    assert learner.name.startswith("Ali\x1b[31m")  # kept as typed; only the output is cleaned


def test_no_plain_overrides_a_pipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from course import cli

    root = small_course(tmp_path)
    chosen = []
    monkeypatch.setattr("course.plain.app.run_plain", lambda *a: chosen.append("plain") or 0)

    class FakeApp:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def run(self) -> None:
            chosen.append("tui")

    monkeypatch.setattr("course.tui.app.CourseApp", FakeApp)
    data = str(tmp_path / "d")
    assert cli.main(["--no-plain", "--content", str(root), "--data", data]) == 0
    assert cli.main(["--plain", "--content", str(root), "--data", data]) == 0
    assert cli.main(["--content", str(root), "--data", data]) == 0  # pytest: no terminal
    assert chosen == ["tui", "plain", "plain"]


def test_the_small_course_has_every_question_type() -> None:
    course = load_course(small_course(Path(__import__("tempfile").mkdtemp())))
    assert {q.type for q in course.quiz("forord").questions} == {
        "single", "multiple", "true_false", "matching", "ordering", "text"}


def test_plain_mode_and_html_export_never_load_textual() -> None:
    """The plain mode is its own front end: it must run where Textual cannot draw."""
    code = ("import sys\n"
            "import course.plain.app, course.export.html, course.engine.session\n"
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_plain_mode_is_a_package_of_small_screens() -> None:
    """One module per screen of course/tui/screens, none over 400 lines."""
    from pathlib import Path

    import course.plain

    folder = Path(course.plain.__file__).parent
    sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in folder.glob("*.py")}
    assert {"signin.py", "course_map.py", "module.py", "lesson.py", "quiz.py", "scenario.py",
            "words.py", "certificate.py", "session.py"} <= set(sizes)
    assert {name: n for name, n in sizes.items() if n > 400} == {}
