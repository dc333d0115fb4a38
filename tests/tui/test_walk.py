"""The findings of a new user's walk through the employee track at 80x24 (issue 13), each
held by a pilot test: the learner's keys, and what the screen then says."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.pilot import Pilot

from course.certificates.rules import claim
from course.content.model import (
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from course.engine.grading import correct_response
from course.engine.numbers import points
from course.engine.quiz import QuizAttempt
from course.reports.learners import build_report, render
from course.tui.screens.module import ModuleScreen
from course.tui.screens.quiz import QuizScreen
from progress import Position, Store

from .helpers import make_app, screen_text
from .test_quiz_and_scenario import open_quiz

TRACK = "medarbejder"


def text_of(app) -> str:
    return "\n".join(screen_text(app))


def words_of(app) -> str:
    """The screen's words, lines wrapped in a dialog's frame joined up again."""
    return " ".join(text_of(app).replace("█", " ").split())


async def sign_in(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.press("enter")  # the first learner on the list
    await pilot.pause()


def finished_attempt(course: Course, module: str, score: float, max_score: float) -> dict:
    percent = round(100 * score / max_score, 1)
    return {"id": f"done-{module}", "module": module, "started": "2026-11-26T12:00:00+00:00",
            "finished": "2026-11-26T12:10:00+00:00", "pass_mark": 80, "answers": [],
            "score": score, "max_score": max_score, "percent": percent,
            "passed": percent >= 80}


# -- 1. scores are Danish numbers, the same figure everywhere --------------------------


async def test_one_figure_on_the_module_screen_the_report_and_the_certificate(
        course: Course, data_dir: Path) -> None:
    """10 of 11 points is 90 % (rounded down) on every screen, in the CSV and on the
    certificate; nowhere 91 %."""
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = course.track(TRACK).modules[0]
    store.record(learner).save_attempt(finished_attempt(course, module, 10, 11))
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        app.push_screen(ModuleScreen(module))
        await pilot.pause()
        text = text_of(app)
        assert "Bestået (bedste resultat 90 %)" in text
        assert "91 %" not in text
    rows = list(csv.reader(io.StringIO(render(build_report(course, store), "csv").lstrip("\ufeff")),
                           delimiter=";"))
    column = rows[0].index(f"Quiz: {course.module(module).title}")
    assert rows[1][column] == "90"
    result = next(m for m in claim(course, TRACK, store.record(learner).facts()).modules
                  if m.id == module)
    assert result.best_percent == 90


def open_attempt(store: Store, learner, module: str, questions) -> None:
    """An open attempt at ``module``'s quiz asking exactly ``questions``."""
    attempt = QuizAttempt.start(questions, seed=7)
    store.record(learner).save_attempt(
        {"id": f"open-{module}", "module": module, "started": "2026-11-26T12:00:00+00:00",
         "finished": None, "pass_mark": 80, "answers": [], "state": attempt.to_dict()},
        Position(module, activity="quiz"))


async def test_the_quiz_result_has_a_decimal_comma(course: Course, data_dir: Path) -> None:
    """Partial credit reads "Du fik 0,3 af 3 point (11 %)", not "0.333333"."""
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"
    pool = course.questions_for(module, TRACK)
    matching = next(q for q in pool if isinstance(q, Matching) and len(q.pairs) >= 3)
    others = [q for q in pool if not isinstance(q, Matching)][:2]
    open_attempt(store, learner, module, [matching, *others])
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        while (question := screen.attempt.current()) is not None:
            if isinstance(question, Matching):  # the first line right, the others not
                (l1, r1), (l2, r2), *rest = question.pairs
                response = {l1: r1, l2: r1, **{left: r1 for left, _ in rest}}
            else:
                response = wrong_response(question, screen.attempt.presentation(question.id))
            screen._answered(_answer(response))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        attempt = screen.attempt
        text = " ".join(text_of(app).split())
        assert 0 < attempt.score < 1, attempt.score
        assert f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point" in text
        assert "," in points(attempt.score) and "." not in points(attempt.score)


