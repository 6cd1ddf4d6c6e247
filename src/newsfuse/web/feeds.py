"""Followed feeds (API and page) and the stories as feeds (Atom, JSON Feed).

* ``POST /api/feeds {"url"}`` follows a feed (201 with the feed; 200 when it was
  followed already), ``GET /api/feeds`` lists them with their polling state,
  ``DELETE /api/feeds/{id}`` stops following; ``POST /api/feeds/opml`` (an OPML
  body, or a multipart ``file``) follows every feed of a list,
  ``GET /api/feeds.opml`` exports them;
* ``/feeds``: the same as a page (add a feed, import OPML, each feed's state);
* ``/feeds/stories.atom`` and ``/feeds/stories.json``: the stories changed
  last, one entry each (:mod:`newsfuse.live.out`), with ETag and
  Last-Modified (a reader's conditional request is answered 304).
"""
from __future__ import annotations

import hashlib
import json
import logging
from email.utils import formatdate, parsedate_to_datetime
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..service import NewsService
from .api import ERRORS, StoryId
from ..service.feeds import feed_dict
from ..text import iso_time

router = APIRouter()
log = logging.getLogger("newsfuse.web")
FEED_ENTRIES = 30
FEED_WORDS = 120
MAX_OPML_BYTES = 5 * 1024 * 1024


class FeedIn(BaseModel):
    url: str = Field(description="an RSS/Atom feed (http/https)")
    title: Optional[str] = None


class FeedOut(BaseModel):
    id: int
    url: str
    title: Optional[str]
    added: Optional[str]
    last_checked: Optional[str] = Field(description="when it was last checked (ISO 8601, UTC), null: not yet")
    last_status: Optional[int] = Field(description="HTTP status of the last answer (304: unchanged)")
    last_error: Optional[str] = Field(description="why the last check failed; null after a good one")
    failures: int = Field(description="consecutive failed checks")
    checks: int
    articles_added: int
    next_check: Optional[str]


class FeedList(BaseModel):
    feeds: list[FeedOut]
    refresh: Optional[float] = Field(description="seconds between checks; null: this server does not poll")
    worker: Optional[dict[str, Any]] = None


def _service(request: Request) -> NewsService:
    return request.app.state.service


def _follower(request: Request):
    return getattr(request.app.state, "follower", None)


# ---- API ----------------------------------------------------------------------------------------
@router.get("/api/feeds", response_model=FeedList, tags=["feeds"],
            summary="Followed feeds and their polling state")
def list_feeds(request: Request):
    follower = _follower(request)
    return {"feeds": [feed_dict(f) for f in _service(request).feeds()],
            "refresh": follower.interval if follower else None,
            "worker": follower.status() if follower else None}


@router.post("/api/feeds", response_model=FeedOut, status_code=201, tags=["feeds"],
             summary="Follow a feed (201; 200 when it was followed already)")
def add_feed(body: FeedIn, request: Request):
    row, new = _service(request).add_feed(body.url, body.title)
    return JSONResponse(feed_dict(row), status_code=201 if new else 200)


@router.delete("/api/feeds/{feed_id}", tags=["feeds"], responses=ERRORS, summary="Stop following a feed")
def remove_feed(request: Request, feed_id: StoryId):
    _service(request).remove_feed(feed_id)
    return {"deleted": feed_id}


@router.post("/api/feeds/opml", tags=["feeds"], summary="Follow every feed of an OPML list (body or multipart file)")
async def import_opml(request: Request):
    data = await _opml_body(request)
    result = await run_in_threadpool(_service(request).import_opml, data)
    status = 201 if result["added"] else (200 if result["known"] else 422)
    if status == 422:
        result["error"] = "no feed followed: " + "; ".join(p["reason"] for p in result["problems"][:5])
    return JSONResponse(result, status_code=status)


@router.get("/api/feeds.opml", tags=["feeds"], summary="The followed feeds as OPML",
            responses={200: {"content": {"text/x-opml": {}}, "description": "OPML 2.0"}})
def export_opml(request: Request):
    return Response(_service(request).export_opml(), media_type="text/x-opml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="newsfuse-feeds.opml"'})


async def _opml_body(request: Request) -> bytes:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_part_size=MAX_OPML_BYTES)
        data = b""
        for _, value in form.multi_items():
            if hasattr(value, "read"):
                data = await value.read()
                break
        await form.close()
        return data
    return await request.body()


@router.get("/api/stories/{story_id}/versions", tags=["feeds"], responses=ERRORS,
            summary="A story's versions: when it changed, its size after, the articles each change brought")
def story_versions(request: Request, story_id: StoryId):
    service = _service(request)
    service.story(story_id)  # 404 for no such story
    return {"story_id": story_id, "versions": service.versions(story_id)}


# ---- page ---------------------------------------------------------------------------------------
@router.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
def feeds_page(request: Request):
    return _page(request)


