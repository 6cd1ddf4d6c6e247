"""Render stories as Markdown, JSON (schema ``newsfuse.stories/1``) or one HTML page.

Every string from the articles goes through the shared escaping policy of
:mod:`newsfuse.render.escape` (Markdown escaped, HTML autoescaped, links only
from ``link_url``)."""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..ingest import InputProblem
from ..render.escape import link_url, md_text
from .group import Story

SCHEMA = "newsfuse.stories/1"


def _span(s: Story) -> str:
    if not s.first:
        return "undated"
    return s.first if s.first == s.last else f"{s.first} to {s.last}"


def _brief_text(s: Story) -> str:
    """The brief of a story as Markdown (sentence text escaped)."""
    if s.brief is None:
        return ""
    return " ".join(f"{md_text(x.text)} " + "".join(f"[{c}]" for c in x.citations) for x in s.brief.sentences)


def to_dict(stories: Sequence[Story], problems: Sequence[InputProblem], notes: Sequence[str]) -> dict[str, Any]:
    from ..render.json import to_dict as brief_dict

    return {
        "schema": SCHEMA,
        "story_count": len(stories),
        "article_count": sum(len(s.articles) for s in stories),
        "stories": [
            {
                "number": s.number,
                "story_id": s.story_id,
                "thread": s.thread,
                "title": s.title,
                "size": len(s.articles),
                "sources": s.sources,
                "first_published": s.first,
                "last_published": s.last,
                "articles": [
                    {"id": a.id, "source": a.source, "title": a.title, "url": a.url, "published": a.published,
                     "origin": a.origin}
                    for a in s.articles
                ],
                "brief": brief_dict(s.brief) if s.brief is not None else None,
                "problem": s.problem,
            }
            for s in stories
        ],
        "notes": list(notes),
        "problems": [{"origin": p.origin, "reason": p.reason} for p in problems],
    }


def to_markdown(stories: Sequence[Story], problems: Sequence[InputProblem], notes: Sequence[str]) -> str:
    lines = [f"# {len(stories)} stories from {sum(len(s.articles) for s in stories)} articles", ""]
    for s in stories:
        ident = f" (story {s.story_id})" if s.story_id is not None else ""
        lines.append(f"## {s.number}. {md_text(s.title)}{ident}")
        lines.append("")
        lines.append(f"*{len(s.articles)} article(s), {len(s.sources)} source(s), {md_text(_span(s))}*")
        lines.append("")
        text = _brief_text(s)
        if text:
            lines += [text, ""]
        elif s.problem:
            lines += [f"_(no brief: {md_text(s.problem)})_", ""]
        if s.brief is not None:
            lines += [f"{src.number}. {md_text(src.label)}" + (f" — {md_text(src.title)}" if src.title else "")
                      for src in s.brief.sources]
        else:
            lines += [f"- {md_text(a.source)}" + (f" — {md_text(a.title)}" if a.title else "") for a in s.articles]
        lines.append("")
    for note in notes:
        lines.append(f"> {md_text(note)}")
    return "\n".join(lines).rstrip() + "\n"


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ stories|length }} stories</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48em;margin:2em auto;padding:0 1em}
.meta{color:#555}.cite{color:#06c;font-size:.8em}section{border-top:1px solid #ddd;margin-top:1.5em}</style>
</head><body>
<h1>{{ stories|length }} stories from {{ article_count }} articles</h1>
{% for s in stories %}<section id="story-{{ s.number }}">
<h2>{{ s.number }}. {{ s.title }}</h2>
<p class="meta">{{ s.articles|length }} article(s), {{ s.sources|length }} source(s), {{ span(s) }}</p>
{% if s.brief %}<p>{% for x in s.brief.sentences %}{{ x.text }} {% for c in x.citations %}<span class="cite">[{{ c }}]</span>{% endfor %} {% endfor %}</p>
<ol>{% for src in s.brief.sources %}{% set href = link_url(src.url) %}<li>{% if href %}<a href="{{ href }}" rel="noopener noreferrer nofollow">{{ src.label }}</a>{% else %}{{ src.label }}{% endif %}{% if src.title %} — {{ src.title }}{% endif %}</li>{% endfor %}</ol>
{% elif s.problem %}<p class="meta">(no brief: {{ s.problem }})</p>{% endif %}
</section>{% endfor %}
{% for n in notes %}<p class="meta">{{ n }}</p>{% endfor %}
</body></html>
"""


def to_html(stories: Sequence[Story], problems: Sequence[InputProblem], notes: Sequence[str]) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True)
    return env.from_string(_HTML).render(
        stories=stories, notes=notes, span=_span, link_url=link_url,
        article_count=sum(len(s.articles) for s in stories)
    )


def to_json(stories: Sequence[Story], problems: Sequence[InputProblem], notes: Sequence[str]) -> str:
    return json.dumps(to_dict(stories, problems, notes), ensure_ascii=False, indent=2) + "\n"


# the story list in each format of newsfuse.render.FORMATS (the same names; a test checks)
RENDERERS = {"md": to_markdown, "json": to_json, "html": to_html}


def render(stories: Sequence[Story], fmt: str, problems: Sequence[InputProblem] = (), notes: Sequence[str] = ()) -> str:
    from ..render import check_format

    return RENDERERS[check_format(fmt)](stories, problems, notes)
