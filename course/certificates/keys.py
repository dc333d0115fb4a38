"""The installation's Ed25519 key pair, which signs certificates.

Layout, made on first use::

    <data dir>/keys/            mode 0o700
    <data dir>/keys/private.pem the private key, PKCS8 PEM, mode 0o600
    <data dir>/keys/public.pem  the public key, SubjectPublicKeyInfo PEM
    <data dir>/keys/keys.lock   inter-process lock while the pair is made

The private key is written to a temporary file opened with O_CREAT|O_EXCL and mode 0o600
(never readable by others, not even for a moment), flushed and fsynced, then linked to
its final name, which fails if the name exists: a half-written key file is never seen,
and two processes making a key at the same time end up with one key (the loser rereads
the winner's). An inter-process lock around the whole step makes that the normal case.

A key file that cannot be read is never replaced: a new key would make every
certificate issued so far unverifiable. The error says so, in Danish.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_DIR = "keys"
PRIVATE_NAME = "private.pem"
PUBLIC_NAME = "public.pem"
LOCK_TIMEOUT = 10  # seconds

# multicodec prefix of an Ed25519 public key (0xed, varint-encoded), for did:key
_ED25519_MULTICODEC = b"\xed\x01"
# an Ed25519 did:key is "did:key:z" + 47 base58btc characters (34 bytes: multicodec + key)
DID_KEY_CHARS = 47
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class KeyProblem(Exception):
    """A key that is missing or cannot be used; the message is Danish, for a person."""


def key_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / KEY_DIR


def public_key_path(data_dir: str | Path) -> Path:
    return key_dir(data_dir) / PUBLIC_NAME


def private_key_path(data_dir: str | Path) -> Path:
    return key_dir(data_dir) / PRIVATE_NAME


# --- naming a public key ------------------------------------------------------------------


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """A short name for the key: the first 16 hex digits of SHA-256 of the raw 32-byte
    public key, in groups of four (``3f2a-9c1b-77de-0a45``)."""
    digest = hashlib.sha256(raw_public_bytes(public_key)).hexdigest()[:16]
    return "-".join(digest[i:i + 4] for i in range(0, 16, 4))


def base58btc(data: bytes) -> str:
    """Bitcoin base58 (the alphabet multibase calls base58btc)."""
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _BASE58[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


# Longest base58btc text decoded at all: a 64-byte signature is at most 88 characters, a
# did:key's multibase 48. Every caller passes the bound of what it expects, and the length
# is checked before any arithmetic, so a hostile 1 MB string costs nothing.
MAX_BASE58 = 128
_BASE58_INDEX = {char: index for index, char in enumerate(_BASE58)}
_CHUNK = 10  # 58**10 < 2**64: ten characters per big-number step


def base58btc_decode(text: str, max_chars: int = MAX_BASE58) -> bytes:
    """Bitcoin base58 to bytes. Raises ValueError when ``text`` is longer than
    ``max_chars`` (checked first) or has a character outside the alphabet.

    Characters are folded ten at a time into one big-number step, so the work is linear
    in the (bounded) length for every length this module accepts.
    """
    if not isinstance(text, str) or len(text) > max_chars:
        raise ValueError("base58btc text too long")
    number = 0
    for start in range(0, len(text), _CHUNK):
        chunk = text[start:start + _CHUNK]
        value = 0
        for char in chunk:
            index = _BASE58_INDEX.get(char)
            if index is None:
                raise ValueError(f"not base58btc: {char!r}")
            value = value * 58 + index
        number = number * 58 ** len(chunk) + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def did_key(public_key: Ed25519PublicKey) -> str:
    """The key as a did:key identifier (``did:key:z6Mk…``)."""
    return "did:key:z" + base58btc(_ED25519_MULTICODEC + raw_public_bytes(public_key))


def verification_method(public_key: Ed25519PublicKey) -> str:
    """The did:key verification method URL of the key (``did:key:z6Mk…#z6Mk…``)."""
    did = did_key(public_key)
    return f"{did}#{did.removeprefix('did:key:')}"


def public_key_from_did(value: str) -> Ed25519PublicKey:
    """The Ed25519 key named by a did:key identifier or verification method URL.

    Raises ValueError when ``value`` is not an Ed25519 did:key.
    """
    if not isinstance(value, str) or not value.startswith("did:key:z"):
        raise ValueError("not a did:key")
    encoded = value.removeprefix("did:key:z").split("#", 1)[0]
    if len(encoded) != DID_KEY_CHARS:  # before decoding: a 1 MB "key" is refused at once
        raise ValueError("not an Ed25519 did:key")
    raw = base58btc_decode(encoded, DID_KEY_CHARS)
    if len(raw) != 34 or not raw.startswith(_ED25519_MULTICODEC):
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def public_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


# --- the key pair ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPair:
    private_key: Ed25519PrivateKey
    private_path: Path
    public_path: Path

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def public_pem(self) -> str:
        return public_pem(self.public_key)


def _damaged(path: Path, reason: str) -> KeyProblem:
    return KeyProblem(
        f"Nøglefilen {path} kan ikke bruges ({reason}). Den er ikke udskiftet, for med en ny "
        "nøgle kan de kursusbeviser, der allerede er udstedt, ikke længere kontrolleres. Læg en "
        "sikkerhedskopi af filen tilbage. Hvis der ikke er nogen, så flyt filen væk; så laves "
        "der en ny nøgle, og de gamle kursusbeviser kan kun kontrolleres med den gamle "
        "offentlige nøgle."
    )


def _read_private(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _damaged(path, exc.strerror or "den kan ikke åbnes") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise _damaged(path, "indholdet er ikke en gyldig nøgle") from None
    except Exception:  # cryptography raises UnsupportedAlgorithm for some odd inputs
        raise _damaged(path, "indholdet er ikke en gyldig nøgle") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise _damaged(path, "det er ikke en Ed25519-nøgle")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file (or the private key's file, which holds it).

    Raises KeyProblem with a Danish message when it is missing or not such a key.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyProblem(f"Nøglefilen {path} findes ikke.") from None
    except OSError as exc:
        raise KeyProblem(f"Nøglefilen {path} kan ikke læses ({exc.strerror}).") from None
    key = None
    for load in (serialization.load_pem_public_key, serialization.load_pem_private_key):
        try:
            key = load(data) if load is serialization.load_pem_public_key else load(data, None)
            break
        except Exception:  # not this kind of PEM (ValueError, TypeError, UnsupportedAlgorithm)
            continue
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"Filen {path} er ikke en offentlig Ed25519-nøgle i formatet PEM.")
    return key


def installation_public_key(data_dir: str | Path) -> Ed25519PublicKey:
    """The installation's public key, without making a key pair.

    Raises KeyProblem when the data directory has no key yet.
    """
    public = public_key_path(data_dir)
    private = private_key_path(data_dir)
    if public.exists():
        return load_public_key(public)
    if private.exists():
        return _read_private(private).public_key()
    raise KeyProblem(
        f"Der er ingen nøgle i datamappen {Path(data_dir)}, så der er ikke noget at kontrollere "
        "med. Angiv udstederens offentlige nøgle med --public-key NØGLEFIL, eller brug den "
        "datamappe, som kursusbeviset blev udstedt fra (--data MAPPE)."
    )


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass  # not ours to change (a shared folder); the key file itself is 0o600


def _write_new(path: Path, data: bytes, mode: int) -> bool:
    """Create ``path`` with ``data`` unless it exists. True if this call created it.

    The data goes to a temporary file created with O_EXCL and ``mode``, is fsynced, and is
    then linked to ``path``; linking fails when ``path`` exists, so nothing is overwritten
    and the file is never seen half-written.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, mode)
    try:
        try:
            if os.name == "posix":
                os.fchmod(fd, mode)  # the umask may only have taken bits away; make it exact
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:
            # a file system without hard links: under the lock, a check and a rename do
            if path.exists():
                return False
            os.replace(tmp, path)
            return True
        return True
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def load_or_create(data_dir: str | Path) -> KeyPair:
    """The installation's key pair, made on first use (see the module docstring).

    Raises KeyProblem (Danish) when the key file is damaged or the folder is not writable.
    """
    from filelock import FileLock, Timeout

    folder = key_dir(data_dir)
    private = folder / PRIVATE_NAME
    public = folder / PUBLIC_NAME
    try:
        _private_dir(folder)
    except OSError as exc:
        raise KeyProblem(f"Mappen til nøglen kan ikke oprettes: {folder} ({exc.strerror}).") from None
    try:
        with FileLock(str(folder / "keys.lock"), timeout=LOCK_TIMEOUT):
            if not private.exists():
                key = Ed25519PrivateKey.generate()
                pem = key.private_bytes(serialization.Encoding.PEM,
                                        serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
                _write_new(private, pem, 0o600)  # False: another process won; reread below
            key = _read_private(private)
            wanted = public_pem(key.public_key()).encode("ascii")
            if not public.exists() or public.read_bytes() != wanted:
                # the public key is derived from the private one: (re)write it atomically
                tmp = public.with_name(f".{public.name}.{secrets.token_hex(6)}.tmp")
                tmp.write_bytes(wanted)
                os.replace(tmp, public)
    except Timeout:
        raise KeyProblem(f"Nøglen i {folder} er optaget af et andet program. Prøv igen om lidt.") from None
    except OSError as exc:
        raise KeyProblem(f"Nøglen i {folder} kan ikke gemmes ({exc.strerror}).") from None
    return KeyPair(key, private, public)
