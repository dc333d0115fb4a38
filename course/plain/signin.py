"""Choosing or creating a learner, and the PIN (as :mod:`course.tui.screens.signin`,
``new_learner`` and ``secret``)."""

from __future__ import annotations

from course.engine.numbers import percent
from course.engine.progress import track_progress
from course.files import danish_reason
from progress import DamagedRecordError, InvalidName, Learner, Record
from progress.guard import GuardOutcome, pin_limit
from progress.passwords import ONE_TIME_RULE, PIN_RULE_SHORT

from .session import BACK_WORDS, Session, numbers, span, type_a_number
from .terminal import Quit, command_word
from .text import PROCENT, one_line


def choose_learner(s: Session) -> tuple[Learner, Record]:
    term = s.term
    while True:
        try:
            learners = s.store.learners()
        except OSError as exc:
            term.say(f"Listen over deltagere kan ikke læses ({danish_reason(exc)}). "
                     "Bed den kursusansvarlige om hjælp.")
            raise Quit from None
        s.show_notices()
        if not learners:
            term.heading("Der er ingen deltagere endnu. Nu opretter du dig.")
            made = new_learner(s)
            if made is not None:
                record = open_record(s, made)
                if record is not None:
                    return made, record
            continue

        def show() -> None:
            term.heading("Vælg deltager")
            progress = _progress_texts(s, learners)
            for number, learner in enumerate(learners, 1):
                term.say(f"{number}. {one_line(learner.name)}, {_track_title(s, learner)}"
                         f", {progress.get(learner.id, '')}")
            term.say("n. Ny deltager")

        show()
        answer = term.ask(
            f"Skriv nummeret på dit navn ({span(len(learners))}), dit navn, "
            "eller n for ny deltager:",
            help="Skriv tallet foran dit navn og tryk Enter. Du kan også skrive dit navn. "
                 "Er du ny, så skriv n.", repeat=show)
        word = command_word(answer)
        learner: Learner | None = None
        if word in ("n", "ny", "ny deltager"):
            made = new_learner(s)
            record = open_record(s, made) if made is not None else None
            if made is None or record is None:
                continue
            return made, record
        chosen = numbers(answer)
        if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(learners):
            learner = learners[chosen[0] - 1]
        else:
            same = [l for l in learners if l.name.casefold() == answer.strip().casefold()]
            if len(same) == 1:
                learner = same[0]
            elif len(same) > 1:
                term.say("Flere deltagere har det navn. Skriv nummeret foran dit navn.")
                continue
        if learner is None:
            term.say(f"Der er ingen deltager nummer eller navn »{one_line(answer)}«. "
                     f"{type_a_number(len(learners))}, eller n.")
            continue
        if learner.track not in {t.id for t in s.course.tracks}:
            term.say("Dette forløb findes ikke længere i kurset. Opret en ny deltager.")
            continue
        record = open_record(s, learner)
        if record is not None and unlock(s, learner, record):
            return learner, record


def open_record(s: Session, learner: Learner) -> Record | None:
    """The learner's record, or None after saying why it cannot be used."""
    try:
        return s.store.record(learner)
    except (OSError, ValueError) as exc:
        reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
        s.term.say(f"Din fil kan ikke åbnes ({reason}). Bed din lærer om hjælp.")
        return None


def _track_title(s: Session, learner: Learner) -> str:
    try:
        return s.course.track(learner.track).title
    except KeyError:
        return f"{learner.track} (findes ikke længere)"


def _progress_texts(s: Session, learners: list[Learner]) -> dict[str, str]:
    texts: dict[str, str] = {}
    try:
        summaries = s.store.summaries(learners)
    except OSError:
        return texts
    for learner, summary, _problem in summaries:
        if summary is None:
            texts[learner.id] = "kan ikke læses"
            continue
        try:
            progress = track_progress(s.course, learner.track, summary)
        except KeyError:
            continue
        texts[learner.id] = f"{percent(progress.fraction * 100, PROCENT)} færdig"
    return texts


def new_learner(s: Session) -> Learner | None:
    from progress.model import clean_name

    term = s.term
    term.heading("Ny deltager")
    while True:
        name = term.ask("Skriv dit navn (det står på listen over deltagere, i lærerens og HR's "
                        "oversigt og rapport og på dit kursusbevis), "
                        "eller t for tilbage:",
                        help="Skriv dit navn, fx dit fornavn og efternavn, og tryk Enter.",
                        lookup=False)
        if command_word(name) in BACK_WORDS:
            return None
        try:
            name = clean_name(name)
        except InvalidName as exc:
            term.say(str(exc))
            continue
        break
    tracks = s.course.tracks

    def show() -> None:
        term.heading("Vælg dit forløb")
        for number, track in enumerate(tracks, 1):
            term.say(f"{number}. {track.title}: {track.description}")

    show()
    while True:
        answer = term.ask(f"Skriv nummeret på dit forløb ({span(len(tracks))}):",
                          help="Forløbet bestemmer, hvilke moduler og scenarier du får. "
                               "Skriv tallet foran det forløb, der passer til dig.",
                          repeat=show)
        chosen = numbers(answer)
        if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(tracks):
            break
        term.say(f"{type_a_number(len(tracks))}.")
    try:
        learner = s.store.create_learner(name, tracks[chosen[0] - 1].id)
    except InvalidName as exc:
        term.say(str(exc))
        return None
    except OSError as exc:
        term.say(f"Deltageren kunne ikke gemmes: {danish_reason(exc)}")
        return None
    term.say(f"Du er oprettet som {one_line(learner.name)}.")
    return learner


