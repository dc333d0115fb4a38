"""The certificate: the checklist, the issued certificates and issuing one (as
:mod:`course.tui.screens.certificate`)."""

from __future__ import annotations

from course.engine.progress import ModuleState, track_progress
from course.engine.views import certificate_rule
from course.engine.wording import sentence
from course.files import danish_reason
from progress import DamagedRecordError

from .session import CERTIFICATE_FOLDER, Session
from .terminal import command_word
from .text import PROCENT


def certificate(s: Session) -> None:
    from course.certificates.rules import claim

    term, course, learner = s.term, s.course, s.learner
    track = course.track(learner.track)
    while True:
        facts = s.facts()
        result = claim(course, learner.track, facts)

        def show() -> None:
            term.heading(f"Kursusbevis: {track.certificate_title}")
            if result.eligible:
                term.say(f"Du har gennemført forløbet »{track.title}«. Du kan udstede dit "
                         "kursusbevis. Det bliver underskrevet, så HR eller din lærer kan se, "
                         "at det er ægte.")
                for module in result.modules:
                    score = (f": quiz {module.best_percent} procent"
                             if module.best_percent is not None else "")
                    term.say(sentence(f"- {module.title}{score}"))
            else:
                term.say("Det mangler du for at få kursusbeviset. "
                         + certificate_rule(track.pass_mark, PROCENT))
                progress = track_progress(course, learner.track, facts)
                for number, item in enumerate(progress.modules, 1):
                    if item.state is ModuleState.DONE:
                        term.say(f"{number}. {item.module.title}: færdig.")
                        continue
                    term.say(f"{number}. {item.module.title}: mangler:")
                    for step in item.remaining():
                        term.say(f"   - {step}.")
            show_issued(s)

        show()
        if not result.eligible:
            term.ask("Tryk Enter for at gå tilbage til oversigten:", repeat=show,
                     help="Når alt på listen er gjort, kan du udstede dit kursusbevis her.")
            return
        answer = term.ask("Skriv u for at udstede dit kursusbevis, eller tryk Enter for at "
                          "gå tilbage:", repeat=show,
                          help="u underskriver og gemmer dit kursusbevis som en PDF-fil og "
                               "en JSON-fil.")
        if command_word(answer) not in ("u", "udsted"):
            return
        issue_certificate(s)


def show_issued(s: Session) -> None:
    term = s.term
    try:
        issued = s.record.certificates()
    except DamagedRecordError as error:
        term.say(error.message)
        issued = []
    except OSError as exc:
        from course.files import danish_reason

        term.say(f"Dine kursusbeviser kan ikke læses ({danish_reason(exc)}).")
        issued = []
    mine = [c for c in issued if c.get("track") == s.learner.track]
    if not mine:
        return
    term.say("Udstedte kursusbeviser:")
    for cert in sorted(mine, key=lambda c: c.get("issued") or ""):
        term.say(f"- {str(cert.get('issued', ''))[:10]}, bekræftelseskode "
                 f"{cert.get('code', '?')}.",
                 f"  PDF: {s.store.shown_path(cert.get('pdf'))}",
                 f"  JSON: {s.store.shown_path(cert.get('json'))}")


def issue_certificate(s: Session) -> None:
    from course.certificates.keys import KeyProblem
    from course.certificates.service import NotEligible, issue

    term = s.term
    try:
        out_dir = s.store.path(CERTIFICATE_FOLDER)  # never a link out of the data folder
        issued = issue(s.course, s.store, s.learner, out_dir)
    except NotEligible as exc:
        term.say("Du kan ikke få kursusbeviset endnu. Det mangler:",
                 *(f"- {item}" for item in exc.missing))
        return
    except DamagedRecordError as error:
        term.say(error.message)
        return
    except KeyProblem as exc:
        term.say(f"Kursusbeviset kunne ikke udstedes: {exc}")
        return
    except OSError as exc:
        term.say(f"Kursusbeviset kunne ikke gemmes: {danish_reason(exc)}")
        return
    except Exception as exc:  # the status list and other certificate problems (Danish)
        term.say(f"Kursusbeviset kunne ikke udstedes: {exc}")
        return
    term.heading("Kursusbeviset er udstedt.")
    term.say(f"Bekræftelseskode: {issued.code}.",
             f"PDF til udskrift: {issued.pdf_path}",
             f"Underskrevet bevis, JSON: {issued.json_path}",
             "Send PDF-filen til HR eller din lærer. Det underskrevne bevis ligger inde i den "
             "(og i JSON-filen), så PDF'en kan kontrolleres alene.")
