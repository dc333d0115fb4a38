"""`medborger --plain` driven through a real pseudo-terminal, as a screen-reader user would.

A whole module of a small course (tests/plain/content: one module whose quiz asks one
question of every type) is taken in plain mode: the lesson page by page with a glossary
look-up, the quiz with each of the six question types typed as numbers or words
(matching and ordering as e.g. ``2 1 3``), the scenario to its ending with the
reflection, then flashcards, the glossary quiz and the certificate. A new process then
resumes where the first stopped. No byte 0x1b (ESC) may ever be printed, although the
terminal claims to understand escape sequences (TERM=xterm-256color).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from course.content import load_course
from course.content.model import Course
from progress import Store

from ..conftest import ROOT, make_content
from .driver import Plain, question_in, right_answer, wrong_answer

CONTENT = Path(__file__).with_name("content")
ESC, CSI = "\x1b", "\x9b"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pexpect needs a POSIX pty")


@pytest.fixture
def small_course(tmp_path: Path) -> tuple[Path, Course]:
    """The minimal valid course with the plain mode's test module laid over it."""
    root = make_content(tmp_path)
    shutil.copytree(CONTENT, root, dirs_exist_ok=True)
    return root, load_course(root)


def assert_no_escape(*sessions: Plain) -> None:
    for session in sessions:
        text = session.output
        assert ESC not in text, f"ESC printed at {text.index(ESC)}: {text[text.index(ESC) - 80:][:160]!r}"
        assert CSI not in text


def answer_quiz(session: Plain, course: Course, *, wrong_single: bool = False,
                stop_after: int | None = None) -> set[str]:
    """Answer questions until the result (or ``stop_after`` answers); return the types."""
    types: set[str] = set()
    answered = 0
    while True:
        block, prompt = session.prompt()
        if prompt.startswith("Skriv igen for et nyt forsøg"):
            assert "Resultat:" in block
            return types
        if "Spørgsmål " not in block:
            raise AssertionError(f"unexpected prompt {prompt!r} after {block[-400:]!r}")
        question = question_in(course, block)
        types.add(question.type)
        if wrong_single and question.type == "single":
            session.send(wrong_answer(question, block))
            feedback, _ = session.prompt()
            assert "Ikke rigtigt." in feedback
            option, why = question.why[0]
            assert f"Hvorfor ikke »{option}«? {why}" in " ".join(feedback.split())
            wrong_single = False
        else:
            session.send(right_answer(question, block))
            feedback, _ = session.prompt()
            assert "Rigtigt." in feedback, feedback
        answered += 1
        if stop_after is not None and answered == stop_after:
            return types
        session.send("")




