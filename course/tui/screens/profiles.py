"""The first screen: who is learning? Pick a learner or make a new one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from progress import Learner

from ..text import visible
from ..widgets.footer import CourseFooter

NAME_WIDTH = 24


class ProfileScreen(Screen[None]):
    """A list of the learners on this machine, and a way to add one."""

    BINDINGS = [
        Binding("n", "new", "Ny deltager", tooltip="Opret en ny deltager", id="new"),
        Binding("enter", "choose", "Vælg", tooltip="Fortsæt som den valgte deltager", id="choose"),
        Binding("l", "teacher", "Lærer/HR",
                tooltip="Oversigt over alle deltagere (kræver adgangsfrasen)", id="teacher"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles"):
            yield Static("Velkommen til kurset i Ishøj Kommunes medborgerpolitik.", id="welcome")
            yield Static("Vælg dit navn med piletasterne og tryk Enter, eller tryk N for at "
                         "oprette dig som ny deltager.", id="profiles-hint", classes="hint")
            yield Static(self._row("Navn", "Forløb", "Fremskridt"), id="learners-heading")
            yield OptionList(id="learners")
            yield Static("Der er ingen deltagere endnu. Tryk N for at oprette dig.", id="empty")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_learners()

    def refresh_learners(self) -> None:
        try:
            learners = self.app.store.learners()
        except OSError as exc:  # the store copes with most; say so if it could not
            from course.files import danish_reason

            self.notify(f"Listen over deltagere kan ikke læses ({danish_reason(exc)}). Bed den "
                        "kursusansvarlige om hjælp.", severity="error", timeout=20, markup=False)
            learners = []
        self.app.show_notices()
        self._learners = {learner.id: learner for learner in learners}
        table = self.query_one("#learners", OptionList)
        table.clear_options()
        table.add_options(
            Option(self._learner_row(learner, "…"), id=learner.id) for learner in learners
        )
        table.border_subtitle = f"{len(learners)} deltagere" if len(learners) > 1 else ""
        table.display = self.query_one("#learners-heading").display = bool(learners)
        self.query_one("#empty").display = not learners
        if learners:
            table.highlighted = 0
            table.focus()
        # After the first paint: reading every learner's file must not delay the list.
        self.call_after_refresh(self._load_progress, learners)

    @staticmethod
    def _row(name: str, track: str, progress: str) -> Content:
        """One line of the table: the name as typed (control codes made visible), cut to fit."""
        name = visible(name)
        if len(name) > NAME_WIDTH:
            name = name[: NAME_WIDTH - 1] + "…"
        return Content.assemble((f"{name:<{NAME_WIDTH}}", "bold"), "  ", f"{progress:>10}", "  ", track)

    def _learner_row(self, learner: Learner, progress: str) -> Content:
        return self._row(learner.name, self._track_title(learner.track), progress)

    def _track_title(self, track_id: str) -> str:
        try:
            return self.app.course.track(track_id).title
        except KeyError:
            return f"{track_id} (findes ikke længere)"

    @work(thread=True, exclusive=True, group="progress")
    def _load_progress(self, learners: list[Learner]) -> None:
        """Each learner's progress, read from their own file off the UI thread."""
        from course.engine.numbers import percent
        from course.engine.progress import track_progress

        self.app.store.remove_stale_temp_files()
        course = self.app.course
        texts: dict[str, str] = {}
        # Summaries, not whole records: about 1 KB a learner (see progress.summary).
        for learner, summary, _problem in self.app.store.summaries(learners):
            if summary is None:
                texts[learner.id] = "kan ikke læses"
                continue
            try:
                progress = track_progress(course, learner.track, summary)
            except KeyError:
                texts[learner.id] = "–"
                continue
            texts[learner.id] = percent(progress.fraction * 100)
        self.app.call_from_thread(self._set_progress, texts)

    def _set_progress(self, texts: dict[str, str]) -> None:
        """Fill in every row at once: one screen update, not one per learner."""
        table = self.query_one("#learners", OptionList)
        for learner_id, text in texts.items():
            learner = self._learners.get(learner_id)
            try:
                index = table.get_option_index(learner_id)
            except OptionDoesNotExist:  # the list was refreshed meanwhile
                continue
            table.replace_option_prompt_at_index(index, self._learner_row(learner, text))

    def action_choose(self) -> None:
        table = self.query_one("#learners", OptionList)
        if table.highlighted is None:
            self.action_new()
            return
        self._sign_in(self._learners[table.get_option_at_index(table.highlighted).id])

    @on(OptionList.OptionSelected, "#learners")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._sign_in(self._learners[event.option.id])

    def _sign_in(self, learner: Learner) -> None:
        if learner.track not in {t.id for t in self.app.course.tracks}:
            self.notify("Dette forløb findes ikke længere i kurset. Opret en ny deltager.",
                        severity="error", markup=False)
            return
        from .signin import open_record, unlock_learner

        record = open_record(self, learner)  # opened and checked once, then reused
        if record is not None:
            unlock_learner(self, learner, record, lambda: self.app.sign_in(learner, record))

    def action_teacher(self) -> None:
        from .signin import teacher_login
        from .teacher import TeacherScreen

        teacher_login(self, lambda account: self.app.push_screen(TeacherScreen(account)))

    def action_new(self) -> None:
        from .new_learner import NewLearnerScreen

        def created(learner: Learner | None) -> None:
            if learner is not None:
                self.refresh_learners()
                self.app.sign_in(learner)

        self.app.push_screen(NewLearnerScreen(), created)
