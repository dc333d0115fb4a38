"""The guessing limits (progress.guard): a class is never locked out, an attacker is
slowed to years, and a try that cannot be counted is refused (fails closed)."""

from __future__ import annotations

import errno
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from progress import guard as guard_module
from progress.guard import (
    CODE_GLOBAL,
    CODE_PER_ADDRESS,
    PIN_MAX_WAIT,
    Guard,
    GuardOutcome,
    address_key,
    code_limit,
    pin_limit,
    wait_text,
)
from progress.holds import _WORDS, CODE_SPACE, HoldBook, new_code, normalise_code

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def never(calls: list[str]):
    """A secret check that records it was called and is never right."""
    return lambda: calls.append("checked") or False


# -- a class behind one address --------------------------------------------------------------


def test_a_class_of_30_mistyping_twice_in_ten_minutes_is_never_kept_waiting(data_dir: Path):
    guard = Guard(data_dir)
    limits = code_limit("192.0.2.10")  # the school router: one address for everyone
    moment = START
    for pupil in range(30):
        for _typo in range(2):
            moment += timedelta(seconds=10)  # 60 wrong codes within 10 minutes
            outcome = guard.attempt(limits, lambda: False, moment)
            assert outcome.kind == "wrong" and outcome.seconds == 0, (pupil, outcome)
        outcome = guard.attempt(limits, lambda: True, moment)  # then the right code
        assert outcome.accepted
    # The next lesson's class, 45 minutes later, has room for the same again.
    moment += timedelta(minutes=45)
    for _ in range(60):
        assert guard.attempt(limits, lambda: False, moment).seconds == 0


def test_one_address_is_slowed_to_the_refill_rate_and_the_wait_is_minutes(data_dir: Path):
    guard = Guard(data_dir)
    limits = code_limit("198.51.100.7")
    moment = START
    for _ in range(int(CODE_PER_ADDRESS.capacity)):
        guard.attempt(limits, lambda: False, moment)
    calls: list[str] = []
    refused = guard.attempt(limits, never(calls), moment)
    assert refused.kind == "wait" and calls == []  # not even looked at
    assert 0 < refused.seconds <= CODE_PER_ADDRESS.seconds_per_token()  # minutes, never a day
    assert "Vent 2 minutter" in refused.message()
    # Another address is not held up by this one.
    assert guard.attempt(code_limit("203.0.113.9"), lambda: True, moment).accepted
    # After one token's time, one more try.
    later = moment + timedelta(seconds=CODE_PER_ADDRESS.seconds_per_token())
    assert guard.attempt(limits, lambda: False, later).kind == "wrong"
    assert guard.attempt(limits, lambda: False, later).kind == "wait"


def test_many_addresses_together_are_held_by_the_global_limit(data_dir: Path, monkeypatch):
    # The rule as it is, with a smaller bucket so the test makes 60 tries, not 1,000.
    assert CODE_GLOBAL.capacity > CODE_PER_ADDRESS.capacity
    monkeypatch.setattr(guard_module, "CODE_GLOBAL", guard_module.Bucket(60, 36))
    guard = Guard(data_dir)
    moment = START
    for n in range(60):
        address = f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"  # never the same one
        assert guard.attempt(code_limit(address), lambda: False, moment).kind == "wrong"
    assert guard.attempt(code_limit("172.16.0.1"), lambda: False, moment).kind == "wait"


def test_ipv6_addresses_count_per_network():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.4") == "192.0.2.4"
    assert address_key("198.51.100.1") == "198.51.100.1"


def test_the_code_space_is_stated_honestly_and_each_code_is_distinct():
    assert len(_WORDS) == 110
    assert CODE_SPACE == 110 * 109 * 108 * 64 == 82_874_880
    # No two word triples read the same once the hyphens are gone.
    triples = {a + b + c for a in _WORDS for b in _WORDS for c in _WORDS
               if len({a, b, c}) == 3}
    assert len(triples) * 64 == CODE_SPACE
    code = new_code()
    words = code.split("-")
    assert len(words) == 4 and len(set(words[:3])) == 3 and len(normalise_code(code)) <= 23


def test_an_attacker_at_one_address_needs_more_than_a_year(data_dir: Path):
    """The arithmetic of docs/drift.md: expected guesses / tries per hour."""
    holds = 100  # valid codes at once on one server
    expected_guesses = CODE_SPACE / (holds + 1)
    hours = expected_guesses / CODE_PER_ADDRESS.per_hour
    assert hours > 365 * 24 * 3  # over three years with 100 holds
    assert CODE_SPACE / 301 / CODE_PER_ADDRESS.per_hour > 365 * 24  # still a year at 300


