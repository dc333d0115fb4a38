"""Item statistics (issue 16): figures checked against hand computation, the flags at their
thresholds, the uncertainty rule, option counts, scenarios, and who is counted."""

from __future__ import annotations

import math
import random

import pytest

from course.content.model import (
    Choice,
    Course,
    Module,
    MultipleChoice,
    Node,
    Page,
    Quiz,
    Scenario,
    SingleChoice,
    TextAnswer,
    Track,
    TrueFalse,
)
from course.reports.stats import (
    FLAG_KEY,
    FLAG_POOR,
    FLAG_TOO_EASY,
    FLAG_TOO_HARD,
    FLAG_UNUSED,
    MIN_ANSWERS,
    POINT_BISERIAL,
    UPPER_LOWER,
    History,
    OptionCount,
    compute,
    flags,
    point_biserial,
    upper_lower,
)

BASE = dict(explanation="Fordi.", source="forord", quote=None, terms=(), tracks=())

Q1 = SingleChoice(id="q1", prompt="Hvad er rigtigt?", options=("A", "B", "C"), answer="A", **BASE)
Q2 = TrueFalse(id="q2", prompt="Det er sandt.", answer=True, **BASE)
Q3 = TextAnswer(id="q3", prompt="Skriv ordet.", accepted=("nærdemokrati",), **BASE)
Q4 = MultipleChoice(id="q4", prompt="Vælg alle rigtige.", options=("X", "Y", "Z"),
                    answers=("X", "Y"), **BASE)

SCENARIO = Scenario(
    "naboen", "Naboen", ("t",), "Intro.", "start",
    (
        Node("start", "Hvad gør du?", (
            Choice("Hilser", "godt", "Fint.", (("inklusion", 1),)),
            Choice("Går forbi", "igen", "Hm.", (("inklusion", -1),)),
        )),
        Node("igen", "Igen?", (Choice("Hilser nu", "godt", "Fint.", (("inklusion", 1),)),
                               Choice("Går igen forbi", "slut", "Hm.", (("inklusion", -1),)))),
        Node("godt", "Godt.", ending="En god start"),
        Node("slut", "Slut.", ending="Fremmede"),
    ),
    "Hvad tænker du?",
)


def course() -> Course:
    module = Module("m", "Modulet", "Et modul.", 5, (Page("Side", "Tekst."),), ("Punkt.",))
    track = Track("t", "Forløb", "Et forløb.", ("m",), 60, "Bevis")
    return Course("Kursus", "Politik", (module,), (track,), (), (), (),
                  quizzes=(Quiz("m", (Q1, Q2, Q3, Q4), (SCENARIO,)),))


def attempt(answers: list[tuple[str, float, object]], started: str = "2026-01-01T10:00:00",
            finished: bool = True, module: str = "m") -> dict:
    """An attempt document as the quiz screen saves it."""
    return {"id": started, "module": module, "started": started,
            "finished": started if finished else None,
            "answers": [{"question": q, "response": r, "score": s, "correct": s == 1, "at": started}
                        for q, s, r in answers]}


# Five learners, three questions each (q1, q2, q3). Scores and responses:
#        q1      q2      q3                      total
# L1     1 A     1 true  1 nærdemokrati          3
# L2     1 A     1 true  0 demokrati             2
# L3     0 B     1 true  0 demokrati             1
# L4     0 B     0 false 0 "Demokrati "          0
# L5     1 A     0 false 1 Naerdemokrati         2
FIVE = [
    [("q1", 1, "A"), ("q2", 1, True), ("q3", 1, "nærdemokrati")],
    [("q1", 1, "A"), ("q2", 1, True), ("q3", 0, "demokrati")],
    [("q1", 0, "B"), ("q2", 1, True), ("q3", 0, "demokrati")],
    [("q1", 0, "B"), ("q2", 0, False), ("q3", 0, "Demokrati ")],
    [("q1", 1, "A"), ("q2", 0, False), ("q3", 1, "Naerdemokrati")],
]


