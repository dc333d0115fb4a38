"""Check the Danish spelling of everything the learner reads.

The text checked is every learner-visible string of the loaded course (titles, summaries,
lesson pages, quotes, key points, the glossary, questions and answers, scenarios, tracks,
focus areas and sections) and the Danish user-interface strings in the Python source
(string literals under course/tui/, course/plain/, course/engine/, progress/,
course/cli/,
course/certificates/ and course/reports/).

The check is `hunspell -d da_DK -l` with the project's own word list,
tests/spelling/words.txt (names of people and places, and the policy's own compounds).
A word that is really misspelled is fixed in the content, never added to the list.

Usage:
    uv run python scripts/spellcheck.py              # unknown words and where they are
    uv run python scripts/spellcheck.py --words      # just the unknown words
    uv run python scripts/spellcheck.py --content DIR

Exit codes: 0 no unknown words, 1 unknown words found, 2 hunspell or the Danish
dictionary is missing (install with `apt-get install hunspell hunspell-da`).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDLIST = ROOT / "tests" / "spelling" / "words.txt"
DICTIONARY = "da_DK"
INSTALL_HINT = "Install hunspell and the Danish dictionary: apt-get install hunspell hunspell-da"

# Python sources whose string literals are shown to the learner.
# (course/certificates/proof.py is left out: its messages are for developers, in English,
# and never reach a person; credential.py says in Danish what went wrong.)
SOURCE_PATHS = ("course/tui", "course/engine", "course/cli", "course/certificates/credential.py",
                "course/certificates/keys.py", "course/certificates/pdf.py",
                "course/certificates/rules.py", "course/certificates/service.py",
                "course/certificates/status.py", "course/web",
                "course/reports/learners.py", "course/reports/stats_report.py",
                "course/reports/stats.py", "course/reports/formats.py", "course/content/lint.py", "progress",
                "course/plain")

# Literals that pass the "looks like text" rule but are not Danish text for the learner.
SKIP_LITERALS = frozenset({
    "read-only",
})

# Calls whose text arguments are labels on screen: a single capitalised word given to one of
# these ("Hjælp", "Opret", "Navn") is checked too; other one-word literals are ids and keys.
UI_CALLS = frozenset({
    "Binding", "Button", "Static", "Label", "Input", "Option", "SystemCommand",
    "add_column", "add_columns", "notify", "update",
})
_LABEL = re.compile(r"[A-ZÆØÅ][a-zæøåé]+")

# Class attributes, calls and keyword arguments that hold code, not text: Textual CSS,
# selectors, CSS classes, ids.
CODE_NAMES = frozenset({"DEFAULT_CSS", "CSS", "CSS_PATH", "CSP",  # CSP: a security header
                        "HEADERS",  # HTTP headers and their values
                        "command",  # a command line for a subprocess
                        "CJK_CANDIDATES"})  # font file paths
# Translation tables: their keys are another program's English originals (argparse's),
# their values the Danish the user sees; only the values are checked.
TRANSLATION_TABLES = frozenset({"_ARGPARSE_DANISH"})
CODE_CALLS = frozenset({"cast", "query", "query_one", "query_exactly_one", "add_class", "remove_class",
                        "set_class", "toggle_class", "has_class", "set_classes"})
CODE_KEYWORDS = frozenset({"id", "classes", "variant", "name", "key", "group", "severity",
                           "style", "action", "headers", "content_type"})
# Log messages are for whoever runs the server, in English: calls on these names.
LOGGERS = frozenset({"log", "logger", "logging"})
# A Content-Security-Policy written out (its directives are not words).
_CSP_TEXT = re.compile(r"\b(?:default|script|style|img|connect|font)-src\b")
_CSS = re.compile(r"[{};]\s*$|^\s*[#.]?[\w-]+\s*[>{]", re.M)

# Code inside Danish UI text (commands, options, paths, variables): not words to check.
SKIP_FRAGMENTS = re.compile(
    # a command, as typed (medborger validate, medborger holds create)
    r"medborger [a-z-]+(?: (?:list|create|renew|issue|verify|revoke|export|delete|set-admin))?"
    r"|--[a-z][a-z-]*"         # command-line options
    r"|\.(?:csv|json|pdf|pem|md|html|zip)\b"  # file name endings (.json)
    r"|\b[A-Z]+(?:_[A-Z]+)+\b"  # environment variables (MEDBORGER_DATA)
    r"|\b\w+/(?=\s|\)|$)"      # folder names (modules/)
    r"|%\(\w+\)\w|%[sr]"        # %-format fields: %(value)r, %s
    r"|<[^<>]*>"              # HTML tags and their attributes (the /bevis page)
    r"|\{\w+\}"               # str.format fields ({reason})
)
# Words holding a digit are codes, not words: UTF-8, F1, 8.b, 10-20.
_WITH_DIGIT = re.compile(r"[\w.\-]*\d[\w.\-]*")

if str(ROOT) not in sys.path:  # so `python scripts/spellcheck.py` finds the course package
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Text:
    """One learner-visible string and where it comes from."""

    where: str
    text: str


@dataclass(frozen=True)
class Occurrence:
    where: str
    context: str


class HunspellMissing(RuntimeError):
    """hunspell or its Danish dictionary is not installed."""


# --- the course's text ----------------------------------------------------------------


def strip_markdown(text: str) -> str:
    """Markdown syntax out, words in: bullets, emphasis, headings, numbers, links, code."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", text, flags=re.M)
    return text.replace("**", " ").replace("__", " ").replace("*", " ")


