"""Single-machine story clustering of texts: views, scored candidate pairs, merging.

Two levels (docs/scaling.md):

* ``event``: one happening and its direct follow-ups. Candidate pairs by body
  cosine, weighted by the learned pair model of :mod:`.similarity`, merged by
  average linkage (:func:`.cluster.merge`).
* ``thread``: the event stories of one developing topic over weeks. The event
  stories are merged further (:func:`.similarity.cluster_levels`): a thread is
  a union of event stories, and two event stories join one thread when the
  average probability of their articles' pairs, weighted by the time factor,
  reaches the model's lower thread threshold.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from . import cluster, features, similarity

LEVELS = ("event", "thread")


def cluster_texts(
    texts: Sequence[str],
    days: np.ndarray | None = None,
    *,
    threshold: float | None = None,
    grace: float = cluster.GRACE_DAYS,
    tau: float = cluster.TAU_DAYS,
    level: str = "event",
) -> np.ndarray:
    """A story label per text (0..m-1). ``days``: publication time in days (NaN = unknown)."""
    return group_texts(texts, days, threshold=threshold, grace=grace, tau=tau, level=level)[0]


def group_texts(
    texts: Sequence[str],
    days: np.ndarray | None = None,
    *,
    threshold: float | None = None,
    grace: float = cluster.GRACE_DAYS,
    tau: float = cluster.TAU_DAYS,
    level: str = "event",
) -> tuple[np.ndarray, list[int]]:
    """Story labels (of ``level``) and the boilerplate-only rows, from one pass over the texts."""
    labels, junk, _ = group_levels(texts, days, threshold=threshold, grace=grace, tau=tau)
    if level == "thread":
        return labels[1], junk
    return labels[0], junk


def group_levels(
    texts: Sequence[str],
    days: np.ndarray | None = None,
    *,
    threshold: float | None = None,
    thread_threshold: float | None = None,
    grace: float = cluster.GRACE_DAYS,
    tau: float = cluster.TAU_DAYS,
):
    """(event labels, thread labels), boilerplate rows, view matrices."""
    if not texts:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty), [], None
    terms, stats = features.fit_terms(texts)
    mats = similarity.view_matrices(similarity.counts_of(terms), stats.idf())
    levels = similarity.cluster_levels(mats, days, threshold=threshold, thread_threshold=thread_threshold,
                                       grace=grace, tau=tau)
    return levels, _boilerplate(terms), mats


def boilerplate_rows(texts: Sequence[str]) -> list[int]:
    """Rows whose text is (almost) only templates shared with other texts."""
    return _boilerplate(features.fit_terms(texts)[0])


def _boilerplate(terms: Sequence[np.ndarray]) -> list[int]:
    return [i for i, t in enumerate(terms) if features.is_boilerplate(t)]
