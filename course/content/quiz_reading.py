"""Reading a quiz file: its questions (every kind), pools and scenarios with their graphs.

A base of :class:`course.content.loader._Loader`: it uses the loader's shared helpers
(``unique``, ``section_ref``, ``locate`` … of :class:`course.content.loader_base._LoaderBase`)
and the ids read before the quizzes.
"""

from __future__ import annotations

import difflib
import math
from collections import deque
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypedDict

import yaml

from .loader_base import _LoaderBase
from .model import (
    QUESTION_TYPES,
    Choice,
    Matching,
    MultipleChoice,
    Node,
    Ordering,
    Question,
    Quiz,
    Scenario,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)
from .yaml_reading import (
    REQUIRE_V2,
    _Reader,
)


class _QuestionFields(TypedDict):
    """What every type of question has (:class:`course.content.model.QuestionBase`)."""

    id: str
    prompt: str
    explanation: str
    source: str
    quote: str | None
    terms: tuple[str, ...]
    tracks: tuple[str, ...]
    objective: str | None


# Builds a question of one type from the shared fields and the answer part read before.
_Build = Callable[[_QuestionFields], Question]

# An option as read: (its text, its why, the why's node).
_Option = tuple[str, str | None, yaml.Node | None]


class _QuizReading(_LoaderBase):
    """Quizzes and scenarios; a base of _Loader."""

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
        base_required: tuple[str, ...] = ("id", "type", "prompt", "explanation", "source")
        base_optional: tuple[str, ...] = ("quote", "terms", "tracks")
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
        prompt = r.text(q.get("prompt"), "prompt")
        explanation = r.text(q.get("explanation"), "explanation")
        source = self.section_ref(r, q.get("source"))
        build = self.answer_part(r, q, qtype)
        if qid is None or prompt is None or explanation is None or source is None or build is None:
            return None
        return build(_QuestionFields(
            id=qid, prompt=prompt, explanation=explanation, source=source, quote=quote,
            terms=self.term_list(r, q.get("terms"), "terms"), tracks=tuple(tracks),
            objective=objective,
        ))

    def answer_part(self, r: _Reader, q: dict[str, yaml.Node], qtype: str) -> _Build | None:
        """Read the fields of the question's type; give what builds the question from its
        shared fields, or None when those fields are not usable."""
        if qtype in ("single", "multiple"):
            return self.choices(r, q, qtype)
        if qtype == "true_false":
            answer = r.boolean(q.get("answer"), "answer")
            if answer is None:
                return None
            return lambda fields: TrueFalse(**fields, answer=answer)
        if qtype == "matching":
            return self.matching(r, q)
        if qtype == "ordering":
            item_nodes = r.seq(q.get("items"), "items", minimum=2)
            read = [r.text(n, "items") for n in item_nodes]
            r.distinct(item_nodes, read, "items")
            items = tuple(i for i in read if i is not None)
            if len(items) != len(read) or len(items) < 2:
                return None
            return lambda fields: Ordering(**fields, items=items)
        accepted = r.texts(q.get("accepted"), "accepted", minimum=1)
        if not accepted:
            return None
        return lambda fields: TextAnswer(**fields, accepted=accepted)

    def choices(self, r: _Reader, q: dict[str, yaml.Node], qtype: str) -> _Build | None:
        """The options and the right answer(s) of single or multiple choice."""
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
            answers = [answer]
        else:
            answer_nodes = r.seq(q.get("answers"), "answers", minimum=1)
            answers = [r.text(n, "answers") for n in answer_nodes]
            r.distinct(answer_nodes, answers, "answers")
            bad = False
            for node, right in zip(answer_nodes, answers):
                if right is not None and clean and right not in clean:
                    r.src.error(node, f"det rigtige svar »{right}« er ikke en af svarmulighederne")
                    bad = True
            if bad:
                return None
        why = self.option_whys(r, option_nodes, read, set(answers))
        rights = tuple(a for a in answers if a is not None)
        if len(clean) != len(options) or len(options) < 2 or len(rights) != len(answers):
            return None
        if qtype == "single":
            key = rights[0]
            return lambda fields: SingleChoice(**fields, options=clean, answer=key, why=why)
        if not rights:
            return None
        return lambda fields: MultipleChoice(**fields, options=clean, answers=rights, why=why)

    def matching(self, r: _Reader, q: dict[str, yaml.Node]) -> _Build | None:
        pairs: list[tuple[str, str]] = []
        pair_nodes = r.seq(q.get("pairs"), "pairs", minimum=2)
        lefts: list[str | None] = []
        rights: list[str | None] = []
        for item in pair_nodes:
            p = r.mapping(item, "parret", ("left", "right"))
            if p is None:
                lefts.append(None)
                rights.append(None)
                continue
            left, right = r.text(p.get("left"), "left"), r.text(p.get("right"), "right")
            lefts.append(left)
            rights.append(right)
            if left is not None and right is not None:
                pairs.append((left, right))
        r.distinct(pair_nodes, lefts, "pairs (left)")
        r.distinct(pair_nodes, rights, "pairs (right)")
        if not len(pairs) == len(pair_nodes) >= 2:  # a pair not read, or not complete
            return None
        complete = tuple(pairs)
        return lambda fields: Matching(**fields, pairs=complete)

    def option(self, r: _Reader, node: yaml.Node) -> _Option | None:
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

    def option_whys(self, r: _Reader, nodes: list[yaml.Node], read: list[_Option | None],
                    rights: Collection[str | None]) -> tuple[tuple[str, str], ...]:
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

        title = r.text(s.get("title"), "title")
        intro = r.text(s.get("intro"), "intro")
        reflection = r.text(s.get("reflection"), "reflection")
        optional = self.optional(r, s.get("optional"), [v for v, _ in tracks], "scenariet")
        if sid is None or title is None or intro is None or start is None or reflection is None or not tracks:
            return None
        return Scenario(id=sid, title=title, tracks=tuple(v for v, _ in tracks), intro=intro,
                        start=start, nodes=tuple(nodes), reflection=reflection, optional=optional)

    def choice(self, r: _Reader, node: yaml.Node, next_refs: list[tuple[str, yaml.Node]]) -> Choice | None:
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
        text = r.text(c.get("text"), "text")
        feedback = r.text(c.get("feedback"), "feedback")
        if text is None or target is None or feedback is None:
            return None
        return Choice(text=text, next=target, feedback=feedback, effects=tuple(effects))

    def check_graph(self, r: _Reader, s: dict[str, yaml.Node], start: str, nodes: list[Node],
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
