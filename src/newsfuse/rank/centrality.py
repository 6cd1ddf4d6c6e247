"""Unsupervised ranker: TF-IDF centrality within the story, boosted by independent support.

score = CENTROID_SHARE * centroid similarity + (1 - CENTROID_SHARE) * degree
                                                          (both scaled to [0, 1])
        * support boost   1 + SUPPORT_WEIGHT * log(1 + k), k = other independent
                          copy families that say the same thing (dedup support)
        * lead bias       1 + LEAD_WEIGHT * exp(-index / LEAD_DECAY)
        * shape           penalises fragments, headlines and overlong sentences
                          (a sentence equal to a report's headline: x0.05; a
                          lower-case start in a normally cased report or a
                          start mid-sentence: x0.4; a spun rewrite: x0.8)

Each copy family (a text and its copies/rewrites) gets one vote: the centroid
is the mean of the families' centroids, and a sentence's degree is the sum over
the OTHER families of its best cosine match there, so a text syndicated three
times, or a very long report, does not outvote the others.

Tuning (development measurements at commit 1c4890e, when centrality was the
default and `newsfuse eval`'s `newsfuse` system used it; first 300
Multi-News validation clusters, 250 words, ROUGE-1/2 F of
newsfuse.evaluate.ngram): defaults give 44.5 / 14.7;
support weight 0-0.7, lead weight 0-1.5, centroid share 0-1 and the length
limits all move ROUGE-1 by at most 0.15, so the weights were set for reading
quality on the bundled example. For reference on the first 200 clusters
(`newsfuse eval ... --limit 200`): newsfuse 44.1, lead 43.1, LexRank 43.5.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..text import STOP_WORDS, TOKEN_2PLUS, normalized, rows_per_block, tfidf, words
from . import RankInput

SUPPORT_WEIGHT = 0.35
LEAD_WEIGHT = 0.4
LEAD_DECAY = 3.0
MIN_WORDS = 6
MAX_WORDS = 55
CENTROID_SHARE = 0.5  # weight of centroid similarity vs cross-family degree
HEADLINE_FACTOR = 0.05
FRAGMENT_FACTOR = 0.4
REWRITE_FACTOR = 0.8  # sentences of a report dedup flags as a spun rewrite

_BAD_START = re.compile(r"(?<!\s)\s*+[)\]},;:.!?%]")  # a scan of a space run starts once: linear
_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def _cased_articles(sentences) -> set[str]:
    """Articles whose sentences normally start with a capital (Multi-News is often
    lower-cased; there a lower-case start says nothing)."""
    starts: dict[str, list[int]] = {}
    for s in sentences:
        first = s.text[:1]
        if first.isalpha():
            starts.setdefault(s.article_id, [0, 0])[first.isupper()] += 1
    return {a for a, (lower, upper) in starts.items() if upper >= 3 and upper >= 4 * lower}


def shape_factor(text: str) -> float:
    """1.0 for a well-formed sentence; less for fragments, headlines, run-ons."""
    n = len(words(text))
    factor = 1.0
    if n < MIN_WORDS:
        factor *= 0.3
    elif n > MAX_WORDS:
        factor *= 0.7
    if not _END.search(text):
        factor *= 0.3  # headline, caption or fragment without final punctuation
    if text.rstrip().endswith("?"):
        factor *= 0.7
    if _BAD_START.match(text):
        factor *= FRAGMENT_FACTOR  # starts mid-sentence: ") , house leader ..."
    return factor


def _scaled(x: np.ndarray) -> np.ndarray:
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def _degree(X, fam: np.ndarray, n_families: int) -> np.ndarray:
    """Per sentence: the sum over the other copy families of its best cosine
    there (one family: its mean cosine within). Computed a block of rows at a
    time (at most newsfuse.text.BLOCK_CELLS cosines held), so memory stays flat however
    many sentences a story has."""
    n = X.shape[0]
    order = np.argsort(fam, kind="stable")
    column_of = np.empty_like(order)  # where each sentence's column sits after ``order``
    column_of[order] = np.arange(n)
    starts = np.searchsorted(fam[order], np.arange(n_families))
    Xt = X[order].T
    degree = np.zeros(n)
    step = rows_per_block(n)
    for begin in range(0, n, step):
        rows = np.arange(begin, min(n, begin + step))
        sim = (X[rows] @ Xt).toarray()
        sim[np.arange(len(rows)), column_of[rows]] = 0.0  # not itself
        if n_families > 1:
            # for each other family, how closely does its best sentence say the same?
            best = np.maximum.reduceat(sim, starts, axis=1)  # (rows, families)
            best[np.arange(len(rows)), fam[rows]] = 0.0
            degree[rows] = best.sum(axis=1)
        else:  # a single source: plain degree within it
            degree[rows] = sim.mean(axis=1)
    return degree


@dataclass(frozen=True)
class CentralityRanker:
    """The weights default to the module constants (tuned on Multi-News validation)."""

    support_weight: float = SUPPORT_WEIGHT
    lead_weight: float = LEAD_WEIGHT
    lead_decay: float = LEAD_DECAY
    centroid_share: float = CENTROID_SHARE
    rewrite_factor: float = REWRITE_FACTOR
    name: str = "centrality"

    def score(self, story: RankInput) -> list[float]:
        sentences = list(story.sentences)
        n = len(sentences)
        if n == 0:
            return []
        family = [story.family.get(s.article_id, s.article_id) for s in sentences]
        content = self._content(sentences, family)
        headlines = {normalized(h) for h in story.headlines.values()}
        by_id = {s.id: i for i, s in enumerate(sentences)}
        cased = _cased_articles(sentences)
        scores = []
        for i, s in enumerate(sentences):
            others = {
                family[by_id[o]] for o in story.support.get(s.id, ()) if o in by_id
            } - {family[i]}
            boost = 1.0 + self.support_weight * math.log1p(len(others))
            lead = 1.0 + self.lead_weight * math.exp(-s.index / self.lead_decay)
            shape = shape_factor(s.text)
            if normalized(s.text) in headlines:
                shape *= HEADLINE_FACTOR  # a headline is not a sentence of the story
            if s.article_id in story.rewrites:
                shape *= self.rewrite_factor  # spun wording: prefer the same fact elsewhere
            if s.article_id in cased and s.text[:1].islower():
                shape *= FRAGMENT_FACTOR  # lower-case start in a cased text: a fragment
            scores.append(float(content[i]) * boost * lead * shape)
        return scores

    def _content(self, sentences, family: list[str]) -> np.ndarray:
        """Mean of scaled centroid similarity and scaled cross-family degree."""
        n = len(sentences)
        # terms: scikit-learn's tokens of 2+ characters (the ranker was tuned on them)
        X = tfidf([TOKEN_2PLUS.findall(s.text.lower()) for s in sentences], STOP_WORDS)
        if X.nnz == 0:  # nothing but stop words
            return np.ones(n)
        codes: dict[str, int] = {}
        fam = np.array([codes.setdefault(f, len(codes)) for f in family])
        # every copy family gets one vote, however long or often copied it is:
        # the story centroid is the sum of the families' unit centroids
        import scipy.sparse as sp

        member = sp.csr_matrix((np.ones(n), (fam, np.arange(n))), shape=(len(codes), n))
        fam_centroids = member @ X  # sparse: families x terms can be large
        norms = np.sqrt(np.asarray(fam_centroids.multiply(fam_centroids).sum(axis=1)).ravel())
        unit = sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ fam_centroids
        centroid = np.asarray(unit.sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        centroid_sim = np.asarray(X @ (centroid / norm)).ravel() if norm > 0 else np.ones(n)
        degree = _degree(X, fam, len(codes))
        share = self.centroid_share
        return share * _scaled(centroid_sim) + (1.0 - share) * _scaled(degree)
