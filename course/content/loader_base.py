"""What every part of the loader shares: the problems found so far, the ids read so far,
and the helpers that check a reference against them.

:class:`course.content.quiz_reading._QuizReading` (quizzes and scenarios) and
:class:`course.content.loader._Loader` (the manifest, glossary, facts and modules) build
on :class:`_LoaderBase`, so each of them sees the same state with its types.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import yaml

from .policy import PolicyText
from .yaml_reading import Problem, _Reader, _Source


class _LoaderBase:
    """The loader's state and the helpers shared by all its files."""

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
