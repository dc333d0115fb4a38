"""Issue 20 on the web pages: the same limits as the terminal, from progress."""

from __future__ import annotations

import json

from progress import Store
from progress.holds import HoldBook

from .conftest import sign_up


async def test_a_full_hold_takes_no_junk_learner(browser, hold, data_dir):
    HoldBook(data_dir).set_max_learners(hold.id, 1)
    await sign_up(browser, hold, "Amira")
    other = browser.new()
    await sign_up(other, hold, "Junk")
    assert "Holdet er fuldt (1 deltager)" in other.text()
    assert [l.name for l in Store(data_dir).learners_in(hold.id)] == ["Amira"]


async def test_a_wrong_code_is_counted_per_address_and_refused_when_it_cannot_be(
        browser, hold, data_dir):
    await browser.get("/")
    await browser.post("/log-ind/kode", {"kode": "sol-hest-bro-22"})
    assert "Koden passer ikke til noget hold" in browser.text()
    counts = json.loads((data_dir / "guesses.json").read_text("utf-8"))
    assert any(key.startswith("kode:") and key != "kode:*" for key in counts)
    (data_dir / "guesses.json").unlink()
    (data_dir / "guesses.json").mkdir()  # now no try can be counted: even the right code
    await browser.post("/log-ind/kode", {"kode": hold.code})
    assert "kan ikke tælles" in browser.text()


async def test_new_pupils_at_the_same_moment_never_go_over_the_joins_a_minute(
        browser, hold, data_dir, monkeypatch):
    """A class presses »Opret« together: the limit is checked and counted in one step."""
    import asyncio

    import progress.holds

    monkeypatch.setattr(progress.holds, "JOINS_PER_MINUTE", 3)
    HoldBook(data_dir).set_max_learners(hold.id, 100)
    pupils = [browser] + [browser.new() for _ in range(7)]
    for pupil in pupils:
        await pupil.get("/")
        await pupil.post("/log-ind/kode", {"kode": hold.code})
        await pupil.post("/log-ind/navn", {"deltager": "ny"})
    await asyncio.gather(*(pupil.post("/log-ind/ny", {"navn": f"Elev {n}", "pinkode": "2468",
                                                      "pinkode2": "2468"})
                           for n, pupil in enumerate(pupils)))
    assert len(Store(data_dir).learners_in(hold.id)) == 3
    assert sum("Vent et minut" in pupil.text() for pupil in pupils) == 5
