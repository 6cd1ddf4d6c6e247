"""Facts stage (after dedup): who, where, what was said, when, and where the
reports disagree — every item extracted from the reports and citing them.

    >>> from newsfuse.facts import extract_facts
    >>> facts = extract_facts(clean_articles, dedup_result)   # -> Facts

* :mod:`.entities`: people, organisations, places; spellings merged (:mod:`.names`).
* :mod:`.quotes`: direct quotations with speakers, merged across reports.
* :mod:`.timeline`: dated events resolved against each report's date.
* :mod:`.figures`: figures about the same thing that differ (disagreements),
  or change between dated reports (updates).
* :mod:`.support_guard`: drops dedup support between sentences that differ in a
  number, a name, a date or a negation (used by the pipeline, facts or not).
* :mod:`.differences`: alike sentences that differ in a name or a date, listed
  as disagreements or updates.

Importing this package is cheap: spaCy is loaded on the first extraction.
See docs/facts.md.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from .model import Difference, Entity, Event, Facts, Figure, FigureComparison, Mention, Quote, QuoteSpeaker, Statement

if TYPE_CHECKING:
    from ..clean import CleanArticle
    from ..dedup import DedupResult


def extract_facts(articles: Sequence["CleanArticle"], dedup: "DedupResult | None" = None) -> Facts:
    """Facts of one story from its cleaned reports (source numbers = input order, 1-based)."""
    from . import differences, entities, figures, nlp, quotes, timeline

    number = {ca.article.id: i + 1 for i, ca in enumerate(articles)}
    family: dict[int, int] = {}
    if dedup is not None:
        for aid, root in dedup.family.items():
            if aid in number and root in number:
                family[number[aid]] = number[root]
    paras = nlp.analyse(articles)
    published = [ca.article.published for ca in articles]
    raw = [ca.article.text for ca in articles]
    ents = entities.merge(paras, raw)
    quoted = quotes.extract(paras, ents, family, raw)
    events = timeline.extract(paras, published)
    disagreements, updates, single = figures.compare(paras, published, family)
    dated = [
        replace(e, single_source=len({family.get(r, r) for r in e.reports}) == 1)
        for e in timeline.with_updates(events, updates)
    ]
    return Facts(
        entities=ents,
        quotes=quoted,
        timeline=dated,
        disagreements=disagreements,
        updates=updates,
        single_source_figures=single,
        differences=differences.compare(articles),
        model=nlp.model_name(),
    )


__all__ = ["extract_facts", "Facts", "Difference", "Statement", "Entity", "Quote", "QuoteSpeaker", "Event", "Figure", "FigureComparison", "Mention"]
