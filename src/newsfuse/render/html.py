"""HTML rendering of a Brief: one self-contained page (inline CSS, no external assets).

Report text is untrusted: the jinja2 template is rendered with autoescape on,
and URLs become links only through ``escape.link_url`` (the shared escaping
policy of ``newsfuse.render.escape``).
"""
from __future__ import annotations

from collections import Counter
from importlib import resources

from ..brief_model import Brief
from .json import to_dict
from .escape import link_url
from .markdown import shorten

TEMPLATE = "brief.html.j2"


def _removed(data: dict) -> list[dict]:
    items = []
    for src in data["sources"]:
        if not src["removed"]:
            continue
        counts = Counter(r["reason"] for r in src["removed"])
        examples: dict[str, str] = {}
        for r in src["removed"]:
            examples.setdefault(r["reason"], shorten(r["text"]))
        items.append(
            {
                "number": src["number"],
                "label": src["label"],
                "counts": counts.most_common(),
                "examples": list(examples.items()),
            }
        )
    return items


def to_html(brief: Brief) -> str:
    from jinja2 import Environment

    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    source = resources.files("newsfuse.render").joinpath("templates", TEMPLATE).read_text("utf-8")
    template = env.from_string(source)
    data = to_dict(brief)
    paragraphs: dict[int, list[dict]] = {}
    for s in data["sentences"]:
        paragraphs.setdefault(s["paragraph"], []).append(s)
    return template.render(
        data=data,
        paragraphs=[p for _, p in sorted(paragraphs.items())],
        removed=_removed(data),
        link_url=link_url,
    )
