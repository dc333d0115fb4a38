"""Numbers the Danish way, one figure everywhere: screens, plain mode, reports, certificates.

- A share is shown as a whole per cent, rounded down (``whole_percent``): 10 of 11
  points is 90 %, never 91 %, so no screen, report or certificate claims more than was
  earned, and every one of them shows the same figure.
- Points have a decimal comma and at most one decimal, rounded down (``points``):
  7.41667 is "7,4", 6.0 is "6".

Nothing here knows about a user interface; the plain mode writes "procent" where the
screens write "%", around the same number.
"""

from __future__ import annotations

import math

__all__ = ["percent", "points", "share_percent", "whole_percent"]

# Floating point leaves 0.7 * 100 at 70.00000000000001 and 0.29 * 100 at 28.999999999999996:
# a hair's tolerance keeps such values on the whole number they stand for.
_EPSILON = 1e-9


def whole_percent(value: float | None) -> int | None:
    """A per cent (0..100, as stored) as a whole number, rounded down; None stays None."""
    if value is None:
        return None
    return max(0, min(100, math.floor(float(value) + _EPSILON)))


def share_percent(part: float, whole: float) -> int:
    """``part`` of ``whole`` as a whole per cent, rounded down (0 when ``whole`` is 0)."""
    if not whole:
        return 0
    return whole_percent(part / whole * 100)  # type: ignore[return-value]


def percent(value: float | None, sign: str = " %") -> str:
    """ "90 %" (``sign`` " procent" in the plain mode); "–" for None."""
    whole = whole_percent(value)
    return "–" if whole is None else f"{whole}{sign}"


def points(value: float) -> str:
    """A score with a decimal comma and at most one decimal, rounded down: "7,4", "6"."""
    tenths = math.floor(float(value) * 10 + _EPSILON)
    whole, tenth = divmod(tenths, 10)
    return f"{whole},{tenth}" if tenth else str(whole)
