"""Guessing limits for PINs, passphrases and join codes: counted on disk, failing closed.

Every front end that signs someone in (the terminal app, its plain mode, the terminal in
a browser, the HTML pages) asks the guard, and renders what it answers::

    outcome = Guard(data_dir).attempt(pin_limit(learner.id), lambda: record.check_pin(pin))
    if outcome.accepted:
        ...                      # signed in
    else:
        show(outcome.message("Forkert pinkode."))   # Danish, complete, ready to show

:meth:`Guard.attempt` records the try *before* the secret is checked, under a lock, in
``guesses.json`` in the data directory. If the try cannot be recorded (the file is a
folder, the disk is full or read-only, the lock cannot be had) the secret is not checked
at all and the outcome is ``cannot_record``: a limit that cannot be counted refuses
(fails closed). A right secret then takes its try back (or clears its count).

Outcomes (:class:`GuardOutcome`, UI-free, one per try):

==============  =====================================================================
``accepted``    the secret was right.
``wrong``       the secret was wrong; ``seconds`` is the wait before the next try may
                be made (0: at once).
``wait``        a try was refused without looking at the secret: ``seconds`` to wait.
``cannot_record``  the try could not be counted, so it was refused; ``reason`` says
                why (Danish, from the operating system's error).
==============  =====================================================================

:meth:`GuardOutcome.message` gives the Danish text for any of them; the only text a
front end supplies is its own "wrong" sentence (»Forkert pinkode.«). The wait text
(:func:`wait_text`) and the refusal texts live here and nowhere else.

The limits (:class:`Backoff` and :class:`Bucket`; the arithmetic is in docs/drift.md):

- **PIN** (``pin:<learner id>``): 5 wrong tries free, then 1, 2, 4 … minutes, at most
  :data:`PIN_MAX_WAIT` (45 minutes, one lesson): a classmate who tries someone's PIN can
  never keep its owner out for longer than a lesson, and a teacher can unlock at once
  (:meth:`Guard.clear`) without touching the PIN. A right PIN clears the count.
- **Passphrase** (``frase:<account id or admin>``): 5 free, then doubling up to a day; a
  right passphrase, a new one (``accounts set-admin``, a reset) clears it.
- **Join codes**: a token bucket per address (``kode:<address>``; IPv6 per /64 network)
  *and* one for the whole server (``kode:*``). A wrong code takes a token from both; a
  right one gives its token back. A class behind one school router has room for a burst
  of :data:`CODE_PER_ADDRESS` ``.capacity`` wrong codes, refilled at a steady rate, so
  typos never lock it out for longer than the next token (minutes, never a day).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv6Address, ip_address, ip_network
from pathlib import Path
from typing import Any, Literal

from course.files import DamagedFileError, FileProblem, atomic_write_text, read_json

LOCK_TIMEOUT = 5
FORGET_AFTER = timedelta(days=1)  # a backoff count with no wrong try for a day is dropped


# -- the rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class Backoff:
    """Wrong tries in a row: ``free`` at no cost, then 1, 2, 4 … minutes up to ``cap``."""

    free: int
    cap: timedelta
    forget: bool = False  # a day without wrong tries clears the count

    def delay(self, fails: int) -> timedelta:
        if fails < self.free:
            return timedelta(0)
        return min(timedelta(minutes=2 ** min(fails - self.free, 20)), self.cap)


@dataclass(frozen=True)
class Bucket:
    """A token bucket: room for ``capacity`` wrong tries, refilled by ``per_hour``."""

    capacity: float
    per_hour: float

    def seconds_per_token(self) -> float:
        return 3600.0 / self.per_hour


Rule = Backoff | Bucket

PIN_MAX_WAIT = timedelta(minutes=45)
PIN = Backoff(free=5, cap=PIN_MAX_WAIT)
PASSPHRASE = Backoff(free=5, cap=timedelta(days=1))
# A class of 30 each mistyping twice in ten minutes is 60 wrong codes: well inside 100.
# Refill one token every two minutes; see docs/drift.md for what that leaves an attacker.
CODE_PER_ADDRESS = Bucket(capacity=100, per_hour=30)
CODE_GLOBAL = Bucket(capacity=1000, per_hour=600)

Limit = tuple[str, Rule]


def delay_after(fails: int, rule: Backoff) -> timedelta:
    """How long to wait after ``fails`` wrong tries in a row."""
    return rule.delay(fails)


def address_key(client: str) -> str:
    """What a browser's address is counted as: the address, an IPv6 one by its /64
    (one household or school network gets a whole /64, every address in it alike)."""
    try:
        address = ip_address(client)
    except ValueError:
        return client[:64] or "ukendt"
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ip_network(f"{address}/64", strict=False))
    return str(address)


def pin_limit(learner_id: str) -> list[Limit]:
    return [(f"pin:{learner_id}", PIN)]


def passphrase_limit(account: str) -> list[Limit]:
    """``account``: an account id, ``admin``, or ``navn:<typed name>`` for a name with
    no account (counted too, so that trying names costs the same as trying phrases)."""
    return [(f"frase:{account}", PASSPHRASE)]


def code_limit(client: str) -> list[Limit]:
    return [(f"kode:{address_key(client)}", CODE_PER_ADDRESS), ("kode:*", CODE_GLOBAL)]


# -- the outcome -----------------------------------------------------------------------

Kind = Literal["accepted", "wrong", "wait", "cannot_record"]

TOO_MANY = "For mange forkerte forsøg."
CANNOT_RECORD = ("Forsøget kan ikke tælles, fordi datamappen ikke kan skrives ({reason}). "
                 "Af sikkerhedshensyn bliver det derfor ikke prøvet. Sig det til den, der "
                 "driver kurset, og prøv igen senere.")


def wait_text(seconds: float) -> str:
    """"1 minut", "3 minutter", "2 timer" – how long to wait, in Danish, rounded up."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return "1 minut" if minutes == 1 else f"{minutes} minutter"
    hours = math.ceil(minutes / 60)
    return "1 time" if hours == 1 else f"{hours} timer"


