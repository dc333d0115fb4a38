"""The README is the newcomer's page: short, Danish, and its links lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_is_a_five_minute_read_in_danish() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    assert len(text.split()) <= 1500  # about five minutes at a reading pace
    for heading in ("## Kom i gang", "## Tasterne", "## Læs mere", "### Testene"):
        assert heading in text
    assert "uv run medborger" in text and "uv run pytest" in text and "python app.py" in text
    assert "Chromium" in text and "minutter" in text  # what the tests need and take


def test_every_link_in_the_docs_leads_to_a_file() -> None:
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"
