"""From inputs to briefed stories: collect, clean, group, describe.

* :func:`collect`: every input (files, directories, stdin, feeds, URLs)
  through ``newsfuse.ingest.ingest``.
* :func:`group`: clean (``newsfuse.clean.clean``), drop repeated articles
  (same content hash), then assign every article to a story -- in memory
  (``engine="local"``) or as a Spark job (``engine="spark"``). The incremental
  story database (``newsfuse stories --db``) is the service's
  (:meth:`newsfuse.service.NewsService.group_batch`, stored by :mod:`newsfuse.store`).
* :func:`describe`: title, size, sources, time span and brief of each story
  (``newsfuse.pipeline.prepare`` + ``brief_from_story``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..ingest import Article, InputProblem
from ..text import days_of, iso_day
from .records import content_hash, vector_text


@dataclass
class Grouping:
    groups: list[list[Article]]  # articles of each story (stories touched by this run with a db)
    problems: list[InputProblem] = field(default_factory=list)
    story_ids: list[int | None] = field(default_factory=list)  # database story ids, when a db is used
    notes: list[str] = field(default_factory=list)  # e.g. "2 repeated articles stored once"
    threads: list[int | None] = field(default_factory=list)  # thread of each event story (None: unknown)
    level: str = "event"  # "thread": groups are threads


@dataclass
class Story:
    number: int
    title: str
    articles: list[Article]
    sources: list[str]
    first: str | None  # earliest publication date (ISO), None when no article is dated
    last: str | None
    brief: Any = None  # newsfuse.pipeline.Brief, or None when nothing could be briefed
    story_id: int | None = None
    problem: str | None = None
    thread: int | None = None  # the event story's thread (a thread's own id at the thread level)


def collect(inputs: Sequence[str], stdin=None) -> tuple[list[Article], list[InputProblem]]:
    """Every input (files, directories, feeds, URLs, ``-``) through ``newsfuse.ingest.ingest``, one run budget."""
    from ..ingest import ingest

    result = ingest(list(inputs), stdin=stdin)
    return result.articles, result.problems


def _clean_texts(articles: Sequence[Article]) -> list[str]:
    from ..clean import clean

    return [ca.text for ca in clean(list(articles))]


def group(
    articles: Sequence[Article],
    *,
    engine: str = "local",
    master: str = "local[2]",
    level: str = "event",
) -> Grouping:
    from . import engine as local_engine
    from . import features

    texts = _clean_texts(articles)
    # one-shot: drop repeats, cluster in memory or on Spark
    seen: dict[str, int] = {}
    unique: list[int] = []
    copy_of: dict[int, int] = {}  # repeated article -> the first article with its text
    for i, a in enumerate(articles):
        h = content_hash(a.text)
        if h not in seen:
            seen[h] = i
            unique.append(i)
        else:
            copy_of[i] = seen[h]
    vtexts = [vector_text(articles[i], texts[i]) for i in unique]
    days = np.array([days_of(articles[i].published) for i in unique], dtype=np.float64)
    if engine == "spark":
        from .spark_job import cluster_texts_spark

        labels = cluster_texts_spark(vtexts, days=days, master=master)
        threads = None
        junk = set(local_engine.boilerplate_rows(vtexts))
    else:
        (labels, threads), junk_rows, _ = local_engine.group_levels(vtexts, days=days)
        junk = set(junk_rows)
    if level == "thread" and threads is not None:
        labels = threads
    out = Grouping([], level=level)
    label_of: dict[int, int] = {}
    thread_of_label: dict[int, int] = {}
    for row, (i, label) in enumerate(zip(unique, labels)):
        if threads is not None:
            thread_of_label[int(label)] = int(threads[row])
        if row in junk:
            out.problems.append(InputProblem(articles[i].origin or articles[i].id,
                                             "boilerplate only (text shared with many unrelated articles); in no story"))
            continue
        label_of[i] = int(label)
    by_label: dict[int, list[Article]] = {}
    for i, a in enumerate(articles):  # copies are listed in their original's story, in input order
        label = label_of.get(copy_of.get(i, i))
        if label is not None:
            by_label.setdefault(label, []).append(a)
    ordered = sorted(by_label.items(), key=lambda kv: (-len(kv[1]), kv[1][0].id))
    out.groups = [g for _, g in ordered]
    out.story_ids = [None] * len(out.groups)
    # thread ids: numbered by the thread's first story in this order
    numbers: dict[int, int] = {}
    for label, _ in ordered:
        if label in thread_of_label:
            numbers.setdefault(thread_of_label[label], len(numbers) + 1)
    out.threads = [numbers.get(thread_of_label.get(label, -1)) for label, _ in ordered]
    if copy_of:
        out.notes.append(f"{len(copy_of)} repeated article(s) (same text as another) clustered once, "
                         "listed in their story")
    return out


MAX_BRIEFED_STORIES = 500  # stories briefed per run, largest first; the others are listed


def describe(
    grouping: Grouping, *, words: int | None = 120, brief: bool = True, min_size: int = 1, top: int | None = None
) -> list[Story]:
    """Describe (and brief) the stories with at least ``min_size`` articles, the ``top`` largest first."""
    from ..pipeline import brief_from_story, prepare
    from .title import title_of_reports

    threads = grouping.threads or [None] * len(grouping.groups)
    chosen = [(arts, sid, th) for arts, sid, th in zip(grouping.groups, grouping.story_ids, threads)
              if len(arts) >= min_size]
    chosen.sort(key=lambda g: -len(g[0]))  # stable: ties keep their order
    stories = []
    for number, (arts, sid, thread) in enumerate(chosen[:top] if top else chosen, start=1):
        dated = [d for d in (days_of(a.published) for a in arts) if not math.isnan(d)]
        sources = list(dict.fromkeys(a.source for a in arts))
        story = Story(
            number=number,
            title="",
            articles=list(arts),
            sources=sources,
            first=iso_day(min(dated)) if dated else None,
            last=iso_day(max(dated)) if dated else None,
            story_id=sid,
            thread=thread,
        )
        prepared = None
        if brief and number > MAX_BRIEFED_STORIES:  # the run budget (docs/limits.md)
            story.problem = (f"not briefed: one run briefs at most the {MAX_BRIEFED_STORIES:,} largest stories "
                             "(narrow it with --top or --min-size)")
        elif brief:
            try:
                prepared = prepare(list(arts))
                if prepared.sentences:
                    story.brief = brief_from_story(prepared, words=words)
                else:
                    story.problem = "no sentence left to brief after removing boilerplate"
            except Exception as exc:  # one bad story must not stop the others
                story.problem = f"brief failed: {exc}"
        # the one title rule (the web list, page, API and exports use it too)
        story.title = title_of_reports([a.title for a in arts], [a.text for a in arts if not a.title])
        stories.append(story)
    return stories
