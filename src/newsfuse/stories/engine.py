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
    grace: float = cluster.GRACE_DAYS,
    tau: float = cluster.TAU_DAYS,
) -> np.ndarray:
    """A story label per text (0..m-1). ``days``: publication time in days (NaN = unknown)."""
    return group_texts(texts, days, threshold=threshold, grace=grace, tau=tau)[0]


def group_texts(
    texts: Sequence[str],
    days: np.ndarray | None = None,
    *,
    threshold: float = cluster.DEFAULT_THRESHOLD,
    grace: float = cluster.GRACE_DAYS,
    tau: float = cluster.TAU_DAYS,
) -> tuple[np.ndarray, list[int]]:
    """Story labels and the boilerplate-only rows, from one pass over the texts."""
    if not texts:
        return np.zeros(0, dtype=np.int64), []
    terms, stats = features.fit_terms(texts)
    labels = cluster.cluster(features.vectorise(terms, stats), days=days, threshold=threshold, grace=grace, tau=tau)
    return labels, _boilerplate(terms)


def boilerplate_rows(texts: Sequence[str]) -> list[int]:
    """Rows whose text is (almost) only templates shared with other texts."""
    return _boilerplate(features.fit_terms(texts)[0])


def _boilerplate(terms: Sequence[np.ndarray]) -> list[int]:
    return [i for i, t in enumerate(terms) if features.is_boilerplate(t)]
