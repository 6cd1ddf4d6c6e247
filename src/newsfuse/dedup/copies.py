"""Document relations inside one story: copies and rewrites.

Copy (syndication): a large share of one report's word 3-grams appears in
another report. Containment, not Jaccard, so a short copy inside a long report
(or a copy wrapped in extra paragraphs) still counts.

Rewrite: most of one report's sentences have a same-statement match in
another report (sentence support), but the word 3-grams are mostly different:
the text was re-worded sentence by sentence, not copied.

Spun reports whose original is not among the inputs are flagged by ``spin``.
Families are joined transitively; each family's root is its first article in
input order, and every relation points at the root.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..clean import CleanArticle
from ..segment import Sentence
from .spin import spin_evidence
from .text import words

if TYPE_CHECKING:
    from . import DocRelation

# A report is a copy of another when at least this share of its word 3-grams
# appear in the other (Washington Post text in its syndicated copies: 0.7-1.0;
# independent reports of the same story: under 0.1).
COPY_CONTAINMENT = 0.5
# ... and they share at least this many 3-grams (about two sentences), so two
# short reports quoting the same statement are not called copies.
COPY_MIN_SHARED = 40
# A report rewrites another when at least this share of its words sit in
# sentences that have a same-statement match in the other report ...
REWRITE_COVERAGE = 0.6
# ... while fewer than this share of its 3-grams are verbatim in the other.
REWRITE_MAX_VERBATIM = COPY_CONTAINMENT


def shingles(text_words: Sequence[str], n: int = 3) -> set[int]:
    """Hashes of the word n-grams of a word sequence."""
    return {hash(tuple(text_words[i : i + n])) for i in range(len(text_words) - n + 1)}


class _Families:
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


def _coverage(
    sents: Sequence[Sentence], other: str, support: dict[str, tuple[str, ...]], sizes: dict[str, int]
) -> float:
    total = sum(sizes[s.id] for s in sents)
    if not total:
        return 0.0
    prefix = other + ":"
    covered = sum(sizes[s.id] for s in sents if any(t.startswith(prefix) for t in support.get(s.id, ())))
    return covered / total


def doc_relations(
    articles: Sequence[CleanArticle],
    sentences: Sequence[Sentence],
    support: dict[str, tuple[str, ...]],
) -> tuple[list["DocRelation"], dict[str, str]]:
    """Copy and rewrite relations of a story, and each article's family root."""
    from . import DocRelation

    ids = [a.article.id for a in articles]
    by_article: dict[str, list[Sentence]] = {a: [] for a in ids}
    sizes: dict[str, int] = {}
    doc_words: dict[str, list[str]] = {a: [] for a in ids}
    for s in sentences:
        w = words(s.text)
        sizes[s.id] = len(w)
        by_article[s.article_id].append(s)
        doc_words[s.article_id].extend(w)
    grams = {a: shingles(doc_words[a]) for a in ids}

    families = _Families(ids)
    found: dict[str, tuple[str, str, float, str]] = {}  # article -> (kind, other, similarity, evidence)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            shared = len(grams[a] & grams[b])
            small, large = (a, b) if len(grams[a]) <= len(grams[b]) else (b, a)
            contained = shared / len(grams[small]) if grams[small] else 0.0
            if shared >= COPY_MIN_SHARED and contained >= COPY_CONTAINMENT:
                families.join(a, b)
                found.setdefault(b, ("copy", a, contained, f"{contained:.0%} of the word 3-grams of {small} appear in {large}"))
                continue
            for x, y in ((b, a), (a, b)):
                cover = _coverage(by_article[x], y, support, sizes)
                if cover >= REWRITE_COVERAGE and contained < REWRITE_MAX_VERBATIM:
                    families.join(a, b)
                    found.setdefault(x, ("rewrite", y, cover, f"{cover:.0%} of its text restates {y} in other words"))
                    break

    relations: list[DocRelation] = []
    family = {a: families.root(a) for a in ids}
    for a in ids:
        if a in found:
            kind, other, sim, why = found[a]
            target = family[a] if kind == "copy" else other
            if target == a:  # the root itself: point at the member it was matched with
                target = other
            relations.append(DocRelation(a, kind, of=target, similarity=round(sim, 3), evidence=why))
    for art in articles:
        aid = art.article.id
        if aid in found:
            continue
        score, why = spin_evidence(art, by_article[aid])
        if why:
            relations.append(DocRelation(aid, "rewrite", of=None, similarity=round(score, 3), evidence=why))
    return relations, family
