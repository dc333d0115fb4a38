"""Signing in on the web pages: hold code, name, PIN; teachers; sessions and CSRF."""

from __future__ import annotations

from .conftest import sign_up


async def test_a_new_pupil_signs_up_and_lands_on_the_course_map(browser, hold):
    await browser.get("/")
    assert browser.title().startswith("Log ind med holdets kode")
    assert 'lang="da"' in browser.page
    await sign_up(browser, hold)
    assert browser.url == "/oversigt"
    assert "Du er logget ind som Amira" in browser.text()
    assert "Fortsæt" in browser.text()


async def test_a_wrong_code_is_refused_and_kept_in_the_field(browser, hold):
    await browser.get("/")
    await browser.post("/log-ind/kode", {"kode": "sol-hest-00"})
    assert browser.status == 400
    assert "Koden passer ikke til noget hold" in browser.text()
    assert 'value="sol-hest-00"' in browser.page
    assert 'aria-invalid="true"' in browser.page


async def test_no_name_is_shown_before_a_valid_code(browser, hold):
    await sign_up(browser, hold, "Zainab")
    stranger = browser.new()
    await stranger.get("/")
    await stranger.post("/log-ind/kode", {"kode": "forkert-kode-22"})
    await stranger.get("/log-ind/navn")
    assert "Zainab" not in stranger.page
    await stranger.post("/log-ind/kode", {"kode": hold.code})
    assert "Zainab" in stranger.page


async def test_the_pin_is_checked_and_wrong_pins_counted(browser, hold):
    await sign_up(browser, hold, "Bo", "1234")
    await browser.post("/log-ud", {})
    await browser.post("/log-ind/kode", {"kode": hold.code})
    learner_id = __import__("re").search(r'value="([0-9a-f]{16})"', browser.page).group(1)
    await browser.post("/log-ind/navn", {"deltager": learner_id})
    await browser.post("/log-ind/pinkode", {"pinkode": "9999"})
    assert browser.status == 400 and "Forkert pinkode" in browser.text()
    await browser.post("/log-ind/pinkode", {"pinkode": "1234"})
    assert browser.url == "/oversigt"


async def test_a_post_without_the_session_token_changes_nothing(browser, hold):
    await browser.get("/")
    await browser.post("/log-ind/kode", {"kode": hold.code}, csrf="forkert")
    assert browser.status == 403
    assert "Formularen er for gammel" in browser.text()
    assert "Traceback" not in browser.page


async def test_the_session_cookie_is_httponly_and_lax_and_renewed_at_sign_in(browser, hold):
    response = await browser.client.get("/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    before = browser.client.session.cookie_jar.filter_cookies(browser.client.make_url("/"))
    first = before["medborger_session"].value
    browser.page = await response.text()
    await sign_up(browser, hold)
    after = browser.client.session.cookie_jar.filter_cookies(browser.client.make_url("/"))
    assert after["medborger_session"].value != first


async def test_pages_carry_a_strict_csp_and_errors_are_danish(browser):
    response = await browser.client.get("/findes-ikke")
    assert response.status == 404
    text = await response.text()
    assert "Siden findes ikke" in text and 'lang="da"' in text
    response = await browser.client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp


async def test_a_learner_page_without_a_session_goes_to_sign_in_and_back(browser, hold):
    await browser.get("/modul/forord/side/0")
    assert browser.url == "/"
    await sign_up(browser, hold)
    assert browser.url == "/modul/forord/side/0"
