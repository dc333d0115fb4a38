"""`medborger export html`: the course as static, accessible HTML pages.

For the municipality's intranet and for printing: the lessons with their learning
objectives and key points, the glossary, the scenarios to read, and each module's
questions as a self-check page (nothing is recorded: the answer and its explanation sit
in a ``<details>`` element the reader opens, so no JavaScript is needed). Pages written:

    index.html              the course: modules, tracks, glossary, how the pages work
    modul-<id>.html         a module's lesson, objectives and key points
    quiz-<id>.html          a module's questions, grouped by objective, with answers
    scenarie-<id>.html      a scenario to read: situations, choices that unfold, links on
    ordliste.html           every glossary word, in Danish alphabetical order
    stil.css                the one stylesheet

Every page is ``lang="da"``, has one ``h1`` and headings in order, the landmarks header,
nav, main and footer, a skip link to the content, a visible focus outline and colours
that meet WCAG 2.1 AA contrast; sizes are in ``rem`` and nothing has a fixed width, so
it reflows at 200 % text zoom. Nothing refers to another host.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from course.content.model import Course, Module, Node, Question, Scenario
from course.engine import kinds
from course.engine.glossary import modules_using, related_terms, sorted_terms
from course.engine.scenario import Step
from course.engine.views import AnswerKey, Part, answer_key, choice_outcome, pass_rule

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

__all__ = ["STYLESHEET", "export_course", "render_pages"]

STYLESHEET = "stil.css"

CSS = """\
/* Medborgerskab i Ishøj, exported pages. Colours meet WCAG 2.1 AA contrast. */
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1.125rem;
  line-height: 1.6;
  color: #1b1b1b;
  background: #ffffff;
  overflow-wrap: anywhere;
}
a { color: #0a4d8c; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #5b2a86; }
a:hover { text-decoration-thickness: 0.15em; }
:focus { outline: 0.2rem solid #b34700; outline-offset: 0.15rem; }
:focus:not(:focus-visible) { outline: none; }
:focus-visible { outline: 0.2rem solid #b34700; outline-offset: 0.15rem; }
.skip {
  position: absolute; left: 0.5rem; top: -10rem;
  padding: 0.5rem 1rem; background: #ffffff; color: #0a4d8c; font-weight: bold;
  border: 0.15rem solid #0a4d8c; z-index: 10;
}
.skip:focus, .skip:focus-visible { top: 0.5rem; }
header { background: #0b3a63; color: #ffffff; padding: 1rem; }
header a, header a:visited { color: #ffffff; }
header :focus, header :focus-visible { outline-color: #ffdd00; }
.site { font-size: 1.25rem; font-weight: bold; margin: 0 0 0.5rem; }
header nav ul, .pager ul { list-style: none; margin: 0; padding: 0; display: flex;
  flex-wrap: wrap; gap: 0.25rem 1.5rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.5rem; line-height: 1.3; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.25rem; line-height: 1.35; margin: 1.5rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.125rem; margin: 1.25rem 0 0.5rem; }
figure { margin: 1rem 0; padding: 0.75rem 1rem; border-left: 0.3rem solid #0b3a63;
  background: #f1f4f8; }
blockquote { margin: 0; }
figcaption { font-size: 1rem; color: #3d3d3d; margin-top: 0.5rem; }
.note { font-size: 1rem; color: #3d3d3d; }
.question { border-top: 0.1rem solid #8a8a8a; margin-top: 1.5rem; }
details { margin: 0.75rem 0; padding: 0.5rem 0.75rem; border: 0.1rem solid #5f5f5f;
  border-radius: 0.25rem; }
summary { cursor: pointer; font-weight: bold; color: #0a4d8c; }
details[open] summary { margin-bottom: 0.5rem; }
dt { font-weight: bold; margin-top: 0.5rem; }
dd { margin: 0 0 0 1.5rem; }
.pager { border-top: 0.1rem solid #8a8a8a; margin-top: 2rem; padding-top: 1rem; }
footer { border-top: 0.1rem solid #8a8a8a; padding: 1rem; font-size: 1rem; color: #3d3d3d; }
footer p { max-width: 46rem; margin: 0 auto; }
@media print {
  .skip, header nav, .pager { display: none; }
  header { background: none; color: #000000; padding: 0; }
  header a { color: #000000; text-decoration: none; }
  a { color: #000000; }
  body { font-size: 11pt; }
}
"""


# --- Markdown ----------------------------------------------------------------------------


@cache
def _markdown(heading_offset: int) -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})

    def heading_open(renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                     options: OptionsDict, env: EnvType) -> str:
        level = min(6, int(tokens[idx].tag[1]) + heading_offset)
        return f"<h{level}>"

    def heading_close(renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                      options: OptionsDict, env: EnvType) -> str:
        level = min(6, int(tokens[idx].tag[1]) + heading_offset)
        return f"</h{level}>\n"

    def link_open(renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
        href = str(tokens[idx].attrs.get("href", ""))
        if _is_external(href):  # no link to another host: the text stays, as text
            env.setdefault("dropped", []).append(idx)
            return ""
        return f'<a href="{escape(href)}">'

    def link_close(renderer: RendererHTML, tokens: Sequence[Token], idx: int,
                   options: OptionsDict, env: EnvType) -> str:
        return "" if env.get("dropped") and _opening_dropped(tokens, idx, env) else "</a>"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    return md


def _is_external(href: str) -> bool:
    lowered = href.strip().lower()
    return lowered.startswith("//") or (":" in lowered.split("/", 1)[0])


def _opening_dropped(tokens: Sequence[Token], idx: int, env: EnvType) -> bool:
    depth = 0
    for j in range(idx - 1, -1, -1):
        if tokens[j].type == "link_close":
            depth += 1
        elif tokens[j].type == "link_open":
            if depth == 0:
                return j in env.get("dropped", [])
            depth -= 1
    return False


def markdown_html(source: str, heading_offset: int = 2) -> str:
    """Markdown as HTML; headings in it are moved down ``heading_offset`` levels so they
    nest under the page's own, raw HTML is escaped, and links to other hosts become text."""
    html: str = _markdown(heading_offset).render(source or "", {})
    return html


# --- page frame ---------------------------------------------------------------------------


def _page(course: Course, title: str, body: str, current: str, *,
          pager: str = "") -> str:
    """A whole page: skip link, header with the site name and navigation, main, footer."""
    nav_items = [("index.html", "Forside"), ("ordliste.html", "Ordliste")]
    links = []
    for href, label in nav_items:
        here = ' aria-current="page"' if href == current else ""
        links.append(f'<li><a href="{href}"{here}>{escape(label)}</a></li>')
    pager_html = (f'<nav class="pager" aria-label="Forrige og næste">\n{pager}\n</nav>\n'
                  if pager else "")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – {escape(course.title)}</title>\n"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n'
        "</head>\n"
        "<body>\n"
        '<a class="skip" href="#indhold">Gå til indholdet</a>\n'
        "<header>\n"
        f'<p class="site"><a href="index.html">{escape(course.title)}</a></p>\n'
        '<nav aria-label="Kurset">\n<ul>\n' + "\n".join(links) + "\n</ul>\n</nav>\n"
        "</header>\n"
        '<main id="indhold" tabindex="-1">\n'
        f"{body}\n"
        f"{pager_html}"
        "</main>\n"
        "<footer>\n"
        f"<p>{escape(course.title)}: kursusmateriale om {escape(course.policy_title)}. "
        "Citater fra politikken står i anførselstegn med kilden under. Siderne er til at læse "
        "og printe; intet, du gør her, bliver gemt.</p>\n"
        "</footer>\n"
        "</body>\n"
        "</html>\n"
    )


def _module_href(module_id: str) -> str:
    return f"modul-{module_id}.html"


def _quiz_href(module_id: str) -> str:
    return f"quiz-{module_id}.html"


def _scenario_href(scenario_id: str) -> str:
    return f"scenarie-{scenario_id}.html"


def _track_titles(course: Course, track_ids: tuple[str, ...]) -> str:
    known = {t.id: t.title for t in course.tracks}
    return ", ".join(known[t] for t in track_ids if t in known)


def _term_href(term_id: str) -> str:
    return f"ordliste.html#ord-{term_id}"


def _tracks_note(course: Course, track_ids: tuple[str, ...]) -> str:
    titles = [course.track(t).title for t in track_ids if t in {x.id for x in course.tracks}]
    if not titles:
        return ""
    return f'<p class="note">Kun for forløbet: {escape(", ".join(titles))}.</p>\n'


def _quote(text: str, source: str) -> str:
    return (f"<figure>\n<blockquote><p>»{escape(text)}«</p></blockquote>\n"
            f"<figcaption>Fra politikken: {escape(source)}</figcaption>\n</figure>")


# --- the pages ----------------------------------------------------------------------------


def index_page(course: Course) -> str:
    parts = [f"<h1>{escape(course.title)}</h1>",
             f"<p>Et kursus i {escape(course.policy_title)}. Du lærer politikkens vision, "
             "mission, fokusområder, de måder, du kan bidrage på, og politikkens vigtigste "
             "ord.</p>",
             "<p>Her kan du læse lektionerne, se læringsmålene, slå ord op og tjekke dig selv "
             "med quizzerne. Intet, du gør på disse sider, bliver gemt. Vil du have dit "
             "fremskridt gemt og få et kursusbevis, så tag kurset i programmet "
             "<code>medborger</code>.</p>",
             "<h2>Moduler</h2>", "<ol>"]
    for module in course.modules:
        quiz = course.quiz(module.id)
        extra = (f' <a href="{_quiz_href(module.id)}">Quiz til selvtjek: '
                 f"{escape(module.title)}</a>" if quiz and quiz.questions else "")
        scenarios = "".join(
            f' <a href="{_scenario_href(sc.id)}">Scenarie: {escape(sc.title)}</a>'
            for sc in (quiz.scenarios if quiz else ()))
        parts.append(f'<li><a href="{_module_href(module.id)}">{escape(module.title)}</a>: '
                     f"{escape(module.summary)}{extra}{scenarios}</li>")
    parts.append("</ol>")
    parts.append("<h2>Forløb</h2>")
    for track in course.tracks:
        parts.append(f"<h3>{escape(track.title)}</h3>")
        parts.append(f"<p>{escape(track.description)} "
                     f"{escape(pass_rule(track.pass_mark, ' procent'))}</p>")
        titles = ", ".join(course.module(m).title for m in track.modules)
        parts.append(f"<p>Moduler: {escape(titles)}.</p>")
    parts.append("<h2>Ordliste</h2>")
    parts.append(f'<p><a href="ordliste.html">Ordlisten</a> forklarer '
                 f"{len(course.glossary)} ord fra politikken med almindelige ord og et "
                 "eksempel.</p>")
    return _page(course, "Forside", "\n".join(parts), "index.html")


def module_page(course: Course, module: Module) -> str:
    number = course.modules.index(module) + 1
    parts = [f"<h1>Modul {number}: {escape(module.title)}</h1>",
             f"<p>{escape(module.summary)} Cirka {module.minutes} minutter.</p>"]
    if module.objectives:
        parts.append("<h2>Læringsmål</h2>")
        parts.append("<p>Når du er færdig med modulet, kan du</p>")
        parts.append("<ul>" + "".join(f"<li>{escape(o.text)}</li>" for o in module.objectives)
                     + "</ul>")
    parts.append("<h2>Indhold</h2>")
    parts.append("<ol>" + "".join(f'<li><a href="#side-{i}">{escape(p.title)}</a></li>'
                                  for i, p in enumerate(module.pages, 1))
                 + '<li><a href="#det-vigtigste">Det vigtigste fra modulet</a></li></ol>')
    for i, page in enumerate(module.pages, 1):
        parts.append(f'<section aria-labelledby="side-{i}">')
        parts.append(f'<h2 id="side-{i}">{escape(page.title)}</h2>')
        parts.append(_tracks_note(course, page.tracks))
        for quote in page.quotes:
            parts.append(_quote(quote.text, course.section(quote.source).title))
        parts.append(markdown_html(page.body, heading_offset=2))
        if page.terms:
            links = ", ".join(f'<a href="{_term_href(t)}">{escape(course.term(t).term)}</a>'
                              for t in page.terms)
            parts.append(f"<p>Ord fra ordlisten: {links}.</p>")
        parts.append("</section>")
    parts.append('<h2 id="det-vigtigste">Det vigtigste fra modulet</h2>')
    parts.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in module.key_points) + "</ul>")
    quiz = course.quiz(module.id)
    if quiz and quiz.questions:
        parts.append(f'<p><a href="{_quiz_href(module.id)}">Tjek dig selv: quiz til '
                     f"{escape(module.title)}</a></p>")
    if quiz and quiz.scenarios:
        parts.append("<p>Scenarier fra modulet:</p><ul>" + "".join(
            f'<li><a href="{_scenario_href(s.id)}">{escape(s.title)}</a> '
            f"({escape(_track_titles(course, s.tracks))})</li>" for s in quiz.scenarios)
            + "</ul>")
    return _page(course, f"Modul {number}: {module.title}", "\n".join(parts),
                 _module_href(module.id), pager=_pager(course, module))


def _pager(course: Course, module: Module) -> str:
    index = course.modules.index(module)
    items = []
    if index > 0:
        before = course.modules[index - 1]
        items.append(f'<li><a href="{_module_href(before.id)}">Forrige modul: '
                     f"{escape(before.title)}</a></li>")
    if index + 1 < len(course.modules):
        after = course.modules[index + 1]
        items.append(f'<li><a href="{_module_href(after.id)}">Næste modul: '
                     f"{escape(after.title)}</a></li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>" if items else ""


def _shown(question: Question) -> list[str]:
    """The question's parts in a fixed order drawn from its id, so the file order (where
    the right answer often comes first) teaches nothing; an ordering never starts solved."""
    return kinds.of(question).presentation(question, random.Random(f"html/{question.id}"))


def _numbered(items: list[str], kind: str = "") -> str:
    type_ = f' type="{kind}"' if kind else ""
    return f"<ol{type_}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ol>"


def _ask_options(question: Question, shown: list[str]) -> str:
    several = ("<p>Der kan være flere rigtige svar.</p>"
               if kinds.of(question).type == "multiple" else "")
    return several + _numbered(shown)


def _ask_matching(question: Question, shown: list[str]) -> str:
    lefts = [left for left, _ in question.pairs]  # type: ignore[union-attr]
    return ("<p>Find den del, der hører til hver linje.</p>"
            f"<p>Linjerne:</p>{_numbered(lefts, 'A')}<p>Delene:</p>{_numbered(shown)}")


# One renderer per question type: the question as the reader sees it. (The answer is the
# engine's AnswerKey, the same for every type.)
ASK: dict[str, Callable[[Question, list[str]], str]] = {
    "single": _ask_options,
    "multiple": _ask_options,
    "true_false": lambda question, shown: "<p>Er det sandt eller falsk?</p>",
    "matching": _ask_matching,
    "ordering": lambda question, shown: "<p>Sæt det i den rigtige rækkefølge.</p>"
                                        + _numbered(shown),
    "text": lambda question, shown: "<p>Skriv eller sig dit svar med ét eller få ord.</p>",
}


def answer_html(key: AnswerKey) -> str:
    """An :class:`~course.engine.views.AnswerKey` as HTML: the right answer (an option
    with the number it is shown with), the why of each wrong option, the explanation,
    the quote or the source. The words screen readers read well (``spoken``)."""
    def part(p: Part) -> str:
        number = f"{key.shown.index(p.text) + 1}. " if p.text in key.shown else ""
        return f"{number}{escape(p.spoken)}"

    if len(key.right) == 1:
        out = [f"<p>{key.right_label}: {part(key.right[0])}.</p>"]
    else:
        tag = "ol" if key.numbered else "ul"
        items = "".join(f"<li>{escape(p.spoken.split('. ', 1)[-1]) if key.numbered else part(p)}"
                        "</li>" for p in key.right)
        out = [f"<p>{key.right_label}:</p><{tag}>{items}</{tag}>"]
    if key.also_right:
        out.append("<p>Også rigtigt: " + ", ".join(f"»{escape(a)}«" for a in key.also_right)
                   + ".</p>")
    out += [f"<p>{escape(w.heading)} {escape(w.why)}</p>" for w in key.why_not]
    out.append(f"<p>{escape(key.explanation)}</p>")
    out.append(_quote(key.quote, key.section) if key.quote
               else f"<p>Kilde: {escape(key.section)}.</p>")
    return "\n".join(out)


def _question_html(course: Course, question: Question, number: int) -> str:
    shown = _shown(question)
    key = answer_key(course, question, shown)
    out = [f'<section class="question" aria-labelledby="q-{escape(question.id)}">',
           f'<h3 id="q-{escape(question.id)}">Spørgsmål {number}</h3>',
           _tracks_note(course, question.tracks),
           f"<p>{escape(question.prompt)}</p>",
           ASK[question.type](question, shown),
           f"<details>\n<summary>Se svaret til spørgsmål {number}</summary>\n"
           f"{answer_html(key)}\n</details>",
           "</section>"]
    return "\n".join(part for part in out if part)


def quiz_page(course: Course, module: Module) -> str:
    quiz = course.quiz(module.id)
    number = course.modules.index(module) + 1
    parts = [f"<h1>Quiz til selvtjek: {escape(module.title)}</h1>",
             "<p>Svar for dig selv først. Åbn så svaret under spørgsmålet og se, om du havde "
             "ret, og hvorfor. Intet bliver gemt, og det tæller ikke med i kurset.</p>",
             f'<p><a href="{_module_href(module.id)}">Læs lektionen: Modul {number}, '
             f"{escape(module.title)}</a></p>"]
    questions = list(quiz.questions) if quiz else []
    groups: list[tuple[str, list[Question]]] = []
    for objective in module.objectives:
        mine = [q for q in questions if q.objective == objective.id]
        if mine:
            groups.append((f"Du kan {objective.text}", mine))
    known = {o.id for o in module.objectives}
    rest = [q for q in questions if q.objective not in known]
    if rest:
        groups.append(("Spørgsmål" if not groups else "Flere spørgsmål", rest))
    count = 0
    for title, group in groups:
        parts.append(f"<h2>{escape(title)}</h2>")
        for question in group:
            count += 1
            parts.append(_question_html(course, question, count))
    return _page(course, f"Quiz til selvtjek: {module.title}", "\n".join(parts),
                 _quiz_href(module.id))


def _node_order(scenario: Scenario) -> list[Node]:
    """The nodes from the start, breadth first (decision points, then the endings)."""
    seen = [scenario.start]
    for node_id in seen:
        for choice in scenario.node(node_id).choices:
            if choice.next not in seen:
                seen.append(choice.next)
    nodes = [scenario.node(n) for n in seen]
    return [n for n in nodes if not n.is_ending] + [n for n in nodes if n.is_ending]


def scenario_page(course: Course, module: Module, scenario: Scenario) -> str:
    """A scenario to read: each situation with its choices; a choice unfolds what it does
    and links on to the situation it leads to. Nothing is recorded."""
    order = _node_order(scenario)
    names: dict[str, str] = {}
    for number, node in enumerate((n for n in order if not n.is_ending), 1):
        names[node.id] = f"Situation {number}"
    for node in order:
        if node.is_ending:
            names[node.id] = f"Slutning: {node.ending}"
    number = course.modules.index(module) + 1
    parts = [f"<h1>Scenarie: {escape(scenario.title)}</h1>",
             "<p>En lille historie, hvor du vælger, hvad du gør. Læs situationen, og tænk over, "
             "hvad du ville gøre. Fold så dit valg ud og se, hvad det gør, og følg linket "
             "videre. Der er ikke ét rigtigt valg, og intet bliver gemt.</p>",
             f"<p>Til forløbet: {escape(_track_titles(course, scenario.tracks))}. Fra "
             f'<a href="{_module_href(module.id)}">modul {number}, '
             f"{escape(module.title)}</a>.</p>"]
    for node in order:
        anchor = f"s-{node.id}"
        parts.append(f'<section aria-labelledby="{anchor}">')
        parts.append(f'<h2 id="{anchor}">{escape(names[node.id])}</h2>')
        if node.id == scenario.start:
            parts.append(markdown_html(scenario.intro, heading_offset=2))
        parts.append(markdown_html(node.text, heading_offset=2))
        if node.choices:
            parts.append("<p>Hvad gør du?</p>")
            indices = list(range(len(node.choices)))
            random.Random(f"html/{scenario.id}/{node.id}").shuffle(indices)
            for shown, index in enumerate(indices, 1):
                choice = node.choices[index]
                target = scenario.node(choice.next)
                outcome = choice_outcome(course, Step(choice, target))
                effects = "".join(
                    f"<p>{label}: {escape(', '.join(titles))}.</p>"
                    for label, titles in (("Det styrker", outcome.strengthens),
                                          ("Det svækker", outcome.weakens)) if titles)
                follow = ("Se slutningen" if outcome.ends else "Videre til")
                parts.append(
                    f"<details>\n<summary>Valg {shown}: {escape(outcome.choice)}</summary>\n"
                    f"<p>{escape(outcome.feedback)}</p>\n{effects}\n"
                    f'<p><a href="#s-{target.id}">{follow}: {escape(names[target.id])}</a></p>\n'
                    "</details>")
        parts.append("</section>")
    parts.append("<h2>Til eftertanke</h2>")
    parts.append(markdown_html(scenario.reflection, heading_offset=2))
    return _page(course, f"Scenarie: {scenario.title}", "\n".join(parts),
                 _scenario_href(scenario.id))


def glossary_page(course: Course) -> str:
    terms = sorted_terms(course)
    parts = ["<h1>Ordliste</h1>",
             "<p>Ordene fra politikken, forklaret med almindelige ord. Hvor politikken selv "
             "forklarer et ord, står dens egne ord som citat.</p>",
             '<nav aria-label="Ordene i ordlisten"><ul>'
             + "".join(f'<li><a href="#ord-{t.id}">{escape(t.term)}</a></li>' for t in terms)
             + "</ul></nav>"]
    for term in terms:
        parts.append(f'<section aria-labelledby="ord-{term.id}">')
        parts.append(f'<h2 id="ord-{term.id}">{escape(term.term)}</h2>')
        parts.append(f"<p>{escape(term.explanation)}</p>")
        if term.definition:
            source = course.section(term.source).title if term.source else course.policy_title
            parts.append(_quote(term.definition, source))
        parts.append(f"<p>Eksempel: {escape(term.example)}</p>")
        related = related_terms(course, term.id)
        if related:
            parts.append("<p>Se også: " + ", ".join(
                f'<a href="#ord-{r.id}">{escape(r.term)}</a>' for r in related) + ".</p>")
        used = modules_using(course, term.id)
        if used:
            parts.append("<p>Bruges i: " + ", ".join(
                f'<a href="{_module_href(m.id)}">{escape(m.title)}</a>' for m in used) + ".</p>")
        parts.append("</section>")
    return _page(course, "Ordliste", "\n".join(parts), "ordliste.html")


def render_pages(course: Course) -> dict[str, str]:
    """Every file of the export: name -> text."""
    pages = {"index.html": index_page(course), "ordliste.html": glossary_page(course)}
    for module in course.modules:
        pages[_module_href(module.id)] = module_page(course, module)
        quiz = course.quiz(module.id)
        if quiz and quiz.questions:
            pages[_quiz_href(module.id)] = quiz_page(course, module)
        for scenario in quiz.scenarios if quiz else ():
            pages[_scenario_href(scenario.id)] = scenario_page(course, module, scenario)
    pages[STYLESHEET] = CSS
    return pages


def export_course(course: Course, out: str | Path) -> list[Path]:
    """Write the pages to ``out`` (made if missing); return the HTML pages written."""
    from course.files import atomic_write_text

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_pages(course).items():
        path = out / name
        atomic_write_text(path, text)
        if name.endswith(".html"):
            written.append(path)
    return written
