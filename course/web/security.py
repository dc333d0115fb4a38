"""What every route of `medborger serve` shares about safety: headers, origin, address.

One place for three rules, so the terminal route, /bevis and the HTML pages cannot
drift apart:

- :func:`protect` installs, on an aiohttp application, the security headers on *every*
  response (pages, assets, downloads, redirects, 404 and 500 included) and the same-origin
  rule for every POST and every websocket. Call it once, right after making the app.
- :func:`client_address` is the only rule for which ``X-Forwarded-For`` address to trust.
- :func:`same_origin` says whether a request comes from a page of this server.

The headers (:data:`HEADERS`): a Content-Security-Policy that lets a page load scripts,
styles, fonts and images from this server only, with no blanket permission for inline code anywhere (a
page that needs its own style or script ships it as a file under a static route), no
framing by other sites, no referrer, no MIME sniffing. A route may set a stricter
``Content-Security-Policy`` of its own (such as /bevis); it is then left as it is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


def protect(app: web.Application, public_url: str | None = None) -> web.Application:
    """Give ``app`` the security headers on every response and the same-origin rule.

    Headers are added when a response is prepared (``on_response_prepare``), so
    aiohttp's own 404, 405 and 500 pages get them too; the origin rule is a middleware
    in front of every handler.
    """
    if public_url:
        app[PUBLIC_URL_KEY] = public_url.rstrip("/")
    app.middlewares.append(_same_origin_only)
    app.on_response_prepare.append(_add_headers)
    return app
