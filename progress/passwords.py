"""Salted hashes for passphrases, PINs and one-time codes, and the rules for PINs.

New hashes are Argon2id (argon2-cffi) at OWASP's recommended minimum: 19 MiB of memory,
2 passes, 1 lane (``$argon2id$v=19$m=19456,t=2,p=1$…``). Argon2id rather than scrypt at
OWASP's N=2^17 (128 MiB): a class of 30 signing in at once would need 30 x 128 MiB =
3.75 GiB for a moment with scrypt, 570 MiB with Argon2id, for the same protection.

Hashes made before (``scrypt$n$r$p$salt$hash``, N=2^14) are still checked, with
``maxmem`` set so a forged cost cannot hang or exhaust the program, and are replaced by
an Argon2id hash at the next right sign-in (:func:`needs_rehash`).

A PIN keeps a classmate out of a pupil's profile; it is not meant to stop someone who
can read the data folder (a 4-digit PIN has only 10,000 values). Guessing through the
app is limited by :mod:`progress.guard`.

The Danish texts about PINs (the rule »4 til 6 cifre«, that a PIN in a hold stays) live
here and nowhere else; every front end shows these.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

# -- the rules and their Danish texts ---------------------------------------------------

PIN_MIN, PIN_MAX = 4, 6
PIN_RULE_SHORT = f"{PIN_MIN} til {PIN_MAX} cifre"
PIN_RULE = f"En pinkode skal være {PIN_RULE_SHORT}."
PIN_STAYS = ("På et hold kan pinkoden skiftes, men ikke fjernes: den holder andre ude af "
             "dit forløb.")
ONE_TIME_DIGITS = 8
ONE_TIME_RULE = f"Engangskoden er {ONE_TIME_DIGITS} cifre. Du får den af din lærer."

MIN_PASSPHRASE = 8
PASSPHRASE_RULE = f"Adgangsfrasen skal være mindst {MIN_PASSPHRASE} tegn."


def valid_pin(pin: str) -> bool:
    """A PIN is 4 to 6 digits (ASCII)."""
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


def pin_problem(pin: str) -> str | None:
    """The Danish reason a typed PIN cannot be used, or None."""
    return None if valid_pin(pin) else PIN_RULE


def valid_passphrase(text: str) -> bool:
    return len(text.strip()) >= MIN_PASSPHRASE


def new_one_time_code() -> str:
    """A teacher's reset code: 8 random digits, shown as "4821 7730"."""
    import secrets

    digits = "".join(secrets.choice("0123456789") for _ in range(ONE_TIME_DIGITS))
    return f"{digits[:4]} {digits[4:]}"


def normalise_one_time(typed: str) -> str:
    """A typed one-time code as compared: digits only (spaces and hyphens dropped)."""
    return "".join(c for c in typed if c.isascii() and c.isdigit())


# -- hashing ------------------------------------------------------------------------------

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME = 2
ARGON2_LANES = 1


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # imported on first use: it costs start-up time

    return PasswordHasher(time_cost=ARGON2_TIME, memory_cost=ARGON2_MEMORY_KIB,
                          parallelism=ARGON2_LANES)


def hash_secret(secret: str) -> str:
    return _hasher().hash(secret)


def check_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches the stored hash (Argon2id, or an older scrypt one)."""
    if not isinstance(stored, str):
        return False
    if stored.startswith("$argon2"):
        return _check_argon2(secret, stored)
    if stored.startswith("scrypt$"):
        return _check_scrypt(secret, stored)
    return False


def needs_rehash(stored: str | None) -> bool:
    """Whether a hash that just matched should be replaced by one at today's cost."""
    if not isinstance(stored, str) or not stored.startswith("$argon2"):
        return True
    try:
        return _hasher().check_needs_rehash(stored)
    except Exception:
        return True


def _check_argon2(secret: str, stored: str) -> bool:
    from argon2.exceptions import (
        InvalidHashError,
        VerificationError,
        VerifyMismatchError,
    )

    # A hash from a data file is checked before it is trusted: a forged cost beyond
    # 256 MiB or 10 passes would let a file hang the program on a PIN check.
    try:
        params = dict(part.split("=", 1) for part in stored.split("$")[3].split(","))
        if int(params["m"]) > 256 * 1024 or int(params["t"]) > 10 or int(params["p"]) > 8:
            return False
    except (IndexError, KeyError, ValueError):
        return False
    try:
        return _hasher().verify(stored, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


SCRYPT_MAXMEM = 256 * 1024 * 1024


def _check_scrypt(secret: str, stored: str) -> bool:
    try:
        _kind, n, r, p, salt, digest = stored.split("$")
        if not (int(n) <= 2**18 and int(r) <= 32 and int(p) <= 16 and 16 <= len(digest) <= 128):
            return False
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(digest) // 2,
                                maxmem=SCRYPT_MAXMEM)
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


def legacy_scrypt_hash(secret: str, n: int = 2**14) -> str:
    """A hash as made before Argon2id (for tests of the rehash and of old data)."""
    import os

    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=8, p=1, dklen=32,
                            maxmem=SCRYPT_MAXMEM)
    return f"scrypt${n}$8$1${salt.hex()}${digest.hex()}"