@pytest.mark.slow
def test_a_whole_module_in_plain_mode_then_resume(small_course, tmp_path: Path) -> None:
    root, course = small_course
    data = tmp_path / "data"
    args = ("--plain", "--content", str(root), "--data", str(data))
    first = Plain(*args, seed=0)

    first.expect("Der er ingen deltagere endnu")
    first.prompt()
    first.send("Ærø Åsen")
    first.expect("Vælg dit forløb")
    first.prompt()
    first.send("hjælp")  # help works at any prompt
    first.expect("Forløbet bestemmer")
    first.expect("afslut: luk kurset")
    first.send("1")
    first.expect("Du er oprettet som Ærø Åsen.")
    block, prompt = first.prompt()
    assert "1. Forord: Ikke startet, 0 af 4 trin." in block
    assert "Enter: begynde på Forord, side 1 af 2." in block
    assert "tryk Enter" in prompt

    # the lesson, page by page, with a glossary word looked up on the way
    first.send("")
    block, prompt = first.prompt()
    assert "Forord. Side 1 af 2: Alle er medborgere" in block
    assert "»Borgerne i Ishøj har kulturelt set baggrund i ca. 80 forskellige nationaliteter«" in block
    assert "I Ishøj bor der mennesker fra mange lande." in block  # **mange**: no markup
    assert "- Alle er medborgere.\n- Også dem uden dansk pas." in block
    assert "Ord fra ordlisten på siden: 1 medborgerskab." in block
    first.send("1")
    block, _ = first.prompt()
    assert "Ord: medborgerskab" in block and "Eksempel: Du hjælper til" in block
    first.send("")  # the word's page asks for a »Se også« number or Enter: back to the page
    block, _ = first.prompt()
    assert "Du er tilbage på siden Alle er medborgere." in block
    first.send("")
    block, _ = first.prompt()
    assert "Side 2 af 2: Sådan kan du være med" in block
    first.send("gentag")  # the page again
    block, _ = first.prompt()
    assert "Side 2 af 2: Sådan kan du være med" in block
    first.send("")
    block, _ = first.prompt()
    assert "Det vigtigste fra modulet Forord" in block
    assert "- Et hej er et godt sted at starte." in block
    first.send("")

    # the module: Enter opens what is not done yet, the quiz
    block, prompt = first.prompt()
    assert "1. Lektion: 2 af 2 sider læst." in block and "2. Quiz: 6 spørgsmål." in block
    assert "Når du er færdig med modulet, kan du:" in block
    assert "åbne quizzen" in prompt
    first.send("")
    types = answer_quiz(first, course, wrong_single=True)
    assert types == {"single", "multiple", "true_false", "matching", "ordering", "text"}
    first.send("")  # back to the module

    # the scenario: the weaker choice first, then on to the ending and the reflection
    block, prompt = first.prompt()
    assert "Quiz: Bestået (bedste resultat 83 procent)." in block
    first.send("")
    block, prompt = first.prompt()
    assert "Scenarie: Den nye nabo. Valg 1." in block
    assert "En ny familie flytter ind ved siden af dig." in block
    number = next(line.split(".")[0] for line in block.splitlines()
                  if line.endswith("Du skynder dig forbi."))
    first.send(number)
    block, _ = first.prompt()
    assert "Dit valg: Du skynder dig forbi." in block and "Det svækker: Inklusion." in block
    first.send("")
    block, _ = first.prompt()
    assert "Næste dag møder du dem igen." in block and "1. Denne gang hilser du." in block
    first.send("1")
    block, prompt = first.prompt()
    assert "Det styrker: Inklusion." in block and "se, hvordan det ender" in prompt
    first.send("")
    block, prompt = first.prompt()
    assert "Slutning: En god start." in block
    assert "- Inklusion: styrket 1 gang, svækket 1 gang." in block
    assert "Hvem har du selv hilst på i denne uge?" in block
    first.send("Min nabo Fatima")
    block, _ = first.prompt()
    assert "Dit svar er gemt: »Min nabo Fatima«." in block
    first.send("")
    block, _ = first.prompt()
    assert "Du er færdig med modulet. Godt gået!" in block
    first.send("t")

    # flashcards and the glossary quiz
    block, _ = first.prompt()
    assert "Du har gennemført forløbet." in block
    first.send("k")
    block, _ = first.prompt()
    assert "Nyt ord: medborgerskab" in block
    first.send("")
    block, _ = first.prompt()
    assert "Hvor godt huskede du det?" in block and "4. Let: kortet kommer igen" in block
    first.send("4")
    block, _ = first.prompt()
    assert "Færdig for i dag." in block
    first.send("q")
    block, _ = first.prompt()
    assert "Ordquiz. Spørgsmål 1 af 1." in block
    first.send("medborgerskab")
    block, _ = first.prompt()
    assert "Rigtigt." in block
    first.send("")
    block, _ = first.prompt()
    assert "Alle ord rigtige." in block
    first.send("")
    first.prompt()
    first.send("")

    # the certificate: the track is complete, so it can be issued
    first.prompt()
    first.send("b")
    block, prompt = first.prompt()
    assert "Du har gennemført »Skoleklasse«!" in block
    assert prompt.startswith("Skriv u for at udstede")
    first.send("u")
    block, _ = first.prompt()
    assert "Kursusbeviset er udstedt." in block and "Bekræftelseskode: ISH-" in block
    first.send("afslut")
    first.expect("Farvel. Alt, hvad du har lavet, er gemt.")
    assert first.finish() == 0

    # everything is in the same record the terminal app reads
    store = Store(data)
    (learner,) = store.learners()
    facts = store.record(learner).facts()
    assert facts.pages == {"forord": {0, 1}}
    (attempt,) = facts.attempts
    assert attempt["finished"] and attempt["passed"] and len(attempt["answers"]) == 6
    (run,) = facts.runs
    assert run["finished"] and run["run"]["reflection"] == "Min nabo Fatima"
    assert [s["shown_as"] for s in run["steps"]] and len(run["steps"]) == 2
    assert len(store.record(learner).certificates()) == 1
    assert (data / "kursusbeviser").is_dir()

    # a new process: the learner lands where they stopped, the scenario's ending
    second = Plain(*args)
    block, prompt = second.prompt()
    assert "1. Ærø Åsen, Skoleklasse, 100 procent færdig" in block
    second.send("ærø åsen")  # the name works as well as the number
    block, prompt = second.prompt()
    assert "Enter: fortsætte med scenariet »Den nye nabo« i Forord." in block
    second.send("")
    block, prompt = second.prompt()
    assert "Slutning: En god start." in block
    assert "Dit svar: »Min nabo Fatima«." in block
    assert prompt.startswith("Skriv igen for at spille scenariet igen")
    second.eof()
    assert_no_escape(first, second)




