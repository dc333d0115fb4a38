"""The certificate: the checklist, the issued certificates and issuing one (as
:mod:`course.tui.screens.certificate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.engine.wording import sentence
from course.files import danish_reason
from progress import DamagedRecordError

from .session import CERTIFICATE_FOLDER, Session, utc_now
from .terminal import command_word
from .text import PROCENT

if TYPE_CHECKING:  # the certificates package (and its cryptography) loads on first use
    from course.certificates.page import CertificatePage


def certificate_lines(page: CertificatePage) -> list[str]:
    """The certificate page as lines to read aloud: the headline and its explanation, the
    checklist (each module's detail, and the steps left of one not done), then the
    certificates issued (their files are added by :func:`show_issued`)."""
    lines = [sentence(page.headline), page.explanation(PROCENT)]
    for line in page.checklist:
        if line.done:
            lines.append(sentence(f"{line.label}: {line.detail(PROCENT)}"))
            continue
        lines.append(f"{line.label}: {line.detail(PROCENT)}:")
        lines += [f"   - {sentence(step)}" for step in line.steps]
    return lines


def certificate(s: Session) -> None:
    from course.certificates.page import certificate_page, known_revocations

    term, course, learner = s.term, s.course, s.learner
    while True:
        page = certificate_page(course, learner.track, s.facts(), records(s), utc_now(),
                                known_revocations(s.store.root), PROCENT)

        def show() -> None:
            term.heading(page.title)
            term.say(*certificate_lines(page))
            show_issued(s, page)

        show()
        if not page.eligible:
            term.ask("Tryk Enter for at gå tilbage til oversigten:", repeat=show,
                     help="Når alt på listen er gjort, kan du udstede dit kursusbevis her.")
            return
        answer = term.ask("Skriv u for at udstede dit kursusbevis, eller tryk Enter for at "
                          "gå tilbage:", repeat=show,
                          help="u underskriver og gemmer dit kursusbevis som en PDF-fil og "
                               "en JSON-fil.")
        if command_word(answer) not in ("u", "udsted"):
            return
        question = page.reissue_question  # one is still valid: ask, as the screens do
        if question is not None:
            term.say(question)
            if not term.yes_no(repeat=lambda: term.say(question),
                               help="j udsteder et nyt kursusbevis med en ny kode. n eller "
                                    "Enter beholder det, du har, og går tilbage til "
                                    "oversigten."):
                term.say("Der er ikke udstedt et nyt kursusbevis. Dit kursusbevis gælder "
                         "stadig.")
                return
        issue_certificate(s)


def records(s: Session) -> list[dict[str, Any]]:
    """The certificates the learner's record lists ([] when it cannot be read: told)."""
    try:
        return s.record.certificates()
    except DamagedRecordError as error:
        s.term.say(error.message)
    except OSError as exc:
        s.term.say(f"Dine kursusbeviser kan ikke læses ({danish_reason(exc)}).")
    return []


def show_issued(s: Session, page: CertificatePage) -> None:
    """The certificates issued for the track, each with its files."""
    if not page.issued:
        return
    s.term.say(f"{page.issued_heading}:")
    for cert in page.issued:
        s.term.say(f"- {sentence(cert.summary())}",
                   f"  PDF: {s.store.shown_path(cert.pdf)}",
                   f"  JSON: {s.store.shown_path(cert.json)}")


def issue_certificate(s: Session) -> None:
    from course.certificates.keys import KeyProblem
    from course.certificates.service import NotEligible, issue

    term = s.term
    try:
        out_dir = s.store.path(CERTIFICATE_FOLDER)  # never a link out of the data folder
        issued = issue(s.course, s.store, s.learner, out_dir)
    except NotEligible:  # (the page said it could be issued): what is left, read aloud
        from course.certificates.rules import claim

        missing = claim(s.course, s.learner.track, s.facts(), PROCENT).missing
        term.say("Du kan ikke få kursusbeviset endnu. Det mangler:",
                 *(f"- {item}" for item in missing))
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
