"""The certificate as a one-page A4 PDF, for printing and for HR's files.

Drawn with fpdf2 from a signed certificate document (see :mod:`.credential`): everything
on the page comes from the document, so the PDF says exactly what the signed JSON says,
plus the verification code, the key's fingerprint and, when the installation has a
public URL, a QR code to ``<public URL>/bevis?kode=<code>``.

Fonts, so that every name prints right (``fonts/``, licences beside them):

- DejaVu Sans (Latin, Greek, Cyrillic and more), regular and bold;
- Noto Sans Arabic, Devanagari and Tamil, bold only (names are printed in bold; 570 KB
  together), as fallbacks, added to a PDF only when its name needs them;
- CJK (Chinese, Japanese, Korean): no font is bundled (a Noto Sans CJK font is 19 MB).
  The PDF uses one found on the machine: ``$MEDBORGER_CJK_FONT``, Noto Sans CJK or
  WenQuanYi on Linux (Debian: ``apt-get install fonts-noto-cjk``), Microsoft YaHei /
  Yu Gothic / Malgun Gothic on Windows, Hiragino on macOS. Without one the name is
  printed as far as the fonts reach and the page says the full name is in the JSON file.

The signed JSON is embedded in the PDF as an attached file (an associated file in the
PDF/A-3 sense, relationship Source), so the PDF alone can be verified
(:func:`attached_certificate` reads it back; ``certificate verify FIL.pdf`` and /bevis
accept the PDF).

Text is shaped with HarfBuzz (``uharfbuzz``, fpdf2's ``set_text_shaping``), so Arabic
letters join and run right to left and Devanagari and Tamil conjuncts form. Only the
glyphs used are embedded: a certificate PDF is 30–60 KB.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from course.files import atomic_write_bytes

from .credential import danish_date, policy_version, summary
from .keys import fingerprint, public_key_from_did

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
FALLBACKS = (  # family, file: bundled, bold only
    ("NotoArabic", "NotoSansArabic-Bold.ttf"),
    ("NotoDevanagari", "NotoSansDevanagari-Bold.ttf"),
    ("NotoTamil", "NotoSansTamil-Bold.ttf"),
)
CJK_FONT_ENV = "MEDBORGER_CJK_FONT"
CJK_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyhbd.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/YuGothB.ttc",
    "C:/Windows/Fonts/malgunbd.ttf",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
)
QR_SIZE = 30.0  # mm
PAGE_WIDTH = 210.0  # A4, mm
PAGE_HEIGHT = 297.0
MARGIN = 20.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 64.0
FOOTER_TOP = PAGE_HEIGHT - 80  # the verification block starts here
INK = (33, 37, 41)
ACCENT = (0, 84, 122)
MUTED = (95, 99, 104)


def _lines(pdf: Any, width: float, height: float, text: str) -> list[str]:
    lines: list[str] = pdf.multi_cell(width, height, text, dry_run=True, output="LINES")
    return lines


def _fitted(pdf: Any, text: str, style: str, sizes: range, width: float,
            max_lines: int) -> tuple[float, list[str]]:
    """The largest font size at which ``text`` fits in ``max_lines`` lines; at the
    smallest size, the lines it needs cut to ``max_lines`` (the last one ends in …)."""
    for size in sizes:
        pdf.set_font(FONT, style, size)
        lines = _lines(pdf, width, size * 0.5, text)
        if len(lines) <= max_lines:
            return size, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and pdf.get_string_width(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return size, lines


def _visible(text: str) -> str:
    """``text`` without control and formatting characters (escape codes, bidi overrides)."""
    import unicodedata

    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))


def _clip(pdf: Any, text: str, width: float) -> str:
    """``text`` shortened with … to fit on one line of ``width`` in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _cjk_font() -> Path | None:
    """A CJK font on this machine (see the module docstring), or None."""
    import os

    wanted = os.environ.get(CJK_FONT_ENV)
    if wanted and Path(wanted).is_file():
        return Path(wanted)
    for candidate in CJK_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    import shutil
    import subprocess

    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", "sans:lang=zh-cn"],
                                   capture_output=True, text=True, timeout=3).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file() and Path(found).suffix.lower() in (".ttf", ".ttc", ".otf"):
            return Path(found)
    return None


