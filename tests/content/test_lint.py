"""`medborger validate --quality` (issue 16): item-writing warnings at their lines, the
summary line per kind, and `--strict`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.content.lint import KINDS, check, summary_line
from tests.conftest import ROOT, make_content

BROKEN = Path(__file__).resolve().parent / "content_quality"
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): advarsel: (?P<message>.+)$")


def broken_content(tmp_path: Path) -> Path:
    root = make_content(tmp_path)
    shutil.copytree(BROKEN / "quizzes", root / "quizzes", dirs_exist_ok=True)
    shutil.copytree(BROKEN / "modules", root / "modules", dirs_exist_ok=True)
    return root


def marked_lines(path: Path) -> dict[str, int]:
    """The line (1-based) of each ``# kind`` comment in the broken quiz file."""
    found = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "#" in line:
            kind = line.split("#", 1)[1].split(":")[0].split("(")[0].strip()
            found[kind] = n
    return found


def test_every_kind_is_warned_about_at_its_line(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    root = broken_content(tmp_path)
    assert main(["validate", "--quality", "--content", str(root)]) == 0  # warnings never fail
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Indholdet er gyldigt")
    warnings = [WARNING.match(line) for line in out[1:-2]]
    assert all(warnings), out
    assert out[-2] == "Dilemmaer: 0 af 2 beslutninger (0 %, mindst 50 %); ny-nabo 0/2."
    expected = marked_lines(root / "quizzes" / "forord.yaml")
    # a fact's check date is warned about in its own file (tests/content/test_facts.py)
    assert set(expected) == {kind for kind, _ in KINDS} - {"stale-fact"}
    kinds = {w.kind: w for w in check(load_course(root), root)}
    assert set(kinds) == set(expected)
    for kind, line in expected.items():
        assert kinds[kind].line == line, kind
        assert kinds[kind].path.endswith("quizzes/forord.yaml")
    lines = {int(m["line"]) for m in warnings}
    assert lines == set(expected.values())
    by_line = {int(m["line"]): m["message"] for m in warnings}
    assert "forord-1: det rigtige svar er det længste" in by_line[expected["longest-key"]]
    assert "»Man er altid medborger" in by_line[expected["absolute-word"]]
    assert "5 af 5 sandt/falsk-spørgsmål er sande (100 %)" in by_line[expected["true-false-balance"]]
    assert "ny-nabo/start: det bedste valg" in by_line[expected["longest-best-choice"]]
    assert "forord-8: samme spørgsmålstekst som »forord-2«" in by_line[expected["duplicate"]]
    assert "forord-9: næsten samme spørgsmål som »forord-3«" in by_line[expected["near-duplicate"]]
    assert "forord-7: kun ét godkendt svar" in by_line[expected["single-accepted"]]
    assert ("ny-nabo/kasser: valget »Du gør begge dele.« styrker inklusion, ansvar for eget liv "
            "og fællesskabet uden at svække noget") in by_line[expected["free-choice"]]
    assert "ny-nabo: 0 af 2 beslutninger er dilemmaer (mindst 2)" in by_line[expected["few-dilemmas"]]
    assert ("rigtige i 0 af 1 (0 %, mindst 15 %)"
            in by_line[expected["passive-never-key"]])
    assert ("spørger alle eller gør begge dele, er rigtige i 1 af 1 (100 %, højst 67 %)"
            in by_line[expected["ask-both-key"]])
    assert out[-1] == (
        "Kvalitetstjek: 11 advarsler (1 rigtigt svar længst, 1 absolut ord i forkert svar, "
        "1 skæv sandt/falsk-fordeling, 1 bedste valg længst, 1 ens spørgsmål, "
        "1 næsten ens spørgsmål, 1 kun ét godkendt tekstsvar, 1 gratis valg ved et dilemma, "
        "1 for få dilemmaer, 1 passiv åbning sjældent rigtig, "
        "1 spørg alle/gør begge dele for tit rigtig)."
    )


def test_the_summary_line_counts_per_kind() -> None:
    assert summary_line([]) == "Kvalitetstjek: ingen advarsler."


def test_without_quality_no_warnings_are_shown(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    assert main(["validate", "--content", str(broken_content(tmp_path))]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1


def test_strict_fails_on_warnings_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--strict", "--content", str(broken_content(tmp_path / "a"))]) == 1
    assert "advarsel" in capsys.readouterr().out
    clean = make_content(tmp_path / "b")
    quiz = clean / "quizzes" / "forord.yaml"
    # the minimal course's one warning: its best scenario choice is the longest
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "Du skynder dig forbi.", "Du skynder dig forbi uden at sige noget."), encoding="utf-8")
    assert main(["validate", "--strict", "--content", str(clean)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Kvalitetstjek: ingen advarsler."
    # invalid content still fails as before, whatever the flags
    assert main(["validate", "--strict", "--content", str(make_content(tmp_path / "c",
                                                                       "unknown_key"))]) == 1


def test_json_lists_the_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--json", "--quality", "--content", str(broken_content(tmp_path))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and len(data["warnings"]) == 11
    assert data["dilemmas"] == {"decisions": 2, "dilemmas": 0,
                                "scenarios": {"ny-nabo": {"decisions": 2, "dilemmas": 0}}}
    assert all(": advarsel: " in w for w in data["warnings"])


def test_the_real_content_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--quality", "--content", str(ROOT)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("Kvalitetstjek: ")
    assert out[-2].startswith("Dilemmaer: ")
    assert all(WARNING.match(line) for line in out[1:-2])
