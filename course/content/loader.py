"""Load the course from YAML and validate it, reporting every problem with its place.

The YAML files are composed (not constructed) with the C loader where present, so every
value keeps its line and column (see :mod:`course.content.yaml_reading`). The loader below
walks that node tree once (quizzes and scenarios in :mod:`course.content.quiz_reading`): it
checks keys and types, resolves references (sections, glossary terms, tracks, focus areas) and
builds the frozen dataclasses of :mod:`course.content.model`. Problems are collected,
never raised one at a time, so an author sees all of them in one run.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .model import (
    QUESTION_TYPES,
    Course,
    Fact,
    FocusArea,
    Lesson,
    Module,
    Objective,
    Page,
    Quiz,
    Quote,
    Section,
    Term,
    Track,
)
from .policy import PolicyText
from .quiz_reading import _QuizReading
from .yaml_reading import (
    MANIFEST,
    REQUIRE_V2,
    ContentError,
    Problem,
    _plural,
    _Reader,
    _Source,
)

# The manifest's lists of an id and a title.
_IdTitle = TypeVar("_IdTitle", FocusArea, Section)


class _Loader(_QuizReading):
    """Reads a content directory into a Course, collecting problems on the way."""

    # -- the manifest ----------------------------------------------------------------

    def load(self) -> Course | None:
        src, r = self.source(self.root / MANIFEST)
        root = src.compose()
        if root is None:
            return None
        m = r.mapping(
            root,
            "manifestet",
            ("title", "policy_title", "modules", "focus_areas", "sections", "tracks"),
            ("policy_text", "glossary", "policy_adopted", "facts"),
        )
        if m is None:
            return None
        title = r.text(m.get("title"), "title")
        policy_title = r.text(m.get("policy_title"), "policy_title")
        policy_adopted = r.text(m.get("policy_adopted"), "policy_adopted")
        if policy_adopted is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", policy_adopted):
            src.error(m["policy_adopted"], "»policy_adopted« skal være en dato i anførselstegn: "
                      "\"ÅÅÅÅ\", \"ÅÅÅÅ-MM\" eller \"ÅÅÅÅ-MM-DD\"")
            policy_adopted = None

        policy_name = r.text(m.get("policy_text"), "policy_text")
        if policy_name is not None:
            policy_path = self.root / "modules" / policy_name
            if policy_path.is_file():
                self.policy = PolicyText.from_file(policy_path)
            else:
                src.error(m["policy_text"], f"politikkens tekst findes ikke: modules/{policy_name}")

        module_ids = r.idents(m.get("modules"), "modules")
        r.distinct([n for _, n in module_ids], [v for v, _ in module_ids], "modules")
        focus_areas = self.id_title_list(r, m.get("focus_areas"), "focus_areas", FocusArea)
        self.focus_ids = {f.id for f in focus_areas}
        sections = self.id_title_list(r, m.get("sections"), "sections", Section)
        self.section_ids = {s.id for s in sections}
        tracks = self.tracks(r, m.get("tracks"), {v for v, _ in module_ids})

        glossary: tuple[Term, ...] = ()
        problems_before = len(self.problems)
        glossary_name = r.text(m.get("glossary"), "glossary")
        if glossary_name is not None:
            glossary_path = self.root / "modules" / glossary_name
            if Path(glossary_name).name != glossary_name or glossary_name in ("", ".", ".."):
                src.error(m["glossary"], "»glossary« skal være navnet på en fil i modules/ "
                          "(uden mappe)")
            elif not glossary_path.is_file():  # said where it is named, not at the file
                src.error(m["glossary"], f"ordlisten findes ikke: modules/{glossary_name}")
            else:
                glossary = self.glossary(glossary_path)
        self.term_ids = {t.id for t in glossary}
        glossary_ok = len(self.problems) == problems_before

        modules: list[Module] = []
        quizzes: list[Quiz] = []
        known_files = {"course.yaml", glossary_name}
        first_mention: dict[str, yaml.Node] = {}
        for module_id, node in module_ids:
            first_mention.setdefault(module_id, node)
        for module_id, node in first_mention.items():
            known_files.add(f"{module_id}.yaml")
            path = self.root / "modules" / f"{module_id}.yaml"
            if not path.is_file():
                src.error(node, f"modulet »{module_id}« har ingen fil modules/{module_id}.yaml")
                continue
            module = self.module(path, module_id)
            if module is not None:
                modules.append(module)
            quiz_path = self.root / "quizzes" / f"{module_id}.yaml"
            if quiz_path.is_file():
                quiz = self.quiz(quiz_path, module_id)
                if quiz is not None:
                    quizzes.append(quiz)
        facts: tuple[Fact, ...] = ()
        facts_name = r.text(m.get("facts"), "facts")
        if facts_name is not None:
            facts_path = self.root / "modules" / facts_name
            if Path(facts_name).name != facts_name or facts_name in ("", ".", ".."):
                src.error(m["facts"], "»facts« skal være navnet på en fil i modules/ (uden mappe)")
            elif not facts_path.is_file():
                src.error(m["facts"], f"listen over fakta findes ikke: modules/{facts_name}")
            else:
                known_files.add(facts_name)
                facts = self.facts(facts_path, {v for v, _ in module_ids})
        self.stray_files(known_files, {v for v, _ in module_ids})

        for ref_src, node, term_id in self.term_refs:
            # A broken glossary would make every reference look wrong: report it alone.
            if glossary_ok and term_id not in self.term_ids:
                hint = difflib.get_close_matches(term_id, sorted(self.term_ids), n=1)
                tip = f"; mente du »{hint[0]}«?" if hint else ""
                ref_src.error(node, f"begrebet »{term_id}« er ikke defineret i ordlisten{tip}")

        if self.problems or title is None or policy_title is None:
            return None
        return Course(
            title=title,
            policy_title=policy_title,
            modules=tuple(modules),
            tracks=tracks,
            focus_areas=focus_areas,
            sections=sections,
            glossary=glossary,
            quizzes=tuple(quizzes),
            locations=tuple(self.locations.items()),
            policy_adopted=policy_adopted,
            content_fingerprint=content_fingerprint(self.root),
            facts=facts,
        )

    def id_title_list(self, r: _Reader, node: yaml.Node | None, name: str,
                      cls: type[_IdTitle]) -> tuple[_IdTitle, ...]:
        items: list[_IdTitle] = []
        for item in r.seq(node, name, minimum=1):
            m = r.mapping(item, f"et punkt i »{name}«", ("id", "title"))
            if m is None:
                continue
            item_id, title = r.ident(m.get("id"), "id"), r.text(m.get("title"), "title")
            if item_id is not None:
                self.unique(name, item_id, r.src, m["id"], "id'et")
            if item_id is not None and title is not None:
                items.append(cls(id=item_id, title=title))
        return tuple(items)

    def tracks(self, r: _Reader, node: yaml.Node | None, module_ids: set[str]) -> tuple[Track, ...]:
        tracks = []
        for item in r.seq(node, "tracks", minimum=1):
            m = r.mapping(
                item,
                "forløbet",
                ("id", "title", "description", "modules", "pass_mark", "certificate_title"),
                ("certificate_valid_years", "lessons"),
            )
            if m is None:
                continue
            track_id = r.ident(m.get("id"), "id")
            if track_id is not None:
                self.unique("track", track_id, r.src, m["id"], "forløbet")
            modules = r.idents(m.get("modules"), "modules")
            if m.get("modules") is not None and not modules:
                r.src.error(m["modules"], "forløbet skal have mindst ét modul")
            for module_id, module_node in modules:
                if module_id not in module_ids:
                    r.src.error(
                        module_node,
                        f"forløbet nævner modulet »{module_id}«, som ikke findes i manifestets »modules«",
                    )
            r.distinct([n for _, n in modules], [v for v, _ in modules], "modules")
            title = r.text(m.get("title"), "title")
            description = r.text(m.get("description"), "description")
            module_list = tuple(v for v, _ in modules)
            pass_mark = r.integer(m.get("pass_mark"), "pass_mark", 0, 100)
            certificate_title = r.text(m.get("certificate_title"), "certificate_title")
            if track_id is not None:
                self.track_modules[track_id] = set(module_list)
            if (track_id is not None and title is not None and description is not None
                    and pass_mark is not None and certificate_title is not None):
                valid_years = r.integer(m.get("certificate_valid_years"),
                                        "certificate_valid_years", 1, 100)
                lessons = self.lessons(r, m.get("lessons"), module_list)
                tracks.append(Track(id=track_id, title=title, description=description,
                                    modules=module_list, pass_mark=pass_mark,
                                    certificate_title=certificate_title,
                                    certificate_valid_years=valid_years, lessons=lessons))
        return tuple(tracks)

    def lessons(self, r: _Reader, node: yaml.Node | None,
                track_modules: tuple[str, ...]) -> tuple[Lesson, ...]:
        """A track's ``lessons``: every module of the track in exactly one lesson."""
        if node is None:
            return ()
        lessons: list[Lesson] = []
        placed: dict[str, yaml.Node] = {}
        for item in r.seq(node, "lessons", minimum=1):
            lesson = r.mapping(item, "lektionen", ("title", "modules"))
            if lesson is None:
                continue
            title = r.text(lesson.get("title"), "title")
            modules = r.idents(lesson.get("modules"), "modules")
            if lesson.get("modules") is not None and not modules:
                r.src.error(lesson["modules"], "en lektion skal have mindst ét modul")
            for module_id, module_node in modules:
                if module_id not in track_modules:
                    r.src.error(module_node, f"modulet »{module_id}« er ikke med i forløbet, "
                                "så det kan ikke stå i en af dets lektioner")
                elif module_id in placed:
                    r.src.error(module_node, f"modulet »{module_id}« står allerede i en anden "
                                "lektion; et modul hører til én lektion")
                else:
                    placed[module_id] = module_node
            if title is not None and modules:
                lessons.append(Lesson(title=title, modules=tuple(v for v, _ in modules)))
        missing = [m for m in track_modules if m not in placed]
        if missing and isinstance(node, yaml.SequenceNode):
            r.src.error(node, "forløbets »lessons« mangler "
                        + ", ".join(f"modulet »{m}«" for m in missing)
                        + "; hvert modul i forløbet skal stå i én lektion")
        order = [m for lesson in lessons for m in lesson.modules]
        if not missing and order != [m for m in track_modules if m in order]:
            r.src.error(node, "lektionerne skal tage modulerne i forløbets rækkefølge")
        return tuple(lessons)

    def stray_files(self, known_modules: set[str | None], module_ids: set[str]) -> None:
        for path in sorted((self.root / "modules").glob("*.yaml")):
            if path.name not in known_modules:
                src = _Source(path, self.problems)
                src.error(None, "filen er ikke med i manifestets »modules« (modules/course.yaml)")
        for path in sorted((self.root / "quizzes").glob("*.yaml")):
            if path.stem not in module_ids:
                src = _Source(path, self.problems)
                src.error(None, f"quizzen hører ikke til et modul: »{path.stem}« står ikke i manifestets »modules«")

    # -- facts from outside the policy -----------------------------------------------

    def facts(self, path: Path, module_ids: set[str]) -> tuple[Fact, ...]:
        """modules/facts.yaml: each fact with its source and the date it was last checked."""
        src, r = self.source(path)
        root = src.compose()
        if root is None:
            return ()
        m = r.mapping(root, "listen over fakta", ("facts",))
        if m is None:
            return ()
        facts = []
        for item in r.seq(m.get("facts"), "facts", minimum=1):
            f = r.mapping(item, "faktummet", ("id", "text", "source", "checked", "used_in"),
                          ("url",))
            if f is None:
                continue
            fact_id = r.ident(f.get("id"), "id")
            if fact_id is not None:
                self.unique("fact", fact_id, src, f["id"], "faktummet")
                self.locate("fact", fact_id, src, item)
            checked = r.text(f.get("checked"), "checked")
            if checked is not None:
                try:
                    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked):
                        raise ValueError(checked)
                    date.fromisoformat(checked)
                except ValueError:
                    src.error(f["checked"], "»checked« skal være en dato i anførselstegn: "
                              f"\"ÅÅÅÅ-MM-DD\", ikke »{checked}«")
                    checked = None
            used_in = r.idents(f.get("used_in"), "used_in")
            if f.get("used_in") is not None and not used_in:
                src.error(f["used_in"], "»used_in« skal nævne mindst ét modul")
            for module_id, module_node in used_in:
                if module_id not in module_ids:
                    src.error(module_node, f"modulet »{module_id}« findes ikke i manifestets "
                              "»modules«")
            text = r.text(f.get("text"), "text")
            source = r.text(f.get("source"), "source")
            url = r.text(f.get("url"), "url")
            if url is not None and not url.startswith(("https://", "http://")):
                src.error(f["url"], "»url« skal være en webadresse (https://…)")
            if (fact_id is not None and text is not None and source is not None
                    and checked is not None and used_in):
                facts.append(Fact(id=fact_id, text=text, source=source, checked=checked,
                                  used_in=tuple(v for v, _ in used_in), url=url))
        return tuple(facts)

    # -- glossary --------------------------------------------------------------------

    def glossary(self, path: Path) -> tuple[Term, ...]:
        src, r = self.source(path)
        root = src.compose()
        if root is None:
            return ()
        m = r.mapping(root, "ordlisten", ("terms",))
        if m is None:
            return ()
        terms = []
        related_refs: list[tuple[yaml.Node, list[tuple[str, yaml.Node]]]] = []
        for item in r.seq(m.get("terms"), "terms", minimum=1):
            t = r.mapping(
                item,
                "begrebet",
                ("id", "term", "explanation", "example"),
                ("definition", "source", "related"),
            )
            if t is None:
                continue
            term_id = r.ident(t.get("id"), "id")
            if term_id is not None:
                self.unique("term", term_id, src, t["id"], "begrebet")
            definition = r.text(t.get("definition"), "definition")
            self.quote_check(r, t.get("definition"), definition)
            source = self.section_ref(r, t["source"]) if "source" in t else None
            if definition is not None and source is None and "source" not in t:
                src.error(item, "et begreb med »definition« skal også have »source« (afsnittet i politikken)")
            related = r.idents(t.get("related"), "related")
            related_refs.append((item, related))
            term = r.text(t.get("term"), "term")
            explanation = r.text(t.get("explanation"), "explanation")
            example = r.text(t.get("example"), "example")
            if term_id is not None and term is not None and explanation is not None and example is not None:
                terms.append(
                    Term(id=term_id, term=term, explanation=explanation, example=example,
                         definition=definition, source=source, related=tuple(v for v, _ in related))
                )
        ids = {t.id for t in terms}
        for _item, related in related_refs:
            for value, node in related:
                if value not in ids:
                    src.error(node, f"begrebet »{value}« er ikke defineret i ordlisten")
        return tuple(sorted(terms, key=lambda t: t.term.casefold()))

    # -- modules ---------------------------------------------------------------------

    def module(self, path: Path, module_id: str) -> Module | None:
        src, r = self.source(path)
        root = src.compose()
        if root is None:
            return None
        v2 = ("objectives",)
        m = r.mapping(
            root, "modulet", ("id", "title", "summary", "minutes", "pages", "key_points")
            + (v2 if REQUIRE_V2 else ()), () if REQUIRE_V2 else v2,
        )
        if m is None:
            return None
        self.locate("module", module_id, src, root)
        file_id = r.ident(m.get("id"), "id")
        if file_id is not None and file_id != module_id:
            src.error(m["id"], f"modulets id »{file_id}« skal være det samme som filnavnet »{module_id}«")
        objectives = self.objectives(r, m.get("objectives"))
        self.objective_ids[module_id] = {o.id for o in objectives}
        pages = []
        for item in r.seq(m.get("pages"), "pages", minimum=1):
            p = r.mapping(item, "siden", ("title", "body"),
                          ("quotes", "terms", "tracks", "optional"))
            if p is None:
                continue
            quotes = self.quotes(r, p.get("quotes"))
            title, body = r.text(p.get("title"), "title"), r.text(p.get("body"), "body")
            terms = self.term_list(r, p.get("terms"), "terms")
            tracks = self.track_refs(r, p.get("tracks"), module_id, "siden")
            shown_to = tracks or tuple(t for t, mods in self.track_modules.items()
                                       if module_id in mods)
            optional = self.optional(r, p.get("optional"), shown_to, "siden")
            if title is not None and body is not None:
                pages.append(Page(title=title, body=body, quotes=quotes, terms=terms,
                                  tracks=tracks, optional=optional))
        for track_id, track_modules in self.track_modules.items():
            shown = [p for p in pages if module_id in track_modules and p.for_track(track_id)]
            if shown and all(p.is_optional(track_id) for p in shown):
                src.error(m.get("pages"), f"forløbet »{track_id}« har kun sider med "
                          "»optional« i modulet; mindst én side skal være kerne")
        title = r.text(m.get("title"), "title")
        summary = r.text(m.get("summary"), "summary")
        minutes = r.integer(m.get("minutes"), "minutes", 1, 240)
        key_points = r.texts(m.get("key_points"), "key_points", minimum=1)
        if title is None or summary is None or minutes is None:
            return None
        return Module(id=module_id, title=title, summary=summary, minutes=minutes,
                      pages=tuple(pages), key_points=key_points, objectives=objectives)

    def objectives(self, r: _Reader, node: yaml.Node | None) -> tuple[Objective, ...]:
        if node is None:
            return ()
        items = r.seq(node, "objectives")
        if isinstance(node, yaml.SequenceNode) and not 2 <= len(items) <= 4:
            r.src.error(node, f"et modul skal have 2–4 læringsmål i »objectives«, ikke {len(items)}")
        objectives: list[Objective] = []
        seen: set[str] = set()
        for item in items:
            o = r.mapping(item, "læringsmålet", ("id", "text"))
            if o is None:
                continue
            objective_id, text = r.ident(o.get("id"), "id"), r.text(o.get("text"), "text")
            if objective_id is not None and objective_id in seen:
                r.src.error(o["id"], f"læringsmålet »{objective_id}« står to gange i modulet")
                continue
            if objective_id is not None:
                seen.add(objective_id)
            if objective_id is not None and text is not None:
                objectives.append(Objective(id=objective_id, text=text))
        return tuple(objectives)

    def track_refs(self, r: _Reader, node: yaml.Node | None, module_id: str, what: str) -> tuple[str, ...]:
        """A list of track ids; each must exist and have the module."""
        tracks = r.idents(node, "tracks")
        if node is not None and isinstance(node, yaml.SequenceNode) and not tracks:
            r.src.error(node, "»tracks« skal nævne mindst ét forløb (eller udelades for alle forløb)")
        for track_id, track_node in tracks:
            if track_id not in self.track_modules:
                r.src.error(track_node, f"forløbet »{track_id}« findes ikke i manifestet")
            elif module_id not in self.track_modules[track_id]:
                r.src.error(track_node, f"forløbet »{track_id}« har ikke modulet »{module_id}«, "
                                        f"så {what} vises aldrig der")
        return tuple(dict.fromkeys(v for v, _ in tracks))

    def quotes(self, r: _Reader, node: yaml.Node | None) -> tuple[Quote, ...]:
        quotes = []
        for item in r.seq(node, "quotes"):
            q = r.mapping(item, "citatet", ("text", "source"))
            if q is None:
                continue
            text, source = r.text(q.get("text"), "text"), self.section_ref(r, q.get("source"))
            self.quote_check(r, q.get("text"), text)
            if text is not None and source is not None:
                quotes.append(Quote(text=text, source=source))
        return tuple(quotes)



