"""Facts stage (after dedup): who, where, what was said, when, and where the
reports disagree — every item extracted from the reports and citing them.

    >>> from newsfuse.facts import extract_facts
    >>> facts = extract_facts(newsfuse.pipeline.prepare(articles))   # -> Facts

It works on the prepared story (its cleaned reports, the segment stage's
sentences within the sentence budget, the dedup stage's families and
``split`` pairs): nothing before it runs again.

* :mod:`.entities`: people, organisations, places; spellings merged
  (:mod:`newsfuse.dedup.names`, shared with dedup's support guard).
* :mod:`.quotes`: direct quotations with speakers, merged across reports.
* :mod:`.timeline`: dated events resolved against each report's date.
* :mod:`.figures`: figures about the same thing that differ (disagreements),
  or change between dated reports (updates).
* :mod:`.differences`: alike sentences that differ in a name or a date (the
  pairs dedup's support guard, :mod:`newsfuse.dedup.guard`, kept apart), listed
  as disagreements or updates.

Importing this package is cheap: spaCy is loaded on the first extraction.
See docs/facts.md.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .model import Difference, Entity, Event, Facts, Figure, FigureComparison, Mention, Quote, QuoteSpeaker, Statement

if TYPE_CHECKING:
    from ..pipeline import PreparedStory


def extract_facts(story: "PreparedStory") -> Facts:
    """Facts of one prepared story (``newsfuse.pipeline.prepare``; source numbers =
    input order, 1-based)."""
    from . import differences, entities, figures, nlp, quotes, timeline

    articles = story.articles
    number = {ca.article.id: i + 1 for i, ca in enumerate(articles)}
    family: dict[int, int] = {}
    for aid, root in story.dedup.family.items():
        if aid in number and root in number:
            family[number[aid]] = number[root]
    paras = nlp.analyse(articles, story.sentences)
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
        differences=differences.compare(story),
        model=nlp.model_name(),
    )


__all__ = ["extract_facts", "Facts", "Difference", "Statement", "Entity", "Quote", "QuoteSpeaker", "Event", "Figure", "FigureComparison", "Mention"]
