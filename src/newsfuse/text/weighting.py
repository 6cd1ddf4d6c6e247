"""The one TF-IDF weighting of newsfuse, and bounded-memory cosines.

Weight of term t in text d, over a collection of n texts where t occurs in df(t)::

    w(t, d) = (1 + log tf(t, d)) * (log((1 + n) / (1 + df(t))) + 1)

then each row L2-normalised. Why this formula:

* sublinear TF ``1 + log tf`` (scikit-learn's ``sublinear_tf``): a word said
  five times in a report is more telling than once, not five times more. A
  term present once weighs exactly its IDF (``log1p`` would weigh it 0.69 of
  it and so tilt rows towards repeated words);
* smoothed IDF (``1 + n``, ``1 + df``, ``+ 1``; scikit-learn's default): no
  division by zero for a term seen nowhere else (a stored IDF applied to a new
  article), and a word in every text keeps a small positive weight instead of
  vanishing, which matters for stories of two or three reports.

Every user takes it from here: sentence rows of one story for the rankers and
the selector (:func:`tfidf`, :func:`tfidf_rows`) and the hashed article vectors
of story clustering (:func:`sublinear_tf` and :func:`smooth_idf` on stored
counts). Before issue 16 the sentence features used ``log(1 + tf)``; in a
sentence almost every term occurs once, and L2 normalisation makes rows of
single occurrences identical under both formulas (the measured effect on
``newsfuse eval`` is in the commit that unified them).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from .lexicon import STOP_WORDS
from .tokens import terms

# Largest number of text-to-text cosines held at once (8 bytes each: 32 MB).
BLOCK_CELLS = 4_000_000


def sublinear_tf(tf: np.ndarray) -> np.ndarray:
    """``1 + log tf`` of positive term counts."""
    return 1.0 + np.log(tf)


def smooth_idf(n_texts: int, df: np.ndarray) -> np.ndarray:
    """``log((1 + n) / (1 + df)) + 1`` for document frequencies ``df`` among ``n_texts``."""
    return np.log((1.0 + n_texts) / (1.0 + df)) + 1.0


def l2_rows(w: sp.csr_matrix) -> sp.csr_matrix:
    """Divide each row of CSR ``w`` by its Euclidean norm, in place (empty rows stay empty)."""
    n = w.shape[0]
    per_row = np.diff(w.indptr)
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n), per_row), weights=w.data**2, minlength=n))
    w.data /= np.repeat(np.where(norms > 0, norms, 1.0), per_row)
    return w


def tfidf(token_lists: Sequence[Sequence[str]], stop_words: frozenset[str] = STOP_WORDS) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (CSR, one per token list) over the lists' own
    vocabulary, ``stop_words`` left out. At least one column, even with no term."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, tokens in enumerate(token_lists):
        for t in tokens:
            if t in stop_words:
                continue
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    n = len(token_lists)
    w = sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp))),
        shape=(n, max(1, len(vocab))),
    )
    w.sum_duplicates()
    df = np.bincount(w.indices, minlength=w.shape[1])
    w.data = sublinear_tf(w.data) * smooth_idf(n, df)[w.indices]
    return l2_rows(w)


def tfidf_rows(texts: Sequence[str]) -> sp.csr_matrix:
    """:func:`tfidf` of the :func:`~newsfuse.text.tokens.terms` of ``texts``. The
    last story's matrix is kept (the learned ranker's features and the selector
    build it once per brief): do not modify it."""
    return _tfidf_of(tuple(texts))


@lru_cache(maxsize=1)
def _tfidf_of(texts: tuple[str, ...]) -> sp.csr_matrix:
    return tfidf([terms(t) for t in texts])


def cosine_lookup(w: sp.csr_matrix) -> Callable[[int], np.ndarray]:
    """A function ``i -> cosines of every row of w with row i``: read from one
    dense n x n matrix when that fits in :data:`BLOCK_CELLS`, else computed per call."""
    n = w.shape[0]
    if n * n <= BLOCK_CELLS:
        dense = (w @ w.T).toarray()
        return lambda i: dense[i]
    return lambda i: (w @ w[i].T).toarray().ravel()


def rows_per_block(n_columns: int) -> int:
    """How many rows of an ``n_columns``-wide cosine block fit in :data:`BLOCK_CELLS`."""
    return max(1, BLOCK_CELLS // max(n_columns, 1))
