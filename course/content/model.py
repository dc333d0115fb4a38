"""The course as immutable data.

Everything the course teaches is loaded from YAML (see ``modules/README.md``) into these
frozen dataclasses by :mod:`course.content.loader`. Nothing here knows about files,
YAML or any user interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple


@dataclass(frozen=True)
class Quote:
    """A sentence quoted from the policy, with the section it comes from."""

    text: str
    source: str  # a Section id


@dataclass(frozen=True)
class Section:
    """A section of the policy, for "where does this come from" references."""

    id: str
    title: str


@dataclass(frozen=True)
class FocusArea:
    id: str
    title: str


# ``optional`` on a page or a scenario: False (core for every track), True (optional
# deepening, »Fordybelse«, for every track) or the ids of the tracks it is optional for.
Optionality = bool | tuple[str, ...]


def _optional_for(optional: Optionality, track_id: str | None) -> bool:
    if isinstance(optional, bool):
        return optional
    return track_id is not None and track_id in optional


@dataclass(frozen=True)
class Lesson:
    """A school lesson (45 minutes) of a track: a title and the modules it covers."""

    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Track:
    """A learning path: which modules, and how well quizzes must be passed."""

    id: str
    title: str
    description: str
    modules: tuple[str, ...]
    pass_mark: int
    certificate_title: str
    # Years a certificate of this track stays valid (its validUntil); None: no expiry.
    certificate_valid_years: int | None = None
    # The track's modules grouped into lessons a teacher can plan with; () when not given.
    lessons: tuple[Lesson, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A fact from outside the policy (Danish law) that the course teaches: where it comes
    from and when someone last read that source (``checked``, "YYYY-MM-DD")."""

    id: str
    text: str
    source: str
    checked: str
    used_in: tuple[str, ...]  # module ids
    url: str | None = None


@dataclass(frozen=True)
class Objective:
    """A learning objective: ``text`` completes "Når du er færdig, kan du …"."""

    id: str
    text: str


@dataclass(frozen=True)
class Page:
    title: str
    body: str  # Markdown
    quotes: tuple[Quote, ...] = ()
    terms: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()  # empty: every track
    optional: Optionality = False  # optional deepening (»Fordybelse«), see Optionality

    def for_track(self, track_id: str) -> bool:
        return not self.tracks or track_id in self.tracks

    def is_optional(self, track_id: str | None) -> bool:
        """Whether the page is deepening for the track, not needed for its certificate."""
        return _optional_for(self.optional, track_id)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    minutes: int
    pages: tuple[Page, ...]
    key_points: tuple[str, ...]
    objectives: tuple[Objective, ...] = ()

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)

    def page_indices(self, track_id: str) -> tuple[int, ...]:
        """The indices (into ``pages``) of the pages shown to ``track_id``, in order."""
        return tuple(i for i, page in enumerate(self.pages) if page.for_track(track_id))

    def core_page_indices(self, track_id: str) -> tuple[int, ...]:
        """The pages shown to ``track_id`` that its certificate requires, in order."""
        return tuple(i for i in self.page_indices(track_id)
                     if not self.pages[i].is_optional(track_id))

    def optional_page_indices(self, track_id: str) -> tuple[int, ...]:
        """The pages shown to ``track_id`` as optional deepening (»Fordybelse«)."""
        return tuple(i for i in self.page_indices(track_id)
                     if self.pages[i].is_optional(track_id))

    def reading_sequence(self, track_id: str) -> tuple[int, ...]:
        """The order a lesson visits: the core pages, the key points (``len(pages)``),
        then the optional pages. Each number is a page index, the key points ``len(pages)``."""
        return (self.core_page_indices(track_id) + (len(self.pages),)
                + self.optional_page_indices(track_id))

    @property
    def terms(self) -> tuple[str, ...]:
        """Glossary ids used on any page, in first-use order."""
        seen: dict[str, None] = {}
        for page in self.pages:
            seen.update(dict.fromkeys(page.terms))
        return tuple(seen)


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    id: str
    term: str
    explanation: str
    example: str
    definition: str | None = None  # the policy's own words, when it has them
    source: str | None = None
    related: tuple[str, ...] = ()