def content_texts(course) -> list[Text]:
    """Every learner-visible string of a loaded Course, with its place."""
    out: list[Text] = []

    def add(where: str, *texts: str | None) -> None:
        for text in texts:
            if text:
                out.append(Text(where, text))

    manifest = "modules/course.yaml"
    add(f"{manifest} › title", course.title)
    add(f"{manifest} › policy_title", course.policy_title)
    for area in course.focus_areas:
        add(f"{manifest} › focus_areas.{area.id}", area.title)
    for section in course.sections:
        add(f"{manifest} › sections.{section.id}", section.title)
    for track in course.tracks:
        where = f"{manifest} › tracks.{track.id}"
        add(f"{where}.title", track.title)
        add(f"{where}.description", track.description)
        add(f"{where}.certificate_title", track.certificate_title)

    for module in course.modules:
        where = f"modules/{module.id}.yaml"
        add(f"{where} › title", module.title)
        add(f"{where} › summary", module.summary)
        for n, page in enumerate(module.pages, start=1):
            add(f"{where} › page {n} title", page.title)
            add(f"{where} › page {n} body", strip_markdown(page.body))
            for k, quote in enumerate(page.quotes, start=1):
                add(f"{where} › page {n} quote {k}", quote.text)
        for n, point in enumerate(module.key_points, start=1):
            add(f"{where} › key point {n}", point)

    for term in course.glossary:
        where = f"modules/glossary.yaml › {term.id}"
        add(f"{where}.term", term.term)
        add(f"{where}.definition", term.definition)
        add(f"{where}.explanation", term.explanation)
        add(f"{where}.example", term.example)

    for quiz in course.quizzes:
        file = f"quizzes/{quiz.module}.yaml"
        for q in quiz.questions:
            where = f"{file} › {q.id}"
            add(f"{where}.prompt", q.prompt)
            add(f"{where}.quote", q.quote)
            add(f"{where}.explanation", q.explanation)
            for key in ("options", "answers", "items", "accepted"):
                for value in getattr(q, key, ()):
                    add(f"{where}.{key}", value)
            answer = getattr(q, "answer", None)
            if isinstance(answer, str):
                add(f"{where}.answer", answer)
            for left, right in getattr(q, "pairs", ()):
                add(f"{where}.pairs", left, right)
        for s in quiz.scenarios:
            where = f"{file} › {s.id}"
            add(f"{where}.title", s.title)
            add(f"{where}.intro", strip_markdown(s.intro))
            add(f"{where}.reflection", strip_markdown(s.reflection))
            for node in s.nodes:
                add(f"{where} › {node.id}.text", strip_markdown(node.text))
                add(f"{where} › {node.id}.ending", node.ending)
                for k, choice in enumerate(node.choices, start=1):
                    add(f"{where} › {node.id}.choice {k} text", choice.text)
                    add(f"{where} › {node.id}.choice {k} feedback", choice.feedback)
    return out


