"""The docs stay true: every command shown in the README, in docs/ and in the authors'
guide is checked here.

- Every ``medborger`` command (in a code block or inline, ``uv run`` or not) names
  subcommands and options that exist: each is looked up in the CLI's own parser.
- The safe ones run for real, on a temporary data folder, in the order the docs give
  them: sample data, holds, reports, statistics, validation, the public key, and a
  certificate issued, verified and revoked. Commands that would wait for a person or
  run until stopped (the course itself, ``serve``, ``accounts create``) run with
  ``--help``.
- ``uv run python bench/… / scripts/…`` run with ``--help`` (durations.py, quick and
  harmless, for real); ``uv run pytest PATH`` must name paths that exist.
- Anything else in a code block must be one of the system's own commands the
  operations guide shows (systemctl, tar, …); a new kind of command fails this test
  until it is checked here too.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import _parser, main

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "modules" / "README.md"]
# Commands of the operating system the operations guide shows; not the project's to run.
SYSTEM = ("sudo", "systemctl", "tar", "journalctl", "useradd", "apt-get", "pip", "git")
PLACEHOLDERS = re.compile(r"^[A-ZÆØÅ][A-ZÆØÅ0-9_.]*(\.json)?$|…")


def code_lines(path: Path) -> list[str]:
    """The commands in a file's indented code blocks (one per line, comments cut)."""
    lines, previous_blank = [], True
    in_block = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("    ") and (in_block or previous_blank):
            in_block = True
            text = line.strip()
            if re.match(r"(uv |medborger\b|python |pip |sudo |systemctl |tar |journalctl |"
                        r"useradd |apt-get |git )", text):
                lines.append(text)
        elif line.strip():
            in_block = False
        previous_blank = not line.strip()
    return lines


def inline_commands(path: Path) -> list[str]:
    return re.findall(r"`((?:uv run )?medborger(?: [^`]*)?)`", path.read_text(encoding="utf-8"))


def without_comment(command: str) -> str:
    return re.split(r"\s+#", command, maxsplit=1)[0].strip()


def medborger_args(command: str) -> list[list[str]] | None:
    """The argument lists a documented ``medborger`` command stands for, or None for
    another command: brackets dropped, a redirection cut, an option's values
    (``--format csv|json``) taken by their first, and alternative phrases
    (``holds list|create NAVN --track T|renew NAVN``) one list each."""
    command = without_comment(command).replace("\\|", "|")
    command = re.sub(r"^uv run ", "", command)
    if not command.startswith("medborger"):
        return None
    command = command.split(" > ")[0].replace("[", " ").replace("]", " ")
    command = re.sub(r"(--[\w-]+ )([\w.-]+)(?:\|[\w.-]+)+", r"\1\2", command)
    first, _, alternatives = command.partition("|")
    head = first.split()
    variants: list[str] = [" ".join(head)]
    if alternatives:  # "holds list|create …|renew …": the word before the first | varies
        stem = " ".join(head[:-1])
        tail = [first.split()[-1], *alternatives.split("|")]
        variants = [f"{stem} {phrase.strip()}" for phrase in tail]
    found = []
    for variant in variants:
        try:
            words = shlex.split(variant)
        except ValueError:
            words = variant.split()
        found.append(words[1:])
    return found


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}  # noqa: SLF001


def check_against_parser(args: list[str]) -> tuple[list[str], list[str]]:
    """The subcommand path of ``args``, and every option it names that its parser (or
    the top level's) does not know."""
    root = _parser()
    parser, path = root, []
    unknown = []
    for word in args:
        children = subparsers(parser)
        if not word.startswith("-") and word in children:
            parser, path = children[word], [*path, word]
            continue
        if word.startswith("--"):
            name = word.split("=")[0]
            if name not in options(parser) | options(root):
                unknown.append(name)
    return path, unknown


def every_command() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        name = str(path.relative_to(ROOT))
        found += [(name, line) for line in code_lines(path)]
        found += [(name, text) for text in inline_commands(path)]
    return found


COMMANDS = every_command()


def test_the_docs_show_commands() -> None:
    assert len(COMMANDS) > 40
    assert any("demo-data" in c for _, c in COMMANDS)


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}: {c[:60]}" for d, c in COMMANDS])
def test_every_documented_command_is_known(doc: str, command: str) -> None:
    text = without_comment(command)
    variants = medborger_args(text)
    if variants is not None:
        for args in variants:
            path, unknown = check_against_parser(args)
            assert not unknown, f"{doc}: {command!r} names options medborger does not have: {unknown}"
            subcommand_words = [w for w in args if re.fullmatch(r"[a-z][a-z-]+", w)]
            if subcommand_words and not path:  # the first word must be a subcommand
                assert subcommand_words[0] not in ("list", "create"), command
                pytest.fail(f"{doc}: {command!r}: »{subcommand_words[0]}« is no subcommand")
        return
    words = text.split()
    if words[:2] == ["uv", "run"] and words[2:3] == ["pytest"]:
        words = shlex.split(text)
        with_value = {"-m", "-n", "-k", "-p", "--shift-years", "--durations"}
        for before, word in itertools.pairwise(words[2:]):
            if not word.startswith("-") and before not in with_value:
                assert (ROOT / word.split("::")[0]).exists(), f"{doc}: {word} does not exist"
        return
    if words[:2] == ["uv", "run"] and words[2:3] in (["lint-imports"], ["ruff"], ["mypy"]):
        return  # the rules CI runs (docs/development.md)
    if words[:3] == ["uv", "run", "python"] or words[:1] == ["python"]:
        script = words[3] if words[0] == "uv" else words[1]
        assert (ROOT / script).is_file(), f"{doc}: {script} does not exist"
        return
    assert words[0] in SYSTEM, f"{doc}: {command!r} is a command this test does not know"


