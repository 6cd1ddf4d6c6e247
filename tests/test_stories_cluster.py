"""Story clustering: features, candidate pairs, merging, time awareness, metrics."""
from __future__ import annotations

import numpy as np
import pytest
from test_stories_data import PHONE, QUAKE, TEMPLATE, TRANSFER, corpus

from newsfuse.stories import cluster, features
from newsfuse.stories.engine import boilerplate_rows, cluster_texts
from newsfuse.stories.metrics import bcubed, quality


def same_partition(a, b) -> bool:
    return quality(list(a), list(b)).ari == pytest.approx(1.0)


def test_three_stories_are_found():
    texts, gold = corpus()
    labels = cluster_texts(texts)
    assert same_partition(labels, gold)


def test_shared_template_does_not_glue_stories():
    texts, gold = corpus()
    # every article carries the same cookie/javascript notice, plus ten notice-only pages
    texts = [f"{TEMPLATE} {t}" for t in texts] + [TEMPLATE] * 10
    labels = cluster_texts(texts)
    assert same_partition(labels[:9], gold)
    # the notice-only pages are recognised as boilerplate and join no story of the news articles
    assert set(boilerplate_rows(texts)) == set(range(9, 19))
    assert not set(labels[9:]) & set(labels[:9])


def test_vectors_are_normalised_and_deterministic():
    X1, stats = features.fit_vectors(QUAKE)
    X2, _ = features.fit_vectors(QUAKE)
    assert np.allclose(np.asarray(X1.multiply(X1).sum(axis=1)).ravel(), 1.0, atol=1e-5)
    assert (X1 != X2).nnz == 0
    assert stats.n_docs == 3


def test_dates_far_apart_keep_stories_apart():
    # moderately similar texts (same place and topic, different events)
    texts = [QUAKE[0], QUAKE[1], TRANSFER[0], PHONE[0]]
    X, _ = features.fit_vectors(texts)
    same_week = np.array([0.0, 1.0, 0.0, 0.0])
    labels = cluster.cluster(X, days=same_week)
    assert labels[0] == labels[1]
    far = np.array([0.0, 365.0, 0.0, 0.0])  # a year apart: the linkage decays below the threshold
    sim01 = float(X[0].multiply(X[1]).sum())
    assert sim01 >= cluster.DEFAULT_THRESHOLD > sim01 * cluster.time_factor(365.0)
    labels = cluster.cluster(X, days=far)
    assert labels[0] != labels[1]
    undated = np.array([np.nan, np.nan, 0.0, 0.0])  # no dates: still cluster
    assert cluster.cluster(X, days=undated)[0] == cluster.cluster(X, days=undated)[1]


def test_near_copies_far_apart_still_join():
    texts = [QUAKE[0], QUAKE[0] + " Updated.", TRANSFER[0]]
    X, _ = features.fit_vectors(texts)
    labels = cluster.cluster(X, days=np.array([0.0, 30.0, 0.0]))
    assert labels[0] == labels[1]


def test_average_linkage_resists_chaining():
    # a -- b strongly, b -- c strongly, a and c unrelated: single linkage would chain all three
    # with a fourth group (c, d); average linkage keeps {a, b} and {c, d} apart when the bridge is weak
    edges = cluster.normalise_edges(
        np.array([0, 1, 2, 1]), np.array([1, 2, 3, 3]), np.array([0.9, 0.3, 0.9, 0.0], dtype=np.float32)
    )
    labels = cluster.merge(4, edges, threshold=0.2)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]
    chained = cluster.merge(4, edges, threshold=0.05)
    assert len(set(chained.tolist())) == 1


def test_fixed_groups_are_never_merged_but_can_grow():
    edges = cluster.normalise_edges(np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([0.9, 0.9, 0.9], dtype=np.float32))
    labels = cluster.merge(4, edges, threshold=0.1, fixed=np.array([5, -1, 7, -1]))
    assert labels[0] != labels[2]
    assert labels[3] == labels[2]
    assert labels[1] in (labels[0], labels[2])


def test_bcubed_known_values():
    gold = [0, 0, 1, 1]
    assert bcubed(gold, [0, 0, 1, 1]) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(gold, [0, 0, 0, 0])
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    p, r, f = bcubed(gold, [0, 1, 2, 3])
    assert (p, r) == (1.0, 0.5)


def test_story_of_labels_keeps_ids_by_overlap():
    from newsfuse.stories.regroup import story_of_labels

    # story 5 sheds one article to the group that story 7 holds most of; the new row's group is new
    keep, merged = story_of_labels(np.array([0, 0, 1, 1, 1, 2]), np.array([5, 5, 5, 7, 7, -1]))
    assert keep == {0: 5, 1: 7} and merged == {}
    # two stored stories in one group: the larger keeps its id, the other is merged into it
    assert story_of_labels(np.array([0, 0, 0, 0]), np.array([5, 7, 7, -1])) == ({0: 7}, {5: 7})
    # equal parts: the older (smaller) id survives
    assert story_of_labels(np.array([0, 0]), np.array([9, 4])) == ({0: 4}, {9: 4})
