"""The course map: the modules and how far the learner is, and where »Fortsæt« goes
(as :mod:`course.tui.screens.course_map`)."""

from __future__ import annotations

from course.engine.numbers import percent
from course.engine.progress import track_progress
from course.engine.session import Target, describe_target, resume_target
from course.engine.wording import sentence

from .certificate import certificate
from .module import module_menu
from .session import Session, numbers, span, typed_words
from .signin import pin
from .terminal import command_word
from .text import PROCENT, one_line, plural
from .words import flashcards, glossary


def course_map(s: Session) -> None:
    term, course, learner = s.term, s.course, s.learner
    track = course.track(learner.track)
    term.say(f"Hej, {one_line(learner.name)}. Dit forløb: {track.title}.")
    while True:
        facts = s.facts()
        progress = track_progress(course, track.id, facts)
        target = resume_target(course, track.id, facts)
        modules = progress.modules
        verb = "fortsætte med" if facts.position else "begynde på"

        def show() -> None:
            term.heading("Oversigt over modulerne")
            left = sum(len(m.remaining()) for m in modules)
            term.say(f"Du er færdig med {progress.done} af {len(modules)} moduler "
                     f"({percent(progress.fraction * 100, PROCENT)} af forløbet).")
            if progress.complete:
                term.say("Du har gennemført forløbet. Skriv b for at få dit kursusbevis.")
            else:
                term.say(f"Til kursusbeviset mangler du {plural(left, 'ting', 'ting')}.")
            for number, item in enumerate(modules, 1):
                extra = (f" Fordybelse (valgfri): {item.deepening_done} af "
                         f"{item.deepening_total}." if item.deepening_total else "")
                term.say(f"{number}. {item.module.title}: {item.state.label}, "
                         f"{item.steps_done} af {item.steps_total} trin.{extra}")
            if progress.deepening_total:
                term.say("Fordybelse er valgfri sider og scenarier. De tæller med i dit "
                         "forløb, men kræves ikke til kursusbeviset.")
            term.say("Andre valg:",
                     sentence(f"Enter: {verb} {describe_target(course, track.id, target)}"),
                     "o: ordliste, slå et ord op.",
                     "k: øv ord med kort.",
                     "b: kursusbevis.",
                     "p: pinkode.",
                     "s: log ud.")

        show()
        answer = term.ask(
            f"Skriv et modulnummer ({span(len(modules))}), et bogstav, "
            f"eller tryk Enter for at {verb.split()[0]}:",
            help="Skriv tallet foran et modul for at åbne det. Tryk Enter for at gå "
                 "derhen, hvor du slap. Bogstaverne: o ordliste, k øv ord, b kursusbevis, "
                 "p pinkode, s log ud.", repeat=show)
        word = command_word(answer)
        chosen = numbers(answer)
        if word in typed_words("", "f", "fortsæt"):
            go_to(s, target)
        elif chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(modules):
            module_menu(s, modules[chosen[0] - 1].module.id)
        elif word in ("o", "ordliste"):
            glossary(s, "")
        elif word in typed_words("k", "øv", "øv ord", "kort"):
            flashcards(s)
        elif word in ("b", "bevis", "kursusbevis"):
            certificate(s)
        elif word in ("p", "pinkode"):
            pin(s)
        elif word in ("s", "log ud"):
            term.say(f"Du er logget ud, {one_line(learner.name)}. Alt er gemt.")
            return
        else:
            term.say(f"»{one_line(answer)}« kan ikke bruges her. Skriv et tal fra 1 til "
                     f"{len(modules)}, o, k, b, p eller s, eller hjælp.")


def go_to(s: Session, target: Target) -> None:
    """Open the module at the target, and go straight into the lesson, quiz or scenario."""
    if target.activity == "quiz":
        module_menu(s, target.module, open_key="quiz")
    elif target.activity == "scenario":
        module_menu(s, target.module, open_key=f"scenario:{target.ref}")
    else:
        module_menu(s, target.module, open_key="lesson", page=target.page)