@dataclass(frozen=True)
class GuardOutcome:
    """What the guard decided about one try; every front end renders it the same way."""

    kind: Kind
    seconds: float = 0.0  # wait before the next try (wrong, wait)
    reason: str = ""  # why the try could not be recorded (cannot_record), Danish

    @property
    def accepted(self) -> bool:
        return self.kind == "accepted"

    @property
    def wait_minutes(self) -> int:
        """The wait in whole minutes, rounded up (0 when there is none)."""
        return math.ceil(self.seconds / 60) if self.seconds > 0 else 0

    def message(self, wrong: str = "Forkert.") -> str:
        """The Danish message for this outcome; ``wrong`` is the front end's sentence
        for a wrong secret (»Forkert pinkode.«, »Koden passer ikke …«). Empty when
        accepted."""
        if self.kind == "accepted":
            return ""
        if self.kind == "cannot_record":
            return CANNOT_RECORD.format(reason=self.reason or "ukendt fejl")
        if self.kind == "wait":
            return f"{TOO_MANY} Vent {wait_text(self.seconds)}, og prøv igen."
        if self.seconds > 0:
            return f"{wrong} Vent {wait_text(self.seconds)}, før du prøver igen."
        return wrong if "prøv igen" in wrong.casefold() else f"{wrong} Prøv igen."


# -- the counts on disk ----------------------------------------------------------------


