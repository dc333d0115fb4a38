"""Wrong PINs, passphrases and join codes, counted on disk with growing delays.

Every wrong try is written to ``guesses.json`` in the data directory, keyed by what was
guessed at: ``pin:<learner id>``, ``frase:<account id or admin>`` or ``kode:<client>``
(the browser's address as the server saw it, or "terminal"). The count therefore
survives a closed dialog, a restart of the program and other tabs or windows.

The rule (:func:`delay_after`): the first ``free`` wrong tries cost nothing; then each
further wrong try has to wait 1 minute, then 2, 4, 8 … minutes, at most a day. A PIN
has 10,000 values: after the 5 free tries an attacker gets about one try a day once the
delay has reached its cap (after 16 wrong tries), so guessing a 4-digit PIN through the
app takes on average about 5,000 days – far more than a school year. A right PIN or
passphrase clears its count (a teacher's reset of a PIN clears it too); a join-code count
is never cleared by a right code (anyone in a class knows one) and is forgotten only after
a day without wrong codes.

The file is small (one entry per key that has failed), read and replaced whole under a
lock for every wrong or right try, never on a plain read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from course.files import DamagedFileError, atomic_write_text, read_json

MAX_DELAY = timedelta(days=1)
FORGET_AFTER = timedelta(days=1)
LOCK_TIMEOUT = 10


@dataclass(frozen=True)
class Rule:
    free: int  # wrong tries before the first delay
    forget: bool  # whether a day without wrong tries clears the count
    clear_on_success: bool


PIN = Rule(free=5, forget=False, clear_on_success=True)
PASSPHRASE = Rule(free=5, forget=False, clear_on_success=True)
CODE = Rule(free=10, forget=True, clear_on_success=False)


def delay_after(fails: int, rule: Rule) -> timedelta:
    """How long to wait after ``fails`` wrong tries in a row."""
    if fails < rule.free:
        return timedelta(0)
    return min(timedelta(minutes=2 ** min(fails - rule.free, 20)), MAX_DELAY)


def wait_text(seconds: float) -> str:
    """"1 minut", "3 minutter", "2 timer" – how long to wait, in Danish, rounded up."""
    minutes = max(1, int(-(-seconds // 60)))
    if minutes < 60:
        return "1 minut" if minutes == 1 else f"{minutes} minutter"
    hours = -(-minutes // 60)
    return "1 time" if hours == 1 else f"{hours} timer"


class Guard:
    """The counts of wrong tries in one data directory."""

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root) / "guesses.json"

    def _read(self) -> dict[str, Any]:
        try:
            data = read_json(self.path) or {}
        except (DamagedFileError, OSError):
            # A damaged or unreadable count file must not lock everyone out, nor let anyone
            # guess freely: it is replaced by the next wrong try (fresh counts).
            return {}
        return data if isinstance(data, dict) else {}

    def wait(self, key: str, rule: Rule, now: datetime | None = None) -> float:
        """Seconds before ``key`` may be tried again (0: now)."""
        now = now or datetime.now(timezone.utc)
        entry = self._read().get(key)
        fails, last = _entry(entry)
        if fails == 0 or last is None:
            return 0.0
        if rule.forget and now - last >= FORGET_AFTER:
            return 0.0
        left = last + delay_after(fails, rule) - now
        return max(0.0, left.total_seconds())

    def failed(self, key: str, rule: Rule, now: datetime | None = None) -> float:
        """Count a wrong try; return the seconds to wait before the next one."""
        now = now or datetime.now(timezone.utc)

        def change(data: dict[str, Any]) -> None:
            fails, last = _entry(data.get(key))
            if rule.forget and last is not None and now - last >= FORGET_AFTER:
                fails = 0
            data[key] = {"fails": fails + 1, "last": now.isoformat(timespec="seconds")}

        self._change(change)
        return self.wait(key, rule, now)

    def succeeded(self, key: str, rule: Rule) -> None:
        if rule.clear_on_success:
            self.clear(key)

    def clear(self, key: str) -> None:
        if key in self._read():
            self._change(lambda data: data.pop(key, None))

    def _change(self, change) -> None:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT):
            data = self._read()
            change(data)
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False))


def _entry(entry: Any) -> tuple[int, datetime | None]:
    if not isinstance(entry, dict):
        return 0, None
    fails = entry.get("fails")
    try:
        last = datetime.fromisoformat(str(entry.get("last")))
    except ValueError:
        return 0, None
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    return (fails if isinstance(fails, int) and fails > 0 else 0), last
