"""The plain mode: the whole course as lines of text, for screen readers and Braille.

It is a second front end on the same engine and store as the Textual app: the same
learners, records, quiz attempts, scenario runs, flashcards and certificates, saved
after every step, so a learner can switch between the two at any point. What the
learner can do here is what they can do in the terminal app: choose or create a learner
(with the PIN), the course map, lessons page by page, quizzes (all six question types,
answered with numbers or words), scenarios with the reflection, the glossary,
flashcards and the glossary quiz, the certificate checklist and issuing it, and the PIN.

Every screen is a heading line, plain paragraphs and numbered lists, then one prompt
that says what to type. No colours, no cursor movement, no symbols that a screen reader
spells out: words say what icons say in the terminal app.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from course.content.model import (
    Course,
    Matching,
    Module,
    MultipleChoice,
    Ordering,
    Page,
    Question,
    Scenario,
    SingleChoice,
    Term,
    TextAnswer,
    TrueFalse,
)
from course.engine.grading import Grade, Response, correct_response, wrong_picks
from course.engine.numbers import percent, share_percent
from course.engine.numbers import points as danish_points
from course.engine.progress import (
    ModuleState,
    module_progress,
    shown_page,
    track_progress,
)
from course.engine.quiz import QuizAttempt
from course.engine.session import (
    QuizSession,
    ScenarioSession,
    Target,
    describe_target,
    lesson_start,
    module_activities,
    resume_target,
)
from course.engine.wording import sentence
from course.files import danish_reason
from progress import (
    EMPTY_FACTS,
    DamagedRecordError,
    Facts,
    InvalidName,
    Learner,
    Position,
    Record,
    Store,
)
from progress.guard import Guard, GuardOutcome, pin_limit
from progress.passwords import PIN_RULE_SHORT

from .terminal import Quit, Terminal, command_word
from .text import answer_lines, clean, letter, markdown_text, one_line, plural

CERTIFICATE_FOLDER = "kursusbeviser"  # the same folder the terminal app issues into

BACK_WORDS = frozenset({"t", "tilbage"})


def typed_words(*typed: str) -> frozenset[str]:
    """Words as :func:`command_word` makes what the learner typed ("øv" matches "Øv",
    "oev" and "øv")."""
    return frozenset(command_word(word) for word in typed)


PROCENT = " procent"  # read aloud; the screens write "%"


def utc_now() -> datetime:
    return datetime.now(UTC)


def points(value: float) -> str:
    """A score the Danish way: "6", "6,4" (the figure the screens show)."""
    return danish_points(value)


def numbers(text: str) -> list[int] | None:
    """ "2 1 3", "2,1,3" or "2, 1, 3" as [2, 1, 3]; None when something is not a number."""
    parts = text.replace(",", " ").replace(";", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def listing(items: list[str]) -> str:
    """ "a", "a og b", "a, b og c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


class Back(Exception):
    """The learner typed ``tilbage``: leave the current activity (everything is saved)."""


