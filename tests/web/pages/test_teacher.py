"""Teachers and HR on the web pages: scope, holds, table, CSV, PIN, deletion, accounts."""

from __future__ import annotations

import re

from progress import Store
from progress.holds import HoldBook

from .conftest import sign_up


def setup_teachers(data_dir):
    Store(data_dir).set_passphrase("admin-frase-123")
    book = HoldBook(data_dir)
    anna = book.create_account("Anna Lærer", "annas-frase-1")
    bo = book.create_account("Bo Lærer", "bos-frase-12")
    mine = book.create_hold("7.B Annas hold", "skole", anna.id)
    other = book.create_hold("9.C Bos hold", "skole", bo.id)
    return mine, other


async def teacher_signs_in(browser, name, phrase):
    await browser.get("/laerer/log-ind")
    await browser.post("/laerer/log-ind", {"navn": name, "adgangsfrase": phrase})


async def test_a_teacher_sees_only_their_own_hold_and_downloads_its_csv(browser, data_dir):
    mine, other = setup_teachers(data_dir)
    pupil = browser.new()
    await sign_up(pupil, mine, "Sara")
    stranger = browser.new()
    await sign_up(stranger, other, "Ukendt Elev")
    await teacher_signs_in(browser, "Anna Lærer", "annas-frase-1")
    assert browser.url == "/laerer"
    assert "7.B Annas hold" in browser.text() and "9.C Bos hold" not in browser.text()
    await browser.get(f"/laerer/hold/{other.id}")
    assert browser.status == 404 and "Ukendt Elev" not in browser.page
    await browser.get(f"/laerer/hold/{mine.id}")
    assert "Sara" in browser.text() and "<svg" in browser.page
    # a school class: the track's 45-minute lessons, to plan with (issue 22)
    assert "Lektionsplan" in browser.text() and "Forord og vision: Forord" in browser.text()
    response = await browser.client.get(f"/laerer/hold/{mine.id}/rapport.csv")
    text = (await response.read()).decode("utf-8")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "Sara" in text and "Ukendt Elev" not in text
    response = await browser.client.get(f"/laerer/hold/{other.id}/rapport.csv")
    assert response.status == 404


async def test_a_wrong_passphrase_is_refused(browser, data_dir):
    setup_teachers(data_dir)
    await teacher_signs_in(browser, "Anna Lærer", "forkert")
    assert browser.status == 400 and "Forkert navn eller adgangsfrase" in browser.text()
    await browser.get("/laerer")
    assert browser.url == "/laerer/log-ind"


async def test_a_teacher_unlocks_gives_a_new_pin_and_deletes_a_learner(browser, data_dir):
    mine, _ = setup_teachers(data_dir)
    pupil = browser.new()
    await sign_up(pupil, mine, "Sara", "1357")
    await teacher_signs_in(browser, "Anna Lærer", "annas-frase-1")
    learner = Store(data_dir).learners()[0]
    base = f"/laerer/hold/{mine.id}/deltager/{learner.id}"
    await browser.get(base)
    await browser.post(f"{base}/laas-op", {})
    assert "Pinkoden er ikke ændret" in browser.text()
    await browser.post(f"{base}/pinkode", {})
    code = re.search(r'Engangskode til Sara: <span class="code">([\d ]+)</span>', browser.page).group(1)
    assert Store(data_dir).record(learner).pin_reset()
    # The pupil signs in with the one-time code, then must choose a new PIN.
    again = pupil.new()
    await again.get("/")
    await again.post("/log-ind/kode", {"kode": mine.code})
    await again.post("/log-ind/navn", {"deltager": learner.id})
    assert "Engangskode" in again.title()
    await again.post("/log-ind/pinkode", {"pinkode": code})
    assert "Vælg en ny pinkode" in again.title()
    await again.get("/oversigt")
    assert again.url == "/"  # not signed in before a new PIN is saved
    await again.post("/log-ind/kode", {"kode": mine.code})
    await again.post("/log-ind/navn", {"deltager": learner.id})
    await again.post("/log-ind/pinkode", {"pinkode": "8642", "pinkode2": "8642"})
    assert again.url == "/oversigt"
    assert Store(data_dir).record(learner).check_pin("8642")
    await browser.get(f"{base}/slet")
    await browser.post(f"{base}/slet", {})
    assert browser.status == 400
    await browser.post(f"{base}/slet", {"bekraeft": "ja"})
    assert "er slettet" in browser.text()
    assert Store(data_dir).learners() == []
    await pupil.get("/oversigt")  # the deleted pupil's session ends
    assert pupil.url == "/"


