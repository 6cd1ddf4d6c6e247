"""Select stage: turn sentence scores into an ordered, non-redundant brief.

``select(story, scores, words, method=...)`` chooses with one of two methods:

* ``"coverage"`` (:mod:`newsfuse.select.coverage`): the sentences that cover
  the most concepts the reports share, only sentences that read on their own;
* ``"greedy"``: best score first, as below;
* ``"auto"`` (the default): ``coverage`` when the sentences that read on
  their own hold at least :data:`RICH_FACTOR` times the word budget (full
  articles: a brief picks a few per cent of the text), else ``greedy`` (short
  or truncated reports, where a 250-word brief must use half of what there
  is and cannot afford to skip every sentence that opens with "He").

The greedy method picks sentences by score:

* **budget** - a sentence that would push the brief over ``words`` words is
  skipped and the next one is tried; sentences are never cut, because every
  brief sentence must be a verbatim source sentence. ``words=None`` means
  "auto": ``DEFAULT_WORDS``, the length that
  maximised ROUGE on Multi-News validation clusters.
* **redundancy** - a sentence is never chosen when it belongs to the same
  dedup support group as one already chosen (``story.support``, closed
  transitively); otherwise each step picks the best score minus a penalty for
  similarity to what is already chosen (maximal marginal relevance), and
  optionally skips sentences sharing a word trigram with the brief so far.
* **stands alone** - a sentence that cannot be read on its own is never
  chosen: a piece of a multi-sentence quotation (unbalanced quotation marks,
  as in ``“We see the link clearly now.``) or a question.
* **latest development** - in a developing story (reports dated within
  days of each other) a brief that holds nothing from the newest report gets
  the newest report's sentence that tells what changed
  (:func:`newsfuse.select.coverage.latest_development`), with either method.
* **nothing misleading** - a quoted claim without its speaker, a statement
  about the future that a later report overtook, a superseded casualty figure
  are never chosen (:func:`newsfuse.select.reading.blocked`).
* **reading order** - the chosen sentences are returned in the order a reader
  can follow (:func:`newsfuse.select.reading.arrange`): the current state
  first, then events by date, then background; names introduced in full
  before they are used bare, definite references after their antecedent.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..brief_model import DEFAULT_WORDS
from ..rank import RankInput
from ..segment import Sentence
from ..text import check_budget, cosine_lookup, count_words, stands_alone, terms, tfidf_rows

# Sentences shorter than this many words rarely carry a fact of their own
# ("Read more.", bylines, "(AP)", quote fragments like "We see the link
# clearly now."); they are never selected. On validation clusters 0-999 a
# minimum of 4, 6 or 8 words gives ROUGE-1/2 within 0.05 of each other.
MIN_SENTENCE_WORDS = 6

# Weight of the redundancy penalty (MMR): a sentence's scaled score minus this
# times its largest TF-IDF cosine to a sentence already chosen. Tuned on
# Multi-News validation clusters 0-999 with the learned ranker (0 -> 45.4/16.5,
# 0.5 -> 45.8/16.7, 1.0 -> 46.0/16.8, 2.5 -> 46.1/16.6 ROUGE-1/2; it also
# helps the centrality ranker: 44.3/15.3 -> 44.9/15.6).
REDUNDANCY = 1.0

# ``auto`` uses coverage selection when the readable candidates hold at least
# this many times the budget in words.
RICH_FACTOR = 4

METHODS = ("auto", "coverage", "greedy")


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    tokens = terms(text)
    return set(zip(tokens, tokens[1:], tokens[2:]))


def support_groups(story: RankInput) -> dict[str, int]:
    """Map sentence id -> group number; sentences that say the same thing
    (linked directly or through others in ``story.support``) share a group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for sid, others in story.support.items():
        for other in others:
            ra, rb = find(sid), find(other)
            if ra != rb:
                parent[rb] = ra
    roots: dict[str, int] = {}
    groups: dict[str, int] = {}
    for s in story.sentences:
        root = find(s.id)
        groups[s.id] = roots.setdefault(root, len(roots))
    return groups


