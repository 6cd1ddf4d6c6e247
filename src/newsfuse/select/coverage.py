"""Coverage selection: the brief that covers the most of what the reports
agree on, made only of sentences that read on their own.

Used by ``select(..., method="coverage")`` and, for stories with plenty of
text, by the default ``method="auto"``. Steps:

1. **Candidates** - sentences of :data:`MIN_WORDS`-:data:`MAX_WORDS` words
   that read on their own (:func:`newsfuse.text.context_need`), do not
   start in lower case (a cut name or clause; lower-cased text therefore goes
   to greedy selection), are not a report's headline, and do not belong to a
   spun rewrite (reworded text reads badly) unless every report is one.
2. **Concepts** - stemmed word bigrams
   (:func:`newsfuse.select.concepts.bigram_concepts`). A concept weighs the
   number of independent copy families that use it (a text syndicated five
   times votes once), times ``1 + POSITION_WEIGHT / (1 + k)`` where k is the
   earliest sentence position at which any report uses it (leads state the
   news). Concepts used by fewer than ``min_families`` families are dropped:
   3 from six families up, 2 from two.
3. **Sentence bonus** - ``RANKER_WEIGHT x score + LEAD_WEIGHT x
   exp(-position / LEAD_DECAY)``, times length / 20 words, where ``score`` is
   the ranker's score scaled to [0, 1].
4. **Latest development** - in a developing story (:func:`latest_development`),
   when the brief holds nothing from the newest report, the sentence of the
   newest report that tells what changed goes in first.
5. **Choice** - :func:`newsfuse.select.concepts.greedy_coverage` over the
   :data:`TOP_CANDIDATES` best candidates: the concept-coverage objective of
   Gillick & Favre (2009) with a sentence bonus, solved greedily with
   exchanges (within ~2 % of the exact optimum at ~1 % of HiGHS's time on
   DUC 2006 stories; the exact program is ``solve_coverage``).

Weights were chosen on DUC 2006, DUC 2003 and TAC 2011 together (see
docs/evaluation.md for the grid and the figures).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..rank import RankInput
from ..text import context_need, count_words, day_of, parse_day
from ..segment import Sentence
from .concepts import bigram_concepts, greedy_coverage
from .misleading import blocked
from .reading import arrange
from .references import story_names

MIN_WORDS = 8
MAX_WORDS = 60
POSITION_WEIGHT = 1.0
RANKER_WEIGHT = 5.0
LEAD_WEIGHT = 10.0
LEAD_DECAY = 1.0
TOP_CANDIDATES = 100
NEW_SHARE = 0.5  # share of new bigrams that makes a sentence of the newest report an update
UPDATE_LEAD = 3  # an update is told in the first sentences of the newest report
REFILLS = 3  # times the brief is chosen again without the sentences that cannot be made readable
UPDATE_WINDOW_DAYS = 14  # the newest report updates the others when it follows them within this


# The last story's candidates: choose_method, coverage_select and
# latest_development all ask for them. One (story, pool) tuple, replaced
# whole, so a thread never reads another story's pool; the story object is
# kept, so its id cannot be reused while it is cached.
_last: tuple = (None, [])


def candidates(story: RankInput) -> list[int]:
    """Indices of the sentences coverage selection may use."""
    global _last
    cached_story, pool = _last
    if cached_story is story:
        return pool
    pool = _candidates(story)
    _last = (story, pool)
    return pool


def _candidates(story: RankInput) -> list[int]:
    headlines = {" ".join(h.lower().split()) for h in story.headlines.values()}
    plain_reports = {s.article_id for s in story.sentences} - set(story.rewrites)
    out = []
    for j, s in enumerate(story.sentences):
        n = count_words(s.text)
        if n < MIN_WORDS or n > MAX_WORDS or context_need(s.text):
            continue
        if s.text[:1].islower():  # starts mid-sentence or mid-name ("apon Chowdhuri, ...")
            continue
        if " ".join(s.text.lower().split()) in headlines:
            continue
        if s.article_id in story.rewrites and plain_reports:
            continue
        out.append(j)
    unusable = blocked(story, out)
    return [j for j in out if j not in unusable]


def readable_words(story: RankInput) -> int:
    """Words in the candidate sentences (what ``auto`` compares with the budget)."""
    return sum(count_words(story.sentences[j].text) for j in candidates(story))


def coverage_select(
    story: RankInput, scores: Sequence[float], budget: int, group_of: dict[str, int]
) -> list[Sentence]:
    """The chosen sentences in reading order (:func:`newsfuse.select.reading.arrange`).
    ``group_of``: sentence id -> support group (``select.support_groups``); one per group.
    A chosen sentence that no wording or place makes readable is left out and
    the brief chosen again, up to :data:`REFILLS` times."""
    sentences = story.sentences
    pool = candidates(story)
    if not pool:
        return []
    family_names: dict[str, int] = {}
    family_of = np.array([family_names.setdefault(story.family.get(s.article_id, s.article_id), len(family_names))
                          for s in sentences])
    concepts = [bigram_concepts(s.text) for s in sentences]
    # every (sentence, concept) occurrence as integer arrays
    number: dict[tuple[str, str], int] = {}
    cols = np.fromiter((number.setdefault(c, len(number)) for cs in concepts for c in cs), dtype=np.intp)
    rows = np.repeat(np.arange(len(sentences)), [len(cs) for cs in concepts])
    m = max(1, len(number))
    users = np.bincount(np.unique(family_of[rows] * m + cols) % m, minlength=m)  # families using each
    earliest = np.full(m, np.iinfo(np.int64).max)
    np.minimum.at(earliest, cols, np.array([s.index for s in sentences])[rows])
    min_families = 3 if len(family_names) >= 6 else 2 if len(family_names) >= 2 else 1
    weight_of = np.where(users >= min_families, users * (1.0 + POSITION_WEIGHT / (1.0 + earliest)), 0.0)

    lengths = np.array([count_words(sentences[j].text) for j in pool], dtype=float)
    value = np.asarray(scores, dtype=float)[pool]
    finite = np.isfinite(value)
    low, high = (value[finite].min(), value[finite].max()) if finite.any() else (0.0, 0.0)
    scaled = np.where(finite, (value - low) / (high - low), 0.0) if high > low else np.zeros(len(pool))
    lead = np.exp(-np.array([sentences[j].index for j in pool]) / LEAD_DECAY)
    bonus = (RANKER_WEIGHT * scaled + LEAD_WEIGHT * lead) * lengths / 20.0

    # the pool's kept concepts, renumbered 0..k-1
    starts = np.concatenate([[0], np.cumsum([len(cs) for cs in concepts])])
    local: dict[int, int] = {}
    sentence_concepts = []
    for j in pool:
        mine = cols[starts[j] : starts[j + 1]]
        sentence_concepts.append([local.setdefault(int(c), len(local)) for c in mine[weight_of[mine] > 0]])
    weights = np.zeros(len(local))
    for c, i in local.items():
        weights[i] = weight_of[c]

    groups = np.array([group_of[sentences[j].id] for j in pool])
    order = _top(sentence_concepts, weights, bonus, TOP_CANDIDATES)
    forced = None
    names = story_names(story)
    pool_set = set(pool)
    for _ in range(REFILLS + 1):
        chosen = _choose(sentence_concepts, weights, lengths, bonus, groups, order, budget, forced)
        if forced is None:
            update = missing_update(story, [sentences[pool[k]] for k in chosen])
            if update is not None and update in pool_set and pool.index(update) in order:
                forced = pool.index(update)
                chosen = _choose(sentence_concepts, weights, lengths, bonus, groups, order, budget, forced)
        arranged = arrange(story, [sentences[pool[k]] for k in chosen], group_of, budget=budget,
                           allowed=pool_set.__contains__, names=names)
        if not arranged.dropped:
            break
        gone = {s.id for s in arranged.dropped}
        order = [k for k in order if sentences[pool[k]].id not in gone]
        if forced is not None and sentences[pool[forced]].id in gone:
            forced = None
    return arranged.sentences


def _choose(sentence_concepts, weights, lengths, bonus, groups, order, budget, forced) -> list[int]:
    """Pool positions chosen by greedy coverage among ``order``; ``forced``
    (a pool position, or None) goes in first."""
    chosen: list[int] = []
    if forced is not None and lengths[forced] <= budget:
        chosen.append(forced)
        budget -= int(lengths[forced])
        weights = weights.copy()
        weights[sentence_concepts[forced]] = 0.0
        order = [k for k in order if groups[k] != groups[forced]]
    picked = greedy_coverage(
        [sentence_concepts[k] for k in order], weights, [int(lengths[k]) for k in order], budget, bonus[order],
        groups=groups[order],
    )
    return chosen + [order[k] for k in picked]


def _top(sentence_concepts, weights, bonus, limit) -> list[int]:
    """Pool positions of the ``limit`` candidates with most concept weight plus bonus."""
    value = np.array([weights[c].sum() for c in sentence_concepts]) + bonus
    if len(value) <= limit:
        return list(range(len(value)))
    return sorted(int(k) for k in np.argsort(-value, kind="stable")[:limit])


def latest_development(story: RankInput, concepts=None) -> int | None:
    """Index of the sentence that tells what the newest report adds, or None.

    Only for a developing story: at least two report dates, the newest within
    :data:`UPDATE_WINDOW_DAYS` of the one before. The sentence is a candidate
    (reads on its own) among the first :data:`UPDATE_LEAD` sentences of a
    newest report, shares a concept with the older reports (it is about the
    same story) and has at least :data:`NEW_SHARE` of its bigrams unused by
    them (it says something new); the earliest such sentence wins."""
    dates = {a: day for a, d in story.dates.items() if (day := day_of(d)) and parse_day(day)}
    days = sorted(set(dates.values()))
    if len(days) < 2:
        return None
    newest = days[-1]
    if (parse_day(newest) - parse_day(days[-2])).days > UPDATE_WINDOW_DAYS:
        return None
    if concepts is None:
        concepts = [bigram_concepts(s.text) for s in story.sentences]
    older: set = set()
    for s, cs in zip(story.sentences, concepts):
        if dates.get(s.article_id, newest) < newest:
            older |= cs
    allowed = set(candidates(story))  # cached for this story
    best = None
    for j, s in enumerate(story.sentences):
        if j not in allowed or dates.get(s.article_id) != newest or s.index >= UPDATE_LEAD:
            continue
        cs = concepts[j]
        fresh = len(cs - older)
        if cs and fresh < len(cs) and fresh >= NEW_SHARE * len(cs):
            if best is None or (s.index, s.doc_index) < (story.sentences[best].index, story.sentences[best].doc_index):
                best = j
    return best


def missing_update(story: RankInput, chosen: Sequence[Sentence]) -> int | None:
    """The latest development's sentence index when the brief ``chosen`` holds
    nothing from the newest report of a developing story, else None."""
    update = latest_development(story)
    if update is None:
        return None
    newest = story.dates.get(story.sentences[update].article_id, "")[:10]
    if any(story.dates.get(s.article_id, "")[:10] == newest for s in chosen):
        return None
    return update
