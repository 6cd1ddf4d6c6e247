"""The pages: story list, story (brief, citations, sources, removed junk, downloads), add articles.

Templates are Jinja2 with autoescape on: every piece of article text is shown
as text. Links are only made from http(s) URLs, percent-encoded (:func:`newsfuse.render.escape.link_url`).
The story page works without JavaScript (a citation opens the report on its own
page); ``static/story.js`` makes citations open in place and changes the
brief's length without reloading the page, through the JSON API.
"""
from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader

from ..brief_model import DEFAULT_WORDS
from ..pipeline import BriefOptions
from ..render import FORMATS
from ..render.escape import link_url
from ..service import MAX_WORDS, NewsService
from ..service.inputs import outlet_count, readable_label
from ..text import iso_time
from .api import MAX_OFFSET, StoryId, ThreadId
from .display import ago, full_time, smarten

router = APIRouter(include_in_schema=False)
log = logging.getLogger("newsfuse.web")
PAGE_SIZE = 50
STEPS = (60, 120, 250, 400, 600)  # the lengths "shorter" and "longer" step through

_env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)
_env.globals.update(link_url=link_url, steps=STEPS, iso_time=iso_time)
_env.globals.update(ago=ago, full_time=full_time)
_env.filters["smarten"] = smarten
_env.filters["outlet"] = readable_label
_env.filters["outlet_count"] = outlet_count
_env.tests["boilerplate_note"] = lambda reason: str(reason).startswith("boilerplate only")  # listed per article
_env.filters["when"] = lambda iso: str(iso).replace("T", " ").replace("Z", " UTC")


def page(name: str, code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**context), status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page("error.html", status, status=status, message=message)


def _service(request: Request) -> NewsService:
    return request.app.state.service


def _foreign(request: Request) -> bool:
    """A link followed from another site's page (marked by ``app.Guard``: ``foreign_navigation``)."""
    return bool(request.scope.get("state", {}).get("foreign"))


def not_made_here(request: Request, what: str) -> HTMLResponse:
    """What a link from another site gets instead of something that would have to be made: a page
    whose link (the same address, followed from this server's own page) makes it."""
    return page("elsewhere.html", what=what, again=request.url.path + (f"?{request.url.query}" if request.url.query else ""))


@router.get("/", response_class=HTMLResponse)
def index(request: Request, q: Optional[str] = Query(None, max_length=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
          sort: str = Query("top", pattern="^(top|new)$")):
    total, stories = _service(request).stories(q, PAGE_SIZE, offset, sort=sort)
    reports = _service(request).reports()
    return page("index.html", stories=stories, total=total, q=q or "", offset=offset, page_size=PAGE_SIZE,
                reports=reports, sort=sort)


@router.get("/threads", response_class=HTMLResponse)
def threads(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    total, found = _service(request).threads(PAGE_SIZE, offset)
    return page("threads.html", threads=found, total=total, offset=offset, page_size=PAGE_SIZE)


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread(request: Request, thread_id: ThreadId, words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS)):
    """A thread: a brief of its own, then its event stories as a dated timeline, each with its brief."""
    service = _service(request)
    found = service.thread(thread_id)
    own = service.thread_brief(thread_id, words)
    items = service.thread_timeline(found["stories"], words)
    return page("thread.html", thread=found["thread"], brief=own.text if own is not None else "", items=items,
                words=words)


def _removed(brief: dict) -> list[dict]:
    out = []
    for src in brief["sources"]:
        if src["removed"]:
            counts = Counter(r["reason"] for r in src["removed"])
            out.append({"number": src["number"], "label": src["label"], "counts": counts.most_common(),
                        "items": src["removed"]})
    return out


def _facts(service: NewsService, story_id: int) -> tuple[dict | None, str | None]:
    """The facts section's data, or why there is none (the facts stage must not take the page down)."""
    from ..render.facts import facts_dict

    try:
        return facts_dict(service.facts(story_id)), None
    except Exception as exc:
        log.exception("facts of story %s", story_id)
        return None, f"the facts could not be extracted ({type(exc).__name__})"


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: StoryId, words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS),
          facts: bool = Query(False)):
    service = _service(request)
    summary = service.story(story_id)
    if _foreign(request):  # a link from another site: show what is made, make nothing
        view = service.view_if_ready(story_id, words)
        if view is None:
            return not_made_here(request, f"The brief of story {story_id}")
        facts = False
    else:
        view = service.view(story_id, words)
    found, facts_problem = _facts(service, story_id) if facts else (None, None)
    if not facts and not _foreign(request):
        service.facts_soon(story_id)  # ready by the time "Show the facts" is clicked
    brief = view["brief"]
    paragraphs: dict[int, list] = {}
    for i, s in enumerate(brief["sentences"]):
        paragraphs.setdefault(s["paragraph"], []).append((i, s))
    return page("story.html", story=summary, brief=brief, words=words, anchors=view["anchors"],
                paragraphs=[p for _, p in sorted(paragraphs.items())], removed=_removed(brief),
                show_facts=facts, facts=found, facts_problem=facts_problem)