async def test_the_administrator_makes_a_hold_a_code_and_an_account(browser, data_dir):
    setup_teachers(data_dir)
    await teacher_signs_in(browser, "", "admin-frase-123")
    assert "7.B Annas hold" in browser.text() and "9.C Bos hold" in browser.text()
    await browser.post("/laerer/hold", {"navn": "Nye medarbejdere", "forloeb": "medarbejder"})
    assert "er oprettet" in browser.text()
    old = re.search(r'<span class="code">((?:[a-z]+-){2,3}\d\d)</span>', browser.page).group(1)
    hold_url = browser.url
    await browser.post(f"{hold_url}/ny-kode", {})
    assert "ny kode" in browser.text() and old not in browser.text()
    await browser.get("/laerer/statistik?modul=forord")
    assert browser.status == 200 and "Svarstatistik" in browser.title()
    await browser.get("/laerer/konti")
    await browser.post("/laerer/konti", {"navn": "Cem", "frase": "cems-frase-1", "frase2": "cems-frase-1"})
    assert "Kontoen for Cem er oprettet" in browser.text()


async def test_a_teacher_cannot_open_the_accounts(browser, data_dir):
    setup_teachers(data_dir)
    await teacher_signs_in(browser, "Bo Lærer", "bos-frase-12")
    await browser.get("/laerer/konti")
    assert browser.status == 403


async def test_the_statistics_show_each_option_with_its_figures(browser, data_dir):
    from course.content import default_content_dir, load_course_cached
    from course.reports.demo import complete_track

    mine, _ = setup_teachers(data_dir)
    store = Store(data_dir)
    for n in range(3):
        learner = store.create_learner(f"Elev {n}", "skole", mine.id)
        complete_track(load_course_cached(default_content_dir()), store.record(learner), "skole",
                       seed=n)
    await teacher_signs_in(browser, "Anna Lærer", "annas-frase-1")
    await browser.get(f"/laerer/statistik?hold={mine.id}&modul=forord")
    assert "Ud fra 3 deltagere" in browser.text()
    assert "<svg" in browser.page and "Andel rigtige svar pr. spørgsmål" in browser.text()
    assert "Valgte svar" in browser.text() and "(rigtig)" in browser.text()


async def test_a_teacher_sees_each_certificate_as_the_learner_does(browser, data_dir):
    """The hold's table and the learner's page show the learner's own certificate lines
    (Danish date, code, state), a revoked one as revoked; no ISO date."""
    from course.certificates.credential import danish_date
    from course.certificates.service import issue, revoke
    from course.content import default_content_dir, load_course_cached
    from tests.certificates.test_certificates import complete_module

    course = load_course_cached(default_content_dir())
    mine, _ = setup_teachers(data_dir)
    for name in ("Sara", "Omar"):
        await sign_up(browser.new(), mine, name)
    store = Store(data_dir)
    sara, omar = store.find("Sara"), store.find("Omar")
    for pupil in (sara, omar):
        for module in course.modules_for("skole"):
            complete_module(course, store, pupil, module.id)
    kept = issue(course, store, sara, data_dir / "kursusbeviser")
    dropped = issue(course, store, omar, data_dir / "kursusbeviser")
    revoke(data_dir, dropped.code, "Udstedt ved en fejl")
    today = danish_date(kept.doc["validFrom"])
    await teacher_signs_in(browser, "Anna Lærer", "annas-frase-1")
    await browser.get(f"/laerer/hold/{mine.id}")
    assert f"Udstedt {today}, kode {kept.code}" in browser.text()
    assert f"Udstedt {today}, kode {dropped.code}, tilbagekaldt" in browser.text()
    await browser.get(f"/laerer/hold/{mine.id}/deltager/{omar.id}")
    assert f"Udstedt {today}, kode {dropped.code}, tilbagekaldt." in browser.text()
    assert kept.doc["validFrom"][:10] not in browser.text()
    response = await browser.client.get(f"/laerer/hold/{mine.id}/rapport.csv")
    text = (await response.read()).decode("utf-8")
    assert "Bevisstatus" in text and "tilbagekaldt" in text and "gyldigt" in text
