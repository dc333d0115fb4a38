"""A small summary of each learner's record, kept next to it so reports stay fast.

A complete learner's record is about 100 KB (every answer of every attempt is kept), so
a report that parsed 2,000 of them would take seconds. After every write the store also
writes ``learners/<id>.summary.json`` (about 1 KB): pages seen, best quiz scores, quizzes
passed, scenarios completed and certificates issued (id, track, issued, code and
valid_until, without the signed document). The summary names the size and
modification time of the record it was made from; a reader that finds them different
(a crash between the two writes, a file restored by hand) reads the record itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The documents of one table of a record's raw JSON (none when it is missing)."""
    rows = data.get(table)
    return [r for r in rows.values() if isinstance(r, dict)] if isinstance(rows, dict) else []


# -- the rules progress is counted by (used for Facts and for the summary file alike) ----


def pages_seen(rows: Iterable[Mapping[str, Any]]) -> dict[str, set[int]]:
    """Module id -> the page indices seen, from the ``pages`` rows."""
    pages: dict[str, set[int]] = {}
    for row in rows:
        module, page = row.get("module"), row.get("page")
        if isinstance(module, str) and isinstance(page, int):
            pages.setdefault(module, set()).add(page)
    return pages


def quiz_results(attempts: list[dict[str, Any]]) -> tuple[dict[str, float], set[str]]:
    """(best per cent per module, modules passed) over the finished attempts."""
    best: dict[str, float] = {}
    passed: set[str] = set()
    for doc in attempts:
        module = doc.get("module")
        if not doc.get("finished") or not isinstance(module, str):
            continue
        percent = doc.get("percent")
        if isinstance(percent, (int, float)) and not isinstance(percent, bool):
            best[module] = max(best.get(module, float(percent)), float(percent))
        if doc.get("passed"):
            passed.add(module)
    return best, passed


def finished_scenarios(runs: list[dict[str, Any]]) -> set[str]:
    return {doc["scenario"] for doc in runs
            if doc.get("finished") and isinstance(doc.get("scenario"), str)}


def valid_until(certificate: Mapping[str, Any]) -> str | None:
    """The stamp a certificate row's signed document stops being valid at (None: never,
    or not known), so that a report tells a valid certificate from an expired one."""
    document = certificate.get("document")
    until = document.get("validUntil") if isinstance(document, Mapping) else None
    return until if isinstance(until, str) else None


def summarize(data: dict[str, Any]) -> dict[str, Any]:
    """The summary of a record's raw tables, as plain JSON."""
    page_rows = rows(data, "pages")
    attempts = rows(data, "attempts")
    runs = rows(data, "scenario_runs")
    best, passed = quiz_results(attempts)
    stamps = [str(row.get("at", "")) for row in page_rows]
    stamps += [str(doc.get("finished") or doc.get("started") or "") for doc in attempts + runs]
    stamps += [str(doc.get("reviewed_at", "")) for doc in rows(data, "reviews")]
    certificates = [
        {**{k: (doc.get(k) if isinstance(doc.get(k), str) else None)
            for k in ("id", "track", "issued", "code")},
         "valid_until": valid_until(doc)}
        for doc in rows(data, "certificates")
    ]
    return {
        "pages": {m: sorted(p) for m, p in sorted(pages_seen(page_rows).items())},
        "best": best,
        "passed": sorted(passed),
        "scenarios": sorted(finished_scenarios(runs)),
        "certificates": certificates,
        "last_activity": max(stamps) if any(stamps) else None,
    }


def from_json(doc: dict[str, Any]) -> Summary:
    """A Summary from :func:`summarize`'s output; ValueError when it is not one.

    A summary file lives in the data folder like any other, so every value is checked
    for the type summarize() gives it: a reader never trips over a hand-edited one.
    """

    def need(ok: bool) -> None:
        if not ok:
            raise ValueError("not a summary")

    def strings(value: Any) -> frozenset[str]:
        need(isinstance(value, list) and all(isinstance(v, str) for v in value))
        return frozenset(value)

    try:
        pages, best, certificates = doc["pages"], doc["best"], doc["certificates"]
        need(isinstance(pages, dict) and isinstance(best, dict)
             and isinstance(certificates, list))
        for numbers in pages.values():
            need(isinstance(numbers, list) and all(
                isinstance(n, int) and not isinstance(n, bool) for n in numbers))
        need(all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in best.values()))
        need(all(isinstance(c, dict) and all(v is None or isinstance(v, str) for v in c.values())
                 for c in certificates))
        # a summary from before certificates named their end is not trusted: the record
        # is read instead (and the next write brings the summary up to date)
        need(all("valid_until" in c for c in certificates))
        last = doc.get("last_activity")
        need(last is None or isinstance(last, str))
        return Summary(
            pages={str(m): set(p) for m, p in pages.items()},
            best={str(m): float(v) for m, v in best.items()},
            passed=strings(doc["passed"]),
            scenarios=strings(doc["scenarios"]),
            certificates=tuple(dict(c) for c in certificates),
            last_activity=last,
        )
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError) as exc:
        raise ValueError(f"not a summary: {exc}") from None
