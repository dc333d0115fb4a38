"""Quality gates (issue 11): items that can't be gamed, objectives, pools, feedback, dilemmas.

The figures come from :mod:`course.content.quality`. Each failure message names the
figure and the offending items (id, and file:line:column where the loader knows it), so
an author sees what to change.
"""

from __future__ import annotations

import pytest

from course.content.model import Course
from course.content.quality import (
    FORM_GATES,
    GATES,
    Finding,
    Quality,
    is_ask_or_both,
    is_passive_opening,
    measure,
    option_forms,
)


@pytest.fixture(scope="module")
def quality(real_course: Course) -> Quality:
    return measure(real_course)


def listing(items: tuple[Finding, ...] | list[Finding], limit: int = 40) -> str:
    lines = [f"  {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"  … and {len(items) - limit} more")
    return "\n".join(lines)


# --- test-wiseness ------------------------------------------------------------------------


def test_the_right_option_is_not_given_away_by_its_length(quality: Quality) -> None:
    share = quality.longest_key
    assert share.value <= GATES["longest_key_max"], (
        f"single-choice items whose key is the strictly longest option: {share} "
        f"(gate ≤ {GATES['longest_key_max']:.0%}):\n{listing(share.items)}"
    )


def test_true_false_is_balanced(quality: Quality) -> None:
    share = quality.true_answers
    low, high = GATES["true_share_min"], GATES["true_share_max"]
    per_module = "\n".join(f"  {module}: {s} true" for module, s in quality.true_by_module)
    assert low <= share.value <= high, (
        f"true/false items answered true: {share} (gate {low:.0%}–{high:.0%}); per module:\n"
        f"{per_module}"
    )


def test_wrong_options_avoid_absolute_words(quality: Quality) -> None:
    share = quality.absolute_wrong_options
    assert share.value <= GATES["absolute_wrong_max"], (
        f"wrong options with kun/altid/aldrig/præcis/udelukkende: {share} "
        f"(gate ≤ {GATES['absolute_wrong_max']:.0%}):\n{listing(share.items)}"
    )


def test_the_best_scenario_choice_is_not_the_longest(quality: Quality) -> None:
    share = quality.longest_best_choice
    assert share.value <= GATES["longest_best_choice_max"], (
        f"scenario decisions whose unique best choice is the strictly longest: {share} "
        f"(gate ≤ {GATES['longest_best_choice_max']:.0%}):\n{listing(share.items)}"
    )


def test_no_duplicate_prompts(quality: Quality) -> None:
    assert not quality.duplicate_prompts, (
        "questions with the same prompt (normalised): "
        + "; ".join(" = ".join(group) for group in quality.duplicate_prompts)
    )


def test_multiple_choice_varies_the_number_of_right_options(quality: Quality) -> None:
    counts = quality.right_option_counts
    wanted = set(GATES["right_options"])
    outside = [(qid, n) for qid, n in quality.right_options if n not in wanted]
    assert not outside and wanted <= counts, (
        f"multiple choice must use 1, 2 and 3 right options (and no other count); "
        f"used: {sorted(counts)}; outside 1–3: {outside}"
    )


# --- objectives, pools, feedback ----------------------------------------------------------


def test_every_module_has_two_to_four_objectives(quality: Quality) -> None:
    bad = quality.modules_with_bad_objective_counts()
    assert not bad, "modules without 2–4 objectives (module, count): " + ", ".join(
        f"{m} ({n})" for m, n in bad
    )


def test_every_question_has_an_objective(quality: Quality) -> None:
    missing = quality.without_objective
    assert not missing, f"{len(missing)} questions without an objective:\n{listing(missing)}"


def test_every_pool_meets_its_size_for_every_track(quality: Quality) -> None:
    short = quality.pool_shortfalls
    assert not short, f"quiz pools too small for a track (module/track):\n{listing(short)}"


def test_every_wrong_option_has_a_why(quality: Quality) -> None:
    missing = quality.without_why
    assert not missing, f"{len(missing)} wrong options without a why:\n{listing(missing)}"


# --- scenarios ----------------------------------------------------------------------------


def _shares(quality: Quality) -> str:
    return "\n".join(f"  {sid}: {share} of its decisions" for sid, share in quality.dilemmas)


def test_every_scenario_has_real_dilemmas(quality: Quality) -> None:
    short = quality.scenarios_short_of_dilemmas()
    assert not short, (
        f"scenarios with fewer than {GATES['dilemmas_min']} dilemma nodes (two choices that "
        "each strengthen one focus area and weaken another, and no choice that gains for "
        "free): " + ", ".join(f"{sid} ({n})" for sid, n in short)
        + f"\ndilemmas per scenario:\n{_shares(quality)}"
    )


def test_at_least_half_of_all_decisions_are_dilemmas(quality: Quality) -> None:
    share = quality.dilemma_share
    assert share.value >= GATES["dilemma_share_min"], (
        f"scenario decisions that are real dilemmas: {share} "
        f"(gate ≥ {GATES['dilemma_share_min']:.0%}); per scenario:\n{_shares(quality)}"
    )


def test_no_choice_gains_for_free_beside_a_trade_off(quality: Quality) -> None:
    free = quality.free_choices
    assert not free, (
        f"{len(free)} choices strengthen a focus area without weakening any, beside a choice "
        f"that has a cost (the costless »do both«):\n{listing(free)}"
    )


# --- option forms (issue 22) --------------------------------------------------------------


def test_passive_openings_are_sometimes_the_key(real_course: Course) -> None:
    """»Never the option that waits, lets be or says nothing« must not be a safe rule."""
    forms = option_forms(real_course)
    floor = FORM_GATES["passive_key_min"]
    assert forms.passive.total and forms.passive.value >= floor, (
        f"options with a passive opening (Du lader/venter/siger ingenting …) that are the key: "
        f"{forms.passive} (gate ≥ {floor:.0%}); passive distractors:\n"
        f"{listing(forms.passive_wrong)}"
    )
    modules = {real_course.location("question", f.id)[0] for f in forms.passive.items  # type: ignore[index]
               if real_course.location("question", f.id)}
    assert len(modules) >= 3, f"passive keys should be spread over modules, found in: {modules}"


def test_ask_everyone_or_do_both_is_not_always_the_key(real_course: Course) -> None:
    """»Always the option that asks everyone / does both« must not be a safe rule."""
    forms = option_forms(real_course)
    ceiling = FORM_GATES["ask_both_key_max"]
    assert forms.ask_both.value <= ceiling, (
        f"options that ask everyone or do both and are the key: {forms.ask_both} "
        f"(gate ≤ {ceiling:.0%}):\n{listing(forms.ask_both.items)}"
    )


def test_the_form_patterns_read_danish_openings() -> None:
    assert is_passive_opening("Du lader ham være.")
    assert is_passive_opening("Du venter og ser, om det sker igen.")
    assert is_passive_opening("Du siger ingenting på mødet.")
    assert is_passive_opening("Koret venter på, at Anna selv finder ud af det.")
    assert is_passive_opening("Vente, til han selv kommer hen til jer")
    assert not is_passive_opening("»Hun siger ikke noget til mødet. Det er nok hendes kultur.«")
    assert not is_passive_opening("Du hilser og præsenterer ham for et par andre forældre.")
    assert not is_passive_opening("Du spørger Sara selv, hvad hun har brug for.")
    assert is_ask_or_both("Du spørger Sara selv, hvad hun har brug for.")
    assert is_ask_or_both("Du hilser og præsenterer ham for et par andre forældre.")
    assert is_ask_or_both("At prioritere inklusion både politisk og økonomisk")
    assert not is_ask_or_both("Du lader ham være, og spørger i morgen.")  # passive first
    assert not is_ask_or_both("Du tilbyder at tale i et mødelokale.")
