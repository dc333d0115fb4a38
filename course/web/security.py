"""What every route of `medborger serve` shares about safety: headers, origin, address.

One place for four rules, so the terminal route, /bevis and the HTML pages cannot
drift apart:

- :func:`protect` installs, on an aiohttp application, the security headers on *every*
  response (pages, assets, downloads, redirects, 404 and 500 included), the host rule for
  every request and the same-origin rule for every POST and every websocket. Call it
  once, right after making the app.
- :func:`host_allowed` says whether the name a request was sent to (``Host``) is one of
  this server's (against DNS rebinding, below).
- :func:`client_address` is the only rule for which ``X-Forwarded-For`` address to trust.
- :func:`same_origin` says whether a request comes from a page of this server.

DNS rebinding: a page on an attacker's domain whose name is made to resolve to the
school server's address is, for the pupil's browser, the same origin as the attacker's
page; its scripts could read the course's pages and open tabs. The browser then sends
the attacker's name in ``Host``, so every request whose ``Host`` is not a name of this
server is refused (400, a Danish page): with ``--public-url`` only its host; without it
``localhost``, IP literals (rebinding needs a name to re-point), the machine's own names
and the names given with ``--allowed-host``.

The headers (:data:`HEADERS`): a Content-Security-Policy that lets a page load scripts,
styles, fonts and images from this server only, with no blanket permission for inline code anywhere (a
page that needs its own style or script ships it as a file under a static route), no
framing by other sites, no referrer, no MIME sniffing. A route may set a stricter
``Content-Security-Policy`` of its own (such as /bevis); it is then left as it is.
"""

from __future__ import annotations

import functools
import html
import re
import socket
from collections.abc import Awaitable, Callable, Collection, Iterable
from ipaddress import ip_address
from urllib.parse import urlsplit

from aiohttp import hdrs, web

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

# Methods that change something: only this server's own pages may send them.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

WRONG_ORIGIN = ("Forespørgslen kom ikke fra en side på denne server og er afvist. Åbn "
                "kurset fra serverens egen adresse.")

PUBLIC_URL_KEY = web.AppKey("medborger_public_url", str)
ALLOWED_HOSTS_KEY = web.AppKey("medborger_allowed_hosts", frozenset)

# A host name as --allowed-host takes it: letters, digits and hyphens in dot-separated
# labels (an international name in its xn-- form, as a browser sends it).
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
                        r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")


def host_name(text: str) -> str | None:
    """A name for ``--allowed-host`` in the form it is compared in (lower case, no final
    dot), or None when it is not a plain host name (a URL, a port, a wildcard)."""
    name = text.strip().lower().removesuffix(".")
    return name if _HOST_NAME.match(name) else None


@functools.cache
def machine_names() -> frozenset[str]:
    """This machine's own names (``socket.gethostname()``, ``socket.getfqdn()``), once:
    the fully qualified name may take a DNS lookup."""
    names = set()
    for find in (socket.gethostname, socket.getfqdn):
        try:
            name = host_name(find())
        except OSError:
            continue
        if name:
            names.add(name)
    return frozenset(names)


def host_allowed(host: str | None, public_url: str | None = None,
                 allowed: Collection[str] = ()) -> bool:
    """Whether ``host`` (a request's ``Host`` header) names this server.

    With ``public_url`` (``--public-url``): only its host name, with its port when the
    header has one (a proxy such as nginx's ``$host`` sends the name alone). Without it:
    ``localhost``, any IP literal (IPv6 in brackets), any port; the machine's own names
    (:func:`machine_names`); and the names in ``allowed`` (``--allowed-host``). A missing
    or malformed header is refused: every browser sends one.
    """
    if not host or any(c in host for c in "/\\@?#") or any(c.isspace() for c in host):
        return False
    try:
        parts = urlsplit(f"http://{host}")
        name, port = parts.hostname, parts.port
    except ValueError:
        return False
    if not name:
        return False
    name = name.removesuffix(".")
    if public_url:
        public = _netloc(public_url)
        return public is not None and name == public[0] and (
            port is None or str(port) == public[1])
    if name == "localhost" or name in machine_names() or name in allowed:
        return True
    try:
        address = ip_address(name)
    except ValueError:
        return False
    # An IPv6 address is only an address in brackets ("[::1]:8000"); a bare "::1" does
    # not even parse above. An IPv4 address is never written in brackets.
    return (address.version == 6) == host.startswith("[")