# --- the user interface's text --------------------------------------------------------

_DANISH = re.compile(r"[æøåÆØÅ]")
_WORDS = re.compile(r"[A-Za-zÆØÅæøåÉé]{2,}")
_MARKUP = re.compile(r"\[/?[a-z $-]*\]|\$[a-z_-]+")
# Rich/Textual style strings ("bold $text-success"): not text.
_STYLE_WORDS = frozenset({"bold", "italic", "dim", "underline", "reverse", "strike", "blink",
                          "not", "on", "b", "i", "u", "link"})


def _looks_like_text(value: str) -> bool:
    """Danish text for a person, not an id, key name, CSS selector, path or format."""
    if value in SKIP_LITERALS or not _WORDS.search(value) or _CSS.search(value) \
            or _CSP_TEXT.search(value):
        return False
    if _DANISH.search(value) or re.fullmatch(r"\W*[A-ZÆØÅ][a-zæøå]+:\s*", value):
        return True  # Danish letters, or a label such as "▲ Styrker: "
    if all(w in _STYLE_WORDS or w.startswith("$") for w in value.split()):
        return False
    words = _WORDS.findall(value)
    if len(words) < 2 or " " not in value.strip():
        return False
    # "escape,f1,question_mark", "#modules", "$warning", "%Y%m%d": not text.
    return not re.fullmatch(r"[\w,.#$%:/+\-]*", value.strip())


_BUILTIN_EXCEPTIONS = {name for name, value in vars(builtins).items()
                       if isinstance(value, type) and issubclass(value, BaseException)}


def _not_for_the_learner(tree: ast.AST) -> set[int]:
    """Ids of the nodes under docstrings (any bare string statement) and under `raise` of a
    built-in exception (programmer messages, in English). Custom exceptions such as
    InvalidName carry Danish messages for the learner and are checked."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            ids.update(id(n) for n in ast.walk(node.value))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {getattr(t, "id", getattr(t, "attr", None)) for t in targets}
            if names & CODE_NAMES:
                ids.update(id(n) for n in ast.walk(node.value))
            if names & TRANSLATION_TABLES and isinstance(node.value, ast.Dict):
                ids.update(id(n) for key in node.value.keys if key for n in ast.walk(key))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            receiver = getattr(getattr(func, "value", None), "id", None)
            if name in CODE_CALLS or receiver in LOGGERS:
                ids.update(id(n) for arg in node.args for n in ast.walk(arg))
            for keyword in node.keywords:
                if keyword.arg in CODE_KEYWORDS:
                    ids.update(id(n) for n in ast.walk(keyword.value))
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            if isinstance(func, ast.Name) and func.id in _BUILTIN_EXCEPTIONS:
                ids.update(id(n) for n in ast.walk(node.exc))
    return ids


def _labels(tree: ast.AST) -> set[int]:
    """Ids of single-word literals given as arguments to a UI call (see UI_CALLS)."""
    ids = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in UI_CALLS:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg != "id")]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                    and _LABEL.fullmatch(arg.value):
                ids.add(id(arg))
    return ids


def _literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every str literal that looks like text for the learner; an f-string
    counts once, its fields as blanks."""
    skip = _not_for_the_learner(tree)
    labels = _labels(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    parts.append(value.value)
                else:
                    parts.append(" ")
                # the constants inside an f-string (and its format specs) are not text
                for inner in ast.walk(value):
                    skip.add(id(inner))
            text = "".join(parts)
            if _looks_like_text(text):
                yield node.lineno, text
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in labels or _looks_like_text(node.value):
                yield node.lineno, node.value


def source_texts(root: Path = ROOT) -> list[Text]:
    """The Danish UI strings in the Python source (see SOURCE_PATHS)."""
    out: list[Text] = []
    files: list[Path] = []
    for rel in SOURCE_PATHS:
        path = root / rel
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        rel = file.relative_to(root).as_posix()
        for line, value in _literals(tree):
            text = SKIP_FRAGMENTS.sub(" ", _MARKUP.sub(" ", value))
            out.append(Text(f"{rel}:{line}", text))
    return out


# --- hunspell -------------------------------------------------------------------------


def hunspell_problem() -> str | None:
    """Why the check cannot run here, or None when hunspell and da_DK are installed."""
    if shutil.which("hunspell") is None:
        return f"hunspell is not installed. {INSTALL_HINT}"
    probe = subprocess.run(["hunspell", "-d", DICTIONARY, "-l"], input="hej\n",
                           capture_output=True, text=True, encoding="utf-8")
    if probe.returncode != 0 or "Can't open" in probe.stderr:
        return f"The Danish hunspell dictionary ({DICTIONARY}) is not installed. {INSTALL_HINT}"
    return None


def _prepare(text: str) -> str:
    """One line of words for hunspell: no line breaks, no codes with digits."""
    return " ".join(_WITH_DIGIT.sub(" ", text).split())


def unknown_words(texts: Iterable[Text], wordlist: Path = WORDLIST) -> set[str]:
    """The words hunspell does not know (with the project word list)."""
    problem = hunspell_problem()
    if problem:
        raise HunspellMissing(problem)
    lines = "\n".join(_prepare(t.text) for t in texts) + "\n"
    command = ["hunspell", "-d", DICTIONARY, "-i", "utf-8", "-l"]
    if wordlist.is_file():
        command += ["-p", str(wordlist)]
    result = subprocess.run(command, input=lines, capture_output=True, text=True,
                            encoding="utf-8", check=True)
    # da_DK counts "." and "-" as word characters ("f.eks."); report the bare word.
    return {w.strip(".-") for w in result.stdout.split() if w.strip(".-")}


def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.\-])" + re.escape(word) + r"(?![\w\-])")


