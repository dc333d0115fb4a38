"""The /bevis page: anyone can check a certificate (kursusbevis) in a browser.

    GET  /bevis                   the form: type the code from the paper, or upload the file
    GET  /bevis?kode=ISH-…        the answer for that code (where the PDF's QR code leads)
    POST /bevis                   the answer for a typed code or an uploaded file: the JSON,
                                  or the PDF (the signed JSON is embedded in it)
    GET  /bevis/statusliste.json  the signed status list (revocations), for other verifiers;
                                  later lists as statusliste-2.json, … (every list kept)

The answer is one of gyldigt, ugyldigt, udløbet and tilbagekaldt, with the name, the
track, the date, how long it is valid and the policy version. A code is looked up among
the certificates kept in the data folder; a file is checked as it is. Either way it is
checked with this installation's key and status list (:mod:`course.certificates.service`).

Plain, accessible HTML: ``lang="da"``, headings and labels, the state in words and an
icon (never colour alone), no JavaScript, no request to any other host (the style is
inline). Lookups are limited per browser address, so codes cannot be guessed in bulk,
and answers are never cached (they hold a name).
"""

from __future__ import annotations

import asyncio
import html
import os
import time
from collections import deque
from pathlib import Path
from typing import Any

from aiohttp import web

from course.certificates import credential, service, status
from course.certificates.credential import EXPIRED, INVALID, REVOKED, VALID, Verification
from course.certificates.keys import KeyProblem

from .security import client_address

TITLE = "Kontrollér et kursusbevis"
SITE = "Ishøj Kommune · Medborgerskab i Ishøj"
LOOKUPS_PER_MINUTE = 20

STATES = {  # state -> (icon, heading, css class)
    VALID: ("✔", "Gyldigt", "gyldigt"),
    INVALID: ("✘", "Ugyldigt", "ugyldigt"),
    EXPIRED: ("⌛", "Udløbet", "udloebet"),
    REVOKED: ("⊘", "Tilbagekaldt", "tilbagekaldt"),
}
EXPLAIN = {
    VALID: "Kursusbeviset er ægte, uændret og gyldigt i dag.",
    INVALID: "Kursusbeviset kan ikke godkendes.",
    EXPIRED: "Kursusbeviset er ægte, men dets gyldighedsperiode er slut.",
    REVOKED: "Kursusbeviset er ægte, men udstederen har trukket det tilbage.",
}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
 margin:0;color:#1d2125;background:#fff;line-height:1.5;font-size:1.05rem}
