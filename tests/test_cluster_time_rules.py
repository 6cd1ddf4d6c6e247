"""The clustering time rule and average-linkage merging (stories/cluster.py) on hand-made similarity graphs:
the decay of the gap between DATE RANGES, the grace period, undated rows, pre-existing groups, best-first
merging. Written to kill the mutants `make mutate` found surviving."""
from __future__ import annotations

import math

import numpy as np
import pytest

from newsfuse.stories.cluster import GRACE_DAYS, TAU_DAYS, Edges, _fmax, _fmin, merge, time_factor

NAN = math.nan


def edges(*pairs: tuple[int, int, float]) -> Edges:
    i, j, s = zip(*pairs) if pairs else ((), (), ())
    return Edges(np.array(i, dtype=np.int64), np.array(j, dtype=np.int64), np.array(s, dtype=np.float64))


def test_time_factor():
    assert (GRACE_DAYS, TAU_DAYS) == (30.0, 90.0)
    assert time_factor(0) == 1.0 and time_factor(-5) == 1.0 and time_factor(30) == 1.0 and time_factor(NAN) == 1.0
    assert time_factor(120) == pytest.approx(math.exp(-1))
    assert time_factor(30.5) == pytest.approx(math.exp(-0.5 / 90))
    assert time_factor(50, grace=10, tau=20) == pytest.approx(math.exp(-2))
    assert time_factor(10, grace=10, tau=20) == 1.0


def test_fmin_fmax_ignore_nan():
    assert _fmin(NAN, 3.0) == 3.0 and _fmin(3.0, NAN) == 3.0 and _fmin(2.0, 3.0) == 2.0 and _fmin(3.0, 2.0) == 2.0
    assert _fmax(NAN, 3.0) == 3.0 and _fmax(3.0, NAN) == 3.0 and _fmax(2.0, 3.0) == 3.0 and _fmax(3.0, 2.0) == 3.0
    assert math.isnan(_fmin(NAN, NAN)) and math.isnan(_fmax(NAN, NAN))


def test_merge_links_at_the_threshold_and_numbers_labels_by_first_row():
    assert merge(4, edges((2, 3, 0.5)), threshold=0.5).tolist() == [0, 1, 2, 2]
    assert merge(4, edges((2, 3, 0.5)), threshold=0.51).tolist() == [0, 1, 2, 3]
    assert merge(3, edges((0, 2, 0.5)), threshold=0.5).tolist() == [0, 1, 0]
    assert merge(2, edges(), threshold=0.1).tolist() == [0, 1]


def test_average_linkage_divides_by_both_group_sizes():
    # after 0 and 1 merge, the link of {0, 1} with 2 is 0.3 / (2 x 1) = 0.15
    assert merge(3, edges((0, 1, 0.9), (1, 2, 0.3)), threshold=0.17).tolist() == [0, 0, 1]
    assert merge(3, edges((0, 1, 0.9), (1, 2, 0.34)), threshold=0.17).tolist() == [0, 0, 0]
    # both members linked to 2: (0.2 + 0.2) / 2 = 0.2
    assert merge(3, edges((0, 1, 0.9), (0, 2, 0.2), (1, 2, 0.2)), threshold=0.2).tolist() == [0, 0, 0]
    # two groups of two: (0.3 + 0.3) / (2 x 2) = 0.15
    four = edges((0, 1, 0.9), (2, 3, 0.9), (0, 2, 0.3), (1, 3, 0.3))
    assert merge(4, four, threshold=0.15).tolist() == [0, 0, 0, 0]
    assert merge(4, four, threshold=0.16).tolist() == [0, 0, 1, 1]


def test_the_best_linked_pair_merges_first():
    # best first: 1-2 (0.9), then {1, 2}-0 = 0.5 / 2 = 0.25 < 0.3; merging 0-1 first would glue all three
    assert merge(3, edges((0, 1, 0.5), (1, 2, 0.9)), threshold=0.3).tolist() == [0, 1, 1]
    assert merge(3, edges((1, 2, 0.9), (0, 1, 0.5)), threshold=0.3).tolist() == [0, 1, 1]
    assert merge(3, edges((0, 1, 0.9), (1, 2, 0.5)), threshold=0.3).tolist() == [0, 0, 1]


