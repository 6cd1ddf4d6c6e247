"""OPML (the feed readers' subscription list format) in and out, for subscriptions.

Reading is the ingest stage's (:func:`newsfuse.ingest.feeds.opml_feeds`: lxml with
entities, DTDs and the network off; every http(s) ``outline xmlUrl`` at any depth).
"""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_OUTLINES = 5000


def read_opml(data: bytes) -> tuple[list[tuple[str, str | None]], list[dict[str, Any]]]:
    """(url, title) of every feed in the document (:func:`newsfuse.ingest.feeds.opml_feeds`), and the
    problems (a bad document is one problem)."""
    from ..ingest.feeds import FeedError, opml_feeds

    if len(data) > MAX_OPML_BYTES:
        return [], [{"origin": "opml", "reason": f"OPML larger than {MAX_OPML_BYTES // (1024 * 1024)} MB"}]
    try:
        feeds = opml_feeds(data)
    except FeedError as exc:
        return [], [{"origin": "opml", "reason": str(exc)}]
    problems = []
    if len(feeds) > MAX_OUTLINES:
        problems.append({"origin": "opml", "reason": f"{len(feeds)} feeds; only the first {MAX_OUTLINES} are followed"})
    return feeds[:MAX_OUTLINES], problems


def write_opml(feeds: list[tuple[str, str | None]], title: str = "newsfuse feeds") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for url, name in feeds:
        label = name or url
        lines.append(f'    <outline type="rss" text={quoteattr(label)} title={quoteattr(label)} xmlUrl={quoteattr(url)}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
