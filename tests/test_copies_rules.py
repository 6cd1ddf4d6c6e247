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

from test_dedup import PARAS  # (the same five paragraphs the copy tests use)


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


# --- more alignment boundaries -----------------------------------------------------------------------

def test_aligned_a_sentence_without_a_match_in_the_other_article_pairs_with_nothing():
    assert aligned([0], [1], "C", [{}, {}], [10, 10]) == (0.0, 0.0, 0)


def test_aligned_length_ratio_counts_one_word_as_at_least_one():
    # sizes 1 and 2: 2 > 1.5 x 1, not a pair; sizes 1 and 1 are
    assert aligned([0], [1], "B", [{"B": (0.9, 1)}], [1, 2]) == (0.0, 0.0, 0)
    assert aligned([0], [1], "B", [{"B": (0.9, 1)}], [1, 1]) == (1.0, 1.0, 1)


def test_aligned_chains_of_one_word_sentences():
    best = [{"B": (0.5, 2)}, {"B": (0.5, 3)}]
    assert aligned([0, 1], [2, 3], "B", best, [1, 1, 1, 1]) == (1.0, 1.0, 2)
    assert aligned([0, 1], [2, 3], "B", best, [10, 10, 10, 10]) == (1.0, 1.0, 2)


def test_aligned_prefix_query_reads_every_tree_node():
    # pairs in i order with j ranks 3, 5, 1, 2, 4: the best chain is i0 -> i1 (ranks 3 -> 5, 40 words),
    # found only if the query for rank 5 reads the node holding ranks 1-4, not only rank 4's own
    best = [{"B": (0.5, 7)}, {"B": (0.5, 9)}, {"B": (0.5, 5)}, {"B": (0.5, 6)}, {"B": (0.5, 8)}]
    sizes = [20, 20, 10, 10, 10, 10, 10, 20, 10, 20]
    mine, theirs, n = aligned([0, 1, 2, 3, 4], [5, 6, 7, 8, 9], "B", best, sizes)
    assert n == 2 and mine == pytest.approx(40 / 70) and theirs == pytest.approx(40 / 70)


def test_aligned_equal_chains_keep_the_earlier_one_in_the_tree():
    # (0, 4) and (1, 3) weigh the same; (2, 5) follows either; the tree keeps the earlier, (0, 4)
    best = [{"B": (0.5, 4)}, {"B": (0.5, 3)}, {"B": (0.5, 5)}]
    sizes = [10, 10, 10, 12, 10, 10]
    mine, theirs, n = aligned([0, 1, 2], [3, 4, 5], "B", best, sizes)
    assert (n, mine) == (2, pytest.approx(20 / 30)) and theirs == pytest.approx(20 / 32)


# --- doc_relations on made-up texts: exact 3-gram counts ---------------------------------------------

from newsfuse.dedup.copies import doc_relations  # noqa: E402
from newsfuse.segment import Sentence  # noqa: E402