@pytest.mark.slow
def test_stopping_mid_quiz_and_mid_lesson_resumes_there(small_course, tmp_path: Path) -> None:
    root, course = small_course
    args = ("--plain", "--content", str(root), "--data", str(tmp_path / "data"))
    first = Plain(*args, seed=0)
    first.prompt()
    first.send("Sam")
    first.prompt()
    first.send("1")
    first.prompt()
    first.send("1")  # the module
    first.prompt()
    first.send("2")  # its quiz
    answer_quiz(first, course, stop_after=2)
    first.eof()  # Ctrl+D right after an answer: it is saved

    second = Plain(*args, seed=1)
    second.prompt()
    second.send("1")
    block, _ = second.prompt()
    assert "Enter: fortsætte med quizzen i Forord." in block
    second.send("")
    block, _ = second.prompt()
    assert "Du fortsætter dit forsøg. Du har svaret på 2 af 6 spørgsmål." in block
    assert "Quiz: Forord. Spørgsmål 3 af 6." in block
    second.send("tilbage")  # leave the quiz; then read page 2 and stop there
    block, _ = second.prompt()
    assert "Du er tilbage i modulet." in block and "I gang: 2 af 6 besvaret" in block
    second.send("1")
    block, _ = second.prompt()
    assert "Side 1 af 2" in block
    second.send("")
    second.prompt()
    second.eof()

    third = Plain(*args)
    third.prompt()
    third.send("1")
    block, _ = third.prompt()
    # Every page is read now: "fortsæt" goes on to the next unfinished step, the open quiz.
    assert "Enter: fortsætte med quizzen i Forord." in block
    third.send("")
    block, _ = third.prompt()
    assert "Du fortsætter dit forsøg. Du har svaret på 2 af 6 spørgsmål." in block
    third.eof()
    assert_no_escape(first, second, third)


def test_pin_wrong_then_right_and_counted(small_course, tmp_path: Path) -> None:
    root, _course = small_course
    data = tmp_path / "data"
    args = ("--plain", "--content", str(root), "--data", str(data))
    first = Plain(*args)
    first.prompt()
    first.send("Lærke")
    first.prompt()
    first.send("1")
    first.prompt()
    first.send("p")
    first.expect("Du har ingen pinkode.")
    first.expect("Skriv en ny pinkode")
    first.send("4711")
    first.expect("Skriv den samme pinkode igen:")
    first.send("4711")
    first.expect("Pinkoden er gemt.")
    first.prompt()
    first.send("s")
    first.expect("Du er logget ud")
    first.expect("Vælg deltager")
    first.prompt()
    first.send("1")
    first.expect("Skriv din pinkode")
    first.send("0000")
    first.expect("Forkert pinkode. Prøv igen.")
    guesses = (data / "guesses.json").read_text("utf-8")
    assert '"fails": 1' in guesses
    first.expect("Skriv din pinkode")
    first.send("4711")
    block, _ = first.prompt()
    assert "Hej, Lærke." in block
    assert "4711" not in first.output and "0000" not in first.output  # never shown
    assert "pin:" not in (data / "guesses.json").read_text("utf-8")  # cleared by the right PIN
    first.eof()
    assert_no_escape(first)


