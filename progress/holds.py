"""Holds (classes and onboarding cohorts), teacher accounts and their join codes.

A *hold* is a school class or an onboarding cohort: a name ("8.A Vejleå Skole 2026/27"),
a track, an owner (a teacher account, or the administrator) and a join code that pupils
type to sign in when the course runs in a browser (``medborger serve``). A learner
belongs to at most one hold (``Learner.hold``); learners made before holds existed have
none and keep working in the terminal.

Files in the data directory, each replaced whole and atomically under its own lock::

    holds.json      {"holds": [{id, name, track, owner, code, code_set, code_expires,
                                old_codes, created}]}
    accounts.json   {"accounts": [{id, name, passphrase, created}]}

The administrator is the holder of the passphrase in ``admin.json`` (see
:class:`progress.store.Store`); ``owner`` is then :data:`ADMIN`.

Join codes are three short Danish words and two digits, "sol-hest-bro-47": easy to read
aloud and to type on a tablet. The words use only a–z (no æ, ø, å) and the digits are
2–9, so nothing can be mistaken for something else (no 0/O, no 1/l). Typing is
forgiving: case, spaces and hyphens don't matter. :data:`CODE_SPACE` codes are possible
(110 words, three different ones in order, times 64 digit pairs; every one stays distinct
once hyphens are dropped, checked by a test): 82,874,880. Wrong codes are limited per
address and for the whole server (:mod:`progress.guard`; the arithmetic of what that
leaves an attacker is in docs/drift.md). Codes made before 2026-12 have two words
(767,360 possible); they keep working until renewed, and `medborger holds renew` gives
a hold a three-word code.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.files import DamagedFileError, atomic_write_text, danish_reason, read_json

from .guard import Guard, code_limit
from .paths import valid_hold_id

if TYPE_CHECKING:
    from .model import Learner
    from .store import Store

ADMIN = "admin"
CODE_DAYS = 365  # a code lasts a school year unless renewed
MAX_HOLD_NAME = 60
MAX_ACCOUNT_NAME = 60
LOCK_TIMEOUT = 10
# New learners a hold can gain by its code: a class joins in one go (30 in a minute is
# fine), but a stranger with the code cannot fill the hold with junk names.
DEFAULT_MAX_LEARNERS = 40
MAX_LEARNERS_LIMIT = 500
JOINS_PER_MINUTE = 30

# Short, common Danish words without æ, ø, å and without look-alike letters in context.
WORDS = (
    "abe", "and", "bad", "bakke", "banan", "bil", "blad", "blomst", "bog", "bolle", "bord",
    "bro", "brev", "bus", "by", "cykel", "dag", "dal", "due", "dug", "dukke", "fisk", "fjer",
    "flag", "frugt", "fugl", "gade", "gave", "ged", "gran", "gris", "hat", "have", "hav",
    "hest", "hus", "hund", "hytte", "is", "jord", "kage", "kat", "kirke", "kjole", "kop",
    "krone", "lampe", "lys", "mark", "mus", "myre", "nat", "ost",
    "pande", "pil", "plante", "pude", "ravn", "regn", "ris", "rose", "sand", "sild",
    "sky", "skib", "skov", "sne", "sol", "solsikke", "spade", "stjerne", "stol",
    "storm", "strand", "sten", "svane", "tag", "tog", "tomat", "tromme", "uge", "ugle",
    "ulv", "vand", "vej", "vind", "vase", "agern", "anker", "bjerg", "bonde", "bue", "drage",
    "eg", "elg", "fad", "fyr", "gulv", "hane", "hvede", "kaj", "kilde", "kurv", "lam",
    "mos", "rug", "sti", "tang", "tavle", "vogn",
)
_WORDS = tuple(sorted(set(WORDS)))
DIGITS = "23456789"
CODE_WORDS = 3
CODE_SPACE = math.perm(len(_WORDS), CODE_WORDS) * len(DIGITS) ** 2


class HoldProblem(ValueError):
    """Something about a hold or an account that a person must fix; Danish message."""


@dataclass(frozen=True)
class Hold:
    id: str
    name: str
    track: str
    owner: str  # an account id, or ADMIN
    code: str
    code_set: str
    code_expires: str
    created: str
    old_codes: tuple[str, ...] = ()
    max_learners: int = 0  # 0: DEFAULT_MAX_LEARNERS; a teacher can raise it

    @property
    def learner_cap(self) -> int:
        return self.max_learners if self.max_learners > 0 else DEFAULT_MAX_LEARNERS

    def expired(self, at: datetime | None = None) -> bool:
        return _parse(self.code_expires) <= (at or _utcnow())


@dataclass(frozen=True)
class Account:
    """A teacher's or HR's account: sees and manages only the holds it owns."""

    id: str
    name: str
    passphrase: str = field(repr=False)  # a salted hash
    created: str = ""


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a typed join code: the hold, or a Danish reason it was refused."""

    hold: Hold | None
    problem: str | None = None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _parse(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def normalise_code(typed: str) -> str:
    """A typed code in the form it is compared in: lower case, letters and digits only."""
    return "".join(c for c in typed.casefold() if c.isascii() and c.isalnum())


def new_code(taken: AbstractSet[str] = frozenset()) -> str:
    """A fresh join code such as "sol-hest-bro-47", not among ``taken`` (normalised)."""
    import secrets  # only when a code is made: it costs start-up time

    while True:
        words = [secrets.choice(_WORDS) for _ in range(CODE_WORDS)]
        if len(set(words)) < CODE_WORDS:
            continue
        code = "-".join(words) + f"-{secrets.choice(DIGITS)}{secrets.choice(DIGITS)}"
        if normalise_code(code) not in taken:
            return code


def clean_label(text: str, limit: int, what: str) -> str:
    """A hold's or an account's name, checked; Danish HoldProblem when it cannot be used."""
    stripped = " ".join(str(text).split())
    if not stripped:
        raise HoldProblem(f"Skriv et navn til {what}.")
    if len(stripped) > limit:
        raise HoldProblem(f"Navnet må højst være {limit} tegn (det er {len(stripped)}).")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in stripped):
        raise HoldProblem("Navnet må ikke indeholde styretegn.")
    return stripped


