"""course.content.quality on small hand-made courses: each figure counts what it says."""

from __future__ import annotations

from course.content.model import (
    Choice,
    Course,
    Module,
    MultipleChoice,
    Node,
    Objective,
    Page,
    Quiz,
    Scenario,
    SingleChoice,
    Track,
    TrueFalse,
)
from course.content.quality import (
    dilemma_nodes,
    free_choices,
    has_absolute_word,
    measure,
    normalise_prompt,
)

BASE = dict(explanation="Fordi.", source="forord", quote=None, terms=(), tracks=())


def single(qid: str, options: tuple[str, ...], answer: str, prompt: str = "", **kw) -> SingleChoice:
    return SingleChoice(id=qid, prompt=prompt or f"Spørgsmål {qid}?", options=options,
                        answer=answer, **{**BASE, **kw})


def multiple(qid: str, options: tuple[str, ...], answers: tuple[str, ...], **kw) -> MultipleChoice:
    return MultipleChoice(id=qid, prompt=f"Spørgsmål {qid}?", options=options, answers=answers,
                          **{**BASE, **kw})


def tf(qid: str, answer: bool, prompt: str = "", **kw) -> TrueFalse:
    return TrueFalse(id=qid, prompt=prompt or f"Påstand {qid}.", answer=answer, **{**BASE, **kw})


def choice(text: str, **effects: int) -> Choice:
    return Choice(text=text, next="slut", feedback="Sådan.", effects=tuple(effects.items()))


def scenario(sid: str, *decisions: tuple[Choice, ...]) -> Scenario:
    nodes = [Node(f"n{i}", "Hvad gør du?", choices) for i, choices in enumerate(decisions)]
    nodes.append(Node("slut", "Slut.", ending="Slutningen"))
    return Scenario(sid, "Titel", ("t",), "Intro.", "n0", tuple(nodes), "Hvad tænker du?")


def course(questions=(), scenarios=(), objectives=(), draw=None, second_track=False) -> Course:
    module = Module("m", "Modul", "Et modul.", 5, (Page("Side", "Tekst."),), ("Punkt.",),
                    objectives=tuple(objectives))
    tracks = [Track("t", "Forløb", "Et forløb.", ("m",), 60, "Bevis")]
    if second_track:
        tracks.append(Track("u", "Andet", "Et andet.", ("m",), 60, "Bevis"))
    return Course("Kursus", "Politik", (module,), tuple(tracks), (), (), (),
                  quizzes=(Quiz("m", tuple(questions), tuple(scenarios), draw=draw),))


def test_longest_key_counts_only_a_strictly_longest_key() -> None:
    q = measure(course([
        single("a", ("langt rigtigt svar", "kort", "kortere"), "langt rigtigt svar"),
        single("b", ("lige", "lang", "ordx"), "lige"),  # a tie is not strictly longest
        single("c", ("kort", "et meget langt forkert svar"), "kort"),
    ]))
    assert (q.longest_key.count, q.longest_key.total) == (1, 3)
    assert [f.id for f in q.longest_key.items] == ["a"]


def test_true_share_overall_and_per_module() -> None:
    q = measure(course([tf("a", True), tf("b", False), tf("c", False), tf("d", True)]))
    assert q.true_answers.value == 0.5
    assert [(m, s.count, s.total) for m, s in q.true_by_module] == [("m", 2, 4)]
    assert {f.id for f in q.true_answers.items} == {"a", "d"}


def test_absolute_words_are_whole_words_in_wrong_options_only() -> None:
    assert has_absolute_word("Det gælder KUN borgere")
    assert has_absolute_word("Præcis det samme")
    assert not has_absolute_word("Kunst og kultur")  # not a whole word
    assert not has_absolute_word("præcist")
    q = measure(course([
        single("a", ("Kun nogle", "Alle", "Ingen"), "Kun nogle"),  # the key may say it
        multiple("b", ("altid", "Nogle gange", "Aldrig", "Ofte"), ("Nogle gange",)),
    ]))
    assert (q.absolute_wrong_options.count, q.absolute_wrong_options.total) == (2, 5)
    assert {f.id for f in q.absolute_wrong_options.items} == {"b"}


def test_wrong_options_without_why() -> None:
    q = measure(course([
        single("a", ("ja", "nej", "måske"), "ja", why=(("nej", "Fordi."),)),
        multiple("b", ("x", "y", "z"), ("x", "y"), why=(("z", "Fordi."),)),
    ]))
    assert [(f.id, "måske" in f.detail) for f in q.without_why] == [("a", True)]


def test_longest_best_choice_needs_a_unique_best() -> None:
    q = measure(course(scenarios=[scenario(
        "s",
        (choice("det bedste og længste valg", inklusion=1), choice("dårligt", inklusion=-1)),
        (choice("kort", inklusion=1), choice("et langt men dårligt valg", inklusion=-1)),
        (choice("lang lang lang", inklusion=1), choice("tie", ansvar=1)),  # no unique best
        (choice("eneste valg", inklusion=1),),  # one choice: not a decision
    )]))
    assert (q.longest_best_choice.count, q.longest_best_choice.total) == (1, 3)
    assert [f.id for f in q.longest_best_choice.items] == ["s/n0"]


