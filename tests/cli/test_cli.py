"""The `medborger` command: validate, and a clean refusal to start on bad content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from tests.conftest import ROOT, make_content


def test_validate_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--content", str(ROOT)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("Indholdet er gyldigt: 10 moduler")


def test_validate_json_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--json", "--content", str(make_content(tmp_path))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "valid": True,
        "title": "Eksempelkursus",
        "modules": 1,
        "pages": 1,
        "questions": 2,
        "questions_by_type": {"single": 1, "multiple": 0, "true_false": 1, "matching": 0,
                              "ordering": 0, "text": 0},
        "scenarios": 1,
        "scenario_nodes": 3,
        "glossary_terms": 1,
        "tracks": 1,
    }


def test_validate_reports_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    root = make_content(tmp_path, "unknown_key")
    assert main(["validate", "--content", str(root)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 2
    assert all(line.split(":")[0].endswith("modules/forord.yaml") for line in lines)
    assert "2 fejl i indholdet." in captured.err


def test_app_refuses_to_start_on_invalid_content_without_traceback(tmp_path: Path) -> None:
    root = make_content(tmp_path, "answer_not_option")
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--content", str(root), "--data", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "Kurset kan ikke starte" in result.stderr
    assert "det rigtige svar »Ca. 90« er ikke en af svarmulighederne" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()  # nothing written for a course that can't run


def test_unwritable_data_dir_is_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--data", str(blocker / "sub")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "Mappen til data kan ikke oprettes" in result.stderr
    assert "Traceback" not in result.stderr


def test_modules_keep_the_manifest_order(course) -> None:
    assert [m.id for m in course.modules][:3] == ["forord", "vision", "mission"]
    assert [q.module for q in course.quizzes][:3] == ["forord", "vision", "mission"]


def test_the_commands_own_help_and_errors_are_danish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("brug: medborger") and "vis denne hjælp og stop" in out
    with pytest.raises(SystemExit) as stop:
        main(["report", "--format", "xls"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "medborger report: fejl: --format: ugyldigt valg: 'xls' (vælg mellem" in err
    with pytest.raises(SystemExit):
        main(["learners", "export"])
    assert "disse mangler: NAVN" in capsys.readouterr().err


def test_serve_help_explains_the_allowed_hosts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--allowed-host NAVN" in out
    assert "localhost, IP-adresser og maskinens eget navn" in out
    assert "DNS rebinding" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--allowed-host", "https://kursus.skole.lan"], "skriv kun et navn"),
    (["--allowed-host", "kursus.skole.lan:8000"], "skriv kun et navn"),
    (["--allowed-host", "*.skole.lan"], "skriv kun et navn"),
    (["--allowed-host", "kursus.skole.lan", "--public-url", "https://kursus.ishoj.dk"],
     "bruges kun uden --public-url"),
])
def test_serve_refuses_an_allowed_host_it_cannot_use(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, args: list[str],
                                                    message: str) -> None:
    assert main(["serve", "--data", str(tmp_path / "data"), "--port", "1", *args]) == 1
    assert message in capsys.readouterr().err


def test_serve_gives_its_workers_the_allowed_hosts(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    """`--workers 2 --allowed-host NAME`: the second process answers under NAME too."""
    import importlib

    import course.web.server as server_module

    serve_module = importlib.import_module("course.cli.serve")  # course.cli.serve: a function

    started: list[list[str]] = []
    seen: list[tuple[str, ...]] = []

    class Popen:
        def __init__(self, command: list[str]) -> None:
            started.append(command)

        def terminate(self) -> None:
            pass

        def wait(self, timeout: float | None = None) -> int:
            return 0

    def fake_serve(self, debug: bool = False) -> None:
        seen.append(self.allowed_hosts)

    monkeypatch.setattr(subprocess, "Popen", Popen)
    monkeypatch.setattr(server_module.CourseServer, "serve", fake_serve)
    assert serve_module.serve(None, tmp_path / "data", "127.0.0.1", 8000, None, workers=2,
                              allowed_hosts=["Kursus.Skole.Lan", "intra.skole.lan."]) == 0
    assert seen == [("kursus.skole.lan", "intra.skole.lan")]
    [command] = started
    assert "--allowed-host=kursus.skole.lan" in command
    assert "--allowed-host=intra.skole.lan" in command
