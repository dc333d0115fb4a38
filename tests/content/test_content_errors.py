"""The validator finds every kind of content error and says where, in Danish.

Each case in tests/content_errors/ replaces one file of the minimal valid course in
tests/content_errors/base/ with a broken copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.content import ContentError, load_course
from tests.conftest import ERRORS, make_content

# case: (file, line, message fragment) for the problem the case is about.
CASES = {
    "yaml_syntax": ("modules/forord.yaml", 6, "YAML-fejl: et »: « er ikke tilladt her"),
    "unknown_key": ("modules/forord.yaml", 3, "ukendt nøgle »resume« i modulet"),
    "missing_field": ("modules/forord.yaml", 1, "modulet mangler feltet »minutes«"),
    "wrong_type": ("modules/forord.yaml", 4, "»minutes« skal være et helt tal"),
    "duplicate_key": ("modules/forord.yaml", 3, "nøglen »title« står to gange i modulet"),
    "duplicate_id": ("quizzes/forord.yaml", 9, "spørgsmålet »forord-1« er brugt før (linje 3)"),
    "answer_not_option": ("quizzes/forord.yaml", 13,
                          "det rigtige svar »Ca. 90« er ikke en af svarmulighederne"),
    "true_false_yes": ("quizzes/forord.yaml", 6, "skal være true eller false"),
    "unknown_question_type": ("quizzes/forord.yaml", 10, "ukendt spørgsmålstype »essay«"),
    "next_missing_node": ("quizzes/forord.yaml", 31,
                          "valget fører til »start-igen2«, men der er ingen node med det id"),
    "unreachable_node": ("quizzes/forord.yaml", 34, "noden »start-igen« kan ikke nås fra start"),
    "no_ending": ("quizzes/forord.yaml", 23, "scenariet har ingen slutning"),
    "dead_end_loop": ("quizzes/forord.yaml", 34, "fra noden »start-igen« fører ingen vej til en slutning"),
    "undefined_term": ("modules/forord.yaml", 12, "begrebet »naerdemokrati« er ikke defineret i ordlisten"),
    "track_unknown_module": ("modules/course.yaml", 15,
                             "forløbet nævner modulet »vision«, som ikke findes"),
    "quote_not_in_policy": ("modules/forord.yaml", 8, "citatet står ikke ordret i politikken"),
    "unknown_section": ("quizzes/forord.yaml", 8, "afsnittet »indledning« findes ikke"),
    "scenario_track_without_module": ("quizzes/forord.yaml", 27,
                                      "forløbet »skole« har ikke modulet »forord«"),
    # schema v2 (issue 11): objectives, per-option `why`, question pools
    "objectives_count": ("modules/forord.yaml", 6, "2–4 læringsmål i »objectives«, ikke 1"),
    "duplicate_objective": ("modules/forord.yaml", 10, "læringsmålet »forskel« står to gange"),
    "objective_unknown": ("quizzes/forord.yaml", 13, "læringsmålet »talx« findes ikke i modulet"),
    "why_missing": ("quizzes/forord.yaml", 19, "den forkerte svarmulighed »Ca. 150« mangler »why«"),
    "why_on_right": ("quizzes/forord.yaml", 19, "»why« hører kun til forkerte svarmuligheder"),
    "draw_too_large": ("quizzes/forord.yaml", 2,
                       "»draw: 2« kræver mindst 3 spørgsmål (1,5 × draw) til forløbet »skole«, men der er 2"),
    # issue 14: tags refused, the right place for bytes that are not YAML, Danish everywhere
    "yaml_tag": ("modules/forord.yaml", 2,
                 "YAML-mærket »!!python/object/apply:os.system« bruges ikke i kurset"),
    "yaml_binary": ("modules/forord.yaml", 3, "YAML-mærket »!!binary« bruges ikke i kurset"),
    "yaml_alias": ("modules/forord.yaml", 3, "kurset bruger ikke ankre og aliasser"),
    "nul_byte": ("modules/forord.yaml", 16, "tegnet U+0000 må ikke stå i en YAML-fil"),
    "latin1_byte": ("modules/forord.yaml", 7, "filen er ikke gemt som UTF-8: byte 0xE5"),
    "yaml_escape": ("modules/forord.yaml", 3, "YAML-fejl: ukendt »\\«-kode i teksten"),
    "glossary_missing": ("modules/course.yaml", 5, "ordlisten findes ikke: modules/ordliste.yaml"),
    # issue 22: optional deepening and a track's lessons
    "optional_unknown_track": ("modules/forord.yaml", 12,
                               "forløbet »medarbejder« får ikke siden at se"),
    "optional_only_pages": ("modules/forord.yaml", 11,
                            "forløbet »skole« har kun sider med »optional« i modulet"),
    "optional_wrong_type": ("modules/forord.yaml", 12, "»optional« skal være true eller false"),
    "lessons_missing_module": ("modules/course.yaml", 19,
                               "forløbets »lessons« mangler modulet »vision«"),
    "lessons_unknown_module": ("modules/course.yaml", 20,
                               "modulet »mission« er ikke med i forløbet"),
    "facts_bad_date": ("modules/facts.yaml", 5, "»checked« skal være en dato i anførselstegn"),
    "facts_unknown_module": ("modules/facts.yaml", 6,
                             "modulet »valg« findes ikke i manifestets »modules«"),
}


def test_every_case_in_the_corpus_is_tested() -> None:
    on_disk = {p.name for p in ERRORS.iterdir() if p.is_dir() and p.name != "base"}
    assert on_disk == set(CASES)


def test_the_base_course_is_valid(tmp_path: Path) -> None:
    course = load_course(make_content(tmp_path))
    assert [m.id for m in course.modules] == ["forord"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_is_reported_with_file_and_line(tmp_path: Path, case: str) -> None:
    expected_file, expected_line, fragment = CASES[case]
    root = make_content(tmp_path, case)
    with pytest.raises(ContentError) as caught:
        load_course(root)
    matches = [p for p in caught.value.problems if fragment in p.message]
    assert matches, f"{case}: no problem mentions {fragment!r}: {caught.value}"
    problem = matches[0]
    assert problem.path.endswith(expected_file)
    assert problem.line == expected_line
    assert problem.column >= 1
    # The printed form is the editor-friendly file:line:column: message
    assert str(problem).startswith(f"{problem.path}:{expected_line}:{problem.column}: ")


def test_all_problems_are_reported_not_only_the_first(tmp_path: Path) -> None:
    root = make_content(tmp_path, "answer_not_option")
    module = root / "modules" / "forord.yaml"
    module.write_text(module.read_text("utf-8").replace("minutes: 5", "minutes: fem"), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(root)
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "helt tal" in messages and "svarmulighederne" in messages


def test_a_missing_module_file_is_reported_at_the_manifest(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    (root / "modules" / "forord.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_course(root)
    assert any(
        p.path.endswith("modules/course.yaml") and "har ingen fil modules/forord.yaml" in p.message
        for p in caught.value.problems
    )


def test_yaml_numbers_in_text_fields_are_kept_as_written(tmp_path: Path) -> None:
    """`010` stays "010" (YAML 1.1 would read it as 8) and `ja` stays text."""
    root = make_content(tmp_path)
    quiz = root / "quizzes" / "forord.yaml"
    quiz.write_text(
        quiz.read_text("utf-8").replace('- text: "Ca. 20"', "- text: 010")
        .replace('- text: "Ca. 80"', "- text: ja").replace('- text: "Ca. 150"', "- text: 80")
        .replace('answer: "Ca. 80"', "answer: ja"),
        "utf-8",
    )
    course = load_course(root)
    question = course.quiz("forord").questions[1]
    assert question.options == ("010", "ja", "80")
    assert question.answer == "ja"


def test_schema_v2_content_loads_with_objectives_whys_pools_and_page_tracks(tmp_path: Path) -> None:
    """The v2 keys (issue 11) are read into the model, and positions are recorded."""
    root = make_content(tmp_path, "draw_too_large")
    quiz = root / "quizzes" / "forord.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("draw: 2", "draw: 1"), "utf-8")
    module = root / "modules" / "forord.yaml"
    module.write_text(
        module.read_text("utf-8").replace(
            "  - title: Alle er medborgere\n",
            "  - title: Kun for skolen\n    tracks: [skole]\n    body: En side.\n"
            "  - title: Alle er medborgere\n",
        ),
        "utf-8",
    )
    course = load_course(root)
    forord = course.module("forord")
    assert [o.id for o in forord.objectives] == ["forskel", "tal"]
    assert forord.objective("tal").text.startswith("sige, hvor mange")
    assert forord.pages[0].tracks == ("skole",) and forord.pages[1].tracks == ()
    assert forord.page_indices("skole") == (0, 1)
    q = course.quiz("forord")
    assert q.draw == 1
    single = q.questions[1]
    assert single.objective == "tal" and q.questions[0].objective == "forskel"
    assert single.options == ("Ca. 20", "Ca. 80", "Ca. 150")
    assert single.why_for("Ca. 150") == "Tallet er for højt; forordet nævner ca. 80."
    assert single.why_for("Ca. 80") is None
    path, line, column = course.location("question", "forord-2")
    assert path.endswith("quizzes/forord.yaml") and (line, column) == (11, 5)
    assert course.location("scenario", "ny-nabo") is not None
    assert course.location("node", "ny-nabo/godt") is not None


def test_the_v2_keys_are_required(tmp_path: Path) -> None:
    """objectives, draw, objective and a why on every wrong option (REQUIRE_V2)."""
    root = make_content(tmp_path)
    module = root / "modules" / "forord.yaml"
    text = module.read_text("utf-8")
    module.write_text(text[:text.index("objectives:")] + text[text.index("pages:"):], "utf-8")
    quiz = root / "quizzes" / "forord.yaml"
    quiz.write_text(
        quiz.read_text("utf-8").replace("draw: 1\n", "").replace("    objective: tal\n", "")
        .replace("        why: Tallet er for højt; forordet nævner ca. 80.\n", ""),
        "utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_course(root)
    messages = [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in caught.value.problems]
    assert ("forord.yaml", 1, "modulet mangler feltet »objectives«") in messages
    assert ("forord.yaml", 1, "quizzen mangler feltet »draw«") in messages
    assert any(m.startswith("spørgsmålet mangler feltet »objective«") for _, _, m in messages)
    assert any("»Ca. 150« mangler »why«" in m for _, _, m in messages)
    # the objective of forord-1 is unknown now that the module has none
    assert any("læringsmålet »forskel« findes ikke i modulet" in m for _, _, m in messages)


def test_plain_text_options_are_still_read(tmp_path: Path) -> None:
    """A right option may stay a plain text; only wrong options need the `why` mapping."""
    root = make_content(tmp_path)
    quiz = root / "quizzes" / "forord.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace('- text: "Ca. 80"', '- "Ca. 80"'), "utf-8")
    question = load_course(root).quiz("forord").questions[1]
    assert question.options == ("Ca. 20", "Ca. 80", "Ca. 150")
    assert question.why_for("Ca. 20") == "Tallet er for lavt; forordet nævner ca. 80."


def test_a_page_track_must_have_the_module(tmp_path: Path) -> None:
    root = make_content(tmp_path)
    module = root / "modules" / "forord.yaml"
    module.write_text(module.read_text("utf-8").replace(
        "  - title: Alle er medborgere\n", "  - title: Alle er medborgere\n    tracks: [medarbejder]\n"), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(root)
    assert any("forløbet »medarbejder« findes ikke" in p.message and p.line == 12
               for p in caught.value.problems), caught.value


def test_a_billion_laughs_is_refused_not_walked(tmp_path: Path) -> None:
    """Aliases to aliases make a tree of 9**25 leaves from 27 lines; the loader must say
    no at the first reuse instead of walking it."""
    content = make_content(tmp_path)
    lines = ["id: forord", "title: Forord", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 25)]
    (content / "modules" / "forord.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(content)
    assert any("ankre og aliasser" in str(p) for p in caught.value.problems)
