"""The JSON API under ``/api/`` (described by the generated schema at ``/openapi.json``).

Every endpoint is a thin translation between HTTP and :class:`newsfuse.service.NewsService`;
the service does the work (blocking work runs in the server's thread pool).
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, field_validator

from ..brief_model import DEFAULT_WORDS
from ..pipeline import BriefOptions
from ..service import MAX_WORDS, NewsService
from ..service.threads import MAX_NEW_STORY_BRIEFS

router = APIRouter(prefix="/api", tags=["api"])
MAX_PART_BYTES = 10 * 1024 * 1024  # one pasted text or uploaded file (the ingest limit)
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id or offset is a 422, never an overflow (500)
MAX_OFFSET = 2**31 - 1
# Fetches run on threads of their own (at most FETCH_THREADS at once, the rest wait in line without
# holding a thread), so requests that wait on slow servers never take the threads reads answer on.
FETCH_THREADS = 4
FETCH_POOL = ThreadPoolExecutor(max_workers=FETCH_THREADS, thread_name_prefix="newsfuse-fetch")
StoryId = Annotated[int, Path(ge=0, le=MAX_ID, description="story id")]
ThreadId = Annotated[int, Path(ge=0, le=MAX_ID, description="thread id")]


class ArticleIn(BaseModel):
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 date or date-time")
    author: Optional[str] = None


class StoryOut(BaseModel):
    id: int
    title: str
    size: int = Field(description="articles in the story")
    sources: list[str]
    first: Optional[str] = Field(description="day of the earliest dated article (YYYY-MM-DD)")
    last: Optional[str] = Field(description="day of the latest dated article")
    created: Optional[str] = Field(None, description="when the story was made (ISO 8601, UTC)")
    updated: Optional[str] = Field(None, description="its last change (ISO 8601, UTC)")


class StoryList(BaseModel):
    total: int
    limit: int
    offset: int
    stories: list[StoryOut]


class Problem(BaseModel):
    origin: str
    reason: str


class ArticleResult(BaseModel):
    article_id: str
    origin: str
    title: Optional[str]
    story_id: Optional[int]
    status: str = Field(description="added, duplicate (already stored) or boilerplate (in no story)")
    duplicate_of: Optional[str] = Field(None, description="a duplicate: the id its text is stored under "
                                                           "(an earlier article, or one earlier in this request)")


class AddResult(BaseModel):
    articles: list[ArticleResult]
    stories: list[StoryOut] = Field(description="the stories these articles are in now")
    new_stories: list[int]
    merged: dict[str, int] = Field(description="story id -> the story it was merged into")
    problems: list[Problem]


class FetchIn(BaseModel):
    urls: list[str] = Field(description="article pages or RSS/Atom feeds (http/https, public hosts only)")

    @field_validator("urls")
    @classmethod
    def _valid_unicode(cls, urls: list[str]) -> list[str]:
        for n, url in enumerate(urls, 1):
            if any("\ud800" <= ch <= "\udfff" for ch in url):  # it could not even be written into the answer
                raise ValueError(f"URL {n} holds a lone surrogate (not valid Unicode)")
        return urls


class Deleted(BaseModel):
    deleted: str
    story_id: Optional[int] = None


class Error(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error} for code in (400, 404, 413, 422)
}


def _service(request: Request) -> NewsService:
    return request.app.state.service


def _answer(outcome) -> JSONResponse:
    data = outcome.to_dict()
    if not outcome.articles:
        data["error"] = "no usable article: " + "; ".join(f"{p.origin}: {p.reason}" for p in outcome.problems[:10])
        return JSONResponse(data, status_code=422)
    return JSONResponse(data)


ARTICLES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"anyOf": [
                ArticleIn.model_json_schema(),
                {"type": "array", "items": ArticleIn.model_json_schema()},
            ]}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                          "description": "files in any format `newsfuse brief` reads (RSS/Atom feeds and OPML lists included)"},
                "text": {"type": "string", "description": "pasted article text"},
            }}},
        },
    }
}


@router.post("/articles", response_model=AddResult, responses=ERRORS, openapi_extra=ARTICLES_BODY,
             summary="Add articles (JSON objects or file uploads); answers with the stories they joined")
async def add_articles(request: Request):
    service = _service(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_part_size=MAX_PART_BYTES)
        files, texts = [], []
        for name, value in form.multi_items():
            if hasattr(value, "read"):
                files.append((value.filename or name, await value.read()))
            elif name == "files":  # the schema's files are uploads: a plain field there is a mistake
                await form.close()
                return JSONResponse({"error": "files: expected file uploads (parts with a file name), got a text "
                                              "field"}, status_code=422)
            elif name == "text" and value.strip():
                texts.append(value)
        await form.close()
        outcome = await run_in_threadpool(_add_form, service, files, texts)
        return _answer(outcome)
    if kind not in ("application/json", ""):
        return JSONResponse({"error": f"expected application/json or multipart/form-data, got {kind!r}"},
                            status_code=415)
    from ..ingest.formats import count_objects, load_json
    from ..ingest.reading import InputError
    from ..service.inputs import MAX_REQUEST_ARTICLES

    try:
        text = (await request.body()).decode("utf-8")
        if count_objects(text) > 2 * MAX_REQUEST_ARTICLES + 1:  # refused before 5,000,000 objects are built
            return JSONResponse({"error": f"too many JSON objects: one request adds at most {MAX_REQUEST_ARTICLES:,} "
                                          "articles"}, status_code=413)
        data = load_json(text)
    except UnicodeDecodeError as exc:
        return JSONResponse({"error": f"request body is not valid UTF-8 ({exc.reason} at byte {exc.start})"},
                            status_code=400)
    except InputError as exc:  # malformed, nested too deeply, a number too long
        return JSONResponse({"error": f"request body is not valid JSON: {exc}"}, status_code=400)
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    objects = data if isinstance(data, list) else [data]
    wrong = _wrong_type(objects)
    if wrong:
        return JSONResponse({"error": wrong}, status_code=422)
    outcome = await run_in_threadpool(service.add_objects, objects)
    return _answer(outcome)


def _wrong_type(objects: list) -> str | None:
    """The first field of the schema's article objects given with another JSON type ("source": 5),
    named; None when every such field is a string (or null, where the schema allows it)."""
    for n, obj in enumerate(objects):
        if not isinstance(obj, dict):
            continue
        for key in ("text", "title", "url", "source", "published", "author"):
            value = obj.get(key)
            if key in obj and not isinstance(value, str) and not (value is None and key != "text"):
                where = f"[{n}].{key}" if len(objects) > 1 else key
                return f"{where}: expected a string{'' if key == 'text' else ' or null'}, got {type(value).__name__}"
    return None


def _add_form(service: NewsService, files, texts):
    from ..service import inputs

    articles, problems = inputs.from_files(files) if files else ([], [])
    for n, text in enumerate(texts):
        arts, probs = inputs.from_text(text, "pasted text" if len(texts) == 1 else f"pasted text {n + 1}")
        articles += arts
        problems += probs
    return service.add(articles, problems)


@router.post("/fetch", response_model=AddResult, responses=ERRORS,
             summary="Fetch article or feed URLs (public hosts only) and add their articles")
async def fetch_urls(body: FetchIn, request: Request):
    import asyncio

    outcome = await asyncio.get_running_loop().run_in_executor(FETCH_POOL, _service(request).add_urls, body.urls)
    return _answer(outcome)


@router.get("/stories", response_model=StoryList, responses=ERRORS,
            summary="Stories, most important (top) or newest (new) first; q searches")
def list_stories(request: Request, q: Optional[str] = Query(None, max_length=500, description="full-text search"),
                 limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                 since: Optional[str] = Query(None, max_length=64, description="ISO 8601 date or date-time: only "
                                              "stories created or changed since then"),
                 sort: str = Query("top", pattern="^(top|new)$", description=(
                     "top: by importance, ln(sources) + 0.5 ln(articles) + ln(2) day / 1.5 (independent "
                     "sources, reports, recency; docs/scaling.md); new: latest article first"))):
    from ..service.feeds import parse_since
    from .feeds import not_modified, stories_validator, validator_headers

    service = _service(request)
    after = parse_since(since)
    etag, latest = stories_validator(service, f"{q}|{limit}|{offset}|{after}|{sort}")
    cached = not_modified(request, etag, latest)
    if cached is not None:
        return cached
    total, stories = service.stories(q, limit, offset, since=after, sort=sort)
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "sort": sort,
                         "stories": [s.to_dict() for s in stories]}, headers=validator_headers(etag, latest))


@router.get("/threads", responses=ERRORS, summary="Threads (the event stories of one developing topic), "
            "most recently active first")
def list_threads(request: Request, limit: int = Query(50, ge=1, le=500),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    total, threads = _service(request).threads(limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "threads": [t.to_dict() for t in threads]}


@router.get("/threads/{thread_id}", responses=ERRORS,
            summary="A thread: its event stories as a dated timeline (oldest first), each with its brief, "
                    "and a brief of its own")
def thread(request: Request, thread_id: ThreadId, words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS),
           briefs: bool = Query(True, description="include the briefs (slower for a new thread: one request"
                                f" makes at most {MAX_NEW_STORY_BRIEFS} event-story briefs, the largest stories"
                                " first; a story whose brief is not made yet has `brief` null and its `lede`)")):
    service = _service(request)
    found = service.thread(thread_id)
    out = {"thread": found["thread"].to_dict(), "brief": None, "stories": []}
    if not briefs:
        out["stories"] = [story.to_dict() for story in found["stories"]]
        return out
    own = service.thread_brief(thread_id, words)
    out["brief"] = own.text if own is not None else None
    for story, text, is_brief in service.thread_timeline(found["stories"], words):
        # a story whose brief is not made yet: "brief" null, and its lede to show meanwhile
        out["stories"].append({**story.to_dict(), "lede": story.lede, "brief": text if is_brief else None})
    return out


@router.get("/stories/{story_id}", responses={200: {"content": {"application/json": {}}, "description":
            "the brief in the `newsfuse brief --format json` schema (newsfuse.brief/2, docs/json-schema.md)"},
            **ERRORS}, summary="A story's brief for a word budget")
async def story_brief(request: Request, story_id: StoryId,
                      words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS, description="word budget"),
                      facts: bool = Query(False, description="add the facts section (people, quotes, timeline, "
                                                             "figures) as `newsfuse brief --facts` does; slower"),
                      since: Optional[str] = Query(None, max_length=64, description="ISO 8601: add `updates`, the "
                                                   "sentences of reports added since then that no earlier report "
                                                   "states, each citing only those new reports")):
    service = _service(request)
    options = BriefOptions(words=words, facts=facts, since=since)
    if since is not None:
        from ..service.feeds import parse_since

        after = parse_since(since)
        if after is None:
            raise ValueError("since must be an ISO 8601 date or date-time")
        text = await run_in_threadpool(service.render, story_id, "json", options)
        data = json.loads(text)
        data["updates"] = await run_in_threadpool(service.updates, story_id, after)
        return JSONResponse(data)
    if facts:
        text = await run_in_threadpool(service.render, story_id, "json", options)
        return Response(text, media_type="application/json")
    text = service.brief_json_if_ready(story_id, words)  # in memory: answered without a thread hop
    if text is None:
        text = await run_in_threadpool(service.brief_json, story_id, words)
    return Response(text, media_type="application/json")


@router.get("/stories/{story_id}/view", responses=ERRORS,
            summary="What the story page shows: the brief and where each cited report says each sentence")
def story_view(request: Request, story_id: StoryId, words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS)):
    service = _service(request)
    return {"story": service.story(story_id).to_dict(), **service.view(story_id, words)}


@router.get("/stories/{story_id}/sources/{number}", responses=ERRORS,
            summary="One report of the story, as the brief's offsets refer to it (cleaned text)")
def story_source(request: Request, story_id: StoryId, number: Annotated[int, Path(ge=0, le=MAX_OFFSET)]):
    return _service(request).source_text(story_id, number)


@router.delete("/stories/{story_id}", response_model=Deleted, responses=ERRORS, summary="Delete a story")
def delete_story(request: Request, story_id: StoryId):
    _service(request).delete_story(story_id)
    return {"deleted": str(story_id), "story_id": story_id}


@router.delete("/articles/{article_id}", response_model=Deleted, responses=ERRORS, summary="Delete an article")
def delete_article(request: Request, article_id: str):
    story_id = _service(request).delete_article(article_id)
    return {"deleted": article_id, "story_id": story_id}