def _covered(pdf: Any, family_keys: list[str], char: str) -> bool:
    return any(ord(char) in pdf.fonts[key].cmap for key in family_keys if key in pdf.fonts)


def _add_fonts_for(pdf: Any, text: str) -> list[str]:
    """Add the fallback fonts ``text`` needs; returns the characters no font has."""
    main = [FONT.lower() + "B", FONT.lower()]
    needed = {c for c in text if not c.isspace() and not _covered(pdf, main, c)}
    if not needed:
        return []
    families = []
    for family, file in FALLBACKS:
        pdf.add_font(family, "B", FONT_DIR / file)
        families.append(family)
    keys = main + [f.lower() + "B" for f in families]
    needed = {c for c in needed if not _covered(pdf, keys, c)}
    if needed and (cjk := _cjk_font()) is not None:
        try:
            pdf.add_font("CJK", "B", cjk, collection_font_number=0)
            families.append("CJK")
            keys.append("cjkB")
        except Exception:  # a font fpdf2 cannot read: go on without it
            pass
        needed = {c for c in needed if not _covered(pdf, keys, c)}
    pdf.set_fallback_fonts(families, exact_match=False)
    return sorted(needed)


def _qr(pdf: Any, url: str, x: float, y: float, size: float) -> None:
    """A QR code for ``url``, drawn as vector squares (crisp at any print size)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    matrix = code.matrix
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        column = 0
        while column < len(line):
            if line[column]:
                start = column
                while column < len(line) and line[column]:
                    column += 1
                pdf.rect(x + start * cell, y + row * cell, (column - start) * cell, cell, style="F")
            else:
                column += 1


def render(doc: Mapping[str, Any], json_name: str | None = None,
           verify_url: str | None = None) -> bytes:
    """One A4 page for a certificate document; ``json_name`` is the file to verify,
    ``verify_url`` the /bevis address for the QR code (none without it)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    info = summary(doc)
    subject = doc["credentialSubject"]
    track = subject["track"]
    issuer = doc.get("issuer", {})
    try:
        key_print = fingerprint(public_key_from_did(issuer.get("id")))
    except (KeyError, TypeError, ValueError):
        key_print = "?"
    # a date is never split over two lines
    day = danish_date(info["date"]).replace(" ", "\u00a0") if info["date"] else ""
    until = danish_date(info["valid_until"]).replace(" ", "\u00a0") if info["valid_until"] else None

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    name = _visible(str(info["name"]))
    missing = _add_fonts_for(pdf, name)
    pdf.set_text_shaping(True)
    pdf.set_lang("da")
    pdf.set_title(f"{doc.get('name', '')} – {info['name']}")
    pdf.set_author(str(issuer.get("name", "")))
    pdf.set_subject(f"Kursusbevis {info['id']}")
    pdf.set_creator("Medborgerskab i Ishøj")
    created = _created(doc)
    if created is not None:
        pdf.set_creation_date(created)
    pdf.add_page()

    def line(text: str, size: float, style: str = "", color: tuple[int, int, int] = INK,
             gap: float = 0.0, align: str = "C") -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(TEXT_WIDTH, size * 0.5, text, align=align,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    # frame
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, PAGE_WIDTH - 20, PAGE_HEIGHT - 20)
    pdf.set_line_width(0.2)
    pdf.rect(12, 12, PAGE_WIDTH - 24, PAGE_HEIGHT - 24)

    pdf.set_y(22)
    line(str(issuer.get("name", "")), 10, color=MUTED, gap=6)
    line("KURSUSBEVIS", 12, "B", ACCENT, gap=3)
    size, lines = _fitted(pdf, str(doc.get("name", "")), "B", range(22, 13, -1), TEXT_WIDTH, 3)
    line("\n".join(lines), size, "B", ACCENT, gap=8)

    line("Dette bekræfter, at", 12, gap=4)
    size, lines = _fitted(pdf, name, "B", range(26, 9, -1), TEXT_WIDTH, 2)
    line("\n".join(lines), size, "B", gap=2)
    if missing:
        line("(Skriften har ikke alle tegn i navnet. Det fulde navn står i JSON-filen.)",
             8.5, color=MUTED)
    pdf.ln(2)
    achievement = subject.get("achievement", {})
    line(
        f"har gennemført forløbet »{track.get('title', '')}« i kurset "
        f"»{subject.get('course', '')}« om »{achievement.get('name', '')}« den {day}.",
        12, gap=3,
    )
    line(f"Hver quiz er bestået med mindst {track.get('passMark', '?')} %, og forløbets "
         "scenarier er spillet til ende.", 10, color=MUTED, gap=6)

    # modules and scores
    widths = (12.0, TEXT_WIDTH - 12.0 - 34.0 - 30.0, 34.0, 30.0)
    row_height = 7.0
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*INK)
    pdf.set_fill_color(230, 239, 244)
    for width, text, align in zip(widths, ("Nr.", "Modul", "Bedste quiz", "Scenarier"),
                                  ("C", "L", "R", "R"), strict=True):
        pdf.cell(width, row_height, text, border="B", align=align, fill=True)
    pdf.ln(row_height)
    modules = list(subject.get("modules", []))
    # rows share the room above the footer: many modules or a long name never push the
    # page over one sheet
    room = FOOTER_TOP - 4 - pdf.get_y()
    row_height = max(2.5, min(7.0, room / max(len(modules), 1)))
    pdf.set_font(FONT, "", min(9.5, row_height * 1.35))
    for number, module in enumerate(modules, start=1):
        score = module.get("bestScore")
        total = module.get("scenariosTotal") or 0
        cells = (
            str(number),
            _clip(pdf, str(module.get("title", "")), widths[1] - 2),
            "–" if score is None else f"{score} %",
            "–" if not total else f"{module.get('scenariosCompleted', 0)} af {total}",
        )
        for width, text, align in zip(widths, cells, ("C", "L", "R", "R"), strict=True):
            pdf.cell(width, row_height, text, border="B", align=align)
        pdf.ln(row_height)

    # how to check it, at the foot of the page; the QR code on the right
    text_width = TEXT_WIDTH - (QR_SIZE + 4 if verify_url else 0)
    if verify_url:
        _qr(pdf, verify_url, MARGIN + TEXT_WIDTH - QR_SIZE, FOOTER_TOP + 1, QR_SIZE)
    pdf.set_y(FOOTER_TOP)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*ACCENT)
    pdf.cell(text_width, 6, "Bekræftelseskode: " + str(info["code"] or ""), align="L",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    policy = info["policy"] or {}
    rows = [
        ("Kursusbevisets id", str(info["id"])),
        ("Udstedt", f"{day} ({doc.get('validFrom', '')})"),
        ("Gyldigt til", until or "udløber ikke"),
        ("Politikkens version", policy_version(policy) if policy else "?"),
        ("Udstederens nøgle (fingeraftryk)", key_print),
    ]
    for label, value in rows:
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_text_color(*INK)
        pdf.cell(LABEL_WIDTH, 4.6, label + ":")
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(text_width - LABEL_WIDTH, 4.6, _clip(pdf, value, text_width - LABEL_WIDTH),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)

    def small(text: str, style: str = "", color: tuple[int, int, int] = MUTED) -> None:
        pdf.set_font(FONT, style, 8.5)
        pdf.set_text_color(*color)
        pdf.multi_cell(TEXT_WIDTH, 4.0, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    verify_name = json_name or "<fil>.json"
    if verify_url:
        small(f"Sådan kontrolleres beviset: Scan QR-koden, eller åbn {verify_url}. Siden "
              "viser, om beviset er gyldigt, udløbet eller tilbagekaldt. Den underskrevne "
              f"udgave ligger inde i denne PDF og i JSON-filen {verify_name}; begge kan "
              "kontrolleres på siden eller med kommandoen:")
    else:
        small("Sådan kontrolleres beviset: Beviset er underskrevet digitalt. Den underskrevne "
              f"udgave ligger inde i denne PDF og i JSON-filen {verify_name}. Kør denne "
              "kommando (med PDF'en eller JSON-filen) på den computer, der "
              "udstedte beviset (andre steder: tilføj --public-key med udstederens offentlige "
              "nøgle):")
    pdf.ln(1)
    small(f"medborger certificate verify {verify_name}", "B", INK)
    pdf.ln(1)
    small("Svaret skal begynde med »Gyldigt«, og bekræftelseskoden skal være den samme som "
          "på dette papir. Nøglens fingeraftryk skal passe med den nøgle, kommunen har "
          "udleveret.")
    # the signed certificate itself, inside the PDF (PDF/A-3's "associated file"): the PDF
    # alone can be verified (certificate verify FIL.pdf, /bevis), and HR keeps one file
    from .credential import dumps

    pdf.embed_file(bytes=dumps(doc).encode("utf-8"), basename=attachment_name(json_name),
                   desc="Det underskrevne kursusbevis (W3C Verifiable Credential, JSON)",
                   mime_type="application/json", associated_file_relationship="Source",
                   modification_date=_created(doc))
    return bytes(pdf.output())


def attachment_name(json_name: str | None) -> str:
    """The file name of the signed JSON inside the PDF."""
    name = json_name or "kursusbevis.json"
    return name if name.endswith(".json") else name + ".json"


def _created(doc: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.strptime(str(doc.get("validFrom")), "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC)
    except ValueError:
        return None


NO_ATTACHMENT = ("PDF'en har ikke noget underskrevet kursusbevis indlejret (en udskrift eller "
                 "en PDF fra før 2027). Kontrollér JSON-filen, der hører til beviset.")
NOT_A_PDF = "Filen ligner en PDF, men kan ikke læses som en."
MAX_ATTACHMENT = 1_000_000  # the signed JSON is about 6 KB


def attached_certificate(raw: bytes) -> bytes:
    """The signed certificate (JSON bytes) embedded in a certificate PDF.

    Bounded work: pypdf reads the (size-limited) file; only embedded files whose name
    ends in .json are looked at, each inflated to at most MAX_ATTACHMENT bytes. Raises
    ValueError (Danish) when the PDF cannot be read or carries no certificate.
    """
    import io
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # no warnings on a person's terminal
    limit = 4 * MAX_ATTACHMENT  # pypdf's own defaults are 75 MB; this is for this call only
    try:
        with pypdf.apply_configuration(
                maximum_declared_stream_length=limit, zlib_maximum_output_length=limit,
                lzw_maximum_output_length=limit, run_length_maximum_output_length=limit,
                array_based_stream_maximum_output_length=limit,
                brotli_maximum_output_length=limit, jbig2_maximum_output_length=limit,
                array_maximum_element_count=10_000, dictionary_maximum_element_count=10_000):
            reader = pypdf.PdfReader(io.BytesIO(raw), root_object_recovery_limit=1000,
                                     xref_stream_maximum_entries=100_000)
            found = [(name, data) for name, items in reader.attachments.items()
                     if name.lower().endswith(".json") for data in items]
    except Exception:  # pypdf raises many kinds on a damaged or hostile file
        raise ValueError(NOT_A_PDF) from None
    if not found:
        raise ValueError(NO_ATTACHMENT)
    name, data = found[0]
    if len(data) > MAX_ATTACHMENT:
        raise ValueError(NO_ATTACHMENT)
    return bytes(data)


def write(doc: Mapping[str, Any], path: str | Path, json_name: str | None = None,
          verify_url: str | None = None) -> Path:
    """Render ``doc`` to ``path`` (atomically: a temporary file, then a rename).

    Raises :class:`course.files.FileProblem` (an OSError, Danish reason) when it cannot.
    """
    path = Path(path)
    atomic_write_bytes(path, render(doc, json_name, verify_url))
    return path
