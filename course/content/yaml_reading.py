"""Reading one YAML file: its node tree with lines and columns, and the problems found.

The YAML files are composed (not constructed) with the C loader where present, so every
value keeps its line and column. :class:`_Source` is one file (composing it, translating
the parser's complaints into Danish); :class:`_Reader` checks keys and scalar types on
its nodes. :class:`Problem` and :class:`ContentError` are what an author is shown.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

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
    if isinstance(data, bytes):
        start, line = data.rfind(b"\n", 0, offset) + 1, data.count(b"\n", 0, offset) + 1
    else:
        start, line = data.rfind("\n", 0, offset) + 1, data.count("\n", 0, offset) + 1
    return line, offset - start + 1


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
        value: str = node.value  # a scalar's value is always its text
        if node.tag == NULL or not value.strip():
            self.src.error(node, f"»{name}« er tom")
            return None
        return value.strip()

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
        value: str | None = node.value.lower() if isinstance(node, yaml.ScalarNode) else None
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