def _words(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{k}" for k in range(n)]


def relations(docs: list[tuple[str, list[list[str]]]], best: dict | None = None):
    """doc_relations over articles given as lists of sentences (word lists); ``best``: sentence id ->
    {article: (jaccard, sentence id)}; by default every sentence touches every other article at 0.1."""
    arts, sentences, words = [], [], []
    for d, (aid, sents) in enumerate(docs):
        text = " ".join(" ".join(w) + "." for w in sents)
        arts.append(CleanArticle(article=Article(id=aid, source=f"s{aid}", text=text), text=text))
        for k, w in enumerate(sents):
            sentences.append(Sentence(id=f"{aid}:{k}", article_id=aid, doc_index=d, index=k, paragraph=0,
                                      text=" ".join(w), start=0, end=0))
            words.append(list(w))
    position = {s.id: n for n, s in enumerate(sentences)}
    first = {}
    for s in sentences:
        first.setdefault(s.article_id, position[s.id])
    table = []
    for s in sentences:
        if best is not None:
            table.append({o: (jac, position[sid]) for o, (jac, sid) in best.get(s.id, {}).items()})
        else:
            table.append({o: (0.1, first[o]) for o in first if o != s.article_id})
    return doc_relations(arts, sentences, [[w] for w in words], words, table)


def copy_pairs(rels) -> list[tuple[str, str]]:
    return [(r.article_id, r.of) for r in rels[0] if r.kind == "copy"]


def test_forty_shared_3_grams_make_a_copy_thirty_nine_do_not():
    shared = _words("a", 42)  # 40 3-grams
    assert copy_pairs(relations([("A", [shared]), ("B", [shared + _words("b", 60)])])) == [("B", "A")]
    assert copy_pairs(relations([("A", [shared[:41]]), ("B", [shared[:41] + _words("b", 60)])])) == []


def test_half_of_the_smaller_reports_3_grams_make_a_copy():
    shared = _words("a", 42)  # 40 3-grams, in 80 of A's: exactly half
    assert copy_pairs(relations([("A", [shared + _words("c", 40)]), ("B", [shared + _words("b", 100)])])) == [
        ("B", "A")]
    assert copy_pairs(relations([("A", [shared + _words("c", 41)]), ("B", [shared + _words("b", 100)])])) == []


def test_a_shared_run_of_150_3_grams_is_a_copy_however_long_the_reports():
    run = _words("a", 152)  # 150 3-grams, under half of either report
    assert copy_pairs(relations([("A", [run + _words("c", 200)]), ("B", [run + _words("b", 200)])])) == [("B", "A")]
    run = _words("a", 151)
    assert copy_pairs(relations([("A", [run + _words("c", 200)]), ("B", [run + _words("b", 200)])])) == []


def test_a_report_too_short_for_3_grams_is_skipped_and_the_next_one_still_compared():
    text = _words("a", 60)
    rels, family = relations([("X", [text]), ("E", [["tiny", "one"]]), ("Y", [text])])
    assert copy_pairs((rels, family)) == [("Y", "X")]


def test_a_report_copied_by_two_others_is_compared_with_both():
    p1, p2 = _words("p", 60), _words("q", 60)
    rels, family = relations([("A", [p1, p2]), ("B", [p1]), ("C", [p2])])
    assert copy_pairs((rels, family)) == [("B", "A"), ("C", "A")]
    assert family == {"A": "A", "B": "A", "C": "A"}


def test_copy_evidence_keeps_the_first_of_equally_contained_reports():
    text = _words("a", 60)  # 58 3-grams
    rels, _ = relations([("Y", [text]), ("X", [text]), ("Z", [text])])
    evidence = {r.article_id: r.evidence for r in rels if r.kind == "copy"}
    assert evidence == {"X": "it holds 100% of the word 3-grams of sY (58) verbatim",
                        "Z": "it holds 100% of the word 3-grams of sY (58) verbatim"}


# --- rewrites on made-up texts: the alignment given, the spin rate chosen ---------------------------

def _rewrite_case(monkeypatch, rates: dict[str, float], sizes=(10, 10, 10), matched=3, jac=0.5):
    """Articles A and B of len(sizes) sentences; the first ``matched`` sentences of each resemble the
    other's sentence at the same place (Jaccard ``jac``); no 3-gram in common. ``rates``: unseen-bigram
    rate by article (the first word of each of its sentences starts with its id)."""
    from newsfuse.dedup import copies

    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 50))
    docs = [(aid, [_words(f"{aid}{k}x", n) for k, n in enumerate(sizes)]) for aid in ("A", "B")]
    best = {}
    for k in range(matched):
        best[f"A:{k}"] = {"B": (jac, f"B:{k}")}
        best[f"B:{k}"] = {"A": (jac, f"A:{k}")}
    return relations(docs, best)


def test_a_rewrite_names_its_original_with_the_share_aligned(monkeypatch):
    rels, family = _rewrite_case(monkeypatch, {"A": 0.1, "B": 0.9}, sizes=(10, 10, 10, 15))
    assert rels == [DocRelation("B", "rewrite", of="A", similarity=0.667,
                                evidence="67% of both texts is the same sentences in the same order as sA, "
                                         "re-worded: only 0% is verbatim")]
    assert family == {"A": "A", "B": "A"}


