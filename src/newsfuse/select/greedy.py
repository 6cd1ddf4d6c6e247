"""The greedy selector: best score first, each step penalised by similarity to
what is already chosen (maximal marginal relevance); see :mod:`newsfuse.select`.

``greedy_select(story, scores, budget, groups)`` returns the chosen sentences
in reading order (:func:`newsfuse.select.reading.arrange`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..rank import RankInput
from ..segment import Sentence
from ..text import cosine_lookup, count_words, stands_alone, terms, tfidf_rows
from .coverage import missing_update
from .misleading import blocked
from .reading import arrange

# what greedy selection leaves out of ``misleading.blocked``'s reasons
GREEDY_BLOCKS = frozenset({"stale", "superseded"})

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


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    tokens = terms(text)
    return set(zip(tokens, tokens[1:], tokens[2:]))


def greedy_select(
    story: RankInput,
    scores: Sequence[float],
    budget: int,
    groups: dict[str, int],
    *,
    redundancy: float = REDUNDANCY,
    trigram_blocking: bool = False,
    min_sentence_words: int = MIN_SENTENCE_WORDS,
) -> list[Sentence]:
    """Each step takes the sentence with the highest ``score - redundancy *
    similarity`` (scores scaled to [0, 1] within the story; similarity = the
    largest TF-IDF cosine to a sentence already chosen), among those that fit
    the budget, are not in a support group already used (``groups``) and
    (with ``trigram_blocking``) share no word trigram with the brief so far."""
    sentences = list(story.sentences)
    value = np.asarray(scores, dtype=np.float64)
    value = np.where(np.isnan(value), -np.inf, value)
    finite = np.isfinite(value)
    if finite.any():
        low, high = value[finite].min(), value[finite].max()
        value = np.where(finite, (value - low) / (high - low) if high > low else 0.0, -np.inf)
    lengths = np.array([count_words(s.text) for s in sentences])
    group_of = np.array([groups[s.id] for s in sentences])
    readable = np.array([stands_alone(s.text) for s in sentences])
    base_open = (lengths >= min_sentence_words) & np.isfinite(value) & readable
    # short or truncated reports (Multi-News) cannot spare a sentence: only what a later
    # report overtook is left out (quotes and fragments there cost 0.16 / 0.22 ROUGE-1 / 2
    # F1 on the full Multi-News validation split: 45.72 / 16.32 against 45.88 / 16.54)
    overtaken = blocked(story, np.flatnonzero(base_open).tolist())
    base_open[[j for j, why in overtaken.items() if why in GREEDY_BLOCKS]] = False
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
    update = missing_update(story, [sentences[i] for i in chosen])
    if update is not None:
        chosen = run(update)
    return arrange(story, [sentences[i] for i in chosen], groups, budget=budget,
                   allowed=base_open.__getitem__, drop=False).sentences
