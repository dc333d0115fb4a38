"""Quality gates: the course is true to Ishøj Kommune's medborgerpolitik, and big enough.

These tests read the real content in modules/ and quizzes/. They get stricter by themselves
as content is added (every quote, question and scenario is checked), and a size requirement
that is not met yet fails; it is never skipped.

Quotes are compared the way the validator compares them (course.content.policy.fold):
whitespace, hyphens and quote-mark style do not matter, every word and letter does.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
import yaml

from course.content.model import Course, Module, Scenario
from course.content.policy import PolicyText, fold
from course.engine.scenario import all_paths

ROOT = Path(__file__).resolve().parents[2]


def folded(quote: str) -> str:
    """A quote folded as PolicyText.contains folds it (outer quote marks and … dropped)."""
    return fold(quote.strip().strip("«»\"”“'’").rstrip("…").strip())


def page_quotes(module: Module) -> list[str]:
    return [quote.text for page in module.pages for quote in page.quotes]


def quoted(statement: str, quotes: list[str]) -> bool:
    """Some quote holds the whole statement (it may be longer)."""
    return any(folded(statement) in folded(q) for q in quotes)


def module_or_fail(course: Course, module_id: str) -> Module:
    ids = [m.id for m in course.modules]
    assert module_id in ids, f"module «{module_id}» is missing (modules: {', '.join(ids)})"
    return course.module(module_id)


def strip_markdown(text: str) -> str:
    return " ".join(text.replace("**", "").replace("__", "").split())


def all_scenarios(course: Course) -> list[Scenario]:
    return [s for quiz in course.quizzes for s in quiz.scenarios]


# --- the policy, as the tests know it ---------------------------------------------------

VISION_STATEMENTS = [
    "Alle borgere er en del af og føler sig inkluderet i medborgerskabet.",
    "Alle borgere er opsøgende og interesserede i nærdemokratiet.",
    "Alle borgere møder medborgere med gensidig respekt og anerkendelse af forskellighed.",
    "Alle borgere tager ansvar for egen fremtid og et medansvar for andres fremtid.",
    "Alle borgere bliver mødt med professionalisme og respekt, der tager udgangspunkt i den "
    "enkelte borgers behov.",
]

# Each focus-area module: the heading of its section in the policy and its statement(s).
FOCUS_AREAS = {
    "aktiv-deltagelse": ("FOKUS: Aktiv deltagelse", [VISION_STATEMENTS[1]]),
    "inklusion": (
        "HOVEDFOKUS: Inklusion",
        ["Mangfoldighed er Ishøjs styrke.",
         "Alle skal være en del af og føle sig inkluderet i medborgerskabet."],
    ),
    "kulturelle-faellesskaber": ("FOKUS: Kulturelle fællesskaber", [VISION_STATEMENTS[2]]),
    "ansvar": ("FOKUS: Ansvar for eget liv og fællesskabet", [VISION_STATEMENTS[3]]),
    "borgeren-i-centrum": ("FOKUS: Borgeren i centrum", [VISION_STATEMENTS[4]]),
}
SECTION_END = re.compile(r"^\s*(?:HOVED)?FOKUS:|^\s*Hvordan kan jeg bidrage til fællesskabet\?")

UMBRELLA_POLICIES = [
    "Børne- og Ungepolitik", "Kulturpolitik", "Rusmiddelpolitik", "Frivilligpolitik",
    "Risikostyringspolitik", "Forsikringspolitik", "Seniorpolitik", "Sundhedspolitik",
    "Handicappolitik", "Kommunikationspolitik", "Personalepolitik", "Erhvervspolitik",
]

# "Hvordan kan jeg bidrage til fællesskabet?": six roles, 28 points, as the policy has them.
ROLES = {
    "nabo": [
        "Lærer du dine naboer at kende.",
        "Er du hjælpsom.",
        "Udviser du forståelse.",
        "Tager du initiativ.",
        "Har du respekt for din nabos forskellighed.",
    ],
    "frivillig i lokalsamfundet": [
        "Er du opmærksom på, hvor kommunen kan hjælpe.",
        "Samarbejder du på tværs af traditionelle skel.",
        "Fortsætter du det gode arbejde!",
        "Samarbejder du med kommunen.",
    ],
    "borger": [
        "Engagerer du dig i dit nærmiljø og kommunens tilbud.",
        "Udviser du respekt og tolerance for andre.",
        "Behandler du andre som du selv vil behandles.",
        "Skaber du gode netværk og relationer.",
        "Inddrager du andre i dine netværk.",
        "Hilser du på dem du møder.",
        "Opsøger du arbejde og uddannelse.",
    ],
    "erhvervsdrivende": [
        "Udnytter du medarbejdernes forskelligheder.",
        "Sikrer du mangfoldighed blandt medarbejderne.",
        "Er åben overfor det anderledes.",
    ],
    "ansat i kommunen": [
        "Møder du alle lige, ikke ens.",
        "Bidrager du til at forbedre arbejdsklimaet på din arbejdsplads.",
        "Udviser du altid professionalisme, respekt og tolerance.",
        "Arbejder du inddragende.",
    ],
    "politiker": [
        "Er du opmærksom på dit sprogbrug, ord er vigtige.",
        "Tager du ansvar for inklusion af alle.",
        "Bidrager du aktivt til at nedbryde fjendebilleder.",
        "Udnytter du mangfoldighedens muligheder.",
        "Prioriterer du inklusion og fællesskabet både politisk og økonomisk.",
    ],
}
ROLE_POINTS = [(role, point) for role, points in ROLES.items() for point in points]

# The boxes: glossary term id -> (section id, the box's whole text).
BOXES = {
    "vision": (
        "boks-vision",
        "Visionen er vores ledestjerne. Visionen er den vej vi gerne vil gå, og derfor noget vi "
        "stræber efter at nå. Mangfoldighed skal være Ishøjs styrke.",
    ),
    "mission": (
        "boks-mission",
        "Missionen er en plan for, hvordan vi kommer fra vision til virkelighed.",
    ),
    "inklusion": (
        "boks-inklusion",
        "Inklusion betyder at være med i fællesskabet. Der vil altid være særlige uskrevne regler "
        "og værdier tilknyttet et fællesskab.",
    ),
    "medborgerskab": (
        "boks-medborgerskab",
        "Medborgerskab betyder, at man som borger deltager i samfundet og bruger sine demokratiske "
        "rettigheder. Man kan bruge sit medborgerskab ved at tage ansvar for fællesskabet og "
        "udvise tolerance og imødekommenhed overfor sine medborgere.",
    ),
    "interkulturel-dialog": (
        "boks-interkulturel-dialog",
        "Interkulturel dialog betyder, at man indgår i en dialog på tværs af forskellige kulturer. "
        "Gennem dialogen udveksles synspunkter og holdninger hvilket medvirker til, at nye "
        "fællesskaber opstår og misforståelser og fordomme nedbrydes.",
    ),
    "mangfoldighed": (
        "boks-mangfoldighed",
        "Mangfoldighed betyder, at der er plads til forskellighed. Ishøjs anerkendelse af "
        "mangfoldighedens styrker er derfor en anerkendelse af forskellighed og det som syner "
        "anderledes.",
    ),
    "statsborgerskab": (
        "forskel",
        "Der er forskel på medborgerskab og statsborgerskab. Med et statsborgerskab er man borger "
        "i en stat, og man har rettigheder og pligter. Fx kan man få pas og man kan stemme til "
        "folketingsvalg. Alle Ishøjs borgere er medborgere uanset om de har et statsborgerskab. "
        "Medborgerskabet handler om at tage ansvar for den samfund, man lever i.",
    ),
}

GLOSSARY_TERMS = [
    "vision", "mission", "inklusion", "medborgerskab", "statsborgerskab", "interkulturel-dialog",
    "mangfoldighed", "naerdemokrati", "sammenhaengskraft", "parallelsamfund", "social-isolation",
    "marginalisering", "borgerinddragelse", "ligevaerdighed",
]

REQUIRED_SCENARIOS = [
    "skranken", "kollegaens-bemaerkning", "foraeldremoedet", "ord-i-debatten", "ansaettelsen",
    "ny-familie-i-klubben", "konflikt-i-foreningen", "dem-og-os-i-klassen", "den-nye-nabo",
    "gruppearbejdet",
]
SCENARIO_AUDIENCES = [("medarbejder", 3), ("frivillig", 2), ("skole", 3)]

MIN_PAGES, MAX_PAGES = 2, 5
MIN_QUESTIONS_PER_MODULE = 8
MIN_QUESTIONS = 90
MIN_QUESTION_TYPES = 5
MIN_SCENARIOS = 10
MIN_DECISIONS = 3
MIN_ENDINGS = 2


def focus_paragraph(policy: PolicyText, module_id: str, keyword: str) -> str:
    """The FORDI or DERFOR paragraph of a focus area's section, cut from the policy text."""
    heading = FOCUS_AREAS[module_id][0]
    lines = policy.text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == heading]
    assert len(starts) == 1, f"the policy has no single heading «{heading}»"
    end = next((i for i in range(starts[0] + 1, len(lines)) if SECTION_END.match(lines[i])),
               len(lines))
    section = "\n".join(lines[starts[0]:end])
    paragraphs = [p for p in re.split(r"\n\s*\n", section) if p.strip().startswith(keyword + " ")]
    assert len(paragraphs) == 1, f"section «{heading}» has {len(paragraphs)} {keyword} paragraphs"
    return " ".join(paragraphs[0].split())


