"""Copy and rewrite detection (dedup/copies.py) piece by piece: word 3-grams, the family union-find, the
coverage bound, the sentence alignment chain, and the copy rules with their evidence text. Written to
kill the mutants `make mutate` found surviving."""
from __future__ import annotations

import re

import pytest

from newsfuse.clean import CleanArticle
from newsfuse.dedup import DocRelation, dedup
from newsfuse.dedup.copies import COPY_SHARED_RUN, Families, aligned, coverage, shingles
from newsfuse.ingest import Article
from newsfuse.segment import segment

PARAS = [
    "Forces backed by the United States and by Iran are racing to take the last strongholds of the militants in the south-east of the country.",
    "The scramble for the province is likely to be one of the most consequential fights against the group, posing a test for the administration.",
    "The militants claimed responsibility for twin attacks in the capital that left at least a dozen people dead, a reminder of their reach.",
    "Experts say the group has moved senior leaders into the province along with a growing number of foot soldiers as it loses ground elsewhere.",
    "To reach the province, both sides are moving through a vast southern desert as they try to take back the border from the militants.",
]


def story(*texts: str):
    arts = [CleanArticle(article=Article(id=f"d{i}", source=f"s{i}", text=t), text=t) for i, t in enumerate(texts)]
    return dedup(arts, segment(arts))


def copies(d) -> list[DocRelation]:
    return [r for r in d.relations if r.kind == "copy"]


# --- shingles and families ---------------------------------------------------------------------------

def test_shingles_are_the_word_3_grams():
    assert shingles(["a", "b", "c", "d"]) == {("a", "b", "c"), ("b", "c", "d")}
    assert shingles(["a", "b", "c"]) == {("a", "b", "c")}
    assert shingles(["a", "b"]) == set() and shingles([]) == set()


def test_families_root_is_the_earliest_member_in_input_order():
    f = Families(["x", "y", "z", "w"])
    assert [f.root(a) for a in "xyzw"] == ["x", "y", "z", "w"]
    f.join("w", "z")
    assert f.root("w") == "z" and f.root("z") == "z"
    f.join("z", "y")
    assert f.root("w") == "y"
    f.join("w", "y")  # already one family: nothing changes
    assert [f.root(a) for a in "yzw"] == ["y", "y", "y"]
    f.join("y", "x")
    assert [f.root(a) for a in "xyzw"] == ["x", "x", "x", "x"]
    # path halving leaves w pointing nearer the root
    assert f.parent["w"] in ("x", "y")


def test_families_order_is_input_order_not_name_order():
    f = Families(["b", "a"])
    f.join("a", "b")
    assert f.root("a") == "b" and f.parent == {"b": "b", "a": "b"}


def test_a_long_chain_is_compressed():
    ids = [f"n{i}" for i in range(6)]
    f = Families(ids)
    for i in range(5, 0, -1):
        f.join(ids[i], ids[i - 1])
    assert all(f.root(a) == "n0" for a in ids)
    assert f.parent["n5"] == "n0" or f.parent[f.parent["n5"]] == "n0"


# --- coverage and the alignment chain ----------------------------------------------------------------

def test_coverage_counts_words_of_sentences_resembling_the_other_article():
    best = [{"o": (0.3, 5)}, {"o": (0.29, 6)}, {}, {"p": (0.9, 1)}]
    sizes = [10, 30, 20, 40]
    assert coverage([0, 1, 2], "o", best, sizes) == pytest.approx(10 / 60)
    assert coverage([0], "o", best, sizes) == 1.0
    assert coverage([1, 2, 3], "o", best, sizes) == 0.0
    assert coverage([], "o", best, sizes) == 0.0
    assert coverage([0, 2], "o", best, [0, 0, 0, 0]) == 0.0


def _alignment_case():
    # article A: sentences 0-3; article B: sentences 4-7
    best = [{"B": (0.5, 4)}, {"B": (0.5, 6)}, {"B": (0.5, 5)}, {"B": (0.5, 7)}]
    return best


def test_aligned_takes_the_heaviest_chain_increasing_in_both():
    best = _alignment_case()
    sizes = [10, 12, 10, 10, 10, 10, 12, 10]
    mine, theirs, n = aligned([0, 1, 2, 3], [4, 5, 6, 7], "B", best, sizes)
    assert n == 3
    assert mine == pytest.approx(32 / 42) and theirs == pytest.approx(32 / 42)


def test_aligned_ties_go_to_the_earliest_predecessor():
    best = _alignment_case()
    sizes = [10, 10, 10, 10, 10, 10, 14, 10]  # (1, 6) and (2, 5) weigh the same on A's side
    mine, theirs, n = aligned([0, 1, 2, 3], [4, 5, 6, 7], "B", best, sizes)
    assert (n, mine) == (3, pytest.approx(30 / 40))
    assert theirs == pytest.approx(34 / 44)  # the chain went through (1, 6)


