"""Every name printed right: the PDF's text read back (pypdf) and its first page rendered
(pdftoppm, Debian's poppler-utils) for a name in each script.

The rendered pages are kept in ``$MEDBORGER_PDF_PNG_DIR`` when it is set, to look at.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from course.certificates import pdf as certificate_pdf
from course.certificates.pdf import FONT_DIR, _cjk_font

NAMES = {
    "latin": "Søren Ærø-Åberg",
    "greek": "Νικόλαος Παπαδόπουλος",
    "cyrillic": "Александра Иванова",
    "arabic": "محمد عبد الله",
    "devanagari": "अमित कुमार",
    "tamil": "கார்த்திக் ராஜா",
    "cjk": "王小明",
    "hangul": "김민준",
}
NEEDS_SYSTEM_FONT = {"cjk", "hangul"}


def squeeze(text: str) -> str:
    """Text without spaces and formatting marks, in NFC (PDF text extraction splits
    shaped clusters with spaces and control characters, and may decompose)."""
    return unicodedata.normalize("NFC", "".join(
        c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc")))


def render(issued, tmp_path: Path, name: str) -> Path:
    doc = copy.deepcopy(issued.doc)
    doc["credentialSubject"]["name"] = name  # the PDF is drawn from the document only
    return certificate_pdf.write(doc, tmp_path / "x.pdf",
                                 verify_url="https://kursus.example/bevis?kode=" + issued.code)


def ink_in_band(png: Path, top: float, bottom: float) -> int:
    """Dark pixels in a horizontal band (fractions of the page height) of a PNG."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    band = image.crop((0, int(top * height), width, int(bottom * height)))
    return sum(band.histogram()[:128])


@pytest.mark.parametrize("script", NAMES)
@pytest.mark.slow
def test_the_name_reads_back_from_the_pdf(issued, tmp_path: Path, script: str) -> None:
    from pypdf import PdfReader

    if script in NEEDS_SYSTEM_FONT and _cjk_font() is None:
        pytest.skip("no CJK font on this machine (Debian: apt-get install fonts-noto-cjk)")
    name = NAMES[script]
    path = render(issued, tmp_path, name)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert squeeze(name) in squeeze(text), text[:400]
    assert "Det fulde navn står i JSON-filen" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None,
                    reason="pdftoppm is missing (Debian: apt-get install poppler-utils)")
@pytest.mark.parametrize("script", NAMES)
@pytest.mark.slow
def test_the_first_page_renders_the_name(issued, tmp_path: Path, script: str) -> None:
    if script in NEEDS_SYSTEM_FONT and _cjk_font() is None:
        pytest.skip("no CJK font on this machine (Debian: apt-get install fonts-noto-cjk)")
    path = render(issued, tmp_path, NAMES[script])
    out = tmp_path / f"side-{script}"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1",
                    str(path), str(out)], check=True, timeout=60)
    png = out.with_suffix(".png")
    keep = os.environ.get("MEDBORGER_PDF_PNG_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
    # the name's line (about 27-33 % down the page) has ink; pdftoppm found every glyph
    assert ink_in_band(png, 0.26, 0.34) > 150


def test_arabic_is_shaped_not_isolated(issued, tmp_path: Path) -> None:
    """With HarfBuzz the PDF holds joined forms: fewer, connected glyphs in visual order
    are extracted as the logical string; without shaping pypdf reads isolated letters in
    reverse."""
    from pypdf import PdfReader

    text = PdfReader(render(issued, tmp_path, "محمد")).pages[0].extract_text()
    assert "محمد" in squeeze(text) and "دمحم" not in squeeze(text)




@pytest.mark.slow
def test_a_character_no_font_has_is_noted(issued, tmp_path: Path) -> None:
    from pypdf import PdfReader

    text = PdfReader(render(issued, tmp_path, "Ankh \U00013000")).pages[0].extract_text()
    assert "Det fulde navn står i JSON-filen." in text


def test_bundled_fonts_and_licences() -> None:
    sizes = {p.name: p.stat().st_size for p in FONT_DIR.glob("*.ttf")}
    assert set(sizes) == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoSansArabic-Bold.ttf",
                          "NotoSansDevanagari-Bold.ttf", "NotoSansTamil-Bold.ttf"}
    noto = sum(v for k, v in sizes.items() if k.startswith("Noto"))
    assert noto < 600_000  # the three Noto fonts together
    licence = (FONT_DIR / "LICENSE-Noto.txt").read_text("utf-8")
    assert "SIL Open Font License" in licence and "fonts-noto-core" in licence


def test_a_cjk_font_is_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    font = tmp_path / "my.ttf"
    font.write_bytes(b"x")
    monkeypatch.setenv("MEDBORGER_CJK_FONT", str(font))
    assert _cjk_font() == font