@pytest.mark.parametrize("script", sorted({
    (c.split()[3] if c.startswith("uv") else c.split()[1])
    for _, c in COMMANDS if re.match(r"(uv run )?python (bench|scripts)/", c)}))
@pytest.mark.slow
def test_every_documented_script_runs(script: str) -> None:
    """Benchmarks and scripts with --help (they measure for minutes); durations.py, which
    only reads the content, for real."""
    args = [] if script == "scripts/durations.py" else ["--help"]
    done = subprocess.run([sys.executable, str(ROOT / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()


def test_python_app_py_is_the_same_command() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "app.py"), "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "medborger" in done.stdout and "demo-data" in done.stdout


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, f"medborger {' '.join(args)}: {out}{err}"
    return out


def documented(needle: str) -> str:
    """The one documented command containing ``needle`` (so the test runs what the docs
    say, not a copy that could drift)."""
    found = {without_comment(c) for _, c in COMMANDS if needle in c}
    assert found, f"no documented command contains {needle!r}"
    return sorted(found, key=len)[0]


def args_of(command: str, **replace: str) -> list[str]:
    [args] = medborger_args(command)
    return [replace.get(word, word) for word in args]


@pytest.mark.slow
def test_the_documented_commands_run_on_a_data_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    from progress import Store
    from progress.holds import HoldBook

    # the installation's address, as `serve --public-url` sets it: the status list made
    # with the sample data's certificates is then the one a certificate issued below names
    monkeypatch.setenv("MEDBORGER_PUBLIC_URL", "https://kursus.example")
    demo = str(tmp_path / "demo")
    # README: sample data, then the course on it (the course itself is not started here)
    out = run(capsys, *args_of(documented("demo-data --data /tmp/demo"),
                               **{"/tmp/demo": demo}))
    assert "60 deltagere på 3 hold" in out and "14 har et kursusbevis" in out
    for args in medborger_args(documented("medborger --data /tmp/demo")):
        assert args == ["--data", "/tmp/demo"]
    with pytest.raises(SystemExit) as done:  # the course itself waits for a person
        main(["--data", demo, "--help"])
    assert done.value.code == 0
    capsys.readouterr()

    # drift.md: the commands' table, on the sample data
    assert "Indholdet er gyldigt" in run(capsys, *args_of(documented("medborger validate")))
    assert "ISH-" not in run(capsys, "--data", demo, *args_of("medborger learners list"))
    report = run(capsys, "--data", demo, "report", "--format", "json")
    assert len(json.loads(report)["deltagere"]) == 60
    assert "Vision" in run(capsys, "--data", demo, "stats", "--format", "md")
    assert "8.A Vejleå Skole 2026/27" in run(capsys, "--data", demo, "holds", "list")

    # drift.md: holds and accounts in an empty folder, as IT sets them up
    data = tmp_path / "data"
    HoldBook(data).create_account("Mette Kjær", "hemmelig-mette")  # `accounts create` asks
    made = run(capsys, "--data", str(data), *args_of(documented("--owner \"Mette Kjær\"")))
    assert "8.A Vejleå Skole 2026/27" in made
    listed = run(capsys, "--data", str(data), *args_of(documented("medborger holds list")))
    code = HoldBook(data).holds()[0].code
    assert code in listed and "Mette Kjær" in listed
    run(capsys, "--data", str(data), *args_of(documented("medborger holds renew \"8.A")))
    assert HoldBook(data).holds()[0].code != code
    for interactive in ("accounts set-admin", "accounts create", "serve", "learners delete"):
        with pytest.raises(SystemExit) as done:
            main([*interactive.split(), "--help"])
        assert done.value.code == 0
        capsys.readouterr()

    # kursusbeviser.md: issue, the public key, verify, revoke, verify again
    store = Store(demo)
    finished = next(l for l in store.learners() if store.record(l).certificates())
    out_dir = tmp_path / "ud"
    issued = run(capsys, "--data", demo, *args_of(
        documented("certificate issue --learner"), NAVN=finished.name, MAPPE=str(out_dir),
        URL="https://kursus.example"))
    code = re.search(r"ISH-[0-9A-Z]{4}-[0-9A-Z]{4}", issued).group(0)
    assert "https://kursus.example/bevis" in issued
    key = tmp_path / "udsteder.pem"
    key.write_text(run(capsys, "--data", demo, *args_of(documented("keys export-public"))))
    [json_file] = out_dir.glob("*.json")
    status = Path(demo) / "statusliste" / "statusliste.json"
    verify = documented("certificate verify FIL.json --public-key NØGLE --status-list")
    answer = run(capsys, "--data", demo, *args_of(
        verify, **{"FIL.json": str(json_file), "NØGLE": str(key), "FIL": str(status)}))
    assert answer.startswith("Gyldigt")
    [pdf_file] = out_dir.glob("*.pdf")
    assert run(capsys, "--data", demo, *args_of(documented("certificate verify FIL.pdf"),
                                                **{"FIL.pdf": str(pdf_file)})
               ).startswith("Gyldigt")
    run(capsys, "--data", demo, *args_of(documented("certificate revoke"), KODE=code,
                                         TEKST="udstedt ved en fejl"))
    assert main(["--data", demo, *args_of(
        verify, **{"FIL.json": str(json_file), "NØGLE": str(key), "FIL": str(status)})]) == 1
    assert capsys.readouterr().out.startswith("Tilbagekaldt")