def test_the_report_further_from_ordinary_news_is_the_rewrite(monkeypatch):
    rels, _ = _rewrite_case(monkeypatch, {"A": 0.9, "B": 0.1})
    assert [(r.article_id, r.of) for r in rels] == [("A", "B")]
    rels, _ = _rewrite_case(monkeypatch, {"A": 0.3, "B": 0.3})  # a tie: the later report
    assert [(r.article_id, r.of) for r in rels] == [("B", "A")]


def test_rewrite_boundaries_coverage_pairs_and_jaccard(monkeypatch):
    rates = {"A": 0.1, "B": 0.9}
    # 3 of 5 equal sentences aligned: 60 % and 3 pairs, both just enough
    assert [r.of for r in _rewrite_case(monkeypatch, rates, sizes=(10,) * 5)[0]] == ["A"]
    assert _rewrite_case(monkeypatch, rates, sizes=(10,) * 5, matched=2)[0] == []  # 40 %
    # 2 of 2 sentences aligned: 100 % but only 2 pairs
    assert _rewrite_case(monkeypatch, rates, sizes=(10, 10), matched=2)[0] == []
    # sentence Jaccard exactly 0.3 counts
    assert [r.of for r in _rewrite_case(monkeypatch, rates, jac=0.3)[0]] == ["A"]
    assert _rewrite_case(monkeypatch, rates, jac=0.29)[0] == []


def test_a_failed_rewrite_check_does_not_stop_the_next_pair(monkeypatch):
    from newsfuse.dedup import copies

    rates = {"A": 0.1, "B": 0.1, "C": 0.9}
    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 50))
    docs = [(aid, [_words(f"{aid}{k}x", 10) for k in range(3)]) for aid in ("A", "B", "C")]
    best = {"A:0": {"B": (0.5, "B:0"), "C": (0.5, "C:0")}, "A:1": {"C": (0.5, "C:1")}, "A:2": {"C": (0.5, "C:2")},
            "B:0": {"A": (0.5, "A:0")}, "C:0": {"A": (0.5, "A:0")}, "C:1": {"A": (0.5, "A:1")},
            "C:2": {"A": (0.5, "A:2")}}
    rels, _ = relations(docs, best)
    assert [(r.article_id, r.of) for r in rels] == [("C", "A")]


def test_a_rewrite_keeps_the_first_of_equally_aligned_originals(monkeypatch):
    from newsfuse.dedup import copies

    rates = {"O": 0.1, "P": 0.1, "R": 0.9}
    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 50))
    docs = [(aid, [_words(f"{aid}{k}x", 10) for k in range(3)]) for aid in ("O", "P", "R")]
    best = {}
    for k in range(3):
        best[f"O:{k}"] = {"R": (0.5, f"R:{k}")}
        best[f"P:{k}"] = {"R": (0.5, f"R:{k}")}
        best[f"R:{k}"] = {"O": (0.5, f"O:{k}"), "P": (0.5, f"P:{k}")}
    rels, family = relations(docs, best)
    assert [(r.article_id, r.of) for r in rels] == [("R", "O")]
    assert family == {"O": "O", "P": "O", "R": "O"}


def test_half_verbatim_is_too_much_for_a_rewrite(monkeypatch):
    from newsfuse.dedup import copies

    rates = {"A": 0.1, "B": 0.9}
    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 50))
    x, y = ["A"] + _words("x", 9), _words("y", 10)
    # A: 30 words (28 3-grams); B starts with A's first 16 words: 14 shared 3-grams, exactly half
    a = [x, y, ["A"] + _words("z", 9)]
    b = [x, y[:6] + _words("w", 4), ["B"] + _words("v", 9)]  # sentences aligned one to one with A's
    best = {f"A:{k}": {"B": (0.5, f"B:{k}")} for k in range(3)} | {f"B:{k}": {"A": (0.5, f"A:{k}")} for k in range(3)}
    rels, _ = relations([("A", a), ("B", b)], best)
    assert [r for r in rels if r.of is not None] == []


# --- the bundled example: copies and the spun report ------------------------------------------------