# --- the content validates --------------------------------------------------------------


def test_content_validates(real_course: Course) -> None:
    """load_course raises ContentError (and the fixture fails) if anything is invalid."""
    assert real_course.modules


def test_modules_in_manifest_order(real_course: Course) -> None:
    manifest = yaml.safe_load((ROOT / "modules" / "course.yaml").read_text(encoding="utf-8"))
    assert [m.id for m in real_course.modules] == manifest["modules"]


def test_every_policy_quote_is_in_the_policy(real_course: Course, policy: PolicyText) -> None:
    quotes: list[tuple[str, str]] = []
    for module in real_course.modules:
        for n, page in enumerate(module.pages, start=1):
            quotes += [(f"modules/{module.id}.yaml page {n}", q.text) for q in page.quotes]
    for quiz in real_course.quizzes:
        quotes += [(f"quizzes/{quiz.module}.yaml {q.id}", q.quote)
                   for q in quiz.questions if q.quote]
    quotes += [(f"glossary {t.id}", t.definition) for t in real_course.glossary if t.definition]
    assert quotes, "no policy quotes at all"
    missing = [f"{where}: {text}" for where, text in quotes if not policy.contains(text)]
    assert missing == []


# --- vision, focus areas, umbrella policies --------------------------------------------


@pytest.mark.parametrize("statement", VISION_STATEMENTS)
def test_vision_quotes_statement(real_course: Course, policy: PolicyText, statement: str) -> None:
    assert policy.contains(statement), "test data: not in the policy"
    module = module_or_fail(real_course, "vision")
    assert quoted(statement, page_quotes(module)), f"module vision does not quote: {statement}"


