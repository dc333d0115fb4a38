"""The Textual application: a thin shell around the course, the engine and the store.

Screens ask the app for the course and the current learner's record; they never parse
YAML or open TinyDB themselves.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.theme import Theme

from course.content.model import Course
from progress import EMPTY_FACTS, DamagedRecordError, Facts, Learner, Record, Store
from progress.guard import Guard
from progress.holds import HoldBook

from .screens.profiles import ProfileScreen

if TYPE_CHECKING:
    from textual.command import Provider


def _course_commands() -> type[Provider]:
    """The palette's glossary and module search, imported when the palette first opens."""
    from .commands import CourseCommands

    return CourseCommands


_frozen = False


def _freeze_startup_objects() -> None:
    """Move everything imported and loaded so far (Textual, the course) out of the
    garbage collector's sight, once per process: it lives as long as the app, and the
    many small objects the first screen makes then no longer set off collections that
    walk all of it. About 60 ms of a 360 ms start-up (bench/startup.py). Once only, so
    that a process making many apps (the tests) never freezes an earlier app's garbage.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


COURSE_THEME = Theme(
    name="ishoej",
    primary="#1f6fb2",
    secondary="#2f8f83",
    accent="#e0a526",
    warning="#e0a526",
    error="#c0392b",
    success="#3c9d5d",
    dark=True,
)


class CourseApp(App[None]):
    """Medborgerskab i Ishøj."""

    TITLE = "Medborgerskab i Ishøj"
    CSS_PATH = "app.tcss"
    COMMAND_PALETTE_DISPLAY = "^p"
    COMMANDS = App.COMMANDS | {_course_commands}
    BINDINGS = [
        Binding("f1", "help", "Hjælp", tooltip="Vis alle taster på denne skærm", id="help"),
        Binding("question_mark", "help", "Hjælp", show=False),
        Binding("o", "glossary", "Ordliste", tooltip="Slå et ord op i kursets ordliste",
                id="glossary"),
        Binding("ctrl+q", "quit", "Afslut", tooltip="Luk kurset. Dine fremskridt er gemt.",
                priority=True, id="quit"),
        Binding("ctrl+p", "command_palette", "Kommandoer", show=False, priority=True,
                tooltip="Søg efter en kommando"),
    ]

    def __init__(self, course: Course, store: Store, *, serve: bool = False,
                 client: str = "terminal") -> None:
        """``serve``: running in a browser (``medborger serve``): sign-in by hold code,
        name within the hold and a required PIN. ``client`` names the browser's address,
        for counting wrong hold codes per client."""
        _freeze_startup_objects()
        super().__init__()
        self.course = course
        self.store = store
        self.serve = serve
        self.client = client
        self.guard = Guard(store.root)
        self.holds = HoldBook(store.root)
        self.learner: Learner | None = None
        self.record: Record | None = None
        # Writes made just after the next frame (see save_soon): (record, write, what).
        self._pending: list[tuple[Record, Callable[[Record], None], str]] = []
        # Set before the first stylesheet parse: switching theme later re-parses all CSS.
        self.register_theme(COURSE_THEME)
        self.theme = COURSE_THEME.name

    def get_default_screen(self) -> Screen:
        """The first screen (no empty screen underneath it): in a terminal the learner
        list, in a browser the hold code."""
        if self.serve:
            from .screens.hold_signin import HoldCodeScreen

            return HoldCodeScreen()
        return ProfileScreen()

    # -- the current learner ---------------------------------------------------------

    def sign_in(self, learner: Learner, record: Record | None = None) -> None:
        from .screens.course_map import CourseMapScreen

        self.learner = learner
        self.record = record or self.store.record(learner)
        self.sub_title = learner.name
        self.push_screen(CourseMapScreen())

    def sign_out(self) -> None:
        self.flush_saves()
        self.learner = None
        self.record = None
        self.sub_title = ""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, ProfileScreen):
            self.screen.refresh_learners()
        elif hasattr(self.screen, "reset"):
            self.screen.reset()  # the hold code screen, empty for the next person

    def facts(self) -> Facts:
        """The current learner's record; a damaged or unreadable file is reported and
        reads as empty. Writes still waiting for their frame are made first."""
        self.flush_saves()
        try:
            return self.record.facts()
        except DamagedRecordError as error:
            self.report_damage(error)
            return EMPTY_FACTS
        except OSError as exc:
            self.report_unreadable(exc)
            return EMPTY_FACTS

    def save(self, write: Callable[[Record], None], what: str) -> None:
        """Run one write on the learner's record, telling the learner in Danish if it fails.

        A damaged file has been moved aside by the store and a fresh one started, so the
        write is tried once more on that. Writes still waiting (:meth:`save_soon`) are made
        first, so the record sees every write in the order it was asked for.
        """
        self.flush_saves()
        self._write(write, what)

    def save_soon(self, write: Callable[[Record], None], what: str) -> None:
        """Like :meth:`save`, but made just after the next frame is on screen.

        A key press then shows its result without waiting for the disk (a write with its
        fsyncs takes 3-10 ms, most of a 60 Hz frame). The write is still made before
        anything else reads or writes the record (:meth:`facts`, :meth:`save`), before
        a learner signs out, and before the app ends (:meth:`exit`, and on unmount for
        any other way out), so an answer the learner saw feedback on reaches the disk
        before the app can quit.
        """
        self._pending.append((self.record, write, what))
        if len(self._pending) == 1:
            self.screen.call_after_refresh(self.flush_saves)

    def flush_saves(self) -> None:
        """Make the writes :meth:`save_soon` left for after the frame, oldest first."""
        while self._pending:
            record, write, what = self._pending.pop(0)
            self._write(write, what, record)

    def _write(self, write: Callable[[Record], None], what: str,
               record: Record | None = None) -> None:
        from course.files import danish_reason

        record = record or self.record
        try:
            try:
                write(record)
            except DamagedRecordError as error:
                self.report_damage(error)
                write(record)
        except (DamagedRecordError, OSError) as exc:
            reason = exc.reason if isinstance(exc, DamagedRecordError) else danish_reason(exc)
            self.notify(f"{what} kunne ikke gemmes: {reason}", severity="error", markup=False)

    def report_damage(self, error: DamagedRecordError) -> None:
        """Tell the learner, in Danish, that their file was moved aside."""
        self.notify(error.message, title="Fremskridt kunne ikke læses", severity="error",
                    timeout=20, markup=False)

    def report_unreadable(self, exc: OSError) -> None:
        """Tell the learner, in Danish, that their file cannot be opened (nothing moved)."""
        from course.files import danish_reason

        self.notify(f"Din fil med fremskridt kan ikke åbnes ({danish_reason(exc)}). Den er "
                    "ikke ændret. Bed den kursusansvarlige om hjælp.",
                    title="Fremskridt kunne ikke læses", severity="error", timeout=20,
                    markup=False)

    def show_notices(self) -> None:
        from .text import visible

        for notice in self.store.notices:
            self.notify(visible(notice), title="Bemærk", severity="warning", timeout=20,
                        markup=False)
        self.store.notices.clear()

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the hints name them: »Mellemrum«, not Textual's »space«."""
        if not binding.key_display and binding.key.split(",")[0] == "space":
            return "Mellemrum"
        return super().get_key_display(binding)

    # -- the end ---------------------------------------------------------------------

    def exit(self, *args, **kwargs) -> None:
        """Quit (Ctrl+Q, "Afslut"): screens keep their unsent state (a quiz its ticked
        boxes and the feedback on show), then every write still waiting is made."""
        for screen in reversed(self.screen_stack):
            keep = getattr(screen, "keep_draft", None)
            if keep is not None:
                keep()
        self.flush_saves()
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        self.flush_saves()  # any other way out (the test harness, a closed browser tab)

    # -- actions ---------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's command palette, asking in Danish."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder="Søg efter kommandoer …"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_glossary(self, term_id: str | None = None) -> None:
        """Open the glossary (at ``term_id``), over whatever screen is showing."""
        from .screens.glossary import GlossaryScreen

        if isinstance(self.screen, GlossaryScreen):  # never a second copy on top
            if term_id is not None:
                self.screen.show_term(term_id)
            return
        self.push_screen(GlossaryScreen(term_id))

    # -- the terminal's size -----------------------------------------------------------

    def on_mount(self) -> None:
        self._check_size(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size) -> None:
        """Below 80x24, a Danish message in place of the course; gone when it fits."""
        from .screens.too_small import TooSmallScreen, too_small

        top = self.screen if self.screen_stack else None
        if too_small(size):
            if isinstance(top, TooSmallScreen):
                top.show_size(size)
            elif top is not None:
                self.push_screen(TooSmallScreen())
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen_stack and type(self.screen).__name__ == "TooSmallScreen":
            return action == "quit"  # the course waits until the window is large enough
        # the glossary already open: the key types into its search instead
        return not (action == "glossary" and self.screen.id == "glossary")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Hjælp", "Vis alle taster på denne skærm", self.action_help)
        if screen.id != "glossary":
            yield SystemCommand("Ordliste", "Slå et ord op i kursets ordliste",
                                self.action_glossary)
        if self.learner is not None:
            yield SystemCommand("Skift deltager", "Tilbage til listen over deltagere", self.sign_out)
        yield SystemCommand("Afslut", "Luk kurset. Dine fremskridt er gemt.", self.exit)