# -- PINs --------------------------------------------------------------------------------------


def test_a_classmates_wrong_pins_keep_the_owner_out_a_lesson_at_most(data_dir: Path):
    guard = Guard(data_dir)
    moment = START
    for _ in range(200):  # a whole day of someone trying
        outcome = guard.attempt(pin_limit("abc123"), lambda: False, moment)
        moment += timedelta(seconds=max(outcome.seconds, 1))
        assert outcome.seconds <= PIN_MAX_WAIT.total_seconds()
    # The teacher unlocks: the owner gets in at once, the PIN unchanged.
    guard.clear("pin:abc123")
    assert guard.attempt(pin_limit("abc123"), lambda: True, moment).accepted


def test_a_right_pin_clears_the_count_and_a_right_code_gives_its_token_back(data_dir: Path):
    guard = Guard(data_dir)
    for _ in range(3):
        guard.attempt(pin_limit("p1"), lambda: False, START)
    guard.attempt(pin_limit("p1"), lambda: True, START)
    counts = json.loads(guard.path.read_text())
    assert "pin:p1" not in counts
    guard.attempt(code_limit("192.0.2.1"), lambda: True, START)
    counts = json.loads(guard.path.read_text())
    assert counts["kode:192.0.2.1"]["tokens"] == CODE_PER_ADDRESS.capacity


# -- failing closed ----------------------------------------------------------------------------


def wrong_then_right(guard: Guard) -> tuple[list[GuardOutcome], list[str]]:
    calls: list[str] = []
    outcomes = [guard.attempt(pin_limit("x"), never(calls)) for _ in range(25)]
    outcomes.append(guard.attempt(pin_limit("x"), lambda: calls.append("right") or True))
    return outcomes, calls


def assert_refused_without_checking(outcomes: list[GuardOutcome], calls: list[str]) -> None:
    assert calls == []  # not one secret was checked, not even the right one
    assert all(o.kind == "cannot_record" for o in outcomes)
    message = outcomes[-1].message("Forkert pinkode.")
    assert "kan ikke tælles" in message and "datamappen" in message


def test_guesses_json_as_a_folder_refuses_every_try(data_dir: Path):
    data_dir.mkdir(parents=True)
    (data_dir / "guesses.json").mkdir()
    assert_refused_without_checking(*wrong_then_right(Guard(data_dir)))


def test_a_lock_that_cannot_be_had_refuses_every_try(data_dir: Path):
    data_dir.mkdir(parents=True)
    (data_dir / "guesses.json.lock").mkdir()  # as a root-owned lock would
    assert_refused_without_checking(*wrong_then_right(Guard(data_dir)))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_refuses_every_try(data_dir: Path, monkeypatch, code: int):
    """ENOSPC (a full disk), EROFS (mounted read-only), EACCES (no write access; the
    tests run as root, for whom a chmod does not stop a write, so the error is made)."""

    def refuse(path, text, *args, **kwargs):
        raise OSError(code, "simulated", str(path))

    monkeypatch.setattr(guard_module, "atomic_write_text", refuse)
    outcomes, calls = wrong_then_right(Guard(data_dir))
    assert_refused_without_checking(outcomes, calls)
    reason = {errno.ENOSPC: "fuld", errno.EROFS: "skrivebeskyttet"}.get(code)
    if reason:
        assert reason in outcomes[0].reason


def test_a_damaged_count_file_is_replaced_and_counting_goes_on(data_dir: Path):
    data_dir.mkdir(parents=True)
    (data_dir / "guesses.json").write_text("{not json")
    guard = Guard(data_dir)
    assert guard.attempt(pin_limit("x"), lambda: False).kind == "wrong"
    assert json.loads(guard.path.read_text())["pin:x"]["fails"] == 1


def test_the_danish_texts_have_one_home():
    assert wait_text(1) == "1 minut" and wait_text(61) == "2 minutter"
    assert wait_text(2 * 3600) == "2 timer"
    assert GuardOutcome("wrong").message("Forkert pinkode.") == "Forkert pinkode. Prøv igen."
    assert GuardOutcome("wrong", 60).message("Forkert pinkode.") == (
        "Forkert pinkode. Vent 1 minut, før du prøver igen.")
    assert GuardOutcome("wait", 600).message() == (
        "For mange forkerte forsøg. Vent 10 minutter, og prøv igen.")
    assert GuardOutcome("accepted").message() == ""


def test_join_codes_made_now_have_three_words(data_dir: Path):
    hold = HoldBook(data_dir).create_hold("8.A", "skole")
    assert len(hold.code.split("-")) == 4
