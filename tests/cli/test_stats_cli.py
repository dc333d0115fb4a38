"""`medborger stats` and build_stats (issue 16): who is counted (hold, track, a teacher's
holds), the three formats, --out, and clear refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.reports.stats_report import build_stats, render
from progress import Store
from progress.holds import ADMIN, HoldBook
from tests.conftest import make_content

# The minimal course (tests/content_errors/base): forord-1 true/false (answer false),
# forord-2 single choice (Ca. 20 / Ca. 80 right / Ca. 150), scenario ny-nabo.


def answer(qid: str, response, right: bool) -> dict:
    return {"question": qid, "response": response, "score": 1.0 if right else 0.0,
            "correct": right, "at": "2026-11-02T09:00:00+00:00"}


def write_history(store: Store, learner, option: str, truth: bool, n: int) -> None:
    record = store.record(learner)
    answers = [answer("forord-1", truth, truth is False), answer("forord-2", option, option == "Ca. 80")]
    score = sum(a["score"] for a in answers)
    record.save_attempt({"id": f"a{n}", "module": "forord", "started": f"2026-11-02T09:{n:02d}:00",
                         "finished": f"2026-11-02T09:{n:02d}:30", "pass_mark": 60,
                         "answers": answers, "score": score, "max_score": 2.0,
                         "percent": 50.0 * score, "passed": score == 2})
    path = [("start", 0)] if n % 2 else [("start", 1), ("start-igen", 0)]
    record.save_run({"id": f"r{n}", "scenario": "ny-nabo", "module": "forord",
                     "started": "2026-11-02T10:00:00", "finished": "2026-11-02T10:01:00",
                     "ending": "godt", "steps": [{"node": node, "choice": c} for node, c in path]})


@pytest.fixture
def setup(tmp_path: Path):
    content = make_content(tmp_path)
    data = tmp_path / "data"
    book = HoldBook(data)
    anna = book.create_account("Anna Lærer", "hemmelig-anna")
    class_a = book.create_hold("8.A", "skole", anna.id)
    class_b = book.create_hold("9.B", "skole", ADMIN)
    store = Store(data)
    # 8.A: two get both right, one both wrong; nobody picks Ca. 150
    picks = [("Ca. 80", False), ("Ca. 80", False), ("Ca. 20", True)]
    for n, (option, truth) in enumerate(picks):
        write_history(store, store.create_learner(f"Elev {n}", "skole", class_a.id), option, truth, n)
    for n in range(2):  # 9.B: both wrong on everything
        write_history(store, store.create_learner(f"Anden {n}", "skole", class_b.id), "Ca. 150", True, 10 + n)
    write_history(store, store.create_learner("Uden hold", "skole"), "Ca. 20", True, 20)
    return content, data, class_a, class_b


def run_stats(capsys, content: Path, data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["stats", "--content", str(content), "--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_for_one_hold_counts_its_learners_only(setup, capsys) -> None:
    content, data, _, _ = setup
    code, out, _ = run_stats(capsys, content, data, "--hold", "8.A", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["deltagere"] == 3 and doc["omfang"] == {"Hold": "8.A"}
    module = doc["moduler"][0]
    questions = {q["id"]: q for q in module["spørgsmål"]}
    q2 = questions["forord-2"]
    assert q2["svar"] == 3 and q2["andel_rigtige"] == pytest.approx(2 / 3)
    assert {o["tekst"]: o["valgt"] for o in q2["svarmuligheder"]} == {
        "Ca. 20": 1, "Ca. 80": 2, "Ca. 150": 0}
    assert sum(o["valgt"] for o in q2["svarmuligheder"]) + q2["andet_svar"] == q2["svar"]
    assert q2["usikre_tal"] is True and q2["markeringer"] == []  # 3 answers: no flags
    # rest scores (forord-1) 1, 1, 0 for scores 1, 1, 0: upper group 1, lower group 0
    assert q2["metode"] == "øvre–nedre 27 %" and q2["skilleevne"] == pytest.approx(1.0)
    scenario = module["scenarier"][0]
    assert scenario["gennemspilninger"] == 3 and scenario["median_valg"] == 2
    assert doc["tærskler"]["for let"] == "andel rigtige over 90 %"


def test_the_teachers_holds_scope_build_stats(setup) -> None:
    content, data, class_a, class_b = setup
    course = load_course(content)
    store = Store(data)
    assert build_stats(course, store, holds={class_a.id}).stats.learners == 3
    assert build_stats(course, store, holds={class_a.id, class_b.id}).stats.learners == 5
    assert build_stats(course, store, holds=set()).stats.learners == 0
    assert build_stats(course, store).stats.learners == 6  # the administrator: everyone
    assert build_stats(course, store).stats.module("forord").questions[1].answers == 6


def test_markdown_states_every_threshold_and_the_uncertainty(setup, capsys) -> None:
    content, data, _, _ = setup
    code, out, _ = run_stats(capsys, content, data)
    assert code == 0
    for words in ("for let", "andel rigtige over 90 %", "for svær", "andel rigtige under 30 %",
                  "skiller dårligt", "skilleevnen er under 0,20", "mulig fejl i facit",
                  "svarmulighed vælges aldrig", "færre end 20 svar", "usikre tal",
                  "øvre–nedre 27 %", "punktbiserielle", "## Forord (forord)",
                  "### Scenarie: Den nye nabo", "✔ Ca. 80 (rigtig)"):
        assert words in out, words


def test_csv_to_a_file(setup, capsys, tmp_path: Path) -> None:
    content, data, _, _ = setup
    target = tmp_path / "ud" / "statistik.csv"
    code, out, err = run_stats(capsys, content, data, "--format", "csv", "--out", str(target))
    assert code == 0 and out == "" and "Statistikken er gemt" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeffModul;Slags;Id;Tekst;Rigtig;Antal;Andel %")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    options = [r for r in rows if r["Slags"] == "svarmulighed" and r["Id"] == "forord-2"]
    assert sum(int(r["Antal"]) for r in options) == 6
    kinds = {r["Slags"] for r in rows}
    assert kinds >= {"spørgsmål", "svarmulighed", "scenarie", "valg", "slutning"}


def test_track_and_module_filters_and_refusals(setup, capsys) -> None:
    content, data, _, _ = setup
    code, out, _ = run_stats(capsys, content, data, "--track", "skole", "--module", "forord",
                             "--format", "json")
    assert code == 0 and json.loads(out)["deltagere"] == 6
    assert json.loads(out)["omfang"] == {"Forløb": "Skoleklasse", "Modul": "Forord"}
    code, _, err = run_stats(capsys, content, data, "--track", "ingen")
    assert code == 1 and "Forløbet »ingen« findes ikke" in err
    code, _, err = run_stats(capsys, content, data, "--module", "ingen")
    assert code == 1 and "Modulet »ingen« har ingen quiz" in err
    code, _, err = run_stats(capsys, content, data, "--hold", "10.C")
    assert code == 1 and err.strip()


def test_all_attempts_on_request(setup, capsys) -> None:
    content, data, _, _ = setup
    store = Store(data)
    learner = store.find("Elev 0")
    write_history(store, learner, "Ca. 150", True, 30)  # a second, later attempt
    first = json.loads(run_stats(capsys, content, data, "--format", "json")[1])
    every = json.loads(run_stats(capsys, content, data, "--format", "json", "--attempts", "all")[1])
    svar = [{q["id"]: q["svar"] for q in d["moduler"][0]["spørgsmål"]}["forord-2"] for d in (first, every)]
    assert svar == [6, 7]
    assert "første afsluttede forsøg" in first["grundlag"] and "alle" in every["grundlag"]


def test_an_unreadable_record_is_named_and_skipped(setup, capsys) -> None:
    content, data, _, _ = setup
    store = Store(data)
    broken = store.find("Uden hold")
    store.record_path(broken.id).write_text("{ikke json", encoding="utf-8")
    code, out, _ = run_stats(capsys, content, data)
    assert code == 0
    assert "1 deltageres filer kunne ikke læses" in out and "Uden hold" in out
    assert store.record_path(broken.id).read_text(encoding="utf-8") == "{ikke json"  # untouched
    report = build_stats(load_course(content), store)
    assert report.stats.learners == 5 and len(report.stats.problems) == 1
    assert render(report, "json")
