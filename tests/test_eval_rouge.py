"""ROUGE wrapper and fast n-gram ROUGE: hand-counted cases and agreement with rouge-score."""
from __future__ import annotations

import gzip
import json

import pytest
from rouge_score import rouge_scorer

from newsfuse.evaluate.rouge import (
    NgramRouge,
    Rouge,
    greedy_oracle,
    sentence_lines,
    split_sentences,
)


@pytest.fixture(scope="module")
def rouge() -> Rouge:
    return Rouge()


def test_identical_texts_score_100(rouge):
    s = rouge.score(["The cat sat on the mat.", "It was happy."], "The cat sat on the mat. It was happy.")
    assert s == pytest.approx({"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0,
                               "rouge1_r": 100.0, "rouge2_r": 100.0})


def test_disjoint_texts_score_0(rouge):
    s = rouge.score(["Dogs bark loudly."], "Quiet fish swim.")
    assert s == {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0, "rouge1_r": 0.0, "rouge2_r": 0.0}


def test_hand_counted_partial_overlap(rouge):
    # unigrams: the x2, cat, on shared -> 4/6 both ways; bigrams the-cat, on-the -> 2/5;
    # LCS "the cat on the" -> 4/6.
    s = rouge.score(["the cat sat on the mat"], "the cat lay on the rug")
    assert s["rouge1"] == pytest.approx(400 / 6)
    assert s["rouge2"] == pytest.approx(40.0)
    assert s["rougeLsum"] == pytest.approx(400 / 6)


def test_recall_counts_reference_ngrams_found(rouge):
    # the candidate holds all 3 reference unigrams and both bigrams, plus 3 words more:
    # recall 100, precision 50, F1 66.7 (ROUGE-1)
    s = rouge.score(["the cat sat and then slept"], "the cat sat")
    assert s["rouge1_r"] == pytest.approx(100.0)
    assert s["rouge2_r"] == pytest.approx(100.0)
    assert s["rouge1"] == pytest.approx(200 / 3)


def test_sentence_order_and_boundary_bigrams(rouge):
    # Same two sentences swapped: every unigram and every sentence LCS matches,
    # but the bigram across the sentence boundary differs: 4 of 5 bigrams shared.
    s = rouge.score(["the cat sat.", "a dog ran."], "A dog ran. The cat sat.")
    assert s["rouge1"] == pytest.approx(100.0)
    assert s["rougeLsum"] == pytest.approx(100.0)
    assert s["rouge2"] == pytest.approx(80.0)


def test_porter_stemming_applies_to_long_words(rouge):
    s = rouge.score(["running dogs"], "run dog")
    assert s["rouge1"] == pytest.approx(100.0)


def test_multiple_references_are_averaged(rouge):
    s = rouge.score(["the cat sat"], ["the cat sat", "a dog ran"])
    assert s["rouge1"] == pytest.approx(50.0)
    assert s["rouge2"] == pytest.approx(50.0)


def test_sentences_split_the_same_way_for_candidates_and_references():
    assert split_sentences("He left. She stayed!  Then what?") == ["He left.", "She stayed!", "Then what?"]
    # a candidate "sentence" that holds two is scored as two lines
    assert sentence_lines(["He left. She stayed.", "Then rain."]) == "He left.\nShe stayed.\nThen rain."


def test_ngram_rouge_hand_case():
    nr = NgramRouge("the cat lay on the rug")
    f1, f2 = nr.scores("the cat sat on the mat")
    assert (f1, f2) == pytest.approx((4 / 6, 0.4))
    assert nr.sentence_recalls(["the cat", "zebra"]).ravel().tolist() == pytest.approx([2 / 6, 1 / 5, 0, 0])


def test_greedy_oracle_picks_the_covering_sentences():
    sentences = ["Nothing relevant here at all.", "The cat lay on the rug.", "A dog ran home."]
    assert greedy_oracle(sentences, "The cat lay on the rug. A dog ran home.") == [1, 2]
    # with a 6-word budget only one sentence fits
    assert greedy_oracle(sentences, "The cat lay on the rug. A dog ran home.", max_words=6) == [1]


def _clusters(path, n):
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) == n:
                break
    return out


def test_wrapper_and_fast_ngram_agree_with_rouge_score(multinews_val):
    plain = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    rouge, package_lsum = Rouge(), Rouge(fast_lsum=False)
    for d in _clusters(multinews_val, 30):
        sents = [s for doc in d["documents"] for s in split_sentences(doc)]
        cand = sents[1:9]
        expected = plain.score(sentence_lines(d["summary"]), sentence_lines(cand))
        got = rouge.score(cand, d["summary"])
        for m in ("rouge1", "rouge2", "rougeLsum"):
            assert got[m] == pytest.approx(100 * expected[m].fmeasure, abs=1e-9)
        for m in ("rouge1", "rouge2"):
            assert got[f"{m}_r"] == pytest.approx(100 * expected[m].recall, abs=1e-9)
        assert package_lsum.score(cand, d["summary"]) == pytest.approx(got, abs=1e-9)
        f1, f2 = NgramRouge(d["summary"]).scores(" ".join(cand))
        assert f1 == pytest.approx(expected["rouge1"].fmeasure, abs=1e-12)
        assert f2 == pytest.approx(expected["rouge2"].fmeasure, abs=1e-12)
