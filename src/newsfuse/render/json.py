"""JSON rendering of a Brief: schema ``newsfuse.brief/2`` (see docs/json-schema.md).

Keys appear in a fixed, documented order; new keys may be added in later
minor revisions, removing or renaming a key bumps the schema number.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..brief_model import Brief, Source, report_day
from .facts import facts_dict


def _source(src: Source) -> dict[str, Any]:
    return {
        "number": src.number,
        "article_id": src.article_id,
        "label": src.label,
        "title": src.title,
        "url": src.url,
        "published": src.published,
        "author": src.author,
        "origin": src.origin,
        "attribution": src.attribution,
        "independent": src.independent,
        "family": src.family,
        "copy_of": src.copy_of,
        "rewrite_of": src.rewrite_of,
        "rewrite": src.rewrite,
        "similarity": src.similarity,
        "evidence": src.evidence,
        "cited": src.cited,
        "removed": [
            {"reason": r.reason, "text": r.text, "detail": r.detail} for r in src.removed
        ],
    }


def to_dict(brief: Brief) -> dict[str, Any]:
    """The Brief as plain JSON-able data, keys in schema order."""
    number = {s.article_id: s.number for s in brief.sources}
    removed = Counter(r.reason for r in brief.removals)
    data = {
        "schema": brief.schema_version,
        "story": {
            "title": brief.title,
            "words": brief.words,
            "budget": brief.budget,
            "ranker": brief.ranker,
            "sentence_count": len(brief.sentences),
            "source_count": len(brief.sources),
            "independent_sources": sum(1 for s in brief.sources if s.independent),
            "cited_sources": sum(1 for s in brief.sources if s.cited),
            "text": brief.text,
        },
        "sentences": [
            {
                "text": s.text,
                "citations": list(s.citations),
                "independent": s.independent,
                "source": number.get(s.article_id),
                "article_id": s.article_id,
                "sentence_id": s.sentence_id,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "published": s.published,
                "date": report_day(s.published),
            }
            for s in brief.sentences
        ],
        "sources": [_source(s) for s in brief.sources],
        "relations": [
            {
                "source": number.get(r.article_id),
                "kind": r.kind,
                "of": number.get(r.of),
                "article_id": r.article_id,
                "of_article_id": r.of,
                "similarity": round(r.similarity, 3),
                "evidence": getattr(r, "evidence", ""),
            }
            for r in brief.relations
        ],
        "removed": {
            "total": len(brief.removals),
            "by_reason": dict(sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
        "problems": [{"origin": p.origin, "reason": p.reason} for p in brief.problems],
    }
    if brief.facts is not None:  # entities, quotes, timeline, disagreements: only when asked for (--facts)
        data["facts"] = facts_dict(brief.facts)
    return data


def to_json(brief: Brief, indent: int | None = 2) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=indent) + "\n"
