"""Builders and hypothesis strategies for questions, responses and scenario graphs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import strategies as st

from course.content.model import (
    QUESTION_TYPES,
    Choice,
    Matching,
    MultipleChoice,
    Node,
    Ordering,
    Question,
    Scenario,
    SingleChoice,
    TextAnswer,
    TrueFalse,
)

_BASE: dict[str, Any] = dict(
    prompt="Spørgsmål?", explanation="Fordi.", source="forord", quote=None, terms=(), tracks=()
)


def single(
    qid: str = "s",
    options: tuple[str, ...] = ("a", "b", "c"),
    answer: str = "a",
    *,
    why: tuple[tuple[str, str], ...] = (),
    objective: str | None = None,
) -> SingleChoice:
    return SingleChoice(id=qid, options=options, answer=answer, why=why, objective=objective,
                        **_BASE)


def multiple(
    qid: str = "m",
    options: tuple[str, ...] = ("a", "b", "c", "d"),
    answers: tuple[str, ...] = ("a", "b"),
    *,
    why: tuple[tuple[str, str], ...] = (),
    objective: str | None = None,
) -> MultipleChoice:
    return MultipleChoice(id=qid, options=options, answers=answers, why=why, objective=objective,
                          **_BASE)


def true_false(qid: str = "tf", answer: bool = True, *, objective: str | None = None) -> TrueFalse:
    return TrueFalse(id=qid, answer=answer, objective=objective, **_BASE)


def matching(
    qid: str = "match",
    pairs: tuple[tuple[str, str], ...] = (("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")),
) -> Matching:
    return Matching(id=qid, pairs=pairs, **_BASE)


def ordering(qid: str = "o", items: tuple[str, ...] = ("a", "b", "c", "d")) -> Ordering:
    return Ordering(id=qid, items=items, **_BASE)


def text(qid: str = "t", accepted: tuple[str, ...] = ("nærdemokrati",)) -> TextAnswer:
    return TextAnswer(id=qid, accepted=accepted, **_BASE)


# --- hypothesis ---------------------------------------------------------------------

words = st.text(
    alphabet=st.one_of(st.sampled_from("æøåÆØÅaeoAEO .,!?«»-"), st.characters(codec="utf-8")),
    min_size=1,
    max_size=8,
)
ids = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?", fullmatch=True)


def _distinct(min_size: int = 2, max_size: int = 6) -> st.SearchStrategy[list[str]]:
    return st.lists(words, min_size=min_size, max_size=max_size, unique=True)


@st.composite
def questions(draw: st.DrawFn, kind: str | None = None, qid: str | None = None) -> Question:
    """Any valid question (of ``kind``, if given)."""
    kind = kind or draw(st.sampled_from(QUESTION_TYPES))
    qid = qid or draw(ids)
    if kind == "single":
        options = draw(_distinct())
        return single(qid, tuple(options), draw(st.sampled_from(options)))
    if kind == "multiple":
        options = draw(_distinct())
        answers = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
        return multiple(qid, tuple(options), tuple(answers))
    if kind == "true_false":
        return true_false(qid, draw(st.booleans()))
    if kind == "matching":
        lefts = draw(_distinct())
        rights = draw(_distinct(len(lefts), len(lefts)))
        return matching(qid, tuple(zip(lefts, rights, strict=True)))
    if kind == "ordering":
        return ordering(qid, tuple(draw(_distinct())))
    return text(qid, tuple(draw(_distinct(1, 4))))


question_lists = st.lists(questions(), max_size=8, unique_by=lambda q: q.id)

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(
        st.one_of(st.text(max_size=3), st.integers(), st.lists(st.none(), max_size=1)), max_size=3
    ),
    st.tuples(st.text(max_size=2)),
    st.dictionaries(st.text(max_size=3), st.one_of(st.text(max_size=3), st.integers()), max_size=3),
)


def _typed_variant(answer: str) -> st.SearchStrategy[str]:
    """``answer`` as a learner might type it: case, spaces, punctuation, ae for æ."""
    return st.builds(
        lambda a, upper, pre, post: pre + (a.upper() if upper else a).replace("æ", "ae") + post,
        st.just(answer),
        st.booleans(),
        st.sampled_from(["", " ", "  «"]),
        st.sampled_from(["", ".", " !", "?  "]),
    )


def plausible(question: Question) -> st.SearchStrategy[Any]:
    """Responses of the right shape (right, partly right or wrong)."""
    if isinstance(question, SingleChoice):
        return st.sampled_from(question.options)
    if isinstance(question, MultipleChoice):
        return st.lists(st.sampled_from(question.options), max_size=len(question.options) + 1)
    if isinstance(question, TrueFalse):
        return st.booleans()
    if isinstance(question, Matching):
        lefts = [left for left, _ in question.pairs]
        rights = [right for _, right in question.pairs]
        chosen = st.one_of(st.none(), st.sampled_from(rights))
        return st.dictionaries(st.sampled_from(lefts), chosen)
    if isinstance(question, Ordering):
        return st.permutations(question.items).map(list)
    return st.one_of(st.sampled_from(question.accepted).flatmap(_typed_variant), words)


def responses(question: Question) -> st.SearchStrategy[Any]:
    return st.one_of(junk, plausible(question))


def reordered(question: Question, data: st.DataObject) -> Question:
    """The same question with its options/pairs/accepted answers listed in another order."""
    if isinstance(question, SingleChoice):
        return replace(question, options=tuple(data.draw(st.permutations(question.options))))
    if isinstance(question, MultipleChoice):
        return replace(
            question,
            options=tuple(data.draw(st.permutations(question.options))),
            answers=tuple(data.draw(st.permutations(question.answers))),
        )
    if isinstance(question, Matching):
        return replace(question, pairs=tuple(data.draw(st.permutations(question.pairs))))
    if isinstance(question, TextAnswer):
        return replace(question, accepted=tuple(data.draw(st.permutations(question.accepted))))
    return question


# --- scenarios ----------------------------------------------------------------------

FOCUS = ("inklusion", "deltagelse", "ansvar", "bidrag", "faellesskab")

effects = st.lists(
    st.tuples(st.sampled_from(FOCUS), st.sampled_from([1, -1])),
    max_size=3,
    unique_by=lambda effect: effect[0],
).map(tuple)


def choice(target: str, effect: tuple[tuple[str, int], ...] = ()) -> Choice:
    return Choice(
        text=f"til {target}", next=target, feedback=f"feedback til {target}", effects=effect
    )


def decision(node_id: str, *choices: Choice) -> Node:
    return Node(id=node_id, text=f"tekst {node_id}", choices=choices)


def ending(node_id: str) -> Node:
    return Node(id=node_id, text=f"tekst {node_id}", ending=f"Slutning {node_id}")


def scenario(start: str, *nodes: Node, sid: str = "sc") -> Scenario:
    return Scenario(
        id=sid, title="Scenarie", tracks=("t",), intro="", start=start, nodes=nodes, reflection=""
    )


@st.composite
def scenario_dags(draw: st.DrawFn, max_nodes: int = 12) -> Scenario:
    """A valid scenario graph: edges only go forward, the last node is an ending, so every
    node reaches an ending; nodes are listed in a random order."""
    count = draw(st.integers(1, max_nodes))
    nodes = []
    for i in range(count):
        if i == count - 1 or (i > 0 and draw(st.integers(0, 3)) == 0):
            nodes.append(ending(f"n{i}"))
        else:
            targets = draw(st.lists(st.integers(i + 1, count - 1), min_size=1, max_size=3))
            nodes.append(decision(f"n{i}", *(choice(f"n{t}", draw(effects)) for t in targets)))
    return scenario("n0", *draw(st.permutations(nodes)))
