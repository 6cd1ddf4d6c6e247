"""Concept-coverage selection: the exact budgeted choice of sentences that
covers the most weighted concepts, solved as an integer program.

This is the model of Gillick & Favre (2009), the ICSI summarizer of TAC
2008/2009: concepts are word bigrams (Porter-stemmed, lower-cased, not made of
two stop words); a summary earns a concept's weight once, however many of its
sentences contain it, so redundancy is penalised by construction. With
sentence indicators ``s_j``, concept indicators ``c_i`` and occurrences
``o_ij`` (concept i in sentence j)::

    maximise   sum_i w_i c_i + sum_j b_j s_j
    subject to sum_j len_j s_j <= budget
               c_i <= sum_j o_ij s_j for every concept i

(Gillick & Favre also state ``s_j <= c_i`` for every occurrence; with
positive weights an optimum never leaves a covered concept at 0, so those
rows change no answer, and leaving them out makes HiGHS an order of
magnitude faster.)
``b_j`` is an optional per-sentence bonus (a ranker's score). The program is
solved with ``scipy.optimize.milp`` (HiGHS) under a time limit; when HiGHS
stops early its best feasible answer is used, and if it has none a greedy
ratio heuristic answers instead.

:func:`bigram_concepts` is the concept extractor both our selector and the
``icsi`` peer of ``newsfuse eval`` use.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from ..text import STOP_WORDS, stem, terms

# HiGHS gets this long per brief before its best answer so far is taken.
TIME_LIMIT_S = 2.0

Concept = tuple[str, str]


@lru_cache(maxsize=200_000)
def bigram_concepts(text: str) -> frozenset[Concept]:
    """Stemmed word bigrams of ``text`` that are not two stop words."""
    words = terms(text)
    stems = [stem(w) for w in words]
    stop = [w in STOP_WORDS for w in words]
    return frozenset(
        (stems[k], stems[k + 1]) for k in range(len(words) - 1) if not (stop[k] and stop[k + 1])
    )


def solve_coverage(
    concepts: Sequence[Sequence[int]],
    weights: np.ndarray,
    lengths: Sequence[int],
    budget: int,
    bonus: np.ndarray | None = None,
    time_limit: float = TIME_LIMIT_S,
) -> list[int]:
    """Indices of the sentences that maximise covered concept weight (plus
    ``bonus``) within ``budget`` words. ``concepts[j]`` lists the concept
    numbers (0..len(weights)-1) of sentence j."""
    n, m = len(lengths), len(weights)
    if n == 0:
        return []
    lengths_a = np.asarray(lengths, dtype=float)
    bonus_a = np.zeros(n) if bonus is None else np.asarray(bonus, dtype=float)
    rows = np.repeat(np.arange(n), [len(c) for c in concepts])
    cols = np.fromiter((i for c in concepts for i in c), dtype=np.intp, count=len(rows))
    if m == 0 or len(rows) == 0:
        return greedy_coverage(concepts, weights, lengths, budget, bonus)
    occ = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
    # c_i - sum_j o_ij s_j <= 0
    cover = sp.hstack([-occ.T, sp.identity(m, format="csr")])
    size = sp.hstack([sp.csr_matrix(lengths_a[None, :]), sp.csr_matrix((1, m))])
    constraints = [
        LinearConstraint(size, -np.inf, float(budget)),
        LinearConstraint(cover.tocsr(), -np.inf, 0.0),
    ]
    objective = -np.concatenate([bonus_a, np.asarray(weights, dtype=float)])
    result = milp(
        objective,
        constraints=constraints,
        integrality=np.ones(n + m),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "disp": False},
    )
    if result.x is None:
        return greedy_coverage(concepts, weights, lengths, budget, bonus)
    return [j for j in range(n) if result.x[j] > 0.5]


def greedy_coverage(
    concepts: Sequence[Sequence[int]],
    weights: np.ndarray,
    lengths: Sequence[int],
    budget: int,
    bonus: np.ndarray | None = None,
    swaps: int = 3,
    groups: Sequence[int] | None = None,
) -> list[int]:
    """The fast approximation of :func:`solve_coverage`: add the sentence with
    the best ratio of new value to length until nothing fits, then exchange
    one chosen sentence for one unchosen while that raises the value and fits
    the budget (at most ``swaps`` x the number chosen). Sentences with the
    same ``groups`` number (saying the same thing) never go in together."""
    n, m = len(lengths), len(weights)
    if n == 0:
        return []
    weights = np.asarray(weights, dtype=float)
    lengths_a = np.asarray(lengths, dtype=float)
    bonus_a = np.zeros(n) if bonus is None else np.asarray(bonus, dtype=float)
    rows = np.repeat(np.arange(n), [len(c) for c in concepts])
    cols = np.fromiter((i for c in concepts for i in c), dtype=np.intp, count=len(rows))
    occ = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(m, 1)))
    w = weights if m else np.zeros(1)
    group = np.arange(n) if groups is None else np.asarray(groups)
    uncovered = np.ones(len(w), dtype=bool)
    chosen: list[int] = []
    left = float(budget)

    def free(taken: list[int]) -> np.ndarray:
        """Sentences whose group has no member in ``taken``."""
        return ~np.isin(group, group[taken]) if taken else np.ones(n, dtype=bool)

    while True:
        fits = free(chosen) & (lengths_a <= left)
        if not fits.any():
            break
        gain = occ @ (w * uncovered) + bonus_a
        ratio = np.where(fits, gain / np.maximum(lengths_a, 1.0), -np.inf)
        j = int(np.argmax(ratio))
        if ratio[j] <= 0:
            break
        chosen.append(j)
        left -= lengths_a[j]
        uncovered[occ[j].indices] = False
    # exchanges: for each chosen sentence, the best unchosen one to put in
    # its place, all candidates scored at once from the coverage counts
    counts = np.asarray(occ[chosen].sum(axis=0)).ravel() if chosen else np.zeros(len(w))
    for _ in range(swaps * max(1, len(chosen))):
        best = (1e-9, -1, -1)
        for out in chosen:
            rest_counts = counts - occ[out].toarray().ravel()
            base = w[rest_counts > 0].sum() + bonus_a[chosen].sum() - bonus_a[out]
            room = budget - (lengths_a[chosen].sum() - lengths_a[out])
            value_now = base + w[(rest_counts == 0) & (occ[out].toarray().ravel() > 0)].sum() + bonus_a[out]
            gain = occ @ (w * (rest_counts == 0)) + bonus_a
            ok = free([k for k in chosen if k != out]) & (lengths_a <= room)
            ok[out] = False
            if not ok.any():
                continue
            j = int(np.argmax(np.where(ok, gain, -np.inf)))
            delta = base + gain[j] - value_now
            if delta > best[0]:
                best = (delta, out, j)
        if best[1] < 0:
            break
        _, out, j = best
        chosen = [k for k in chosen if k != out] + [j]
        counts += occ[j].toarray().ravel() - occ[out].toarray().ravel()
    return sorted(chosen)