def content_fingerprint(root: Path) -> str:
    """SHA-256 over the content files (``modules/`` and ``quizzes/``, YAML and text, by
    relative path; line endings made LF), as 64 hex digits. Stable across machines and
    checkouts; any change to the content gives another fingerprint. Certificates record it
    as part of the policy version."""
    digest = hashlib.sha256()
    for folder in ("modules", "quizzes"):
        paths = sorted(p for p in (root / folder).glob("*")
                       if p.suffix in (".yaml", ".txt") and p.is_file())
        for path in paths:
            data = path.read_bytes().replace(b"\r\n", b"\n")
            name = f"{folder}/{path.name}".encode()
            digest.update(b"%d:%s:%d:" % (len(name), name, len(data)))
            digest.update(data)
    return digest.hexdigest()


def load_course(root: Path | str) -> Course:
    """Load and validate the course in ``root`` (a folder with modules/ and quizzes/).

    Raises ContentError with every problem found when the content is not valid.
    """
    loader = _Loader(Path(root))
    course = loader.load()
    if course is None:
        if not loader.problems:  # pragma: no cover - defensive
            loader.problems.append(Problem(str(MANIFEST), 1, 1, "indholdet kunne ikke indlæses"))
        raise ContentError(loader.problems)
    return course


def course_stats(course: Course) -> dict[str, Any]:
    """Counts for `medborger validate --json`."""
    questions = [q for quiz in course.quizzes for q in quiz.questions]
    scenarios = [s for quiz in course.quizzes for s in quiz.scenarios]
    return {
        "title": course.title,
        "modules": len(course.modules),
        "pages": sum(len(m.pages) for m in course.modules),
        "questions": len(questions),
        "questions_by_type": {t: sum(1 for q in questions if q.type == t) for t in QUESTION_TYPES},
        "scenarios": len(scenarios),
        "scenario_nodes": sum(len(s.nodes) for s in scenarios),
        "glossary_terms": len(course.glossary),
        "tracks": len(course.tracks),
    }


def summary_line(course: Course) -> str:
    stats = course_stats(course)
    return (
        f"Indholdet er gyldigt: {_plural(stats['modules'], 'modul', 'moduler')}, "
        f"{_plural(stats['pages'], 'side', 'sider')}, "
        f"{_plural(stats['questions'], 'spørgsmål', 'spørgsmål')}, "
        f"{_plural(stats['scenarios'], 'scenarie', 'scenarier')}, "
        f"{_plural(stats['glossary_terms'], 'begreb', 'begreber')}, "
        f"{_plural(stats['tracks'], 'forløb', 'forløb')}."
    )
