"""The web pages in Debian's Chromium, through Playwright, as learners and teachers use them.

- With JavaScript off, on a 360×740 phone with touch: a pupil signs up, reads, takes a
  whole quiz, plays a scenario, closes the browser and resumes with »Fortsæt«; a teacher
  sees only their own hold and downloads its CSV.
- With JavaScript on, at 1280×800, by keyboard alone: the same kinds of steps, and on
  every page state axe-core (WCAG 2.1 A and AA) finds nothing, and no page scrolls
  sideways at 320 CSS px.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.content import default_content_dir, load_course_cached
from course.engine.grading import correct_response
from progress import Store
from progress.holds import HoldBook

from ..session_client import Server

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def course():
    return load_course_cached(default_content_dir())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("pages") / "data"
    Store(data).set_passphrase("admin-frase-123")
    book = HoldBook(data)
    anna = book.create_account("Anna Lærer", "annas-frase-1")
    bo = book.create_account("Bo Lærer", "bos-frase-12")
    mine = book.create_hold("7.B Annas hold", "skole", anna.id)
    other = book.create_hold("9.C Bos hold", "skole", bo.id)
    stranger = Store(data).create_learner("Ukendt Elev", "skole", other.id)
    assert stranger
    server = Server(data).start()
    try:
        yield server, mine, other
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def question_of(page):
    qid = page.locator('input[name="spoergsmaal"]').get_attribute("value")
    for module in course().modules:
        for question in course().questions_for(module.id, "skole"):
            if question.id == qid:
                return question
    raise AssertionError(qid)


def go(page, locator) -> None:
    """Tap what opens another page, and wait for it."""
    with page.expect_navigation():
        locator.tap()


# -- touch, no script -----------------------------------------------------------------------


def tap_answer(page, question) -> None:
    right = correct_response(question)
    kind = question.type
    if kind == "single":
        page.get_by_label(right, exact=True).tap()
    elif kind == "multiple":
        for option in right:
            page.get_by_label(option, exact=True).tap()
    elif kind == "true_false":
        page.get_by_label("Sandt" if right else "Falsk", exact=True).tap()
    elif kind == "text":
        page.get_by_label(question.prompt).fill(right)
    elif kind == "matching":
        for n, (_left, partner) in enumerate(question.pairs):
            page.locator(f"#par-{n}").select_option(label=partner)
    else:
        labels = page.locator('label[for^="plads-"]').all_inner_texts()
        for n, item in enumerate(labels):
            page.locator(f"#plads-{n}").select_option(str(right.index(item.strip()) + 1))


def test_a_pupil_on_a_phone_without_script_takes_the_course_and_resumes(site, chromium):
    server, hold, _ = site
    options = dict(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True,
                   java_script_enabled=False, locale="da-DK")
    context = chromium.new_context(**options)
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_label("Holdkode").fill(hold.code)
    go(page, page.get_by_role("button", name="Fortsæt"))
    assert "Ukendt Elev" not in page.content()  # another hold's pupil is never shown
    page.get_by_label("Jeg er ny på holdet").tap()
    go(page, page.get_by_role("button", name="Fortsæt"))
    page.get_by_label("Dit navn").fill("Maja")
    page.get_by_label("Vælg en pinkode").fill("3141")
    page.get_by_label("Skriv pinkoden igen").fill("3141")
    go(page, page.get_by_role("button", name="Opret og log ind"))
    assert page.title().startswith("Oversigt")
    # Read: Fortsæt opens the first page; turn a page.
    go(page, page.get_by_role("link", name="Fortsæt"))
    assert "Side 1 af" in page.content()
    go(page, page.get_by_role("link", name="Næste side"))
    assert "Side 2 af" in page.content()
    # The whole quiz of the first module.
    page.goto(server.url + "/modul/forord/quiz")
    go(page, page.get_by_role("button", name="Start quizzen"))
    for _ in range(20):
        if "resultat" in page.title():
            break
        tap_answer(page, question_of(page))
        go(page, page.get_by_role("button", name="Send svar"))
        assert "Rigtigt" in page.locator("main").inner_text()
        go(page, page.locator("main a.button"))
    assert "Bestået" in page.locator("h1").inner_text()
    # A scenario to its ending.
    module_id = next(m for m in course().track("skole").modules
                     if course().scenarios_for(m, "skole"))
    scenario = course().scenarios_for(module_id, "skole")[0]
    page.goto(f"{server.url}/modul/{module_id}/scenarie/{scenario.id}")
    for _ in range(30):
        if "slutningen" in page.title():
            break
        page.locator('label[for="valg-1"]').tap()
        go(page, page.get_by_role("button", name="Vælg"))
        go(page, page.locator("main a.button"))
    assert "Slutning:" in page.locator("main").inner_text()
    no_sideways_scroll(page, 360)
    context.close()
    # The browser is closed; a new one signs in and »Fortsæt« goes on where Maja was.
    context = chromium.new_context(**options)
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_label("Holdkode").fill(hold.code)
    go(page, page.get_by_role("button", name="Fortsæt"))
    page.get_by_label("Maja", exact=True).tap()
    go(page, page.get_by_role("button", name="Fortsæt"))
    page.get_by_label("Pinkode").fill("3141")
    go(page, page.get_by_role("button", name="Log ind"))
    assert page.title().startswith("Oversigt")
    assert "Du slap ved" in page.locator("main").inner_text()
    go(page, page.get_by_role("link", name="Fortsæt"))
    assert page.url != server.url + "/oversigt"
    context.close()


def test_a_teacher_sees_only_their_hold_and_downloads_the_csv(site, chromium):
    server, hold, other = site
    context = chromium.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                                   java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/laerer/log-ind")
    page.get_by_label("Dit navn").fill("Anna Lærer")
    page.get_by_label("Adgangsfrase").fill("annas-frase-1")
    go(page, page.get_by_role("button", name="Log ind"))
    main = page.locator("main").inner_text()
    assert hold.name in main and other.name not in main
    go(page, page.get_by_role("link", name=hold.name))
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent rapporten (CSV til regneark)").tap()
    text = Path(download.value.path()).read_text("utf-8")
    assert text.startswith("Navn") or "Navn" in text.splitlines()[0]
    assert "Ukendt Elev" not in text
    page.goto(f"{server.url}/laerer/hold/{other.id}")
    assert "Holdet findes ikke" in page.locator("h1").inner_text()
    context.close()


# -- keyboard only, with script; axe on every page state ------------------------------------


class Checks:
    """axe-core and the 320 px check, run on each page state the test reaches."""

    def __init__(self, page) -> None:
        import axe_playwright_python

        self.page = page
        self.axe_js = Path(axe_playwright_python.__file__).with_name("axe.min.js")
        self.problems: dict[str, list] = {}
        self.states: list[str] = []

    def __call__(self, name: str) -> None:
        page = self.page
        page.add_script_tag(path=str(self.axe_js))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               WCAG_TAGS)
        if result["violations"]:
            self.problems[name] = [(v["id"], [n["target"] for n in v["nodes"][:3]])
                                   for v in result["violations"]]
        self.states.append(name)
        no_sideways_scroll(page, 320)


def no_sideways_scroll(page, width: int) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 740})
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    assert wide <= width, (page.url, wide)


def enter(page) -> None:
    """Press Enter on what opens another page (a link, a form), and wait for it."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def tab_to(page, test: str, limit: int = 120) -> None:
    """Press Tab until the focused element passes ``test`` (a JS function of it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {test} on {page.url}")


def tab_to_text(page, text: str) -> None:
    tab_to(page, "el => el && (el.innerText || el.value || '').trim() === "
                 + json.dumps(text))


def label_is(text: str) -> str:
    return ("el => el && el.labels && el.labels.length && el.labels[0].innerText.trim() === "
            + json.dumps(text))


def key_answer(page, question) -> None:
    right = correct_response(question)
    kind = question.type
    if kind in ("single", "true_false"):
        target = right if kind == "single" else ("Sandt" if right else "Falsk")
        tab_to(page, "el => el && el.type === 'radio'")
        labels = page.locator('input[type="radio"] + label').all_inner_texts()
        for _ in range([t.strip() for t in labels].index(target)):
            page.keyboard.press("ArrowDown")
        if [t.strip() for t in labels].index(target) == 0:
            page.keyboard.press("Space")
    elif kind == "multiple":
        for option in right:
            tab_to(page, label_is(option))
            page.keyboard.press("Space")
    elif kind == "text":
        tab_to(page, "el => el && el.id === 'svar'")
        page.keyboard.type(right)
    elif kind == "matching":
        for n, (_left, partner) in enumerate(question.pairs):
            tab_to(page, f"el => el && el.id === 'par-{n}'")
            options = page.locator(f"#par-{n} option").all_inner_texts()
            for _ in range(options.index(partner)):
                page.keyboard.press("ArrowDown")
    else:
        labels = [t.strip() for t in page.locator('label[for^="plads-"]').all_inner_texts()]
        for n, item in enumerate(labels):
            tab_to(page, f"el => el && el.id === 'plads-{n}'")
            for _ in range(right.index(item) + 1):
                page.keyboard.press("ArrowDown")
    tab_to_text(page, "Send svar")
    enter(page)


def test_by_keyboard_alone_every_page_state_passes_axe_and_fits_320_px(site, chromium):
    server, hold, _ = site
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True,
                                   locale="da-DK")
    page = context.new_page()
    check = Checks(page)
    page.goto(server.url + "/")
    check("log ind: holdkode")
    tab_to(page, label_is("Holdkode"))
    page.keyboard.type("forkert-kode-99")
    enter(page)
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check("log ind: forkert kode")
    tab_to(page, label_is("Holdkode"))
    page.keyboard.press("Control+A")
    page.keyboard.type(hold.code)
    enter(page)
    check("log ind: navn")
    tab_to(page, "el => el && el.type === 'radio'")
    page.keyboard.press("ArrowUp")  # the last: »Jeg er ny på holdet«
    page.keyboard.press("Space")
    enter(page)
    check("log ind: ny deltager")
    tab_to(page, label_is("Dit navn"))
    page.keyboard.type("Ida Tastatur")
    page.keyboard.press("Tab")
    page.keyboard.type("2718")
    page.keyboard.press("Tab")
    page.keyboard.type("2718")
    enter(page)
    assert page.title().startswith("Oversigt")
    check("oversigt")
    tab_to_text(page, "Fortsæt")
    enter(page)
    check("lektion")
    tab_to_text(page, "Næste side")
    enter(page)
    check("lektion side 2")
    page.goto(server.url + "/modul/forord")
    check("modul")
    # Quizzes until every question type has been on screen (and axe has seen it).
    seen: set[str] = set()
    modules = [m for m in course().track("skole").modules if course().questions_for(m, "skole")]
    for round_ in range(40):  # quizzes draw a few questions each: go round until all six
        if seen >= {"single", "multiple", "true_false", "matching", "ordering", "text"}:
            break
        module_id = modules[round_ % len(modules)]
        page.goto(f"{server.url}/modul/{module_id}/quiz")
        if round_ == 0:
            check(f"quiz start {module_id}")
        tab_to(page, "el => el && el.tagName === 'BUTTON' && el.innerText.startsWith('Start')")
        enter(page)
        for _ in range(20):
            if "resultat" in page.title():
                break
            question = question_of(page)
            if question.type not in seen:
                check(f"spørgsmål: {question.type}")
                seen.add(question.type)
            key_answer(page, question)
            assert "Rigtigt" in page.locator("main").inner_text(), page.url
            if round_ == 0 and "svar" not in check.states:
                check("svar")
                check.states.append("svar")
            tab_to(page, "el => el && el.classList.contains('button')")
            enter(page)
        if round_ == 0:
            check(f"resultat {module_id}")
    # A scenario, by keyboard.
    module_id = next(m for m in course().track("skole").modules
                     if course().scenarios_for(m, "skole"))
    scenario = course().scenarios_for(module_id, "skole")[0]
    page.goto(f"{server.url}/modul/{module_id}/scenarie/{scenario.id}")
    check("scenarie: situation")
    for step in range(30):
        if "slutningen" in page.title():
            break
        tab_to(page, "el => el && el.type === 'radio'")
        page.keyboard.press("Space")
        enter(page)
        if step == 0:
            check("scenarie: valg")
        tab_to(page, "el => el && el.classList.contains('button')")
        enter(page)
    check("scenarie: slutning")
    # Words, the certificate, the PIN.
    page.goto(server.url + "/ordliste")
    check("ordliste")
    tab_to(page, label_is("Søg efter et ord"))
    page.keyboard.type("naerdemokrati")
    enter(page)
    check("ordliste: søgning")
    assert "nærdemokrati" in page.locator("main").inner_text().casefold()
    page.goto(server.url + "/ordliste/" + course().glossary[0].id)
    check("ord")
    page.goto(server.url + "/ordkort")
    check("ordkort")
    tab_to_text(page, "Vis svaret")
    enter(page)
    check("ordkort: svaret")
    page.goto(server.url + "/kursusbevis")
    check("kursusbevis")
    page.goto(server.url + "/pinkode")
    check("pinkode")
    page.goto(server.url + "/findes-ikke")
    check("fejlside")
    page.goto(server.url + "/oversigt")
    tab_to_text(page, "Log ud")
    enter(page)
    # A teacher, by keyboard.
    page.goto(server.url + "/laerer/log-ind")
    check("lærer: log ind")
    tab_to(page, label_is("Dit navn"))
    page.keyboard.type("Anna Lærer")
    page.keyboard.press("Tab")
    page.keyboard.type("annas-frase-1")
    enter(page)
    assert page.title().startswith("Dine hold")
    check("lærer: hold")
    tab_to_text(page, hold.name)
    enter(page)
    check("lærer: tabel")
    tab_to_text(page, "Ida Tastatur")
    enter(page)
    check("lærer: deltager")
    page.goto(server.url + f"/laerer/statistik?hold={hold.id}&modul=forord")
    check("lærer: statistik")
    context.close()
    assert check.problems == {}, json.dumps(check.problems, ensure_ascii=False, indent=1)
    assert {"spørgsmål: single", "spørgsmål: multiple", "spørgsmål: true_false",
            "spørgsmål: matching", "spørgsmål: ordering", "spørgsmål: text"} <= set(check.states)
