"""Re-grouping one batch's neighbourhood: the clustering step of the incremental store.

Pure functions over row indices; :mod:`newsfuse.stories.store` does the I/O.
Rows ``0..n_old-1`` are stored articles (``story[row]`` is their story id),
rows ``n_old..n-1`` are the batch's new articles.

:func:`neighbourhood` re-clusters a bounded region, not everything:

1. the new articles' candidate pairs (top-``k`` among all rows, time rule
   applied); a stored story is *touched* when one of its articles is paired
   with a new article at a similarity of at least the merge threshold. Below
   that no group holding a new article can reach it: a group's average
   linkage never exceeds its best pair;
2. the region is the touched stories' articles plus the new ones; the pairs of
   each touched article are its top-``k`` among all rows, as in one batch, and
   only pairs with both ends in the region vote. Cost: O(region x stored)
   similarities, on top of the new x all ones;
3. average linkage (:func:`newsfuse.stories.cluster.merge`) runs on the region
   from single articles, with the statistics of the grown corpus, so touched
   stories can merge, absorb each other or shed articles that no longer fit,
   as they would in one batch. Stories outside the region are not changed.

:func:`story_of_labels` then gives each resulting group a stored id: by
decreasing overlap, a group keeps the touched story with most of its
articles in it (ties: the smaller id), each id once; other groups are new
stories, and a touched story that keeps no group is merged away.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import cluster


@dataclass(frozen=True)
class Region:
    rows: np.ndarray  # global row indices: touched stored rows first (ascending), then new rows
    labels: np.ndarray  # group label per region row (0..m-1)
    prior: np.ndarray  # stored story id per region row, -1 for new rows


def _union(*parts: cluster.Edges) -> cluster.Edges:
    parts = [p for p in parts if len(p)]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return cluster.Edges(empty, empty, np.zeros(0, dtype=np.float32))
    return cluster.normalise_edges(
        np.concatenate([p.i for p in parts]), np.concatenate([p.j for p in parts]), np.concatenate([p.sim for p in parts])
    )


def _within(edges: cluster.Edges, inside: np.ndarray) -> cluster.Edges:
    keep = inside[edges.i] & inside[edges.j]
    return cluster.Edges(edges.i[keep], edges.j[keep], edges.sim[keep])


def neighbourhood(
    X: sp.csr_matrix,
    story: np.ndarray,
    days: np.ndarray | None,
    *,
    threshold: float = cluster.DEFAULT_THRESHOLD,
    k: int = cluster.DEFAULT_K,
    floor: float = cluster.DEFAULT_FLOOR,
) -> Region:
    """Re-cluster the new rows together with the stored stories they are candidates for."""
    n, n_old = X.shape[0], len(story)
    story = np.asarray(story, dtype=np.int64)
    new_rows = np.arange(n_old, n)
    old_rows = np.arange(n_old)
    edges = cluster.time_filter(cluster.candidate_edges(X, rows=new_rows, k=k, floor=floor), days)
    # a group's average linkage never exceeds its best pair, so a stored story whose
    # pairs with the new articles are all below the threshold cannot be joined by them
    touched = np.unique(story[edges.i[(edges.i < n_old) & (edges.sim >= threshold)]])
    region_old = old_rows[np.isin(story, touched)]
    if len(region_old):
        # half-size chunks: each holds a dense chunk x all-rows block; keeps the batch's peak
        # memory at the old store's level (474 vs 484 MB on the 10-batch benchmark)
        inner = cluster.candidate_edges(X, rows=region_old, k=k, floor=floor, chunk=500)
        edges = _union(edges, cluster.time_filter(inner, days))
    inside = np.zeros(n, dtype=bool)
    inside[region_old] = True
    inside[new_rows] = True
    edges = _within(edges, inside)  # pairs with untouched stories do not vote
    rows = np.concatenate([region_old, new_rows])
    local = np.full(n, -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    prior = np.concatenate([story[region_old], np.full(len(new_rows), -1, dtype=np.int64)])
    local_edges = cluster.Edges(local[edges.i], local[edges.j], edges.sim)
    labels = cluster.merge(len(rows), local_edges, threshold=threshold)
    return Region(rows=rows, labels=labels, prior=prior)


def story_of_labels(labels: np.ndarray, prior: np.ndarray) -> tuple[dict[int, int], dict[int, int]]:
    """Stored id kept by each group, and ``{vanished id: id of the group holding most of it}``.

    ``prior`` is the stored story of each row (-1: new). By decreasing overlap
    (ties: smaller id, then smaller label), a group keeps the stored story
    with most of its rows in it, each id at most once. Groups missing from the
    first dict get a new id. A stored story kept by no group has all its rows
    in groups kept by other stories: it is merged into the one with most.
    """
    overlap: dict[tuple[int, int], int] = {}
    for label, sid in zip(labels.tolist(), prior.tolist()):
        if sid >= 0:
            overlap[(label, sid)] = overlap.get((label, sid), 0) + 1
    ranked = sorted(overlap, key=lambda pair: (-overlap[pair], pair[1], pair[0]))
    keep: dict[int, int] = {}
    taken: set[int] = set()
    for label, sid in ranked:
        if label not in keep and sid not in taken:
            keep[label] = sid
            taken.add(sid)
    merged: dict[int, int] = {}
    for label, sid in ranked:
        if sid not in taken and sid not in merged:
            merged[sid] = keep[label]
    return keep, merged
