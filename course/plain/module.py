"""A module: its activities (lesson, quiz, scenarios) and opening one (as
:mod:`course.tui.screens.module`)."""

from __future__ import annotations

from course.content.model import Module
from course.engine.progress import module_progress
from course.engine.session import Activity, lesson_start, module_activities
from course.engine.wording import sentence

from .lesson import lesson
from .quiz import quiz
from .scenario import scenario
from .session import BACK_WORDS, Back, Session, numbers, span, type_a_number
from .terminal import command_word
from .text import PROCENT


def module_menu(s: Session, module_id: str, open_key: str | None = None,
                page: int | None = None) -> None:
    term, course, track_id = s.term, s.course, s.learner.track
    module = course.module(module_id)
    modules = course.track(track_id).modules
    number = modules.index(module_id) + 1
    first = True
    while True:
        if open_key is not None:
            key, open_key = open_key, None
            open_activity(s, module, key, page)
            continue
        facts = s.facts()
        activities = module_activities(course, module, track_id, facts, PROCENT)
        progress = module_progress(course, module, track_id, facts)
        todo = next((a for a in activities if not a.done), None)

        def show(full: bool = True) -> None:
            term.heading(sentence(f"Modul {number} af {len(modules)}: {module.title}")
                         + f" {progress.state.label}.")
            if full:
                term.say(module.summary)
                if module.objectives:
                    term.say("Når du er færdig med modulet, kan du:")
                    for objective in module.objectives:
                        term.say(f"- {objective.text}")
            term.say("Aktiviteter:")
            for n, activity in enumerate(activities, 1):
                term.say(f"{n}. {activity.title}: {activity.status}.")
            left = progress.remaining(PROCENT)
            term.say("Tilbage i modulet: " + "; ".join(left) + "." if left else
                     "Du er færdig med modulet. Godt gået!")

        show(full=first)
        first = False
        enter = (f"tryk Enter for at åbne {_activity_name(todo)}" if todo else
                 "tryk Enter for at gå tilbage til oversigten")
        answer = term.ask(
            f"Skriv nummeret på en aktivitet ({span(len(activities))}), t for tilbage til "
            f"oversigten, eller {enter}:",
            help="Lektionen er modulets sider. Quizzen tjekker, hvad du har lært. "
                 "Scenarierne er små historier, hvor du vælger, hvad du gør. "
                 "Skriv tallet foran det, du vil åbne, eller t for at gå tilbage.",
            repeat=show)
        word = command_word(answer)
        chosen = numbers(answer)
        if word in BACK_WORDS or (word == "" and todo is None):
            return
        if word == "" and todo is not None:  # (Enter without one went back above)
            open_activity(s, module, todo.key)
        elif chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(activities):
            open_activity(s, module, activities[chosen[0] - 1].key)
        elif word in ("l", "lektion"):
            open_activity(s, module, "lesson")
        elif word in ("q", "quiz") and any(a.key == "quiz" for a in activities):
            open_activity(s, module, "quiz")
        else:
            term.say(f"{type_a_number(len(activities))}, eller t for tilbage.")


def _activity_name(activity: Activity) -> str:
    if activity.key == "lesson":
        return "lektionen"
    if activity.key == "quiz":
        return "quizzen"
    return "scenariet »" + activity.title.split(": ", 1)[-1] + "«"


def open_activity(s: Session, module: Module, key: str, page: int | None = None) -> None:
    try:
        if key == "lesson":
            if page is None:
                page = lesson_start(module, s.learner.track, s.facts())
            lesson(s, module, page)
        elif key == "quiz":
            quiz(s, module)
        elif key.startswith("scenario:"):
            scenario_id = key.split(":", 1)[1]
            found = next((x for x in s.course.scenarios_for(module.id, s.learner.track)
                          if x.id == scenario_id), None)
            if found is not None:
                scenario(s, module, found)
    except Back:
        s.term.say("Du er tilbage i modulet. Det, du har lavet, er gemt.")
