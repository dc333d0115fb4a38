"""A start-up cache of the validated course.

Reading and validating the YAML costs about as much as the rest of start-up together
(the YAML library alone takes ~50 ms to import). The app therefore keeps the validated
Course, pickled, in the user's cache directory, keyed by a fingerprint of every content
file (name, size, modification time) and of the loader's own source. Any change to the
content or the loader makes the fingerprint differ, and the course is read and validated
afresh; invalid content is never cached. `medborger validate` never uses the cache.

The cache holds only what the user's own content files already say, in the user's own
cache directory; a cache file that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .model import Course

# Bumped when the pickled model changes shape (also covered by the source fingerprint).
CACHE_VERSION = 2

_CODE = [Path(__file__).with_name(name) for name in ("loader.py", "model.py", "policy.py", "cache.py")]


def default_cache_dir() -> Path:
    if env := os.environ.get("MEDBORGER_CACHE"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("medborgerskab-ishoej", appauthor=False))


def fingerprint(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    digest.update(f"cache-v{CACHE_VERSION};".encode())
    for folder in (root / "modules", root / "quizzes"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                stat = entry.stat()
                digest.update(f"{folder.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    for path in _CODE:
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def load_course_cached(root: Path, cache_dir: Path | None = None) -> Course:
    """Like load_course, but served from the cache when the content is unchanged."""
    root = Path(root).resolve()
    cache_dir = cache_dir or default_cache_dir()
    name = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    cache_file = cache_dir / f"course-{name}.pickle"
    key = fingerprint(root)
    try:
        with cache_file.open("rb") as fh:
            cached_key, course = pickle.load(fh)
        if cached_key == key and isinstance(course, Course):
            return course
    except Exception:  # missing, stale, truncated or from another version: rebuild
        pass

    from .loader import load_course

    course = load_course(root)  # raises ContentError; invalid content is never cached
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".course-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, course), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        pass  # a cache that cannot be written only costs start-up time
    return course