# --- questions ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionBase:
    id: str
    prompt: str
    explanation: str
    source: str
    quote: str | None
    terms: tuple[str, ...]
    tracks: tuple[str, ...]  # empty: every track
    # The id of one of the module's objectives (None in content written before objectives).
    objective: str | None = field(default=None, kw_only=True)

    def for_track(self, track_id: str) -> bool:
        return not self.tracks or track_id in self.tracks

    # What the content checks (course.content.lint, .quality) need of any type; the rest
    # of a type's behaviour is its kind module, course/engine/kinds/<type>.py.
    generic_prompt = False  # the prompt is often a general instruction ("Sæt i rækkefølge")

    def offered(self) -> tuple[str, ...]:
        """What the question offers besides its prompt (options, pairs, items, accepted)."""
        return ()

    def wrong_options(self) -> tuple[str, ...]:
        """The options a learner can pick that are wrong, in file order."""
        return ()

    def why_for(self, option: str) -> str | None:
        """Why ``option`` (a wrong option) is wrong, or None when the content says nothing."""
        return None


class _Options:
    """Per-option explanations for single and multiple choice."""

    why: tuple[tuple[str, str], ...]

    def why_for(self, option: str) -> str | None:
        """Why ``option`` (a wrong option) is wrong, or None when the content says nothing."""
        return next((text for o, text in self.why if o == option), None)


@dataclass(frozen=True)
class SingleChoice(_Options, QuestionBase):
    options: tuple[str, ...]
    answer: str
    type: Literal["single"] = "single"
    # (option text, why it is wrong) for the wrong options that have an explanation
    why: tuple[tuple[str, str], ...] = field(default=(), kw_only=True)

    def offered(self) -> tuple[str, ...]:
        return self.options

    def wrong_options(self) -> tuple[str, ...]:
        return tuple(o for o in self.options if o != self.answer)


@dataclass(frozen=True)
class MultipleChoice(_Options, QuestionBase):
    options: tuple[str, ...]
    answers: tuple[str, ...]
    type: Literal["multiple"] = "multiple"
    why: tuple[tuple[str, str], ...] = field(default=(), kw_only=True)

    def offered(self) -> tuple[str, ...]:
        return self.options

    def wrong_options(self) -> tuple[str, ...]:
        return tuple(o for o in self.options if o not in self.answers)


@dataclass(frozen=True)
class TrueFalse(QuestionBase):
    answer: bool
    type: Literal["true_false"] = "true_false"


@dataclass(frozen=True)
class Matching(QuestionBase):
    pairs: tuple[tuple[str, str], ...]
    type: Literal["matching"] = "matching"
    generic_prompt = True

    def offered(self) -> tuple[str, ...]:
        return tuple(f"{left} {right}" for left, right in self.pairs)


@dataclass(frozen=True)
class Ordering(QuestionBase):
    items: tuple[str, ...]  # the right order
    type: Literal["ordering"] = "ordering"
    generic_prompt = True

    def offered(self) -> tuple[str, ...]:
        return self.items


@dataclass(frozen=True)
class TextAnswer(QuestionBase):
    accepted: tuple[str, ...]
    type: Literal["text"] = "text"

    def offered(self) -> tuple[str, ...]:
        return self.accepted


Question = SingleChoice | MultipleChoice | TrueFalse | Matching | Ordering | TextAnswer

QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "true_false", "matching", "ordering", "text")


# --- scenarios ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    text: str
    next: str
    feedback: str
    effects: tuple[tuple[str, int], ...]  # (focus area id, +1 or -1)


