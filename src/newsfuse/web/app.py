"""The web application: FastAPI over one :class:`newsfuse.service.NewsService`.

``create_app(service)`` returns the ASGI app: the JSON API under ``/api/``
(:mod:`newsfuse.web.api`), the pages (:mod:`newsfuse.web.pages`), and the
static assets of ``web/static`` (no build step, nothing from a CDN).

Every response carries a Content-Security-Policy that allows scripts and
styles from this server only (no inline script, so text from an article can
never run), and ``X-Content-Type-Options: nosniff``. A POST or DELETE whose
browser-set Origin is another site is refused (403), and with
``allowed_hosts`` only those Host names are answered (no DNS rebinding). Request bodies over
``max_body`` bytes are refused with 413 before they are read; HEAD is answered wherever GET is. Errors under
``/api/`` are JSON ``{"error": "..."}`` with the right status; a page error is
a small HTML page; neither ever shows a stack trace (it goes to the log).
"""
from __future__ import annotations

import ipaddress
import json
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..ingest.formats import MAX_JSON_DEPTH, json_depth
from ..service import Moved, NewsService, NotFound
from . import api, feeds, pages

STATIC = Path(__file__).parent / "static"
MAX_BODY = 32 * 1024 * 1024  # several uploads of up to 10 MB each
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
log = logging.getLogger("newsfuse.web")


class BodyLimit:
    """ASGI middleware: 413 for a request body over ``limit`` bytes, declared or streamed.

    The body is read (up to the limit) before the application sees the request, then
    handed on unchanged; so an oversized upload is refused without being parsed."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(self.limit, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await _too_large(self.limit, send)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        kind = dict(scope.get("headers") or []).get(b"content-type", b"").split(b";")[0].strip().lower()
        if kind.endswith(b"json") and too_deep(body):  # before any parser recurses into it (a 500)
            return await _refuse(send, 400, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for a disconnect as usual

        await self.app(scope, replay, send)


def too_deep(body: bytes) -> bool:
    """True for a JSON body nested deeper than the ingest limit (checked without parsing)."""
    return json_depth(body.decode("latin-1")) > MAX_JSON_DEPTH


async def _too_large(limit: int, send) -> None:
    await _refuse(send, 413, f"request body too large (limit {limit // (1024 * 1024)} MB)")


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY")]


class Guard:
    """ASGI middleware: security headers on every response (the CSP unless the route set its own),
    and a crash answered as a 500 without a trace (logged, not re-raised: the connection stays usable)."""

    def __init__(self, app, allowed_hosts: list[str] | None = None):
        self.app = app
        self.allowed = {host_name(h) for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": headers}
            await send(message)

        if self.allowed is not None:
            raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not host_allowed(raw, self.allowed):
                response = _error(Request(scope), 400, f"host name not served here: {raw[:100]!r}")
                return await response(scope, receive, with_headers)
        refused = _cross_site(scope)
        if refused:
            response = _error(Request(scope), 403, refused)
            return await response(scope, receive, with_headers)
        if foreign_navigation(scope):  # pages then show what is made, and make nothing (pages.py)
            scope = {**scope, "state": {**scope.get("state", {}), "foreign": True}}
        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            request = Request(scope)
            log.exception("error while serving %s %s", request.method, request.url.path)
            if not started:
                response = _error(request, 500, "internal error (details are in the server log)")
                await response(scope, receive, with_headers)


def host_name(header: str) -> str:
    """The name of a Host header, lower-cased, without the port; an IP address in its one
    canonical spelling ("[0:0:0:0:0:0:0:1]:8000" -> "::1")."""
    host = header.strip().lower()
    if host.startswith("["):
        name = host[1:host.find("]")] if "]" in host else host
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    try:
        return str(ipaddress.ip_address(name))
    except ValueError:
        return name.rstrip(".")


class HeadAsGet:
    """ASGI middleware: a HEAD request is answered as its GET is, without the body (RFC 9110: every
    page and GET endpoint answers HEAD with the status and headers, Content-Length included, of a GET)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body: nothing goes out
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def served_hosts(public_hosts=()) -> list[str]:
    """The Host names a server answers to: localhost (any spelling of a loopback address is an IP
    literal, answered anyway) and the names given with ``newsfuse serve --public-host``."""
    return ["localhost", "127.0.0.1", "::1", *(host_name(h) for h in public_hosts if h.strip())]


def host_allowed(header: str, allowed: set[str]) -> bool:
    """True when the Host header names this server: a name in ``allowed``, or an IP address literal
    (a DNS-rebinding page can only send a name of its own, never our address)."""
    name = host_name(header)
    if name in allowed:
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


FRAME_DESTINATIONS = (b"iframe", b"frame", b"embed", b"object", b"fencedframe")


