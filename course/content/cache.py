"""A start-up cache of the validated course, as plain JSON.

Reading and validating the YAML costs about as much as the rest of start-up together
(the YAML library alone takes ~50 ms to import). The app therefore keeps the validated
Course in the user's cache directory, keyed by a fingerprint of every content file
(name, size, modification time) and of the loader's own source. Any change to the
content or the loader makes the fingerprint differ, and the course is read and validated
afresh; invalid content is never cached. `medborger validate` never uses the cache.

The file holds data only: JSON objects and arrays, read by :func:`json.loads`. A course
object is rebuilt from an object whose ``"@"`` names one of the model's own dataclasses
(a fixed list, :data:`CLASSES`); any other name, a field that class does not have, or a
missing one makes the file unusable and it is rebuilt. Unlike a pickle, a file planted by
someone else can therefore never run code. It is still only read when it is the user's
own: on POSIX the cache folder and file must belong to the user and be writable by no one
else (the folder is made with mode 0700); otherwise the cache is not used at all.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import sys
import tempfile
import typing
from pathlib import Path
from typing import Any

from . import model
from .model import Course

try:  # hashlib's own BLAKE2, without hashlib loading OpenSSL first (~3-6 ms of start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# Bumped when the model changes shape (also covered by the source fingerprint).
CACHE_VERSION = 4

_CODE = [Path(__file__).with_name(name) for name in (
    "loader.py", "loader_base.py", "yaml_reading.py", "quiz_reading.py", "model.py", "policy.py",
    "cache.py")]

# Every class a cached course may be built of, by name.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (model.Quote, model.Section, model.FocusArea, model.Lesson, model.Fact, model.Track, model.Objective,
                model.Page, model.Module, model.Term, *typing.get_args(model.Question),
                model.Choice, model.Node, model.Scenario, model.Quiz, model.Course)
}
_FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in CLASSES.items()}


class _Unusable(ValueError):
    """The cache file is not a course this version wrote."""


def default_cache_dir() -> Path:
    if env := os.environ.get("MEDBORGER_CACHE"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("medborgerskab-ishoej", appauthor=False))


def fingerprint(root: Path) -> str:
    digest = blake2b(digest_size=16)
    digest.update(sys.version.encode())
    digest.update(f"cache-v{CACHE_VERSION};".encode())
    for folder in (root / "modules", root / "quizzes"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                info = entry.stat()
                digest.update(f"{folder.name}/{entry.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    for path in _CODE:
        info = path.stat()
        digest.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()


# -- course <-> JSON -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """The course as JSON values: a dataclass as {"@": class, field: value}, a tuple as a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if CLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not a course class")
        doc: dict[str, Any] = {"@": name}
        for f in dataclasses.fields(value):
            doc[f.name] = _plain(getattr(value, f.name))
        return doc
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _object(doc: dict[str, Any]) -> Any:
    """json.loads' object hook: rebuild one of the course's own dataclasses, nothing else
    (the outer object, without "@", stays a dict)."""
    if "@" not in doc:
        return doc
    name = doc.pop("@")
    fields = _FIELDS.get(name) if isinstance(name, str) else None
    if fields is None or doc.keys() != fields:
        raise _Unusable(f"not a course object: {name!r}")
    cls = CLASSES[name]
    obj: object = object.__new__(cls)  # the values were validated when the course was cached
    attributes = obj.__dict__
    for key, value in doc.items():
        attributes[key] = _tuples(value) if value.__class__ is list else value
    return obj


def dumps(course: Course, key: str) -> str:
    return json.dumps({"key": key, "course": _plain(course)}, ensure_ascii=False,
                      separators=(",", ":"))


def loads(text: str, key: str) -> Course | None:
    """The cached course if ``text`` is one written for ``key``, else None."""
    try:
        outer = json.loads(text, object_hook=_object)
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(outer, dict) or outer.get("key") != key:
        return None
    course = outer.get("course")
    return course if isinstance(course, Course) else None


def _private(path: Path, folder: bool) -> bool:
    """Whether ``path`` belongs to this user and no one else may write it (POSIX)."""
    if os.name != "posix":
        return True
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or (stat.S_ISDIR(info.st_mode) != folder):
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_course_cached(root: Path, cache_dir: Path | None = None) -> Course:
    """Like load_course, but served from the cache when the content is unchanged."""
    root = Path(root).resolve()
    cache_dir = cache_dir or default_cache_dir()
    name = blake2b(str(root).encode(), digest_size=8).hexdigest()
    cache_file = cache_dir / f"course-{name}.json"
    key = fingerprint(root)
    usable = _private(cache_dir, folder=True)
    if usable and _private(cache_file, folder=False):
        try:
            course = loads(cache_file.read_text("utf-8"), key)
        except (OSError, UnicodeDecodeError):
            course = None
        if course is not None:
            return course

    from .loader import load_course

    course = load_course(root)  # raises ContentError; invalid content is never cached
    try:
        if not cache_dir.exists():
            cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            usable = _private(cache_dir, folder=True)
        if usable:
            fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".course-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:  # mkstemp: mode 0600
                fh.write(dumps(course, key))
            os.replace(tmp, cache_file)
    except (OSError, TypeError):
        pass  # a cache that cannot be written only costs start-up time
    return course
