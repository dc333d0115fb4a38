"""The two screens for practising words do not import each other (issue 13): what they
share (the deck, the clock) lives in course.tui.screens.words."""

from __future__ import annotations

import ast
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[2] / "course" / "tui" / "screens"


def imports(name: str, top_level_only: bool = False) -> set[str]:
    tree = ast.parse((SCREENS / f"{name}.py").read_text("utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            found.add(("." * node.level) + (node.module or ""))
    return found


def test_the_glossary_quiz_does_not_import_the_flashcards() -> None:
    assert ".flashcards" not in imports("glossary_quiz")
    assert ".words" in imports("glossary_quiz", top_level_only=True)


def test_the_flashcards_open_the_glossary_quiz_only_when_asked() -> None:
    assert ".glossary_quiz" not in imports("flashcards", top_level_only=True)
    assert ".words" in imports("flashcards", top_level_only=True)


def test_words_imports_neither_screen() -> None:
    assert not {".flashcards", ".glossary_quiz"} & imports("words")
