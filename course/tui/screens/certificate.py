"""The certificate: what is left to earn it, or "Du har gennemført …" and issuing it.

What the page shows is :func:`course.certificates.page.certificate_page` (the plain mode
and the web page render the same model); signing and writing the files is
:func:`course.certificates.service.issue`, the same the `medborger certificate issue`
command uses. The files go to ``<data dir>/kursusbeviser/``, and the screen shows where.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from course.certificates.page import (
    REISSUE_TITLE,
    CertificatePage,
    certificate_page,
    known_revocations,
)
from progress import DamagedRecordError

from ..text import plain, visible
from ..widgets.footer import CourseFooter

FOLDER = "kursusbeviser"


def checklist_lines(page: CertificatePage) -> list[Content]:
    """The checklist: ☑ and the detail for a module done, ☐ and the steps left for one
    that is not."""
    lines: list[Content] = []
    for line in page.checklist:
        if line.done:
            lines.append(Content.assemble(("☑ ", "$text-success"), visible(line.label),
                                          (f"  {line.detail()}", "dim")))
            continue
        lines.append(Content.assemble(("☐ ", "$text-warning"), (visible(line.label), "bold"),
                                      (f"  {line.detail()}", "dim")))
        lines += [Content.assemble("     – ", visible(step)) for step in line.steps]
    return lines


class CertificateScreen(Screen[None]):
    CSS_PATH = "certificate.tcss"
    BINDINGS = [
        Binding("u", "issue", "Udsted bevis", tooltip="Underskriv og gem dit kursusbevis",
                id="issue"),
        Binding("h", "download", "Hent PDF", tooltip="Hent dit nyeste kursusbevis som PDF "
                "i browseren", id="download"),
        Binding("l", "linkedin", "LinkedIn", tooltip="Tilføj kursusbeviset til din "
                "LinkedIn-profil (åbner LinkedIn i browseren)", id="linkedin"),
        Binding("escape", "leave", "Oversigt", tooltip="Tilbage til oversigten over moduler",
                id="leave"),
    ]

    issuing = False  # a certificate is being signed and written

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="certificate-heading", classes="heading")
        with VerticalScroll(id="certificate-body"):
            # While a certificate is being issued, and then its result: on the screen,
            # where it stays (not a toast over the paths).
            outcome = Static(id="issuing")
            outcome.display = False
            yield outcome
            yield Static(id="certificate-status")
            yield Static(id="checklist")
            yield Static(id="issued")
        yield CourseFooter()

    def on_mount(self) -> None:
        self.refresh_certificate()

    def refresh_certificate(self) -> None:
        """Build the page (:func:`course.certificates.page.certificate_page`) and show it."""
        app = self.app
        records = self._records()
        self.page: CertificatePage = certificate_page(
            app.course, app.learner.track, app.facts(), records, datetime.now(UTC),
            known_revocations(app.store.root))
        page = self.page
        self.query_one("#certificate-heading", Static).update(plain(page.title))
        if page.eligible:
            action = ("Med U kan du udstede et nyt med en ny kode." if page.current else
                      "Tryk U for at udstede dit kursusbevis.")
            text = f"{page.explanation()} {action}"
        else:
            text = page.explanation()
        self.query_one("#certificate-status", Static).update(Content.assemble(
            (f"{'✔ ' if page.eligible else ''}{visible(page.headline)}", "bold"), "\n",
            visible(text)))
        self.query_one("#checklist", Static).update(Content("\n").join(checklist_lines(page)))
        self._show_issued(page, records)
        self.refresh_bindings()

    def _records(self) -> list[dict]:
        """The certificates the learner's record lists ([] when it cannot be read: told)."""
        try:
            return self.app.record.certificates()
        except DamagedRecordError as error:
            self.app.report_damage(error)
        except OSError as exc:
            from course.files import danish_reason

            self.app.notify(f"Dine kursusbeviser kan ikke læses ({danish_reason(exc)}).",
                            severity="error", timeout=15, markup=False)
        return []

    def _show_issued(self, page: CertificatePage, records: list[dict]) -> None:
        """Every certificate issued for the track, with its code and files."""
        self._pdf = self._newest_pdf(page)  # found once here, not on every bindings check
        self._linkedin = self._linkedin_url([c for c in records if c.get("track") == page.track_id])
        if not page.issued:
            self.query_one("#issued", Static).update("")
            return
        parts = [f"{page.issued_heading}:"]
        for cert in page.issued:
            parts.append(f"• {cert.summary()}")
            if not self.app.serve:  # in a browser the server's paths mean nothing (H fetches)
                store = self.app.store
                parts.append(f"  PDF:  {store.shown_path(cert.pdf)}")
                parts.append(f"  JSON: {store.shown_path(cert.json)}")
        if not self.app.serve:
            parts.append(f"(i datamappen {self.app.store.root})")
        if self._linkedin:
            parts += ["", "»Tilføj til LinkedIn«: tryk L. LinkedIn åbner med beviset udfyldt "
                      "under »Licenser og certificeringer«; intet sendes, før du gemmer det "
                      "dér."]
        self.query_one("#issued", Static).update(Content("\n").join(plain(p) for p in parts))

    def action_issue(self) -> None:
        """Issue the certificate; when one for the track is still valid, ask first."""
        if self.issuing:
            return
        question = self.page.reissue_question
        if question is None:  # none yet, or only expired or revoked ones
            self._start_issuing()
            return
        from .confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(REISSUE_TITLE, question, yes_label="Udsted et nyt"),
            lambda yes: self._start_issuing() if yes else None)

    def _start_issuing(self) -> None:
        """Show that the certificate is on its way, then sign and write it off the UI
        thread (the key, the signature and the PDF take a second or two)."""
        self.issuing = True
        self.app.flush_saves()  # the record as the learner left it, before the worker reads it
        self._outcome(["⏳ Dit kursusbevis bliver udstedt … Det bliver underskrevet, og "
                       "PDF-filen bliver lavet. Det tager et par sekunder."], "issuing")
        self.refresh_bindings()
        self._issue()

    @work(thread=True, exclusive=True, group="issue")
    def _issue(self) -> None:
        from course.certificates.keys import KeyProblem
        from course.certificates.service import NotEligible, issue
        from course.certificates.status import StatusProblem

        app = self.app
        try:
            out_dir = app.store.path(FOLDER)  # a planted link out of the data folder is refused
            issued = issue(app.course, app.store, app.learner, out_dir)
        except NotEligible:
            app.call_from_thread(self._issue_failed, None)
        except DamagedRecordError as error:
            app.call_from_thread(self._issue_failed, error)
        except (KeyProblem, StatusProblem, ValueError, OSError) as exc:
            from course.files import danish_reason

            message = danish_reason(exc) if isinstance(exc, OSError) else str(exc)
            app.call_from_thread(self._issue_failed, message)
        else:
            app.call_from_thread(self._issued, issued, out_dir)

    def _issue_failed(self, problem: str | DamagedRecordError | None) -> None:
        self.issuing = False
        if isinstance(problem, DamagedRecordError):
            self.app.report_damage(problem)
            problem = None
        if problem is None:
            self._outcome([], None)
        else:
            self._outcome([f"✘ Kursusbeviset kunne ikke udstedes: {problem}"], "error")
        self.refresh_certificate()

    def _issued(self, issued, out_dir: Path) -> None:
        self.issuing = False
        self.refresh_certificate()  # the status and the list name the new certificate
        if self.app.serve:  # in a browser the files are on the server: hand over the PDF
            self.action_download()
            self._outcome([
                f"✔ Dit kursusbevis er udstedt. Bekræftelseskode: {issued.code}",
                "PDF-filen hentes i din browser (H henter den igen). Din lærer eller HR kan "
                "se beviset i deres oversigt."], "done")
        else:
            self._outcome([
                f"✔ Dit kursusbevis er udstedt. Bekræftelseskode: {issued.code}",
                "Send PDF-filen til HR eller din lærer: det underskrevne bevis ligger inde i "
                "den (og i JSON-filen), så PDF'en kan kontrolleres alene.",
                f"PDF:  {self.app.store.shown_path(str(issued.pdf_path))}",
                f"JSON: {self.app.store.shown_path(str(issued.json_path))}",
                f"(i datamappen {self.app.store.root})"], "done")
        self.refresh_bindings()

    def _outcome(self, lines: list[str], kind: str | None) -> None:
        """The issuing lines at the top of the page: on its way, done, or why not."""
        outcome = self.query_one("#issuing", Static)
        outcome.update(Content("\n").join(plain(line) for line in lines))
        outcome.set_classes(kind or "")
        outcome.display = bool(lines)
        self.query_one("#certificate-body", VerticalScroll).scroll_home(animate=False)

    def _newest_pdf(self, page: CertificatePage) -> Path | None:
        """The newest PDF among the track's certificates, if it is in the data folder."""
        with_pdf = [c for c in page.issued if c.pdf]
        if not with_pdf:
            return None
        path = self.app.store.stored_file(with_pdf[-1].pdf)
        return path if path is not None and path.is_file() else None

    @staticmethod
    def _linkedin_url(mine: list[dict]) -> str | None:
        """LinkedIn's add-to-profile link for the newest certificate, when the
        installation has a public URL (course.certificates.share)."""
        from course.certificates.service import public_url
        from course.certificates.share import linkedin_for

        docs = [c["document"] for c in sorted(mine, key=lambda c: c.get("issued") or "")
                if isinstance(c.get("document"), dict)]
        try:
            base = public_url()
        except ValueError:
            base = None
        return linkedin_for(docs[-1], base) if docs and base else None

    def action_linkedin(self) -> None:
        url = getattr(self, "_linkedin", None)
        if url:
            self.app.open_url(url)

    def action_download(self) -> None:
        """Give the learner in a browser their PDF (textual-serve's download)."""
        path = getattr(self, "_pdf", None)
        if path is None:
            self.app.notify("Der er intet kursusbevis at hente endnu.", markup=False)
            return
        self.app.deliver_binary(path, save_filename=path.name, mime_type="application/pdf")

    def action_leave(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "issue":
            page = getattr(self, "page", None)
            eligible = page is not None and page.eligible
            return True if eligible and not self.issuing else None
        if action == "download":
            return bool(self.app.serve) and getattr(self, "_pdf", None) is not None
        if action == "linkedin":
            return getattr(self, "_linkedin", None) is not None
        return True
