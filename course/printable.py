"""Text from learners and data files, made safe to show on a terminal. No UI library here.

A name is whatever someone typed, or whatever a data file on a shared folder says: it can
hold an escape sequence that retitles or clears the terminal, a carriage return that
hides what came before it, a bidirectional override that shows a name reversed, or a lone
surrogate that cannot even be encoded. The TUI (``course.tui.text``) and the CLI
(``course.cli``) both show such text through :func:`visible`, so a control character is
seen, never obeyed, wherever the text turns up.
"""

from __future__ import annotations

import unicodedata

# Bidirectional embeddings, overrides and isolates: they can make a name appear reversed
# or hide text.
BIDI = frozenset({0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ESC becomes ␛, TAB ␉, LF ␊ …
    if code == 0x7F:
        return "␡"
    if code in BIDI or unicodedata.category(char) in ("Cc", "Cs"):
        return f"\\u{code:04x}"  # C1 controls (a one-byte CSI), bidi, lone surrogates
    return char


def visible(text: object) -> str:
    """``text`` with every control character replaced by a visible stand-in.

    ESC becomes ␛ (and every other C0 control its control picture), DEL ␡, C1
    controls, bidirectional overrides and lone surrogates ``\\uXXXX``. Everything else,
    æ, ø, å and any script, is kept as it is.
    """
    text = str(text)
    if text.isprintable():  # the common case: nothing to replace
        return text
    return "".join(map(_shown, text))


def visible_document(text: str) -> str:
    """A whole document (CSV, Markdown, JSON) for a terminal: like :func:`visible`, but its
    line breaks (``\\n`` and ``\\r\\n``) and tabs are kept, so it still reads as a
    document. A lone carriage return, which would let a name overwrite the start of its
    line, is shown as ␍."""
    lines = text.split("\n")
    out = []
    for line in lines:
        ending = "\r" if line.endswith("\r") else ""
        body = line[:-1] if ending else line
        out.append("\t".join(visible(part) for part in body.split("\t")) + ending)
    return "\n".join(out)
