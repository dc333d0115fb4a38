"""The PDF carries its proof: the signed JSON is embedded as an attached file, which any
PDF tool can take out (pdfdetach, from poppler-utils) and which certificate verify and
/bevis check when given the PDF itself."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from course.certificates import credential, pdf, service
from course.certificates.keys import installation_public_key
from course.cli import main
from progress import Store
from tests.certificates.test_bevis import client_for


@pytest.mark.skipif(shutil.which("pdfdetach") is None, reason="poppler-utils not installed")
def test_pdfdetach_takes_out_a_certificate_that_verifies(issued, store: Store,
                                                         tmp_path: Path) -> None:
    listed = subprocess.run(["pdfdetach", "-list", str(issued.pdf_path)], capture_output=True,
                            text=True, check=True, timeout=60).stdout
    assert f"1: {issued.json_path.name}" in listed
    out = tmp_path / "udpakket"
    out.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(issued.pdf_path)],
                   check=True, timeout=60)
    [extracted] = out.iterdir()
    assert json.loads(extracted.read_text("utf-8")) == issued.doc
    result = service.verify_file(extracted, data_dir=store.root)
    assert result.valid and result.code == issued.code


def test_verify_accepts_the_pdf(issued, store: Store,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(store.root), "certificate", "verify",
                 str(issued.pdf_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gyldigt: ") and issued.code in out
    assert "ligger inde i PDF'en" in out  # what was checked: the embedded JSON, not the paper


def test_a_pdf_with_a_changed_certificate_inside_is_invalid(issued, store: Store,
                                                            tmp_path: Path) -> None:
    changed = copy.deepcopy(issued.doc)
    changed["credentialSubject"]["name"] = "Mallory"
    path = tmp_path / "forfalsket.pdf"
    path.write_bytes(pdf.render(changed, "forfalsket.json"))
    result = service.verify_file(path, data_dir=store.root)
    assert result.state == credential.INVALID
    assert result.reasons == [credential.SIGNATURE_BROKEN]


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.7\n%%EOF", pdf.NOT_A_PDF),
    (b"%PDF-1.4\n" + b"0" * 500_000, pdf.NOT_A_PDF),
])
def test_a_pdf_without_a_certificate(store: Store, tmp_path: Path, issued, content: bytes,
                                     reason: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    assert service.verify_file(path, data_dir=store.root).reasons == [reason]


def test_a_pdf_with_no_attachment(store: Store, tmp_path: Path, issued) -> None:
    from fpdf import FPDF

    plain = FPDF()
    plain.add_page()
    path = tmp_path / "udskrift.pdf"
    path.write_bytes(bytes(plain.output()))
    assert service.verify_file(path, data_dir=store.root).reasons == [pdf.NO_ATTACHMENT]


async def test_bevis_accepts_the_pdf(issued, store: Store) -> None:
    import aiohttp

    installation_public_key(store.root)
    client = await client_for(store.root)
    try:
        form = aiohttp.FormData()
        form.add_field("fil", issued.pdf_path.read_bytes(), filename="bevis.pdf",
                       content_type="application/pdf")
        page = await (await client.post("/bevis", data=form)).text()
        assert "Gyldigt</h2>" in page and issued.code in page
        assert "ligger inde i PDF&#x27;en" in page or "ligger inde i PDF'en" in page
    finally:
        await client.close()
