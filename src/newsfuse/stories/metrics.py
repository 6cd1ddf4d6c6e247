"""Clustering quality: B-cubed precision/recall/F1 and the adjusted Rand index."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    ari: float
    n_items: int
    n_clusters: int


def bcubed(gold: Sequence, pred: Sequence) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    if len(gold) == 0:
        return 1.0, 1.0, 1.0
    C = contingency_matrix(gold, pred, sparse=True).tocoo()  # rows: gold, cols: pred
    n = float(len(gold))
    gold_size = np.asarray(C.sum(axis=1)).ravel()
    pred_size = np.asarray(C.sum(axis=0)).ravel()
    sq = C.data.astype(np.float64) ** 2
    precision = float((sq / pred_size[C.col]).sum() / n)
    recall = float((sq / gold_size[C.row]).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def quality(gold: Sequence, pred: Sequence) -> Quality:
    p, r, f = bcubed(gold, pred)
    return Quality(p, r, f, float(adjusted_rand_score(gold, pred)), len(gold), len(set(pred)))
