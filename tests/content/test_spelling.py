"""Quality gate: every learner-visible word is Danish spelled right (hunspell da_DK).

Runs scripts/spellcheck.py's check on the loaded course and the UI strings. Skipped only
when hunspell or its Danish dictionary is missing; CI installs them
(`apt-get install hunspell hunspell-da`). A word the check does not know is either fixed
where it occurs or, if it is really correct (a name, a place, the policy's own compound),
added to tests/spelling/words.txt.
"""

from __future__ import annotations

import pytest

from course.content.model import Course

from .conftest import load_script

spellcheck = load_script("spellcheck")


@pytest.fixture(scope="module")
def hunspell() -> None:
    problem = spellcheck.hunspell_problem()
    if problem:
        pytest.skip(problem)


def test_word_list_is_clean() -> None:
    """One word a line, no blanks, no duplicates, sorted: easy to review."""
    lines = spellcheck.WORDLIST.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() == line and line and " " not in line for line in lines)
    assert len(lines) == len(set(lines))
    assert lines == sorted(lines, key=str.casefold)




@pytest.mark.slow
def test_ui_strings_are_found() -> None:
    """The source scan still finds the UI text (guards against a rule that drops it all)."""
    texts = {t.text for t in spellcheck.source_texts()}
    assert "Velkommen til kurset i Ishøj Kommunes medborgerpolitik." in texts
    assert "Hjælp" in texts




@pytest.mark.slow
def test_no_unknown_words(hunspell: None, real_course: Course) -> None:
    found = spellcheck.check(real_course)
    assert not found, "unknown words (fix them, or add real names to tests/spelling/words.txt):\n" \
        + spellcheck.report(found)
