"""Property-based fuzzing of the learner data (issue 14).

A data folder made by ``course.reports.demo.fill`` (a hold, a teacher account, learners with PINs
and realistic histories) is damaged at random: a value of the wrong type at a random JSON
path of the index, a record, a summary or the holds and accounts files; a key removed; a
file cut short; an id or a hold turned into a path out of the folder; a folder in place of
a file. Then:

- nothing raises: the store, ``medborger learners list``, ``medborger report``, every
  record (a damaged one is salvaged and moved aside, with a Danish message);
- no file outside the data folder is touched (the folder around it is snapshotted);
- no answer already on disk is lost from the other learners' records;
- the app still starts (pilot, 80x24) and lists the other learners.

Deterministic (derandomize) and modest in size; ``MEDBORGER_FUZZ_EXAMPLES=500`` for a
long, random run.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from course.cli import main
from progress import DamagedRecordError, Store

LONG_RUN = os.environ.get("MEDBORGER_FUZZ_EXAMPLES")


def _settings(examples: int) -> settings:
    return settings(max_examples=int(LONG_RUN or examples), deadline=None,
                    derandomize=not LONG_RUN, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


WRONG = (None, 0, -1, 2.5, True, "", "x", "../../evil", "../evil.json", "/etc/passwd",
         "0123456789abcdef", "\x1b[2J", [], [1, "a"], {}, {"a": None})
PATHLIKE = ("../../evil", "../evil.json", "..", "/tmp/evil", "a/../../b", "0" * 15 + "/")


# -- the template folder and what it holds ------------------------------------------------------


class _Template(dict):
    """The template's facts; a short repr, so a failing example is readable."""

    def __repr__(self) -> str:
        return f"<template {self['folder']}>"


@pytest.fixture(scope="module")
def template(course) -> Iterator[dict[str, Any]]:
    """A demo data folder, the answers on disk per learner, and its damageable files."""
    from course.reports.demo import fill

    folder = Path(tempfile.mkdtemp(prefix="fuzz-store-")) / "data"
    fill(course, folder, learners=5, holds=1, seed=14)
    store = Store(folder)
    learners = store.learners()
    answers = {learner.id: _answers(store, learner) for learner in learners}
    assert sum(len(a) for a in answers.values()) > 20  # realistic histories to lose
    targets = ["learners.json", "holds.json", "accounts.json", "admin.json"]
    for learner in learners:
        targets += [f"learners/{learner.id}.json", f"learners/{learner.id}.summary.json"]
    rows = json.loads((folder / "learners.json").read_text("utf-8"))["learners"]
    yield _Template({"folder": folder, "ids": [l.id for l in learners], "answers": answers,
            "targets": [t for t in targets if (folder / t).is_file()],
            "rows": {key: row["id"] for key, row in rows.items()},
            "course": course})
    shutil.rmtree(folder.parent, ignore_errors=True)


def _answers(store: Store, learner) -> set[tuple[str, str]]:
    record = store.record(learner)
    return {(doc["id"], str(answer.get("question")))
            for doc in record.attempts() for answer in doc.get("answers", [])}