def select(
    story: RankInput,
    scores: Sequence[float],
    words: int | None = None,
    *,
    redundancy: float = REDUNDANCY,
    trigram_blocking: bool = False,
    min_sentence_words: int = MIN_SENTENCE_WORDS,
    method: str = "auto",
) -> list[Sentence]:
    """Choose the brief's sentences: best-scored first, within ``words`` words,
    no two saying the same thing, returned in document order.

    Each step takes the sentence with the highest ``score - redundancy *
    similarity`` (scores scaled to [0, 1] within the story; similarity = the
    largest TF-IDF cosine to a sentence already chosen), among those that fit
    the budget, are not in a support group already used and (with
    ``trigram_blocking``) share no word trigram with the brief so far."""
    sentences = list(story.sentences)
    if len(scores) != len(sentences):
        raise ValueError(
            f"select: got {len(scores)} scores for {len(sentences)} sentences"
        )
    budget = DEFAULT_WORDS if words is None else check_budget(words)
    if not sentences:
        return []
    if method not in METHODS:
        raise ValueError(f"select: unknown method {method!r}; choose one of: {', '.join(METHODS)}")
    if method == "auto":
        method = choose_method(story, budget)
    if method == "coverage":
        from .coverage import coverage_select

        return coverage_select(story, scores, budget, support_groups(story))

    value = np.asarray(scores, dtype=np.float64)
    value = np.where(np.isnan(value), -np.inf, value)
    finite = np.isfinite(value)
    if finite.any():
        low, high = value[finite].min(), value[finite].max()
        value = np.where(finite, (value - low) / (high - low) if high > low else 0.0, -np.inf)
    lengths = np.array([count_words(s.text) for s in sentences])
    groups = support_groups(story)
    group_of = np.array([groups[s.id] for s in sentences])
    from .misleading import blocked

    unusable = blocked(story)
    readable = np.array([stands_alone(s.text) and j not in unusable for j, s in enumerate(sentences)])
    base_open = (lengths >= min_sentence_words) & np.isfinite(value) & readable
    similarity = cosine_lookup(tfidf_rows([s.text for s in sentences])) if redundancy > 0 else None

    def run(forced: int | None) -> list[int]:
        open_ = base_open.copy()
        max_sim = np.zeros(len(sentences))
        seen_trigrams: set[tuple[str, str, str]] = set()
        chosen: list[int] = []
        total = 0
        pending = [] if forced is None or lengths[forced] > budget else [forced]
        while True:
            if pending:
                i = pending.pop()
            else:
                candidates = open_ & (lengths <= budget - total)
                if not candidates.any():
                    break
                gain = np.where(candidates, value - redundancy * max_sim, -np.inf)
                i = int(np.argmax(gain))  # ties go to the earlier sentence
            open_[i] = False
            if trigram_blocking:
                grams = _trigrams(sentences[i].text)
                if grams & seen_trigrams:
                    continue
                seen_trigrams |= grams
            chosen.append(i)
            total += int(lengths[i])
            open_ &= group_of != group_of[i]
            if similarity is not None:
                np.maximum(max_sim, similarity(i), out=max_sim)
        return chosen

    chosen = run(None)
    update = _missing_update(story, [sentences[i] for i in chosen])
    if update is not None:
        chosen = run(update)
    from .reading import arrange

    return arrange(story, [sentences[i] for i in chosen], groups, budget=budget,
                   allowed=base_open.__getitem__, drop=False).sentences


def _missing_update(story: RankInput, chosen: Sequence[Sentence]) -> int | None:
    """The latest development's sentence index when the brief ``chosen`` holds
    nothing from the newest report of a developing story, else None."""
    from .coverage import latest_development

    update = latest_development(story)
    if update is None:
        return None
    newest = story.dates.get(story.sentences[update].article_id, "")[:10]
    if any(story.dates.get(s.article_id, "")[:10] == newest for s in chosen):
        return None
    return update


def choose_method(story: RankInput, words: int | None) -> str:
    """What ``method="auto"`` does for this story and budget: "coverage" when
    the sentences that read on their own hold RICH_FACTOR x the budget."""
    from .coverage import readable_words

    budget = DEFAULT_WORDS if words is None else int(words)
    return "coverage" if readable_words(story) >= RICH_FACTOR * budget else "greedy"
