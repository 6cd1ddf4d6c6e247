"""Document relations inside one story: copies and rewrites.

Copy (syndication): a large share of one report's word 3-grams appears in
another report. Containment, not Jaccard, so a short copy inside a long report
(or a copy wrapped in extra paragraphs) still counts; a long shared run of
text counts whatever the rest of the reports hold.

Rewrite: most of one report's sentences have a same-statement match in
another report (sentence support) while few of its word 3-grams are verbatim
there: the text was re-worded sentence by sentence, not copied. Of the two,
the one whose wording is further from ordinary news (``spin``) is the rewrite.

Spun reports whose original is not among the inputs are flagged by ``spin``.

Families join copies and rewrites transitively; each family's root is its first
article in input order. A copy points at the first article of its copy group.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..clean import CleanArticle
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
# A report rewrites another when at least this share of its words sit in
# sentences whose content words overlap a sentence of the other report with a
# Jaccard of at least REWRITE_SENTENCE_JACCARD (a spinner that swaps a third of
# the words leaves 0.35-0.45) ...
REWRITE_COVERAGE = 0.6
REWRITE_SENTENCE_JACCARD = 0.3
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


def coverage(positions: Sequence[int], other: str, best: Sequence[dict[str, float]], sizes: Sequence[int]) -> tuple[float, int]:
    """(share of the words, number) of the sentences at ``positions`` that
    resemble a sentence of article ``other`` (REWRITE_SENTENCE_JACCARD)."""
    total = sum(sizes[i] for i in positions)
    hits = [i for i in positions if best[i].get(other, 0.0) >= REWRITE_SENTENCE_JACCARD]
    return (sum(sizes[i] for i in hits) / total if total else 0.0), len(hits)


def doc_relations(
    articles: Sequence[CleanArticle],
    sentences: Sequence[Sentence],
    sentence_clauses: Sequence[Sequence[Sequence[str]]],
    sentence_words: Sequence[Sequence[str]],
    best: Sequence[dict[str, float]],
) -> tuple[list["DocRelation"], dict[str, str]]:
    """Copy and rewrite relations of a story, and each article's family root.

    ``sentence_clauses[i]`` are the clauses (``text.clauses``) of
    ``sentences[i]`` and ``sentence_words[i]`` their words, flattened;
    ``best[i][article]`` is the best sentence Jaccard of ``sentences[i]`` with
    that article (``support.sentence_matches``).
    """
    from . import DocRelation

    ids = [a.article.id for a in articles]
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

    copy_groups, families = Families(ids), Families(ids)
    copy_edges: dict[str, tuple[float, str]] = {}  # article -> best (containment, evidence)
    rewrites: dict[str, tuple[str, float, str]] = {}  # rewrite -> (original, coverage, evidence)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if not grams[a] or not grams[b]:
                continue
            shared = len(grams[a] & grams[b])
            small, large = (a, b) if len(grams[a]) <= len(grams[b]) else (b, a)
            contained = shared / len(grams[small])
            if shared >= COPY_SHARED_RUN or (shared >= COPY_MIN_SHARED and contained >= COPY_CONTAINMENT):
                copy_groups.join(a, b)
                families.join(a, b)
                why = f"{contained:.0%} of the word 3-grams of {small} ({shared}) appear in {large}"
                for x in (a, b):
                    if contained > copy_edges.get(x, (-1.0, ""))[0]:
                        copy_edges[x] = (contained, why)
                continue
            if contained >= REWRITE_MAX_VERBATIM:
                continue
            (cover_a, n_a), (cover_b, n_b) = coverage(positions[a], b, best, sizes), coverage(positions[b], a, best, sizes)
            cover = max(cover_a, cover_b)
            if cover >= REWRITE_COVERAGE and min(n_a, n_b) >= REWRITE_MIN_SENTENCES:
                families.join(a, b)
                rewrite, original = (b, a) if rates[b] >= rates[a] else (a, b)
                if cover > rewrites.get(rewrite, ("", -1.0, ""))[1]:
                    why = f"{cover:.0%} of the text restates the other report in other words; only {contained:.0%} is verbatim"
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
