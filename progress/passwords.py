"""Salted hashes for the teachers' passphrase and learners' PINs (never stored in clear).

scrypt from the standard library, with a random salt per secret. The stored form is
``scrypt$n$r$p$salt$hash`` (salt and hash in hex), so the cost can be raised later
without breaking old hashes.

A PIN keeps one pupil out of another pupil's profile on a shared PC; it is not meant to
stop someone who can read the data folder (a 4-digit PIN has only 10,000 values).
"""

from __future__ import annotations

import hashlib
import hmac
import os

N, R, P = 2**14, 8, 1


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def check_secret(secret: str, stored: str | None) -> bool:
    """Whether ``secret`` matches the stored hash (constant-time compare)."""
    if not isinstance(stored, str):
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        # A hash from a data file is checked before it is trusted: costs beyond these
        # would let a forged file hang the program on a PIN check.
        if not (int(n) <= 2**20 and int(r) <= 32 and int(p) <= 16 and 16 <= len(digest) <= 128):
            return False
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


def valid_pin(pin: str) -> bool:
    """A PIN is 4 to 6 digits."""
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6


MIN_PASSPHRASE = 8


def valid_passphrase(text: str) -> bool:
    return len(text.strip()) >= MIN_PASSPHRASE
