"""Load the course from YAML and validate it, reporting every problem with its place.

The YAML files are composed (not constructed) with the C loader where present, so every
value keeps its line and column. The reader below walks that node tree once: it checks
keys and types, resolves references (sections, glossary terms, tracks, focus areas) and
builds the frozen dataclasses of :mod:`course.content.model`. Problems are collected,
never raised one at a time, so an author sees all of them in one run.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .model import (
    QUESTION_TYPES,
    Choice,
    Course,
    Fact,
    FocusArea,
    Lesson,
    Matching,
    Module,
    MultipleChoice,
    Node,
    Objective,
    Ordering,
    Page,
    Question,
    Quiz,
    Quote,
    Scenario,
    Section,
    SingleChoice,
    Term,
    TextAnswer,
    Track,
    TrueFalse,
)
from .policy import PolicyText

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MANIFEST = Path("modules") / "course.yaml"

# Schema v2 (issue 11): modules need `objectives`, quizzes `draw`, questions `objective`,
# and every wrong option of single and multiple choice a `why`. (False reads content
# written before them, as during the conversion.)
REQUIRE_V2 = True
ID_PATTERN = re.compile(r"^[a-z0-9æøå]+(?:-[a-z0-9æøå]+)*$")

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"

# Danish for the YAML parser's most common complaints.
_YAML_PROBLEMS = {
    "did not find expected key": "forventede en nøgle her (tjek indrykningen)",
    "did not find expected '-' indicator": "forventede et »-« (et punkt i en liste)",
    "did not find expected ',' or ']'": "forventede »,« eller »]«",
    "did not find expected ',' or '}'": "forventede »,« eller »}«",
    "mapping values are not allowed here": "et »: « er ikke tilladt her; sæt teksten i anførselstegn",
    "mapping values are not allowed in this context": "et »: « er ikke tilladt her; sæt teksten i anførselstegn",
    "found character that cannot start any token": "et tegn her kan ikke starte en værdi; sæt teksten i anførselstegn",
    "found unexpected end of stream": "filen slutter midt i en værdi (mangler et anførselstegn?)",
    "could not find expected ':'": "forventede et »:« efter nøglen",
    "found a tab character that violates indentation": "tabulator i indrykningen; brug mellemrum",
    "found a tab character where an indentation space is expected": "tabulator i indrykningen; brug mellemrum",
    # issue 14: every other complaint of libyaml and of PyYAML's own parser, in Danish too
    "did not find expected node content": "forventede en værdi her",
    "did not find expected alphabetic or numeric character":
        "et »&« eller »*« skal følges af et navn; sæt teksten i anførselstegn",
    "did not find expected comment or line break": "forventede linjeskift her; sæt teksten i anførselstegn",
    "block sequence entries are not allowed in this context":
        "et »- « (punkt i en liste) er ikke tilladt her; tjek indrykningen",
    "mapping keys are not allowed in this context": "et »? « er ikke tilladt her; sæt teksten i anførselstegn",
    "found unknown escape character": "ukendt »\\«-kode i teksten; skriv »\\\\« for en omvendt skråstreg",
    "did not find expected hexdecimal number": "ufuldstændig »\\x«- eller »\\u«-kode i teksten",
    "found invalid Unicode character escape code": "ugyldig »\\u«-kode i teksten",
    "found unexpected document indicator": "»---« eller »...« midt i en tekst; sæt teksten i anførselstegn",
    "found an indentation indicator equal to 0": "indrykningen efter »|« eller »>« kan ikke være 0",
    "found a tab character that violate indentation": "tabulator i indrykningen; brug mellemrum",
    "found undefined tag handle": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "did not find expected tag URI": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "did not find expected '!'": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "did not find URI escaped octet": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "found an incorrect leading UTF-8 octet": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "found an incorrect trailing UTF-8 octet": "ukendt YAML-mærke (»!«); kurset bruger ikke mærker",
    "did not find expected whitespace": "forventede et mellemrum her",
    "did not find expected directive name": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "found unknown directive name": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "did not find expected digit or '.' character": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "found extremely long version number": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "found incompatible YAML document": "filen er skrevet til en anden udgave af YAML",
    "found duplicate %YAML directive": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "found duplicate %TAG directive": "en linje, der begynder med »%«, skal stå i anførselstegn",
    "did not find expected <document start>": "forventede »---« (starten af et dokument)",
    "but found another document": "filen må kun have ét dokument; fjern linjen med »---«",
    "found duplicate anchor; first occurrence": "ankeret (»&«) er brugt før",
    "found duplicate anchor": "ankeret (»&«) er brugt før",
    "second occurrence": "ankeret (»&«) er brugt før",
    "found undefined alias": "ukendt alias (»*«): der er intet anker (»&«) med det navn",
}
# PyYAML's pure-Python parser (used where libyaml is missing) names what it found.
_YAML_PATTERNS = (
    (re.compile(r"^expected .*, but found .*$", re.S), "uventet tegn her; tjek indrykningen og kolonerne"),
    (re.compile(r"^found character .* that cannot start any token$", re.S),
     "et tegn her kan ikke starte en værdi; sæt teksten i anførselstegn"),
    (re.compile(r"^found unknown escape character .*$", re.S),
     "ukendt »\\«-kode i teksten; skriv »\\\\« for en omvendt skråstreg"),
    (re.compile(r"^expected (alphabetic or numeric|a comment|URI|'!'|tag handle|"
                r"escape sequence|hexdecimal|whitespace|a directive|a digit|"
                r"'<document start>'|a single document|an indentation).*$", re.S),
     "ugyldig YAML her; tjek tegnene, og sæt teksten i anførselstegn"),
)
# Characters YAML does not allow in a file (PyYAML's reader refuses them too): reported
# at their line, before the parser sees them.
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# The tags the resolver gives plain values; any other tag was written in the file.
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in (
    "str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value"))


def _danish_yaml_problem(problem: str) -> str:
    """The parser's complaint in Danish; never its English words."""
    problem = problem.strip()
    if problem in _YAML_PROBLEMS:
        return _YAML_PROBLEMS[problem]
    for pattern, danish in _YAML_PATTERNS:
        if pattern.match(problem):
            return danish
    return "ugyldig YAML her; tjek indrykningen, kolonerne og anførselstegnene"


