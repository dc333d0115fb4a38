"""The policy text, and checks that a quote really is the policy's own words.

The policy was extracted from a PDF: words are separated by tabs in bullet lists and
hyphenated across lines (and sometimes mid-line, "borge-re"). A quote in the course is
written cleanly, so both sides are folded before comparing: whitespace and hyphens are
dropped and quote marks made uniform. Everything else (letters, case, punctuation) must
match exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_DROP = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "”": "'", "“": "'", '"': "'", "«": "'", "»": "'"})


def fold(text: str) -> str:
    """Fold text for quote comparison (see the module docstring)."""
    return _DROP.sub("", text.translate(_QUOTES))


class PolicyText:
    """The policy's full text, ready for quote look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded = fold(text)

    @classmethod
    def from_file(cls, path: Path) -> PolicyText:
        return _cached(str(path), path.stat().st_mtime_ns)

    def contains(self, quote: str) -> bool:
        folded = fold(quote.strip().strip("«»\"”“'’").rstrip("…").strip())
        return bool(folded) and folded in self._folded


@lru_cache(maxsize=4)
def _cached(path: str, _mtime: int) -> PolicyText:
    return PolicyText(Path(path).read_text(encoding="utf-8"))
