"""Estimate how long each track takes a careful first-time learner, from the content itself.

    uv run python scripts/durations.py

The model (stated so anyone can redo or change it):

- **Reading**: every word the learner reads at 150 words a minute (an unhurried,
  careful pace for instructional Danish; fluent adults skim at 200-250): the pages shown
  to the track (titles, policy quotes, body), the key points, and the module's learning
  objectives.
- **A quiz**: the ``draw`` questions asked (or the track's whole pool), each read at the
  same pace (the prompt, every option or line, the explanation and the policy quote in
  the feedback; a wrong option's why is left out) plus 20 seconds to think and answer.
  The words of an average question of the track's pool stand for the questions drawn.
  A quiz passed at the first attempt; a retake adds the quiz's time again.
- **A scenario**: the mean over its paths from start to an ending of the words read
  (the introduction, each situation, every choice shown at it, the feedback on the choice
  made, the ending and the reflection) plus 15 seconds a choice and one minute for the
  reflection.

The result is printed per module and per track, in minutes, with a low figure (every
quiz passed at once, 150 words a minute) and a high figure (120 words a minute, for slower
readers, and one retake of every quiz).

**The core** (``kerne``) is what the track's certificate requires: the same count without
the pages and scenarios marked ``optional`` for the track (»Fordybelse«). The employee
and volunteer cores must fit two hours at the high figure (tests/content/test_core.py).
A track with ``lessons`` gets one line per lesson (the core of its modules), for a
teacher's plan of 45-minute lessons.
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course.content import load_course  # noqa: E402
from course.content.model import (  # noqa: E402
    Course,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Scenario,
    SingleChoice,
    TextAnswer,
)
from course.engine.scenario import all_paths  # noqa: E402

WORDS_PER_MINUTE = 150
SLOW_WORDS_PER_MINUTE = 120
THINK_PER_QUESTION = 20 / 60  # minutes
THINK_PER_CHOICE = 15 / 60
REFLECTION = 1.0
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def words(*texts: str | None) -> int:
    return sum(len(WORD.findall(text)) for text in texts if text)


def question_words(question: Question) -> int:
    parts: list[str] = [question.prompt, question.explanation, question.quote or ""]
    if isinstance(question, (SingleChoice, MultipleChoice)):
        parts += question.options
    elif isinstance(question, Matching):
        parts += [left + " " + right for left, right in question.pairs] * 2  # lines, partners
    elif isinstance(question, Ordering):
        parts += question.items
    elif isinstance(question, TextAnswer):
        parts += question.accepted[:1]
    return words(*parts)


def scenario_words(scenario: Scenario) -> tuple[float, float]:
    """Mean words read and mean choices made over the scenario's paths."""
    totals, steps = [], []
    for path in all_paths(scenario):
        node = scenario.node(scenario.start)
        read = words(scenario.intro, scenario.reflection)
        for index in path:
            read += words(node.text, *(c.text for c in node.choices))
            choice = node.choices[index]
            read += words(choice.feedback)
            node = scenario.node(choice.next)
        read += words(node.ending, node.text)
        totals.append(read)
        steps.append(len(path))
    return statistics.mean(totals), statistics.mean(steps)


CORE_LIMIT = 120  # minutes, high figure, for the employee and volunteer certificates
LESSON_MINUTES = 45


def module_minutes(course: Course, module_id: str, track_id: str,
                   wpm: float, core: bool = False) -> tuple[float, float, float]:
    """(reading, quiz, scenarios) minutes of one module for one track; with ``core``
    only what the certificate requires (no optional pages or scenarios)."""
    module = course.module(module_id)
    read = words(*(o.text for o in module.objectives), *module.key_points)
    pages = module.core_page_indices(track_id) if core else module.page_indices(track_id)
    for index in pages:
        page = module.pages[index]
        read += words(page.title, page.body, *(q.text for q in page.quotes))
    quiz_minutes = 0.0
    pool = course.questions_for(module_id, track_id)
    if pool:
        quiz = course.quiz(module_id)
        asked = min(quiz.draw, len(pool)) if quiz.draw else len(pool)
        mean_words = statistics.mean(question_words(q) for q in pool)
        quiz_minutes = asked * (mean_words / wpm + THINK_PER_QUESTION)
    scenario_minutes = 0.0
    for scenario in course.scenarios_for(module_id, track_id):
        if core and scenario.is_optional(track_id):
            continue
        mean_words, mean_steps = scenario_words(scenario)
        scenario_minutes += mean_words / wpm + mean_steps * THINK_PER_CHOICE + REFLECTION
    return read / wpm, quiz_minutes, scenario_minutes


def span(course: Course, track_id: str, module_ids: tuple[str, ...],
         core: bool) -> tuple[float, float]:
    """(low, high) minutes of these modules of the track."""
    low = high = 0.0
    for module_id in module_ids:
        fast = module_minutes(course, module_id, track_id, WORDS_PER_MINUTE, core)
        slow = module_minutes(course, module_id, track_id, SLOW_WORDS_PER_MINUTE, core)
        low += sum(fast)
        high += slow[0] + 2 * slow[1] + slow[2]
    return low, high


def core_minutes(course: Course, track_id: str) -> tuple[float, float]:
    """(low, high) minutes of what the track's certificate requires."""
    return span(course, track_id, course.track(track_id).modules, core=True)



def hours(minutes: float) -> str:
    """Minutes as hours with one decimal, the Danish way (1,5)."""
    return f"{minutes / 60:.1f}".replace(".", ",")

def main() -> int:
    course = load_course(ROOT)
    for track in course.tracks:
        low = high = 0.0
        parts = [0.0, 0.0, 0.0]
        print(f"{track.title} ({track.id}):")
        for module_id in track.modules:
            reading, quiz, scenarios = module_minutes(course, module_id, track.id,
                                                      WORDS_PER_MINUTE)
            slow = module_minutes(course, module_id, track.id, SLOW_WORDS_PER_MINUTE)
            low += reading + quiz + scenarios
            high += slow[0] + 2 * slow[1] + slow[2]
            parts = [parts[0] + reading, parts[1] + quiz, parts[2] + scenarios]
            print(f"  {module_id:26} læsning {reading:5.1f}  quiz {quiz:5.1f}  "
                  f"scenarier {scenarios:5.1f}  min")
        print(f"  læsning {parts[0]:.0f}, quizzer {parts[1]:.0f}, scenarier {parts[2]:.0f} min")
        print(f"  i alt {low:.0f}–{high:.0f} minutter ({hours(low)}–{hours(high)} timer)")
        core_low, core_high = core_minutes(course, track.id)
        print(f"  kerne i alt {core_low:.0f}–{core_high:.0f} minutter "
              f"({hours(core_low)}–{hours(core_high)} timer; resten er fordybelse)")
        for number, lesson in enumerate(track.lessons, start=1):
            lesson_low, lesson_high = span(course, track.id, lesson.modules, core=True)
            print(f"  lektion {number}: {lesson.title} ({', '.join(lesson.modules)}): "
                  f"{lesson_low:.0f}–{lesson_high:.0f} minutter")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
