"""The shifted clock: ``MEDBORGER_TEST_SHIFT_YEARS`` years ahead of the real one, ticking.

Imported by tests/conftest.py (the test process) and by sitecustomize.py beside it (the
processes tests start), so both move by the same amount. ``time.monotonic`` and
``perf_counter`` are not moved (time-machine leaves them alone), so timeouts and asyncio
keep working.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import time_machine


def shift() -> timedelta:
    """How far the clock is moved: the variable's years (may be a fraction or negative)."""
    years = float(os.environ.get("MEDBORGER_TEST_SHIFT_YEARS") or 0)
    return timedelta(days=round(365.25 * years))


def start() -> time_machine.travel | None:
    """Start travelling (until the process ends); None when no shift is asked for."""
    delta = shift()
    if not delta:
        return None
    traveller = time_machine.travel(datetime.now(UTC) + delta, tick=True)
    traveller.start()
    return traveller


TRAVELLER = start()