def test_a_chain_of_merges_keeps_linkages_current():
    # 0-1 merge; {0,1} then meets 2 through both: (0.5 + 0.5) / 2 = 0.5; then {0,1,2} meets 3: (0.9*3) / 3 = 0.9
    g = edges((0, 1, 0.95), (0, 2, 0.5), (1, 2, 0.5), (0, 3, 0.9), (1, 3, 0.9), (2, 3, 0.9), (3, 4, 0.1))
    assert merge(5, g, threshold=0.4).tolist() == [0, 0, 0, 0, 1]
    # 1 is linked to 0 only through 5: once 0 and 5 merge, {0, 5}-1 = 0.8 / 2 = 0.4
    assert merge(6, edges((0, 5, 0.9), (1, 5, 0.8), (1, 4, 0.1)), threshold=0.35).tolist() == [0, 0, 1, 2, 3, 0]
    assert merge(6, edges((0, 5, 0.9), (1, 5, 0.8), (1, 4, 0.1)), threshold=0.41).tolist() == [0, 1, 2, 3, 4, 0]


def test_the_gap_decays_the_link_beyond_the_grace_period():
    days = np.array([0.0, 50.0])  # gap 50: factor exp(-20 / 90) = 0.80
    assert merge(2, edges((0, 1, 0.5)), threshold=0.4, days=days).tolist() == [0, 0]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.41, days=days).tolist() == [0, 1]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.41).tolist() == [0, 0]  # undated: no decay
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([0.0, 30.0])).tolist() == [0, 0]  # grace
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([30.0, 0.0])).tolist() == [0, 0]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([0.0, 30.5])).tolist() == [0, 1]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([31.0, 0.0])).tolist() == [0, 1]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.4, days=np.array([0.0, 50.0]), grace=20.0).tolist() == [0, 1]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.4, days=np.array([0.0, 50.0]), tau=60.0).tolist() == [0, 1]


def test_an_undated_row_has_no_gap_with_anything():
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([0.0, NAN])).tolist() == [0, 0]
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=np.array([NAN, 400.0])).tolist() == [0, 0]
    # a group's range ignores its undated rows: {0 (day 0), 1 (undated)} is 400 days from 2
    g = edges((0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.5))
    assert merge(3, g, threshold=0.4, days=np.array([0.0, NAN, 400.0])).tolist() == [0, 0, 1]
    assert merge(3, g, threshold=0.4, days=np.array([NAN, 0.0, 400.0])).tolist() == [0, 0, 1]
    assert merge(3, g, threshold=0.4, days=np.array([NAN, NAN, 400.0])).tolist() == [0, 0, 0]


def test_the_gap_is_between_date_ranges_not_first_dates():
    # {0: day 0, 1: day 50} is one story (strong link); 2 (day 70) is 20 days after its LAST report: no decay
    g = edges((0, 1, 0.9), (0, 2, 0.5), (1, 2, 0.5))
    assert merge(3, g, threshold=0.5, days=np.array([0.0, 50.0, 70.0])).tolist() == [0, 0, 0]
    assert merge(3, g, threshold=0.5, days=np.array([70.0, 50.0, 30.0])).tolist() == [0, 0, 0]  # and before
    assert merge(3, g, threshold=0.5, days=np.array([50.0, 0.0, 70.0])).tolist() == [0, 0, 0]
    # 2 at day 90: 40 days after the range's end -> decayed below the threshold
    assert merge(3, g, threshold=0.5, days=np.array([0.0, 50.0, 90.0])).tolist() == [0, 0, 1]
    assert merge(3, g, threshold=0.5, days=np.array([40.0, 90.0, 0.0])).tolist() == [0, 0, 1]
    # overlapping ranges: no gap at all
    four = edges((0, 1, 0.9), (2, 3, 0.9), (0, 2, 0.3), (1, 3, 0.3))
    assert merge(4, four, threshold=0.15, days=np.array([0.0, 100.0, 40.0, 200.0])).tolist() == [0, 0, 0, 0]
    assert merge(4, four, threshold=0.15, days=np.array([0.0, 10.0, 100.0, 200.0])).tolist() == [0, 0, 1, 1]


