"""Small rules of Danish wording that every front end shares."""

from __future__ import annotations

__all__ = ["sentence"]


def sentence(text: str) -> str:
    """``text`` ended as a sentence: a full stop, unless it already ends in one, or in
    a question or exclamation mark (a title such as »Hvordan kan jeg bidrage?« must not
    become »bidrage?.«)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "…", ":")) else f"{text}."
