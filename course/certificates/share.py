"""»Tilføj til LinkedIn«: LinkedIn's add-to-profile link for a certificate.

LinkedIn's public "Add to profile" URL for licences and certifications::

    https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=…
        &organizationName=…&issueYear=2026&issueMonth=11[&expirationYear=…&expirationMonth=…]
        &certUrl=<public URL>/bevis?kode=ISH-…&certId=ISH-…

It opens the learner's own profile with the form filled in; nothing is sent to LinkedIn
until they save it there. On the profile it shows under "Licenser og certificeringer":
the certificate's title, the issuer, "Udstedt nov. 2026", the code as the credential ID
and a "Vis legitimationsoplysninger" button to the /bevis page. Offered only when the
installation has a public URL (the link must lead somewhere anyone can open).

Built and escaped in this one UI-free function; the TUI's certificate page and /bevis
both call it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
MAX_FIELD = 200  # LinkedIn cuts long fields; so do we, before escaping


def linkedin_url(*, name: str, organization: str, issued: str, code: str, cert_url: str,
                 expires: str | None = None) -> str:
    """The add-to-profile URL. ``issued`` and ``expires`` are ISO days or dateTimes
    (``2026-11-26``); every value is percent-encoded (spaces as %20, æøå as UTF-8)."""
    fields: list[tuple[str, str]] = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", name[:MAX_FIELD]),
        ("organizationName", organization[:MAX_FIELD]),
        ("issueYear", str(int(issued[:4]))),
        ("issueMonth", str(int(issued[5:7]))),
    ]
    if expires:
        fields += [("expirationYear", str(int(expires[:4]))),
                   ("expirationMonth", str(int(expires[5:7])))]
    fields += [("certUrl", cert_url), ("certId", code[:MAX_FIELD])]
    return f"{ADD_TO_PROFILE}?{urlencode(fields, quote_via=quote, safe='')}"


def organization_of(issuer_name: str | None) -> str:
    """The organisation LinkedIn should show: the issuer's name before » · « (``Ishøj
    Kommune`` of ``Ishøj Kommune · Medborgerskab i Ishøj``)."""
    return (issuer_name or "Ishøj Kommune").split(" · ", 1)[0].strip() or "Ishøj Kommune"


def linkedin_for(doc: Mapping[str, Any], public_url: str | None) -> str | None:
    """The add-to-profile URL for a certificate document, or None without a public URL
    or when the document lacks what LinkedIn needs."""
    if not public_url:
        return None
    issuer = doc.get("issuer")
    subject = doc.get("credentialSubject")
    code = doc.get("verificationCode")
    issued = subject.get("date") if isinstance(subject, Mapping) else None
    name = doc.get("name")
    if not (isinstance(code, str) and isinstance(issued, str) and isinstance(name, str)):
        return None
    expires = doc.get("validUntil")
    return linkedin_url(
        name=name,
        organization=organization_of(issuer.get("name") if isinstance(issuer, Mapping) else None),
        issued=issued, code=code, cert_url=f"{public_url}/bevis?kode={code}",
        expires=expires if isinstance(expires, str) else None)