def test_example_relations(example_dedup):
    _, _, d, names = example_dedup
    by_name = {names[r.article_id]: r for r in d.relations}
    assert sorted(by_name) == ["001", "002", "004"] and len(d.relations) == 3
    copy = by_name["001"]
    assert (copy.kind, names[copy.of]) == ("copy", "000")
    assert copy.similarity == round(copy.similarity, 3) and 0.6 < copy.similarity < 0.8
    m = re.fullmatch(r"(\d+)% of its word 3-grams \(\d+\) appear verbatim in (.+)", copy.evidence)
    # the other report named as readers see it (its file name without the hash part)
    assert m and int(m.group(1)) == round(100 * copy.similarity) and m.group(2) in {"file 000", "file 004"}
    spun = by_name["002"]
    assert (spun.kind, spun.of) == ("rewrite", None)
    assert spun.similarity == round(spun.similarity, 3) and 0.1 < spun.similarity < 0.5
    assert spun.evidence.startswith("spun text: ") and f"{spun.similarity:.0%}" in spun.evidence


def test_pairs_are_compared_in_input_order_not_name_order(monkeypatch):
    from newsfuse.dedup import copies

    # R rewrites both P and O equally well; P comes first in the input (though "O" < "P"): R names P
    rates = {"R": 0.9, "P": 0.1, "O": 0.1}
    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 50))
    docs = [(aid, [_words(f"{aid}{k}x", 10) for k in range(3)]) for aid in ("R", "P", "O")]
    best = {}
    for k in range(3):
        best[f"O:{k}"] = {"R": (0.5, f"R:{k}")}
        best[f"P:{k}"] = {"R": (0.5, f"R:{k}")}
        best[f"R:{k}"] = {"O": (0.5, f"O:{k}"), "P": (0.5, f"P:{k}")}
    rels, _ = relations(docs, best)
    assert [(r.article_id, r.of) for r in rels] == [("R", "P")]


def test_aligned_prefix_query_reads_the_lower_node_too():
    # j ranks in i order: 3 (5 words), 1 (20), 4 (20), 2 (5); the rank-4 pair's best predecessor is the
    # rank-1 pair, held in the node for ranks 1-2, not in rank 3's own node
    best = [{"B": (0.5, 6)}, {"B": (0.5, 4)}, {"B": (0.5, 7)}, {"B": (0.5, 5)}]
    sizes = [5, 20, 20, 5, 20, 5, 5, 20]
    assert aligned([0, 1, 2, 3], [4, 5, 6, 7], "B", best, sizes) == (pytest.approx(40 / 50), pytest.approx(40 / 50), 2)


def test_a_report_spun_from_nothing_in_the_input_is_flagged_after_an_in_input_rewrite(monkeypatch):
    from newsfuse.dedup import copies

    rates = {"A": 0.05, "B": 0.9, "C": 0.9}
    monkeypatch.setattr(copies, "unseen_rate", lambda parts: (rates[parts[0][0][0]] if parts else 0.0, 100))
    docs = [(aid, [_words(f"{aid}{k}x", 10) for k in range(3)]) for aid in ("A", "B", "C")]
    best = {f"A:{k}": {"B": (0.5, f"B:{k}")} for k in range(3)} | {f"B:{k}": {"A": (0.5, f"A:{k}")} for k in range(3)}
    rels, _ = relations(docs, best)
    assert [(r.article_id, r.kind, r.of) for r in rels] == [("B", "rewrite", "A"), ("C", "rewrite", None)]
    spun = rels[1]
    assert spun.similarity == 0.9
    assert spun.evidence == "spun text: 90% of its common-word pairs never occur in ordinary news"


def test_copy_evidence_names_reports_as_readers_see_them():
    """The evidence line on the story page names the other report by its shown label: 'Unnamed source'
    for a JSON object sent without one ('request[1]'), 'file 003' for a hashed file name."""
    text = " ".join(PARAS)
    for raw, shown in (("request[1]", "Unnamed source"), ("003_ff01172567d1e14b", "file 003")):
        arts = [CleanArticle(article=Article(id=f"d{i}", source=src, text=text), text=text)
                for i, src in enumerate(("request[0]", raw))]
        found = copies(dedup(arts, segment(arts)))
        assert found, "the two identical reports are copies"
        assert all(shown in r.evidence or "Unnamed source" in r.evidence for r in found)
        assert not any("request[" in r.evidence or "ff01172567d1e14b" in r.evidence for r in found), found
