"""Reports as files: CSV for a Danish spreadsheet, JSON, and Markdown. No UI, no content.

The rows are built elsewhere (``course/reports/learners.py``) as plain values; this module only
writes them out.

CSV choices: UTF-8 with a byte-order mark and ``;`` between fields, which is what Excel
with Danish regional settings expects when a file is double-clicked (a comma is the
decimal sign there). Scores are whole per cents and dates are ISO 8601 (YYYY-MM-DD), so
no cell depends on the reader's decimal or date format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)


# A spreadsheet reads a cell starting with one of these as a formula (or DDE). Excel also
# folds the full-width forms (＝ ＋ － ＠) to the ASCII ones, and skips leading spaces.
FORMULA_SIGNS = frozenset("=+-@＝＋－＠")


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula: a cell that starts with
    = + - @ (or their full-width forms), with a tab, a carriage return or a line break,
    or with spaces and then one of the signs, gets a leading ' (shown as text)."""
    if not text:
        return text
    first = text[0]
    if first in FORMULA_SIGNS or first in "\t\r\n":
        return "'" + text
    if first.isspace() or first in "\u200b\ufeff":
        rest = text.lstrip().lstrip("\u200b\ufeff").lstrip()
        if rest and rest[0] in FORMULA_SIGNS:
            return "'" + text
    return text


def to_csv(columns: Sequence[str], rows: Sequence[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(_cell(row.get(column))) for column in columns])
    return "\ufeff" + out.getvalue()


def to_markdown(columns: Sequence[str], rows: Sequence[Row], title: str = "") -> str:
    def esc(value: Any) -> str:
        text = _cell(value).replace("\\", "\\\\").replace("|", "\\|")
        return " ".join(text.split())  # no line breaks inside a table cell

    lines = [f"# {title}", ""] if title else []
    lines.append("| " + " | ".join(esc(c) for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(esc(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_json(rows: Sequence[Row], about: dict[str, Any]) -> str:
    return json.dumps({**about, "deltagere": list(rows)}, ensure_ascii=False, indent=2) + "\n"
