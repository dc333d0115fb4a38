"""`medborger export html`: every page valid HTML5, every internal link resolving, the
accessibility structure in place, and 0 axe-core violations at WCAG 2.1 A and AA in
headless Chromium (with every answer unfolded, so the hidden parts are checked too)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from course.cli import main
from course.content.model import Course
from course.export.html import export_course, markdown_html

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def exported(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    export_course(course, out)
    return out


def pages(out: Path) -> list[Path]:
    return sorted(out.glob("*.html"))


class Page(HTMLParser):
    """What the checks need from a page: ids, links, headings, landmarks, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.html_lang: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"])
        if tag in ("link", "script", "img", "iframe", "source") and (
                values.get("href") or values.get("src")):
            self.sources.append(values.get("href") or values.get("src"))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.html_lang = values.get("lang")
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def test_export_writes_every_part_of_the_course(course: Course, exported: Path) -> None:
    names = {p.name for p in pages(exported)}
    assert {"index.html", "ordliste.html"} <= names
    for module in course.modules:
        assert f"modul-{module.id}.html" in names
        if course.quiz(module.id) and course.quiz(module.id).questions:
            assert f"quiz-{module.id}.html" in names
    assert (exported / "stil.css").is_file()
    glossary = (exported / "ordliste.html").read_text("utf-8")
    for term in course.glossary:
        assert f'id="ord-{term.id}"' in glossary
    first = course.modules[0]
    lesson = (exported / f"modul-{first.id}.html").read_text("utf-8")
    for objective in first.objectives:
        assert objective.text.replace("»", "").split()[0] in lesson
    quiz = (exported / f"quiz-{first.id}.html").read_text("utf-8")
    assert quiz.count("<details>") == len(course.quiz(first.id).questions)
    for quiz in course.quizzes:
        for scenario in quiz.scenarios:
            page = (exported / f"scenarie-{scenario.id}.html").read_text("utf-8")
            for node in scenario.nodes:  # every situation and ending is there, linked to
                assert f'id="s-{node.id}"' in page
            choices = sum(len(node.choices) for node in scenario.nodes)
            assert page.count("<details>") == choices


def test_every_page_is_valid_html5(exported: Path) -> None:
    html5lib = pytest.importorskip("html5lib")
    for path in pages(exported):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(path.read_bytes(), transport_encoding="utf-8")  # raises on any error
        assert parser.errors == [], (path.name, parser.errors[:3])


def test_every_internal_link_resolves_and_nothing_is_external(exported: Path) -> None:
    ids = {path.name: set(parse(path).ids) for path in pages(exported)}
    checked = 0
    for path in pages(exported):
        page = parse(path)
        for ref in page.links + page.sources:
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc, f"{path.name}: external {ref}"
            target = unquote(parts.path) or path.name
            assert (exported / target).is_file(), f"{path.name}: {ref} -> no file {target}"
            if parts.fragment:
                assert parts.fragment in ids.get(target, set()), f"{path.name}: {ref}"
            checked += 1
    assert checked > 100


def test_pages_have_language_landmarks_skip_link_and_ordered_headings(exported: Path) -> None:
    for path in pages(exported):
        page = parse(path)
        assert page.html_lang == "da", path.name
        assert page.title.strip(), path.name
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in page.tags, (path.name, landmark)
        assert "script" not in page.tags, path.name  # nothing needs JavaScript
        assert page.links[0] == "#indhold" and "indhold" in page.ids, path.name
        assert page.headings[0] == 1 and page.headings.count(1) == 1, path.name
        for before, after in zip(page.headings, page.headings[1:]):
            assert after <= before + 1, (path.name, page.headings)
        assert len(page.ids) == len(set(page.ids)), path.name
    css = (exported / "stil.css").read_text("utf-8")
    assert ":focus-visible" in css and "outline" in css
    assert "px" not in re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # rem and em: text zoom works


def test_markdown_is_escaped_and_links_elsewhere_become_text() -> None:
    html = markdown_html("# Titel\n\n<script>alert(1)</script> [her](https://example.org) "
                         "[ordliste](ordliste.html)", heading_offset=2)
    assert "<h3>Titel</h3>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "example.org" not in html and "her" in html
    assert '<a href="ordliste.html">ordliste</a>' in html


def test_cli_export_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ..conftest import ROOT, make_content

    root = make_content(tmp_path)
    plain = Path(__file__).resolve().parent.parent / "plain" / "content"
    import shutil

    shutil.copytree(plain, root, dirs_exist_ok=True)
    out = tmp_path / "ud"
    assert main(["export", "html", "--out", str(out), "--content", str(root)]) == 0
    assert "sider er gemt i" in capsys.readouterr().out
    assert {p.name for p in pages(out)} == {"index.html", "ordliste.html", "modul-forord.html",
                                             "quiz-forord.html", "scenarie-ny-nabo.html"}
    assert ROOT.is_dir()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install "
                           "chromium; CI installs it)")
def test_axe_finds_no_wcag21_aa_violations(exported: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    axe_package = pytest.importorskip("axe_playwright_python")
    axe_js = Path(axe_package.__file__).with_name("axe.min.js")  # axe-core, bundled
    assert axe_js.is_file()
    problems: dict[str, list] = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            for path in pages(exported):
                page.goto(path.as_uri())
                # every answer unfolded, so what <details> hides is checked as well
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.add_script_tag(path=str(axe_js))
                result = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                    WCAG_TAGS)
                if result["violations"]:
                    problems[path.name] = [
                        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                        for v in result["violations"]]
                assert result["passes"], path.name
            assert all(url.startswith("file://") for url in requests), requests
            # 200 % text zoom at a narrow window: no page scrolls sideways
            page.set_viewport_size({"width": 640, "height": 900})
            for path in pages(exported):
                page.goto(path.as_uri())
                page.evaluate("document.documentElement.style.fontSize = '200%'")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 640, (path.name, wide)
        finally:
            browser.close()
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)