def histories(rows: list[list[tuple[str, float, object]]], copies: int = 1) -> list[History]:
    return [History(f"l{n}-{c}", [attempt(row)], []) for c in range(copies)
            for n, row in enumerate(rows)]


def test_facility_and_discrimination_by_hand_with_few_learners() -> None:
    stats = compute(course(), histories(FIVE)).module("m")
    q1, q2, q3, q4 = stats.questions
    assert (q1.answers, q2.answers, q3.answers, q4.answers) == (5, 5, 5, 0)
    assert q1.facility == pytest.approx(3 / 5)
    assert q2.facility == pytest.approx(3 / 5)
    assert q3.facility == pytest.approx(2 / 5)
    assert q4.facility is None and q4.discrimination is None
    # Rest scores of q1 (the other two questions' points, as a share of 2):
    # L1 2/2, L2 1/2, L3 1/2, L4 0/2, L5 1/2. With 5 answers the upper-lower index is
    # used; the groups are 27 % of 5 = 1.35 answers. Lower: L4 (0) and 0.35 of the three
    # tied at 1/2 (two of whom are right): (0 + 0.35 * 2/3) / 1.35. Upper: L1 (1) and the
    # same 0.35 of the tied three: (1 + 0.35 * 2/3) / 1.35. Difference: 1 / 1.35 = 20/27.
    assert q1.method == UPPER_LOWER
    assert q1.discrimination == pytest.approx(20 / 27)
    # q2: rest scores L1 1, L2 1/2, L3 0, L4 0, L5 1 for scores 1, 1, 1, 0, 0: the two tied
    # at 0 (one right) and the two tied at 1 (one right) make both groups 1/2: index 0.
    assert q2.discrimination == pytest.approx(0.0)
    assert stats.attempts == 5 and stats.learners == 5
    assert stats.mean_score == pytest.approx((3 + 2 + 1 + 0 + 2) / 15)


def test_point_biserial_by_hand_with_many_learners() -> None:
    # The same five learners ten times over: 50 answers, so the point-biserial r, which
    # copies do not change. q1: x = 1 1 0 0 1 (mean .6), rest = 1 .5 .5 0 .5 (mean .5);
    # sum dx*dy = .5, sum dx^2 = 1.2, sum dy^2 = .5: r = .5 / sqrt(.6).
    stats = compute(course(), histories(FIVE, copies=10)).module("m")
    q1, q2 = stats.questions[:2]
    assert q1.answers == 50 and q1.method == POINT_BISERIAL
    assert q1.discrimination == pytest.approx(0.5 / math.sqrt(0.6))
    assert point_biserial([1, 1, 0, 0, 1], [1, .5, .5, 0, .5]) == pytest.approx(0.5 / math.sqrt(0.6))
    # q2: sum dx*dy = .2 + 0 - .2 + .3 - .3 = 0.
    assert q2.discrimination == pytest.approx(0.0)
    assert q1.flags == ((FLAG_UNUSED, "»C«"),)  # C: nobody picked it
    assert [f for f, _ in q2.flags] == [FLAG_POOR]


def test_upper_lower_on_a_clean_split() -> None:
    # Ten answers, groups of 2.7: the three with the highest rest scores are right, the
    # three lowest wrong, so the upper group scores 1 and the lower 0.
    scores = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]
    rests = [0.1 * n for n in range(10)]
    assert upper_lower(scores, rests) == pytest.approx(1.0)
    assert upper_lower([1] * 10, rests) is None  # nothing varies: no index
    assert point_biserial([1] * 10, rests) is None


def test_negative_discrimination_is_a_possible_wrong_key() -> None:
    # The strong (high rest) answer wrong and the weak answer right, 60 times over.
    rows = [[("q1", 0, "B"), ("q2", 1, True), ("q3", 1, "nærdemokrati")],
            [("q1", 1, "A"), ("q2", 0, False), ("q3", 0, "x")]]
    q1 = compute(course(), histories(rows, copies=30)).module("m").questions[0]
    assert q1.discrimination == pytest.approx(-1.0)
    assert [f for f, _ in q1.flags] == [FLAG_KEY, FLAG_UNUSED]
    assert FLAG_POOR not in [f for f, _ in q1.flags]


