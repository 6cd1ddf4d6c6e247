"""Select stage: turn sentence scores into an ordered, non-redundant brief.

``select(story, scores, words)`` picks sentences greedily by score:

* **budget** - a sentence that would push the brief over ``words`` words is
  skipped and the next one is tried; sentences are never cut, because every
  brief sentence must be a verbatim source sentence. ``words=None`` means
  "auto": ``auto_words(story)`` picks the length that maximised ROUGE on the
  Multi-News validation split.
* **redundancy** - a sentence is skipped when it belongs to the same dedup
  support group as one already chosen (``story.support``, closed
  transitively), or when it shares a word trigram with the brief so far
  (trigram blocking).
* **reading order** - the chosen sentences are returned in document order
  (article position in the input, then position in the article).
"""
from __future__ import annotations

import re
from typing import Sequence

from .rank import RankInput
from .segment import Sentence

# Default brief length in words when the caller does not choose one. Tuned on
# the Multi-News validation split (the references average ~260 words).
DEFAULT_WORDS = 260

# Sentences shorter than this many words rarely carry a fact of their own
# ("Read more.", bylines, "(AP)"); they are never selected.
MIN_SENTENCE_WORDS = 4

_TOKEN = re.compile(r"[a-z0-9]+")


def word_count(text: str) -> int:
    """Words as a reader (and the budget) counts them: whitespace-separated."""
    return len(text.split())


def auto_words(story: RankInput) -> int:
    """The brief length used when the caller gives no ``words`` budget."""
    return DEFAULT_WORDS


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    tokens = _TOKEN.findall(text.lower())
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
    trigram_blocking: bool = True,
    min_sentence_words: int = MIN_SENTENCE_WORDS,
) -> list[Sentence]:
    """Choose the brief's sentences: best-scored first, within ``words`` words,
    no two saying the same thing, returned in document order."""
    sentences = list(story.sentences)
    if len(scores) != len(sentences):
        raise ValueError(
            f"select: got {len(scores)} scores for {len(sentences)} sentences"
        )
    budget = auto_words(story) if words is None else int(words)
    if budget <= 0:
        raise ValueError(f"select: the word budget must be positive, got {words}")

    groups = support_groups(story)
    order = sorted(range(len(sentences)), key=lambda i: (-float(scores[i]), i))
    used_groups: set[int] = set()
    seen_trigrams: set[tuple[str, str, str]] = set()
    chosen: list[Sentence] = []
    total = 0
    for i in order:
        sentence = sentences[i]
        n = word_count(sentence.text)
        if n < min_sentence_words or total + n > budget:
            continue
        group = groups[sentence.id]
        if group in used_groups:
            continue
        if trigram_blocking:
            grams = _trigrams(sentence.text)
            if grams & seen_trigrams:
                continue
            seen_trigrams |= grams
        used_groups.add(group)
        chosen.append(sentence)
        total += n
        if budget - total < min_sentence_words:
            break
    chosen.sort(key=lambda s: (s.doc_index, s.index))
    return chosen
