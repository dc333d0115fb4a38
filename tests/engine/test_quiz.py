"""Quiz attempts: shuffling from a seed, answering, scoring, saving and resuming."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.content.model import Course, Module, Objective, Page, Quiz, Track
from course.engine.grading import Grade, correct_response, grade
from course.engine.quiz import (
    QuizAttempt,
    draw_questions,
    effective_pass_mark,
    previous_question_ids,
    start_module_attempt,
)

from .strategies import (
    matching,
    multiple,
    ordering,
    plausible,
    question_lists,
    questions,
    single,
    text,
    true_false,
)

PROPERTY = settings(max_examples=200, deadline=None)


def five_questions() -> list:
    return [
        single("q1", options=("a", "b", "c", "d"), answer="a"),
        multiple("q2"),
        true_false("q3", answer=True),
        matching("q4"),
        ordering("q5", items=("a", "b", "c", "d", "e")),
    ]


def parts(question) -> list[str]:
    """What the presentation of ``question`` should be a permutation of."""
    if question.type in ("single", "multiple"):
        return list(question.options)
    if question.type == "matching":
        return [right for _, right in question.pairs]
    if question.type == "ordering":
        return list(question.items)
    return []


def by_id(questions) -> dict:
    return {q.id: q for q in questions}


def round_trip(attempt: QuizAttempt, questions) -> QuizAttempt:
    return QuizAttempt.from_dict(json.loads(json.dumps(attempt.to_dict())), by_id(questions))


def shown(attempt: QuizAttempt) -> tuple:
    return attempt.question_ids, {qid: attempt.presentation(qid) for qid in attempt.question_ids}


# --- presentation ---------------------------------------------------------------------


def test_same_seed_same_presentation() -> None:
    first = QuizAttempt.start(five_questions(), seed=7)
    second = QuizAttempt.start(five_questions(), seed=7)
    assert shown(first) == shown(second)


def test_seeds_differ() -> None:
    presentations = {json.dumps(shown(QuizAttempt.start(five_questions(), s))) for s in range(20)}
    assert len(presentations) > 10


def test_what_is_shuffled() -> None:
    attempt = QuizAttempt.start(five_questions(), seed=3)
    assert sorted(attempt.question_ids) == ["q1", "q2", "q3", "q4", "q5"]
    assert sorted(attempt.presentation("q1")) == ["a", "b", "c", "d"]
    assert sorted(attempt.presentation("q2")) == ["a", "b", "c", "d"]
    assert attempt.presentation("q3") == []
    assert sorted(attempt.presentation("q4")) == ["1", "2", "3", "4"]  # the right column
    assert sorted(attempt.presentation("q5")) == ["a", "b", "c", "d", "e"]
    with pytest.raises(KeyError):
        attempt.presentation("nope")


def test_two_item_ordering_always_starts_reversed() -> None:
    q = ordering("o", items=("først", "sidst"))
    for seed in range(50):
        assert QuizAttempt.start([q], seed).presentation("o") == ["sidst", "først"]


@PROPERTY
@given(questions(kind="ordering"), st.integers())
def test_ordering_never_starts_solved(question, seed: int) -> None:
    presentation = QuizAttempt.start([question], seed).presentation(question.id)
    assert presentation != list(question.items)
    assert sorted(presentation) == sorted(question.items)


@PROPERTY
@given(question_lists, st.integers())
@pytest.mark.slow
def test_presentation_is_a_permutation(questions, seed: int) -> None:
    attempt = QuizAttempt.start(questions, seed)
    assert sorted(attempt.question_ids) == sorted(q.id for q in questions)
    for q in questions:
        assert sorted(attempt.presentation(q.id)) == sorted(parts(q))


def test_duplicate_question_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        QuizAttempt.start([single("q"), true_false("q")], seed=1)


# --- answering and scoring ------------------------------------------------------------


def test_answer_once() -> None:
    attempt = QuizAttempt.start([single("q1"), true_false("q2")], seed=1)
    assert attempt.answer("q1", "a") == Grade(1.0, 1.0, True)
    with pytest.raises(ValueError):
        attempt.answer("q1", "b")
    assert attempt.result("q1") == ("a", Grade(1.0, 1.0, True))
    with pytest.raises(KeyError):
        attempt.answer("nope", True)


def test_current_follows_the_shown_order() -> None:
    attempt = QuizAttempt.start(five_questions(), seed=11)
    seen = []
    while (question := attempt.current()) is not None:
        assert not attempt.is_finished
        seen.append(question.id)
        attempt.answer(question.id, correct_response(question))
    assert tuple(seen) == attempt.question_ids
    assert attempt.is_finished
    assert attempt.answered == len(attempt) == 5


def test_answering_out_of_order() -> None:
    attempt = QuizAttempt.start(five_questions(), seed=2)
    last = attempt.question_ids[-1]
    attempt.answer(last, None)
    assert attempt.current().id == attempt.question_ids[0]
    assert attempt.result(last) == (None, Grade(0.0, 1.0, False))


def test_score_percent_pass_and_review() -> None:
    questions = five_questions()
    attempt = QuizAttempt.start(questions, seed=5)
    attempt.answer("q1", "a")  # 1
    attempt.answer("q2", ["a"])  # 0.5
    attempt.answer("q3", False)  # 0
    attempt.answer("q4", {"a": "1", "b": "2", "c": "3", "d": "4"})  # 1
    assert attempt.score == 2.5
    assert attempt.max_score == 5.0
    assert attempt.percent == 50.0
    assert attempt.passed(50) and not attempt.passed(51)
    assert not attempt.is_finished
    attempt.answer("q5", ["a", "b", "c", "e", "d"])  # 0.6
    assert attempt.score == pytest.approx(3.1)
    assert attempt.percent == 62.0
    assert attempt.passed(60) and not attempt.passed(63)
    review = attempt.review()
    expected = [qid for qid in attempt.question_ids if qid in {"q2", "q3", "q5"}]
    assert [q.id for q, _, _ in review] == expected
    responses = {q.id: (response, result.score) for q, response, result in review}
    assert responses["q2"] == (["a"], 0.5)
    assert responses["q3"] == (False, 0.0)


def test_partial_credit_adds_up_to_a_clean_percent() -> None:
    thirds = multiple("m", options=("a", "b", "c", "d"), answers=("a", "b", "c"))
    attempt = QuizAttempt.start([thirds, replace(thirds, id="m2")], seed=1)
    attempt.answer("m", ["a"])  # 1/3
    attempt.answer("m2", ["a", "b"])  # 2/3
    assert attempt.percent == 50.0
    assert attempt.passed(50)


def test_empty_attempt() -> None:
    attempt = QuizAttempt.start([], seed=1)
    assert attempt.is_finished and attempt.current() is None
    assert attempt.score == 0 and attempt.max_score == 0 and attempt.percent == 0.0


def test_a_tuple_response_is_stored_as_a_list() -> None:
    attempt = QuizAttempt.start([multiple("m")], seed=1)
    attempt.answer("m", ("a", "b"))
    assert attempt.to_dict()["responses"] == {"m": ["a", "b"]}


@PROPERTY
@given(question_lists, st.integers(), st.data())
@pytest.mark.slow
def test_score_is_the_sum_of_grades(questions, seed: int, data: st.DataObject) -> None:
    attempt = QuizAttempt.start(questions, seed)
    total = 0.0
    for q in questions:
        response = data.draw(plausible(q))
        assert attempt.answer(q.id, response) == grade(q, response)
        total += grade(q, response).score
    assert attempt.score == pytest.approx(total)
    assert 0.0 <= attempt.percent <= 100.0
    assert all(not g.correct for _, _, g in attempt.review())


def test_effective_pass_mark() -> None:
    track = Track("t", "T", "", ("m",), pass_mark=60, certificate_title="C")
    assert effective_pass_mark(Quiz("m", ()), track) == 60
    assert effective_pass_mark(Quiz("m", (), pass_mark=80), track) == 80
    assert effective_pass_mark(Quiz("m", (), pass_mark=0), track) == 0


# --- saving and resuming --------------------------------------------------------------


@PROPERTY
@given(question_lists, st.integers(), st.data())
@pytest.mark.slow
def test_resume_mid_attempt_exactly(questions, seed: int, data: st.DataObject) -> None:
    attempt = QuizAttempt.start(questions, seed)
    for q in attempt.questions[: data.draw(st.integers(0, len(questions)))]:
        attempt.answer(q.id, data.draw(plausible(q)))
    resumed = round_trip(attempt, questions)
    assert shown(resumed) == shown(attempt)
    assert resumed.to_dict() == attempt.to_dict()
    assert resumed.current() == attempt.current()
    assert resumed.score == attempt.score
    assert resumed.review() == attempt.review()


def test_resume_and_finish() -> None:
    questions = five_questions()
    attempt = QuizAttempt.start(questions, seed=9)
    first, second = attempt.question_ids[:2]
    attempt.answer(first, correct_response(by_id(questions)[first]))
    resumed = round_trip(attempt, questions)
    assert resumed.current().id == second
    with pytest.raises(ValueError):
        resumed.answer(first, None)
    for q in resumed.questions[1:]:
        resumed.answer(q.id, correct_response(q))
    assert resumed.is_finished and resumed.percent == 100.0


def test_resume_after_the_course_was_edited() -> None:
    questions = five_questions()
    attempt = QuizAttempt.start(questions, seed=4)
    attempt.answer("q1", "a")
    attempt.answer("q3", True)
    saved = json.loads(json.dumps(attempt.to_dict()))
    edited = [
        replace(questions[0], options=("a", "b", "c", "ny")),  # "d" renamed
        questions[1],
        # q3 removed, q4 and q5 kept, a new question added
        questions[3],
        questions[4],
        text("q6"),
    ]
    resumed = QuizAttempt.from_dict(saved, by_id(edited))
    assert resumed.question_ids == tuple(q for q in attempt.question_ids if q != "q3")
    old = [o for o in attempt.presentation("q1") if o != "d"]
    assert resumed.presentation("q1") == [*old, "ny"]
    assert resumed.presentation("q5") == attempt.presentation("q5")
    assert resumed.result("q1") == ("a", Grade(1.0, 1.0, True))
    assert resumed.answered == 1 and resumed.max_score == 4.0


def test_a_saved_response_that_no_longer_fits_grades_zero() -> None:
    attempt = QuizAttempt.start([single("q1", answer="c")], seed=1)
    attempt.answer("q1", "c")
    saved = attempt.to_dict()
    edited = single("q1", options=("a", "b", "x"), answer="x")
    resumed = QuizAttempt.from_dict(saved, {"q1": edited})
    assert resumed.result("q1") == ("c", Grade(0.0, 1.0, False))


@pytest.mark.parametrize("data", [None, [], {}, {"order": "q1"}, {"order": None}])
def test_from_dict_refuses_what_is_not_an_attempt(data) -> None:
    with pytest.raises(ValueError):
        QuizAttempt.from_dict(data, by_id(five_questions()))


def test_from_dict_tolerates_damaged_parts() -> None:
    questions = five_questions()
    data = {"order": ["q2", 17, "q1", "q2"], "presentation": "x", "responses": None}
    resumed = QuizAttempt.from_dict(data, by_id(questions))
    assert resumed.question_ids == ("q2", "q1")
    assert sorted(resumed.presentation("q1")) == ["a", "b", "c", "d"]
    assert resumed.answered == 0


# --- the real course ------------------------------------------------------------------


def test_real_questions_grade_and_resume(real_course: Course) -> None:
    for quiz in real_course.quizzes:
        for track in real_course.tracks:
            questions = real_course.questions_for(quiz.module, track.id)
            attempt = QuizAttempt.start(questions, seed=1)
            for q in attempt.questions:
                assert attempt.answer(q.id, correct_response(q)).correct, q.id
            assert round_trip(attempt, questions).to_dict() == attempt.to_dict()
            assert attempt.passed(effective_pass_mark(quiz, track))


# --- question pools, objectives (issue 11) --------------------------------------------


def pool_course(draw: int | None = 4, per_objective: tuple[int, ...] = (3, 3, 2)) -> Course:
    """One module with len(per_objective) objectives and that many questions each."""
    objectives = tuple(Objective(f"o{n}", f"mål {n}") for n in range(len(per_objective)))
    qs = tuple(
        true_false(f"q{n}-{k}", answer=True, objective=f"o{n}")
        for n, count in enumerate(per_objective) for k in range(count)
    )
    module = Module("m", "Modul", "Et modul.", 5, (Page("Side", "Tekst."),), ("Punkt.",),
                    objectives=objectives)
    track = Track("t", "Forløb", "Et forløb.", ("m",), 60, "Bevis")
    return Course("Kursus", "Politik", (module,), (track,), (), (), (),
                  quizzes=(Quiz("m", qs, draw=draw),))


def objective_counts(questions) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.objective] = counts.get(q.objective, 0) + 1
    return counts


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(1, 7))
def test_a_draw_asks_draw_questions_balanced_across_objectives(seed: int, draw: int) -> None:
    course = pool_course(draw=draw, per_objective=(3, 3, 2))
    attempt = start_module_attempt(course, "m", "t", seed)
    assert len(attempt) == draw and attempt.draw == draw and attempt.pool == 8
    counts = objective_counts(attempt.questions)
    # round-robin: no objective gets two more than another, unless its questions ran out
    sizes = {"o0": 3, "o1": 3, "o2": 2}
    for a in counts.values():
        for key, b in list(counts.items()) + [(k, 0) for k in sizes if k not in counts]:
            assert a - b <= 1 or b == sizes[key]


def test_draw_none_or_a_small_pool_asks_every_question() -> None:
    course = pool_course(draw=None)
    assert len(start_module_attempt(course, "m", "t", 5)) == 8
    assert len(draw_questions(course.questions_for("m", "t"), 20, 5)) == 8


def test_the_same_seed_draws_the_same_set_and_the_seed_is_stored() -> None:
    course = pool_course()
    a, b = start_module_attempt(course, "m", "t", 99), start_module_attempt(course, "m", "t", 99)
    assert a.question_ids == b.question_ids
    saved = json.loads(json.dumps(a.to_dict()))
    assert saved["seed"] == a.seed and saved["draw"] == 4 and saved["pool"] == 8
    again = draw_questions(course.questions_for("m", "t"), 4, saved["seed"], ["o0", "o1", "o2"])
    assert {q.id for q in again} == set(a.question_ids)


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_a_retake_never_asks_the_same_set(first_seed: int, second_seed: int) -> None:
    course = pool_course(draw=4, per_objective=(2, 2, 2))
    first = start_module_attempt(course, "m", "t", first_seed)
    previous = previous_question_ids([{"module": "m", "state": first.to_dict()}], "m")
    retake = start_module_attempt(course, "m", "t", second_seed, previous)
    assert set(retake.question_ids) != set(first.question_ids)
    assert len(retake) == 4
    # deterministic
    assert start_module_attempt(course, "m", "t", second_seed, previous).question_ids == retake.question_ids


def test_a_retake_differs_even_when_only_one_balanced_set_exists() -> None:
    # three objectives with one question each and a fourth question: draw 3 always picks
    # one of each objective (the balanced set); the retake must still differ
    course = pool_course(draw=3, per_objective=(1, 1, 2))
    first = start_module_attempt(course, "m", "t", 1)
    retake = start_module_attempt(course, "m", "t", 1, first.question_ids)
    assert set(retake.question_ids) != set(first.question_ids)


def test_previous_question_ids_takes_the_newest_attempt_of_the_module() -> None:
    docs = [
        {"module": "m", "state": {"order": ["a", "b"]}},
        {"module": "x", "state": {"order": ["z"]}},
        {"module": "m", "state": {"order": ["c", 3]}},
        {"module": "m"},  # damaged: no state
    ]
    assert previous_question_ids(docs, "m") == frozenset({"c"})
    assert previous_question_ids(docs, "y") == frozenset()


def test_an_attempt_saved_before_pools_resumes() -> None:
    qs = five_questions()
    old = QuizAttempt.start(qs, 3).to_dict()
    del old["draw"], old["pool"]
    old["version"] = 1
    resumed = QuizAttempt.from_dict(old, by_id(qs))
    assert resumed.question_ids == QuizAttempt.start(qs, 3).question_ids
    assert resumed.draw is None and resumed.pool is None


def test_results_per_objective_and_the_objective_to_revisit() -> None:
    qs = [true_false("a1", True, objective="a"), true_false("a2", True, objective="a"),
          true_false("b1", True, objective="b"), true_false("c1", True, objective="c"),
          true_false("n1", True)]
    attempt = QuizAttempt.start(qs, 0)
    for q in qs:
        attempt.answer(q.id, q.id not in ("a1", "b1"))  # a: 1/2, b: 0/1, c: 1/1
    shares = {r.objective: r.share for r in attempt.by_objective()}
    assert shares == {"a": 0.5, "b": 0.0, "c": 1.0}
    assert attempt.to_revisit() == ("b",)


def test_no_objective_to_revisit_at_full_marks_and_ties_are_all_named() -> None:
    qs = [true_false("a1", True, objective="a"), true_false("b1", True, objective="b")]
    attempt = QuizAttempt.start(qs, 0)
    for q in qs:
        attempt.answer(q.id, True)
    assert attempt.to_revisit() == ()
    wrong = QuizAttempt.start(qs, 0)
    for q in qs:
        wrong.answer(q.id, False)
    assert set(wrong.to_revisit()) == {"a", "b"}
    assert QuizAttempt.start([true_false("x", True)], 0).to_revisit() == ()


def test_real_pools_draw_and_retake(real_course: Course) -> None:
    for quiz in real_course.quizzes:
        for track in real_course.tracks:
            if quiz.module not in track.modules:
                continue
            first = start_module_attempt(real_course, quiz.module, track.id, 1)
            pool = real_course.questions_for(quiz.module, track.id)
            if quiz.draw is not None:
                assert len(first) == min(quiz.draw, len(pool))
            if len(first) < len(pool):
                retake = start_module_attempt(real_course, quiz.module, track.id, 1,
                                              first.question_ids)
                assert set(retake.question_ids) != set(first.question_ids)
