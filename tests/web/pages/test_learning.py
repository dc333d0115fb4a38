"""Scenarios, the glossary, flashcards, the certificate and the PIN change on the web pages."""

from __future__ import annotations

import re

import pytest

from course.content import default_content_dir, load_course_cached
from progress import Store

from .conftest import sign_up


def first_scenario():
    course = load_course_cached(default_content_dir())
    for module_id in course.track("skole").modules:
        scenarios = course.scenarios_for(module_id, "skole")
        if scenarios:
            return module_id, scenarios[0]
    raise AssertionError("no scenario")


async def test_a_scenario_is_played_to_its_ending_and_the_reflection_kept(browser, hold, data_dir):
    await sign_up(browser, hold)
    module_id, scenario = first_scenario()
    base = f"/modul/{module_id}/scenarie/{scenario.id}"
    await browser.get(base)
    for _ in range(30):
        if "slutningen" in browser.title():
            break
        assert "Hvad gør du?" in browser.text()
        run = re.search(r'name="spil" value="([^"]+)"', browser.page).group(1)
        node = re.search(r'name="knude" value="([^"]+)"', browser.page).group(1)
        await browser.post(f"{base}/valg", {"spil": run, "knude": node, "valg": "1"})
        assert "Dit valg" in browser.text()
        link = re.search(r'<a class="button" href="([^"]+)">', browser.page).group(1)
        await browser.get(link)
    assert "Slutning:" in browser.text() and "Til eftertanke" in browser.text()
    run = re.search(r'name="spil" value="([^"]+)"', browser.page).group(1)
    await browser.post(f"{base}/refleksion", {"spil": run, "refleksion": "At spørge først."})
    assert "Dit svar er gemt" in browser.text()
    learner = Store(data_dir).learners()[0]
    facts = Store(data_dir).record(learner).facts()
    assert scenario.id in facts.completed_scenarios()
    assert facts.runs[-1]["run"]["reflection"] == "At spørge først."


async def test_a_choice_sent_twice_counts_once(browser, hold, data_dir):
    await sign_up(browser, hold)
    module_id, scenario = first_scenario()
    base = f"/modul/{module_id}/scenarie/{scenario.id}"
    await browser.get(base)
    run = re.search(r'name="spil" value="([^"]+)"', browser.page).group(1)
    node = re.search(r'name="knude" value="([^"]+)"', browser.page).group(1)
    token = browser.token()
    await browser.post(f"{base}/valg", {"spil": run, "knude": node, "valg": "1"}, csrf=token)
    await browser.post(f"{base}/valg", {"spil": run, "knude": node, "valg": "2"}, csrf=token)
    assert "Dit første valg gælder" in browser.text()
    learner = Store(data_dir).learners()[0]
    assert len(Store(data_dir).record(learner).facts().runs[-1]["steps"]) == 1


async def test_the_glossary_search_folds_danish_letters(browser, hold):
    await sign_up(browser, hold)
    await browser.get("/ordliste?q=naerdemokrati")
    assert "nærdemokrati" in browser.text().casefold()
    link = re.search(r'href="(/ordliste/[^"]+)"', browser.page.split("<main")[1]).group(1)
    await browser.get(link)
    assert browser.status == 200 and "Eksempel:" in browser.text()


async def test_a_flashcard_is_shown_then_rated_and_saved(browser, hold, data_dir):
    await sign_up(browser, hold)
    await browser.get("/ordkort")
    word = re.search(r'<h2 id="kort-ord">(.*?)</h2>', browser.page).group(1)
    await browser.get("/ordkort?vis=1")
    assert "Hvor godt huskede du det?" in browser.text()
    term = re.search(r'name="ord" value="([^"]+)"', browser.page).group(1)
    await browser.post("/ordkort", {"ord": term, "vurdering": "3"})
    assert browser.url == "/ordkort"
    learner = Store(data_dir).learners()[0]
    reviews = Store(data_dir).record(learner).reviews()
    assert [r["term"] for r in reviews] == [term] and word


@pytest.mark.slow