def foreign_navigation(scope) -> bool:
    """True for a GET that a browser marks as coming from another site (``Sec-Fetch-Site``
    ``cross-site`` or ``same-site``): a link followed from another site's page. Such a request is
    served, but makes nothing: a story page shows its brief only when it is already made, a
    download, a report's page or the facts are not made for it (see ``pages.py``); so another
    site cannot make this server build briefs by sending its visitors here."""
    site = dict(scope.get("headers") or []).get(b"sec-fetch-site", b"").lower()
    return scope.get("method") in ("GET", "HEAD") and site in (b"cross-site", b"same-site")


def _cross_site(scope) -> str | None:
    """Why a request that a browser marks as coming from another site is refused, or None.

    * a POST/DELETE/PUT/PATCH whose ``Origin`` is another server, or ``null``, or whose
      ``Sec-Fetch-Site`` says ``cross-site``/``same-site`` (another port of localhost is the same
      site, not the same origin);
    * a GET under ``/api/`` from a script of another site (``Origin`` of another server, or
      ``Sec-Fetch-Site`` cross-site/same-site), so another site's page cannot make this server
      build briefs;
    * a GET of a page that another site embeds or fetches (``Sec-Fetch-Site`` cross-site with
      a mode other than ``navigate``, or a frame as its ``Sec-Fetch-Dest``); following a link
      from another site to a page is meant (and served without making anything:
      :func:`foreign_navigation`).

    Requests without these headers (curl, scripts, old browsers) pass."""
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin")
    site = headers.get(b"sec-fetch-site", b"").lower()
    mode = headers.get(b"sec-fetch-mode", b"").lower()
    foreign_site = site in (b"cross-site", b"same-site")
    foreign_origin = origin is not None and (
        origin == b"null" or origin.split(b"://", 1)[-1].rstrip(b"/") != headers.get(b"host", b""))
    method = scope["method"]
    if method in ("GET", "HEAD", "OPTIONS"):
        if scope["path"].startswith("/api/") and (foreign_origin or foreign_site):
            return "cross-site request refused (another site's page may not read or run this API)"
        if foreign_site and mode not in (b"navigate", b""):
            return "cross-site request refused (pages are not served to another site's scripts or frames)"
        if foreign_site and headers.get(b"sec-fetch-dest", b"").lower() in FRAME_DESTINATIONS:
            return "cross-site request refused (pages are not shown in another site's frames)"
        return None
    if foreign_origin:
        return "cross-site request refused (its Origin is not this server)"
    if foreign_site:
        return f"cross-site request refused (Sec-Fetch-Site: {site.decode('latin-1')[:20]})"
    return None


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return pages.error_page(request, status, message)


def moved_response(request: Request, exc: Moved):
    """301 to the same address with the surviving id (pages and API alike; the API's body names it too)."""
    import re

    from fastapi.responses import JSONResponse, RedirectResponse

    segment = {"story": "stories", "thread": "threads"}[exc.kind]
    path = re.sub(rf"/{segment}/{exc.old_id}(?=/|\.|$)", f"/{segment}/{exc.new_id}", request.url.path, count=1)
    url = path + (f"?{request.url.query}" if request.url.query else "")
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc), "moved_to": exc.new_id, "kind": exc.kind}, status_code=301,
                            headers={"Location": url})
    return RedirectResponse(url, status_code=301)


def create_app(service: NewsService, *, max_body: int = MAX_BODY, title: str = "newsfuse",
               allowed_hosts: list[str] | None = None, follower=None) -> FastAPI:
    """The app over ``service``. ``allowed_hosts``: the names the server answers to (Host header),
    e.g. ``["127.0.0.1", "localhost"]``, so a DNS-rebinding page cannot read it; None: any.
    ``follower``: the :class:`newsfuse.live.worker.Follower` polling the feeds, shown on /feeds and /api/feeds."""
    app = FastAPI(
        title=title,
        version="1",
        description="Stories from many news reports, each with one sourced extractive brief "
                    "(every sentence verbatim from a report, citing every report that states it).",
        docs_url=None,  # the interactive docs page would need a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.service = service
    app.state.follower = follower  # the feed-polling worker (newsfuse serve --refresh), or None

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        response = _error(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():  # 405's Allow (RFC 9110), 401's challenge...
            response.headers[name] = value
        if exc.status_code == 405:  # every method of the path, not only those of the first route matched
            from starlette.routing import Match

            methods = [m for m in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
                       if any(route.matches({**request.scope, "method": m})[0] == Match.FULL
                              for route in request.app.router.routes)]
            if "GET" in methods and "HEAD" not in methods:  # HeadAsGet answers HEAD wherever GET is
                methods.insert(methods.index("GET") + 1, "HEAD")
            if methods:
                response.headers["Allow"] = ", ".join(methods)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        if isinstance(exc, Moved):  # a merged story or thread: its address answers with the survivor's
            return moved_response(request, exc)
        return _error(request, 404, str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return _error(request, 400, str(exc))

    app.include_router(feeds.router)  # /api/feeds.opml before /api/... paths with parameters
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(HeadAsGet)  # innermost: routes see a GET
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    if max_body:
        app.add_middleware(BodyLimit, limit=max_body)  # outermost of ours: before anything reads the body
    return app


__all__ = ["create_app", "MAX_BODY", "CSP"]