async def test_digits_typed_in_one_burst_give_each_line_its_partner(
        course: Course, data_dir: Path) -> None:
    """A fast typist's digits (or a web terminal's, which can arrive in one packet) reach
    the matching list before any of them is handled: each still goes to its own line."""
    from textual import events

    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"
    matching = next(q for q in course.questions_for(module, TRACK)
                    if isinstance(q, Matching) and len(q.pairs) >= 3)
    open_attempt(store, learner, module, [matching])
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        print("FOCUS", app.focused, app.screen)
        for _ in matching.pairs:  # all queued before the first is handled
            app.post_message(events.Key("1", "1"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "mangler" not in text_of(app)
        first = app.screen.attempt.presentation(matching.id)[0]
    answer = store.record(learner).attempts()[-1]["answers"][0]
    assert answer["question"] == matching.id
    assert answer["response"] == {left: first for left, _ in matching.pairs}


def wrong_response(question, presentation: list[str]):
    """An answer that earns nothing."""
    right = correct_response(question)
    if isinstance(question, TextAnswer):
        return "forkert"
    if isinstance(question, TrueFalse):
        return not right
    if isinstance(question, SingleChoice):
        return next(option for option in presentation if option != right)
    if isinstance(question, MultipleChoice):
        return []
    assert isinstance(question, Ordering)
    return list(question.items[1:] + question.items[:1])  # every item out of place


def _answer(response):
    from course.tui.widgets.questions import Answered

    return Answered(response)


# -- 2. matching: the hint says what the keys do; every partner in view at 80x24 ------


def matching_questions(course: Course) -> list[tuple[str, Matching]]:
    return [(quiz.module, q) for quiz in course.quizzes for q in quiz.questions
            if isinstance(q, Matching)]




@pytest.mark.slow
async def test_matching_digits_fill_line_after_line_and_everything_is_in_view(
        course: Course, data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        for module, question in matching_questions(course):
            open_attempt(store, learner, module, [question])
            app.record = store.record(learner)
            await open_quiz(pilot, module)
            screen = app.screen
            text = " ".join(text_of(app).split())
            # The hint tells the truth: a digit moves on by itself; ↑ ↓ corrects.
            assert "markeringen går så selv videre til næste linje" in text
            body = screen.query_one("#quiz-body")
            assert body.max_scroll_y == 0, (question.id, text_of(app))  # no scrollbar
            shown = screen.attempt.presentation(question.id)
            words = " ".join(text_of(app).replace("█", " ").split())  # wrapped lines joined
            for number, partner in enumerate(shown, 1):
                assert f"{number}. {partner}" in words, (question.id, partner)
            for left, _ in question.pairs:
                assert f"[?] {left}" in words or left in words, (question.id, left)
            # Pressing the digits one after the other gives each line in turn a partner.
            for _left, right in question.pairs:
                await pilot.press(str(shown.index(right) + 1))
            await pilot.pause()
            widget = screen.current_input()
            assert widget.choice == dict(question.pairs)
            await pilot.press("enter")
            await pilot.pause()
            assert "✔ Rigtigt" in text_of(app), question.id
            assert ".;" not in text_of(app)
            await pilot.press("escape")
            await pilot.pause()
            app.pop_screen()  # the module screen
            await pilot.pause()


# -- 3. multiple choice: Enter with nothing ticked asks first --------------------------


@pytest.mark.slow


async def test_enter_with_nothing_ticked_asks_first(course: Course, data_dir: Path) -> None:
    from course.tui.screens.confirm import ConfirmDialog

    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"
    question = next(q for q in course.questions_for(module, TRACK)
                    if isinstance(q, MultipleChoice))
    open_attempt(store, learner, module, [question])
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Du har ikke sat flueben ved noget svar" in words_of(app)
        await pilot.press("enter")  # "Fortryd" has the focus: a second Enter sends nothing
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and not app.screen.showing_feedback
        assert app.screen.attempt.answered == 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("j")  # yes: answer without ticks
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.showing_feedback
        assert "Dit svar: Intet valgt" in text_of(app)


# -- 4. F goes to the next unfinished step ---------------------------------------------


async def test_f_skips_a_finished_scenario(course: Course, data_dir: Path) -> None:
    from course.engine.scenario import shortest_path_to
    from course.engine.session import ScenarioSession
    from course.tui.screens.course_map import CourseMapScreen
    from course.tui.screens.scenario import ScenarioScreen

    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    record = store.record(learner)
    module = next(m for m in course.track(TRACK).modules if course.scenarios_for(m, TRACK))
    scenario = course.scenarios_for(module, TRACK)[0]
    session = ScenarioSession.open(module, scenario, record.facts(), seed=1)
    for index in shortest_path_to(scenario, scenario.endings[0].id):
        session.choose(index)
    record.save_run(session.doc, Position(module, activity="scenario", ref=scenario.id))
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("f")
        await pilot.pause()
        # the module's lesson is not read yet: that is the next unfinished step
        assert not (isinstance(app.screen, ScenarioScreen)
                    and app.screen.scenario.id == scenario.id)
        assert type(app.screen).__name__ == "LessonScreen"


# -- 6. Ctrl+Q in a quiz: the ticks and the last feedback come back ---------------------




@pytest.mark.slow
async def test_ctrl_q_keeps_the_ticked_boxes_and_the_feedback(course: Course,
                                                             data_dir: Path) -> None:
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"
    pool = course.questions_for(module, TRACK)
    multiple = next(q for q in pool if isinstance(q, MultipleChoice))
    single = next(q for q in pool if isinstance(q, SingleChoice))
    open_attempt(store, learner, module, [multiple, single])
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        first = app.screen.attempt.current()
        await pilot.press("1", "2")  # two boxes ticked, not sent
        await pilot.pause()
        ticked = app.screen.current_input().draft()
        assert len(ticked) == 2
        await pilot.press("ctrl+q")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("f")  # Fortsæt: the open quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.attempt.current().id == first.id
        assert app.screen.current_input().draft() == ticked
        assert text_of(app).count("☑") == 2
        await pilot.press("enter")  # send them
        await pilot.pause()
        assert app.screen.showing_feedback
        feedback = " ".join(text_of(app).split())
        await pilot.press("ctrl+q")  # with the feedback on screen
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.showing_feedback
        assert " ".join(text_of(app).split()) == feedback
        await pilot.press("enter")  # on to the next question
        await pilot.pause()
        assert app.screen.attempt.current().id != first.id
        assert not app.screen.showing_feedback




@pytest.mark.slow
async def test_the_last_feedback_comes_back_before_the_result(course: Course,
                                                              data_dir: Path) -> None:
    """Quit with the last answer's feedback on screen: the attempt is finished, and the
    next time the quiz opens it shows that feedback, then the result, not a new attempt."""
    store = Store(data_dir)
    learner = store.create_learner("Sara", TRACK)
    module = "vision"
    single = next(q for q in course.questions_for(module, TRACK) if isinstance(q, SingleChoice))
    open_attempt(store, learner, module, [single])
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        presentation = app.screen.attempt.presentation(single.id)
        await pilot.press(str(presentation.index(single.answer) + 1))
        await pilot.pause()
        assert app.screen.showing_feedback and app.screen.attempt.is_finished
        await pilot.press("ctrl+q")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await open_quiz(pilot, module)
        assert app.screen.showing_feedback and "✔ Rigtigt" in text_of(app)
        assert app.screen.attempt.question_ids == (single.id,)
        await pilot.press("enter")
        await pilot.pause()
        assert "Du fik 1 af 1 point (100 %)" in " ".join(text_of(app).split())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")  # opened once more: the result was seen, a new attempt
        await pilot.pause()
        assert not app.screen.showing_feedback
        assert app.screen.attempt.answered == 0


# -- 5. issuing a certificate: progress and result on screen; a second one asks first --




@pytest.mark.slow
async def test_issuing_shows_progress_and_result_and_asks_before_a_second(
        course: Course, data_dir: Path) -> None:
    from course.tui.screens.certificate import CertificateScreen
    from course.tui.screens.confirm import ConfirmDialog

    from .test_certificate_and_teacher import complete_track

    store = Store(data_dir)
    learner = store.create_learner("Bo Ærø", "skole")
    complete_track(course, store.record(learner), "skole")
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CertificateScreen)
        shown: list[tuple[str, bool]] = []  # what the issuing line said, in turn
        screen = app.screen
        outcome = screen._outcome

        def spy(lines, kind):
            outcome(lines, kind)
            shown.append((" ".join(lines), screen.check_action("issue", ()) is None))

        screen._outcome = spy
        await pilot.press("u")
        await app.workers.wait_for_complete()
        # first that it is on its way (and U is not offered twice meanwhile), then done
        assert "Dit kursusbevis bliver udstedt" in shown[0][0] and shown[0][1]
        await pilot.pause()
        (first,) = store.record(learner).certificates()
        words = " ".join(text_of(app).split())
        assert f"✔ Dit kursusbevis er udstedt. Bekræftelseskode: {first['code']}" in words
        assert "PDF:" in words and Path(first["pdf"]).name[:20] in words
        assert not app._notifications  # no toast over the paths
        await pilot.press("u")  # a second one: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"kode {first['code']}" in words_of(app)
        await pilot.press("escape")  # Fortryd: nothing new
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(store.record(learner).certificates()) == 1
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("j")  # yes: a new one, with a new code
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        issued = store.record(learner).certificates()
        assert len(issued) == 2 and issued[0]["code"] != issued[1]["code"]
        assert issued[1]["code"] in " ".join(text_of(app).split())


# -- 8. learners and tracks -------------------------------------------------------------


async def test_a_duplicate_name_is_warned_about_once(course: Course, data_dir: Path) -> None:
    from course.tui.screens.new_learner import NewLearnerScreen

    store = Store(data_dir)
    store.create_learner("Mette Hansen", TRACK)
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name").value = "mette hansen"
        await pilot.press("enter", "enter")  # the name, then the first track
        await pilot.pause()
        assert isinstance(app.screen, NewLearnerScreen)
        words = words_of(app)
        assert "Der er allerede en deltager, der hedder »Mette Hansen«" in words
        assert len(store.learners()) == 1
        await pilot.press("enter")  # Opret once more: made all the same
        await pilot.pause()
        assert [l.name for l in store.learners()] == ["Mette Hansen", "mette hansen"]




@pytest.mark.slow
async def test_a_name_over_60_characters_is_refused_with_the_limit(course: Course,
                                                                  data_dir: Path) -> None:
    from course.tui.screens.new_learner import NewLearnerScreen

    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        name = app.screen.query_one("#name")
        for _ in range(70):
            await pilot.press("a")  # typed, not cut at 60
        assert len(name.value) == 70
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewLearnerScreen)
        words = words_of(app)
        assert "Navnet må højst være 60 tegn (det er 70)." in words
        assert Store(data_dir).learners() == []


async def test_a_learner_changes_track_and_is_told_what_carries_over(course: Course,
                                                                    data_dir: Path) -> None:
    from course.tui.screens.confirm import ConfirmDialog
    from course.tui.screens.course_map import CourseMapScreen
    from course.tui.screens.track import TrackDialog

    store = Store(data_dir)
    learner = store.create_learner("Sara", "skole")
    record = store.record(learner)
    shared = next(m for m in course.track("skole").modules
                  if m in course.track(TRACK).modules)
    for page in course.module(shared).page_indices(TRACK):
        record.mark_page_seen(shared, page)
    record.save_attempt(finished_attempt(course, shared, 10, 10))
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrackDialog)
        tracks = [t.id for t in course.tracks]
        highlighted = app.screen.query_one("#tracks").highlighted
        for _ in range(tracks.index(TRACK) - highlighted):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        words = words_of(app)
        assert "Det tager du med: de sider, du har læst, og de quizzer, du har bestået" in words
        assert "bestået 1 quiz i dem" in words
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert app.learner.track == TRACK
        assert f"Forløb: {course.track(TRACK).title}" in " ".join(text_of(app).split())
    (moved,) = Store(data_dir).learners()
    assert moved.track == TRACK
    assert Store(data_dir).record(moved).meta()["track"] == TRACK
    assert shared in Store(data_dir).record(moved).facts().passed_quizzes()


