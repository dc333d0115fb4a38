"""Measure the readability (LIX) of the course text.

LIX = words / sentences + 100 * long words / words, where a long word has more than six
letters. Below 30 is very easy, 30-40 easy (a 9th-grader reads it), 40-50 medium,
above 50 hard. The policy itself scores about 48.

Usage:
    uv run python scripts/lix.py             # course total, per module, and the policy
    uv run python scripts/lix.py --worst 10  # also the ten hardest paragraphs

The text measured is what the learner reads as running prose: lesson bodies, key points,
scenario situations, choices, feedback and reflections. Policy quotes are left out (they
are the policy's words, not ours).

The quality gate tests/content/test_readability.py uses `course_figures` on the loaded
course: the course LIX must stay <= 40 and each module's lesson LIX <= 45.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]+(?:-[A-Za-zÆØÅæøå]+)*")
SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n\s*\n|\n\s*[-*]\s|\n\s*\d+\.\s")


def _strip_markdown(text: str) -> str:
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*#+\s*(.*)$", r"\1.", text, flags=re.M)
    return text.replace("**", "").replace("*", " ").replace("_", " ")


def lix_counts(text: str) -> tuple[int, int, int]:
    """Return (words, sentences, long words) for one piece of text."""
    text = _strip_markdown(text)
    words = WORD.findall(text)
    if not words:
        return 0, 0, 0
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    sentences = len(SENTENCE_END.findall(text.strip()))
    if not re.search(r"[.!?:;]\s*$", text.strip()):
        sentences += 1  # a text that does not end with a full stop still ends a sentence
    return len(words), max(sentences, 1), long_words


def lix(texts: list[str]) -> float:
    words = sentences = long_words = 0
    for text in texts:
        w, s, l = lix_counts(text)
        words, sentences, long_words = words + w, sentences + s, long_words + l
    if not words:
        return 0.0
    return words / sentences + 100 * long_words / words


def _load(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def _get(item, key: str, default=None):
    """A field of a YAML mapping or of a loaded model object (course.content.model)."""
    if isinstance(item, dict):
        return item.get(key, default)
    return getattr(item, key, default)


def _strings(texts) -> list[str]:
    return [t for t in texts if isinstance(t, str)]


def module_texts(module) -> list[str]:
    """A module's lesson prose: page bodies and key points.

    ``module`` is a module's YAML mapping or a loaded ``Module``.
    """
    texts = [_get(page, "body", "") for page in _get(module, "pages") or []]
    texts += list(_get(module, "key_points") or [])
    return _strings(texts)


def scenario_texts(quiz) -> list[str]:
    """The scenario prose of a quiz: situations, node texts, choices, feedback, reflections.

    ``quiz`` is a quiz file's YAML mapping or a loaded ``Quiz`` (``None``: no quiz).
    """
    texts: list[str] = []
    scenarios = (_get(quiz, "scenarios") or []) if quiz is not None else []
    for scenario in scenarios:
        texts += [_get(scenario, "intro", ""), _get(scenario, "reflection", "")]
        for node in _get(scenario, "nodes") or []:
            texts.append(_get(node, "text", ""))
            for choice in _get(node, "choices") or []:
                texts += [_get(choice, "text", ""), _get(choice, "feedback", "")]
    return _strings(texts)


def course_figures(course) -> tuple[dict[str, tuple[float, float]], float]:
    """LIX of a loaded Course: {module id: (lessons, scenarios)} and the course LIX.

    The course LIX is over all lesson and scenario text together, as `main` prints it.
    """
    per_module: dict[str, tuple[float, float]] = {}
    all_texts: list[str] = []
    for module in course.modules:
        lessons = module_texts(module)
        scenarios = scenario_texts(course.quiz(module.id))
        all_texts += lessons + scenarios
        per_module[module.id] = (lix(lessons), lix(scenarios))
    return per_module, lix(all_texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT)
    parser.add_argument("--worst", type=int, default=0)
    args = parser.parse_args(argv)

    manifest = _load(args.content / "modules" / "course.yaml")
    all_texts: list[str] = []
    print(f"{'module':28} {'lessons':>8} {'scenarios':>10}")
    for module_id in manifest.get("modules", []):
        module_path = args.content / "modules" / f"{module_id}.yaml"
        quiz_path = args.content / "quizzes" / f"{module_id}.yaml"
        lessons = module_texts(_load(module_path)) if module_path.exists() else []
        scenarios = scenario_texts(_load(quiz_path)) if quiz_path.exists() else []
        all_texts += lessons + scenarios
        print(f"{module_id:28} {lix(lessons):8.1f} {lix(scenarios) if scenarios else 0:10.1f}")

    policy = (args.content / "modules" / manifest.get("policy_text", "")).read_text("utf-8")
    policy = re.sub(r"-\n", "", policy.replace("\t", " "))
    print(f"policy text LIX {lix([p for p in policy.split(chr(10) * 2)]):.1f}")

    if args.worst:
        ranked = sorted((lix([t]), t) for t in all_texts if len(WORD.findall(t)) >= 8)
        for score, text in ranked[-args.worst:]:
            print(f"\n--- {score:.1f}\n{text.strip()[:400]}")
    print(f"course LIX {lix(all_texts):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
