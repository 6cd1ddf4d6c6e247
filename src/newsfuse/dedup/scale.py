"""Near-duplicate documents at scale (thousands of articles) with MinHashLSH."""
from __future__ import annotations

from typing import Sequence

from .copies import shingles
from .text import words

# Documents whose estimated Jaccard over word 3-grams reaches this are near duplicates.
NEAR_DUPLICATE_JACCARD = 0.5
NUM_PERM = 64


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = NEAR_DUPLICATE_JACCARD, num_perm: int = NUM_PERM
) -> list[tuple[int, int, float]]:
    """(i, j, estimated Jaccard) for every pair i < j of near-duplicate texts."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=num_perm)
        m.update_batch([" ".join(g).encode() for g in shingles(words(text))])
        hashes.append(m)
        lsh.insert(i, m)
    pairs = []
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j > i:
                sim = m.jaccard(hashes[j])
                if sim >= threshold:
                    pairs.append((i, j, round(sim, 3)))
    return sorted(pairs)
