"""Facts from outside the policy (issue 22): each has its source and the date it was last
checked, in modules/facts.yaml, and `medborger validate --quality` warns when a check is
more than 12 months old. The day is always passed in: no test depends on today's date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.lint import FACT_MONTHS, check, months_since, stale_facts
from course.content.model import Course
from tests.conftest import ROOT, make_content

FACT = """facts:
  - id: valgret
    text: Man kan stemme til kommunalvalg fra 18 år.
    source: Kommunal- og regionalvalgloven § 1
    checked: "2025-12-06"
    used_in: [forord]
"""


def with_fact(tmp_path: Path) -> Path:
    root = make_content(tmp_path)
    manifest = root / "modules" / "course.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace(
        "glossary: glossary.yaml\n", "glossary: glossary.yaml\nfacts: facts.yaml\n"), "utf-8")
    (root / "modules" / "facts.yaml").write_text(FACT, "utf-8")
    return root


def test_every_outside_fact_has_a_source_and_a_check_date(real_course: Course) -> None:
    assert len(real_course.facts) >= 8
    readme = (ROOT / "modules" / "README.md").read_text("utf-8")
    for fact in real_course.facts:
        assert fact.source and fact.text and date.fromisoformat(fact.checked)
        assert fact.id in readme, f"modules/README.md does not list the fact »{fact.id}«"
        assert set(fact.used_in) <= {m.id for m in real_course.modules}
    ids = {f.id for f in real_course.facts}
    assert {"kommunal-valgret", "boern-som-tolke", "tavshedspligt"} <= ids


def test_the_child_interpreter_ban_is_taught_as_law(real_course: Course) -> None:
    """The ban (LOV nr. 469 af 14/05/2025) with its exception, in the employee core."""
    bidrag = real_course.module("bidrag")
    core = " ".join(bidrag.pages[i].body for i in bidrag.core_page_indices("medarbejder"))
    assert "lov nr. 469 af 14. maj 2025" in core and "uproblematisk" in core
    assert "18 år" in core


def test_months_since_counts_whole_months_and_the_day() -> None:
    assert months_since(date(2025, 12, 6), date(2026, 12, 6)) == 12
    assert months_since(date(2025, 12, 6), date(2026, 12, 7)) > 12
    assert months_since(date(2025, 12, 6), date(2026, 12, 5)) < 12
    assert months_since(date(2025, 1, 31), date(2026, 2, 1)) > 12


def test_a_check_older_than_12_months_is_warned_about_at_its_line(tmp_path: Path) -> None:
    root = with_fact(tmp_path)
    course = load_course(root)
    def stale(today: date) -> list:
        return [w for w in check(course, root, today=today) if w.kind == "stale-fact"]

    assert stale(date(2026, 12, 6)) == []  # exactly 12 months: fine
    (warning,) = stale(date(2026, 12, 7))
    assert warning.kind == "stale-fact"
    assert warning.path.endswith("modules/facts.yaml") and warning.line == 2
    assert "»valgret« (Kommunal- og regionalvalgloven § 1) blev sidst tjekket 2025-12-06" in \
        warning.message
    assert f"mere end {FACT_MONTHS} måneder" in warning.message


def test_the_real_facts_are_fresh_now_and_stale_in_13_months(real_course: Course) -> None:
    assert stale_facts(real_course, date(2026, 12, 6)) == []
    stale = stale_facts(real_course, date(2028, 1, 7))
    assert {fact.id for fact, _ in stale} == {fact.id for fact in real_course.facts}


def test_validate_quality_prints_the_warning_in_danish(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The command measures against the current date: here a fixed one, passed in."""
    import course.content.lint as lint

    root = with_fact(tmp_path)
    original = lint.check
    monkeypatch.setattr(lint, "check",
                        lambda course, where, today=None: original(course, where,
                                                                    today=date(2027, 6, 1)))
    assert main(["validate", "--quality", "--content", str(root)]) == 0
    out = capsys.readouterr().out
    assert "facts.yaml:2:" in out and "advarsel: faktummet »valgret«" in out
    assert "1 faktum ikke tjekket i 12 måneder" in out
