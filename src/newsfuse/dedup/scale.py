"""Near-duplicate documents at scale (thousands of articles) with MinHashLSH.

``near_duplicate_pairs(texts)`` is for grouping a stream of articles (the
stories stage): it finds every pair of texts whose word 3-gram sets have an
estimated Jaccard similarity of at least ``threshold``, without comparing all
pairs. Words are normalised as everywhere in dedup (lower case, "U.S." ==
"US"). Texts with fewer than ``MIN_SHINGLES`` 3-grams are never paired (an
empty or one-line text says nothing about being a copy).

Whole-text Jaccard suits equal-length copies (syndicated wire stories); for a
short copy inside a long report inside one story use ``dedup`` (containment).
"""
from __future__ import annotations

from typing import Sequence
from zlib import crc32

from .copies import shingles
from ..text import folded_words as words

# Documents whose estimated Jaccard over word 3-grams reaches this are near
# duplicates: the same wire story with a changed headline, a trimmed ending or
# a few edits stays above it; two reports of one event stay far below (< 0.1).
NEAR_DUPLICATE_JACCARD = 0.5
# MinHash permutations: 64 gives a standard error of about 0.06 on the estimate.
NUM_PERM = 64
MIN_SHINGLES = 5


def _identity(value: int) -> int:
    return value


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD, num_perm: int = NUM_PERM
) -> list[tuple[int, int, float]]:
    """(i, j, estimated Jaccard) for every pair i < j of near-duplicate texts, sorted."""
    from datasketch import MinHash, MinHashLSH

    # CRC-32 of each 3-gram, fed to MinHash as it is (identity hashfunc):
    # deterministic across runs, and much cheaper than datasketch's SHA-1.
    grams = [{crc32(" ".join(g).encode()) for g in shingles(words(t))} for t in texts]
    keep = [i for i, g in enumerate(grams) if len(g) >= MIN_SHINGLES]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {}
    for i, m in zip(keep, MinHash.generator((grams[i] for i in keep), num_perm=num_perm, hashfunc=_identity)):
        hashes[i] = m
        lsh.insert(i, m)
    pairs = []
    for i, m in hashes.items():
        for j in lsh.query(m):
            if j > i:
                sim = m.jaccard(hashes[j])
                if sim >= threshold:
                    pairs.append((i, j, round(sim, 3)))
    return sorted(pairs)
