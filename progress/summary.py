"""A small summary of each learner's record, kept next to it so reports stay fast.

A complete learner's record is about 100 KB (every answer of every attempt is kept), so
a report that parsed 2,000 of them would take seconds. After every write the store also
writes ``learners/<id>.summary.json`` (about 1 KB): pages seen, best quiz scores, quizzes
passed, scenarios completed and certificates issued. The summary names the size and
modification time of the record it was made from; a reader that finds them different
(a crash between the two writes, a file restored by hand) reads the record itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SUFFIX = ".summary.json"


@dataclass(frozen=True)
class Summary:
    """What reports need about a learner; it answers the engine's FactsLike protocol."""

    pages: dict[str, set[int]]
    best: dict[str, float]
    passed: frozenset[str]
    scenarios: frozenset[str]
    certificates: tuple[dict[str, Any], ...]
    last_activity: str | None

    def passed_quizzes(self) -> set[str]:
        return set(self.passed)

    def best_percent(self, module: str) -> float | None:
        return self.best.get(module)

    def completed_scenarios(self) -> set[str]:
        return set(self.scenarios)


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = data.get(table)
    return [r for r in rows.values() if isinstance(r, dict)] if isinstance(rows, dict) else []


def summarize(data: dict[str, Any]) -> dict[str, Any]:
    """The summary of a record's raw tables, as plain JSON."""
    pages: dict[str, set[int]] = {}
    stamps: list[str] = []
    for row in _rows(data, "pages"):
        module, page = row.get("module"), row.get("page")
        if isinstance(module, str) and isinstance(page, int):
            pages.setdefault(module, set()).add(page)
        stamps.append(str(row.get("at", "")))
    best: dict[str, float] = {}
    passed = set()
    for doc in _rows(data, "attempts"):
        module = doc.get("module")
        stamps.append(str(doc.get("finished") or doc.get("started") or ""))
        if not doc.get("finished") or not isinstance(module, str):
            continue
        percent = doc.get("percent")
        if isinstance(percent, (int, float)):
            best[module] = max(best.get(module, 0.0), float(percent))
        if doc.get("passed"):
            passed.add(module)
    scenarios = set()
    for doc in _rows(data, "scenario_runs"):
        stamps.append(str(doc.get("finished") or doc.get("started") or ""))
        if doc.get("finished") and isinstance(doc.get("scenario"), str):
            scenarios.add(doc["scenario"])
    certificates = [
        {k: doc.get(k) for k in ("id", "track", "issued", "code")}
        for doc in _rows(data, "certificates")
    ]
    stamps += [str(doc.get("reviewed_at", "")) for doc in _rows(data, "reviews")]
    return {
        "pages": {m: sorted(p) for m, p in sorted(pages.items())},
        "best": best,
        "passed": sorted(passed),
        "scenarios": sorted(scenarios),
        "certificates": certificates,
        "last_activity": max(stamps) if any(stamps) else None,
    }


def from_json(doc: dict[str, Any]) -> Summary:
    """A Summary from :func:`summarize`'s output; ValueError when it is not one."""
    try:
        return Summary(
            pages={m: set(p) for m, p in doc["pages"].items()},
            best={m: float(v) for m, v in doc["best"].items()},
            passed=frozenset(doc["passed"]),
            scenarios=frozenset(doc["scenarios"]),
            certificates=tuple(dict(c) for c in doc["certificates"]),
            last_activity=doc.get("last_activity"),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"not a summary: {exc}") from None
