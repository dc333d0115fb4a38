"""The course map: every module of the learner's track, its state, and "Fortsæt"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from course.engine.numbers import whole_percent
from course.engine.progress import ModuleState, track_progress
from course.engine.session import Target, describe_target, resume_target
from course.engine.wording import sentence
from progress import Facts, Position

from ..text import plain, visible
from ..widgets.footer import CourseFooter

# Colour only repeats what the icon and the word already say.
STATE_STYLE = {
    ModuleState.NOT_STARTED: "dim",
    ModuleState.IN_PROGRESS: "$text-warning",
    ModuleState.DONE: "$text-success",
}


class CourseMapScreen(Screen[None]):
    CSS_PATH = "course_map.tcss"
    BINDINGS = [
        Binding("f", "resume", "Fortsæt", tooltip="Gå derhen, hvor du slap", id="resume"),
        Binding("b", "certificate", "Bevis",
                tooltip="Se, hvad der mangler til dit kursusbevis, eller udsted det",
                id="certificate"),
        Binding("k", "flashcards", "Øv ord", tooltip="Øv ordlistens ord med kort",
                id="flashcards"),
        Binding("p", "pin", "PIN", tooltip="Sæt eller skift din pinkode", id="pin"),
        Binding("t", "track", "Forløb", tooltip="Skift til et andet forløb; du ser først, "
                "hvad du tager med", id="track"),
        Binding("s", "switch", "Log ud", tooltip="Tilbage til listen over deltagere",
                id="switch"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="map"):
            yield Static(id="greeting")
            # The share is in the summary, as a Danish number ("45 %", not Textual's "45%").
            yield ProgressBar(id="overall", show_eta=False, show_percentage=False)
            yield Static(id="summary", classes="hint")
            yield OptionList(id="modules")
            yield Static(id="module-left", classes="hint")
            yield Static(id="resume-hint", classes="hint")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_map()

    def on_screen_resume(self) -> None:
        self.refresh_map()

    def refresh_map(self) -> None:
        app = self.app
        learner, course = app.learner, app.course
        facts = app.facts()
        track = course.track(learner.track)
        progress = track_progress(course, track.id, facts)
        self._resume = self._resume_target(facts)

        self.query_one("#greeting", Static).update(
            Content.from_markup("Hej, [b]$name[/b]!  Forløb: $track", name=visible(learner.name),
                                track=track.title)
        )
        done_percent = whole_percent(progress.fraction * 100)
        self.query_one("#overall", ProgressBar).update(total=100, progress=done_percent)
        total = len(progress.modules)
        status = f"{done_percent} % · {progress.done} af {total} moduler færdige"
        left = sum(len(m.remaining()) for m in progress.modules)
        if progress.complete:
            status += " · ✔ Gennemført! Tryk B for dit kursusbevis."
        else:
            status += f" · Til kursusbeviset mangler {left} ting (B)"
        self.query_one("#summary", Static).update(status)
        self._progress = {m.module.id: m for m in progress.modules}

        modules = self.query_one("#modules", OptionList)
        highlighted = modules.highlighted
        modules.clear_options()
        width = len(max((s.label for s in ModuleState), key=len))
        for number, item in enumerate(progress.modules, start=1):
            state = item.state
            prompt = Content.assemble(
                (f"{state.icon} {state.label:<{width}}  ", STATE_STYLE[state]),
                f"{number:>2}. ",
                (visible(item.module.title), "bold"),
                (f"  {item.steps_done}/{item.steps_total} trin", "dim"),
            )
            modules.add_option(Option(prompt, id=item.module.id))
        resume_index = track.modules.index(self._resume.module)
        modules.highlighted = highlighted if highlighted is not None else resume_index
        modules.focus()

        target = Target(self._resume.module, self._resume.page, self._resume.activity,
                        self._resume.ref)
        where = describe_target(course, learner.track, target)
        verb = "fortsætte" if facts.position else "begynde"
        self.query_one("#resume-hint", Static).update(
            plain(f"Tryk F for at {verb}: {sentence(where)} Enter åbner det markerede modul.")
        )

    def _resume_target(self, facts: Facts) -> Position:
        """The last position if it still exists in the learner's track, else reading on
        (the engine's rule, which the plain mode follows too)."""
        target = resume_target(self.app.course, self.app.learner.track, facts)
        return Position(target.module, target.page, target.activity, target.ref)

    def _open_module(self, module_id: str) -> ModuleScreen:  # noqa: F821
        from .module import ModuleScreen

        screen = ModuleScreen(module_id)
        self.app.push_screen(screen)
        return screen

    def action_resume(self) -> None:
        target = self._resume
        screen = self._open_module(target.module)
        if target.activity == "quiz":
            screen.open("quiz")
        elif target.activity == "scenario":
            screen.open(f"scenario:{target.ref}")
        else:
            screen.open("lesson", target.page)

    @on(OptionList.OptionHighlighted, "#modules")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Under the list: what is left in the highlighted module."""
        item = self._progress.get(event.option.id)
        if item is None:
            return
        left = item.remaining()
        text = (f"Mangler i »{item.module.title}«: " + " · ".join(left) if left
                else f"»{item.module.title}« er færdig.")
        if item.deepening_total:
            text += (f" Fordybelse (valgfri, kræves ikke til beviset): {item.deepening_done} "
                     f"af {item.deepening_total} læst eller spillet.")
        self.query_one("#module-left", Static).update(plain(text))

    def action_certificate(self) -> None:
        from .certificate import CertificateScreen

        self.app.push_screen(CertificateScreen())

    @on(OptionList.OptionSelected, "#modules")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_module(event.option.id)

    def action_flashcards(self) -> None:
        from .flashcards import FlashcardScreen

        self.app.push_screen(FlashcardScreen())

    def action_pin(self) -> None:
        from .signin import change_pin

        change_pin(self)

    def action_track(self) -> None:
        """Change track: pick one, see what carries over, confirm."""
        from course.engine.progress import track_change

        from .confirm import ConfirmDialog
        from .track import TrackDialog

        app = self.app

        def chosen(track_id: str | None) -> None:
            if track_id is None:
                return
            learner, course = app.learner, app.course
            change = track_change(course, learner.track, track_id, app.facts())
            explanation = change.explanation(course.track(learner.track).title,
                                             course.track(track_id).title)
            app.push_screen(ConfirmDialog("Skift forløb?", explanation,
                                          yes_label="Skift forløb"),
                            lambda yes: self._change_track(track_id) if yes else None)

        app.push_screen(TrackDialog(), chosen)

    def _change_track(self, track_id: str) -> None:
        app = self.app
        app.flush_saves()
        try:
            learner = app.store.change_track(app.learner, track_id)
        except OSError as exc:
            from course.files import danish_reason

            app.notify(f"Forløbet kunne ikke skiftes: {danish_reason(exc)}", severity="error",
                       markup=False)
            return
        app.learner = learner
        app.record = app.store.record(learner)
        self.query_one("#modules", OptionList).highlighted = None  # the new track's list
        self.refresh_map()
        app.notify(f"Du følger nu forløbet »{app.course.track(track_id).title}«.",
                   markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "track":  # in a hold, the hold decides the track
            learner = self.app.learner
            return learner is not None and learner.hold is None
        return True

    def action_switch(self) -> None:
        self.app.sign_out()
