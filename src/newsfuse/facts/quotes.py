"""Direct quotations of a story, merged across reports, with their speakers.

Spans are :mod:`.quote_spans`'; speakers per report are :mod:`.speakers`' (named
only where the text says who). Across reports, quotations with the same words
(quote marks, case, punctuation, "U.S."/"US" ignored) or one a shortened form of
the other are one :class:`Quote`. Its speaker is the one the reports that name a
speaker agree on (the same entity, or the same last name); where they disagree the
quote has no single speaker and lists each with its reports (``Quote.speakers``).
"""
from __future__ import annotations

import re
from typing import Sequence

from rapidfuzz import fuzz

from ..text import words
from .model import Entity, Mention, Quote, QuoteSpeaker
from ..dedup.names import fold, strip_titles
from .nlp import Paragraph
from .quote_spans import Span
from .speakers import NEAR, attribute, bylines

def _norm(text: str) -> str:
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", text)
    return " ".join(words(fold(text.replace("-", " "))))


def extract(paras: Sequence[Sequence[Paragraph]], entities: Sequence[Entity], family: dict[int, int] | None = None,
            raw: Sequence[str] = ()) -> list[Quote]:
    """Quotes of the story, merged across reports, linked to entities; `raw`: the reports'
    texts before cleaning (their bylines name reporters, who are never speakers)."""
    family = family or {}
    entity_of: dict[str, Entity] = {}
    for e in entities:
        for n in e.names:
            key = fold(strip_titles(n))
            entity_of.setdefault(key, e)
            if e.kind == "person" and key:
                entity_of.setdefault(key.split()[-1], e)  # "Dillon said" -> Ryan Dillon
    person_names = {strip_titles(n) for e in entities if e.kind == "person" for n in e.names}
    groups: list[dict] = []
    for n, article in enumerate(paras):
        if not article:
            continue
        reporters = bylines(raw[n] if n < len(raw) else "") | bylines("\n\n".join(p.text for p in article[:3]))
        found = attribute(article, person_names, reporters)
        # quotations of one speaker in one paragraph form one quote
        units: list[list[Span]] = []
        for s in found:
            prev = units[-1][-1] if units else None
            if prev is not None and prev.para is s.para and prev.speaker == s.speaker and s.speaker and s.start - prev.end < NEAR:
                units[-1].append(s)
            else:
                units.append([s])
        for unit in units:
            text = " … ".join(s.text for s in unit)
            key = _norm(text)
            mentions = [Mention(s.para.article_id, s.para.source, s.para.start + s.start, s.para.start + s.end, s.para.text[s.start:s.end]) for s in unit]
            group = next((g for g in groups if _same(g["key"], key)), None)
            if group is None:
                groups.append({"key": key, "text": text, "speakers": [], "mentions": mentions})
                group = groups[-1]
            else:
                group["mentions"].extend(mentions)
                if len(key) > len(group["key"]):
                    group["key"] = key
            if unit[0].speaker:
                group["speakers"].append((unit[0].speaker, unit[0].para.source))
    quotes = []
    for i, g in enumerate(groups):
        named = _speakers(g["speakers"], entity_of)
        one = named[0] if len(named) == 1 else None
        reports = sorted({m.source for m in g["mentions"]})
        quotes.append(
            Quote(
                id=f"Q{i + 1}",
                text=g["text"],
                speaker=one.name if one else None,
                speaker_entity=one.entity if one else None,
                role=one.role if one else None,
                reports=reports,
                mentions=g["mentions"],
                single_source=len({family.get(r, r) for r in reports}) == 1,
                speakers=named,
            )
        )
    return quotes


def _speakers(said: list[tuple[str, int]], entity_of: dict[str, Entity]) -> list[QuoteSpeaker]:
    """The distinct speakers the reports name (same entity or same last name = one), most
    reports first, each with its reports and its fullest spelling."""
    groups: list[dict] = []
    for name, source in said:
        ent = _entity_for(name, entity_of)
        last = fold(strip_titles(name)).split()[-1:] or [name]
        g = next((g for g in groups if (ent is not None and g["entity"] is ent) or last[0] in g["lasts"]), None)
        if g is None:
            groups.append({"entity": ent, "lasts": set(last), "names": [name], "reports": {source}})
            continue
        g["lasts"].add(last[0])
        g["names"].append(name)
        g["reports"].add(source)
        g["entity"] = g["entity"] or ent
    out = []
    for g in sorted(groups, key=lambda g: (-len(g["reports"]), min(g["reports"]))):
        ent = g["entity"]
        name = max(g["names"], key=lambda n: (g["names"].count(n), len(n)))
        if ent is not None and ent.kind == "person" and len(ent.name) > len(name):
            name = ent.name
        out.append(QuoteSpeaker(name, ent.id if ent else None, ent.role if ent else None, sorted(g["reports"])))
    return out


def _entity_for(speaker: str, entity_of: dict[str, Entity]) -> Entity | None:
    key = fold(strip_titles(speaker))
    if key in entity_of:
        return entity_of[key]
    return None


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short.split()) < 5:
        return False
    if short in long:
        return True
    return fuzz.ratio(a, b) >= 90 or (len(short) >= 30 and fuzz.partial_ratio(short, long) >= 92)
