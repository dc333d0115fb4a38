"""One home per question type: a *kind* module for each, found through a registry.

Everything that depends on a question's type lives in its kind module
(``course/engine/kinds/<type>.py``): whether a response is well formed, grading it, the
right response, the parts of an answer as a screen writes them and as a screen reader
reads them (each marked right or wrong, in the order the learner saw them), the order a
presentation shuffles, the statistics of the answers given, and reading an answer typed
as words or numbers. Grading, quizzes, statistics, the plain mode, the feedback models
and the HTML export call :func:`of` and never test a question's class.

Adding a question type means: its model in ``course.content.model`` and its loader
entry, a kind module here registered in :data:`KINDS`, one terminal widget
(``course/tui/widgets/questions.py``), one HTML renderer (``course/export/html.py``) and
its part of ``modules/README.md``.
"""

from __future__ import annotations

from .base import Kind, PartTuple
from .matching import MatchingKind
from .multiple import MultipleKind
from .ordering import OrderingKind
from .single import SingleKind
from .text import TextKind
from .true_false import TrueFalseKind

__all__ = ["KINDS", "Kind", "PartTuple", "of"]

_ALL: tuple[Kind, ...] = (SingleKind(), MultipleKind(), TrueFalseKind(), MatchingKind(),
                          OrderingKind(), TextKind())

KINDS: dict[str, Kind] = {kind.type: kind for kind in _ALL}
"""Every question type's kind, by the ``type`` its questions carry."""


def of(question: object) -> Kind:
    """The kind of ``question`` (TypeError for anything that is not a question)."""
    kind = KINDS.get(getattr(question, "type", None))  # type: ignore[arg-type]
    if kind is None:
        raise TypeError(f"not a question: {question!r}")
    return kind
