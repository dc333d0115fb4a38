"""Move the clock of a Python process that a test starts, as the test's own is moved.

tests/conftest.py puts this folder on PYTHONPATH when MEDBORGER_TEST_SHIFT_YEARS is set,
so the app, the server or a worker started by a test lives in the same shifted time as
the test that checks its files. Without the variable (or without time-machine) it does
nothing.
"""

from __future__ import annotations

import os

if os.environ.get("MEDBORGER_TEST_SHIFT_YEARS"):
    try:
        import tests_timeshift_clock  # noqa: F401  (starts the travel on import)
    except ImportError:  # pragma: no cover - a Python without the test dependencies
        pass