def test_aligned_pair_rules_jaccard_and_length_ratio():
    best = [{"B": (0.3, 3)}, {"B": (0.29, 4)}, {"B": (0.9, 5)}]
    sizes = [10, 10, 10, 15, 10, 16]
    # (0, 3): Jaccard 0.3 and lengths 10 / 15 qualify; (1, 4) has too low a Jaccard; (2, 5) 10 / 16 too unequal
    assert aligned([0, 1, 2], [3, 4, 5], "B", best, sizes) == (pytest.approx(10 / 30), pytest.approx(15 / 41), 1)
    assert aligned([0], [3], "B", [{"B": (0.9, 3)}], [0, 0, 0, 1]) == (0.0, 1.0, 1)
    assert aligned([0], [1], "B", [{"B": (0.9, 1)}], [1, 0]) == (1.0, 0.0, 1)
    assert aligned([0, 1], [2], "C", best, sizes) == (0.0, 0.0, 0)
    assert aligned([], [], "B", best, sizes) == (0.0, 0.0, 0)


def test_aligned_a_decreasing_run_keeps_one_pair():
    best = [{"B": (0.5, 7)}, {"B": (0.5, 6)}, {"B": (0.5, 5)}, {"B": (0.5, 4)}]
    sizes = [10, 10, 11, 10, 10, 11, 10, 10]
    assert aligned([0, 1, 2, 3], [4, 5, 6, 7], "B", best, sizes) == (
        pytest.approx(11 / 41), pytest.approx(11 / 41), 1)


# --- copies through dedup ----------------------------------------------------------------------------

def test_copy_evidence_for_the_smaller_and_the_larger_report():
    short = "\n\n".join(PARAS[:3])
    d = story(short, "\n\n".join(PARAS))
    (rel,) = copies(d)
    assert (rel.article_id, rel.of) == ("d1", "d0")
    m = re.fullmatch(r"it holds 100% of the word 3-grams of s0 \((\d+)\) verbatim", rel.evidence)
    assert m and rel.similarity == 1.0
    d = story("\n\n".join(PARAS), short)
    (rel,) = copies(d)
    assert (rel.article_id, rel.of) == ("d1", "d0")
    assert re.fullmatch(r"100% of its word 3-grams \(\d+\) appear verbatim in s0", rel.evidence)
    assert d.family == {"d0": "d0", "d1": "d0"}


def _filler(letters: str, n: int) -> list[str]:
    """n sentences of made-up words that no other filler shares (each word is unique to ``letters``)."""
    out = []
    for i in range(n):
        words = [f"{letters}{chr(97 + (i * 7 + k) % 26)}{chr(97 + (i + k) % 26)}{chr(97 + k)}" for k in range(12)]
        out.append(" ".join(words).capitalize() + ".")
    return out


def test_a_long_shared_run_is_a_copy_whatever_the_rest():
    assert COPY_SHARED_RUN == 150
    shared = PARAS + ["The aid convoy reached the besieged town of Maadan after a week of talks with the tribal leaders there.",
                      "Engineers began clearing the main road into the town, which had been mined by the retreating fighters.",
                      "Doctors at the field hospital said they had treated more than two hundred people for wounds and hunger.",
                      "The provincial council asked for more tents and water tanks before the winter rains arrive in the valley."]
    one = "\n\n".join(_filler("zq", 50) + shared)
    two = "\n\n".join(shared + _filler("vx", 45))
    (rel,) = copies(story(one, two))
    assert (rel.article_id, rel.of) == ("d1", "d0")
    m = re.fullmatch(r"it holds (\d+)% of the word 3-grams of s0 \((\d+)\) verbatim", rel.evidence)
    assert m, rel.evidence
    assert int(m.group(1)) < 50 and int(m.group(2)) >= COPY_SHARED_RUN
    # the same share of a much smaller shared run is not a copy
    few = PARAS[:3]
    assert copies(story("\n\n".join(_filler("zq", 18) + few), "\n\n".join(few + _filler("vx", 18)))) == []


def test_a_copy_of_a_copy_points_at_the_first_report():
    base = "\n\n".join(PARAS)
    d = story("\n\n".join(_filler("kw", 4)), base, base, base)
    assert [(r.article_id, r.of) for r in copies(d)] == [("d2", "d1"), ("d3", "d1")]
    assert [r.similarity for r in copies(d)] == [1.0, 1.0]
    assert d.family == {"d0": "d0", "d1": "d1", "d2": "d1", "d3": "d1"}