async def test_in_a_hold_the_hold_decides_the_track(course: Course, data_dir: Path) -> None:
    from progress.holds import HoldBook

    hold = HoldBook(data_dir).create_hold("8.A", "skole")
    Store(data_dir).create_learner("Sara", "skole", hold.id)
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert "t Forløb" not in text_of(app)
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "CourseMapScreen"


# -- 9. dialogs and wording -------------------------------------------------------------


async def test_the_command_palette_asks_in_danish(course: Course, data_dir: Path) -> None:
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        words = " ".join(text_of(app).split())
        assert "Søg efter kommandoer …" in words and "Search for commands" not in words


async def test_a_text_field_in_a_dialog_is_visible(course: Course, data_dir: Path) -> None:
    """The field has a background of its own and a bar in front (seen without colour)."""
    app = make_app(course, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        field = app.screen.query_one("#name")
        dialog = app.screen.query_one(".dialog")
        assert field.styles.background != dialog.styles.background
        row = next(line for line in screen_text(app) if "Skriv dit navn" in line)
        assert "▌" in row


def test_a_track_is_called_forloeb_everywhere() -> None:
    """No learner-visible "spor" for a track in the code or the course's own texts."""
    import re

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\bspor(et|ene|ets|s)?\b", re.IGNORECASE)
    found = []
    for path in [*(root / "course").rglob("*.py"), *(root / "modules").glob("*.yaml")]:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert found == []