def _json_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value in a JSON document (the root included)."""
    paths = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _json_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            paths += _json_paths(item, prefix + (n,))
    return paths


def _snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, bytes | None]]:
    result = {}
    for path in sorted(folder.rglob("*")):
        if path == skip or skip in path.parents:
            continue
        stat = path.lstat()
        result[str(path.relative_to(folder))] = (
            stat.st_mtime_ns, path.read_bytes() if path.is_file() else None)
    return result


# -- damage ---------------------------------------------------------------------------------------


@st.composite
def damage(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "target": draw(st.integers(0, 10_000)),
        "kind": draw(st.sampled_from(("retype", "retype", "remove", "truncate", "pathlike",
                                      "folder"))),
        "where": draw(st.integers(0, 1_000_000)),
        "value": draw(st.sampled_from(WRONG)),
        "pathlike": draw(st.sampled_from(PATHLIKE)),
        "cut": draw(st.floats(0, 1)),
    }


def apply(template: dict[str, Any], data: Path, d: dict[str, Any]) -> str | None:
    """Damage one file in ``data``; return the id of the learner it hits (None: no one)."""
    name = template["targets"][d["target"] % len(template["targets"])]
    path = data / name
    owner = name.split("/")[1].split(".")[0] if name.startswith("learners/") else None
    raw = path.read_bytes()
    with contextlib.suppress(InvalidArgument):  # statistics: inside hypothesis only
        event(f"{d['kind']} {name.split('/')[-1].split('.', 1)[-1] if owner else name}")
    if d["kind"] == "truncate":
        path.write_bytes(raw[: int(len(raw) * d["cut"])])
        return owner
    if d["kind"] == "folder":  # a folder in place of the file: it cannot even be opened
        path.unlink()
        path.mkdir()
        return owner
    doc = json.loads(raw)
    paths = _json_paths(doc)
    if d["kind"] == "pathlike":  # an id or a hold that would lead out of the folder
        paths = [p for p in paths if p and p[-1] in ("id", "hold")] or paths
    elif d["kind"] == "remove":
        paths = [p for p in paths if p] or paths
    where = paths[d["where"] % len(paths)]
    if name == "learners.json" and len(where) >= 2 and where[0] == "learners":
        owner = template["rows"].get(where[1])  # the learner of the damaged row
    if not where:
        doc = d["value"] if d["kind"] == "retype" else {}
    else:
        parent = doc
        for key in where[:-1]:
            parent = parent[key]
        if d["kind"] == "remove":
            del parent[where[-1]]
        else:
            parent[where[-1]] = d["pathlike"] if d["kind"] == "pathlike" else d["value"]
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return owner


def _run_cli(template: dict[str, Any], *args: str) -> tuple[int, str, str]:
    """``medborger ARGS`` in-process, on the course the tests loaded (content being edited
    at the same moment must not make this test flaky)."""
    from unittest import mock

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch("course.cli.learners._course_or_explain", return_value=template["course"]):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _damaged_copy(template: dict[str, Any], d: dict[str, Any]):
    """A sandbox holding a copy of the template data folder and a file next to it."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        sandbox = Path(tmp)
        data = sandbox / "data"
        shutil.copytree(template["folder"], data)
        (sandbox / "evil.json").write_text('{"meta": {"1": {"id": "../../evil"}}}', "utf-8")
        (sandbox / "elsewhere").mkdir()
        (sandbox / "elsewhere" / "bevis.pdf").write_text("not ours", "utf-8")
        before = _snapshot(sandbox, data)
        owner = apply(template, data, d)
        yield sandbox, data, owner
        assert _snapshot(sandbox, data) == before, "a file outside the data folder changed"


# -- the properties ----------------------------------------------------------------------------------


@_settings(40)
@given(d=damage())
@pytest.mark.slow
def test_damaged_learner_data_never_crashes_loses_or_escapes(template, d) -> None:
    with _damaged_copy(template, d) as (_sandbox, data, owner):
        others = [i for i in template["ids"] if i != owner]
        store = Store(data)
        listed = {learner.id: learner for learner in store.learners()}
        if store.notices:
            event("a notice: " + store.notices[0].split(" (")[0][:40])
        assert set(others) <= set(listed), (others, list(listed))
        store.summaries()

        code, out, err = _run_cli(template, "learners", "list", "--data", str(data))
        assert code == 0, err
        assert all(i in out for i in others)
        code, out, err = _run_cli(template, "report", "--data", str(data))
        assert code == 0, err
        assert "\x1b" not in out + err

        for learner_id, learner in listed.items():
            record = Store(data).record(learner)
            try:
                record.facts()
            except (DamagedRecordError, OSError) as exc:
                event(f"record: {type(exc).__name__}")
                assert learner_id == owner, f"{learner.name}: {exc}"
                message = getattr(exc, "message", str(exc))
                assert message and "Traceback" not in message
                if isinstance(exc, DamagedRecordError):
                    Store(data).record(learner).facts()  # the fresh record opens
            # every answer on disk is still there (a row damaged into another valid id
            # names a learner with no file: nothing of theirs was ever on disk)
            if learner_id != owner and learner_id in template["answers"]:
                assert template["answers"][learner_id] <= _answers(Store(data), learner)


@_settings(12)
@given(d=damage())
@pytest.mark.slow
def test_the_app_still_starts_and_lists_the_others(template, d) -> None:
    from textual.widgets import OptionList

    from course.tui.app import CourseApp
    from course.tui.screens.profiles import ProfileScreen

    async def start(data: Path) -> set[str]:
        app = CourseApp(template["course"], Store(data))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ProfileScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one("#learners", OptionList)
            ids = {table.get_option_at_index(n).id for n in range(table.option_count)}
            await pilot.press("ctrl+q")
        return ids

    with _damaged_copy(template, d) as (_sandbox, data, owner):
        shown = asyncio.run(start(data))
        assert {i for i in template["ids"] if i != owner} <= shown


def test_the_damage_is_applied_where_it_says(template) -> None:
    d = {"target": 0, "kind": "pathlike", "where": 0, "value": None,
         "pathlike": "../../evil", "cut": 0.0}
    with _damaged_copy(template, d) as (_sandbox, data, owner):
        rows = json.loads((data / "learners.json").read_text("utf-8"))["learners"]
        first = next(iter(rows))
        assert rows[first]["id"] == "../../evil" and owner == template["rows"][first]