def where_unknown(texts: Iterable[Text], words: set[str]) -> dict[str, list[Occurrence]]:
    """Each unknown word with the places it occurs and a bit of text around it."""
    found: dict[str, list[Occurrence]] = {w: [] for w in words}
    patterns = {w: _pattern(w) for w in words}
    for t in texts:
        flat = _prepare(t.text)
        for word, pattern in patterns.items():
            match = pattern.search(flat)
            if match:
                start, end = max(match.start() - 40, 0), min(match.end() + 40, len(flat))
                context = flat[start:end]
                context = ("…" if start else "") + context + ("…" if end < len(flat) else "")
                found[word].append(Occurrence(t.where, context))
    return found


def check(course, root: Path = ROOT, wordlist: Path = WORDLIST) -> dict[str, list[Occurrence]]:
    """Unknown words in the course and UI text, with where they occur; empty when all is fine."""
    texts = content_texts(course) + source_texts(root)
    return where_unknown(texts, unknown_words(texts, wordlist))


def report(found: dict[str, list[Occurrence]]) -> str:
    lines = []
    for word in sorted(found, key=str.casefold):
        lines.append(word)
        for occ in found[word] or [Occurrence("?", "")]:
            lines.append(f"    {occ.where}: «{occ.context}»")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT,
                        help="folder with modules/ and quizzes/ (default: this repository)")
    parser.add_argument("--words", action="store_true", help="print only the unknown words")
    args = parser.parse_args(argv)

    problem = hunspell_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from course.content import ContentError, load_course

    try:
        course = load_course(args.content)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        print("The content is not valid; fix it first (uv run medborger validate).",
              file=sys.stderr)
        return 1
    found = check(course, ROOT)
    if args.words:
        for word in sorted(found, key=str.casefold):
            print(word)
    elif found:
        print(report(found))
        print(f"\n{len(found)} unknown word(s). Fix the spelling, or add a word that is really "
              f"correct (a name, a place, the policy's own word) to {WORDLIST.relative_to(ROOT)}.")
    else:
        print("No unknown words.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
