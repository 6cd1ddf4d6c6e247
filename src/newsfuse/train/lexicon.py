"""Word propensity: how often a word of the input makes it into the reference.

For every word w (lower-cased, as ``rank.features`` tokenises), over training
clusters: P(w in summary | w in input), smoothed towards the overall rate and
kept only for words seen in at least ``min_clusters`` clusters. The lexicon is
learned on a part of the training clusters that the scorer is not fitted on,
so the scorer sees propensities as they behave on unseen stories.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..rank.features import Lexicon, word_tokens
from .dataset import Story

MIN_CLUSTERS = 3
SMOOTHING = 5.0


def build_lexicon(
    stories: Iterable[Story], min_clusters: int = MIN_CLUSTERS, smoothing: float = SMOOTHING
) -> tuple[Lexicon, int]:
    """(lexicon, number of stories it was learned from)."""
    seen: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    count = 0
    for story in stories:
        words = {t for s in story.rank_input.sentences for t in word_tokens(s.text)}
        summary = set(word_tokens(story.reference))
        seen.update(words)
        kept.update(words & summary)
        count += 1
    total = sum(seen.values())
    prior = sum(kept.values()) / total if total else 0.0
    weights = {
        w: round((kept[w] + smoothing * prior) / (n + smoothing), 4)
        for w, n in sorted(seen.items())
        if n >= min_clusters
    }
    return Lexicon(weights, round(prior, 4)), count
