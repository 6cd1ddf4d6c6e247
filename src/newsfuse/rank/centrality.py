"""Unsupervised ranker: TF-IDF centrality within the story, boosted by independent support.

score = (centroid similarity + degree centrality) / 2      (both scaled to [0, 1])
        * support boost   1 + SUPPORT_WEIGHT * log(1 + k), k = other independent
                          copy families that say the same thing (dedup support)
        * lead bias       1 + LEAD_WEIGHT * exp(-index / LEAD_DECAY)
        * shape           penalises fragments, headlines and overlong sentences
                          (a sentence equal to a report's headline: x0.05)

Each copy family (a text and its copies/rewrites) gets one vote: the centroid
is the mean of the families' centroids, and a sentence's degree is the sum over
the OTHER families of its best cosine match there, so a text syndicated three
times, or a very long report, does not outvote the others.
"""
from __future__ import annotations

import math
import re

import numpy as np

from . import RankInput

SUPPORT_WEIGHT = 0.35
LEAD_WEIGHT = 0.4
LEAD_DECAY = 3.0
MIN_WORDS = 6
MAX_WORDS = 55
HEADLINE_FACTOR = 0.05

_WORD = re.compile(r"\w+")
_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def shape_factor(text: str) -> float:
    """1.0 for a well-formed sentence; less for fragments, headlines, run-ons."""
    n = len(_WORD.findall(text))
    factor = 1.0
    if n < MIN_WORDS:
        factor *= 0.3
    elif n > MAX_WORDS:
        factor *= 0.7
    if not _END.search(text):
        factor *= 0.3  # headline, caption or fragment without final punctuation
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
        content = self._content(sentences, family)
        headlines = {_norm(h) for h in story.headlines.values()}
        by_id = {s.id: i for i, s in enumerate(sentences)}
        scores = []
        for i, s in enumerate(sentences):
            others = {
                family[by_id[o]] for o in story.support.get(s.id, ()) if o in by_id
            } - {family[i]}
            boost = 1.0 + SUPPORT_WEIGHT * math.log1p(len(others))
            lead = 1.0 + LEAD_WEIGHT * math.exp(-s.index / LEAD_DECAY)
            shape = shape_factor(s.text)
            if _norm(s.text) in headlines:
                shape *= HEADLINE_FACTOR  # a headline is not a sentence of the story
            scores.append(float(content[i]) * boost * lead * shape)
        return scores

    @staticmethod
    def _content(sentences, family: list[str]) -> np.ndarray:
        """Mean of scaled centroid similarity and scaled cross-family degree."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        n = len(sentences)
        try:
            X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
                [s.text for s in sentences]
            )
        except ValueError:  # empty vocabulary: nothing but stop words
            return np.ones(n)
        members: dict[str, list[int]] = {}
        for i, f in enumerate(family):
            members.setdefault(f, []).append(i)
        groups = [np.array(ix) for ix in members.values()]
        sim = (X @ X.T).toarray()
        np.fill_diagonal(sim, 0.0)
        # every copy family gets one vote, however long or often copied it is
        centroid = np.zeros(X.shape[1])
        for ix in groups:
            c = np.asarray(X[ix].mean(axis=0)).ravel()
            norm = np.linalg.norm(c)
            if norm > 0:
                centroid += c / norm
        norm = np.linalg.norm(centroid)
        centroid_sim = np.asarray(X @ (centroid / norm)).ravel() if norm > 0 else np.ones(n)
        if len(groups) > 1:
            # for each other family: how closely does it say the same thing?
            degree = np.zeros(n)
            for ix in groups:
                best = sim[:, ix].max(axis=1)
                best[ix] = 0.0
                degree += best
        else:  # a single source: plain degree within it
            degree = sim.mean(axis=1)
        return 0.5 * _scaled(centroid_sim) + 0.5 * _scaled(degree)
