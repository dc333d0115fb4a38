"""Realistic learner histories, written through the real engine and store.

Used by tests (reports, certificates, screens) and by ``bench/storage.py``. The code lives
in :mod:`course.reports.demo` (``medborger demo-data`` uses it too); this module keeps the names
the tests import.
"""

from __future__ import annotations

from course.reports.demo import START, complete_track, quiz_attempt, read_pages, scenario_run

__all__ = ["START", "complete_track", "quiz_attempt", "read_pages", "scenario_run"]
