"""Unsupervised ranker: TF-IDF centrality within the story, boosted by independent support.

score = (centroid similarity + degree centrality) / 2      (both scaled to [0, 1])
        * support boost   1 + SUPPORT_WEIGHT * log(1 + k), k = other independent
                          copy families that say the same thing (dedup support)
        * lead bias       1 + LEAD_WEIGHT * exp(-index / LEAD_DECAY)
        * shape           penalises fragments, headlines and overlong sentences

Copies are down-weighted (1 / family size) when building the centroid and the
degree so that a text syndicated three times does not outvote the others.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from . import RankInput

SUPPORT_WEIGHT = 0.35
LEAD_WEIGHT = 0.25
LEAD_DECAY = 4.0
MIN_WORDS = 6
MAX_WORDS = 55

_WORD = re.compile(r"\w+")
_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def shape_factor(text: str) -> float:
    """1.0 for a well-formed sentence; less for fragments, headlines, run-ons."""
    n = len(_WORD.findall(text))
    factor = 1.0
    if n < MIN_WORDS:
        factor *= 0.3
    elif n > MAX_WORDS:
        factor *= 0.7
    if not _END.search(text):
        factor *= 0.5  # headline, caption or fragment without final punctuation
    if text.rstrip().endswith("?"):
        factor *= 0.7
    return factor


def _scaled(x: np.ndarray) -> np.ndarray:
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x)


class CentralityRanker:
    name = "centrality"

    def score(self, story: RankInput) -> list[float]:
        sentences = list(story.sentences)
        n = len(sentences)
        if n == 0:
            return []
        family = [story.family.get(s.article_id, s.article_id) for s in sentences]
        articles_per_family: dict[str, set[str]] = {}
        for s, f in zip(sentences, family):
            articles_per_family.setdefault(f, set()).add(s.article_id)
        weight = np.array([1.0 / len(articles_per_family[f]) for f in family])

        content = self._content(sentences, family, weight)
        by_id = {s.id: i for i, s in enumerate(sentences)}
        scores = []
        for i, s in enumerate(sentences):
            others = {
                family[by_id[o]] for o in story.support.get(s.id, ()) if o in by_id
            } - {family[i]}
            boost = 1.0 + SUPPORT_WEIGHT * math.log1p(len(others))
            lead = 1.0 + LEAD_WEIGHT * math.exp(-s.index / LEAD_DECAY)
            scores.append(float(content[i]) * boost * lead * shape_factor(s.text))
        return scores

    @staticmethod
    def _content(sentences, family, weight: np.ndarray) -> np.ndarray:
        """Mean of scaled centroid similarity and scaled cross-family degree."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        n = len(sentences)
        try:
            X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
                [s.text for s in sentences]
            )
        except ValueError:  # empty vocabulary: nothing but stop words
            return np.ones(n)
        centroid = np.asarray(X.T @ weight).ravel()
        norm = np.linalg.norm(centroid)
        if norm == 0:
            return np.ones(n)
        centroid_sim = np.asarray(X @ (centroid / norm)).ravel()
        sim = (X @ X.T).toarray()
        fam_codes = np.array([hash(f) for f in family])
        same = fam_codes[:, None] == fam_codes[None, :]
        sim[same] = 0.0
        n_families = len(Counter(family))
        if n_families > 1:
            degree = sim @ weight
        else:  # single source: plain degree within the article
            sim = (X @ X.T).toarray()
            np.fill_diagonal(sim, 0.0)
            degree = sim @ weight
        return 0.5 * _scaled(centroid_sim) + 0.5 * _scaled(degree)
