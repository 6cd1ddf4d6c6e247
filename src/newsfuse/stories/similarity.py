"""Learned similarity of two articles from their views (:mod:`.views`).

Candidate pairs come from the body view (each article's ``k`` nearest by
cosine, :func:`.cluster.candidate_edges`); each pair is then described by
:func:`pair_features` (the cosine of each view, the square root of the
body's, the product of the body and name cosines) and scored by a logistic regression fitted
on labelled pairs (``bench/fit_story_model.py``: Multi-News train clusters,
DUC 2003, DUC 2006, TAC 2011 topics; in the spirit of Miranda et al., EMNLP
2018: several TF-IDF views plus time, a learned merge decision). The score,
the probability that the two reports tell the same event, is the pair
weight of the average-linkage merge (:func:`.cluster.merge`).

The fitted model ships in the package (``newsfuse/models/stories-2/model.json``:
feature names, coefficients, intercept, threshold; plain JSON, nothing is
downloaded or unpickled).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from . import cluster, features

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "stories-2"
# Every feature rises with similarity and the fitted coefficients are positive but the body's (whose
# square root carries it), so the probability rises with each view. Names add evidence only through
# their product with the body cosine: two reports that share a place or a person and little else
# (another event in the same city; "Hun Sen" and "Sen. Maria Hun" once, under stories-1, at body cosine
# 0.136 and probability 0.787) gain almost nothing, a rewrite that shares its body and its names gains.
# No time feature: the labelled pairs that carry dates (DUC, TAC) are labelled at the grain of a topic
# over weeks, the undated ones (Multi-News) at the grain of an event, so a fitted gap coefficient learnt
# "dated pairs far apart are alike" (+0.38 on log days) and joined DUC 2006 topics years apart; time
# acts only through the merge's time factor (:func:`.cluster.time_factor`).
FEATURES = ("body", "lead", "number", "body_sqrt", "body_x_entity")


def view_matrices(docs: Sequence[tuple[np.ndarray, np.ndarray]], idf: np.ndarray) -> list[sp.csr_matrix]:
    """One L2-normalised sublinear TF-IDF matrix per view from (term ids, counts) of each article
    (each built by :func:`features.vectorise_counts`, the view's ids shifted to its own range)."""
    if not docs:
        return [features.vectorise_counts([], idf) for _ in range(features.N_VIEWS)]
    ids, tf, lengths = features.concat_counts(docs)  # once for every view
    return [features.view_rows(ids, tf, lengths, idf, v) for v in range(features.N_VIEWS)]


def stack_views(mats: Sequence[sp.csr_matrix]) -> sp.csr_matrix:
    """The view matrices side by side (view v in columns v * N_FEATURES ...)."""
    return sp.hstack(list(mats), format="csr", dtype=np.float32)


def split_views(X: sp.csr_matrix) -> list[sp.csr_matrix]:
    """Inverse of :func:`stack_views`."""
    X = X.tocsc()
    n = features.N_FEATURES
    return [X[:, v * n : (v + 1) * n].tocsr() for v in range(features.N_VIEWS)]


def counts_of(term_lists: Sequence[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for t in term_lists:
        ids, tf = np.unique(t, return_counts=True)
        out.append((ids.astype(np.int64), tf.astype(np.int64)))
    return out


def _rowwise_dot(X: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    if len(i) == 0:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(X[i].multiply(X[j]).sum(axis=1)).ravel().astype(np.float64)


def pair_features(mats: Sequence[sp.csr_matrix], i: np.ndarray, j: np.ndarray,
                  days: np.ndarray | None = None) -> np.ndarray:
    """One row of :data:`FEATURES` per pair (i, j) (``days``: unused, kept for callers)."""
    body, lead, ent, num = (_rowwise_dot(X, i, j) for X in mats)
    return np.column_stack([body, lead, num, np.sqrt(body), body * ent])


@dataclass(frozen=True)
class PairModel:
    coef: np.ndarray
    intercept: float
    threshold: float  # event level: merge threshold on the average pair probability
    mean: np.ndarray
    scale: np.ndarray
    thread_threshold: float = 0.1  # thread level: event stories merge at this average probability

    def probability(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "coef": self.coef.tolist(), "intercept": self.intercept,
                "threshold": self.threshold, "thread_threshold": self.thread_threshold,
                "mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @staticmethod
    def from_json(data: dict) -> "PairModel":
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"story model features {data['features']} differ from this newsfuse's {FEATURES}")
        return PairModel(np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]),
                         float(data["threshold"]), np.asarray(data["mean"], dtype=np.float64),
                         np.asarray(data["scale"], dtype=np.float64), float(data["thread_threshold"]))


@lru_cache(maxsize=1)
def shipped_model() -> PairModel:
    return PairModel.from_json(json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8")))


def scored_edges(mats: Sequence[sp.csr_matrix], days: np.ndarray | None = None, *, model: PairModel | None = None,
                 rows: np.ndarray | None = None, k: int = cluster.DEFAULT_K,
                 floor: float = cluster.DEFAULT_FLOOR) -> cluster.Edges:
    """Candidate pairs by body cosine, weighted by the model's probability of the same event."""
    model = model or shipped_model()
    e = cluster.candidate_edges(mats[0], rows=rows, k=k, floor=floor)
    if len(e) == 0:
        return e
    p = model.probability(pair_features(mats, e.i, e.j, days)).astype(np.float32)
    return cluster.Edges(e.i, e.j, p)


def cluster_views(mats: Sequence[sp.csr_matrix], days: np.ndarray | None = None, *, model: PairModel | None = None,
                  threshold: float | None = None, grace: float = cluster.GRACE_DAYS,
                  tau: float = cluster.TAU_DAYS) -> np.ndarray:
    """Event-story label per row: average linkage over the model-weighted candidate pairs."""
    return cluster_levels(mats, days, model=model, threshold=threshold, grace=grace, tau=tau)[0]


def cluster_levels(mats: Sequence[sp.csr_matrix], days: np.ndarray | None = None, *, model: PairModel | None = None,
                   threshold: float | None = None, thread_threshold: float | None = None,
                   grace: float = cluster.GRACE_DAYS, tau: float = cluster.TAU_DAYS,
                   edges: cluster.Edges | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(event label, thread label) per row. Events: average linkage over the model-weighted candidate
    pairs at the model's threshold; threads: the event stories merged further (each kept whole) while
    their average pair probability, times the time factor, reaches the lower thread threshold."""
    model = model or shipped_model()
    edges = edges if edges is not None else scored_edges(mats, days, model=model)
    n = mats[0].shape[0]
    t = model.threshold if threshold is None else threshold
    tt = model.thread_threshold if thread_threshold is None else thread_threshold
    events = cluster.merge(n, edges, threshold=t, days=days, grace=grace, tau=tau)
    threads = cluster.merge(n, edges, threshold=min(t, tt), days=days, grace=grace, tau=tau, start=events)
    return events, threads


def gap_days(a: float, b: float) -> float:
    return math.nan if (a != a or b != b) else abs(a - b)
