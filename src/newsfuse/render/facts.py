"""The facts section of every output (``Brief.facts``, see newsfuse.facts).

``facts_dict`` is the ``facts`` object of the JSON schema (docs/json-schema.md),
also what the HTML template reads; ``facts_markdown`` gives the Markdown lines.
Every string from a report goes through the shared escaping policy
(:mod:`newsfuse.render.escape`): ``md_text`` here, autoescape in HTML.
"""
from __future__ import annotations

import math
from typing import Any

from ..facts.model import Difference, Facts, Figure, Mention
from .escape import md_text

MAX_MD_ENTITIES = 25
MAX_MD_EVENTS = 30
MAX_MD_SINGLE = 10


def _mention(m: Mention) -> dict[str, Any]:
    return {"source": m.source, "article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text}


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else round(x, 6)


def _figure(f: Figure) -> dict[str, Any]:
    return {
        "text": f.text,
        "value": round(f.value, 6),
        "low": _bound(f.low),
        "high": _bound(f.high),
        "unit": f.unit,
        "thing": f.thing,
        "source": f.source,
        "published": f.published,
        "sentence": f.sentence,
        "mention": _mention(f.mention),
    }


def _difference(d: Difference) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "about": d.about,
        "statements": [
            {"text": st.text, "source": st.source, "published": st.published, "sentence": st.sentence,
             "mention": _mention(st.mention)}
            for st in d.statements
        ],
    }


def facts_dict(facts: Facts) -> dict[str, Any]:
    return {
        "model": facts.model,
        "entities": [
            {"id": e.id, "kind": e.kind, "name": e.name, "names": list(e.names), "role": e.role,
             "reports": list(e.reports), "mentions": [_mention(m) for m in e.mentions]}
            for e in facts.entities
        ],
        "quotes": [
            {"id": q.id, "text": q.text, "speaker": q.speaker, "speaker_entity": q.speaker_entity,
             "role": q.role, "reports": list(q.reports), "single_source": q.single_source,
             "speakers": [{"name": sp.name, "entity": sp.entity, "role": sp.role, "reports": list(sp.reports)}
                          for sp in q.speakers],
             "mentions": [_mention(m) for m in q.mentions]}
            for q in facts.quotes
        ],
        "timeline": [
            {"date": e.date, "precision": e.precision, "expression": e.expression, "text": e.text,
             "kind": e.kind, "reports": list(e.reports), "single_source": e.single_source,
             "mentions": [_mention(m) for m in e.mentions]}
            for e in facts.timeline
        ],
        "disagreements": [
            {"kind": c.kind, "thing": c.thing, "figures": [_figure(f) for f in c.figures]}
            for c in facts.disagreements
        ],
        "updates": [
            {"kind": c.kind, "thing": c.thing, "figures": [_figure(f) for f in c.figures]}
            for c in facts.updates
        ],
        "single_source_figures": [_figure(f) for f in facts.single_source_figures],
        "differences": [_difference(d) for d in facts.differences],
    }


def _cites(numbers) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _one(reports) -> str:
    """The mark of a claim only one report (or one family of copies) makes."""
    return " *(one report)*" if len(reports) == 1 else " *(one text family)*"


def facts_markdown(facts: Facts) -> list[str]:
    out = ["## Facts", ""]
    kinds = [("person", "People"), ("organisation", "Organisations"), ("place", "Places"), ("product", "Products"), ("work", "Works")]
    for kind, title in kinds:
        items = [e for e in facts.entities if e.kind == kind][:MAX_MD_ENTITIES]
        if not items:
            continue
        out += [f"### {title}", ""]
        for e in items:
            line = f"- **{md_text(e.name)}**"
            if len(e.names) > 1:
                line += " (also " + ", ".join(md_text(n) for n in e.names[1:]) + ")"
            if e.role:
                line += f", {md_text(e.role)}"
            out.append(line + f" {_cites(e.reports)}")
        out.append("")
    if facts.quotes:
        out += ["### Quotes", ""]
        for q in facts.quotes:
            if q.speaker:
                who = md_text(q.speaker) + (f", {md_text(q.role)}" if q.role else "")
            elif len(q.speakers) > 1:
                who = "*the reports differ:* " + "; ".join(f"{md_text(sp.name)} {_cites(sp.reports)}" for sp in q.speakers)
            else:
                who = "*speaker not stated*"
            note = _one(q.reports) if q.single_source else ""
            out.append(f"- “{md_text(q.text)}” — {who} {_cites(q.reports)}{note}")
        out.append("")
    if facts.disagreements or facts.updates or facts.differences:
        out += ["### Where the reports differ", ""]
        for c in facts.disagreements + facts.updates:
            label = "Update" if c.kind == "update" else "Disagreement"
            sides = "; ".join(
                f"“{md_text(f.text)}” [{f.source}]" + (f" ({md_text(f.published)})" if f.published else "")
                for f in c.figures
            )
            out.append(f"- {label} ({md_text(c.thing)}): {sides}")
        for d in facts.differences:
            label = "Update" if d.kind == "update" else "Disagreement"
            sides = "; ".join(
                f"“{md_text(st.text)}” [{st.source}]" + (f" ({md_text(st.published)})" if st.published else "")
                for st in d.statements
            )
            out.append(f"- {label} ({d.about}): {sides}")
        out.append("")
    if facts.single_source_figures:
        shown = facts.single_source_figures[:MAX_MD_SINGLE]
        out += [f"### Figures only one report gives ({len(facts.single_source_figures)})", ""]
        out += [f"- “{md_text(f.text)}” [{f.source}]" for f in shown]
        out.append("")
    if facts.timeline:
        out += ["### Timeline", ""]
        for e in facts.timeline[:MAX_MD_EVENTS]:
            when = md_text(e.date if e.precision == "day" else f"{e.date} ({e.precision})") if e.date else "undated"
            label = {"update": "update: ", "background": "background: "}.get(e.kind, "")
            note = _one(e.reports) if e.single_source else ""
            out.append(f"- **{when}** ({label}{md_text(e.expression)}): {md_text(e.text)} {_cites(e.reports)}{note}")
        out.append("")
    if len(out) == 2:
        out += ["*No entities, quotes, dates or figures found.*", ""]
    out.append(f"*Facts extracted with {md_text(facts.model)}.*")
    return out