def test_pre_existing_groups_take_new_rows_but_never_merge():
    g = edges((0, 1, 0.9), (1, 2, 0.9), (2, 3, 0.9))
    fixed = np.array([0, 0, 1, 1])
    assert merge(4, g, threshold=0.1, fixed=fixed).tolist() == [0, 0, 1, 1]
    assert merge(5, edges((0, 1, 0.9), (1, 2, 0.9), (2, 4, 0.9)), threshold=0.1,
                 fixed=np.array([0, 0, 1, 1, -1])).tolist() == [0, 0, 1, 1, 1]
    # a fixed group starts with its members' sizes: link 0.9 / (2 x 1) = 0.45
    assert merge(3, edges((0, 2, 0.9)), threshold=0.45, fixed=np.array([5, 5, -1])).tolist() == [0, 0, 0]
    assert merge(3, edges((0, 2, 0.9)), threshold=0.46, fixed=np.array([5, 5, -1])).tolist() == [0, 0, 1]
    # the fixed group's date range spans its members
    assert merge(3, edges((0, 2, 0.9), (1, 2, 0.9)), threshold=0.6, fixed=np.array([7, 7, -1]),
                 days=np.array([0.0, 60.0, 80.0])).tolist() == [0, 0, 0]
    assert merge(3, edges((0, 2, 0.9), (1, 2, 0.9)), threshold=0.6, fixed=np.array([7, 7, -1]),
                 days=np.array([60.0, 0.0, 200.0])).tolist() == [0, 0, 1]
    # a new row joined to a fixed group makes it no less fixed
    assert merge(4, edges((0, 2, 0.9), (2, 3, 0.9)), threshold=0.1,
                 fixed=np.array([1, -1, -1, 2])).tolist() == [0, 1, 0, 2]


def test_start_labels_begin_as_one_group_each():
    # rows with one start label are one group from the start, and can merge further
    assert merge(4, edges(), threshold=0.5, start=[0, 0, 1, 1]).tolist() == [0, 0, 1, 1]
    assert merge(4, edges(), threshold=0.5, start=[7, 3, 7, 3]).tolist() == [0, 1, 0, 1]
    assert merge(3, edges(), threshold=0.5, start=[4, 5, 6]).tolist() == [0, 1, 2]
    # a start group counts its size in the linkage: 0.9 / (2 x 1) = 0.45
    assert merge(3, edges((0, 2, 0.9)), threshold=0.45, start=[1, 1, 2]).tolist() == [0, 0, 0]
    assert merge(3, edges((0, 2, 0.9)), threshold=0.46, start=[1, 1, 2]).tolist() == [0, 0, 1]
    assert merge(3, edges((1, 2, 0.9)), threshold=0.46, start=[1, 1, 2]).tolist() == [0, 0, 1]
    # both members' links add up: (0.3 + 0.3) / 2
    assert merge(3, edges((0, 2, 0.3), (1, 2, 0.3)), threshold=0.3, start=[1, 1, 2]).tolist() == [0, 0, 0]
    # a start group that holds a pre-existing group's row is left as it is
    assert merge(3, edges(), threshold=0.5, fixed=[9, -1, -1], start=[1, 1, 2]).tolist() == [0, 1, 2]
    assert merge(3, edges(), threshold=0.5, fixed=[-1, -1, 9], start=[1, 1, 2]).tolist() == [0, 0, 1]


def test_undated_rows_given_as_none():
    assert merge(2, edges((0, 1, 0.5)), threshold=0.5, days=[0.0, None]).tolist() == [0, 0]


def test_merging_adds_the_smaller_groups_neighbours_at_their_own_weight():
    # 1 has more neighbours than 0: 0's neighbour 2 joins the merged map at 0.1, so {0, 1}-2 = 0.05
    g = edges((0, 1, 0.9), (0, 2, 0.1), (1, 3, 0.01), (1, 4, 0.01))
    assert merge(5, g, threshold=0.17).tolist() == [0, 0, 1, 2, 3]


def test_a_link_queued_before_a_group_grew_is_not_used_after():
    # {0, 1} first; its link to 3 (0.7 / 2 = 0.35) is queued; then 2 joins (0.4): the real link to 3
    # is now 0.7 / 3 = 0.23, under the threshold, and the queued 0.35 is stale
    g = edges((0, 1, 0.9), (0, 2, 0.4), (1, 2, 0.4), (0, 3, 0.35), (1, 3, 0.35))
    assert merge(4, g, threshold=0.3).tolist() == [0, 0, 0, 1]


def test_both_sides_of_a_link_stay_in_step_when_groups_merge():
    # a start group {0, 1} linked to 2 through both rows: 2's own map must count 0.3 + 0.3, as it is read
    # when 2 (the larger map) later merges with 3: {0,1}-{2,3} = 0.6 / (2 x 2) = 0.15
    g = edges((2, 3, 0.9), (0, 2, 0.3), (1, 2, 0.3), (2, 4, 0.01))
    assert merge(5, g, threshold=0.15, start=[0, 0, 1, 2, 3]).tolist() == [0, 0, 0, 0, 1]
    # the same when 0 and 1 merge first: 2's entry for the merged group adds both links
    g = edges((0, 1, 0.95), (0, 2, 0.3), (1, 2, 0.3), (2, 3, 0.9), (2, 4, 0.01), (2, 5, 0.01))
    assert merge(6, g, threshold=0.15).tolist() == [0, 0, 0, 0, 1, 2]
