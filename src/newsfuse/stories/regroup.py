"""Re-grouping one batch's neighbourhood: the clustering step of the incremental store.

Pure functions over vectors and row indices; :mod:`newsfuse.store` does the I/O.

1. :func:`touched_stories`: the stored stories a batch may change. A stored
   story is *touched* when one of its articles is among the ``TOUCH_K`` (5)
   most similar of the index's candidates (:mod:`newsfuse.stories.index`) to
   a new article, at a similarity of at least the merge threshold, and the
   new article's mean similarity with the story's articles (those not among
   the candidates counted as 0) is at least ``TOUCH_SHARE`` (0.75) times the
   threshold: a story the new article resembles in one report only is left
   alone (10-batch Multi-News B3-F1 0.765 without this rule, 0.764 with it;
   the region of a late batch of the scale benchmark 3,032 -> 1,324 stored
   articles). Below that no group holding a new article can reach it: a
   group's average linkage never exceeds its best pair (times a time factor
   of at most 1).
2. The store then clusters the *region* (the touched stories' articles, at
   most ``MAX_STORY_ROWS`` most recent of each, plus the new ones; stories
   are added most strongly touched first while the stored part stays within
   ``MAX_REGION_ROWS``: the cost of a batch is bounded whatever the store holds) from single
   articles with :func:`newsfuse.stories.cluster.cluster`, with the statistics
   of the grown corpus, so touched stories can merge, absorb each other or
   shed articles that no longer fit, as they would in one batch. Stories
   outside the region are not changed.
3. :func:`story_of_labels` gives each resulting group a stored id: by
   decreasing overlap, a group keeps the touched story with most of its
   articles in it (ties: the smaller id), each id once; other groups are new
   stories, and a touched story that keeps no group is merged away.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from . import cluster

MAX_STORY_ROWS = 400  # a touched story's most recent articles re-grouped with the batch
MAX_REGION_ROWS = 4000  # stored articles re-grouped with one batch, most strongly touched stories first
TOUCH_K = 5  # a new article touches the stories of at most its 5 nearest stored articles
CAND_BLOCK = 4000  # candidates multiplied with the batch at a time (bounds the product's memory)
TOUCH_SHARE = 0.75  # ... whose mean similarity with it over the whole story is at least 0.75 x the threshold


def touched_stories(
    X_new: sp.csr_matrix,
    X_cand: sp.csr_matrix,
    cand_story: np.ndarray,
    *,
    story_size: dict[int, int] | None = None,
    threshold: float = cluster.DEFAULT_THRESHOLD,
    k: int = TOUCH_K,
    share: float = TOUCH_SHARE,
) -> list[int]:
    """Stories of the candidates among the ``k`` most similar to a new row with a similarity >= ``threshold``
    whose mean similarity with that row (over the story's ``story_size`` articles, those not among the
    candidates counted as 0) is at least ``share * threshold`` (of two equally similar candidates, the
    earlier one counts among the ``k``). Most strongly touched first (by their best similarity with a new
    row; ties: smaller id)."""
    if X_new.shape[0] == 0 or X_cand.shape[0] == 0:
        return []
    # Pairs at or above the threshold, from the product of the candidates with the new rows, a block of
    # candidates at a time: most candidates share some term with most new rows (at 100,000 stored, 23
    # million of the 35 million pairs are non-zero), and only a few thousand pairs reach the threshold.
    XT = X_new.T.tocsr()
    parts = []
    for start in range(0, X_cand.shape[0], CAND_BLOCK):
        St = X_cand[start : start + CAND_BLOCK] @ XT
        ok = np.flatnonzero(St.data >= threshold)
        parts.append((start + np.searchsorted(St.indptr, ok, side="right") - 1, St.indices[ok], St.data[ok]))
    cand, row, sim = (np.concatenate([p[n] for p in parts]) for n in range(3))
    row = row.astype(np.int64)
    order = np.lexsort((cand, -sim, row))  # each new row's most similar first (ties: smaller candidate)
    row, cand, sim = row[order], cand[order], sim[order]
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    rank = np.arange(len(row)) - np.repeat(starts, np.diff(np.r_[starts, len(row)]))
    top = rank < k
    row, story, sim = row[top], cand_story[cand[top]], sim[top]
    if story_size is not None and share > 0 and len(row):
        # a row's summed similarity with a story's candidates: its dot product with their summed vectors
        stories, which = np.unique(story, return_inverse=True)
        members = np.flatnonzero(np.isin(cand_story, stories))
        M = sp.csr_matrix((np.ones(len(members), dtype=np.float32),
                           (np.searchsorted(stories, cand_story[members]), members)),
                          shape=(len(stories), X_cand.shape[0]))
        Y = (M @ X_cand).tocsr()
        total = np.asarray(X_new[row].multiply(Y[which]).sum(axis=1)).ravel()
        size = np.array([max(story_size.get(int(s), 1), 1) for s in stories])[which]
        keep = total / size >= share * threshold
        story, sim = story[keep], sim[keep]
    best: dict[int, float] = {}
    for st, sm in zip(story.tolist(), sim.tolist()):
        if sm > best.get(st, -1.0):
            best[st] = sm
    return sorted(best, key=lambda st: (-best[st], st))


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
