"""Single-machine story clustering of texts: vectors, candidate pairs, merging."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from . import cluster, features


def cluster_texts(
    texts: Sequence[str],
    days: np.ndarray | None = None,
    *,
    threshold: float = cluster.DEFAULT_THRESHOLD,
) -> np.ndarray:
    """A story label per text (0..m-1). ``days``: publication time in days (NaN = unknown)."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    X, _ = features.fit_vectors(texts)
    return cluster.cluster(X, days=days, threshold=threshold)


def boilerplate_rows(texts: Sequence[str]) -> list[int]:
    """Rows whose text is (almost) only templates shared with other texts."""
    stats = features.CorpusStats()
    docs = [features.analyse(t) for t in texts]
    stats.add_shingles(docs)
    return [i for i, d in enumerate(docs) if features.is_boilerplate(features.content_terms(d, stats))]