def test_real_course_module_in_plain_mode(course: Course, tmp_path: Path) -> None:
    """The real course: a module's lesson and quiz, whatever the pool draws."""
    content = os.environ.get("MEDBORGER_TEST_CONTENT") or str(ROOT)
    session = Plain("--plain", "--content", content, "--data", str(tmp_path / "data"))
    session.prompt()
    session.send("Yusuf")
    session.prompt()
    session.send("1")
    session.prompt()
    module = course.modules_for(course.tracks[0].id)[0]
    shown = len(module.core_page_indices(course.tracks[0].id))  # the core; deepening after
    optional = len(module.optional_page_indices(course.tracks[0].id))
    session.send("")  # begin: the first page
    for page in range(1, shown + 1):
        block, _ = session.prompt()
        assert f"Side {page} af {shown}" in block
        session.send("")
    block, ask = session.prompt()
    assert "Det vigtigste fra modulet" in block
    if optional:  # the deepening is offered, not forced: Enter goes back to the module
        assert "skriv u for fordybelse" in " ".join((block + " " + ask).split())
    session.send("")
    session.prompt()
    session.send("2")  # the quiz
    types = answer_quiz(session, course)
    assert types
    session.eof()
    assert_no_escape(session)


def test_after_a_teachers_reset_the_one_time_code_then_a_new_pin(small_course,
                                                                 tmp_path: Path) -> None:
    from progress import Store

    root, _course = small_course
    data = tmp_path / "data"
    store = Store(data)
    learner = store.create_learner("Lærke", _course.tracks[0].id)
    store.record(learner).set_pin("4711")
    code = store.record(learner).reset_pin()  # what the teacher's P, Nulstil does
    first = Plain("--plain", "--content", str(root), "--data", str(data))
    first.expect("Vælg deltager")
    first.prompt()
    first.send("1")
    first.expect("Engangskode for Lærke")
    first.send("4711")  # the old PIN no longer works
    first.expect("Forkert engangskode")
    first.expect("Engangskode for Lærke")
    first.send(code)
    first.expect("Vælg en ny pinkode")
    first.send("2468")
    first.expect("Skriv den samme pinkode igen:")
    first.send("2468")
    first.expect("Pinkoden er gemt.")
    block, _ = first.prompt()
    assert "Hej, Lærke." in block
    first.eof()
    record = Store(data).record(learner)
    assert not record.pin_reset() and record.check_pin("2468")


def test_words_open_as_typed_and_see_also_numbers_open_the_related_word(
        course: Course, tmp_path: Path) -> None:
    """Issue 24: a word looked up from a lesson page ends »Se også: 1 …«, and typing 1
    there opens that related word (not the page's word 1); »ordliste nærdemokrati«
    opens the word itself, not a list of it and the words explained with it."""
    from course.engine.glossary import related_terms

    content = os.environ.get("MEDBORGER_TEST_CONTENT") or str(ROOT)
    session = Plain("--plain", "--content", content, "--data", str(tmp_path / "data"))
    session.prompt()
    session.send("Yusuf")
    session.prompt()
    session.send("1")
    session.prompt()
    track = course.tracks[0].id
    module = course.modules_for(track)[0]
    page = module.pages[module.core_page_indices(track)[0]]
    word = course.term(page.terms[0])
    related = related_terms(course, word.id)
    assert related and related[0].id not in page.terms[:1]
    session.send("")  # the first page
    block, _ = session.prompt()
    assert f"1 {word.term}" in block
    session.send("1")
    block, ask = session.prompt()
    assert f"Ord: {word.term}" in block and f"Se også: 1 {related[0].term}" in block
    assert "(1 til 1)" not in ask
    session.send("1")
    block, _ = session.prompt()
    assert f"Ord: {related[0].term}" in block
    session.send("")  # back to the page
    block, _ = session.prompt()
    assert "Du er tilbage på siden" in block
    session.send("ordliste nærdemokrati")
    block, _ = session.prompt()
    assert "Ord: nærdemokrati" in block and "ord passer" not in block
    session.eof()
    assert_no_escape(session)
