"""Feeds: RSS and Atom documents -> Articles (through feedparser), and OPML subscription lists -> feed URLs.

Each entry of a feed becomes an Article: its text is the entry's content (or
summary) with HTML removed, with title, link, author and publication date
(ISO 8601, UTC). An OPML document lists feeds (``<outline xmlUrl="...">``);
:func:`parse_opml` returns their http(s) URLs. Reading files, bytes and URLs
and dispatching them here is :mod:`newsfuse.ingest.readers`' job (feed URLs
are fetched by :func:`newsfuse.ingest.fetch.fetch_url`: public addresses only,
10 s, 10 MB). Bad feeds never raise out of ingest: they become InputProblems.
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .model import Article, host_of, make_article

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_TAG = re.compile(r"<[^<>]*>")
MAX_OPML_FEEDS = 50  # feeds read from one OPML list (each is a fetch)


class FeedError(Exception):
    """A feed that cannot be used; the message is shown to the user."""


def read_feeds(items: list[str], budget=None) -> tuple[list[Article], list]:
    """Articles of every feed (file or URL), read as feeds whatever their names; each bad feed
    becomes an InputProblem. One run ``budget`` (:mod:`newsfuse.ingest.budget`) for all."""
    from .readers import read_any

    return read_any(items, budget, kind="feed")


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


@dataclass
class FeedItem:
    """One entry: its Article, the keys that recognise it at a later check ('guid:...', 'link:...',
    'hash:...'), and whether its text is only a teaser (a summary, no full content)."""

    article: Article
    keys: list[str]
    teaser: bool


@dataclass
class FeedDoc:
    title: str | None
    items: list[FeedItem] = field(default_factory=list)


TEASER_WORDS = 80  # an entry with a summary shorter than this and a link is a teaser


def parse_feed(data: bytes, origin: str) -> list[Article]:
    """Entries of an RSS/Atom document -> Articles (FeedError when nothing usable)."""
    return [item.article for item in read_feed(data, origin).items]


def read_feed(data: bytes, origin: str) -> FeedDoc:
    """An RSS/Atom document -> its title and items (FeedError when nothing usable).

    An item's outlet is the feed's title, else its link's site, else the feed URL's host; a file
    name only for a feed file without any of these."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except (RecursionError, MemoryError, ValueError) as exc:  # hostile XML the parser gives up on
        raise FeedError(f"could not parse feed ({type(exc).__name__})") from None
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"not an RSS/Atom feed or no entries ({reason})" if reason else "feed has no entries")
    feed_title = " ".join(str(parsed.feed.get("title") or "").split()) or None
    is_url = origin.startswith(("http://", "https://"))
    fallback = feed_title or (host_of(origin) if is_url else None) or Path(urlsplit(origin).path).stem or origin
    doc = FeedDoc(feed_title)
    for n, entry in enumerate(parsed.entries):
        contents = entry.get("content") or []
        html = contents[0].get("value", "") if contents else entry.get("summary", "")
        text = _plain(html or "")
        title = entry.get("title")
        if not text and not title:
            continue
        guid, link = entry.get("id"), entry.get("link")
        article = make_article(
            f"{origin}#{guid or link or n}",
            text or title,
            fallback,
            title=title,
            url=link,
            sitename=feed_title,
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            author=entry.get("author"),
        )
        keys = ([f"guid:{guid}"] if guid else []) + ([f"link:{link}"] if link else [])
        keys.append("hash:" + hashlib.sha1(f"{title}\n{text}".encode("utf-8", "replace")).hexdigest())
        teaser = bool(link) and not contents and len((text or "").split()) < TEASER_WORDS
        doc.items.append(FeedItem(article, keys, teaser))
    if not doc.items:
        raise FeedError("feed entries have neither text nor title")
    return doc


def parse_opml(data: bytes | str, origin: str) -> tuple[list[str], int]:
    """The http(s) feed URLs an OPML document lists (``xmlUrl`` of its outlines), in order, each once,
    at most :data:`MAX_OPML_FEEDS`; and how many more it lists. FeedError when it is not OPML or lists none."""
    urls = [url for url, _ in opml_feeds(data)]
    return urls[:MAX_OPML_FEEDS], max(0, len(urls) - MAX_OPML_FEEDS)


def opml_feeds(data: bytes | str) -> list[tuple[str, str | None]]:
    """(URL, title) of every http(s) feed an OPML document lists, in order, each once, folders
    flattened (no cap: a subscription list may be long). FeedError when it is not OPML or lists none."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data, parser)
    except (etree.XMLSyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise FeedError(f"not an OPML document ({type(exc).__name__})") from None
    if root is None or not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        raise FeedError("not an OPML document (no <opml> root)")
    feeds: dict[str, str | None] = {}
    for outline in root.iter("{*}outline"):
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if url.lower().startswith(("http://", "https://")) and url not in feeds:
            feeds[url] = (attrs.get("title") or attrs.get("text") or "").strip() or None
    if not feeds:
        raise FeedError("OPML lists no http(s) feed (outline xmlUrl)")
    return list(feeds.items())