async def test_the_certificate_lists_what_is_left_then_is_issued_and_downloaded(browser, hold, data_dir):
    from course.reports.demo import complete_track

    await sign_up(browser, hold)
    await browser.get("/kursusbevis")
    assert "Det mangler du" in browser.text()
    store = Store(data_dir)
    learner = store.learners()[0]
    complete_track(load_course_cached(default_content_dir()), store.record(learner), "skole")
    await browser.get("/kursusbevis")
    assert "Du har gennemført" in browser.text()
    await browser.post("/kursusbevis", {})
    assert "Dit kursusbevis er udstedt" in browser.text()
    pdf = re.search(r'href="(/kursusbevis/[^"]+\.pdf)"', browser.page).group(1)
    response = await browser.client.get(pdf)
    assert response.status == 200 and (await response.read()).startswith(b"%PDF")
    verify = re.search(r'href="(/bevis\?kode=[^"]+)"', browser.page).group(1)
    response = await browser.client.get(verify.replace("&amp;", "&"))
    assert response.status == 200


@pytest.mark.slow
async def test_a_new_certificate_is_asked_for_only_while_one_is_valid(browser, hold, data_dir):
    from course.certificates.service import revoke
    from course.reports.demo import complete_track

    await sign_up(browser, hold)
    store = Store(data_dir)
    learner = store.learners()[0]
    complete_track(load_course_cached(default_content_dir()), store.record(learner), "skole")
    await browser.get("/kursusbevis")
    await browser.post("/kursusbevis", {})
    code = re.search(r"Koden er (ISH-[0-9A-Z]{4}-[0-9A-Z]{4})", browser.text()).group(1)
    assert 'name="igen"' in browser.page and "Udsted et nyt kursusbevis" in browser.text()
    # the question the terminal and the plain mode ask (course.certificates.page)
    assert (f"kode {code}). Det gælder stadig. Vil du udstede et nyt med en ny kode? Begge vil "
            "stå i din lærers eller HR's oversigt.") in browser.text()
    await browser.post("/kursusbevis", {})  # without »igen«: the page asks first
    assert "Du har allerede et kursusbevis" in browser.text()
    assert len(store.record(learner).certificates()) == 1
    revoke(data_dir, code, "Udstedt ved en fejl")
    await browser.get("/kursusbevis")
    assert f"kode {code}, tilbagekaldt" in browser.text() and 'name="igen"' not in browser.page
    assert "Det gælder stadig." not in browser.text()
    await browser.post("/kursusbevis", {})
    assert "Dit kursusbevis er udstedt" in browser.text()
    assert len(store.record(learner).certificates()) == 2


async def test_the_pin_is_changed_never_removed(browser, hold, data_dir):
    await sign_up(browser, hold, "Noor", "1111")
    await browser.get("/pinkode")
    await browser.post("/pinkode", {"nuvaerende": "1111", "pinkode": "", "pinkode2": ""})
    assert browser.status == 400 and "4 til 6 cifre" in browser.text()
    await browser.post("/pinkode", {"nuvaerende": "0000", "pinkode": "2222", "pinkode2": "2222"})
    assert browser.status == 400 and "Forkert pinkode" in browser.text()
    await browser.post("/pinkode", {"nuvaerende": "1111", "pinkode": "2222", "pinkode2": "2222"})
    assert "Din pinkode er skiftet" in browser.text()
    learner = Store(data_dir).learners()[0]
    assert Store(data_dir).record(learner).check_pin("2222")


async def test_an_employee_reads_the_core_then_is_offered_the_deepening(browser, data_dir):
    """Issue 22: the lesson takes the core pages, then the key points with the way on to
    the quiz and, beside it, the optional deepening, titled »Fordybelse (valgfri)«."""
    from progress.holds import HoldBook

    course = load_course_cached(default_content_dir())
    forord = course.module("forord")
    core = forord.core_page_indices("medarbejder")
    optional = forord.optional_page_indices("medarbejder")
    hold = HoldBook(data_dir).create_hold("Nye medarbejdere", "medarbejder")
    await sign_up(browser, hold, "Ida")
    await browser.get("/oversigt")
    assert "fordybelse (valgfri): 0 af" in browser.text()
    await browser.get(f"/modul/forord/side/{core[-1]}")
    assert f"Side {len(core)} af {len(core)}" in browser.text()
    await browser.get(f"/modul/forord/side/{len(forord.pages)}")
    assert "Det vigtigste fra modulet" in browser.text()
    assert "Til quizzen" in browser.text()
    assert f'href="/modul/forord/side/{optional[0]}"' in browser.page
    assert "Læs fordybelsen (valgfri" in browser.text()
    await browser.get(f"/modul/forord/side/{optional[0]}")
    assert "Fordybelse (valgfri):" in browser.text()
    assert f"Fordybelse 1 af {len(optional)}" in browser.text()
