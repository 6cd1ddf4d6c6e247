"""rank.similarity (on newsfuse.text's TF-IDF rows): TF-IDF features computed block by block agree with the
plain dense definitions, whatever the block size."""
from __future__ import annotations

import numpy as np
import pytest

from newsfuse.ingest import ingest
from newsfuse.pipeline import prepare
from newsfuse.rank import similarity
from newsfuse.rank.features import feature_matrix
from newsfuse.rank.similarity import tfidf_features
from newsfuse.text import cosine_lookup, tfidf_rows
from newsfuse.text import weighting


@pytest.fixture
def example_story(example_dir):
    return prepare(ingest([str(example_dir)]).articles).rank_input


def _inputs(story):
    sentences = list(story.sentences)
    _, doc = np.unique([s.doc_index for s in sentences], return_inverse=True)
    first = np.searchsorted(doc, np.arange(doc.max() + 1))
    order = np.arange(len(sentences)) - first[doc]
    n_words = np.array([len(s.text.split()) for s in sentences], dtype=np.float64)
    return tfidf_rows([s.text for s in sentences]), doc, order, n_words


def _dense_reference(w, doc, order, n_words):
    """The features written out with a full n x n matrix and loops."""
    dense = w.toarray()
    sim = dense @ dense.T
    n, n_docs = len(doc), doc.max() + 1
    ref = {name: np.zeros(n) for name in similarity.FEATURES}
    total = dense.sum(axis=0)
    for i in range(n):
        best = [max(0.0, sim[i, doc == d].max()) for d in range(n_docs) if d != doc[i]]
        ref["max_sim_other"][i] = max(best)
        ref["mean_best_sim_other"][i] = np.mean(best)
        ref["share_docs_sim30"][i] = np.mean([b >= 0.3 for b in best])
        ref["share_docs_sim50"][i] = np.mean([b >= 0.5 for b in best])
        leads = [sim[i, j] for j in range(n) if order[j] == 0 and doc[j] != doc[i]]
        ref["lead_sim"][i] = max(leads)
        ref["centroid_sim"][i] = dense[i] @ total / np.linalg.norm(total)
        own = dense[doc == doc[i]].sum(axis=0)
        ref["doc_centroid_sim"][i] = dense[i] @ own / np.linalg.norm(own)
        if i and doc[i - 1] == doc[i]:
            ref["prev_sim"][i] = sim[i, i - 1]
    weight = (dense > 0).sum(axis=0) * dense.max(axis=0)
    weight = weight / weight.sum()
    ref["salience"] = (dense > 0) @ weight / np.maximum(1.0, n_words) * 100.0
    return ref


def test_features_match_the_dense_definitions(example_story):
    w, doc, order, n_words = _inputs(example_story)
    assert doc.max() >= 3, "the example has several reports"
    got = tfidf_features(w, doc, order, n_words)
    for name, values in _dense_reference(w, doc, order, n_words).items():
        np.testing.assert_allclose(got[name], values, atol=1e-9, err_msg=name)
    assert got["max_sim_other"].max() > 0.9  # 001 and 004 copy 000


def test_small_blocks_give_the_same_features(example_story, monkeypatch):
    whole = feature_matrix(example_story)
    n = len(example_story.sentences)
    for cells in (n, 3 * n + 1):  # one row per block; three rows (last block shorter)
        monkeypatch.setattr(weighting, "BLOCK_CELLS", cells)
        weighting._tfidf_of.cache_clear()
        np.testing.assert_allclose(feature_matrix(example_story), whole, atol=1e-6)


def test_cosine_lookup_is_the_same_dense_or_per_row(example_story, monkeypatch):
    w, *_ = _inputs(example_story)
    dense = w.toarray() @ w.toarray().T
    from_matrix = cosine_lookup(w)
    monkeypatch.setattr(weighting, "BLOCK_CELLS", 1)
    per_row = cosine_lookup(w)
    for i in (0, 5, w.shape[0] - 1):
        np.testing.assert_allclose(from_matrix(i), dense[i], atol=1e-12)
        np.testing.assert_allclose(per_row(i), dense[i], atol=1e-12)


def test_tfidf_rows_are_unit_length_and_skip_stop_words():
    w = tfidf_rows(["The army took the town.", "the of and", "Army units took Raqqa."])
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, [1.0, 0.0, 1.0])
    assert w[1].nnz == 0
