"""Sentence support: which sentences of *other* reports say the same thing.

Sentence t supports sentence s when t says what s says, judged on their sets
of content words (lower-cased, stopwords dropped, "U.S." == "US"): the two
sets overlap strongly (Jaccard; symmetric), or t holds nearly all of s's
content words (containment; one way: a long sentence supports the short one
it contains, not the reverse, so a citation never claims more than the cited
report says). This is the exact Jaccard that a
MinHash would estimate; for a story of a few dozen reports exact is both
faster and free of estimation error. Candidate pairs come from an inverted
index over content words, so the cost grows with shared words, not with the
square of the number of sentences.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..segment import Sentence
from .text import content_words

# Two sentences say the same thing when the Jaccard similarity of their content
# word sets is at least this. Small edits ("US"/"U.S.", a clause added or
# trimmed, "militiamen"/"militia members") stay well above it (0.6-0.95 on the
# bundled example); sentences that merely share the story's names and places
# stay below it (mostly under 0.3).
SUPPORT_JACCARD = 0.5
# A sentence t also supports s when at least this share of s's content words
# are in t (t says all s says and more), provided s has at least
# SUPPORT_MIN_WORDS content words (shorter ones are matched by Jaccard only).
SUPPORT_CONTAINMENT = 0.8
SUPPORT_MIN_WORDS = 6


_NONE = (0.0, -1)


def supports(s: frozenset[str], t: frozenset[str], shared: int | None = None) -> float:
    """How strongly a sentence with content words ``t`` says what one with
    content words ``s`` says: their Jaccard when it reaches SUPPORT_JACCARD,
    else the share of ``s`` inside ``t`` when that rule applies; 0.0 if not."""
    if shared is None:
        shared = len(s & t)
    if not shared:
        return 0.0
    jaccard = shared / (len(s) + len(t) - shared)
    if jaccard >= SUPPORT_JACCARD:
        return jaccard
    if len(s) >= SUPPORT_MIN_WORDS and shared / len(s) >= SUPPORT_CONTAINMENT:
        return shared / len(s)
    return 0.0


def sentence_matches(
    sentences: Sequence[Sentence], content: Sequence[frozenset[str]] | None = None
) -> tuple[dict[str, tuple[str, ...]], list[dict[str, tuple[float, int]]]]:
    """Support (see ``sentence_support``) and, for each sentence, the best
    content-word Jaccard it reaches with a sentence of each other article and
    the position of that sentence: ``best[i][article_id] = (jaccard, j)``
    (articles sharing no content word with sentence i are absent)."""
    sets = list(content) if content is not None else [content_words(s.text) for s in sentences]
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(sets):
        for w in words:
            index[w].append(i)
    matches: list[list[int]] = [[] for _ in sentences]
    best: list[dict[str, tuple[float, int]]] = [{} for _ in sentences]
    for i, words in enumerate(sets):
        if not words:
            continue
        article = sentences[i].article_id
        shared: dict[int, int] = defaultdict(int)
        for w in words:
            for j in index[w]:
                if j > i:
                    shared[j] += 1
        for j, n in shared.items():
            other = sentences[j].article_id
            if other == article:
                continue
            jaccard = n / (len(words) + len(sets[j]) - n)
            if jaccard > best[i].get(other, _NONE)[0]:
                best[i][other] = (jaccard, j)
            if jaccard > best[j].get(article, _NONE)[0]:
                best[j][article] = (jaccard, i)
            if supports(words, sets[j], n):
                matches[i].append(j)
            if supports(sets[j], words, n):
                matches[j].append(i)
    support = {s.id: tuple(sentences[j].id for j in sorted(found)) for s, found in zip(sentences, matches)}
    return support, best


def sentence_support(
    sentences: Sequence[Sentence], content: Sequence[frozenset[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """sentence id -> ids of the sentences of other articles that say what it
    says (see ``supports``; in input order). Every sentence id is a key (empty tuple if none).
    ``content[i]`` is ``text.content_words(sentences[i].text)`` if precomputed."""
    return sentence_matches(sentences, content)[0]