def _line_and_column(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (a byte or character index) in ``data``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    start = data.rfind(newline, 0, offset) + 1
    return data.count(newline, 0, offset) + 1, offset - start + 1


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place an author can jump to."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentError(Exception):
    """The content cannot be used; ``problems`` says why, all of it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _display_path(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class _Source:
    """One YAML file: its node tree and the problems found in it."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.display = _display_path(path)
        self.problems = problems

    def error(self, where: yaml.Node | yaml.Mark | None, message: str) -> None:
        mark = where.start_mark if isinstance(where, yaml.Node) else where
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(self.display, line, column, message))

    def at(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, column, message))

    def compose(self) -> yaml.Node | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.error(None, "filen findes ikke")
            return None
        except OSError as exc:
            from course.files import danish_reason

            self.error(None, f"filen kan ikke læses: {danish_reason(exc)}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:  # at the line of the first bad byte
            line, column = _line_and_column(raw, exc.start)
            self.at(line, column, f"filen er ikke gemt som UTF-8: byte 0x{raw[exc.start]:02X} "
                    "kan ikke læses (gem filen som UTF-8)")
            return None
        bad = _NOT_YAML.search(text)
        if bad is not None:
            line, column = _line_and_column(text, bad.start())
            self.at(line, column, f"tegnet U+{ord(bad.group()):04X} må ikke stå i en YAML-fil "
                    "(et styretegn); slet det")
            return None
        try:
            node = yaml.compose(text, Loader=Loader)
        except yaml.MarkedYAMLError as exc:
            problem = _danish_yaml_problem(exc.problem or exc.context or "")
            self.error(exc.problem_mark or exc.context_mark, f"YAML-fejl: {problem}")
            return None
        except yaml.reader.ReaderError as exc:  # a character the check above let through
            line, column = _line_and_column(text, max(0, min(exc.position, len(text))))
            self.at(line, column, "YAML-fejl: et tegn her må ikke stå i en YAML-fil; slet det")
            return None
        except (yaml.YAMLError, RecursionError):
            self.error(None, "YAML-fejl: filen kan ikke læses som YAML")
            return None
        if node is None:
            self.error(None, "filen er tom")
            return None
        return node if self._untagged(node) else None

    def _untagged(self, root: yaml.Node) -> bool:
        """Refuse YAML tags (``!!binary``, ``!!python/...``, ``!eget``): the course is plain
        data, and a tag would either be ignored silently or ask for code to be run.

        Refuse aliases (``&navn`` … ``*navn``) too: the composer gives an alias the very
        node of its anchor, so a few lines of aliases to aliases make a tree whose walk
        grows exponentially (a "billion laughs"), and authors never need them.
        """
        seen: set[int] = set()
        aliased: set[int] = set()
        stack = [root]
        ok = True
        while stack:
            node = stack.pop()
            if id(node) in seen:
                if id(node) not in aliased:
                    aliased.add(id(node))
                    self.error(node, "et YAML-anker (»&«) bruges igen med et alias (»*«); "
                               "kurset bruger ikke ankre og aliasser, skriv teksten hvert sted")
                    ok = False
                continue
            seen.add(id(node))
            if node.tag not in _PLAIN_TAGS:
                shown = node.tag.replace("tag:yaml.org,2002:", "!!")
                self.error(node, f"YAML-mærket »{shown[:40]}« bruges ikke i kurset; skriv "
                           "værdien uden mærke")
                ok = False
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.extend((key, value))
        return ok


class _Reader:
    """Typed access to composed YAML nodes; every failure becomes a Problem."""

    def __init__(self, source: _Source) -> None:
        self.src = source

    # -- structure -------------------------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.src.error(node, f"{what} skal være en samling af »nøgle: værdi«")
            return None
        required = tuple(required)
        allowed = required + tuple(optional)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.src.error(key_node, f"ugyldig nøgle i {what}")
                continue
            if key in result:
                self.src.error(key_node, f"nøglen »{key}« står to gange i {what}")
                continue
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                tip = f"; mente du »{hint[0]}«?" if hint else f"; tilladt: {', '.join(allowed)}"
                self.src.error(key_node, f"ukendt nøgle »{key}« i {what}{tip}")
                continue
            result[key] = value_node
        for key in required:
            if key not in result:
                self.src.error(node, f"{what} mangler feltet »{key}«")
        return result

    def seq(self, node: yaml.Node | None, name: str, minimum: int = 0) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.src.error(node, f"»{name}« skal være en liste")
            return []
        if len(node.value) < minimum:
            self.src.error(node, f"»{name}« skal have mindst {minimum} punkter")
        return list(node.value)

    # -- scalars ---------------------------------------------------------------------

    def text(self, node: yaml.Node | None, name: str) -> str | None:
        """Any scalar, as the author wrote it (so `010` stays "010")."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.src.error(node, f"»{name}« skal være tekst, ikke en liste eller samling")
            return None
        if node.tag == NULL or not node.value.strip():
            self.src.error(node, f"»{name}« er tom")
            return None
        return node.value.strip()

    def ident(self, node: yaml.Node | None, name: str) -> str | None:
        value = self.text(node, name)
        if value is not None and not ID_PATTERN.match(value):
            self.src.error(
                node, f"»{name}« skal være et id med små bogstaver, tal og bindestreg, ikke »{value}«"
            )
            return None
        return value

    def integer(self, node: yaml.Node | None, name: str, low: int, high: int) -> int | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag != INT:
            self.src.error(node, f"»{name}« skal være et helt tal")
            return None
        value = yaml.constructor.SafeConstructor().construct_yaml_int(node)
        if not low <= value <= high:
            self.src.error(node, f"»{name}« skal ligge mellem {low} og {high}, ikke {value}")
            return None
        return value

    def boolean(self, node: yaml.Node | None, name: str) -> bool | None:
        if node is None:
            return None
        value = node.value.lower() if isinstance(node, yaml.ScalarNode) else None
        if node.tag != BOOL or value not in ("true", "false"):
            shown = f", ikke »{node.value}«" if isinstance(node, yaml.ScalarNode) else ""
            self.src.error(node, f"»{name}« skal være true eller false (uden anførselstegn){shown}")
            return None
        return value == "true"

    def texts(self, node: yaml.Node | None, name: str, minimum: int = 0) -> tuple[str, ...]:
        items = self.seq(node, name, minimum)
        values = [self.text(item, name) for item in items]
        return tuple(v for v in values if v is not None)

    def idents(self, node: yaml.Node | None, name: str) -> list[tuple[str, yaml.Node]]:
        items = self.seq(node, name)
        return [(v, item) for item in items if (v := self.ident(item, name)) is not None]

    def distinct(self, nodes: list[yaml.Node], values: Iterable[str | None], name: str) -> None:
        seen: set[str] = set()
        for node, value in zip(nodes, values):
            if value is None:
                continue
            if value in seen:
                self.src.error(node, f"»{value}« står to gange i »{name}«")
            seen.add(value)


class _Loader:
    """Reads a content directory into a Course, collecting problems on the way."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.policy: PolicyText | None = None
        self.section_ids: set[str] = set()
        self.focus_ids: set[str] = set()
        self.track_modules: dict[str, set[str]] = {}
        self.term_ids: set[str] = set()
        self.global_ids: dict[tuple[str, str], tuple[str, int]] = {}
        # references checked once everything is read: (source, node, term id)
        self.term_refs: list[tuple[_Source, yaml.Node, str]] = []
        # the objective ids of each module read so far (quizzes are read after their module)
        self.objective_ids: dict[str, set[str]] = {}
        # where modules, questions, scenarios and nodes are written (see Course.locations)
        self.locations: dict[tuple[str, str], tuple[str, int, int]] = {}

    def locate(self, kind: str, item_id: str | None, src: _Source, node: yaml.Node) -> None:
        if item_id is not None:
            mark = node.start_mark
            self.locations.setdefault((kind, item_id), (src.display, mark.line + 1, mark.column + 1))

    def source(self, path: Path) -> tuple[_Source, _Reader]:
        src = _Source(path, self.problems)
        return src, _Reader(src)

    # -- helpers shared by all files -------------------------------------------------

    def unique(self, kind: str, value: str, src: _Source, node: yaml.Node, label: str) -> None:
        where = (src.display, node.start_mark.line + 1)
        first = self.global_ids.setdefault((kind, value), where)
        if first != where:
            place = f"linje {first[1]}" if first[0] == src.display else f"{first[0]}:{first[1]}"
            src.error(node, f"{label} »{value}« er brugt før ({place})")

    def section_ref(self, r: _Reader, node: yaml.Node | None, name: str = "source") -> str | None:
        value = r.ident(node, name)
        if value is not None and value not in self.section_ids:
            hint = difflib.get_close_matches(value, sorted(self.section_ids), n=1)
            tip = f"; mente du »{hint[0]}«?" if hint else ""
            r.src.error(node, f"afsnittet »{value}« findes ikke i manifestets »sections«{tip}")
        return value

    def quote_check(self, r: _Reader, node: yaml.Node | None, text: str | None) -> None:
        if text is None or self.policy is None:
            return
        if not self.policy.contains(text):
            r.src.error(
                node,
                "citatet står ikke ordret i politikken; et citat skal være politikkens egne ord "
                "(ret citatet, eller skriv det med egne ord uden for »quotes«)",
            )

    def term_list(self, r: _Reader, node: yaml.Node | None, name: str) -> tuple[str, ...]:
        pairs = r.idents(node, name)
        for value, item in pairs:
            self.term_refs.append((r.src, item, value))
        return tuple(dict.fromkeys(value for value, _ in pairs))

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

        if self.problems or None in (title, policy_title):
            return None
        return Course(
            title=title,  # type: ignore[arg-type]
            policy_title=policy_title,  # type: ignore[arg-type]
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

    def id_title_list(self, r: _Reader, node: yaml.Node | None, name: str, cls: Callable) -> tuple:
        items = []
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
            fields = dict(
                id=track_id,
                title=r.text(m.get("title"), "title"),
                description=r.text(m.get("description"), "description"),
                modules=tuple(v for v, _ in modules),
                pass_mark=r.integer(m.get("pass_mark"), "pass_mark", 0, 100),
                certificate_title=r.text(m.get("certificate_title"), "certificate_title"),
            )
            if track_id is not None:
                self.track_modules[track_id] = set(fields["modules"])
            if None not in fields.values():
                valid_years = r.integer(m.get("certificate_valid_years"),
                                        "certificate_valid_years", 1, 100)
                lessons = self.lessons(r, m.get("lessons"), fields["modules"])
                tracks.append(Track(**fields, certificate_valid_years=valid_years,
                                    lessons=lessons))
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

    def optional(self, r: _Reader, node: yaml.Node | None, tracks: Iterable[str],
                 what: str) -> bool | tuple[str, ...]:
        """``optional``: true, false, or a list of the track ids it is optional for
        (each one of ``tracks``, the tracks that are shown the page or scenario)."""
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode):
            value = r.boolean(node, "optional")
            return bool(value)
        if not isinstance(node, yaml.SequenceNode):
            r.src.error(node, "»optional« skal være true, false eller en liste af forløb")
            return False
        listed = r.idents(node, "optional")
        if not listed:
            r.src.error(node, "»optional« skal nævne mindst ét forløb (eller være true)")
        allowed = set(tracks)
        for track_id, track_node in listed:
            if track_id not in allowed:
                r.src.error(track_node, f"forløbet »{track_id}« får ikke {what} at se, "
                            "så det kan ikke være fordybelse der")
        return tuple(dict.fromkeys(v for v, _ in listed))

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
            fields = dict(
                id=fact_id,
                text=r.text(f.get("text"), "text"),
                source=r.text(f.get("source"), "source"),
                checked=checked,
            )
            url = r.text(f.get("url"), "url")
            if url is not None and not url.startswith(("https://", "http://")):
                src.error(f["url"], "»url« skal være en webadresse (https://…)")
            if None not in fields.values() and used_in:
                facts.append(Fact(**fields, used_in=tuple(v for v, _ in used_in), url=url))
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
            fields = dict(
                id=term_id,
                term=r.text(t.get("term"), "term"),
                explanation=r.text(t.get("explanation"), "explanation"),
                example=r.text(t.get("example"), "example"),
            )
            if None not in fields.values():
                terms.append(
                    Term(**fields, definition=definition, source=source,
                         related=tuple(v for v, _ in related))
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
        fields = dict(
            id=module_id,
            title=r.text(m.get("title"), "title"),
            summary=r.text(m.get("summary"), "summary"),
            minutes=r.integer(m.get("minutes"), "minutes", 1, 240),
            key_points=r.texts(m.get("key_points"), "key_points", minimum=1),
        )
        if None in fields.values():
            return None
        return Module(pages=tuple(pages), objectives=objectives, **fields)

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

    # -- quizzes ---------------------------------------------------------------------

    def quiz(self, path: Path, module_id: str) -> Quiz | None:
        src, r = self.source(path)
        root = src.compose()
        if root is None:
            return None
        m = r.mapping(root, "quizzen", ("module", "questions") + (("draw",) if REQUIRE_V2 else ()),
                      ("pass_mark", "scenarios") + (() if REQUIRE_V2 else ("draw",)))
        if m is None:
            return None
        file_module = r.ident(m.get("module"), "module")
        if file_module is not None and file_module != module_id:
            src.error(m["module"], f"»module« skal være »{module_id}« som filnavnet, ikke »{file_module}«")
        pass_mark = r.integer(m.get("pass_mark"), "pass_mark", 0, 100)
        draw = r.integer(m.get("draw"), "draw", 1, 100)
        questions = [q for item in r.seq(m.get("questions"), "questions", minimum=1)
                     if (q := self.question(r, item, module_id)) is not None]
        scenarios = [s for item in r.seq(m.get("scenarios"), "scenarios")
                     if (s := self.scenario(r, item, module_id)) is not None]
        if draw is not None:
            self.check_pools(r, m["draw"], module_id, draw, questions)
        return Quiz(module=module_id, questions=tuple(questions), scenarios=tuple(scenarios),
                    pass_mark=pass_mark, draw=draw)

    def check_pools(self, r: _Reader, node: yaml.Node, module_id: str, draw: int,
                    questions: list[Question]) -> None:
        """Every track with the module needs a pool of at least 1.5 × draw questions."""
        needed = math.ceil(1.5 * draw)
        for track_id, modules in self.track_modules.items():
            if module_id not in modules:
                continue
            pool = sum(1 for q in questions if q.for_track(track_id))
            if pool < needed:
                r.src.error(
                    node,
                    f"»draw: {draw}« kræver mindst {needed} spørgsmål (1,5 × draw) til forløbet "
                    f"»{track_id}«, men der er {pool}",
                )

    _TYPE_KEYS = {
        "single": ("options", "answer"),
        "multiple": ("options", "answers"),
        "true_false": ("answer",),
        "matching": ("pairs",),
        "ordering": ("items",),
        "text": ("accepted",),
    }

    def question(self, r: _Reader, node: yaml.Node, module_id: str) -> Question | None:
        # Read the type first, so the allowed keys can depend on it.
        qtype = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == "type":
                    qtype = r.text(value_node, "type")
                    if qtype is not None and qtype not in QUESTION_TYPES:
                        r.src.error(
                            value_node,
                            f"ukendt spørgsmålstype »{qtype}«; brug en af: {', '.join(QUESTION_TYPES)}",
                        )
                        qtype = None
        base_required = ("id", "type", "prompt", "explanation", "source")
        base_optional = ("quote", "terms", "tracks")
        if REQUIRE_V2:
            base_required += ("objective",)
        else:
            base_optional += ("objective",)
        if qtype is None:  # unknown type: don't also complain about its keys
            type_keys: tuple[str, ...] = ()
            base_optional += tuple(k for keys in self._TYPE_KEYS.values() for k in keys)
        else:
            type_keys = self._TYPE_KEYS[qtype]
        q = r.mapping(node, "spørgsmålet", base_required + type_keys, base_optional)
        if q is None or qtype is None:
            return None
        qid = r.ident(q.get("id"), "id")
        if qid is not None:
            self.unique("question", qid, r.src, q["id"], "spørgsmålet")
            self.locate("question", qid, r.src, node)
        objective = r.ident(q.get("objective"), "objective")
        known = self.objective_ids.get(module_id, set())
        if objective is not None and objective not in known:
            if known:
                hint = difflib.get_close_matches(objective, sorted(known), n=1)
                tip = f"; mente du »{hint[0]}«?" if hint else f"; modulets mål: {', '.join(sorted(known))}"
            else:
                tip = f"; modulet »{module_id}« har ingen »objectives«"
            r.src.error(q["objective"], f"læringsmålet »{objective}« findes ikke i modulet{tip}")
        quote = r.text(q.get("quote"), "quote")
        self.quote_check(r, q.get("quote"), quote)
        tracks = []
        for track_id, track_node in r.idents(q.get("tracks"), "tracks"):
            if track_id not in self.track_modules:
                r.src.error(track_node, f"forløbet »{track_id}« findes ikke i manifestet")
            tracks.append(track_id)
        base = dict(
            id=qid,
            prompt=r.text(q.get("prompt"), "prompt"),
            explanation=r.text(q.get("explanation"), "explanation"),
            source=self.section_ref(r, q.get("source")),
        )
        extra = self.answer_fields(r, q, qtype)
        if None in base.values() or extra is None:
            return None
        cls = {"single": SingleChoice, "multiple": MultipleChoice, "true_false": TrueFalse,
               "matching": Matching, "ordering": Ordering, "text": TextAnswer}[qtype]
        return cls(**base, quote=quote, terms=self.term_list(r, q.get("terms"), "terms"),
                   tracks=tuple(tracks), objective=objective, **extra)

    def answer_fields(self, r: _Reader, q: dict[str, yaml.Node], qtype: str) -> dict[str, Any] | None:
        if qtype in ("single", "multiple"):
            option_nodes = r.seq(q.get("options"), "options", minimum=2)
            read = [self.option(r, n) for n in option_nodes]
            options = [o[0] if o else None for o in read]
            r.distinct(option_nodes, options, "options")
            clean = tuple(o for o in options if o is not None)
            if qtype == "single":
                answer = r.text(q.get("answer"), "answer")
                if answer is not None and clean and answer not in clean:
                    r.src.error(q["answer"], f"det rigtige svar »{answer}« er ikke en af svarmulighederne")
                    return None
                rights = {answer}
            else:
                answer_nodes = r.seq(q.get("answers"), "answers", minimum=1)
                answers = [r.text(n, "answers") for n in answer_nodes]
                r.distinct(answer_nodes, answers, "answers")
                bad = False
                for node, answer in zip(answer_nodes, answers):
                    if answer is not None and clean and answer not in clean:
                        r.src.error(node, f"det rigtige svar »{answer}« er ikke en af svarmulighederne")
                        bad = True
                if bad:
                    return None
                rights = set(answers)
            why = self.option_whys(r, option_nodes, read, rights)
            if len(clean) != len(options) or len(options) < 2 or None in rights:
                return None
            if qtype == "single":
                return dict(options=clean, answer=answer, why=why)
            return dict(options=clean, answers=tuple(answers), why=why) if answers else None
        if qtype == "true_false":
            answer = r.boolean(q.get("answer"), "answer")
            return None if answer is None else dict(answer=answer)
        if qtype == "matching":
            pairs = []
            pair_nodes = r.seq(q.get("pairs"), "pairs", minimum=2)
            lefts, rights = [], []
            for item in pair_nodes:
                p = r.mapping(item, "parret", ("left", "right"))
                if p is None:
                    lefts.append(None), rights.append(None)
                    continue
                left, right = r.text(p.get("left"), "left"), r.text(p.get("right"), "right")
                lefts.append(left), rights.append(right)
                pairs.append((left, right))
            r.distinct(pair_nodes, lefts, "pairs (left)")
            r.distinct(pair_nodes, rights, "pairs (right)")
            ok = len(pairs) == len(pair_nodes) >= 2 and all(None not in p for p in pairs)
            return dict(pairs=tuple(pairs)) if ok else None
        if qtype == "ordering":
            item_nodes = r.seq(q.get("items"), "items", minimum=2)
            items = [r.text(n, "items") for n in item_nodes]
            r.distinct(item_nodes, items, "items")
            ok = None not in items and len(items) >= 2
            return dict(items=tuple(items)) if ok else None
        accepted = r.texts(q.get("accepted"), "accepted", minimum=1)
        return dict(accepted=accepted) if accepted else None

    def option(self, r: _Reader, node: yaml.Node) -> tuple[str, str | None, yaml.Node | None] | None:
        """An option: plain text, or ``{text, why}``. Gives (text, why, the why's node)."""
        if isinstance(node, yaml.MappingNode):
            o = r.mapping(node, "svarmuligheden", ("text",), ("why",))
            if o is None:
                return None
            text = r.text(o.get("text"), "text")
            why = r.text(o.get("why"), "why")
            return None if text is None else (text, why, o.get("why"))
        text = r.text(node, "options")
        return None if text is None else (text, None, None)

    def option_whys(self, r: _Reader, nodes: list[yaml.Node], read: list, rights: set) -> tuple[tuple[str, str], ...]:
        """Check `why` on the options; give (option, why) for the wrong ones.

        A wrong option must explain why it is wrong (with REQUIRE_V2 off, only one written
        as a mapping); a right option must not (its reason is the question's `explanation`).
        """
        whys: list[tuple[str, str]] = []
        for node, item in zip(nodes, read):
            if item is None:
                continue
            text, why, why_node = item
            if text in rights:
                if why_node is not None:
                    r.src.error(why_node, f"»why« hører kun til forkerte svarmuligheder; »{text}« er rigtig "
                                          "(brug »explanation«)")
            elif why is not None:
                whys.append((text, why))
            elif why_node is None and (REQUIRE_V2 or isinstance(node, yaml.MappingNode)):
                r.src.error(node, f"den forkerte svarmulighed »{text}« mangler »why« (hvorfor den er forkert)")
        return tuple(whys)

    # -- scenarios -------------------------------------------------------------------

    def scenario(self, r: _Reader, node: yaml.Node, module_id: str) -> Scenario | None:
        s = r.mapping(node, "scenariet", ("id", "title", "tracks", "intro", "start", "nodes", "reflection"),
                      ("optional",))
        if s is None:
            return None
        sid = r.ident(s.get("id"), "id")
        if sid is not None:
            self.unique("scenario", sid, r.src, s["id"], "scenariet")
            self.locate("scenario", sid, r.src, node)
        tracks = r.idents(s.get("tracks"), "tracks")
        if s.get("tracks") is not None and not tracks:
            r.src.error(s["tracks"], "scenariet skal høre til mindst ét forløb")
        for track_id, track_node in tracks:
            if track_id not in self.track_modules:
                r.src.error(track_node, f"forløbet »{track_id}« findes ikke i manifestet")
            elif module_id not in self.track_modules[track_id]:
                r.src.error(
                    track_node,
                    f"forløbet »{track_id}« har ikke modulet »{module_id}«, så scenariet kan ikke spilles der",
                )

        nodes: list[Node] = []
        node_marks: dict[str, yaml.Node] = {}
        next_refs: list[tuple[str, yaml.Node]] = []
        for item in r.seq(s.get("nodes"), "nodes", minimum=1):
            n = r.mapping(item, "noden", ("id", "text"), ("choices", "ending"))
            if n is None:
                continue
            nid = r.ident(n.get("id"), "id")
            if nid is not None:
                if nid in node_marks:
                    r.src.error(n["id"], f"noden »{nid}« findes allerede i scenariet")
                    nid = None
                else:
                    node_marks[nid] = item
                    if sid is not None:
                        self.locate("node", f"{sid}/{nid}", r.src, item)
            text = r.text(n.get("text"), "text")
            ending = r.text(n.get("ending"), "ending")
            choices: list[Choice] = []
            if "choices" in n and "ending" in n:
                r.src.error(item, "en node har enten »choices« eller »ending«, ikke begge")
            elif "choices" not in n and "ending" not in n:
                r.src.error(item, "noden skal have »choices« (et valg) eller »ending« (en slutning)")
            for choice_node in r.seq(n.get("choices"), "choices", minimum=1 if "choices" in n else 0):
                choice = self.choice(r, choice_node, next_refs)
                if choice is not None:
                    choices.append(choice)
            if nid is not None and text is not None:
                nodes.append(Node(id=nid, text=text, choices=tuple(choices),
                                  ending=ending if "choices" not in n else None))

        start = r.ident(s.get("start"), "start")
        if start is not None and node_marks and start not in node_marks:
            r.src.error(s["start"], f"startnoden »{start}« findes ikke i scenariet")
            start = None
        for target, ref_node in next_refs:
            if target not in node_marks:
                r.src.error(ref_node, f"valget fører til »{target}«, men der er ingen node med det id i scenariet")
        if start is not None and node_marks:  # no nodes at all is reported as such above
            self.check_graph(r, s, start, nodes, node_marks)

        fields = dict(
            id=sid,
            title=r.text(s.get("title"), "title"),
            intro=r.text(s.get("intro"), "intro"),
            start=start,
            reflection=r.text(s.get("reflection"), "reflection"),
        )
        optional = self.optional(r, s.get("optional"), [v for v, _ in tracks], "scenariet")
        if None in fields.values() or not tracks:
            return None
        return Scenario(tracks=tuple(v for v, _ in tracks), nodes=tuple(nodes),
                        optional=optional, **fields)

    def choice(self, r: _Reader, node: yaml.Node, next_refs: list) -> Choice | None:
        c = r.mapping(node, "valget", ("text", "next", "feedback", "effects"))
        if c is None:
            return None
        target = r.ident(c.get("next"), "next")
        if target is not None:
            next_refs.append((target, c["next"]))
        effects: list[tuple[str, int]] = []
        effects_node = c.get("effects")
        if effects_node is not None:
            e = r.mapping(effects_node, "»effects«", (), sorted(self.focus_ids))
            for focus_id, value_node in (e or {}).items():
                value = r.integer(value_node, f"effects: {focus_id}", -1, 1)
                if value == 0:
                    r.src.error(value_node, "en effekt er 1 (styrker) eller -1 (svækker), ikke 0")
                elif value is not None:
                    effects.append((focus_id, value))
            if e is not None and not e:
                r.src.error(effects_node, "»effects« skal nævne mindst ét fokusområde")
        fields = dict(text=r.text(c.get("text"), "text"), next=target,
                      feedback=r.text(c.get("feedback"), "feedback"))
        if None in fields.values():
            return None
        return Choice(effects=tuple(effects), **fields)

    def check_graph(self, r: _Reader, s: dict, start: str, nodes: list[Node],
                    node_marks: dict[str, yaml.Node]) -> None:
        by_id = {n.id: n for n in nodes}
        if not any(n.is_ending for n in nodes):
            r.src.error(s["nodes"], "scenariet har ingen slutning (en node med »ending«)")
            return
        reachable = {start}
        queue = deque([start])
        while queue:
            current = by_id.get(queue.popleft())
            for choice in current.choices if current else ():
                if choice.next in by_id and choice.next not in reachable:
                    reachable.add(choice.next)
                    queue.append(choice.next)
        for node_id, mark in node_marks.items():
            if node_id not in reachable:
                r.src.error(mark, f"noden »{node_id}« kan ikke nås fra start (»{start}«)")
        # Every reachable node must be able to reach an ending (no trap, no endless loop).
        can_end = {n.id for n in nodes if n.is_ending}
        changed = True
        while changed:
            changed = False
            for n in nodes:
                if n.id not in can_end and any(c.next in can_end for c in n.choices):
                    can_end.add(n.id)
                    changed = True
        for node_id in sorted(reachable - can_end, key=lambda i: node_marks[i].start_mark.line):
            if node_id in by_id:
                r.src.error(node_marks[node_id], f"fra noden »{node_id}« fører ingen vej til en slutning")


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
