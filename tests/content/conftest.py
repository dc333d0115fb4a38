"""Fixtures for the content quality gates: the real course and the policy, loaded once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from course.content import ContentError, load_course
from course.content.model import Course
from course.content.policy import PolicyText

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (the scripts folder is not a package)."""
    module_name = f"_scripts_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def real_course() -> Course:
    """The whole real content, loaded (and so validated) once per test session."""
    try:
        return load_course(ROOT)
    except ContentError as exc:
        pytest.fail(f"the content does not validate:\n{exc}", pytrace=False)


@pytest.fixture(scope="session")
def policy() -> PolicyText:
    """The policy text the course quotes (the manifest's `policy_text`)."""
    manifest = yaml.safe_load((ROOT / "modules" / "course.yaml").read_text(encoding="utf-8"))
    return PolicyText((ROOT / "modules" / manifest["policy_text"]).read_text(encoding="utf-8"))