def test_dilemma_nodes_need_two_trade_offs_on_different_areas() -> None:
    s = scenario(
        "s",
        (choice("a", inklusion=1, ansvar=-1), choice("b", ansvar=1, inklusion=-1)),  # dilemma
        (choice("a", inklusion=1, ansvar=-1), choice("b", inklusion=-1)),  # one trade-off
        (choice("a", inklusion=1), choice("b", inklusion=-1)),  # right and wrong
        (choice("a", ansvar=1, inklusion=-1), choice("b", ansvar=1, inklusion=-1),
         choice("c", ansvar=-1)),  # two trade-offs (the same one) and a wrong: counts
        (choice("a", ansvar=-1), choice("b", inklusion=-1, ansvar=-1)),  # nothing to gain
    )
    assert dilemma_nodes(s.nodes) == ["n0", "n3"]
    q = measure(course(scenarios=[s]))
    assert [(sid, share.count, share.total) for sid, share in q.dilemmas] == [("s", 2, 5)]
    assert [f.id for _, share in q.dilemmas for f in share.items] == ["s/n0", "s/n3"]
    assert (q.dilemma_share.count, q.dilemma_share.total) == (2, 5)
    assert q.scenarios_short_of_dilemmas() == []
    assert q.scenarios_short_of_dilemmas(3) == [("s", 2)]
    assert q.free_choices == ()


def test_a_free_choice_beside_a_trade_off_is_no_dilemma_and_is_reported() -> None:
    s = scenario(
        "s",
        # the costless »do both« beside a trade-off pair: the pair is not weighed any more
        (choice("a", inklusion=1, ansvar=-1), choice("b", ansvar=1, inklusion=-1),
         choice("c", inklusion=1, ansvar=1)),
        # a free gain in a third area, beside one trade-off: still a free lunch
        (choice("a", inklusion=1, ansvar=-1), choice("b", inklusion=-1),
         choice("c", aktiv=1)),
        # right against wrong, no trade-off: a free right answer is fine
        (choice("a", inklusion=1, ansvar=1), choice("b", inklusion=-1)),
        # a trade-off beside a wrong one: fine
        (choice("a", inklusion=1, ansvar=-1), choice("b", ansvar=-1)),
    )
    assert free_choices(s.nodes[0]) == [2]
    assert free_choices(s.nodes[1]) == [2]
    assert free_choices(s.nodes[2]) == []
    assert free_choices(s.nodes[3]) == []
    assert dilemma_nodes(s.nodes) == []
    q = measure(course(scenarios=[s]))
    assert [f.id for f in q.free_choices] == ["s/n0/2", "s/n1/2"]
    assert "styrker uden at koste noget" in q.free_choices[0].detail
    assert (q.dilemma_share.count, q.dilemma_share.total) == (0, 4)


def test_duplicate_prompts_are_found_after_normalising() -> None:
    assert normalise_prompt("  Hvad  er »nærdemokrati«? ") == "hvad er nærdemokrati"
    q = measure(course([
        tf("a", True, prompt="Alle er medborgere."),
        tf("b", False, prompt="alle  er MEDBORGERE"),
        tf("c", False, prompt="Noget andet."),
    ]))
    assert q.duplicate_prompts == (("a", "b"),)


def test_right_option_counts() -> None:
    q = measure(course([
        multiple("a", ("1", "2", "3", "4"), ("1",)),
        multiple("b", ("1", "2", "3", "4"), ("1", "2", "3")),
    ]))
    assert q.right_options == (("a", 1), ("b", 3))
    assert q.right_option_counts == {1, 3}


def test_objectives_pools_and_thin_objectives() -> None:
    objectives = (Objective("x", "gøre x"), Objective("y", "gøre y"))
    questions = [tf("a", True, objective="x"), tf("b", False, objective="x"),
                 tf("c", True, objective="y"),
                 tf("d", False, objective="y", tracks=("u",)),
                 tf("e", True)]
    q = measure(course(questions, objectives=objectives, draw=2, second_track=True))
    assert q.objectives == (("m", 2),) and q.modules_with_bad_objective_counts() == []
    assert [f.id for f in q.without_objective] == ["e"]
    # track t: a, b, c, e = 4 >= ceil(1.5 * 2) = 3; track u: 5
    assert q.pool_shortfalls == ()
    # objective y has one question for track t
    assert [f.id for f in q.thin_objectives] == ["m/t/y"]
    tight = measure(course(questions, objectives=objectives, draw=4, second_track=True))
    assert [f.id for f in tight.pool_shortfalls] == ["m/t", "m/u"]
    assert "kræver 6" in tight.pool_shortfalls[0].detail
    none = measure(course(questions, objectives=objectives[:1]))
    assert [f.id for f in none.pool_shortfalls] == ["m/t"]  # no draw at all
    assert none.modules_with_bad_objective_counts() == [("m", 1)]


def test_findings_print_with_their_place(tmp_path) -> None:
    from course.content import load_course
    from tests.conftest import make_content

    root = make_content(tmp_path)
    quiz = root / "quizzes" / "forord.yaml"  # make the key of forord-2 the longest option
    quiz.write_text(quiz.read_text("utf-8").replace("Ca. 80", "Ca. 80 nationaliteter"), "utf-8")
    q = measure(load_course(root))
    (finding,) = q.longest_key.items
    path, line, column = finding.location
    assert path.endswith("quizzes/forord.yaml") and (line, column) == (11, 5)
    assert str(finding).startswith(f"{path}:11:5: forord-2: ")
