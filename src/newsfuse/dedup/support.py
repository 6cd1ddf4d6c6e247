"""Sentence support: which sentences of *other* reports say the same thing.

Sentence t supports sentence s when t says what s says, judged on their sets
of content words (lower-cased, stopwords dropped, "U.S." == "US"): the two
sets overlap strongly (Jaccard; symmetric), or t holds nearly all of s's
content words (containment; one way: a long sentence supports the short one
it contains, not the reverse, so a citation never claims more than the cited
report says). This is the exact Jaccard that a
MinHash would estimate; for a story of a few dozen reports exact is both
faster and free of estimation error. Candidate pairs come from an inverted
index over content words, so the cost grows with shared words, not with the
square of the number of sentences, and is capped by a budget of sentence pairs
(``PAIR_BUDGET``; past it the most widespread words stop pairing sentences).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..segment import Sentence
from ..text import content_words

# Two sentences say the same thing when the Jaccard similarity of their content
# word sets is at least this. Small edits ("US"/"U.S.", a clause added or
# trimmed, "militiamen"/"militia members") stay well above it (0.6-0.95 on the
# bundled example); sentences that merely share the story's names and places
# stay below it (mostly under 0.3).
SUPPORT_JACCARD = 0.5
# A sentence t also supports s when at least this share of s's content words
# are in t (t says all s says and more), provided s has at least
# SUPPORT_MIN_WORDS content words (shorter ones are matched by Jaccard only).
SUPPORT_CONTAINMENT = 0.8
SUPPORT_MIN_WORDS = 6


_NONE = (0.0, -1)
# Sentence pairs (counted once per shared word) one story may generate in
# ``sentence_matches``: a few seconds of work and well under 1 GB. Multi-News
# clusters make a few hundred; 1,735 of their reports pooled into one story
# make about 4.3 million (its widest words are then left out); see docs/limits.md.
PAIR_BUDGET = 3_000_000
# Below this many pairs a story is matched in plain Python (faster than
# building sparse matrices); both give the same result.
SMALL_STORY_PAIRS = 200_000


def supports(s: frozenset[str], t: frozenset[str], shared: int | None = None) -> float:
    """How strongly a sentence with content words ``t`` says what one with
    content words ``s`` says: their Jaccard when it reaches SUPPORT_JACCARD,
    else the share of ``s`` inside ``t`` when that rule applies; 0.0 if not."""
    if shared is None:
        shared = len(s & t)
    if not shared:
        return 0.0
    jaccard = shared / (len(s) + len(t) - shared)
    if jaccard >= SUPPORT_JACCARD:
        return jaccard
    if len(s) >= SUPPORT_MIN_WORDS and shared / len(s) >= SUPPORT_CONTAINMENT:
        return shared / len(s)
    return 0.0


def sentence_matches(
    sentences: Sequence[Sentence],
    content: Sequence[frozenset[str]] | None = None,
    notes: list[str] | None = None,
    pair_budget: int | None = None,
) -> tuple[dict[str, tuple[str, ...]], list[dict[str, tuple[float, int]]]]:
    """Support (see ``sentence_support``) and, for each sentence, the best
    content-word Jaccard it reaches with a sentence of each other article and
    the position of that sentence: ``best[i][article_id] = (jaccard, j)``
    (articles sharing no content word with sentence i are absent; of equal
    Jaccards the earliest sentence is kept).

    Candidate pairs are the sentence pairs that share a content word: a sparse
    sentence x word matrix times its transpose, in row blocks, so the cost
    follows the pairs that share words, not the square of the number of
    sentences. It is bounded by ``pair_budget`` (default PAIR_BUDGET) pairs:
    when a story's words would pair more (thousands of sentences sharing the
    same words), the most widespread words stop pairing sentences -- pairs
    sharing only those words are not compared -- and a sentence saying so is
    added to ``notes``. Pairs are then judged on the words left in the index
    (a lower Jaccard: fewer matches, never a citation the words do not back)."""
    budget = PAIR_BUDGET if pair_budget is None else pair_budget
    sets = list(content) if content is not None else [content_words(s.text) for s in sentences]
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(sets):
        for w in words:
            index[w].append(i)
    if sum(len(p) * (len(p) - 1) // 2 for p in index.values()) <= SMALL_STORY_PAIRS:
        return _small_story(sentences, sets, index)
    return _large_story(sentences, sets, budget, notes)


def _small_story(sentences, sets, index):
    """sentence_matches for a story of ordinary size: plain Python is fastest."""
    matches: list[list[int]] = [[] for _ in sentences]
    best: list[dict[str, tuple[float, int]]] = [{} for _ in sentences]
    for i, words in enumerate(sets):
        if not words:
            continue
        article = sentences[i].article_id
        shared: dict[int, int] = defaultdict(int)
        for w in words:
            for j in index[w]:
                if j > i:
                    shared[j] += 1
        for j in sorted(shared):  # earliest first: of equal Jaccards the earliest sentence is kept
            n = shared[j]
            other = sentences[j].article_id
            if other == article:
                continue
            jaccard = n / (len(words) + len(sets[j]) - n)
            if jaccard > best[i].get(other, _NONE)[0]:
                best[i][other] = (jaccard, j)
            if jaccard > best[j].get(article, _NONE)[0]:
                best[j][article] = (jaccard, i)
            if supports(words, sets[j], n):
                matches[i].append(j)
            if supports(sets[j], words, n):
                matches[j].append(i)
    support = {s.id: tuple(sentences[j].id for j in sorted(found)) for s, found in zip(sentences, matches)}
    return support, best


def _large_story(sentences, sets, budget, notes):
    """sentence_matches in sparse matrix products, within the pair budget."""
    import numpy as np
    from scipy import sparse

    n = len(sets)
    best: list[dict[str, tuple[float, int]]] = [{} for _ in range(n)]
    empty = {s.id: () for s in sentences}
    vocab: dict[str, int] = {}
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(ws) for ws in sets])
    cols = np.fromiter((vocab.setdefault(w, len(vocab)) for ws in sets for w in ws), dtype=np.int64, count=len(rows))
    if not len(rows):
        return empty, best
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, len(vocab)))
    df = np.bincount(cols, minlength=len(vocab)).astype(np.int64)
    keep = _fit_budget(df, budget)
    if not keep.all():
        if notes is not None:
            notes.append(
                f"{int((~keep).sum()):,} word(s) found in up to {int(df[~keep].max()):,} of {n:,} sentences "
                f"were not used to pair sentences (budget of {budget:,} sentence pairs, see docs/limits.md); "
                "those words no longer pair or match sentences"
            )
        xk = x[:, np.flatnonzero(keep)].tocsr()
    else:
        xk = x
    codes = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in sentences))}
    art = np.fromiter((codes[s.article_id] for s in sentences), dtype=np.int64, count=n)
    size = np.fromiter((len(ws) for ws in sets), dtype=np.int64, count=n)
    parts_i, parts_j, parts_n = [], [], []
    xt = xk.T.tocsc()
    block = max(1, min(n, 1_000_000 // max(1, int(df[keep].max()) if keep.any() else 1)))  # bounded temporaries
    for lo in range(0, n, block):
        prod = (xk[lo : lo + block] @ xt).tocoo()
        i = prod.row.astype(np.int64) + lo
        j = prod.col.astype(np.int64)
        mask = (j > i) & (art[i] != art[j])
        parts_i.append(i[mask])
        parts_j.append(j[mask])
        parts_n.append(prod.data[mask].astype(np.int64))
    pi, pj, shared = np.concatenate(parts_i), np.concatenate(parts_j), np.concatenate(parts_n)
    jac = shared / (size[pi] + size[pj] - shared)

    # best[x][article of y] over both directions of every pair
    xs, ys, js = np.concatenate([pi, pj]), np.concatenate([pj, pi]), np.concatenate([jac, jac])
    order = np.lexsort((ys, -js, art[ys], xs))
    xs, ys, js = xs[order], ys[order], js[order]
    first = np.ones(len(xs), dtype=bool)
    first[1:] = (xs[1:] != xs[:-1]) | (art[ys][1:] != art[ys][:-1])
    for a, b, jv in zip(xs[first].tolist(), ys[first].tolist(), js[first].tolist()):
        best[a][sentences[b].article_id] = (jv, b)

    # support in each direction: Jaccard, or containment of the supported sentence
    def supported(small: np.ndarray) -> np.ndarray:
        return (jac >= SUPPORT_JACCARD) | (
            (small >= SUPPORT_MIN_WORDS) & (shared / np.maximum(small, 1) >= SUPPORT_CONTAINMENT)
        )

    to_i, to_j = supported(size[pi]), supported(size[pj])
    who = np.concatenate([pi[to_i], pj[to_j]])
    by = np.concatenate([pj[to_i], pi[to_j]])
    order = np.lexsort((by, who))
    matches: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(who[order].tolist(), by[order].tolist()):
        matches[a].append(b)
    support = {s.id: tuple(sentences[j].id for j in matches.get(k, ())) for k, s in enumerate(sentences)}
    return support, best


def _fit_budget(df, budget: int):
    """Boolean mask of the words kept in the index: the most widespread are
    dropped until the sentence pairs the rest generate fit ``budget``."""
    import numpy as np

    work = df * (df - 1) // 2
    keep = np.ones(len(df), dtype=bool)
    total = int(work.sum())
    if total <= budget:
        return keep
    order = np.argsort(-df, kind="stable")
    remaining = total - np.cumsum(work[order])
    cut = int(np.searchsorted(-remaining, -budget))  # first position where what remains fits
    keep[order[: cut + 1]] = False
    return keep


def sentence_support(
    sentences: Sequence[Sentence], content: Sequence[frozenset[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """sentence id -> ids of the sentences of other articles that say what it
    says (see ``supports``; in input order). Every sentence id is a key (empty tuple if none).
    ``content[i]`` is ``newsfuse.text.content_words(sentences[i].text)`` if precomputed."""
    return sentence_matches(sentences, content)[0]
