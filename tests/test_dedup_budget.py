"""Dedup stays near-linear on hostile stories: candidate pairs come from an
index, large stories are matched by sparse products, and a budget of sentence
pairs bounds the work (with a note saying what was left out)."""
from __future__ import annotations

import random

from newsfuse.dedup import copies, support
from newsfuse.dedup.support import sentence_matches
from newsfuse.segment import Sentence


def _sentences(word_sets: list[list[str]], articles: int) -> tuple[list[Sentence], list[frozenset[str]]]:
    sents, content = [], []
    for i, ws in enumerate(word_sets):
        text = " ".join(ws) + "."
        sents.append(Sentence(id=f"s{i}", article_id=f"a{i % articles}", doc_index=i % articles, index=i // articles,
                              paragraph=0, text=text, start=0, end=len(text)))
        content.append(frozenset(ws))
    return sents, content


def _story(n: int, seed: int = 0):
    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(1500)]
    base = [[rng.choice(vocab) for _ in range(rng.randint(4, 12))] for _ in range(n // 3 + 1)]
    word_sets = []
    for i in range(n):  # reports re-using each other's sentences with edits
        ws = list(rng.choice(base))
        if rng.random() < 0.5:
            ws[rng.randrange(len(ws))] = rng.choice(vocab)
        word_sets.append(ws)
    return _sentences(word_sets, articles=7)


def test_large_story_path_gives_the_same_result_as_the_plain_one():
    sents, content = _story(300, seed=3)
    index: dict = {}
    for i, ws in enumerate(content):
        for w in ws:
            index.setdefault(w, []).append(i)
    small = support._small_story(sents, content, index)
    notes: list[str] = []
    large = support._large_story(sents, content, 10**9, notes)
    assert small == large and notes == []
    assert sum(map(len, small[0].values())) > 100  # the story has real support links to compare


def test_pair_budget_drops_the_widest_words_and_says_so():
    # 3,000 sentences that all share the same five words: 4.5 million pairs per word
    word_sets = [["storm", "coast", "power", "winds", "officials", f"town{i}", f"road{i % 50}"] for i in range(3000)]
    sents, content = _sentences(word_sets, articles=30)
    notes: list[str] = []
    sup, best = sentence_matches(sents, content, notes, pair_budget=200_000)
    assert len(notes) == 1 and "5 word(s) found in up to 3,000 of 3,000 sentences" in notes[0]
    pairs = sum(len(b) for b in best) // 2
    assert 0 < pairs <= 200_000  # only the pairs of the remaining (rarer) words were compared
    assert all(len(v) < 3000 for v in sup.values())


def test_budget_untouched_for_ordinary_stories(example_dedup):
    cleaned, sentences, result, _ = example_dedup
    assert result.notes == []


def _aligned_reference(positions, other_positions, other, best, sizes):
    """The quadratic chain of the original implementation, for comparison."""
    pairs = []
    for i in positions:
        jac, j = best[i].get(other, (0.0, -1))
        if jac >= copies.REWRITE_SENTENCE_JACCARD and max(sizes[i], sizes[j]) <= copies.REWRITE_LENGTH_RATIO * max(
                1, min(sizes[i], sizes[j])):
            pairs.append((i, j))
    weight, back = [0] * len(pairs), [-1] * len(pairs)
    for k, (i, j) in enumerate(pairs):
        weight[k] = sizes[i]
        for m in range(k):
            if pairs[m][1] < j and weight[m] + sizes[i] > weight[k]:
                weight[k], back[k] = weight[m] + sizes[i], m
    if not pairs:
        return 0.0, 0.0, 0
    k = max(range(len(pairs)), key=weight.__getitem__)
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    mine, theirs = sum(sizes[i] for i in positions), sum(sizes[j] for j in other_positions)
    return (sum(sizes[i] for i, _ in chain) / mine, sum(sizes[j] for _, j in chain) / theirs, len(chain))


def test_rewrite_alignment_matches_the_quadratic_reference():
    rng = random.Random(5)
    for _ in range(500):
        n, m = rng.randint(1, 25), rng.randint(1, 25)
        sizes = [rng.randint(1, 6) for _ in range(n + m)]
        best = [{} for _ in range(n + m)]
        for i in range(n):
            if rng.random() < 0.7:
                best[i]["b"] = (rng.choice([0.2, 0.3, 0.5, 0.9]), rng.randrange(n, n + m))
        args = (list(range(n)), list(range(n, n + m)), "b", best, sizes)
        assert copies.aligned(*args) == _aligned_reference(*args)
