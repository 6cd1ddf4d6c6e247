"""The store's candidate index: each article's term counts and its most telling terms.

A batch finds the stored articles that may share its stories through an
inverted index (``postings``: term -> articles) instead of comparing with
every stored article, and vectorises those candidates from their stored term
counts (``analyses``) instead of their texts. Both reads are bounded per new
article, whatever the size of the store:

* each article posts its ``POSTED_TERMS`` highest TF-IDF terms (IDF of the
  corpus at the time it is stored);
* a batch looks up the ``QUERY_TERMS`` highest terms of each new article and
  reads at most the ``PER_TERM`` most recently stored articles of each posting
  list (a common term's list is long, but its recent end is what a news
  stream needs; the telling, rare terms have short lists).

The stored terms are the content terms of the article when it was stored
(templates known at that time removed); later batches weight them with the
current IDF. The functions here are pure; the store reads and writes the
two tables (:mod:`newsfuse.store.terms`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import scipy.sparse as sp

from ..text import sublinear_tf
from . import features

POSTED_TERMS = 48
QUERY_TERMS = 12
PER_TERM = 16


def counts(terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct term ids (ascending) and their counts."""
    ids, tf = np.unique(terms, return_counts=True)
    return ids.astype(np.int64), tf.astype(np.int64)


def pack(ids: np.ndarray, tf: np.ndarray) -> bytes:
    """Term counts as bytes: n, n uint32 ids, n uint16 counts (ids of every view: below 2^22)."""
    n = len(ids)
    return (n.to_bytes(4, "little") + ids.astype("<u4").tobytes()
            + np.minimum(tf, 65535).astype("<u2").tobytes())


def unpack(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`pack` (read-only views on ``blob``: uint32 ids, uint16 counts)."""
    n = int.from_bytes(blob[:4], "little")
    return np.frombuffer(blob, dtype="<u4", count=n, offset=4), np.frombuffer(blob, dtype="<u2", count=n, offset=4 + 4 * n)


def top_terms(ids: np.ndarray, tf: np.ndarray, idf: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` body terms of highest (1 + log tf) * idf (ties: smaller term id)."""
    body = ids < features.N_FEATURES
    ids, tf = ids[body], tf[body]
    if len(ids) == 0:
        return ids
    weight = sublinear_tf(tf) * idf[ids]
    return ids[np.lexsort((ids, -weight))[:n]]


def vectorise(docs: Sequence[tuple[np.ndarray, np.ndarray]], idf: np.ndarray) -> sp.csr_matrix:
    """L2-normalised sublinear TF-IDF rows of the body view from stored term counts
    (:func:`features.vectorise_counts`)."""
    return features.vectorise_counts(docs, idf)