class CannotRecord(FileProblem):
    """The count file cannot be read or written (an OSError; ``reason`` is Danish)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _parse(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Guard:
    """The counts of wrong tries in one data directory (``guesses.json``)."""

    def __init__(self, root: str | Path) -> None:
        self.path = Path(root) / "guesses.json"

    # -- the one entry point -------------------------------------------------------------

    def attempt(self, limits: list[Limit], test: Callable[[], bool],
                now: datetime | None = None) -> GuardOutcome:
        """Try a secret against ``limits``: count the try first, then run ``test``.

        ``test`` is called only when every limit allows a try *and* the try has been
        written to disk; it returns whether the secret is right. See the module's
        docstring for the outcomes.
        """
        now = now or _now()
        try:
            wait = self._take(limits, now)
        except CannotRecord as problem:
            return GuardOutcome("cannot_record", reason=problem.reason)
        if wait > 0:
            return GuardOutcome("wait", seconds=wait)
        if test():
            try:
                self._give_back(limits, now)
            except CannotRecord:
                pass  # the try stays counted as wrong: the safe side
            return GuardOutcome("accepted")
        return GuardOutcome("wrong", seconds=self.wait(limits, now))

    def wait(self, limits: list[Limit], now: datetime | None = None) -> float:
        """Seconds before a try may be made (0: now). Reading only; an unreadable file
        reads as "no wait" here, and :meth:`attempt` then refuses the try itself."""
        now = now or _now()
        try:
            data = self._read()
        except CannotRecord:
            return 0.0
        return max((_wait(data.get(key), rule, now) for key, rule in limits), default=0.0)

    def clear(self, key: str) -> None:
        """Forget the count of ``key`` (a teacher's unlock, a new secret). Raises
        :class:`CannotRecord` when that cannot be written."""
        self._change(lambda data: data.pop(key, None))

    # -- inside ----------------------------------------------------------------------------

    def _take(self, limits: list[Limit], now: datetime) -> float:
        """Under the lock: the wait if any limit refuses; else count the try, return 0."""
        result = [0.0]

        def change(data: dict[str, Any]) -> bool:
            wait = max((_wait(data.get(key), rule, now) for key, rule in limits), default=0.0)
            if wait > 0:
                result[0] = wait
                return False
            for key, rule in limits:
                data[key] = _charged(data.get(key), rule, now)
            return True

        self._change(change, now)
        return result[0]

    def _give_back(self, limits: list[Limit], now: datetime) -> None:
        def change(data: dict[str, Any]) -> None:
            for key, rule in limits:
                if isinstance(rule, Backoff):
                    data.pop(key, None)
                else:
                    data[key] = _refunded(data.get(key), rule, now)

        self._change(change, now)

    def _read(self) -> dict[str, Any]:
        try:
            data = read_json(self.path) or {}
        except DamagedFileError:
            # Not JSON (a crash cannot cause this: writes are atomic). Fresh counts; the
            # next write replaces it. Nobody can damage it from a browser.
            return {}
        except OSError as exc:
            raise CannotRecord(self.path, exc) from None
        return data if isinstance(data, dict) else {}

    def _change(self, change: Callable[[dict[str, Any]], Any],
                now: datetime | None = None) -> None:
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT):
                data = self._read()
                if change(data) is False:
                    return
                _prune(data, now or _now())
                atomic_write_text(self.path, json.dumps(data, ensure_ascii=False))
        except Timeout:
            raise CannotRecord(self.path, None, "skrives",
                               reason="filen er låst af et andet program") from None
        except CannotRecord:
            raise
        except OSError as exc:
            raise CannotRecord(self.path, exc, "skrives") from None


def _prune(data: dict[str, Any], now: datetime) -> None:
    """Drop bucket entries that are full again: the file stays small however many
    addresses have tried (only the last few hours' are kept)."""
    full_after = timedelta(seconds=max(rule.capacity * rule.seconds_per_token()
                                       for rule in (CODE_PER_ADDRESS, CODE_GLOBAL)))
    for key in [k for k, v in data.items() if isinstance(v, dict) and "tokens" in v]:
        last = _parse(data[key].get("last"))
        if last is None or now - last > full_after:
            del data[key]


def _wait(entry: Any, rule: Rule, now: datetime) -> float:
    if not isinstance(entry, dict):
        return 0.0
    last = _parse(entry.get("last"))
    if last is None:
        return 0.0
    if isinstance(rule, Bucket):
        tokens = _tokens(entry, rule, now)
        if tokens >= 1:
            return 0.0
        return (1 - tokens) * rule.seconds_per_token()
    fails = entry.get("fails")
    fails = fails if isinstance(fails, int) and fails > 0 else 0
    if fails == 0 or (rule.forget and now - last >= FORGET_AFTER):
        return 0.0
    return max(0.0, (last + rule.delay(fails) - now).total_seconds())


def _tokens(entry: Any, rule: Bucket, now: datetime) -> float:
    """The tokens left in a bucket entry at ``now`` (full when there is no entry)."""
    if not isinstance(entry, dict):
        return float(rule.capacity)
    last = _parse(entry.get("last"))
    tokens = entry.get("tokens")
    if last is None or not isinstance(tokens, (int, float)) or math.isnan(tokens):
        return float(rule.capacity)
    elapsed = max(0.0, (now - last).total_seconds())
    return min(float(rule.capacity), max(0.0, float(tokens)) + elapsed / rule.seconds_per_token())


def _charged(entry: Any, rule: Rule, now: datetime) -> dict[str, Any]:
    if isinstance(rule, Bucket):
        return {"tokens": round(_tokens(entry, rule, now) - 1, 6), "last": now.isoformat()}
    stamp = now.isoformat(timespec="seconds")
    fails = entry.get("fails") if isinstance(entry, dict) else 0
    fails = fails if isinstance(fails, int) and fails > 0 else 0
    last = _parse(entry.get("last")) if isinstance(entry, dict) else None
    if rule.forget and last is not None and now - last >= FORGET_AFTER:
        fails = 0
    return {"fails": fails + 1, "last": stamp}


def _refunded(entry: Any, rule: Bucket, now: datetime) -> dict[str, Any]:
    tokens = min(float(rule.capacity), _tokens(entry, rule, now) + 1)
    return {"tokens": round(tokens, 6), "last": now.isoformat()}
