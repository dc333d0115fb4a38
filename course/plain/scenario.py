"""A scenario: a situation, numbered choices, what each does, the ending and the
reflection (as :mod:`course.tui.screens.scenario`)."""

from __future__ import annotations

from collections.abc import Callable

from course.content.model import Choice, Module, Node, Scenario
from course.engine.session import ScenarioSession
from course.engine.views import ChoiceOutcome, choice_outcome, scenario_ending

from .session import BACK_WORDS, Back, Session, numbers, span
from .terminal import command_word
from .text import ending_lines, markdown_text, one_line, outcome_lines


def scenario(s: Session, module: Module, scenario: Scenario) -> None:
    term = s.term
    session = ScenarioSession.open(module.id, scenario, s.facts())
    position = s.position(session.position)

    def save() -> None:
        doc = session.doc
        s.save(lambda record: record.save_run(doc, position), "Dit valg")

    if session.fresh:
        save()
    heading = f"Scenarie: {scenario.title}"
    while True:
        run = session.run
        if run.is_finished:
            show_ending(s, session, save)
            answer = term.ask("Skriv igen for at spille scenariet igen og prøve andre valg, "
                              "svar for at skrive dit svar til eftertanke igen, eller tryk "
                              "Enter for at gå tilbage til modulet:",
                              help="Du har nået en slutning. Skriv igen for at spille "
                                   "forfra. Dit svar og dine valg er gemt.",
                              repeat=lambda: show_ending(s, session, save, ask=False))
            word = command_word(answer)
            if word in ("igen", "i", "r"):
                session.restart()
                save()
                continue
            if word == "svar":
                session.reviewing = False
                continue
            return
        node = run.node
        shown = run.shown_choices()

        def show(node: Node = node, shown: list[tuple[int, Choice]] = shown,
                 first: bool = not run.path) -> None:
            term.heading(f"{heading}. Valg {len(session.run.path) + 1}.")
            if first:
                term.say(markdown_text(scenario.intro))
                term.blank()
            term.say(markdown_text(node.text))
            term.say("Valgmuligheder:")
            for n, (_, choice) in enumerate(shown, 1):
                term.say(f"{n}. {choice.text}")

        show()
        only = len(shown) == 1
        while True:
            answer = term.ask("Skriv 1 eller tryk Enter for at vælge det, eller t for "
                              "tilbage:" if only else
                              f"Skriv nummeret på dit valg ({span(len(shown))}), eller t "
                              "for tilbage:",
                              help="Skriv tallet foran det, du vil gøre. Der er ikke ét "
                                   "rigtigt valg; du får at vide, hvad dit valg gør. "
                                   "t går tilbage til modulet; scenariet venter, hvor du "
                                   "slap.", repeat=show)
            if command_word(answer) in BACK_WORDS:
                raise Back
            chosen = [1] if only and not answer else numbers(answer)
            if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(shown):
                break
            term.say("Skriv 1." if only else f"Skriv et tal fra 1 til {len(shown)}.")
        step = session.choose_shown(chosen[0])
        save()

        outcome = choice_outcome(s.course, step)

        def feedback(outcome: ChoiceOutcome = outcome) -> None:
            term.heading(f"Dit valg: {outcome.choice}")
            term.say(*outcome_lines(outcome))

        feedback()
        follow = "se, hvordan det ender" if session.run.is_finished else "gå videre"
        answer = term.ask(f"Tryk Enter for at {follow}, eller skriv t for tilbage:",
                          help="Tryk Enter for at gå videre i historien. Dit valg er gemt.",
                          repeat=feedback)
        if command_word(answer) in BACK_WORDS:
            raise Back


def show_ending(s: Session, session: ScenarioSession, save: Callable[[], None],
                    ask: bool = True) -> None:
    term, run = s.term, session.run
    ending = scenario_ending(s.course, session.scenario, run)
    term.heading(f"Slutning: {ending.title}.")
    term.say(*ending_lines(ending))
    if ask and not session.reviewing:
        answer = term.ask("Skriv dit svar med få ord, eller tryk Enter for at springe over:",
                          help="Svaret er frivilligt. Det gemmes sammen med dine valg, og "
                               "kun du og kursets ansvarlige kan se det.", lookup=False)
        session.reviewing = True
        if answer:
            kept = session.reflect(answer)
            save()
            term.say(f"Dit svar er gemt: »{one_line(kept)}«.")
        elif run.reflection:
            term.say(f"Dit svar fra før er gemt: »{one_line(run.reflection)}«.")
        else:
            term.say("Intet svar gemt.")
    elif run.reflection:
        term.say(f"Dit svar: »{one_line(run.reflection)}«.")