def unlock(s: Session, learner: Learner, record: Record) -> bool:
    """Ask for the learner's PIN when they have one; wrong tries are counted on disk."""
    term = s.term
    try:
        has_pin = record.has_pin()
    except DamagedRecordError as error:
        term.say(error.message)
        has_pin = False
    except OSError as exc:
        term.say(f"Din fil kan ikke læses ({danish_reason(exc)}). Bed din lærer om hjælp.")
        return False
    if not has_pin:
        return True
    try:
        reset = record.pin_reset()
    except (DamagedRecordError, OSError):
        reset = False
    while True:
        wait = s.guard.wait(pin_limit(learner.id))
        if wait:
            term.say(GuardOutcome("wait", seconds=wait).message())
            return False
        if reset:  # after a teacher's reset: the one-time code, then a new PIN
            pin = term.secret(
                f"Engangskode for {one_line(learner.name)}. {ONE_TIME_RULE} Skriv den, eller "
                "tryk Enter for at gå tilbage:",
                help="Din lærer har nulstillet din pinkode og givet dig en engangskode. "
                     "Bagefter vælger du en ny pinkode.")
        else:
            pin = term.secret(
                f"Pinkode for {one_line(learner.name)}. Skriv din pinkode ({PIN_RULE_SHORT}, "
                "det du skriver, vises ikke), eller tryk Enter for at gå tilbage:",
                help="Skriv din pinkode og tryk Enter. Har du glemt den, kan din lærer eller "
                     "HR nulstille den.")
        if not pin:
            return False
        try:
            outcome = s.guard.attempt(pin_limit(learner.id),
                                         lambda: record.check_pin(pin))
        except OSError as exc:
            term.say(f"Datamappen kan ikke læses ({danish_reason(exc)}). "
                     "Prøv igen senere.")
            return False
        if outcome.accepted:
            return _new_pin_after_reset(s, record) if reset else True
        term.say(outcome.message("Forkert engangskode." if reset else "Forkert pinkode."))
        if outcome.kind != "wrong" or outcome.seconds:
            return False


def _new_pin_after_reset(s: Session, record: Record) -> bool:
    """After a one-time code: a new PIN, typed twice; signed in only when it is saved
    (the one-time code keeps working until then)."""
    from progress.passwords import PIN_RULE_SHORT, pin_problem

    term = s.term
    while True:
        new = term.secret(f"Vælg en ny pinkode ({PIN_RULE_SHORT}, det du skriver, vises "
                          "ikke), eller tryk Enter for at gå tilbage:")
        if not new:
            return False
        problem = pin_problem(new)
        if problem:
            term.say(problem)
            continue
        if term.secret("Skriv den samme pinkode igen:") != new:
            term.say("De to pinkoder er ikke ens. Prøv igen.")
            continue
        try:
            record.set_pin(new)
        except (ValueError, DamagedRecordError, OSError) as exc:
            reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
            term.say(f"Pinkoden kunne ikke gemmes: {reason}")
            return False
        term.say("Pinkoden er gemt.")
        return True


def pin(s: Session) -> None:
    from progress.passwords import PIN_RULE, PIN_RULE_SHORT, PIN_STAYS, valid_pin

    term = s.term
    try:
        had_pin = s.record.has_pin()
    except DamagedRecordError as error:
        term.say(error.message)
        had_pin = False
    may_remove = had_pin and s.learner.hold is None
    term.heading("Din pinkode")
    term.say("Med en pinkode kan andre på samme computer ikke åbne dit forløb.")
    term.say("Du har en pinkode." if had_pin else "Du har ingen pinkode.")
    if had_pin and not may_remove:
        term.say(PIN_STAYS)
    other = "fjerne din pinkode" if may_remove else "gå tilbage uden at ændre noget"
    pin = term.secret(f"Skriv en ny pinkode ({PIN_RULE_SHORT}, det du skriver, vises "
                      f"ikke), eller tryk Enter for at {other}:",
                      help=f"En pinkode er {PIN_RULE_SHORT}. Vælg en, du kan huske.")
    if not pin:
        if may_remove:
            s.save(lambda record: record.set_pin(None), "Pinkoden")
            term.say("Pinkoden er fjernet.")
        else:
            term.say("Intet er ændret.")
        return
    if not valid_pin(pin):
        term.say(f"{PIN_RULE} Intet er ændret.")
        return
    again = term.secret("Skriv den samme pinkode igen:")
    if again != pin:
        term.say("De to pinkoder er ikke ens. Intet er ændret.")
        return
    s.save(lambda record: record.set_pin(pin), "Pinkoden")
    term.say("Pinkoden er gemt. Den skal bruges, næste gang du vælger dit navn.")