@router.get("/stories/{story_id}/sources/{number}", response_class=HTMLResponse)
def source(request: Request, story_id: StoryId, number: Annotated[int, PathParam(ge=0, le=MAX_OFFSET)],
           start: int = Query(0, ge=0, le=MAX_OFFSET), end: int = Query(0, ge=0, le=MAX_OFFSET)):
    """A report with one passage highlighted (what a citation opens when scripts are off)."""
    if _foreign(request):  # the report's cleaned text is made from the whole story
        return not_made_here(request, f"Report {number} of story {story_id}")
    src = _service(request).source_text(story_id, number)
    text = src["text"]
    start, end = min(start, len(text)), min(max(start, end), len(text))
    return page("source.html", story_id=story_id, src=src, before=text[:start], marked=text[start:end],
                after=text[end:])


@router.get("/stories/{story_id}/brief.{fmt}")
def download(request: Request, story_id: StoryId, fmt: str, words: int = Query(DEFAULT_WORDS, ge=1, le=MAX_WORDS),
             facts: bool = Query(False)):
    if fmt not in FORMATS:
        return error_page(request, 404, f"no download format {fmt!r} ({', '.join(FORMATS)})")
    if _foreign(request):
        return not_made_here(request, f"The {fmt.upper()} download of story {story_id}")
    text = _service(request).render(story_id, fmt, BriefOptions(words=words, facts=facts))
    headers = {"Content-Disposition": f'attachment; filename="story-{story_id}-{words}w.{fmt}"'}
    if fmt == "html":  # the renderer's page styles itself inline; it runs no script
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return Response(text, media_type=FORMATS[fmt].media_type, headers=headers)


@router.api_route("/add", methods=["GET", "HEAD"], response_class=HTMLResponse)
def add_form(request: Request):
    return page("add.html", outcome=None)


@router.post("/add", response_class=HTMLResponse)
async def add_submit(request: Request):
    from .api import MAX_PART_BYTES, _add_form

    service = _service(request)
    form = await request.form(max_part_size=MAX_PART_BYTES)
    files = []
    for value in form.getlist("files"):
        if hasattr(value, "read"):
            data = await value.read()
            if value.filename or data:
                files.append((value.filename or "upload", data))
    text = form.get("text") or ""
    urls = [u.strip() for u in str(form.get("urls") or "").split() if u.strip()]
    follow = bool(form.get("follow"))
    await form.close()
    if follow and urls:  # subscriptions: the feeds page says what became of each
        from .feeds import follow_urls

        return await run_in_threadpool(follow_urls, request, urls)

    def run():
        outcome = _add_form(service, files, [text] if isinstance(text, str) and text.strip() else [])
        if urls:
            more = service.add_urls(urls)
            outcome.articles += more.articles
            outcome.problems += more.problems
            known = {s.id for s in outcome.stories}
            outcome.stories += [s for s in more.stories if s.id not in known]
        return outcome

    typed = {"text": text if isinstance(text, str) else "", "urls": "\n".join(urls)}
    if not files and not urls and not (isinstance(text, str) and text.strip()):
        return page("add.html", 400, outcome=None, message="Choose files, paste a text or give URLs.", typed=typed)
    outcome = await run_in_threadpool(run)
    added = any(a["status"] == "added" for a in outcome.articles)
    # what the user typed stays in the form unless every part of it was taken
    kept = typed if (not added or outcome.problems) else None
    return page("add.html", 200 if outcome.articles else 422, outcome=outcome, typed=kept)