class PlainApp:
    def __init__(self, course: Course, store: Store, terminal: Terminal | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.course = course
        self.store = store
        self.term = terminal or Terminal()
        self.term.lookup = self.glossary
        self.clock = clock
        self.guard = Guard(store.root)
        self.learner: Learner | None = None
        self.record: Record | None = None

    # -- the whole run ---------------------------------------------------------------

    def run(self) -> int:
        term = self.term
        try:
            term.say(f"{self.course.title}.",
                     "Et kursus i Ishøj Kommunes medborgerpolitik, i ren tekst.",
                     "Skriv hjælp ved et hvilket som helst spørgsmål for at se, hvad du kan "
                     "skrive. Skriv afslut for at lukke kurset.")
            while True:
                learner, record = self.choose_learner()
                self.learner, self.record = learner, record
                try:
                    self.course_map()
                finally:
                    self.learner = self.record = None
        except (Quit, KeyboardInterrupt):  # afslut, Ctrl+D, or Ctrl+C at any moment
            try:
                term.say("Farvel. Alt, hvad du har lavet, er gemt.")
            except Quit:  # the output is gone too
                pass
        return 0

    # -- the record --------------------------------------------------------------------

    def facts(self) -> Facts:
        try:
            return self.record.facts()
        except DamagedRecordError as error:
            self.term.say(error.message)
            return EMPTY_FACTS
        except OSError as exc:
            self.term.say(f"Din fil kan ikke læses ({danish_reason(exc)}).")
            return EMPTY_FACTS

    def save(self, write: Callable[[Record], None], what: str) -> None:
        """One write on the learner's record; a problem is told in Danish."""
        try:
            write(self.record)
        except DamagedRecordError as error:
            self.term.say(error.message)
            try:
                write(self.record)
            except (DamagedRecordError, OSError) as exc:
                self.term.say(f"{what} kunne ikke gemmes: {exc}")
        except OSError as exc:
            self.term.say(f"{what} kunne ikke gemmes: {danish_reason(exc)}")

    def show_notices(self) -> None:
        for notice in self.store.notices:
            self.term.say(f"Bemærk: {notice}")
        self.store.notices.clear()

    @staticmethod
    def position(target: Target) -> Position:
        return Position(target.module, target.page, target.activity, target.ref)

    # -- learners ----------------------------------------------------------------------

    def choose_learner(self) -> tuple[Learner, Record]:
        term = self.term
        while True:
            try:
                learners = self.store.learners()
            except OSError as exc:
                term.say(f"Listen over deltagere kan ikke læses ({danish_reason(exc)}). "
                         "Bed den kursusansvarlige om hjælp.")
                raise Quit from None
            self.show_notices()
            if not learners:
                term.heading("Der er ingen deltagere endnu. Nu opretter du dig.")
                made = self.new_learner()
                if made is not None:
                    record = self.open_record(made)
                    if record is not None:
                        return made, record
                continue

            def show() -> None:
                term.heading("Vælg deltager")
                progress = self._progress_texts(learners)
                for number, learner in enumerate(learners, 1):
                    term.say(f"{number}. {one_line(learner.name)}, {self._track_title(learner)}"
                             f", {progress.get(learner.id, '')}")
                term.say("n. Ny deltager")

            show()
            answer = term.ask(
                f"Skriv nummeret på dit navn (1 til {len(learners)}), dit navn, "
                "eller n for ny deltager:",
                help="Skriv tallet foran dit navn og tryk Enter. Du kan også skrive dit navn. "
                     "Er du ny, så skriv n.", repeat=show)
            word = command_word(answer)
            learner: Learner | None = None
            if word in ("n", "ny", "ny deltager"):
                learner = self.new_learner()
                record = self.open_record(learner) if learner is not None else None
                if record is None:
                    continue
                return learner, record
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
                         f"Skriv et tal fra 1 til {len(learners)}, eller n.")
                continue
            if learner.track not in {t.id for t in self.course.tracks}:
                term.say("Dette forløb findes ikke længere i kurset. Opret en ny deltager.")
                continue
            record = self.open_record(learner)
            if record is not None and self.unlock(learner, record):
                return learner, record

    def open_record(self, learner: Learner) -> Record | None:
        """The learner's record, or None after saying why it cannot be used."""
        try:
            return self.store.record(learner)
        except (OSError, ValueError) as exc:
            reason = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
            self.term.say(f"Din fil kan ikke åbnes ({reason}). Bed din lærer om hjælp.")
            return None

    def _track_title(self, learner: Learner) -> str:
        try:
            return self.course.track(learner.track).title
        except KeyError:
            return f"{learner.track} (findes ikke længere)"

    def _progress_texts(self, learners: list[Learner]) -> dict[str, str]:
        texts: dict[str, str] = {}
        try:
            summaries = self.store.summaries(learners)
        except OSError:
            return texts
        for learner, summary, _problem in summaries:
            if summary is None:
                texts[learner.id] = "kan ikke læses"
                continue
            try:
                progress = track_progress(self.course, learner.track, summary)
            except KeyError:
                continue
            texts[learner.id] = f"{percent(progress.fraction * 100, PROCENT)} færdig"
        return texts

    def new_learner(self) -> Learner | None:
        from progress.store import clean_name

        term = self.term
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
        tracks = self.course.tracks

        def show() -> None:
            term.heading("Vælg dit forløb")
            for number, track in enumerate(tracks, 1):
                term.say(f"{number}. {track.title}: {track.description}")

        show()
        while True:
            answer = term.ask(f"Skriv nummeret på dit forløb (1 til {len(tracks)}):",
                              help="Forløbet bestemmer, hvilke moduler og scenarier du får. "
                                   "Skriv tallet foran det forløb, der passer til dig.",
                              repeat=show)
            chosen = numbers(answer)
            if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(tracks):
                break
            term.say(f"Skriv et tal fra 1 til {len(tracks)}.")
        try:
            learner = self.store.create_learner(name, tracks[chosen[0] - 1].id)
        except InvalidName as exc:
            term.say(str(exc))
            return None
        except OSError as exc:
            term.say(f"Deltageren kunne ikke gemmes: {danish_reason(exc)}")
            return None
        term.say(f"Du er oprettet som {one_line(learner.name)}.")
        return learner

    def unlock(self, learner: Learner, record: Record) -> bool:
        """Ask for the learner's PIN when they have one; wrong tries are counted on disk."""
        term = self.term
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
        while True:
            wait = self.guard.wait(pin_limit(learner.id))
            if wait:
                term.say(GuardOutcome("wait", seconds=wait).message())
                return False
            pin = term.secret(
                f"Pinkode for {one_line(learner.name)}. Skriv din pinkode ({PIN_RULE_SHORT}, det "
                "du skriver, vises ikke), eller tryk Enter for at gå tilbage:",
                help="Skriv din pinkode og tryk Enter. Har du glemt den, kan din lærer eller HR "
                     "nulstille den.")
            if not pin:
                return False
            try:
                outcome = self.guard.attempt(pin_limit(learner.id),
                                             lambda: record.check_pin(pin))
            except OSError as exc:
                term.say(f"Datamappen kan ikke læses ({danish_reason(exc)}). "
                         "Prøv igen senere.")
                return False
            if outcome.accepted:
                return True
            term.say(outcome.message("Forkert pinkode."))
            if outcome.kind != "wrong" or outcome.seconds:
                return False

    # -- the course map ----------------------------------------------------------------

    def course_map(self) -> None:
        term, course, learner = self.term, self.course, self.learner
        track = course.track(learner.track)
        term.say(f"Hej, {one_line(learner.name)}. Dit forløb: {track.title}.")
        while True:
            facts = self.facts()
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
                f"Skriv et modulnummer (1 til {len(modules)}), et bogstav, "
                f"eller tryk Enter for at {verb.split()[0]}:",
                help="Skriv tallet foran et modul for at åbne det. Tryk Enter for at gå "
                     "derhen, hvor du slap. Bogstaverne: o ordliste, k øv ord, b kursusbevis, "
                     "p pinkode, s log ud.", repeat=show)
            word = command_word(answer)
            chosen = numbers(answer)
            if word in typed_words("", "f", "fortsæt"):
                self.go_to(target)
            elif chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(modules):
                self.module_menu(modules[chosen[0] - 1].module.id)
            elif word in ("o", "ordliste"):
                self.glossary("")
            elif word in typed_words("k", "øv", "øv ord", "kort"):
                self.flashcards()
            elif word in ("b", "bevis", "kursusbevis"):
                self.certificate()
            elif word in ("p", "pinkode"):
                self.pin()
            elif word in ("s", "log ud"):
                term.say(f"Du er logget ud, {one_line(learner.name)}. Alt er gemt.")
                return
            else:
                term.say(f"»{one_line(answer)}« kan ikke bruges her. Skriv et tal fra 1 til "
                         f"{len(modules)}, o, k, b, p eller s, eller hjælp.")

    def go_to(self, target: Target) -> None:
        """Open the module at the target, and go straight into the lesson, quiz or scenario."""
        if target.activity == "quiz":
            self.module_menu(target.module, open_key="quiz")
        elif target.activity == "scenario":
            self.module_menu(target.module, open_key=f"scenario:{target.ref}")
        else:
            self.module_menu(target.module, open_key="lesson", page=target.page)

    # -- a module ----------------------------------------------------------------------

    def module_menu(self, module_id: str, open_key: str | None = None,
                    page: int | None = None) -> None:
        term, course, track_id = self.term, self.course, self.learner.track
        module = course.module(module_id)
        modules = course.track(track_id).modules
        number = modules.index(module_id) + 1
        first = True
        while True:
            if open_key is not None:
                key, open_key = open_key, None
                self.open_activity(module, key, page)
                continue
            facts = self.facts()
            activities = module_activities(course, module, track_id, facts)
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
                left = progress.remaining()
                term.say("Tilbage i modulet: " + "; ".join(left) + "." if left else
                         "Du er færdig med modulet. Godt gået!")

            show(full=first)
            first = False
            enter = (f"tryk Enter for at åbne {self._activity_name(todo)}" if todo else
                     "tryk Enter for at gå tilbage til oversigten")
            answer = term.ask(
                f"Skriv nummeret på en aktivitet (1 til {len(activities)}), t for tilbage til "
                f"oversigten, eller {enter}:",
                help="Lektionen er modulets sider. Quizzen tjekker, hvad du har lært. "
                     "Scenarierne er små historier, hvor du vælger, hvad du gør. "
                     "Skriv tallet foran det, du vil åbne, eller t for at gå tilbage.",
                repeat=show)
            word = command_word(answer)
            chosen = numbers(answer)
            if word in BACK_WORDS or (word == "" and todo is None):
                return
            if word == "":
                self.open_activity(module, todo.key)
            elif chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(activities):
                self.open_activity(module, activities[chosen[0] - 1].key)
            elif word in ("l", "lektion"):
                self.open_activity(module, "lesson")
            elif word in ("q", "quiz") and any(a.key == "quiz" for a in activities):
                self.open_activity(module, "quiz")
            else:
                term.say(f"Skriv et tal fra 1 til {len(activities)}, eller t for tilbage.")

    @staticmethod
    def _activity_name(activity) -> str:
        if activity.key == "lesson":
            return "lektionen"
        if activity.key == "quiz":
            return "quizzen"
        return "scenariet »" + activity.title.split(": ", 1)[-1] + "«"

    def open_activity(self, module: Module, key: str, page: int | None = None) -> None:
        try:
            if key == "lesson":
                if page is None:
                    page = lesson_start(module, self.learner.track, self.facts())
                self.lesson(module, page)
            elif key == "quiz":
                self.quiz(module)
            elif key.startswith("scenario:"):
                scenario_id = key.split(":", 1)[1]
                scenario = next((s for s in self.course.scenarios_for(module.id,
                                                                      self.learner.track)
                                 if s.id == scenario_id), None)
                if scenario is not None:
                    self.scenario(module, scenario)
        except Back:
            self.term.say("Du er tilbage i modulet. Det, du har lavet, er gemt.")

    # -- a lesson ----------------------------------------------------------------------

    def lesson(self, module: Module, page: int) -> None:
        term, course, track_id = self.term, self.course, self.learner.track
        pages = module.pages
        shown = module.page_indices(track_id)
        core = module.core_page_indices(track_id)
        optional = module.optional_page_indices(track_id)
        # core pages, the key points (index n), then the optional pages (»Fordybelse«)
        sequence = module.reading_sequence(track_id)
        page = max(0, min(page, len(pages)))
        if page < len(pages):
            page = shown_page(module, track_id, page)
            if page not in shown:
                page = len(pages)
        while True:
            place = sequence.index(page)
            if page >= len(pages):
                def show_points() -> None:
                    term.heading(f"Det vigtigste fra modulet {module.title}")
                    for point in module.key_points:
                        term.say(f"- {point}")

                show_points()
                if optional:
                    answer = term.ask(
                        "Tryk Enter for at gå tilbage til modulet, skriv u for fordybelse "
                        f"({len(optional)} valgfri {'side' if len(optional) == 1 else 'sider'})"
                        ", eller f for forrige side:",
                        help="Det var lektionens sidste side i kernen. Tryk Enter for at gå "
                             "til modulet, hvor quizzen og scenarierne er. Skriv u for at "
                             "læse de valgfri sider, der uddyber modulet. De kræves ikke "
                             "til kursusbeviset.",
                        repeat=show_points)
                else:
                    answer = term.ask("Tryk Enter for at gå tilbage til modulet, eller skriv f "
                                      "for forrige side:",
                                      help="Det var lektionens sidste side. Tryk Enter for at gå "
                                           "til modulet, hvor quizzen og scenarierne er.",
                                      repeat=show_points)
                word = command_word(answer)
                if word in ("f", "forrige") and place > 0:
                    page = sequence[place - 1]
                    continue
                if word in ("u", "uddyb", "fordybelse") and optional:
                    page = optional[0]
                    continue
                return
            current = pages[page]
            deepening = page in optional
            position = (optional.index(page) if deepening else core.index(page)) + 1

            def show_page(current=current, position=position, deepening=deepening) -> None:
                if deepening:
                    term.heading(f"{sentence(module.title)} Fordybelse (valgfri) {position} af "
                                 f"{len(optional)}: {current.title}")
                    return self._page_text(current)
                term.heading(f"{sentence(module.title)} Side {position} af {len(core)}: "
                             f"{current.title}")
                return self._page_text(current)

            show_page()
            module_id, index = module.id, page
            self.save(lambda record: record.mark_page_seen(module_id, index), "Dit fremskridt")
            following_page = sequence[place + 1] if place + 1 < len(sequence) else None
            if following_page is None:
                following = "at gå tilbage til modulet"
            elif following_page == len(pages):
                following = "det vigtigste fra modulet"
            else:
                following = "næste side"
            words = ", et tal for at slå et ord op" if current.terms else ""
            previous = ", f for forrige side" if place > 0 else ""
            while True:
                answer = term.ask(f"Tryk Enter for {following}{previous}{words}, "
                                  "eller skriv t for tilbage til modulet:",
                                  help="Tryk Enter for at læse videre. Skriv f for at gå en side "
                                       "tilbage. Tallene slår sidens ord op i ordlisten. "
                                       "t går tilbage til modulet; siden er gemt, så du kan "
                                       "fortsætte her.",
                                  repeat=show_page)
                word = command_word(answer)
                chosen = numbers(answer)
                if word in typed_words("", "n", "næste"):
                    if following_page is None:
                        return
                    page = following_page
                    break
                if word in ("f", "forrige"):
                    if place > 0:
                        page = sequence[place - 1]
                        break
                    term.say("Det er den første side.")
                    continue
                if word in BACK_WORDS:
                    return
                if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(current.terms[:9]):
                    self.show_term(course.term(current.terms[chosen[0] - 1]))
                    continue
                term.say("Tryk Enter, eller skriv f, t eller et tal fra listen over ord.")

    def _page_text(self, current: Page) -> None:
        """A lesson page's quotes, body and glossary words."""
        term, course = self.term, self.course
        for quote in current.quotes:
            term.say(f"Citat fra politikken, {course.section(quote.source).title}:",
                     f"»{quote.text}«")
            term.blank()
        term.say(markdown_text(current.body))
        if current.terms:
            words = [f"{n} {course.term(t).term}"
                     for n, t in enumerate(current.terms[:9], 1)]
            term.say(f"Ord fra ordlisten på siden: {listing(words)}.")

    # -- questions (module quizzes and glossary quizzes) ---------------------------------

    def show_question(self, question: Question, shown: list[str], number: int,
                      total: int, heading: str) -> None:
        term = self.term
        term.heading(f"{heading}. Spørgsmål {number} af {total}.")
        term.say(question.prompt)
        if isinstance(question, TrueFalse):
            term.say("Er det sandt eller falsk?", "1. Sandt", "2. Falsk")
        elif isinstance(question, (SingleChoice, MultipleChoice)):
            if isinstance(question, MultipleChoice):
                term.say("Der kan være flere rigtige svar.")
            term.say("Svarmuligheder:")
            for n, option in enumerate(shown, 1):
                term.say(f"{n}. {option}")
        elif isinstance(question, Matching):
            term.say("Find den del, der hører til hver linje.", "Linjerne:")
            for i, (left, _) in enumerate(question.pairs):
                term.say(f"{letter(i)}. {left}")
            term.say("Delene, der hører til:")
            for n, right in enumerate(shown, 1):
                term.say(f"{n}. {right}")
        elif isinstance(question, Ordering):
            term.say("Sæt det i den rigtige rækkefølge.")
            for n, item in enumerate(shown, 1):
                term.say(f"{n}. {item}")

    def ask_response(self, question: Question, shown: list[str],
                     repeat: Callable[[], None]) -> Response:
        """Ask until the answer has the right form; Back on ``tilbage``."""
        term = self.term
        back = " Skriv tilbage for at gå tilbage; dine svar er gemt."
        if isinstance(question, TextAnswer):
            prompt = "Skriv dit svar:"
            help = "Skriv dit svar med ét eller få ord, og tryk Enter." + back
        elif isinstance(question, TrueFalse):
            prompt = "Skriv 1 for sandt eller 2 for falsk:"
            help = "Skriv 1, hvis sætningen er sand, og 2, hvis den er falsk." + back
        elif isinstance(question, SingleChoice):
            prompt = f"Skriv nummeret på dit svar (1 til {len(shown)}):"
            help = "Skriv tallet foran det svar, du mener er rigtigt." + back
        elif isinstance(question, MultipleChoice):
            prompt = (f"Skriv numrene på alle de rigtige svar (1 til {len(shown)}) med "
                      "mellemrum imellem, fx 1 3:")
            help = ("Skriv tallene foran alle de svar, du mener er rigtige, med mellemrum "
                    "imellem. Mener du, at ingen er rigtige, så skriv ingen." + back)
        elif isinstance(question, Matching):
            letters = listing([letter(i) for i in range(len(question.pairs))])
            example = " ".join(str(n) for n in range(len(shown), 0, -1))
            prompt = (f"Skriv for {letters} nummeret på den del, der hører til, i samme "
                      f"rækkefølge, fx {example}:")
            help = (f"Der er {len(question.pairs)} linjer, A og frem, og lige så mange dele med "
                    "numre. Skriv ét nummer for hver linje, i linjernes rækkefølge, med "
                    f"mellemrum imellem. Fx {example} betyder: A hører til del "
                    f"{example.split()[0]}, B til del {example.split()[1]} og så videre. "
                    "Brug hvert nummer én gang." + back)
        else:  # ordering
            example = " ".join(str(n) for n in range(len(shown), 0, -1))
            prompt = (f"Skriv numrene 1 til {len(shown)} i den rigtige rækkefølge, med "
                      f"mellemrum imellem, fx {example}:")
            help = ("Skriv numrene på det, der kommer først, så det næste og så videre, med "
                    "mellemrum imellem. Brug hvert nummer én gang." + back)
        while True:
            answer = term.ask(prompt, help=help, repeat=repeat,
                              lookup=not isinstance(question, TextAnswer))
            word = command_word(answer)
            if word == "tilbage" or (word == "t" and not isinstance(question, TextAnswer)):
                raise Back
            response, problem = self.parse_response(question, shown, answer)
            if problem is None:
                return response
            term.say(problem)

    @staticmethod
    def parse_response(question: Question, shown: list[str],
                       answer: str) -> tuple[Response, str | None]:
        """The typed answer as a response, or None and what is wrong with it (Danish)."""
        word = command_word(answer)
        if isinstance(question, TextAnswer):
            if not answer.strip():
                return None, "Skriv et svar, før du trykker Enter."
            return answer.strip(), None
        if isinstance(question, TrueFalse):
            if word in ("1", "sandt", "s", "ja"):
                return True, None
            if word in ("2", "falsk", "f", "nej"):
                return False, None
            return None, "Skriv 1 for sandt eller 2 for falsk."
        count = len(shown)
        chosen = numbers(answer)
        if isinstance(question, MultipleChoice) and word == "ingen":
            return [], None
        if chosen is None or any(not 1 <= n <= count for n in chosen):
            return None, f"Skriv tal fra 1 til {count}."
        if isinstance(question, SingleChoice):
            if len(chosen) != 1:
                return None, f"Skriv ét tal fra 1 til {count}."
            return shown[chosen[0] - 1], None
        if isinstance(question, MultipleChoice):
            return [shown[n - 1] for n in dict.fromkeys(chosen)], None
        if len(chosen) != count:
            return None, (f"Skriv {count} tal, ét for hver "
                          f"{'linje' if isinstance(question, Matching) else 'del'}. "
                          f"Du skrev {len(chosen)}.")
        if len(set(chosen)) != count:
            return None, "Brug hvert nummer én gang."
        if isinstance(question, Matching):
            return {left: shown[n - 1] for (left, _), n in zip(question.pairs, chosen)}, None
        return [shown[n - 1] for n in chosen], None

    def show_feedback(self, question: Question, response: Response, grade: Grade) -> None:
        term, course = self.term, self.course
        if grade.correct:
            verdict = "Rigtigt."
        elif grade.score > 0:
            verdict = f"Delvist rigtigt ({share_percent(grade.score, grade.max_score)} procent)."
        else:
            verdict = "Ikke rigtigt."
        term.heading(verdict)
        term.say(*answer_lines("Dit svar", question, response))
        if not grade.correct:
            term.say(*answer_lines("Rigtigt svar", question, correct_response(question)))
        term.say(question.explanation)
        for option, why in wrong_picks(question, response):
            if why:
                term.say(f"Hvorfor ikke »{option}«? {why}")
        section = course.section(question.source).title
        if question.quote:
            term.say(f"Fra politikken, {section}:", f"»{question.quote}«")
        else:
            term.say(f"Kilde: {section}.")

    def run_questions(self, attempt: QuizAttempt, heading: str,
                      answered: Callable[[Question, Response], Grade]) -> None:
        """Ask every question not yet answered, with feedback; Back on ``tilbage``."""
        term = self.term
        while (question := attempt.current()) is not None:
            shown = attempt.presentation(question.id)
            number, total = attempt.answered + 1, len(attempt)

            def show(question=question, shown=shown, number=number, total=total) -> None:
                self.show_question(question, shown, number, total, heading)

            show()
            response = self.ask_response(question, shown, show)
            grade = answered(question, response)
            self.show_feedback(question, response, grade)
            follow = "at se dit resultat" if attempt.is_finished else "næste spørgsmål"
            answer = term.ask(f"Tryk Enter for {follow}, eller skriv t for tilbage:",
                              help="Tryk Enter for at gå videre. Dit svar er gemt.",
                              repeat=lambda q=question, r=response: self.show_feedback(
                                  q, r, attempt.result(q.id)[1]))
            if command_word(answer) in BACK_WORDS:
                raise Back

    # -- a module quiz -----------------------------------------------------------------

    def quiz(self, module: Module) -> None:
        term, course, track_id = self.term, self.course, self.learner.track
        session = QuizSession.open(course, module.id, track_id, self.facts())
        position = self.position(session.position)

        def save() -> None:
            doc = session.doc
            self.save(lambda record: record.save_attempt(doc, position), "Dit svar")

        heading = f"Quiz: {module.title}"
        if session.resumed and session.attempt.is_finished:
            save()  # answered to the end before, but not marked finished: it is now
        if session.resumed and session.attempt.answered:
            term.heading(heading)
            term.say(f"Du fortsætter dit forsøg. Du har svaret på {session.attempt.answered} "
                     f"af {len(session.attempt)} spørgsmål.")
        else:
            save()
            if not session.attempt.is_finished:
                term.heading(heading)
                term.say(f"Quizzen har {plural(len(session.attempt), 'spørgsmål', 'spørgsmål')}."
                         f" Der skal {session.pass_mark} procent rigtige til at bestå.")

        def answered(question: Question, response: Response) -> Grade:
            grade = session.answer(question.id, response)
            save()
            return grade

        while True:
            self.run_questions(session.attempt, heading, answered)
            self.quiz_result(module, session)
            answer = term.ask("Skriv igen for et nyt forsøg med nye spørgsmål, eller tryk "
                              "Enter for at gå tilbage til modulet:",
                              help="Et nyt forsøg stiller nye spørgsmål. Alle dine forsøg "
                                   "er gemt; det bedste tæller.",
                              repeat=lambda: self.quiz_result(module, session))
            if command_word(answer) not in typed_words("igen", "i", "r", "nyt forsøg"):
                return
            session.restart(self.facts().attempts)
            save()

    def quiz_result(self, module: Module, session: QuizSession) -> None:
        term, attempt = self.term, session.attempt
        term.heading(f"Resultat: {'Bestået' if session.passed else 'Ikke bestået'}.")
        term.say(f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point "
                 f"({percent(attempt.percent, PROCENT)}). Der skal {session.pass_mark} procent til "
                 "at bestå.")
        results = {r.objective: r for r in attempt.by_objective()}
        if module.objectives and results:
            term.say("Læringsmål. Du kan:")
            for objective in module.objectives:
                result = results.get(objective.id)
                if result is not None:
                    term.say(f"- {objective.text}: {points(result.score)} af "
                             f"{points(result.max_score)} point.")
            revisit = [module.objective(o) for o in attempt.to_revisit()]
            texts = [o.text for o in revisit if o is not None]
            if texts:
                term.say(f"Se igen: {' og '.join(texts)}. Læs de sider i lektionen, der "
                         "handler om det.")
        review = attempt.review()
        if review:
            term.say("Svar at se på igen:")
            for question, response, _grade in review:
                term.blank()
                term.say(f"Spørgsmål: {question.prompt}",
                         *answer_lines("Dit svar", question, response),
                         *answer_lines("Rigtigt svar", question, correct_response(question)),
                         question.explanation)
        term.blank()
        term.say("Godt klaret!" if session.passed else
                 "Læs siderne igen, og prøv så et nyt forsøg.")

    # -- a scenario --------------------------------------------------------------------

    def scenario(self, module: Module, scenario: Scenario) -> None:
        term = self.term
        session = ScenarioSession.open(module.id, scenario, self.facts())
        position = self.position(session.position)

        def save() -> None:
            doc = session.doc
            self.save(lambda record: record.save_run(doc, position), "Dit valg")

        if session.fresh:
            save()
        heading = f"Scenarie: {scenario.title}"
        while True:
            run = session.run
            if run.is_finished:
                self.scenario_ending(session, save)
                answer = term.ask("Skriv igen for at spille scenariet igen og prøve andre valg, "
                                  "svar for at skrive dit svar til eftertanke igen, eller tryk "
                                  "Enter for at gå tilbage til modulet:",
                                  help="Du har nået en slutning. Skriv igen for at spille "
                                       "forfra. Dit svar og dine valg er gemt.",
                                  repeat=lambda: self.scenario_ending(session, save, ask=False))
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

            def show(node=node, shown=shown, first=not run.path) -> None:
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
                                  f"Skriv nummeret på dit valg (1 til {len(shown)}), eller t "
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

            def feedback(step=step) -> None:
                term.heading(f"Dit valg: {step.choice.text}")
                term.say(step.feedback)
                up = [self.course.focus_area(f).title for f, v in step.choice.effects if v > 0]
                down = [self.course.focus_area(f).title for f, v in step.choice.effects if v < 0]
                if up:
                    term.say(f"Det styrker: {listing(up)}.")
                if down:
                    term.say(f"Det svækker: {listing(down)}.")

            feedback()
            follow = "se, hvordan det ender" if session.run.is_finished else "gå videre"
            answer = term.ask(f"Tryk Enter for at {follow}, eller skriv t for tilbage:",
                              help="Tryk Enter for at gå videre i historien. Dit valg er gemt.",
                              repeat=feedback)
            if command_word(answer) in BACK_WORDS:
                raise Back

    def scenario_ending(self, session: ScenarioSession, save: Callable[[], None],
                        ask: bool = True) -> None:
        term, run = self.term, session.run
        ending = run.ending
        term.heading(f"Slutning: {ending.ending}.")
        term.say(markdown_text(ending.text))
        tallies = run.focus_summary()
        if tallies:
            term.say("Dine valg og fokusområderne:")
            for tally in tallies:
                title = self.course.focus_area(tally.focus_id).title
                term.say(f"- {title}: styrket {plural(tally.strengthened, 'gang', 'gange')}, "
                         f"svækket {plural(tally.weakened, 'gang', 'gange')}.")
        term.say("Til eftertanke:", markdown_text(session.scenario.reflection))
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

    # -- the glossary ------------------------------------------------------------------

    def glossary(self, query: str | None = "") -> None:
        """Look a word up; ``query`` "" asks for one (Enter lists every word)."""
        from course.engine.glossary import search

        term, course = self.term, self.course
        term.heading("Ordliste")
        asked = bool(query)
        while True:
            if not asked:
                query = term.ask("Skriv et ord, du vil slå op, tryk Enter for hele ordlisten, "
                                 "eller skriv t for tilbage:",
                                 help="Skriv hele ordet eller en del af det. Det er lige meget, "
                                      "om du skriver æ eller ae.", lookup=False)
                if command_word(query) in BACK_WORDS:
                    return
            asked = False
            results = search(course, query or "")
            if not results:
                term.say(f"Ingen ord passer til »{one_line(query)}«. Prøv et andet ord.")
                continue
            if len(results) == 1:
                chosen = results[0]
            else:
                term.say(f"{plural(len(results), 'ord passer', 'ord passer')}:" if query else
                         f"Ordlisten har {len(results)} ord:")
                for n, found in enumerate(results, 1):
                    term.say(f"{n}. {found.term}")
                answer = term.ask(f"Skriv nummeret på et ord (1 til {len(results)}), et nyt ord "
                                  "at søge efter, eller t for tilbage:", lookup=False,
                                  help="Skriv tallet foran et ord for at læse om det, eller skriv et andet ord at "
                                       "søge efter. Det er lige meget, om du skriver æ eller ae.")
                word = command_word(answer)
                picked = numbers(answer)
                if word in BACK_WORDS:
                    return
                if picked and len(picked) == 1 and 1 <= picked[0] <= len(results):
                    chosen = results[picked[0] - 1]
                else:
                    query, asked = answer, bool(answer)
                    continue
            if not self.term_page(chosen):
                return

    def show_term(self, found: Term) -> None:
        """One word of the glossary: explanation, the policy's definition, an example."""
        from course.engine.glossary import modules_using, related_terms

        term, course = self.term, self.course
        term.heading(f"Ord: {found.term}")
        term.say(found.explanation)
        if found.definition:
            source = f", {course.section(found.source).title}" if found.source else ""
            term.say(f"Politikkens definition{source}:", f"»{found.definition}«")
        term.say(f"Eksempel: {found.example}")
        used = [m.title for m in modules_using(course, found.id)]
        if used:
            term.say(f"Bruges i: {listing(used)}.")
        related = related_terms(course, found.id)
        if related:
            term.say("Se også: " + listing([f"{n} {r.term}" for n, r in enumerate(related, 1)])
                     + ".")

    def term_page(self, found: Term) -> bool:
        """Show a word and follow "se også"; False when the learner goes back."""
        from course.engine.glossary import related_terms

        term = self.term
        while True:
            self.show_term(found)
            related = related_terms(self.course, found.id)
            extra = f"nummeret på et ord under Se også (1 til {len(related)}), " if related else ""
            answer = term.ask(f"Skriv {extra}et nyt ord at slå op, eller tryk Enter for at gå "
                              "tilbage:", lookup=False, repeat=lambda f=found: self.show_term(f),
                              help="Skriv tallet foran et ord under Se også for at læse om det, "
                                   "eller skriv et nyt ord at slå op. Tryk Enter for at gå "
                                   "tilbage.")
            word = command_word(answer)
            picked = numbers(answer)
            if word in BACK_WORDS or word == "":
                return False
            if related and picked and len(picked) == 1 and 1 <= picked[0] <= len(related):
                found = related[picked[0] - 1]
                continue
            from course.engine.glossary import search

            results = search(self.course, answer)
            if len(results) == 1:
                found = results[0]
                continue
            if not results:
                term.say(f"Ingen ord passer til »{one_line(answer)}«.")
                continue
            term.say(f"{len(results)} ord passer:")
            for n, other in enumerate(results, 1):
                term.say(f"{n}. {other.term}")
            pick = term.ask(f"Skriv nummeret på et ord (1 til {len(results)}), eller t for "
                            "tilbage:", lookup=False,
                            help="Skriv tallet foran det ord, du vil læse om.")
            chosen = numbers(pick)
            if chosen and len(chosen) == 1 and 1 <= chosen[0] <= len(results):
                found = results[chosen[0] - 1]
                continue
            return False

    # -- flashcards and the glossary quiz ------------------------------------------------

    def load_deck(self):
        from course.engine.flashcards import Deck

        try:
            cards, reviews = self.record.cards(), self.record.reviews()
        except DamagedRecordError as error:
            self.term.say(error.message)
            cards, reviews = [], []
        except OSError as exc:
            from course.files import danish_reason

            self.term.say(f"Dine kort kan ikke læses ({danish_reason(exc)}).")
            cards, reviews = [], []
        return Deck.for_course(self.course, self.learner.track, cards, reviews)

    def flashcards(self) -> None:
        from course.engine.flashcards import LABELS, RATINGS, format_interval

        term = self.term
        deck = self.load_deck()
        term.heading("Øv ord med kort")
        term.say("Du ser et ord og tænker over, hvad det betyder. Så ser du svaret og siger, "
                 "hvor godt du huskede det. Ord, du har svært ved, kommer oftere igen.")
        while True:
            now = self.clock()
            found = deck.next_card(now)
            counts = deck.counts(now)
            if found is None:
                when = deck.describe_next(now)
                term.heading("Færdig for i dag.")
                term.say(f"Næste kort: {when}." if when else "Der er ingen kort at øve.")
                answer = term.ask("Skriv q for en ordquiz med de ord, du har sværest ved, eller "
                                  "tryk Enter for at gå tilbage:",
                                  help="Ordquizzen er til øvelse og tæller ikke med i "
                                       "modulerne.")
                if command_word(answer) in ("q", "quiz", "ordquiz"):
                    self.glossary_quiz()
                    deck = self.load_deck()
                    continue
                return
            kind = "Nyt ord" if deck.is_new(found.id) else "Til gentagelse"
            term.heading(f"{counts.due} til gentagelse, {counts.new} "
                         f"{'nyt' if counts.new == 1 else 'nye'} tilbage i dag.")
            term.say(f"{kind}: {found.term}")
            answer = term.ask("Tænk over, hvad ordet betyder. Tryk Enter for at se svaret, eller "
                              "skriv t for tilbage:",
                              help="Tryk Enter for at vende kortet. Alt, du har øvet, er gemt.")
            if command_word(answer) in BACK_WORDS:
                return
            intervals = deck.preview(found.id, now)

            def back(found=found, intervals=intervals) -> None:
                term.heading(f"Svar: {found.term}")
                term.say(found.explanation)
                if found.definition:
                    term.say("Politikkens definition:", f"»{found.definition}«")
                term.say(f"Eksempel: {found.example}")
                term.say("Hvor godt huskede du det?")
                for rating in RATINGS:
                    term.say(f"{int(rating)}. {LABELS[rating]}: kortet kommer igen "
                             f"{format_interval(intervals[rating])}.")

            back()
            while True:
                answer = term.ask("Skriv 1, 2, 3 eller 4, eller t for tilbage:",
                                  help="1 Igen: du kunne ikke huske det. 2 Svært: du huskede "
                                       "det med besvær. 3 Godt: du huskede det. 4 Let: du "
                                       "huskede det let.", repeat=back)
                word = command_word(answer)
                if word in BACK_WORDS:
                    return
                if word in ("1", "2", "3", "4"):
                    rating = int(word)
                    break
                labels = {LABELS[r].casefold(): int(r) for r in RATINGS}
                if answer.strip().casefold() in labels:
                    rating = labels[answer.strip().casefold()]
                    break
                term.say("Skriv 1, 2, 3 eller 4.")
            card, review = deck.review(found.id, rating, self.clock())
            self.save(lambda record: record.save_review(card, review), "Din gennemgang")

    def glossary_quiz(self) -> None:
        from course.engine.glossary_quiz import build_glossary_quiz, feedback_reviews

        term, course = self.term, self.course
        while True:
            seed = secrets.randbits(32)
            deck = self.load_deck()
            quiz = build_glossary_quiz(course, deck, self.clock(), seed)
            attempt = QuizAttempt.start(quiz.questions, seed)
            missed: dict[str, None] = {}

            def answered(question: Question, response: Response) -> Grade:
                grade = attempt.answer(question.id, response)
                for card, review in feedback_reviews(deck, question, response, self.clock()):
                    missed[review["term"]] = None
                    self.save(lambda record, c=card, r=review: record.save_review(c, r),
                              "Din gennemgang")
                return grade

            term.heading("Ordquiz")
            term.say("Ordquizzen er til øvelse. Den tæller ikke med i modulerne.")
            try:
                self.run_questions(attempt, "Ordquiz", answered)
            except Back:
                return
            term.heading("Resultat af ordquizzen")
            term.say(f"Du fik {points(attempt.score)} af {points(attempt.max_score)} point "
                     f"({percent(attempt.percent, PROCENT)}).")
            if missed:
                words = listing([course.term(t).term for t in missed])
                term.say(f"Ord at øve igen: {words}. De kommer snart igen blandt dine kort.")
            else:
                term.say("Alle ord rigtige. Godt klaret!")
            answer = term.ask("Skriv igen for en ny ordquiz, eller tryk Enter for at gå tilbage:",
                              help="En ny ordquiz tager de ord, du har sværest ved, først.")
            if command_word(answer) not in ("igen", "i", "r"):
                return

    # -- the certificate ---------------------------------------------------------------

    def certificate(self) -> None:
        from course.certificates.rules import claim

        term, course, learner = self.term, self.course, self.learner
        track = course.track(learner.track)
        while True:
            facts = self.facts()
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
                    term.say("Det mangler du for at få kursusbeviset. Hver quiz skal bestås med "
                             f"mindst {track.pass_mark} procent.")
                    progress = track_progress(course, learner.track, facts)
                    for number, item in enumerate(progress.modules, 1):
                        if item.state is ModuleState.DONE:
                            term.say(f"{number}. {item.module.title}: færdig.")
                            continue
                        term.say(f"{number}. {item.module.title}: mangler:")
                        for step in item.remaining():
                            term.say(f"   - {step}.")
                self.show_issued()

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
            self.issue_certificate()

    def show_issued(self) -> None:
        term = self.term
        try:
            issued = self.record.certificates()
        except DamagedRecordError as error:
            term.say(error.message)
            issued = []
        except OSError as exc:
            from course.files import danish_reason

            term.say(f"Dine kursusbeviser kan ikke læses ({danish_reason(exc)}).")
            issued = []
        mine = [c for c in issued if c.get("track") == self.learner.track]
        if not mine:
            return
        term.say("Udstedte kursusbeviser:")
        for cert in sorted(mine, key=lambda c: c.get("issued") or ""):
            term.say(f"- {str(cert.get('issued', ''))[:10]}, bekræftelseskode "
                     f"{cert.get('code', '?')}.",
                     f"  PDF: {self.store.shown_path(cert.get('pdf'))}",
                     f"  JSON: {self.store.shown_path(cert.get('json'))}")

    def issue_certificate(self) -> None:
        from course.certificates.keys import KeyProblem
        from course.certificates.service import NotEligible, issue

        term = self.term
        try:
            out_dir = self.store.path(CERTIFICATE_FOLDER)  # never a link out of the data folder
            issued = issue(self.course, self.store, self.learner, out_dir)
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
                 "Send PDF-filen til HR eller din lærer. JSON-filen er det underskrevne bevis.")

    # -- the PIN -----------------------------------------------------------------------

    def pin(self) -> None:
        from progress.passwords import PIN_RULE, PIN_RULE_SHORT, PIN_STAYS, valid_pin

        term = self.term
        try:
            had_pin = self.record.has_pin()
        except DamagedRecordError as error:
            term.say(error.message)
            had_pin = False
        may_remove = had_pin and self.learner.hold is None
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
                self.save(lambda record: record.set_pin(None), "Pinkoden")
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
        self.save(lambda record: record.set_pin(pin), "Pinkoden")
        term.say("Pinkoden er gemt. Den skal bruges, næste gang du vælger dit navn.")


def run_plain(course: Course, store: Store) -> int:
    """Run the plain mode on standard input and output."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
    return PlainApp(course, store).run()


__all__ = ["PlainApp", "clean", "run_plain"]