@pytest.mark.parametrize(
    "module_id, statement",
    [(m, s) for m, (_, statements) in FOCUS_AREAS.items() for s in statements],
)
def test_focus_module_quotes_its_statement(
    real_course: Course, policy: PolicyText, module_id: str, statement: str
) -> None:
    assert policy.contains(statement), "test data: not in the policy"
    module = module_or_fail(real_course, module_id)
    assert quoted(statement, page_quotes(module)), (
        f"module {module_id} does not quote: {statement}"
    )


@pytest.mark.parametrize("keyword", ["FORDI", "DERFOR"])
@pytest.mark.parametrize("module_id", list(FOCUS_AREAS))
def test_focus_module_quotes_fordi_and_derfor(
    real_course: Course, policy: PolicyText, module_id: str, keyword: str
) -> None:
    """Some page quote is part of the section's FORDI (DERFOR) paragraph, or holds all of it."""
    paragraph = fold(focus_paragraph(policy, module_id, keyword))
    module = module_or_fail(real_course, module_id)
    hits = [
        q for q in page_quotes(module)
        if len(q.split()) >= 5 and (folded(q) in paragraph or paragraph in folded(q))
    ]
    assert hits, (
        f"module {module_id} quotes no sentence of its {keyword} paragraph: "
        f"{focus_paragraph(policy, module_id, keyword)}"
    )


@pytest.mark.parametrize("name", UMBRELLA_POLICIES)
def test_vision_names_umbrella_policy(real_course: Course, policy: PolicyText, name: str) -> None:
    assert " ".join(name.split()) in " ".join(policy.text.split()), "test data: not in the policy"
    module = module_or_fail(real_course, "vision")
    texts = [module.title, module.summary, *module.key_points]
    for page in module.pages:
        texts += [page.title, page.body, *(q.text for q in page.quotes)]
    text = strip_markdown(" ".join(texts)).casefold()
    assert " ".join(name.split()).casefold() in text, f"module vision does not name {name}"