def client_address(request: web.Request) -> str:
    """The browser's address, as every limit of the server counts it.

    The peer's address, unless the peer is a reverse proxy on this machine (loopback)
    that sent ``X-Forwarded-For``: then the *last* address in that header, the one our
    proxy added. Any address before it came from the browser itself and could be made
    up to escape a limit. A last entry that is not an address gives the peer.
    """
    peer = request.remote or "ukendt"
    try:
        local = ip_address(peer).is_loopback
    except ValueError:
        local = False
    forwarded = request.headers.get("X-Forwarded-For", "")
    if local and forwarded:
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ip_address(last))
        except ValueError:
            return peer
    return peer


def _netloc(url: str) -> tuple[str, str] | None:
    """(host, port) of a URL, the port made explicit; None when it has no host."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    default = {"http": 80, "ws": 80, "https": 443, "wss": 443}.get(parts.scheme)
    return host.lower(), str(port or default or "")


def same_origin(request: web.Request, public_url: str | None = None) -> bool:
    """Whether the request comes from one of this server's own pages.

    A browser sends ``Origin`` with every websocket and every POST; it must name the
    public URL's host (``--public-url``), or, without one, the host the request was
    sent to (``Host``), so any name the server is reached by works. A request without
    ``Origin`` (not a browser: a script, a test) is judged by ``Sec-Fetch-Site`` when a
    browser sent that, and is otherwise let through: it spends only its own address's
    limits, never a visitor's.
    """
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")
    seen = _netloc(origin)
    if seen is None:  # "null" (a sandboxed frame, a file), or nonsense
        return False
    if public_url:
        return seen == _netloc(public_url)
    host = request.headers.get(hdrs.HOST, "")
    scheme = "https" if origin.lower().startswith("https:") else "http"
    return seen == _netloc(f"{scheme}://{host}")


WRONG_HOST = ("Serveren svarer ikke under navnet »{host}«. Den, der driver serveren, kan "
              "starte den med --public-url og den adresse, brugerne skriver, eller tillade "
              "navnet med --allowed-host NAVN. Indtil da bruges serverens IP-adresse eller "
              "localhost.")


def _wrong_host_page(host: str) -> web.Response:
    text = html.escape(WRONG_HOST.format(host=host[:100]))
    page = ("<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
            "<title>Ukendt adresse</title></head><body><h1>Ukendt adresse</h1>"
            f"<p>{text}</p></body></html>\n")
    return web.Response(status=400, text=page, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


@web.middleware
async def _own_host_only(request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                         ) -> web.StreamResponse:
    host = request.headers.get(hdrs.HOST)
    if not host_allowed(host, request.app.get(PUBLIC_URL_KEY),
                        request.app.get(ALLOWED_HOSTS_KEY, frozenset())):
        return _wrong_host_page(host or "")
    return await handler(request)


def _is_websocket(request: web.Request) -> bool:
    return request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"


@web.middleware
async def _same_origin_only(request: web.Request,
                            handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                            ) -> web.StreamResponse:
    if (request.method in UNSAFE_METHODS or _is_websocket(request)) and not same_origin(
            request, request.app.get(PUBLIC_URL_KEY)):
        return web.Response(status=403, text=WRONG_ORIGIN, charset="utf-8")
    return await handler(request)


async def _add_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


def protect(app: web.Application, public_url: str | None = None,
            allowed_hosts: Iterable[str] = ()) -> web.Application:
    """Give ``app`` the security headers on every response, the host rule for every
    request and the same-origin rule.

    Headers are added when a response is prepared (``on_response_prepare``), so
    aiohttp's own 404, 405 and 500 pages get them too; the host and origin rules are
    middlewares in front of every handler (:func:`host_allowed`, :func:`same_origin`).
    ``allowed_hosts``: the names of ``--allowed-host`` (used without ``public_url``).
    """
    if public_url:
        app[PUBLIC_URL_KEY] = public_url.rstrip("/")
    names = set()
    for given in allowed_hosts:
        name = host_name(given)
        if name is None:
            raise ValueError(f"not a host name: {given!r}")
        names.add(name)
    app[ALLOWED_HOSTS_KEY] = frozenset(names)
    machine_names()  # looked up now, not during the first request
    app.middlewares.append(_own_host_only)
    app.middlewares.append(_same_origin_only)
    app.on_response_prepare.append(_add_headers)
    return app