@dataclass(frozen=True)
class Node:
    id: str
    text: str  # Markdown
    choices: tuple[Choice, ...] = ()
    ending: str | None = None  # the ending's title; set exactly when choices is empty

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    tracks: tuple[str, ...]
    intro: str
    start: str
    nodes: tuple[Node, ...]
    reflection: str
    optional: Optionality = False  # optional deepening (»Fordybelse«), see Optionality

    def is_optional(self, track_id: str | None) -> bool:
        """Whether the scenario is deepening for the track, not needed for its certificate."""
        return _optional_for(self.optional, track_id)

    @cached_property
    def _nodes_by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    def node(self, node_id: str) -> Node:
        return self._nodes_by_id[node_id]

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes if node.is_ending)


@dataclass(frozen=True)
class Quiz:
    module: str
    questions: tuple[Question, ...]
    scenarios: tuple[Scenario, ...] = ()
    pass_mark: int | None = None
    draw: int | None = None  # questions asked per attempt; None: every question of the track


# --- the whole course -----------------------------------------------------------------


class _Index(NamedTuple):
    """A course's parts by id, for :class:`Course`'s lookups."""

    modules: dict[str, Module]
    tracks: dict[str, Track]
    focus_areas: dict[str, FocusArea]
    sections: dict[str, Section]
    terms: dict[str, Term]
    quizzes: dict[str, Quiz]  # by module id


@dataclass(frozen=True)
class Course:
    title: str
    policy_title: str
    modules: tuple[Module, ...]
    tracks: tuple[Track, ...]
    focus_areas: tuple[FocusArea, ...]
    sections: tuple[Section, ...]
    glossary: tuple[Term, ...]
    quizzes: tuple[Quiz, ...] = field(default=())
    # Where things are written: ((kind, id), (path, line, column)), e.g.
    # (("question", "forord-1"), ("quizzes/forord.yaml", 12, 5)). Kinds: module, question,
    # scenario, and node (id "scenario/node"). Empty for a course built in code.
    locations: tuple[tuple[tuple[str, str], tuple[str, int, int]], ...] = field(
        default=(), compare=False, repr=False
    )
    # When the policy was adopted ("2018", "2018-06" or "2018-06-05"); None when unknown.
    policy_adopted: str | None = None
    # SHA-256 over the content files (see loader.content_fingerprint); "" when built in code.
    content_fingerprint: str = ""
    # Facts from outside the policy with their sources and check dates (modules/facts.yaml).
    facts: tuple[Fact, ...] = ()

    @cached_property
    def _index(self) -> _Index:
        return _Index(
            modules={m.id: m for m in self.modules},
            tracks={t.id: t for t in self.tracks},
            focus_areas={f.id: f for f in self.focus_areas},
            sections={s.id: s for s in self.sections},
            terms={t.id: t for t in self.glossary},
            quizzes={q.module: q for q in self.quizzes},
        )

    @cached_property
    def _locations(self) -> dict[tuple[str, str], tuple[str, int, int]]:
        return dict(self.locations)

    def location(self, kind: str, item_id: str) -> tuple[str, int, int] | None:
        """(path, line, column) where the item is written, when the loader recorded it."""
        return self._locations.get((kind, item_id))

    def module(self, module_id: str) -> Module:
        return self._index.modules[module_id]

    def track(self, track_id: str) -> Track:
        return self._index.tracks[track_id]

    def term(self, term_id: str) -> Term:
        return self._index.terms[term_id]

    def section(self, section_id: str) -> Section:
        return self._index.sections[section_id]

    def focus_area(self, focus_id: str) -> FocusArea:
        return self._index.focus_areas[focus_id]

    def quiz(self, module_id: str) -> Quiz | None:
        return self._index.quizzes.get(module_id)

    def modules_for(self, track_id: str) -> tuple[Module, ...]:
        return tuple(self.module(m) for m in self.track(track_id).modules)

    def scenarios_for(self, module_id: str, track_id: str) -> tuple[Scenario, ...]:
        quiz = self.quiz(module_id)
        if quiz is None:
            return ()
        return tuple(s for s in quiz.scenarios if track_id in s.tracks)

    def questions_for(self, module_id: str, track_id: str) -> tuple[Question, ...]:
        quiz = self.quiz(module_id)
        if quiz is None:
            return ()
        return tuple(q for q in quiz.questions if q.for_track(track_id))