header{background:#00547a;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:600}
main{max-width:42rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=text]{font-size:1.1rem;padding:.5rem;border:2px solid #444;border-radius:4px;
 width:100%;max-width:16rem;box-sizing:border-box;font-family:ui-monospace,monospace}
input[type=file]{font-size:1rem}
button{font-size:1rem;padding:.55rem 1.1rem;margin-top:.5rem;border:2px solid #00547a;
 background:#00547a;color:#fff;border-radius:4px;cursor:pointer}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.hint{color:#444;margin:.25rem 0 0}
form{border-top:1px solid #ccc;padding-top:.5rem}
.result{border:3px solid;border-radius:6px;padding:.75rem 1rem;margin:0 0 1.5rem}
.result h2{margin:0 0 .25rem;font-size:1.5rem}
.gyldigt{border-color:#1a7f37;background:#eefbf1}
.ugyldigt{border-color:#b3261e;background:#fdf0ef}
.udloebet{border-color:#8a6100;background:#fff8e6}
.tilbagekaldt{border-color:#6b2e8f;background:#f7effb}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0 0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.icon{font-size:1.3em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _csp() -> str:
    """The page's policy: its one <style> element is allowed by its hash (no
    blanket inline permission, see course.web.security), nothing else may load."""
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


CSP = _csp()


def _page(body: str, status_code: int = 200) -> web.Response:
    text = (
        "<!doctype html>\n"
        '<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{_e(TITLE)} – Medborgerskab i Ishøj</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><p>{_e(SITE)}</p></header>\n"
        f'<main id="indhold">\n<h1>{_e(TITLE)}</h1>\n{body}</main>\n</body>\n</html>\n'
    )
    return web.Response(text=text, status=status_code, content_type="text/html",
                        charset="utf-8", headers={
                            "Content-Security-Policy": CSP,
                            "Cache-Control": "no-store",
                            "X-Content-Type-Options": "nosniff",
                            "Referrer-Policy": "no-referrer",
                        })


def _forms(code: str = "") -> str:
    return (
        '<form method="post" action="/bevis">\n'
        "<h2>Med koden fra papiret</h2>\n"
        '<label for="kode">Bekræftelseskode</label>\n'
        f'<input id="kode" name="kode" type="text" value="{_e(code)}" autocomplete="off" '
        'spellcheck="false" autocapitalize="characters" maxlength="40" '
        'aria-describedby="kode-hjaelp">\n'
        '<p class="hint" id="kode-hjaelp">Koden står nederst på beviset, fx ISH-7K2M-9QXD. '
        "Store og små bogstaver er lige gode.</p>\n"
        '<button type="submit">Kontrollér koden</button>\n</form>\n'
        '<form method="post" action="/bevis" enctype="multipart/form-data">\n'
        "<h2>Med filen</h2>\n"
        '<label for="fil">Kursusbevisets PDF- eller JSON-fil</label>\n'
        '<input id="fil" name="fil" type="file" '
        'accept=".pdf,.json,application/pdf,application/json" aria-describedby="fil-hjaelp">\n'
        '<p class="hint" id="fil-hjaelp">Vælg beviset som PDF (den underskrevne udgave ligger '
        "inde i den) eller den JSON-fil, der hører til. Filen bliver kun kontrolleret, ikke "
        "gemt.</p>\n"
        '<button type="submit">Kontrollér filen</button>\n</form>\n'
    )


def _proofs_text(result: Verification) -> str:
    """``eddsa-jcs-2022 (JSON) passer, eddsa-rdfc-2022 (JSON-LD/RDF) passer``."""
    line = result.proof_line or ""
    return line.split(": ", 1)[-1].removesuffix(".")


def _result(result: Verification) -> str:
    icon, heading, css = STATES.get(result.state, STATES[INVALID])
    rows: list[tuple[str, str]] = []
    if result.state == INVALID:
        rows += [("Begrundelse", reason) for reason in result.reasons]
    if result.state == REVOKED and result.revoked_reason:
        rows.append(("Begrundelse", result.revoked_reason))
    if result.name is not None and result.state != INVALID:
        rows += [
            ("Navn", result.name),
            ("Kursusbevis", result.title or ""),
            ("Forløb", result.track or ""),
            ("Udstedt", credential.danish_date(result.date) if result.date else "?"),
            ("Gyldigt til", credential.danish_date(result.valid_until)
             if result.valid_until else "udløber ikke"),
            ("Politikkens version", result.policy_line or "?"),
            ("Bekræftelseskode", result.code or ""),
            ("Udstederens nøgle", result.key_fingerprint or ""),
        ]
    elif result.code:
        rows.append(("Bekræftelseskode", result.code))
    linkedin = _linkedin(result)
    if result.proofs and (result.state != INVALID or not all(ok for _, ok in result.proofs)):
        rows.append(("Signaturer", _proofs_text(result)))
    if result.note:
        rows.append(("Bemærk", result.note))
    details = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>\n" for k, v in rows)
    return (
        f'<section class="result {css}" aria-labelledby="svar">\n'
        f'<h2 id="svar"><span class="icon" aria-hidden="true">{icon}</span> {_e(heading)}</h2>\n'
        f"<p>{_e(EXPLAIN.get(result.state, ''))}</p>\n"
        f"<dl>\n{details}</dl>\n{linkedin}</section>\n"
    )


def _linkedin(result: Verification) -> str:
    """»Tilføj til LinkedIn« for a valid certificate, when the server has a public URL."""
    from course.certificates.share import linkedin_url

    try:
        base = service.public_url()
    except ValueError:
        base = None
    if result.state != VALID or not base or not result.code or not result.date or \
            not result.title:
        return ""
    url = linkedin_url(name=result.title, organization=service.ISSUER, issued=result.date,
                       code=result.code, cert_url=service.verify_url(base, result.code) or "",
                       expires=result.valid_until)
    return (f'<p><a href="{_e(url)}" rel="noopener noreferrer">Tilføj til LinkedIn</a> '
            "(åbner LinkedIn med beviset udfyldt; intet sendes, før du gemmer det dér)</p>\n")


class _Limiter:
    """At most ``per_minute`` lookups per browser address in any minute (in memory)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        if len(self.seen) > 10_000:  # forget the quiet ones
            self.seen = {k: v for k, v in self.seen.items() if v and now - v[-1] < 60}
        times = self.seen.setdefault(client, deque())
        while times and now - times[0] > 60:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True


def _check_code(data_dir: Path, code: str) -> Verification:
    from progress import Store

    try:
        return service.verify_code(Store(data_dir), code)
    except KeyProblem:
        return Verification(INVALID, ["Der er ikke udstedt kursusbeviser på denne server."])


def _check_file(data_dir: Path, raw: bytes) -> Verification:
    from course.certificates import keys

    try:
        doc, from_pdf = service.load_certificate(raw)
    except ValueError as exc:
        return Verification(INVALID, [str(exc)])
    try:
        public_key = keys.installation_public_key(data_dir)
    except KeyProblem:
        return Verification(INVALID, ["Der er ikke udstedt kursusbeviser på denne server."])
    result = service.verify_document(doc, public_key, data_dir)
    return service.with_pdf_note(result) if from_pdf else result


def add_routes(app: web.Application, data_dir: Path, public_url: str | None) -> None:
    """Add GET/POST /bevis and GET /bevis/statusliste[-N].json to ``app``.

    ``public_url`` (the server's ``--public-url``) is also put in the environment as
    ``MEDBORGER_PUBLIC_URL`` unless it is set there, so that certificates issued in the
    sessions this server starts get a QR code to this page.
    """
    data_dir = Path(data_dir)
    if public_url and not os.environ.get(service.PUBLIC_URL_ENV):
        os.environ[service.PUBLIC_URL_ENV] = public_url.rstrip("/")
    limiter = _Limiter(LOOKUPS_PER_MINUTE)

    def too_many() -> web.Response:
        return _page('<p role="alert">Der er lavet for mange opslag fra denne adresse. '
                     "Vent et minut, og prøv igen.</p>\n" + _forms(), 429)

    async def show(request: web.Request) -> web.Response:
        code = request.query.get("kode", "").strip()
        if not code:
            return _page(_forms())
        if not limiter.allow(client_address(request)):
            return too_many()
        result = await asyncio.to_thread(_check_code, data_dir, code[:40])
        return _page(_result(result) + _forms(result.code or code[:40]))

    async def check(request: web.Request) -> web.Response:
        if not limiter.allow(client_address(request)):
            return too_many()
        code, raw, too_big = "", None, False
        try:
            if request.content_type.startswith("multipart/"):
                reader = await request.multipart()
                async for part in reader:
                    if part.name == "kode":
                        code = (await part.read_chunk(200)).decode("utf-8", "replace")
                    elif part.name == "fil":
                        chunks, size = [], 0
                        while chunk := await part.read_chunk(65536):
                            size += len(chunk)
                            if size > credential.MAX_BYTES:
                                too_big = True
                                break
                            chunks.append(chunk)
                        raw = b"".join(chunks)
            else:
                form = await request.post()
                code = str(form.get("kode", ""))[:200]
        except (web.HTTPRequestEntityTooLarge, ValueError):
            too_big = True
        if too_big:
            result = Verification(INVALID, [credential.TOO_BIG])
        elif raw:
            result = await asyncio.to_thread(_check_file, data_dir, raw)
        elif code.strip():
            result = await asyncio.to_thread(_check_code, data_dir, code.strip()[:40])
        else:
            return _page('<p role="alert">Skriv en bekræftelseskode, eller vælg '
                         "kursusbevisets fil.</p>\n" + _forms(), 400)
        return _page(_result(result) + _forms(result.code or ""))

    async def status_list(request: web.Request) -> web.StreamResponse:
        try:
            path = status.published_file(data_dir, request.match_info["name"])
        except status.StatusProblem:
            path = None
        if path is None:
            raise web.HTTPNotFound(text="Der er ingen statusliste med det navn.")
        return web.FileResponse(path, headers={
            "Content-Type": "application/json",  # UTF-8, as JSON always is
            "Cache-Control": "max-age=300",
            "Access-Control-Allow-Origin": "*",
        })

    app.add_routes([
        web.get("/bevis", show, name="bevis"),
        web.post("/bevis", check, name="bevis_check"),
        web.get(r"/bevis/{name:statusliste(-[0-9]{1,6})?\.json}", status_list,
                name="bevis_status"),
    ])
