"""RSS and Atom feeds (files or http(s) URLs) -> Articles, through feedparser.

A feed input is an http(s) URL or a file ending in .rss, .atom or .xml. Each
entry becomes an Article: its text is the entry's content (or summary) with
HTML removed, with title, link, author and publication date (ISO 8601, UTC).

URLs are fetched by :func:`newsfuse.ingest.fetch.fetch_url` (10 s for the
whole fetch, 10 MB at most). A URL that is malformed, whose host is
unreachable, does not resolve, or resolves to a private, loopback, link-local
or otherwise non-public address is skipped with a clear message (so a feed
list cannot be used to probe the local network); the connection goes to the
address that was checked, and redirects are checked the same way. Bad feeds
never raise: they become InputProblems.
"""
from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from ..ingest import Article, InputProblem
from ..ingest.budget import Budget
from ..ingest.fetch import FetchError, fetch_url
from ..ingest.model import make_article

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_TAG = re.compile(r"<[^<>]*>")
MAX_FEED_BYTES = 10 * 1024 * 1024
TIMEOUT_S = 10


class FeedError(Exception):
    """A feed that cannot be used; the message is shown to the user."""


def is_feed_input(item: str) -> bool:
    text = str(item)
    return text.startswith(("http://", "https://")) or text.lower().endswith(FEED_SUFFIXES)


def read_feeds(items: list[str], budget: Budget | None = None) -> tuple[list[Article], list[InputProblem]]:
    """Articles of every feed (file or URL); each bad feed becomes an InputProblem.

    Articles are screened and counted against ``budget`` (the run budget of
    :mod:`newsfuse.ingest.budget`; a fresh one when None) like any input."""
    budget = budget if budget is not None else Budget()
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for item in items:
        if budget.spent is not None:
            problems.append(budget.cut(str(item)))
            continue
        try:
            data = fetch(item) if str(item).startswith(("http://", "https://")) else _read_file(Path(item))
            arts, probs = budget.admit((parse_feed(data, str(item)), []), str(item))
            articles += arts
            problems += probs
        except FeedError as exc:
            problems.append(InputProblem(str(item), str(exc)))
    return articles, problems


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise FeedError("no such feed file")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise FeedError(f"feed file larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def fetch(url: str) -> bytes:
    """The feed at ``url`` through :func:`newsfuse.ingest.fetch.fetch_url` (FeedError on failure)."""
    try:
        return fetch_url(url, deadline=TIMEOUT_S, max_bytes=MAX_FEED_BYTES)
    except FetchError as exc:
        raise FeedError(str(exc)) from None


def _plain(html: str) -> str:
    """Text of an HTML fragment, paragraphs kept apart."""
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except Exception:  # markup lxml refuses (e.g. nested deeper than it allows): drop the tags
        return " ".join(_TAG.sub(" ", html).split())
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    lines = (" ".join(part.split()) for part in root.text_content().split("\n\n"))
    text = "\n\n".join(line for line in lines if line)
    return text or " ".join(_TAG.sub(" ", html).split())  # lxml gives up on very deep trees


def _iso(struct: time.struct_time | None) -> str | None:
    if not struct:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", struct)


def parse_feed(data: bytes, origin: str) -> list[Article]:
    """Entries of an RSS/Atom document -> Articles (FeedError when nothing usable)."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except (RecursionError, MemoryError, ValueError) as exc:  # hostile XML the parser gives up on
        raise FeedError(f"could not parse feed ({type(exc).__name__})") from None
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"not an RSS/Atom feed or no entries ({reason})" if reason else "feed has no entries")
    feed_title = parsed.feed.get("title")
    articles = []
    for n, entry in enumerate(parsed.entries):
        contents = entry.get("content") or []
        html = contents[0].get("value", "") if contents else entry.get("summary", "")
        text = _plain(html or "")
        title = entry.get("title")
        if not text and not title:
            continue
        articles.append(
            make_article(
                f"{origin}#{entry.get('id') or entry.get('link') or n}",
                text or title,
                feed_title or Path(urlsplit(origin).path).stem or origin,
                title=title,
                url=entry.get("link"),
                sitename=feed_title,
                published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                author=entry.get("author"),
            )
        )
    if not articles:
        raise FeedError("feed entries have neither text nor title")
    return articles
