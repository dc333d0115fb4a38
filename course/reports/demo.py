"""Sample data: realistic holds, teachers and learners, written through the real engine
and store (``medborger demo-data``, the benches and the tests).

    made = fill(course, data_dir, learners=60, holds=3, seed=1)
    print(made.summary())

:func:`fill` makes teacher accounts with a known demo passphrase, holds such as
"8.A Vejleå Skole 2026/27" with a track that fits them, and learners with Danish and
international names, each with the demo PIN. Their histories are what the quiz and
scenario screens write: pages seen, quiz attempts drawn from the track's pool with every
answer (a failed attempt before the passed one), scenario runs, flashcard reviews. Some
have finished their track and hold a signed certificate, issued by the real certificate
service into ``<data dir>/kursusbeviser/``.

The people, holds, tracks and histories are the same for the same seed. Ids, join codes,
salts and signatures are fresh every time (a demo folder put on a server by mistake must
not have codes anyone can predict), and the history's dates are the weeks before today.

:func:`complete_track` and friends are also used by tests (``tests/history.py``) to give
a learner a realistic history.
"""

from __future__ import annotations

import random
import uuid
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from course.content.model import Course, Scenario
from course.engine.grading import correct_response
from course.engine.quiz import effective_pass_mark, start_module_attempt
from course.engine.scenario import all_paths, play
from progress import Position, Record, Store

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

DEMO_PIN = "1234"
TEACHER_PASSPHRASE = "demo-lærer-2027"
ADMIN_PASSPHRASE = "demo-admin-2027"
CERTIFICATE_FOLDER = "kursusbeviser"

# Name, track, teacher (None: the administrator, e.g. HR, owns it). Tracks that the
# course does not have fall back to its first track.
HOLD_PLANS = (
    ("8.A Vejleå Skole 2026/27", "skole", "Mette Kjær"),
    ("9.B Gildbro Skole 2026/27", "skole", "Jonas Lindberg"),
    ("Introforløb januar 2027", "medarbejder", None),
    ("Frivillige i Integrationsrådet 2027", "frivillig", None),
    ("10.C Strandgård Skole 2026/27", "skole", "Yasmin Karimi"),
    ("Introforløb marts 2027", "medarbejder", None),
    ("7.A Ishøj Skole 2026/27", "skole", "Mette Kjær"),
    ("Frivillige i foreningerne 2027", "frivillig", None),
)

# First and last names by origin, as in Ishøj: Danish, Turkish, Pakistani, Arabic,
# Somali, Afghan, Polish, Ukrainian, Vietnamese, Tamil, Ghanaian, Ethiopian.
NAMES = (
    (("Emma", "Noah", "Freja", "Oscar", "Ida", "William", "Clara", "Lucas", "Alma",
      "Magnus", "Sofie", "Frederik", "Anna", "Emil", "Laura", "Victor", "Ella", "Malthe",
      "Karla", "Mikkel", "Astrid", "Søren", "Maja", "Asger", "Mathilde", "Johan"),
     ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
      "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen",
      "Poulsen", "Møller", "Mortensen", "Knudsen", "Holm", "Lund", "Bech", "Dahl", "Skov",
      "Krog", "Vestergaard", "Bæk")),
    (("Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Can", "Merve", "Yusuf"),
     ("Yılmaz", "Demir", "Kaya", "Çelik", "Arslan", "Doğan", "Öztürk")),
    (("Fatima", "Ali", "Aisha", "Bilal", "Sana", "Hamza", "Mahnoor"),
     ("Khan", "Hussain", "Malik", "Chaudhry", "Iqbal", "Butt")),
    (("Omar", "Layla", "Karim", "Nour", "Yasmin", "Ibrahim", "Rania"),
     ("Ahmad", "Haddad", "El-Amin", "Saleh", "Mansour", "Abdallah")),
    (("Hodan", "Mohamed", "Amina", "Abdi", "Faduma", "Liban"),
     ("Warsame", "Farah", "Abdi", "Hassan", "Jama")),
    (("Zahra", "Ahmad", "Mariam", "Farid", "Shabnam"), ("Karimi", "Hosseini", "Noori", "Rahimi")),
    (("Piotr", "Agnieszka", "Tomasz", "Zofia", "Jakub"),
     ("Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska")),
    (("Olena", "Dmytro", "Iryna", "Andrij"), ("Kovalenko", "Shevchenko", "Bondarenko")),
    (("Thanh", "Linh", "Minh", "Huong"), ("Nguyen", "Tran", "Le", "Pham")),
    (("Priya", "Tharsan", "Kavitha", "Senthil"), ("Sivakumar", "Kanagaratnam", "Rajan")),
    (("Kwame", "Abena", "Kofi", "Akosua"), ("Mensah", "Owusu", "Boateng")),
    (("Sara", "Dawit", "Meron", "Yonas"), ("Tesfaye", "Bekele", "Haile")),
)

