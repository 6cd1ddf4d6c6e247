"""The stories as a feed others can follow: Atom 1.0 and JSON Feed 1.1 (pure functions).

One entry per story: its id is a tag URI of the story, ``updated`` its last
change, the link its story page, and the content its brief as HTML: every
sentence with its citations, each citation a link to the report's own URL
(when the report has an http(s) one), then the numbered list of sources.
Every piece of article text is escaped: a feed reader shows it as text.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any, Sequence

from ..render.escape import link_url

GENERATOR = "newsfuse"


def brief_html(brief: dict[str, Any], page: str) -> str:
    """The brief (``newsfuse.brief/2`` data) as a small HTML fragment with citations and source links."""
    urls = {src["number"]: link_url(src.get("url")) for src in brief.get("sources", [])}
    paragraphs: dict[int, list[str]] = {}
    for s in brief.get("sentences", []):
        cites = []
        for n in s.get("citations", []):
            href = urls.get(n)
            cites.append(f'<a href="{escape(href)}">[{n}]</a>' if href else f"[{n}]")
        paragraphs.setdefault(s.get("paragraph", 0), []).append(escape(s["text"]) + " " + "".join(cites))
    parts = [f"<p>{' '.join(p)}</p>" for _, p in sorted(paragraphs.items())]
    items = []
    for src in brief.get("sources", []):
        label = escape(src.get("label") or "report")
        title = escape(src.get("title") or "")
        href = urls.get(src["number"])
        name = f'<a href="{escape(href)}">{title or label}</a>' if href else (title or label)
        items.append(f"<li>[{src['number']}] {label}{': ' + name if title or href else ''}</li>")
    if items:
        parts.append("<p>Sources:</p><ol>" + "".join(items) + "</ol>")
    parts.append(f'<p><a href="{escape(page)}">The story on newsfuse</a></p>')
    return "".join(parts)


def atom(stories: Sequence[dict[str, Any]], *, base: str, updated: str, title: str = "newsfuse stories") -> str:
    """``stories``: dicts with id, title, updated (ISO), created (ISO), html (the brief) and sources."""
    from xml.sax.saxutils import escape as x

    host = base.split("//", 1)[-1].split("/")[0].split(":")[0] or "localhost"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <title>{x(title)}</title>", f"  <id>{x(base)}/</id>",
             f'  <link rel="self" type="application/atom+xml" href="{x(base)}/feeds/stories.atom"/>',
             f'  <link rel="alternate" type="text/html" href="{x(base)}/"/>',
             f"  <updated>{x(updated)}</updated>", f"  <generator>{GENERATOR}</generator>"]
    for s in stories:
        page = f"{base}/stories/{s['id']}"
        lines += ["  <entry>", f"    <id>tag:{x(host)},2026:story-{s['id']}</id>", f"    <title>{x(s['title'])}</title>",
                  f'    <link rel="alternate" type="text/html" href="{x(page)}"/>',
                  f"    <updated>{x(s['updated'])}</updated>"]
        if s.get("created"):
            lines.append(f"    <published>{x(s['created'])}</published>")
        lines.append(f"    <author><name>{x(', '.join(s.get('sources') or []) or 'newsfuse')}</name></author>")
        lines.append(f'    <content type="html">{x(s["html"])}</content>')
        lines.append("  </entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def json_feed(stories: Sequence[dict[str, Any]], *, base: str, title: str = "newsfuse stories") -> str:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": f"{base}/",
           "feed_url": f"{base}/feeds/stories.json",
           "items": [{"id": f"{base}/stories/{s['id']}", "url": f"{base}/stories/{s['id']}", "title": s["title"],
                      "content_html": s["html"], "date_published": s.get("created"), "date_modified": s["updated"],
                      "authors": [{"name": n} for n in (s.get("sources") or [])]}
                     for s in stories]}
    return json.dumps(doc, ensure_ascii=False, indent=1)
