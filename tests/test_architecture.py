"""The core stays UI-free: content, engine, certificates and progress never import Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = [ROOT / "course" / "content", ROOT / "course" / "engine",
        ROOT / "course" / "certificates", ROOT / "progress"]


@cache
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of a source file, parsed once for all the tests here."""
    return tuple(ast.walk(ast.parse(path.read_text("utf-8"))))


@cache
def import_nodes(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    return tuple(node for node in nodes(path) if isinstance(node, ast.Import | ast.ImportFrom))


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_source_never_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in CORE
        for path in package.rglob("*.py")
        if any(name == "textual" or name.startswith("textual.") for name in imported_modules(path))
    ]
    assert offenders == []


def test_core_runs_without_textual_loaded() -> None:
    """Importing the core (and loading the course) pulls in no Textual, even indirectly."""
    code = (
        "import sys\n"
        "import course.content, course.engine.progress, course.engine.grading\n"
        "import course.engine.quiz, course.engine.scenario, progress\n"
        "import course.certificates.service, course.certificates.pdf\n"
        "from course.content import load_course\n"
        f"load_course({str(ROOT)!r})\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_yaml_is_only_loaded_safely() -> None:
    for path in (ROOT / "course").rglob("*.py"):
        for node in nodes(path):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("load", "load_all"):
                if getattr(node.func.value, "id", None) == "yaml":
                    keywords = {k.arg for k in node.keywords}
                    assert "Loader" in keywords, f"{path}: yaml.load without an explicit Loader"


def test_certificates_live_in_one_package() -> None:
    """No certificate code left in progress/ or course/engine/, no shims."""
    for gone in ("progress/certificate.py", "progress/certificate_pdf.py", "progress/keys.py",
                 "progress/fonts", "course/certify.py", "course/engine/certificate.py"):
        assert not (ROOT / gone).exists(), gone
    for path in list((ROOT / "course").rglob("*.py")) + list((ROOT / "tests").rglob("*.py")):
        names = imported_modules(path)
        assert not names & {"course.certify", "course.engine.certificate", "progress.keys",
                            "progress.certificate", "progress.certificate_pdf"}, path


def test_certificates_depend_only_downwards() -> None:
    """course.certificates uses content, engine and progress; nothing of the front ends."""
    for path in (ROOT / "course" / "certificates").rglob("*.py"):
        for name in imported_modules(path):
            assert not name.startswith(("course.tui", "course.web", "course.plain",
                                        "course.cli")), (path, name)


# Modules moved by issue 21, and where they live now. No shims are kept: code written
# against the old place fails here with the new one named.
MOVED = {
    "course.report": "course.reports.learners",
    "course.stats_report": "course.reports.stats_report",
    "course.engine.stats": "course.reports.stats",
    "course.demo": "course.reports.demo",
    "progress.report": "course.reports.formats",
}
# names that moved from progress.storage to the ground floor, course.files
MOVED_FROM_STORAGE = {"DamagedFileError", "FileProblem", "atomic_write_text", "danish_reason",
                      "parse_json_object", "read_json", "REPLACE_DELAYS"}


def test_moved_modules_are_imported_from_their_new_place() -> None:
    stale = []
    for folder in ("course", "progress", "tests", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in import_nodes(path):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Import):
                    stale += [f"{where}: {a.name} is now {MOVED[a.name]}"
                              for a in node.names if a.name in MOVED]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    if node.module in MOVED:
                        stale.append(f"{where}: {node.module} is now {MOVED[node.module]}")
                    elif node.module == "progress.storage":
                        stale += [f"{where}: progress.storage.{a.name} is now course.files.{a.name}"
                                  for a in node.names if a.name in MOVED_FROM_STORAGE]
                    elif node.module in ("course", "progress"):
                        stale += [f"{where}: {node.module}.{a.name} is now "
                                  f"{MOVED[node.module + '.' + a.name]}"
                                  for a in node.names if f"{node.module}.{a.name}" in MOVED]
    assert stale == [], "\n".join(stale)
