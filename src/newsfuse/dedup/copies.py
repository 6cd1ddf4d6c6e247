"""Document relations inside one story: copies and rewrites.

Copy (syndication): a large share of one report's word 3-grams appears in
another report. Containment, not Jaccard, so a short copy inside a long report
(or a copy wrapped in extra paragraphs) still counts; a long shared run of
text counts whatever the rest of the reports hold.

Rewrite: most of both reports' sentences pair up, in the same order and with
similar lengths, with sentences that share a good part of their content words,
while few word 3-grams are verbatim: the text was re-worded sentence by
sentence, not copied (nor merely written about the same events). Of the two,
the one whose wording is further from ordinary news (``spin``) is the rewrite.

Spun reports whose original is not among the inputs are flagged by ``spin``.

Families join copies and rewrites transitively; each family's root is its first
article in input order. A copy points at the first article of its copy group.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..clean import CleanArticle
from ..ingest.readers import readable_label
from ..segment import Sentence
from .bigrams import unseen_rate
from .spin import spin_evidence

if TYPE_CHECKING:
    from . import DocRelation

# A report is a copy of another when at least this share of its word 3-grams
# appear in the other (the Washington Post text in its syndicated copies in the
# bundled example: 0.56-0.7 before cleaning; independent reports of the same
# story: under 0.05) ...
COPY_CONTAINMENT = 0.5
# ... and they share at least this many 3-grams (about two sentences), so two
# short reports quoting the same statement are not called copies;
COPY_MIN_SHARED = 40
# or when they share at least this many 3-grams (six or so sentences of
# verbatim text) whatever their length.
COPY_SHARED_RUN = 150
# A report rewrites another when, in both reports, at least this share of the
# words sit in sentences paired in the same order (a chain of sentence pairs
# whose content words overlap with a Jaccard of at least
# REWRITE_SENTENCE_JACCARD -- a spinner that swaps a third of the words leaves
# 0.35-0.45 -- and whose lengths differ by at most REWRITE_LENGTH_RATIO) ...
REWRITE_COVERAGE = 0.6
REWRITE_SENTENCE_JACCARD = 0.3
REWRITE_LENGTH_RATIO = 1.5
# ... over at least this many sentences, while less than this share of its
# word 3-grams is verbatim in the other (else it is a copy, or too short to tell).
REWRITE_MIN_SENTENCES = 3
REWRITE_MAX_VERBATIM = COPY_CONTAINMENT


def shingles(text_words: Sequence[str]) -> set[tuple[str, str, str]]:
    """The word 3-grams of a word sequence."""
    return set(zip(text_words, text_words[1:], text_words[2:]))


class Families:
    """Union-find whose roots are always the earliest member in input order."""

    def __init__(self, ids: Sequence[str]):
        self.parent = {a: a for a in ids}
        self.order = {a: i for i, a in enumerate(ids)}

    def root(self, a: str) -> str:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=self.order.__getitem__)
            self.parent[second] = first


Best = Sequence[dict[str, tuple[float, int]]]


def coverage(positions: Sequence[int], other: str, best: Best, sizes: Sequence[int]) -> float:
    """Share of the words of the sentences at ``positions`` in sentences that
    resemble some sentence of article ``other`` (quick upper bound of
    ``aligned``)."""
    total = sum(sizes[i] for i in positions)
    hit = sum(sizes[i] for i in positions if best[i].get(other, (0.0,))[0] >= REWRITE_SENTENCE_JACCARD)
    return hit / total if total else 0.0


def aligned(positions: Sequence[int], other_positions: Sequence[int], other: str, best: Best, sizes: Sequence[int]) -> tuple[float, float, int]:
    """Sentence-by-sentence alignment of one article with article ``other``:
    the heaviest chain of (i, best match j) pairs increasing in both i and j,
    of similar-length sentences. Returns (share of this article's words,
    share of the other's words, number of pairs) in the chain."""
    pairs = []
    for i in positions:
        jac, j = best[i].get(other, (0.0, -1))
        if jac >= REWRITE_SENTENCE_JACCARD and max(sizes[i], sizes[j]) <= REWRITE_LENGTH_RATIO * max(1, min(sizes[i], sizes[j])):
            pairs.append((i, j))
    # heaviest chain increasing in j (pairs come in increasing i): a Fenwick
    # tree of prefix maxima over the ranks of j, O(n log n); ties go to the
    # earliest predecessor
    rank = {j: r for r, j in enumerate(sorted({j for _, j in pairs}), start=1)}
    tree: list[tuple[int, int]] = [(0, 1)] * (len(rank) + 1)  # (weight, -position)
    weight, back = [0] * len(pairs), [-1] * len(pairs)
    for k, (i, j) in enumerate(pairs):
        r, top = rank[j] - 1, (0, 1)
        while r > 0:
            if tree[r] > top:
                top = tree[r]
            r -= r & -r
        weight[k] = top[0] + sizes[i]
        back[k] = -top[1] if top[0] > 0 else -1
        r = rank[j]
        while r < len(tree):
            if (weight[k], -k) > tree[r]:
                tree[r] = (weight[k], -k)
            r += r & -r
    if not pairs:
        return 0.0, 0.0, 0
    k = max(range(len(pairs)), key=weight.__getitem__)
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    mine = sum(sizes[i] for i in positions)
    theirs = sum(sizes[j] for j in other_positions)
    return (
        sum(sizes[i] for i, _ in chain) / mine if mine else 0.0,
        sum(sizes[j] for _, j in chain) / theirs if theirs else 0.0,
        len(chain),
    )


def doc_relations(
    articles: Sequence[CleanArticle],
    sentences: Sequence[Sentence],
    sentence_clauses: Sequence[Sequence[Sequence[str]]],
    sentence_words: Sequence[Sequence[str]],
    best: Best,
) -> tuple[list["DocRelation"], dict[str, str]]:
    """Copy and rewrite relations of a story, and each article's family root.

    ``sentence_clauses[i]`` are the clauses (``text.clauses``) of
    ``sentences[i]`` and ``sentence_words[i]`` their words, flattened;
    ``best[i][article]`` is the best sentence Jaccard of ``sentences[i]`` with
    that article and the position of that sentence (``support.sentence_matches``).
    """
    from . import DocRelation

    ids = [a.article.id for a in articles]
    labels = {a.article.id: readable_label(a.article.source or a.article.id) for a in articles}  # as people read it
    by_article: dict[str, list[Sentence]] = {a: [] for a in ids}
    positions: dict[str, list[int]] = {a: [] for a in ids}
    doc_words: dict[str, list[str]] = {a: [] for a in ids}
    doc_clauses: dict[str, list[Sequence[str]]] = {a: [] for a in ids}
    sizes = [len(w) for w in sentence_words]
    for i, (s, w) in enumerate(zip(sentences, sentence_words)):
        by_article[s.article_id].append(s)
        positions[s.article_id].append(i)
        doc_words[s.article_id].extend(w)
        doc_clauses[s.article_id].extend(sentence_clauses[i])
    grams = {a: shingles(doc_words[a]) for a in ids}
    measured = {a: unseen_rate(doc_clauses[a]) for a in ids}
    rates = {a: rate for a, (rate, _) in measured.items()}

    # reach[a]: the articles some sentence of a resembles at least
    # REWRITE_SENTENCE_JACCARD; a pair outside it has coverage 0 both ways.
    # touch[a]: the articles some sentence of a shares a content word with; only
    # those pairs are compared (a copy shares whole sentences), so the cost
    # follows the sentence pairs found, not the square of the article count.
    reach: dict[str, set[str]] = {a: set() for a in ids}
    touch: dict[str, set[str]] = {a: set() for a in ids}
    for i, s in enumerate(sentences):
        reach[s.article_id].update(o for o, (jac, _) in best[i].items() if jac >= REWRITE_SENTENCE_JACCARD)
        touch[s.article_id].update(best[i])
    order = {a: i for i, a in enumerate(ids)}

    copy_groups, families = Families(ids), Families(ids)
    copy_edges: dict[str, tuple[float, str]] = {}  # article -> best (containment, evidence)
    rewrites: dict[str, tuple[str, float, str]] = {}  # rewrite -> (original, coverage, evidence)
    for i, a in enumerate(ids):
        for b in sorted((o for o in touch[a] if order[o] > i), key=order.__getitem__):
            if not grams[a] or not grams[b]:
                continue
            shared = len(grams[a] & grams[b])
            small, large = (a, b) if len(grams[a]) <= len(grams[b]) else (b, a)
            contained = shared / len(grams[small])
            if shared >= COPY_SHARED_RUN or (shared >= COPY_MIN_SHARED and contained >= COPY_CONTAINMENT):
                copy_groups.join(a, b)
                families.join(a, b)
                for x, y in ((a, b), (b, a)):
                    if contained > copy_edges.get(x, (-1.0, ""))[0]:
                        if x == small:
                            why = f"{contained:.0%} of its word 3-grams ({shared}) appear verbatim in {labels[y]}"
                        else:
                            why = f"it holds {contained:.0%} of the word 3-grams of {labels[y]} ({shared}) verbatim"
                        copy_edges[x] = (contained, why)
                continue
            if contained >= REWRITE_MAX_VERBATIM or b not in reach[a] or a not in reach[b]:
                continue
            if min(coverage(positions[a], b, best, sizes), coverage(positions[b], a, best, sizes)) < REWRITE_COVERAGE:
                continue
            share_a, share_b, n_pairs = aligned(positions[a], positions[b], b, best, sizes)
            cover = min(share_a, share_b)
            if cover >= REWRITE_COVERAGE and n_pairs >= REWRITE_MIN_SENTENCES:
                families.join(a, b)
                rewrite, original = (b, a) if rates[b] >= rates[a] else (a, b)
                if cover > rewrites.get(rewrite, ("", -1.0, ""))[1]:
                    why = (
                        f"{cover:.0%} of both texts is the same sentences in the same order as "
                        f"{labels[original]}, re-worded: only {contained:.0%} is verbatim"
                    )
                    rewrites[rewrite] = (original, cover, why)

    relations: list[DocRelation] = []
    for a in ids:
        root = copy_groups.root(a)
        if root != a:
            sim, why = copy_edges[a]
            relations.append(DocRelation(a, "copy", of=root, similarity=round(sim, 3), evidence=why))
        if a in rewrites:
            original, cover, why = rewrites[a]
            relations.append(DocRelation(a, "rewrite", of=original, similarity=round(cover, 3), evidence=why))
    for art in articles:
        a = art.article.id
        if a in rewrites:
            continue
        score, why = spin_evidence(art, by_article[a], doc_clauses[a], measured=measured[a])
        if why:
            relations.append(DocRelation(a, "rewrite", of=None, similarity=round(score, 3), evidence=why))
    return relations, {a: families.root(a) for a in ids}