# --- "Hvordan kan jeg bidrage til fællesskabet?" ---------------------------------------


def test_role_points_are_the_policys() -> None:
    assert len(ROLE_POINTS) == 28 and len(ROLES) == 6


@pytest.mark.parametrize("role, point", ROLE_POINTS)
def test_bidrag_quotes_role_point(
    real_course: Course, policy: PolicyText, role: str, point: str
) -> None:
    assert policy.contains(point), "test data: not in the policy"
    module = module_or_fail(real_course, "bidrag")
    assert quoted(point, page_quotes(module)), (
        f"module bidrag does not quote ({role}): {point}"
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_bidrag_names_role(real_course: Course, role: str) -> None:
    module = module_or_fail(real_course, "bidrag")
    text = " ".join(strip_markdown(f"{page.title} {page.body}") for page in module.pages)
    assert re.search(rf"(?<!\w){re.escape(role)}(?!\w)", text, re.IGNORECASE), (
        f"module bidrag names the role «{role}» in no page title or body"
    )


# --- the "Hvad betyder …?" boxes --------------------------------------------------------


@pytest.mark.parametrize("term_id", list(BOXES))
def test_glossary_defines_box(real_course: Course, policy: PolicyText, term_id: str) -> None:
    section, box = BOXES[term_id]
    assert policy.contains(box), "test data: not in the policy"
    terms = {t.id: t for t in real_course.glossary}
    assert term_id in terms, f"the glossary has no term «{term_id}»"
    term = terms[term_id]
    assert term.definition, f"term «{term_id}» has no definition (the box's text)"
    assert term.source == section, f"term «{term_id}»: source is {term.source}, not {section}"
    assert folded(term.definition) in fold(box), (
        f"term «{term_id}»: the definition is not the box's text (or a part of it)"
    )
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", box) if s]
    assert any(fold(s) in folded(term.definition) for s in sentences), (
        f"term «{term_id}»: the definition holds no full sentence of the box"
    )


# --- glossary ---------------------------------------------------------------------------


@pytest.mark.parametrize("term_id", GLOSSARY_TERMS)
def test_glossary_has_term(real_course: Course, term_id: str) -> None:
    ids = {t.id for t in real_course.glossary}
    assert term_id in ids, f"the glossary has no term «{term_id}»"


def test_every_term_is_explained(real_course: Course) -> None:
    problems = [
        f"{t.id}: {what}"
        for t in real_course.glossary
        for what, ok in (
            ("no explanation", bool(t.explanation.strip())),
            ("no example", bool(t.example.strip())),
            ("no related term", len(t.related) >= 1),
        )
        if not ok
    ]
    assert problems == []


# --- size: modules and questions --------------------------------------------------------


def test_module_page_counts(real_course: Course) -> None:
    """Each track is shown 2–5 pages of a module, not counting one optional deepening
    page beyond that (e.g. bidrag's second page for employees); at least one is core."""
    wrong = {}
    for track in real_course.tracks:
        for m in real_course.modules_for(track.id):
            shown, core = m.page_indices(track.id), m.core_page_indices(track.id)
            extra = len(shown) - MAX_PAGES
            if (not MIN_PAGES <= len(shown) <= MAX_PAGES + 1 or not core
                    or (extra > 0 and len(m.optional_page_indices(track.id)) < extra)):
                wrong[(track.id, m.id)] = len(shown)
    assert wrong == {}, f"modules need {MIN_PAGES}–{MAX_PAGES} pages per track"


def test_each_module_has_a_quiz_with_enough_questions(real_course: Course) -> None:
    counts = {m.id: len(q.questions) if (q := real_course.quiz(m.id)) else 0
              for m in real_course.modules}
    short = {m: n for m, n in counts.items() if n < MIN_QUESTIONS_PER_MODULE}
    assert short == {}, f"each module's quiz needs ≥ {MIN_QUESTIONS_PER_MODULE} questions"


def test_question_total(real_course: Course) -> None:
    total = sum(len(q.questions) for q in real_course.quizzes)
    assert total >= MIN_QUESTIONS, f"{total} questions; the course needs ≥ {MIN_QUESTIONS}"


def test_question_types(real_course: Course) -> None:
    types = {q.type for quiz in real_course.quizzes for q in quiz.questions}
    assert len(types) >= MIN_QUESTION_TYPES, f"only {sorted(types)} are used"


def test_every_question_has_explanation_and_source(real_course: Course) -> None:
    section_ids = {s.id for s in real_course.sections}
    bad = [
        q.id for quiz in real_course.quizzes for q in quiz.questions
        if not q.explanation.strip() or q.source not in section_ids
    ]
    assert bad == []


# --- size and shape: scenarios ----------------------------------------------------------


def decisions_to_nearest_ending(scenario: Scenario) -> int | None:
    """The fewest decision points any path from start passes before an ending (BFS)."""
    by_id = {n.id: n for n in scenario.nodes}
    depth = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        node = by_id[queue.popleft()]
        if node.is_ending:
            return depth[node.id]
        for choice in node.choices:
            if choice.next not in depth:
                depth[choice.next] = depth[node.id] + 1
                queue.append(choice.next)
    return None


def test_scenario_count(real_course: Course) -> None:
    n = len(all_scenarios(real_course))
    assert n >= MIN_SCENARIOS, f"{n} scenarios; the course needs ≥ {MIN_SCENARIOS}"


@pytest.mark.parametrize("scenario_id", REQUIRED_SCENARIOS)
def test_required_scenario_exists(real_course: Course, scenario_id: str) -> None:
    ids = [s.id for s in all_scenarios(real_course)]
    assert scenario_id in ids, f"scenario «{scenario_id}» is missing (there are: {ids})"


@pytest.mark.parametrize("track_id, minimum", SCENARIO_AUDIENCES)
def test_scenarios_per_audience(real_course: Course, track_id: str, minimum: int) -> None:
    tagged = [s.id for s in all_scenarios(real_course) if track_id in s.tracks]
    assert len(tagged) >= minimum, f"track {track_id} has {len(tagged)} scenarios: {tagged}"


def test_scenarios_have_enough_decisions(real_course: Course) -> None:
    """Each scenario has ≥ MIN_DECISIONS decision points, a path to an ending that passes
    that many, and no ending reached before the learner has made two choices.

    (A weaker choice may end the story early: after two decisions, not one.)
    """
    scenarios = all_scenarios(real_course)
    assert scenarios, "no scenarios yet"
    problems = {}
    for s in scenarios:
        decision_nodes = sum(1 for n in s.nodes if n.choices)
        longest = max(len(path) for path in all_paths(s))
        nearest = decisions_to_nearest_ending(s)
        if decision_nodes < MIN_DECISIONS or longest < MIN_DECISIONS or not nearest or nearest < 2:
            problems[s.id] = (decision_nodes, longest, nearest)
    assert problems == {}, "(decision nodes, longest path, shortest path) per scenario"


def test_scenarios_have_distinct_endings(real_course: Course) -> None:
    scenarios = all_scenarios(real_course)
    assert scenarios, "no scenarios yet"
    few = {s.id: sorted({e.ending for e in s.endings}) for s in scenarios}
    few = {sid: endings for sid, endings in few.items()
           if len({e.casefold() for e in endings}) < MIN_ENDINGS}
    assert few == {}, f"scenarios need ≥ {MIN_ENDINGS} distinct endings"


def test_every_choice_has_feedback_and_effect(real_course: Course) -> None:
    scenarios = all_scenarios(real_course)
    assert scenarios, "no scenarios yet"
    bad = [
        f"{s.id} › {node.id} › choice {k}"
        for s in scenarios for node in s.nodes
        for k, choice in enumerate(node.choices, start=1)
        if not choice.feedback.strip() or not choice.effects
    ]
    assert bad == []


# --- tracks -----------------------------------------------------------------------------


def track_or_fail(course: Course, track_id: str):
    ids = [t.id for t in course.tracks]
    assert track_id in ids, f"track «{track_id}» is missing (tracks: {ids})"
    return course.track(track_id)


def test_track_medarbejder(real_course: Course) -> None:
    track = track_or_fail(real_course, "medarbejder")
    assert set(track.modules) == {m.id for m in real_course.modules}
    assert track.pass_mark == 75  # 3 of 4 questions (draw 4), as 7 of 8 passed before


def test_track_skole(real_course: Course) -> None:
    track = track_or_fail(real_course, "skole")
    assert track.pass_mark == 60
    assert len(set(track.modules)) < len(real_course.modules)


def test_track_frivillig(real_course: Course) -> None:
    track_or_fail(real_course, "frivillig")


def test_every_track_has_certificate_title(real_course: Course) -> None:
    assert [t.id for t in real_course.tracks if not t.certificate_title.strip()] == []
