"""Every learner's stored quiz attempts and scenario runs, read for statistics. Read-only.

Item statistics (``medborger stats``, the teachers' statistics screen) need every answer,
not the summaries reports read. This reads each learner's record once, as it is on disk,
and hands back the two tables. Like :meth:`progress.store.Store.summaries` it never
writes: a record that cannot be read is left where it is and named with its Danish
reason (the learner is told when they next open it); an older schema is read as it is,
since no migration so far has touched attempts or runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from course.files import DamagedFileError, read_json

from . import schema, summary
from .model import Learner
from .storage import check_tables
from .store import Store


@dataclass(frozen=True)
class AnswerHistory:
    """A learner with their quiz attempts and scenario runs, in stored order."""

    learner: Learner
    attempts: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    problem: str | None = None  # why the record could not be read (then both are empty)


def histories(store: Store, learners: list[Learner] | None = None) -> Iterator[AnswerHistory]:
    """Each learner (default: everyone on file) with their attempts and runs."""
    for learner in store.learners() if learners is None else learners:
        try:
            path = store.record_path(learner.id)
            data = read_json(path) or {}
            if data:
                check_tables(data, path)
                schema.version_of(data, path, learner.id)
        except DamagedFileError as exc:
            yield AnswerHistory(learner, [], [], exc.reason)
            continue
        except (OSError, ValueError) as exc:  # FileProblem (Danish strerror), a bad id
            yield AnswerHistory(learner, [], [], getattr(exc, "strerror", None) or str(exc))
            continue
        yield AnswerHistory(learner, summary.rows(data, "attempts"),
                            summary.rows(data, "scenario_runs"))