# How far learners have come, with the share of a hold that is so far.
PROFILES = (("done", 0.24), ("most", 0.22), ("some", 0.24), ("started", 0.18), ("new", 0.12))


# -- histories ------------------------------------------------------------------------


class _Clock:
    """Timestamps for a history: ``start`` plus minutes."""

    def __init__(self, start: datetime) -> None:
        self.start = start

    def at(self, minutes: float) -> str:
        return (self.start + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def quiz_attempt(course: Course, track_id: str, module_id: str, rng: random.Random,
                 right_share: float, clock: float = 0.0, *, start: datetime = START,
                 previous: tuple[str, ...] | list[str] = ()) -> dict:
    """A finished attempt as the quiz screen saves it, about ``right_share`` right.

    The questions are drawn from the track's pool as the quiz screen draws them (never the
    set of ``previous``, the question ids of the learner's last attempt).
    """
    at = _Clock(start).at
    quiz = course.quiz(module_id)
    track = course.track(track_id)
    attempt = start_module_attempt(course, module_id, track_id, rng.getrandbits(32),
                                   previous)
    answers = []
    for n, question in enumerate(attempt.questions):
        response = correct_response(question)
        if rng.random() > chance_right(question.id, right_share):
            response = _wrong(question, response, rng)
        result = attempt.answer(question.id, response)
        answers.append({"question": question.id, "response": attempt.result(question.id)[0],
                        "score": result.score, "correct": result.correct,
                        "at": at(clock + n)})
    pass_mark = effective_pass_mark(quiz, track)
    return {
        "id": uuid.UUID(int=rng.getrandbits(128)).hex, "module": module_id,
        "started": at(clock), "finished": at(clock + len(answers)), "pass_mark": pass_mark,
        "answers": answers, "state": attempt.to_dict(), "score": attempt.score,
        "max_score": attempt.max_score, "percent": round(attempt.percent, 1),
        "passed": attempt.passed(pass_mark),
    }


# How a real class answers, so the statistics show what a course owner should see: most
# questions answered about as well as the learner does overall, some that nearly everyone
# gets right ("for let"), and some with a tempting wrong option that is chosen far more
# often than the others. Which question is which follows from its id (the same for
# every seed and every learner, as a real question's difficulty is).
EASY_SHARE = 12  # of every 100 questions: nearly always right
TEMPTING_SHARE = 15  # of every 100: a wrong option that draws most wrong answers


def _kind(question_id: str) -> int:
    return zlib.crc32(question_id.encode("utf-8")) % 100


def chance_right(question_id: str, right_share: float) -> float:
    """The chance a learner who gets about ``right_share`` right answers this one right."""
    kind = _kind(question_id)
    if kind < EASY_SHARE:
        return max(right_share, 0.97)
    if kind < EASY_SHARE + TEMPTING_SHARE:
        return max(0.05, right_share - 0.35)
    return min(1.0, max(0.0, right_share + (kind % 21 - 10) / 100))


def _weighted(question_id: str, wrong: list, rng: random.Random):
    """One of the wrong options: the question's favourite one (tempting questions: most
    of the time) or any other."""
    if len(wrong) == 1:
        return wrong[0]
    favourite = _kind(question_id[::-1]) % len(wrong)
    heavy = 8 if EASY_SHARE <= _kind(question_id) < EASY_SHARE + TEMPTING_SHARE else 2
    return rng.choices(wrong, [heavy if n == favourite else 1 for n in range(len(wrong))])[0]


def _wrong(question, right, rng: random.Random):
    """A wrong answer as learners give them (each question kind says how): a real wrong
    option, weighted by :func:`_weighted`, a pair or two mixed up, two items swapped, a
    word misspelled past forgiving, or »ved ikke«."""
    from course.engine import kinds

    return kinds.of(question).sample_wrong(
        question, rng, lambda options: _weighted(question.id, options, rng))


def scenario_run(scenario: Scenario, module_id: str, rng: random.Random,
                 clock: float = 0.0, *, start: datetime = START) -> dict:
    """A scenario played to one of its endings, as the scenario screen saves it."""
    at = _Clock(start).at
    path = rng.choice(all_paths(scenario, limit=50))
    run = play(scenario, path)
    steps = [{"node": node, "choice": index, "at": at(clock + n)}
             for n, (node, index) in enumerate(run.to_dict()["path"])]
    return {"id": uuid.UUID(int=rng.getrandbits(128)).hex, "scenario": scenario.id,
            "module": module_id, "started": at(clock), "finished": at(clock + len(steps)),
            "ending": run.ending.id, "steps": steps, "run": run.to_dict()}


def complete_track(course: Course, record: Record, track_id: str, seed: int = 1,
                   share: float = 1.0, right_share: float = 0.95, reviews: int = 40, *,
                   start: datetime = START) -> float:
    """Write a history for ``share`` of the track's modules (all of them by default).

    Each module done gets every page seen, a failed and then a passed quiz attempt, and
    its scenarios played; ``reviews`` flashcard reviews are logged too. Returns the
    minutes after ``start`` the history ends at.
    """
    at = _Clock(start).at
    rng = random.Random(seed)
    modules = course.modules_for(track_id)
    done = modules[: max(1, round(len(modules) * share))]
    clock = 0.0
    for module in done:
        for page in range(len(module.pages)):
            record.mark_page_seen(module.id, page)
        if course.questions_for(module.id, track_id):
            failed = quiz_attempt(course, track_id, module.id, rng, 0.3, clock, start=start)
            record.save_attempt(failed)
            clock += 20
            previous = [a["question"] for a in failed["answers"]]
            passed = quiz_attempt(course, track_id, module.id, rng, right_share, clock,
                                  start=start, previous=previous)
            while not passed["passed"]:  # a few wrong answers, but a pass
                passed = quiz_attempt(course, track_id, module.id, rng, right_share, clock,
                                      start=start, previous=previous)
            record.save_attempt(passed, Position(module.id, activity="quiz"))
            clock += 20
        for scenario in course.scenarios_for(module.id, track_id):
            record.save_run(scenario_run(scenario, module.id, rng, clock, start=start))
            clock += 10
    terms = [t.id for t in course.glossary]
    for n in range(reviews if terms else 0):
        term = terms[n % len(terms)]
        record.save_review(
            {"id": term, "card_id": n, "state": 2, "step": None, "stability": 3.2,
             "difficulty": 5.1, "due": at(clock + 1440 * 3), "last_review": at(clock)},
            {"term": term, "rating": rng.randint(1, 4), "reviewed_at": at(clock)},
        )
        clock += 0.5
    return clock


def read_pages(course: Course, record: Record, track_id: str, module_index: int,
               pages: int) -> None:
    """The first ``pages`` pages of one of the track's modules seen, and the learner left
    on the next one (where Fortsæt takes them)."""
    modules = course.modules_for(track_id)
    if not modules:
        return
    module = modules[min(module_index, len(modules) - 1)]
    pages = min(pages, len(module.pages))
    for page in range(pages):
        record.mark_page_seen(module.id, page)
    record.set_position(Position(module.id, page=min(pages, max(0, len(module.pages) - 1))))


# -- a whole data folder --------------------------------------------------------------


class DemoProblem(ValueError):
    """Sample data cannot be made here; the message is Danish."""


@dataclass(frozen=True)
class DemoHold:
    name: str
    track: str
    code: str
    teacher: str | None  # None: the administrator
    learners: int


@dataclass
class Made:
    """What :func:`fill` made, and how a person gets in to try it."""

    data_dir: Path
    holds: list[DemoHold]
    teachers: list[str]
    learners: int
    certificates: int
    pin: str = DEMO_PIN
    teacher_passphrase: str = TEACHER_PASSPHRASE
    admin_passphrase: str | None = None  # None: an administrator's passphrase was kept
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One Danish line: what was made, the codes and the demo passphrases and PIN."""
        codes = ", ".join(f"{h.name}: {h.code}" for h in self.holds)
        teachers = (f"; lærernes adgangsfrase: {self.teacher_passphrase} "
                    f"({', '.join(self.teachers)})" if self.teachers else "")
        admin = (f"; administratorens adgangsfrase: {self.admin_passphrase}"
                 if self.admin_passphrase else
                 "; administratorens adgangsfrase er den, der var sat i forvejen")
        problems = f" OBS: {' '.join(self.problems)}" if self.problems else ""
        return (f"{_count(self.learners, 'deltager', 'deltagere')} på "
                f"{_count(len(self.holds), 'hold', 'hold')} "
                f"({_count(len(self.teachers), 'lærerkonto', 'lærerkonti')}) i {self.data_dir}; "
                f"{self.certificates} har et kursusbevis. Koder: {codes}{teachers}{admin}; "
                f"deltagernes pinkode: {self.pin}.{problems}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _plans(course: Course, holds: int) -> list[tuple[str, str, str | None]]:
    tracks = [t.id for t in course.tracks]
    plans = []
    for n in range(holds):
        name, track, teacher = HOLD_PLANS[n % len(HOLD_PLANS)]
        if n >= len(HOLD_PLANS):
            name = f"{name} ({n // len(HOLD_PLANS) + 1})"
        plans.append((name, track if track in tracks else tracks[0], teacher))
    return plans


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` different full names, most of them first and last name of one origin."""
    names: list[str] = []
    seen: set[str] = set()
    weights = [3 if n == 0 else 1 for n in range(len(NAMES))]  # about a third Danish
    tries = 0
    while len(names) < count:
        tries += 1
        firsts, lasts = rng.choices(NAMES, weights)[0]
        if rng.random() < 0.15:  # a last name from another origin: families mix
            lasts = rng.choice(NAMES)[1]
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if name.casefold() in seen and tries > 20 * count:  # the pairs are used up
            name = f"{name} {len(names) + 1}"
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _profiles(rng: random.Random, count: int) -> list[str]:
    """How far each of ``count`` learners has come: the shares of PROFILES exactly (so
    about a quarter have finished and hold a certificate, as the docs say), shuffled."""
    made: list[str] = []
    for profile, share in PROFILES:
        made += [profile] * round(share * count)
    made = made[:count] + ["some"] * (count - len(made))
    rng.shuffle(made)
    return made


class _Batch(Record):
    """A learner's record whose writes are the store's own operations, collected and then
    committed in one locked, atomic write (:meth:`commit`), as if the learner had done a
    day's work in one go. A read commits first. Writing each page and answer on its own
    made 60 learners take 20 seconds instead of two."""

    def __init__(self, store: Store, learner) -> None:
        super().__init__(store, learner)
        self._pending: list = []

    def _run(self, operation, write: bool = True):
        if not write:
            self.commit()
            return super()._run(operation, write)
        self._pending.append(operation)
        return None

    def commit(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            super()._run(lambda db: [operation(db) for operation in pending])


@contextmanager
def _time_is(moment: datetime):
    """The store's clock stopped at ``moment`` (when a demo learner did what is written)."""
    import progress.data_folder
    import progress.records
    import progress.store

    modules = (progress.data_folder, progress.records, progress.store)  # each reads `now`
    real = [module.now for module in modules]
    for module in modules:
        module.now = lambda: moment.isoformat(timespec="seconds")
    try:
        yield
    finally:
        for module, clock in zip(modules, real):
            module.now = clock


@contextmanager
def _one_pin_hash(pin: str):
    """Every demo learner has the same, published PIN: its salted hash is made once
    (scrypt takes 30-50 ms on purpose) and used for all of them."""
    from progress import passwords

    real = passwords.hash_secret
    made = real(pin)
    passwords.hash_secret = lambda secret: made if secret == pin else real(secret)
    try:
        yield
    finally:
        passwords.hash_secret = real


def fill(course: Course, data_dir: str | Path, *, learners: int = 60, holds: int = 3,
         seed: int = 1) -> Made:
    """Fill an empty data folder with teachers, holds and learners with histories.

    Raises DemoProblem (Danish) when the folder already has learners, holds or accounts
    (sample data is never mixed into real data), or when the numbers make no sense.
    OSError when the folder cannot be written.
    """
    from progress.holds import HoldBook

    if learners < 0 or holds < 1:
        raise DemoProblem("Der skal være mindst ét hold og ikke et negativt antal deltagere.")
    root = Path(data_dir)
    store, book = Store(root), HoldBook(root)
    if (store.index_path.exists() or book.holds_path.exists()
            or book.accounts_path.exists()):
        raise DemoProblem(f"Datamappen {root} har allerede deltagere eller hold. "
                          "Eksempeldata laves kun i en tom mappe.")
    with _one_pin_hash(DEMO_PIN):
        return _fill(course, store, book, learners, holds, seed)


def _fill(course: Course, store: Store, book, learners: int, holds: int, seed: int) -> Made:
    from course.certificates import service
    from progress.holds import ADMIN

    root = store.root
    rng = random.Random(seed)
    store.ensure()
    admin_passphrase = None
    if not store.has_passphrase():
        store.set_passphrase(ADMIN_PASSPHRASE)
        admin_passphrase = ADMIN_PASSPHRASE

    plans = _plans(course, holds)
    accounts: dict[str, str] = {}
    for _name, _track, teacher in plans:
        if teacher and teacher not in accounts:
            accounts[teacher] = book.create_account(teacher, TEACHER_PASSPHRASE).id
    made_holds = [book.create_hold(name, track, accounts[teacher] if teacher else ADMIN)
                  for name, track, teacher in plans]

    today = datetime.now(UTC).replace(second=0, microsecond=0)
    names = _names(rng, learners)
    profiles = _profiles(rng, len(names))
    per_hold = [0] * len(made_holds)
    finished: list[tuple[object, datetime]] = []
    for n, name in enumerate(names):
        which = n % len(made_holds)
        hold = made_holds[which]
        per_hold[which] += 1
        profile = profiles[n]
        history_seed = rng.getrandbits(32)
        # A class's activity spreads over the weeks before today: each learner starts
        # on a day of their own, and everything they did is stamped with its time.
        start = today - timedelta(days=rng.randint(2, 40), minutes=rng.randint(0, 600))
        reviews = rng.randint(0, 12)
        with _time_is(start):
            learner = store.create_learner(name, hold.track, hold.id)
        record = _Batch(store, learner)
        record.set_pin(DEMO_PIN)
        minutes = 5.0
        if profile == "done":
            minutes = complete_track(course, record, hold.track, seed=history_seed,
                                     reviews=reviews, right_share=rng.uniform(0.85, 1.0),
                                     start=start)
            finished.append((learner, start + timedelta(minutes=minutes + 2)))
        elif profile in ("most", "some"):
            share = rng.uniform(0.55, 0.85) if profile == "most" else rng.uniform(0.15, 0.45)
            minutes = complete_track(course, record, hold.track, seed=history_seed,
                                     share=share, reviews=reviews,
                                     right_share=rng.uniform(0.75, 1.0), start=start)
            done = max(1, round(len(course.modules_for(hold.track)) * share))
            read_pages(course, record, hold.track, done, rng.randint(1, 3))
        elif profile == "started":
            read_pages(course, record, hold.track, 0, rng.randint(1, 4))
            minutes = 20.0
        # "new": signed in once and chose a PIN, nothing more
        with _time_is(start + timedelta(minutes=minutes)):
            record.commit()  # the pages' and the position's times: when they were read

    certificates = 0
    problems: list[str] = []
    out_dir = store.path(CERTIFICATE_FOLDER)
    for learner, when in finished:
        try:
            service.issue(course, store, learner, out_dir, now=when)
        except Exception as exc:  # noqa: BLE001 - sample data goes on without that one
            reason = getattr(exc, "missing", None) or [str(exc) or type(exc).__name__]
            problems.append(f"Kursusbeviset til {learner.name} kunne ikke udstedes: "
                            f"{reason[0]}")
            continue
        certificates += 1

    return Made(
        data_dir=root,
        holds=[DemoHold(h.name, h.track, h.code,
                        next((t for t, i in accounts.items() if i == h.owner), None), count)
               for h, count in zip(made_holds, per_hold, strict=True)],
        teachers=list(accounts),
        learners=len(names),
        certificates=certificates,
        admin_passphrase=admin_passphrase,
        problems=problems[:3] + ([f"… og {len(problems) - 3} til."] if len(problems) > 3 else []),
    )
