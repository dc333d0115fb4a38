"""The /bevis page through aiohttp's test client: the form, a code, an uploaded file, each
answer (gyldigt, ugyldigt, udløbet, tilbagekaldt), the status list, and plain HTML."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from course.certificates import status
from course.certificates.service import issue, revoke
from course.content.model import Course
from course.web import bevis
from progress import Store
from tests.certificates.test_certificates import NAME, qualifying_learner

from .conftest import WHEN


async def client_for(data_dir: Path, public_url: str | None = None) -> TestClient:
    app = web.Application()
    bevis.add_routes(app, data_dir, public_url)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


def plain_html(page: str) -> None:
    """lang="da", no script, nothing from another host, labels for the inputs."""
    assert page.startswith("<!doctype html>") and '<html lang="da">' in page
    assert "<script" not in page.lower() and " on" not in re.sub(r"\s+", " ", page).lower()
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    for field in re.findall(r'<input id="([^"]+)"', page):
        assert f'<label for="{field}">' in page


async def test_the_form(store: Store) -> None:
    client = await client_for(store.root)
    try:
        response = await client.get("/bevis")
        page = await response.text()
        assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        plain_html(page)
        assert "<h1>Kontrollér et kursusbevis</h1>" in page
        assert 'name="kode"' in page and 'type="file"' in page
    finally:
        await client.close()




@pytest.mark.slow
async def test_a_valid_code(issued, store: Store) -> None:
    client = await client_for(store.root)
    try:
        response = await client.post("/bevis", data={"kode": issued.code.lower()})
        page = await response.text()
        plain_html(page)
        assert "✔</span> Gyldigt</h2>" in page
        assert f"<dd>{NAME}</dd>" in page
        assert f"<dd>{issued.doc['credentialSubject']['track']['title']}</dd>" in page
        assert "vedtaget" in page and "Politikkens version" in page
        assert f"<dd>{issued.code}</dd>" in page
        # both signatures are checked, and the page says so
        assert ("<dt>Signaturer</dt><dd>eddsa-jcs-2022 (JSON) passer, eddsa-rdfc-2022 "
                "(JSON-LD/RDF) passer</dd>") in page
        # the QR code's link: GET with ?kode= shows the same answer
        page = await (await client.get(f"/bevis?kode={issued.code}")).text()
        assert "Gyldigt</h2>" in page and NAME in page
    finally:
        await client.close()


async def test_an_uploaded_file(issued, store: Store) -> None:
    client = await client_for(store.root)
    try:
        form = aiohttp.FormData()
        form.add_field("fil", issued.json_path.read_bytes(), filename="bevis.json",
                       content_type="application/json")
        page = await (await client.post("/bevis", data=form)).text()
        assert "Gyldigt</h2>" in page and NAME in page
        changed = issued.json_path.read_text("utf-8").replace(NAME, "Mallory")
        form = aiohttp.FormData()
        form.add_field("fil", changed.encode("utf-8"), filename="bevis.json")
        page = await (await client.post("/bevis", data=form)).text()
        assert "✘</span> Ugyldigt</h2>" in page and "Signaturen passer ikke" in page
        assert "Mallory" not in page  # an invalid document's claims are not shown
    finally:
        await client.close()


async def test_revoked_and_expired(course: Course, store: Store, tmp_path: Path) -> None:
    learner = qualifying_learner(course, store, name="Åse Ørum", track="medarbejder")
    old = issue(course, store, learner, tmp_path, now=WHEN - timedelta(days=4 * 365))
    new = issue(course, store, learner, tmp_path, now=WHEN)
    revoke(store.root, new.code, "Udstedt ved en fejl")
    client = await client_for(store.root)
    try:
        page = await (await client.post("/bevis", data={"kode": old.code})).text()
        assert "⌛</span> Udløbet</h2>" in page and "Åse Ørum" in page
        page = await (await client.post("/bevis", data={"kode": new.code})).text()
        assert "⊘</span> Tilbagekaldt</h2>" in page and "Udstedt ved en fejl" in page
    finally:
        await client.close()


async def test_unknown_codes_and_nonsense(issued, store: Store) -> None:
    client = await client_for(store.root)
    try:
        page = await (await client.post("/bevis", data={"kode": "ISH-0000-0000"})).text()
        assert "Ugyldigt</h2>" in page and "Der er intet kursusbevis med denne kode." in page
        page = await (await client.post("/bevis", data={"kode": "<script>x</script>"})).text()
        assert "Ugyldigt</h2>" in page and "<script>" not in page
        response = await client.post("/bevis", data={"kode": ""})
        assert response.status == 400
        form = aiohttp.FormData()
        form.add_field("fil", b"[" * 5000 + b"]" * 5000, filename="deep.json")
        page = await (await client.post("/bevis", data=form)).text()
        assert "indlejret for dybt" in page
    finally:
        await client.close()


async def test_a_deleted_learner_s_code(issued, store: Store) -> None:
    store.delete_learner(store.find(NAME))
    client = await client_for(store.root)
    try:
        page = await (await client.post("/bevis", data={"kode": issued.code})).text()
        assert "Ugyldigt</h2>" in page and "deltageren er slettet" in page
        assert NAME not in page
    finally:
        await client.close()


async def test_no_key_yet(store: Store) -> None:
    client = await client_for(store.root)
    try:
        page = await (await client.post("/bevis", data={"kode": "ISH-0000-0000"})).text()
        assert "Ugyldigt</h2>" in page
    finally:
        await client.close()


async def test_the_status_list_is_published(issued, store: Store) -> None:
    client = await client_for(store.root)
    try:
        response = await client.get("/bevis/statusliste.json")
        assert response.status == 200
        assert await response.read() == status.list_path(store.root).read_bytes()
    finally:
        await client.close()


async def test_lookups_are_limited(issued, store: Store) -> None:
    client = await client_for(store.root)
    try:
        answers = [(await client.post("/bevis", data={"kode": "ISH-0000-0000"})).status
                   for _ in range(bevis.LOOKUPS_PER_MINUTE + 1)]
        assert answers[:-1] == [200] * bevis.LOOKUPS_PER_MINUTE and answers[-1] == 429
    finally:
        await client.close()


async def test_the_public_url_reaches_issued_certificates(monkeypatch: pytest.MonkeyPatch,
                                                          store: Store) -> None:
    from course.certificates.service import public_url

    client = await client_for(store.root, "https://kursus.example/")
    await client.close()
    assert public_url() == "https://kursus.example"
    with pytest.raises(ValueError):
        public_url("ftp://x")
