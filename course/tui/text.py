"""User text on screen: shown exactly as typed, never read as markup or terminal codes."""

from __future__ import annotations

import unicodedata

from textual.content import Content

# Bidirectional overrides can make a name appear reversed or hide text.
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def visible(text: str) -> str:
    """Replace control characters with visible symbols (ESC becomes ␛, and so on).

    A learner name holding an escape sequence must not reach the terminal as one.
    """
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("␡")
        elif unicodedata.category(char) == "Cc" or code in _BIDI:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def plain(text: str) -> Content:
    """Content for a widget: literal text, no markup, no control codes."""
    return Content(visible(text))
