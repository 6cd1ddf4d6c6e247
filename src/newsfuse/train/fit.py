"""Fitting and validating the sentence scorer (scikit-learn gradient boosting)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from ..text import count_words
from .dataset import Examples, Story

# Hyper-parameters of HistGradientBoostingRegressor (chosen on validation
# clusters 0-999 with models trained on 16,000 training clusters).
DEFAULT_PARAMS: dict[str, Any] = {
    "max_iter": 300,
    "learning_rate": 0.08,
    "max_leaf_nodes": 31,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
}


def fit(examples: Examples, params: dict[str, Any] | None = None, seed: int = 0):
    """Fit a HistGradientBoostingRegressor on ``examples`` (deterministic for a seed)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    if len(examples.labels) == 0:
        raise ValueError("no training sentences: every cluster was skipped")
    settings = {**DEFAULT_PARAMS, **(params or {})}
    model = HistGradientBoostingRegressor(
        **settings, early_stopping=False, random_state=seed
    )
    from ..rank.learned import single_threaded

    with single_threaded():
        model.fit(examples.features, examples.labels)
    return model


@dataclass(frozen=True)
class BudgetScore:
    words: int
    rouge1: float  # mean F1 x 100
    rouge2: float
    mean_words: float


def score_stories(
    stories: Sequence[Story],
    scorer: Callable[[Story], Sequence[float]],
    budgets: Sequence[int],
) -> list[BudgetScore]:
    """Mean ROUGE-1/2 F1 of ``select`` on ``scorer``'s scores at each budget."""
    from ..evaluate.ngram import NgramRouge
    from ..rank.learned import single_threaded
    from ..select import select

    sums = np.zeros((len(budgets), 3))
    for story in stories:
        with single_threaded():
            scores = scorer(story)
        rouge = NgramRouge(story.reference)
        for b, words in enumerate(budgets):
            chosen = select(story.rank_input, scores, words)
            text = " ".join(s.text for s in chosen)
            r1, r2 = rouge.scores(text)
            sums[b] += (r1, r2, count_words(text))
    n = max(1, len(stories))
    return [
        BudgetScore(int(w), round(100 * s[0] / n, 2), round(100 * s[1] / n, 2), round(s[2] / n, 1))
        for w, s in zip(budgets, sums)
    ]


def random_scorer(seed: int) -> Callable[[Story], list[float]]:
    """Baseline: random scores, seeded per story."""

    def score(story: Story) -> list[float]:
        rng = np.random.default_rng([seed, len(story.rank_input.sentences), len(story.id)])
        return rng.random(len(story.rank_input.sentences)).tolist()

    return score


def model_scorer(model, lexicon=None) -> Callable[[Story], np.ndarray]:
    from ..rank.features import feature_matrix

    return lambda story: model.predict(feature_matrix(story.rank_input, lexicon))
