"""Sentence TF-IDF and the similarity features built on it, in bounded memory.

The rows are :func:`newsfuse.text.tfidf_rows` (L2-normalised TF-IDF, one per
sentence, memoized for the last story, so the learned ranker's features and
``select`` build them once per brief).

``tfidf_features`` computes every sentence feature built on those rows
(best match in another report, share of reports saying something similar,
similarity to other reports' leads and to the previous sentence, centroid
cosines, salience) one block of rows at a time: a block holds at most
``newsfuse.text.BLOCK_CELLS`` cosines, so a story of 30,000 sentences needs about as much
memory for this as one of 3,000 instead of an n x n matrix. Columns are
visited in report order, so the best match in each report is one
``np.maximum.reduceat`` per block rather than a loop over reports.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..text import rows_per_block

FEATURES = (
    "max_sim_other", "mean_best_sim_other", "share_docs_sim30", "share_docs_sim50", "lead_sim",
    "centroid_sim", "doc_centroid_sim", "prev_sim", "salience",
)


def tfidf_features(
    w: sp.csr_matrix, doc: np.ndarray, order_in_doc: np.ndarray, n_words: np.ndarray
) -> dict[str, np.ndarray]:
    """Every sentence feature built on the TF-IDF rows ``w``.

    ``doc[i]`` is sentence i's report (0..n_docs-1, every report present),
    ``order_in_doc[i]`` its rank in that report (0 = its lead sentence).

    * ``max_sim_other``: best cosine to a sentence of another report;
      ``mean_best_sim_other`` and ``share_docs_sim30/50``: over the other
      reports, the mean of the best cosine to each and the share where it
      reaches 0.3 / 0.5 (all 0 with a single report);
    * ``lead_sim``: best cosine to another report's lead sentence;
    * ``centroid_sim`` / ``doc_centroid_sim``: cosine to the TF-IDF centroid
      of the story / of its own report;
    * ``prev_sim``: cosine to the previous sentence of the same report;
    * ``salience``: share of the story's TF-IDF mass carried by the
      sentence's words, per word, x 100.

    Cosines are computed one block of rows at a time (columns in report
    order), so the centroid dot products are sums over the same block."""
    n = w.shape[0]
    out = {name: np.zeros(n) for name in FEATURES}
    if n == 0:
        return out
    n_docs = int(doc.max()) + 1
    by_doc = np.argsort(doc, kind="stable")
    column_of = np.empty(n, dtype=np.intp)
    column_of[by_doc] = np.arange(n)
    starts = np.searchsorted(doc[by_doc], np.arange(n_docs))
    wt = (w if np.array_equal(by_doc, np.arange(n)) else w[by_doc]).T.tocsr()
    lead_cols = np.flatnonzero(order_in_doc[by_doc] == 0)
    lead_doc = doc[by_doc][lead_cols]
    to_story = np.zeros(n)  # dot with the sum of all rows
    to_doc = np.zeros(n)  # dot with the sum of the own report's rows
    step = rows_per_block(n)
    for begin in range(0, n, step):
        rows = np.arange(begin, min(n, begin + step))
        own = doc[rows]
        sim = ((w[begin : rows[-1] + 1] if step < n else w) @ wt).toarray()
        to_story[rows] = sim.sum(axis=1)
        per_doc = np.add.reduceat(sim, starts, axis=1)
        to_doc[rows] = per_doc[np.arange(len(rows)), own]
        has_prev = rows > 0
        prev_rows = rows[has_prev]
        same = doc[prev_rows - 1] == doc[prev_rows]
        out["prev_sim"][prev_rows[same]] = sim[np.flatnonzero(has_prev)[same], column_of[prev_rows[same] - 1]]
        if lead_cols.size:
            lead = sim[:, lead_cols]
            lead[own[:, None] == lead_doc[None, :]] = 0.0
            out["lead_sim"][rows] = lead.max(axis=1)
        if n_docs < 2:
            continue
        best = np.maximum.reduceat(sim, starts, axis=1)  # (rows, n_docs)
        best[np.arange(len(rows)), own] = 0.0
        np.maximum(best, 0.0, out=best)
        out["max_sim_other"][rows] = best.max(axis=1)
        out["mean_best_sim_other"][rows] = best.sum(axis=1) / (n_docs - 1)
        out["share_docs_sim30"][rows] = (best >= 0.3).sum(axis=1) / (n_docs - 1)
        out["share_docs_sim50"][rows] = (best >= 0.5).sum(axis=1) / (n_docs - 1)
    story_norm = np.sqrt(max(to_story.sum(), 0.0))
    out["centroid_sim"] = to_story / story_norm if story_norm > 0 else np.zeros(n)
    doc_norm = np.sqrt(np.maximum(np.bincount(doc, weights=to_doc, minlength=n_docs), 0.0))
    out["doc_centroid_sim"] = to_doc / np.where(doc_norm > 0, doc_norm, 1.0)[doc]
    # salience: a word weighs (number of sentences using it) x (its largest TF-IDF value)
    column_max = np.zeros(w.shape[1])
    np.maximum.at(column_max, w.indices, w.data)
    term_weight = np.bincount(w.indices, minlength=w.shape[1]) * column_max
    term_weight = term_weight / max(term_weight.sum(), 1e-9)
    row_of = np.repeat(np.arange(n), np.diff(w.indptr))
    out["salience"] = np.bincount(row_of, weights=term_weight[w.indices], minlength=n) / np.maximum(1.0, n_words) * 100.0
    return out