@router.post("/feeds", response_class=HTMLResponse, include_in_schema=False)
async def feeds_submit(request: Request):
    form = await request.form(max_part_size=MAX_OPML_BYTES)
    url = str(form.get("url") or "").strip()
    upload = form.get("opml")
    data = await upload.read() if hasattr(upload, "read") else b""
    await form.close()
    service = _service(request)
    if data:
        result = await run_in_threadpool(service.import_opml, data)
        message = (f"{len(result['added'])} feed(s) followed, {len(result['known'])} followed already"
                   + "".join(f"; {p['reason']}" for p in result["problems"][:5]))
        return _page(request, message, 200 if result["added"] or result["known"] else 422)
    if not url:
        return _page(request, "Give a feed URL or choose an OPML file.", 400)
    try:
        row, new = service.add_feed(url)
    except ValueError as exc:
        return _page(request, str(exc), 400)
    return _page(request, f"Following {row.url}." if new else f"{row.url} is followed already.", 200)


@router.post("/feeds/{feed_id:int}/remove", include_in_schema=False)
def feeds_remove(request: Request, feed_id: int):
    _service(request).remove_feed(feed_id)
    return RedirectResponse("/feeds", status_code=303)


def follow_urls(request: Request, urls: list[str]) -> HTMLResponse:
    """The add page's "follow these feeds": each URL becomes a subscription."""
    notes = []
    for url in urls[:100]:
        try:
            row, new = _service(request).add_feed(url)
            notes.append(f"following {row.url}" if new else f"{row.url} is followed already")
        except ValueError as exc:
            notes.append(str(exc))
    text = "; ".join(notes)
    return _page(request, text[:1].upper() + text[1:] + ".", 200)


def _page(request: Request, message: str | None = None, code: int = 200) -> HTMLResponse:
    from .pages import page

    follower = _follower(request)
    return page("feeds.html", code, feeds=[feed_dict(f) for f in _service(request).feeds()], message=message,
                worker=follower.status() if follower else None)


# ---- the stories as feeds -----------------------------------------------------------------------
def stories_validator(service: NewsService, extra: str = "") -> tuple[str, float | None]:
    """(ETag, last change) of the story list: both change whenever any story does."""
    latest, count, versions = service.stories_stamp()
    etag = '"' + hashlib.sha1(f"{latest!r}|{count}|{versions}|{extra}".encode()).hexdigest()[:20] + '"'
    return etag, latest


def not_modified(request: Request, etag: str, latest: float | None) -> Response | None:
    """A 304 when the client's If-None-Match / If-Modified-Since says it has this version."""
    headers = {"ETag": etag, **({"Last-Modified": formatdate(latest, usegmt=True)} if latest else {})}
    match = request.headers.get("if-none-match")
    if match is not None:
        if etag in [m.strip() for m in match.split(",")] or match.strip() == "*":
            return Response(status_code=304, headers=headers)
        return None
    since = request.headers.get("if-modified-since")
    if since and latest is not None:
        try:
            if int(latest) <= parsedate_to_datetime(since).timestamp():
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError, IndexError):
            pass
    return None


def validator_headers(etag: str, latest: float | None) -> dict[str, str]:
    return {"ETag": etag, **({"Last-Modified": formatdate(latest, usegmt=True)} if latest else {}),
            "Cache-Control": "no-cache"}


def _entries(service: NewsService, base: str) -> list[dict[str, Any]]:
    from ..live.out import brief_html

    out = []
    for sid in service.recent_stories(FEED_ENTRIES):
        try:
            summary = service.story(sid)
            brief = json.loads(service.brief_json(sid, FEED_WORDS))
        except Exception as exc:  # a story deleted meanwhile, or one that cannot be briefed: left out
            log.warning("story %s left out of the feed: %s: %s", sid, type(exc).__name__, exc)
            continue
        out.append({"id": sid, "title": summary.title, "updated": iso_time(summary.updated_at),
                    "created": iso_time(summary.created_at), "sources": summary.sources,
                    "html": brief_html(brief, f"{base}/stories/{sid}")})
    return out


def _stories_feed(request: Request, kind: str) -> Response:
    from ..live.out import atom, json_feed

    service = _service(request)
    etag, latest = stories_validator(service, kind)
    cached = not_modified(request, etag, latest)
    if cached is not None:
        return cached
    base = str(request.base_url).rstrip("/")
    memo = getattr(request.app.state, "stories_feeds", None)
    if memo is None:
        memo = request.app.state.stories_feeds = {}
    key = (kind, etag, base)
    body = memo.get(key)
    if body is None:
        entries = _entries(service, base)
        body = atom(entries, base=base, updated=iso_time(latest) or iso_time(0)) if kind == "atom" \
            else json_feed(entries, base=base)
        memo.clear()
        memo[key] = body
    media = "application/atom+xml; charset=utf-8" if kind == "atom" else "application/feed+json; charset=utf-8"
    return Response(body, media_type=media, headers=validator_headers(etag, latest))


@router.get("/feeds/stories.atom", tags=["feeds"], summary="The stories changed last, as an Atom 1.0 feed",
            responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0"},
                       304: {"description": "not modified since the validators sent"}})
def stories_atom(request: Request):
    return _stories_feed(request, "atom")


@router.get("/feeds/stories.json", tags=["feeds"], summary="The stories changed last, as a JSON Feed 1.1",
            responses={200: {"content": {"application/feed+json": {}}, "description": "JSON Feed 1.1"},
                       304: {"description": "not modified since the validators sent"}})
def stories_json_feed(request: Request):
    return _stories_feed(request, "json")
