"""The systems the harness compares, each a function ``(story, words, seed) -> sentences``.

Every system sees the same :class:`Story` (the cluster's documents, each split
into sentences once with syntok — see :func:`newsfuse.evaluate.rouge.split_sentences` —
and, for the oracle only, the references) and returns its summary sentences in
its own reading order.  The harness then cuts every output at the word budget
with :func:`cut_to_budget` (the sentence that crosses the budget is truncated
after the last word that fits) — the same rule for every system.

Selection rule shared by the ranking baselines (sumy's, random): take the
system's best-ranked sentences, the smallest number whose words reach the
budget, and output them in document order.
"""
from __future__ import annotations

import random as _random
from dataclasses import dataclass
from typing import Sequence

from .ngram import NgramRouge
from ..text import count_words as word_count
from .story import Story, SystemFn, smallest_reaching


@dataclass(frozen=True)
class System:
    name: str
    description: str
    run: SystemFn
    splits_itself: bool = False  # True: does its own sentence splitting (timed inside)


# -- the systems --------------------------------------------------------------


def lead(story: Story, words: int, seed: int) -> list[str]:
    """First sentence of each document in turn, then the second of each, and so on."""
    out: list[str] = []
    depth = max((len(d) for d in story.sentences), default=0)
    for k in range(depth):
        for doc in story.sentences:
            if k < len(doc):
                out.append(doc[k])
    return out


def random_system(story: Story, words: int, seed: int) -> list[str]:
    """Sentences in a random order seeded by (seed, cluster id); smallest set reaching the budget."""
    flat = story.flat
    order = list(range(len(flat)))
    _random.Random(f"{seed}:{story.id}").shuffle(order)
    chosen = smallest_reaching(order, [word_count(s) for s in flat], words)
    return [flat[i] for i in sorted(chosen)]


def oracle(story: Story, words: int, seed: int) -> list[str]:
    """Greedy ROUGE-1+ROUGE-2 F oracle against the reference(s) (several are joined), in pick order."""
    flat = story.flat
    picked = NgramRouge("\n".join(story.references)).greedy(flat, max_words=words)
    return [flat[i] for i in picked]


def newsfuse_system(story: Story, words: int, seed: int) -> list[str]:
    """newsfuse's default configuration: ``pipeline.build_brief(articles, words=budget)``,
    the articles carrying their dates and headlines when the data has them."""
    from newsfuse.evaluate.data import articles_of
    from newsfuse.pipeline import NothingToSummarize, build_brief

    articles = articles_of(story.documents, story.dates, story.titles)
    try:
        brief = build_brief(articles, words=words)
    except NothingToSummarize:
        return []
    return [s.text for s in brief.sentences]


# ICSISumm peer: concepts used by fewer documents than this are dropped
# (Gillick & Favre used 3 on 10-document TAC sets); sentences under
# ICSI_MIN_WORDS words are not candidates.
ICSI_MIN_DOCS = 3
ICSI_MIN_WORDS = 10
ICSI_TIME_LIMIT_S = 10.0


def icsi(story: Story, words: int, seed: int) -> list[str]:
    """Concept-coverage ILP in the style of ICSISumm (Gillick & Favre 2009):
    bigram concepts weighted by the number of documents using them, the exact
    budgeted program solved by scipy's ``milp`` (HiGHS)."""
    import numpy as np

    from newsfuse.select.concepts import bigram_concepts, solve_coverage

    flat = story.flat
    owner = [d for d, doc in enumerate(story.sentences) for _ in doc]
    concepts = [bigram_concepts(s) for s in flat]
    docs: dict = {}
    for d, cs in zip(owner, concepts):
        for c in cs:
            docs.setdefault(c, set()).add(d)
    least = min(ICSI_MIN_DOCS, max(1, len(story.sentences) - 1))
    kept = {c: len(ds) for c, ds in docs.items() if len(ds) >= least}
    pool = [j for j, s in enumerate(flat)
            if word_count(s) >= ICSI_MIN_WORDS and word_count(s) <= words and concepts[j] & kept.keys()]
    number: dict = {}
    members = [[number.setdefault(c, len(number)) for c in concepts[j] if c in kept] for j in pool]
    weights = np.zeros(len(number))
    for c, i in number.items():
        weights[i] = kept[c]
    chosen = solve_coverage(members, weights, [word_count(flat[j]) for j in pool], words,
                            time_limit=ICSI_TIME_LIMIT_S)
    return [flat[pool[k]] for k in sorted(chosen)]


def _registry() -> dict[str, System]:
    from .sumy_systems import SUMY_SYSTEMS, sumy_system

    systems = {
        "newsfuse": System("newsfuse", "newsfuse, default configuration (pipeline.brief_texts)",
                           newsfuse_system, splits_itself=True),
        "lead": System("lead", "first sentences of each document in turn", lead),
        "icsi": System("icsi", "concept-coverage ILP in the style of ICSISumm (scipy milp / HiGHS)", icsi),
    }
    for name, (label, _) in SUMY_SYSTEMS.items():
        systems[name] = System(name, f"sumy {label}", sumy_system(name))
    systems["oracle"] = System(
        "oracle", "greedy ROUGE-1+2 F oracle against the reference (extractive ceiling)", oracle)
    systems["random"] = System("random", "random sentences, seeded per cluster id", random_system)
    return systems


SYSTEMS: dict[str, System] = _registry()
DEFAULT_SYSTEMS: tuple[str, ...] = tuple(SYSTEMS)


def get_systems(names: Sequence[str]) -> list[System]:
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        raise KeyError(f"unknown system(s): {', '.join(unknown)}; known: {', '.join(SYSTEMS)}")
    return [SYSTEMS[n] for n in names]
