"""Reports as files: CSV for a Danish spreadsheet, JSON, and Markdown. No UI, no content.

The rows are built elsewhere (``course/report.py``) as plain values; this module only
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
from typing import Any, Sequence

Row = dict[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float):
        return f"{value:.0f}"
    return str(value)


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (=, +, -, @ first)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
