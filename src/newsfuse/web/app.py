"""The web application: FastAPI over one :class:`newsfuse.service.NewsService`.

``create_app(service)`` returns the ASGI app: the JSON API under ``/api/``
(:mod:`newsfuse.web.api`), the pages (:mod:`newsfuse.web.pages`), and the
static assets of ``web/static`` (no build step, nothing from a CDN).

Every response carries a Content-Security-Policy that allows scripts and
styles from this server only (no inline script, so text from an article can
never run), and ``X-Content-Type-Options: nosniff``. A POST or DELETE whose
browser-set Origin is another site is refused (403), and with
``allowed_hosts`` only those Host names are answered (no DNS rebinding). Request bodies over
``max_body`` bytes are refused with 413 before they are read. Errors under
``/api/`` are JSON ``{"error": "..."}`` with the right status; a page error is
a small HTML page; neither ever shows a stack trace (it goes to the log).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..service import NewsService, NotFound
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
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for a disconnect as usual

        await self.app(scope, replay, send)


async def _too_large(limit: int, send) -> None:
    body = json.dumps({"error": f"request body too large (limit {limit // (1024 * 1024)} MB)"}).encode()
    await send({"type": "http.response.start", "status": 413,
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
        self.allowed = {h.lower() for h in allowed_hosts} if allowed_hosts else None

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
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed:
                response = _error(Request(scope), 400, f"host name not served here: {host[:100]!r}")
                return await response(scope, receive, with_headers)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not _same_origin(scope):
            response = _error(Request(scope), 403, "cross-site request refused (its Origin is not this server)")
            return await response(scope, receive, with_headers)
        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            request = Request(scope)
            log.exception("error while serving %s %s", request.method, request.url.path)
            if not started:
                response = _error(request, 500, "internal error (details are in the server log)")
                await response(scope, receive, with_headers)


def _same_origin(scope) -> bool:
    """False when a browser says the request comes from a page of another site (a cross-site form
    post to a server on 127.0.0.1, say); requests without an Origin (curl, scripts) pass."""
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin")
    if origin is None:
        return True
    if origin == b"null":
        return False
    return origin.split(b"://", 1)[-1].rstrip(b"/") == headers.get(b"host", b"")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return pages.error_page(request, status, message)


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
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return _error(request, 400, str(exc))

    app.include_router(feeds.router)  # /api/feeds.opml before /api/... paths with parameters
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    if max_body:
        app.add_middleware(BodyLimit, limit=max_body)  # outermost of ours: before anything reads the body
    return app


__all__ = ["create_app", "MAX_BODY", "CSP"]
