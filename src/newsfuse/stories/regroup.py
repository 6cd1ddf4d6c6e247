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
    candidates counted as 0) is at least ``share * threshold``. Most strongly touched first (by their best
    similarity with a new row; ties: smaller id)."""
    if X_new.shape[0] == 0 or X_cand.shape[0] == 0:
        return []
    S = (X_new @ X_cand.T).tocsr()  # sparse: only candidates sharing a term
    best: dict[int, float] = {}
    for r in range(S.shape[0]):
        cols, sims = S.indices[S.indptr[r] : S.indptr[r + 1]], S.data[S.indptr[r] : S.indptr[r + 1]]
        ok = sims >= threshold
        top_cols, top_sims = cols[ok], sims[ok]
        if len(top_cols) > k:
            top = np.argsort(-top_sims, kind="stable")[:k]
            top_cols, top_sims = top_cols[top], top_sims[top]
        if not len(top_cols):
            continue
        stories = cand_story[cols]
        for story, sim in zip(cand_story[top_cols].tolist(), top_sims.tolist()):
            if story_size is not None and share > 0:
                mean = float(sims[stories == story].sum()) / max(story_size.get(story, 1), 1)
                if mean < share * threshold:
                    continue
            if sim > best.get(story, -1.0):
                best[story] = sim
    return sorted(best, key=lambda story: (-best[story], story))


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