class HoldBook:
    """The holds and teacher accounts of one data directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.holds_path = self.root / "holds.json"
        self.accounts_path = self.root / "accounts.json"

    # -- files -------------------------------------------------------------------------

    def _read(self, path: Path, key: str) -> list[dict[str, Any]]:
        try:
            data = read_json(path)
        except DamagedFileError as exc:
            raise HoldProblem(
                f"Filen {path.name} kan ikke læses ({exc.reason}). Den er ikke ændret. "
                "Hent den fra en sikkerhedskopi af datamappen.") from None
        except OSError as exc:
            raise HoldProblem(f"Filen {path.name} kan ikke læses ({danish_reason(exc)}).") from None
        rows = (data or {}).get(key, [])
        return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []

    @contextmanager
    def _change(self, path: Path, key: str) -> Iterator[list[dict[str, Any]]]:
        """Read-modify-write of one file under its lock; written only if the block succeeds."""
        from filelock import FileLock

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT):
                rows = self._read(path, key)
                yield rows
                atomic_write_text(path, json.dumps({key: rows}, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise HoldProblem(
                f"Datamappen kan ikke skrives ({danish_reason(exc)}). Intet er ændret.") from None

    # -- holds -------------------------------------------------------------------------

    def holds(self, owner: str | None = None) -> list[Hold]:
        """Every hold, or those ``owner`` may see (the administrator sees all)."""
        holds = [h for h in (_hold(row) for row in self._read(self.holds_path, "holds")) if h]
        if owner is not None and owner != ADMIN:
            holds = [h for h in holds if h.owner == owner]
        return sorted(holds, key=lambda h: h.name.casefold())

    def hold(self, hold_id: str) -> Hold | None:
        return next((h for h in self.holds() if h.id == hold_id), None)

    def find_hold(self, name_or_id: str, owner: str | None = None) -> Hold:
        """The hold with this name (case-insensitive) or id; LookupError in Danish."""
        wanted = name_or_id.strip()
        holds = self.holds(owner)
        match = [h for h in holds if h.id == wanted] or [
            h for h in holds if h.name.casefold() == wanted.casefold()]
        if not match:
            raise LookupError(f"Der er intet hold, der hedder »{wanted}«.")
        return match[0]

    def create_hold(self, name: str, track: str, owner: str = ADMIN) -> Hold:
        name = clean_label(name, MAX_HOLD_NAME, "holdet")
        now = _utcnow()
        with self._change(self.holds_path, "holds") as rows:
            if any(str(r.get("name", "")).casefold() == name.casefold() for r in rows):
                raise HoldProblem(f"Der er allerede et hold, der hedder »{name}«.")
            hold = Hold(id=os.urandom(6).hex(), name=name, track=track, owner=owner,
                        code=new_code(_taken(rows)), code_set=_iso(now),
                        code_expires=_iso(now + timedelta(days=CODE_DAYS)), created=_iso(now))
            rows.append(_row(hold))
        return hold

    def renew_code(self, hold_id: str) -> Hold:
        """A new join code for the hold; the old one stops working at once."""
        now = _utcnow()
        with self._change(self.holds_path, "holds") as rows:
            for n, row in enumerate(rows):
                hold = _hold(row)
                if hold and hold.id == hold_id:
                    renewed = Hold(**{**asdict(hold),
                                      "code": new_code(_taken(rows)), "code_set": _iso(now),
                                      "code_expires": _iso(now + timedelta(days=CODE_DAYS)),
                                      "old_codes": (hold.old_codes + (hold.code,))[-10:]})
                    rows[n] = _row(renewed)
                    return renewed
        raise HoldProblem("Holdet findes ikke længere.")

    def set_max_learners(self, hold_id: str, count: int) -> Hold:
        """How many learners the hold may have (a teacher raises it for a big cohort)."""
        if not isinstance(count, int) or not 1 <= count <= MAX_LEARNERS_LIMIT:
            raise HoldProblem(f"Skriv et antal fra 1 til {MAX_LEARNERS_LIMIT}.")
        with self._change(self.holds_path, "holds") as rows:
            for n, row in enumerate(rows):
                hold = _hold(row)
                if hold and hold.id == hold_id:
                    changed = Hold(**{**asdict(hold), "max_learners": count})
                    rows[n] = _row(changed)
                    return changed
        raise HoldProblem("Holdet findes ikke længere.")

    @staticmethod
    def join_problem(hold: Hold, members: list[Any], at: datetime | None = None) -> str | None:
        """Why a new learner cannot join ``hold`` now (Danish), or None.

        ``members``: the hold's learners (anything with ``created``, ISO 8601). At most
        :data:`JOINS_PER_MINUTE` new learners a minute and ``hold.learner_cap`` in all.
        Only a verdict: :meth:`join` asks it under the lock of the write that adds the
        learner, so the count cannot change in between.
        """
        if len(members) >= hold.learner_cap:
            cap = hold.learner_cap
            return (f"Holdet er fuldt ({cap} {'deltager' if cap == 1 else 'deltagere'}). "
                    "Bed din lærer om at give plads til flere.")
        now = at or _utcnow()
        recent = [m for m in members
                  if timedelta(0) <= now - _parse(getattr(m, "created", "")) < timedelta(minutes=1)]
        if len(recent) >= JOINS_PER_MINUTE:
            return "Der er lige kommet mange nye deltagere på holdet. Vent et minut, og prøv igen."
        return None

    def join(self, store: Store, name: str, hold: Hold, pin: str | None = None) -> Learner:
        """A new learner in ``hold`` (by its code), within the hold's limits.

        The limits (:meth:`join_problem`: :data:`JOINS_PER_MINUTE` and the hold's cap) are
        checked against the learners index under its lock, in the same step that adds the
        new learner's row (``Store.create_learner(admit=...)``), so joins at the same
        moment, from any process, cannot go over. Fails closed: InvalidName (Danish) when
        the hold is full, OSError when the lock or the write fails, HoldProblem when
        holds.json cannot be read; in each case no learner is made.
        """
        current = self.hold(hold.id) or hold  # the cap as the teacher set it last
        return store.create_learner(name, current.track, current.id, pin,
                                    admit=lambda members: self.join_problem(current, members))

    def check_code(self, typed: str) -> CodeCheck:
        """The hold a typed join code opens, or the Danish reason it does not."""
        code = normalise_code(typed)
        if not code:
            return CodeCheck(None, "Skriv holdets kode. Du får den af din lærer.")
        for hold in self.holds():
            if normalise_code(hold.code) == code:
                if hold.expired():
                    return CodeCheck(None, "Koden er udløbet. Bed din lærer om holdets nye kode.")
                return CodeCheck(hold)
        for hold in self.holds():
            if code in {normalise_code(old) for old in hold.old_codes}:
                return CodeCheck(None, "Koden er skiftet ud. Bed din lærer om holdets nye kode.")
        return CodeCheck(None, "Koden passer ikke til noget hold. Tjek stavningen, og prøv igen.")

    def open_with_code(self, typed: str, guard: Guard, client: str,
                       tracks: AbstractSet[str]) -> tuple[str | None, Hold | None]:
        """The hold a typed join code opens for a learner at ``client`` (an address), or
        the Danish reason it does not. Every front end signs in through this: each try is
        counted on disk before the code is looked up, per address and for the whole
        server, and a try that cannot be counted is refused (:mod:`progress.guard`).
        ``tracks`` are the course's track ids: a hold whose track is gone opens nothing."""
        if not normalise_code(typed):
            return "Skriv holdets kode. Du får den af din lærer.", None
        found: list[CodeCheck] = []

        def test() -> bool:
            found.append(self.check_code(typed))
            return found[-1].hold is not None

        outcome = guard.attempt(code_limit(client), test)  # HoldProblem: the caller's
        if not outcome.accepted:
            wrong = found[-1].problem if found else ""
            return outcome.message(wrong or "Koden passer ikke til noget hold."), None
        hold = found[-1].hold
        assert hold is not None  # accepted means the test found it
        if hold.track not in tracks:
            return "Holdets forløb findes ikke længere i kurset. Sig det til din lærer.", None
        return None, hold

    # -- accounts ----------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        rows = self._read(self.accounts_path, "accounts")
        accounts = [Account(str(r["id"]), str(r["name"]), str(r.get("passphrase") or ""),
                            str(r.get("created") or ""))
                    for r in rows if valid_hold_id(r.get("id")) and isinstance(r.get("name"), str)]
        return sorted(accounts, key=lambda a: a.name.casefold())

    def account(self, account_id: str) -> Account | None:
        return next((a for a in self.accounts() if a.id == account_id), None)

    def find_account(self, name: str) -> Account | None:
        wanted = " ".join(name.split()).casefold()
        return next((a for a in self.accounts() if a.name.casefold() == wanted), None)

    def create_account(self, name: str, passphrase: str) -> Account:
        from .passwords import MIN_PASSPHRASE, hash_secret, valid_passphrase

        name = clean_label(name, MAX_ACCOUNT_NAME, "kontoen")
        if not valid_passphrase(passphrase):
            raise HoldProblem(f"Adgangsfrasen skal være mindst {MIN_PASSPHRASE} tegn.")
        account = Account(os.urandom(6).hex(), name, hash_secret(passphrase), _iso(_utcnow()))
        with self._change(self.accounts_path, "accounts") as rows:
            if any(str(r.get("name", "")).casefold() == name.casefold() for r in rows):
                raise HoldProblem(f"Der er allerede en konto, der hedder »{name}«.")
            rows.append(asdict(account))
        return account

    def set_account_passphrase(self, account_id: str, passphrase: str) -> None:
        """A new passphrase for a teacher who forgot theirs (done by the administrator)."""
        from .passwords import MIN_PASSPHRASE, hash_secret, valid_passphrase

        if not valid_passphrase(passphrase):
            raise HoldProblem(f"Adgangsfrasen skal være mindst {MIN_PASSPHRASE} tegn.")
        with self._change(self.accounts_path, "accounts") as rows:
            for row in rows:
                if row.get("id") == account_id:
                    row["passphrase"] = hash_secret(passphrase)
                    break
            else:
                raise HoldProblem("Kontoen findes ikke længere.")
        # The wrong tries at the old passphrase must not keep out the new one.
        from .guard import Guard, passphrase_limit

        try:
            Guard(self.root).clear(passphrase_limit(account_id)[0][0])
        except OSError as exc:
            raise HoldProblem(f"Adgangsfrasen er skiftet, men de forkerte forsøg kunne ikke "
                              f"nulstilles ({danish_reason(exc)}).") from None

    def check_account(self, account: Account, passphrase: str) -> bool:
        """Whether the passphrase is the account's; an older, cheaper hash is replaced
        at today's cost on a right one."""
        from .passwords import check_secret, hash_secret, needs_rehash

        if not check_secret(passphrase, account.passphrase):
            return False
        if needs_rehash(account.passphrase):
            try:
                with self._change(self.accounts_path, "accounts") as rows:
                    for row in rows:
                        if row.get("id") == account.id:
                            row["passphrase"] = hash_secret(passphrase)
            except HoldProblem:
                pass  # the old hash still works; replaced next time
        return True


def _taken(rows: list[dict[str, Any]]) -> set[str]:
    taken = set()
    for row in rows:
        taken.add(normalise_code(str(row.get("code", ""))))
        taken.update(normalise_code(str(c)) for c in row.get("old_codes") or ())
    return taken


def _row(hold: Hold) -> dict[str, Any]:
    row = asdict(hold)
    row["old_codes"] = list(hold.old_codes)
    return row


_ID = re.compile(r"^[0-9a-f]{6,32}$")


def _hold(row: dict[str, Any]) -> Hold | None:
    """A hold from its row, or None for a row that is not one (skipped, never a crash)."""
    try:
        values = {key: row[key] for key in ("id", "name", "track", "owner", "code", "code_set",
                                               "code_expires", "created")}
    except KeyError:
        return None
    if not all(isinstance(v, str) for v in values.values()) or not valid_hold_id(values["id"]):
        return None
    old = row.get("old_codes") or ()
    cap = row.get("max_learners")
    cap = cap if isinstance(cap, int) and not isinstance(cap, bool) and cap > 0 else 0
    return Hold(**values, old_codes=tuple(str(c) for c in old if isinstance(c, str)),
                max_learners=cap)