@pytest.mark.parametrize(("facility", "expected"), [
    (0.95, [FLAG_TOO_EASY]), (0.906, [FLAG_TOO_EASY]), (0.90, []), (0.904, []),  # "91 %", "90 %"
    (0.30, []), (0.296, []), (0.294, [FLAG_TOO_HARD]), (0.25, [FLAG_TOO_HARD]),  # "29 %"
])
def test_facility_flags_at_their_thresholds(facility: float, expected: list[str]) -> None:
    assert [f for f, _ in flags(Q2, MIN_ANSWERS, facility, 0.5)] == expected


@pytest.mark.parametrize(("discrimination", "expected"), [
    (0.20, []), (0.196, []), (0.194, [FLAG_POOR]), (0.19, [FLAG_POOR]), (0.0, [FLAG_POOR]),
    (-0.004, [FLAG_POOR]),  # shown as 0,00: not negative
    (-0.006, [FLAG_KEY]), (-0.01, [FLAG_KEY]), (None, []),
])
def test_discrimination_flags_at_their_thresholds(discrimination, expected) -> None:
    assert [f for f, _ in flags(Q2, MIN_ANSWERS, 0.5, discrimination)] == expected


def test_a_never_picked_option_is_flagged_only_for_wrong_options() -> None:
    options = (OptionCount("A", True, 0), OptionCount("B", False, 0), OptionCount("C", False, 3))
    assert flags(Q1, 30, 0.5, 0.5, options) == ((FLAG_UNUSED, "»B«"),)


def test_fewer_than_twenty_answers_are_uncertain_and_never_flagged() -> None:
    everyone_wrong = [[("q1", 0, "B"), ("q2", 0, False), ("q3", 0, "x")]]
    q1 = compute(course(), histories(everyone_wrong, copies=MIN_ANSWERS - 1)).module("m").questions[0]
    assert q1.answers == MIN_ANSWERS - 1 and q1.uncertain and q1.flags == ()
    q1 = compute(course(), histories(everyone_wrong, copies=MIN_ANSWERS)).module("m").questions[0]
    assert not q1.uncertain
    assert [f for f, _ in q1.flags] == [FLAG_TOO_HARD, FLAG_UNUSED]
    assert flags(Q2, MIN_ANSWERS - 1, 0.0, -1.0) == ()


def test_option_counts_add_up_to_the_answers() -> None:
    rng = random.Random(7)
    rows = []
    for _ in range(200):
        single = rng.choice(["A", "B", "C", "A", None, "en omdøbt mulighed"])
        truth = rng.choice([True, False, True, None])
        picks = [o for o in ("X", "Y", "Z", "W") if rng.random() < 0.4]
        rows.append([("q1", float(single == "A"), single), ("q2", float(truth is True), truth),
                     ("q4", rng.choice([0, 0.5, 1]), picks)])
    stats = compute(course(), histories(rows)).module("m")
    q1, q2, _q3, q4 = stats.questions
    for q in (q1, q2):  # one pick per answer: the options and "other" make up every answer
        assert sum(o.picks for o in q.options) + q.other == q.answers == 200
    assert q1.other == sum(1 for row in rows if row[0][2] not in ("A", "B", "C"))
    # multiple choice: each option counts the answers that picked it; "other" those that
    # picked none of today's options
    assert q4.answers == 200
    for option in q4.options:
        assert option.picks == sum(1 for row in rows if option.text in row[2][2])
    assert q4.other == sum(1 for row in rows if not set(row[2][2]) & {"X", "Y", "Z"})
    assert [o.right for o in q4.options] == [True, True, False]


def test_common_wrong_text_answers_are_grouped_as_grading_folds_them() -> None:
    q3 = compute(course(), histories(FIVE)).module("m").questions[2]
    assert q3.wrong_texts == (("demokrati", 3),)  # "Demokrati " folds with "demokrati"


