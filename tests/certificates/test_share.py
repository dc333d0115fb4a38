"""»Tilføj til LinkedIn«: the add-to-profile URL, built and escaped in one function."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from course.certificates.share import linkedin_for, linkedin_url


def test_the_url_has_every_field_escaped() -> None:
    url = linkedin_url(name="Medborgerskab i Ishøj – ny medarbejder & frivillig?",
                       organization="Ishøj Kommune", issued="2026-11-26",
                       code="ISH-7K2M-9QXD", expires="2029-11-26T09:30:00Z",
                       cert_url="https://kursus.ishoj.dk/bevis?kode=ISH-7K2M-9QXD")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com",
                                                        "/profile/add")
    assert " " not in url and "&frivillig" not in url and "ø" not in url
    assert "name=Medborgerskab%20i%20Ish%C3%B8j%20%E2%80%93%20ny%20medarbejder%20%26%20" \
           "frivillig%3F" in url
    assert parse_qsl(parts.query) == [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", "Medborgerskab i Ishøj – ny medarbejder & frivillig?"),
        ("organizationName", "Ishøj Kommune"),
        ("issueYear", "2026"), ("issueMonth", "11"),
        ("expirationYear", "2029"), ("expirationMonth", "11"),
        ("certUrl", "https://kursus.ishoj.dk/bevis?kode=ISH-7K2M-9QXD"),
        ("certId", "ISH-7K2M-9QXD"),
    ]


def test_for_an_issued_certificate(employee) -> None:
    doc = employee.doc
    assert linkedin_for(doc, None) is None  # no public URL: nothing to link to
    url = linkedin_for(doc, "https://kursus.ishoj.dk")
    query = dict(parse_qsl(urlsplit(url).query))
    assert query["name"] == doc["name"] and query["organizationName"] == "Ishøj Kommune"
    assert query["certId"] == employee.code
    assert query["certUrl"] == f"https://kursus.ishoj.dk/bevis?kode={employee.code}"
    assert query["issueYear"] == doc["credentialSubject"]["date"][:4]
    assert query["issueMonth"] == str(int(doc["credentialSubject"]["date"][5:7]))
    assert query["expirationYear"] == doc["validUntil"][:4]


async def test_bevis_offers_linkedin_with_a_public_url(issued, store) -> None:
    import html

    from tests.certificates.test_bevis import client_for

    client = await client_for(store.root)  # no public URL: no link
    try:
        page = await (await client.get(f"/bevis?kode={issued.code}")).text()
        assert "Gyldigt</h2>" in page and "LinkedIn" not in page
    finally:
        await client.close()
    client = await client_for(store.root, "https://kursus.ishoj.dk")
    try:
        page = await (await client.get(f"/bevis?kode={issued.code}")).text()
        expected = linkedin_for(issued.doc, "https://kursus.ishoj.dk")
        assert f'<a href="{html.escape(expected, quote=True)}"' in page
        assert ">Tilføj til LinkedIn</a>" in page
        page = await (await client.get("/bevis?kode=ISH-0000-0000")).text()
        assert "LinkedIn" not in page  # only for a valid certificate
    finally:
        await client.close()


async def test_the_certificate_page_offers_linkedin(course, store, issued,
                                                    monkeypatch) -> None:
    from course.tui.app import CourseApp
    from course.tui.screens.certificate import CertificateScreen

    monkeypatch.setenv("MEDBORGER_PUBLIC_URL", "https://kursus.ishoj.dk")
    opened: list[str] = []
    app = CourseApp(course, store)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.learner = store.find(issued.doc["credentialSubject"]["name"])
        app.record = store.record(app.learner)
        await app.push_screen(CertificateScreen())
        await pilot.pause()
        assert app.screen.check_action("linkedin", ()) is True
        await pilot.press("l")
        await pilot.pause()
    assert opened == [linkedin_for(issued.doc, "https://kursus.ishoj.dk")]
