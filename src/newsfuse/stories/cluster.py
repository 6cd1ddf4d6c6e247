"""Group article vectors into stories.

Two steps, both over a sparse similarity graph so memory stays linear:

1. :func:`candidate_edges`: each article's ``k`` most similar articles
   (cosine of L2-normalised TF-IDF rows, sparse product in row chunks), kept
   when the similarity reaches ``floor``.
2. :func:`merge`: average-linkage agglomeration over those edges. The linkage
   of two groups is the sum of the similarities of their candidate pairs
   divided by ``|A| * |B|`` (pairs outside the candidate graph count as 0), and
   the best-linked pair is merged while its linkage is at least ``threshold``.
   Unlike single linkage (connected components) this resists chaining: one
   article that resembles two stories cannot glue them together.

Time awareness (:func:`time_factor`): the linkage of two groups is
multiplied by a decay of the gap between their date ranges (the days between
the end of one and the start of the other; overlapping or undated groups:
no gap). Up to ``GRACE_DAYS`` (30) it is 1, beyond that
``exp(-(gap - GRACE_DAYS) / TAU_DAYS)`` (90). The gap is between groups, not
pairs: a story covered every few days can run for months, while two groups of
reports months apart need a much stronger resemblance to merge. (News-desk
stories, e.g. the TDT stories of DUC 2003, have gaps of five weeks inside one
story; the DUC 2006 topics span years and are split by it.)

Groups given in ``fixed`` (e.g. stories already in the database) start merged
and are never merged with each other; new articles can join them.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp

DEFAULT_THRESHOLD = 0.17
DEFAULT_K = 20
DEFAULT_FLOOR = 0.03
GRACE_DAYS = 30.0
TAU_DAYS = 90.0


@dataclass(frozen=True)
class Edges:
    """Undirected weighted pairs (i < j) of row indices."""

    i: np.ndarray
    j: np.ndarray
    sim: np.ndarray

    def __len__(self) -> int:
        return len(self.i)


def candidate_edges(
    X: sp.csr_matrix,
    rows: np.ndarray | None = None,
    cols: np.ndarray | None = None,
    *,
    k: int = DEFAULT_K,
    floor: float = DEFAULT_FLOOR,
    chunk: int = 1000,
) -> Edges:
    """Top-``k`` neighbours (similarity >= ``floor``) of ``rows`` among ``cols`` (default: all rows of ``X``)."""
    n = X.shape[0]
    rows = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    cols = np.arange(n) if cols is None else np.asarray(cols, dtype=np.int64)
    XT = X[cols].T.tocsc()
    col_pos = np.full(n, -1, dtype=np.int64)
    col_pos[cols] = np.arange(len(cols))
    out_i, out_j, out_s = [], [], []
    for start in range(0, len(rows), chunk):
        r = rows[start : start + chunk]
        S = (X[r] @ XT).toarray()
        self_pos = col_pos[r]
        has_self = self_pos >= 0
        S[np.flatnonzero(has_self), self_pos[has_self]] = 0.0  # no self-pairs
        kk = min(k, len(cols))
        if kk <= 0:
            break
        top = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        sims = np.take_along_axis(S, top, axis=1)
        ok = sims >= floor
        out_i.append(np.repeat(r, kk)[ok.ravel()])
        out_j.append(cols[top.ravel()[ok.ravel()]])
        out_s.append(sims.ravel()[ok.ravel()])
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return Edges(empty, empty, np.zeros(0, dtype=np.float32))
    return normalise_edges(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s))


def normalise_edges(i: np.ndarray, j: np.ndarray, s: np.ndarray) -> Edges:
    """Order each pair (min, max) and drop repeated pairs."""
    a = np.minimum(i, j).astype(np.int64)
    b = np.maximum(i, j).astype(np.int64)
    keep = a != b
    a, b, s = a[keep], b[keep], s[keep]
    key = a * (int(b.max(initial=0)) + 1) + b
    _, first = np.unique(key, return_index=True)
    return Edges(a[first], b[first], s[first].astype(np.float32))


def time_factor(gap: float, grace: float = GRACE_DAYS, tau: float = TAU_DAYS) -> float:
    """Weight of a linkage between two groups whose date ranges are ``gap`` days apart (NaN: undated)."""
    if not gap > grace:  # also NaN
        return 1.0
    return math.exp(-(gap - grace) / tau)


def merge(
    n: int,
    edges: Edges,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    fixed: Sequence[int] | np.ndarray | None = None,
    days: np.ndarray | None = None,
    grace: float = GRACE_DAYS,
    tau: float = TAU_DAYS,
    start: Sequence[int] | np.ndarray | None = None,
) -> np.ndarray:
    """Average-linkage merging over candidate edges; returns a label (0..m-1) per row.

    ``start``: a label per row; rows with one label start as one group (which
    can merge further: the thread level starts from the event stories).

    ``days``: publication time of each row in days (NaN: undated); the
    linkage of two groups is weighted by :func:`time_factor` of their gap
    (a group with no dated row has no gap with any other).

    ``fixed[i] >= 0`` puts row ``i`` in a pre-existing group; two pre-existing
    groups are never merged. Labels are numbered by first row of each group.
    """
    parent = np.arange(n)
    size = [1] * n
    frozen = [False] * n
    if fixed is not None:
        fixed = np.asarray(fixed)
        for g in np.unique(fixed[fixed >= 0]):
            members = np.flatnonzero(fixed == g)
            parent[members] = members[0]
            size[members[0]] = len(members)
            frozen[members[0]] = True
    if start is not None:
        start = np.asarray(start)
        order = np.argsort(start, kind="stable")
        bounds = np.flatnonzero(np.diff(start[order])) + 1
        for members in np.split(order, bounds):
            if len(members) > 1 and not any(frozen[m] for m in members):
                parent[members] = members[0]
                size[members[0]] = len(members)
    # neighbour weights between current group representatives
    weights: list[dict[int, float]] = [dict() for _ in range(n)]
    ri, rj = parent[edges.i], parent[edges.j]
    for a, b, s in zip(ri.tolist(), rj.tolist(), edges.sim.tolist()):
        if a != b:
            weights[a][b] = weights[a].get(b, 0.0) + s
            weights[b][a] = weights[b].get(a, 0.0) + s
    # date range of each group (NaN: no dated row); plain lists: this loop is the hot path
    lo = [math.nan] * n if days is None else np.asarray(days, dtype=np.float64).tolist()
    hi = list(lo)
    for a, r in enumerate(parent.tolist()):
        if r != a:
            lo[r], hi[r] = _fmin(lo[r], lo[a]), _fmax(hi[r], hi[a])
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if frozen[a] and frozen[b]:
            return
        link = weights[a][b] / (size[a] * size[b])
        la, lb = lo[a], lo[b]
        if la == la and lb == lb:  # both dated
            gap = (la if la > lb else lb) - (hi[a] if hi[a] < hi[b] else hi[b])
            if gap > grace:
                link *= time_factor(gap, grace, tau)
        if link >= threshold:
            heapq.heappush(heap, (-link, a, b, version[a], version[b]))

    for a in range(n):
        for b in weights[a]:
            if a < b:
                push(a, b)
    alive = [True] * n
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        if len(weights[a]) < len(weights[b]):
            a, b = b, a  # keep the larger neighbour map
        wa, wb = weights[a], weights[b]
        for c, w in wb.items():
            if c == a:
                continue
            wa[c] = wa.get(c, 0.0) + w
            wc = weights[c]
            wc[a] = wc.get(a, 0.0) + wc.pop(b)
        wa.pop(b, None)
        weights[b] = {}
        alive[b] = False
        parent[b] = a
        size[a] += size[b]
        lo[a], hi[a] = _fmin(lo[a], lo[b]), _fmax(hi[a], hi[b])
        frozen[a] = frozen[a] or frozen[b]
        version[a] += 1  # every queued pair with ``a`` is now stale
        for c in wa:
            push(a, c)
    return _labels(parent)


def _fmin(x: float, y: float) -> float:
    """min ignoring NaN (NaN only when both are)."""
    return y if x != x or (y == y and y < x) else x


def _fmax(x: float, y: float) -> float:
    return y if x != x or (y == y and y > x) else x


def _labels(parent: np.ndarray) -> np.ndarray:
    root = parent.copy()
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    _, labels = np.unique(root, return_inverse=True)
    # renumber by first occurrence so labels are stable and readable
    order = {}
    out = np.empty(len(labels), dtype=np.int64)
    for idx, lab in enumerate(labels.tolist()):
        out[idx] = order.setdefault(lab, len(order))
    return out


def cluster(
    X: sp.csr_matrix,
    *,
    days: np.ndarray | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    k: int = DEFAULT_K,
    floor: float = DEFAULT_FLOOR,
    grace: float = GRACE_DAYS,
    tau: float = TAU_DAYS,
) -> np.ndarray:
    """Story label per row of ``X`` (L2-normalised TF-IDF)."""
    return merge(X.shape[0], candidate_edges(X, k=k, floor=floor), threshold=threshold, days=days,
                 grace=grace, tau=tau)