def test_questions_drawn_from_a_pool_count_only_where_asked() -> None:
    rows = [[("q1", 1, "A"), ("q2", 1, True)], [("q2", 0, False), ("q3", 1, "nærdemokrati")],
            [("q1", 0, "C"), ("q3", 0, "nej")]]
    stats = compute(course(), histories(rows)).module("m")
    assert [q.answers for q in stats.questions] == [2, 2, 2, 0]


def test_first_attempts_by_default_all_on_request() -> None:
    learner = History("l", [
        attempt([("q1", 1, "A")], started="2026-02-01T10:00:00"),  # stored first, started later
        attempt([("q1", 0, "B")], started="2026-01-01T10:00:00"),
        attempt([("q1", 1, "A")], started="2025-12-01T10:00:00", finished=False),
    ], [])
    first = compute(course(), [learner]).module("m").questions[0]
    assert (first.answers, first.facility) == (1, 0.0)  # the first finished attempt
    every = compute(course(), [learner], basis="all").module("m").questions[0]
    assert (every.answers, every.facility) == (2, 0.5)  # unfinished attempts never count


def test_flagged_questions_come_first() -> None:
    rows = [[("q1", 0, "B"), ("q2", 1, True), ("q3", 1, "nærdemokrati")]]
    stats = compute(course(), histories(rows, copies=25)).module("m")
    ordered = [q.id for q in stats.ordered()]
    assert ordered[:2] == ["q1", "q2"]  # q1 too hard, q2 too easy
    assert ordered[-1] == "q4"  # no answers: last


def run(path: list[tuple[str, int]], ending: str | None, started: str = "2026-01-01") -> dict:
    return {"id": started, "scenario": "naboen", "module": "m", "started": started,
            "finished": started if ending else None, "ending": ending,
            "steps": [{"node": n, "choice": c, "at": started} for n, c in path]}


def test_scenario_choices_endings_and_median_steps() -> None:
    runs = [
        run([("start", 0)], "godt"),
        run([("start", 1), ("igen", 0)], "godt"),
        run([("start", 1), ("igen", 1)], "slut"),
        run([("start", 1)], None),  # stopped half-way: its choice counts, no ending
        run([("start", 0), ("nowhere", 3), ("start", 7)], "godt"),  # steps that no longer fit
    ]
    hs = [History(f"l{n}", [], [r]) for n, r in enumerate(runs)]
    s = compute(course(), hs).module("m").scenarios[0]
    assert (s.runs, s.finished) == (5, 4)
    start, igen = s.decisions
    assert [c.taken for c in start.choices] == [2, 3]
    assert [c.taken for c in igen.choices] == [1, 1]
    assert [(e.node, e.reached) for e in s.endings] == [("godt", 3), ("slut", 1)]
    assert s.median_steps == 2  # 1, 2, 2 and 3 choices to an ending
    assert s.uncertain


def test_first_run_of_a_scenario_per_learner() -> None:
    learner = History("l", [], [run([("start", 1), ("igen", 1)], "slut", "2026-01-02"),
                                run([("start", 0)], "godt", "2026-01-01")])
    s = compute(course(), [learner]).module("m").scenarios[0]
    assert [(e.node, e.reached) for e in s.endings] == [("godt", 1), ("slut", 0)]
    s = compute(course(), [learner], basis="all").module("m").scenarios[0]
    assert [(e.node, e.reached) for e in s.endings] == [("godt", 1), ("slut", 1)]


def test_odd_documents_are_skipped_not_fatal() -> None:
    odd = History("l", [
        "not a document",
        {"module": "m", "finished": "x", "answers": "nope"},
        {"module": "gone", "finished": "x", "answers": [{"question": "q1", "score": 1}]},
        attempt([("q1", 2, "A"), ("q1", True, "A"), ("zz", 1, "A")]),  # bad scores, unknown id
        attempt([("q1", 1, "A")], module="m") | {"answers": [None, {"question": 5, "score": 1}]},
    ], [None, {"scenario": 3}])
    stats = compute(course(), [odd]).module("m")
    assert [q.answers for q in stats.questions] == [0, 0, 0, 0]
