"""Run systems on evaluation clusters and score them, serially or in worker processes.

:func:`evaluate_cluster` is the unit of work (pure: a cluster in, a
:class:`ClusterResult` out).  :func:`run_clusters` maps it over clusters, in
order, optionally in a process pool (``workers > 1``, chunks of clusters); the
results are identical either way because every system is deterministic given
(cluster id, seed) and results are kept in cluster order.
"""
from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from ..text import context_need, count_words, cut_to_budget
from .data import EvalCluster
from .rouge import METRICS, Rouge
from .story import Story
from .systems import get_systems


@dataclass(frozen=True)
class SystemRun:
    sentences: list[str]  # the output, cut at the budget
    scores: dict[str, float]  # metric -> F1 x 100 (mean over references)
    words: int
    ms: float  # the system's own time on this cluster (no scoring)
    error: str | None = None
    score_ms: float = 0.0  # time spent scoring this output (not part of ``ms``)
    needs_context: int = 0  # output sentences that do not read on their own (newsfuse.text.context_need)


@dataclass(frozen=True)
class ClusterResult:
    index: int
    id: str
    line: int
    runs: dict[str, SystemRun] = field(default_factory=dict)


@dataclass(frozen=True)
class EvalConfig:
    systems: tuple[str, ...]
    words: int = 250
    seed: int = 0


_ROUGE: Rouge | None = None


def _rouge() -> Rouge:
    global _ROUGE
    if _ROUGE is None:
        _ROUGE = Rouge()
    return _ROUGE


def evaluate_cluster(cluster: EvalCluster, config: EvalConfig) -> ClusterResult:
    """Run every configured system on one cluster and score its output."""
    t0 = time.perf_counter()
    story = Story.from_documents(
        cluster.id, cluster.documents, cluster.references, cluster.dates, cluster.titles
    )
    split_ms = 1000 * (time.perf_counter() - t0)
    runs: dict[str, SystemRun] = {}
    for system in get_systems(config.systems):
        error = None
        t0 = time.perf_counter()
        try:
            raw = system.run(story, config.words, config.seed)
        except Exception as exc:  # a failing system must not stop the evaluation
            raw, error = [], f"{type(exc).__name__}: {exc}"
        ms = 1000 * (time.perf_counter() - t0) + (0.0 if system.splits_itself else split_ms)
        sentences = cut_to_budget(raw, config.words)
        # the system's own sentences that made it into the budget, before the cut
        needs = sum(1 for text in raw[: len(sentences)] if context_need(text))
        t0 = time.perf_counter()
        if sentences:
            scores = _rouge().score(sentences, cluster.references)
        else:
            scores = dict.fromkeys(METRICS, 0.0)
        words = sum(count_words(s) for s in sentences)
        score_ms = 1000 * (time.perf_counter() - t0)
        runs[system.name] = SystemRun(sentences, scores, words, ms, error, score_ms, needs)
    return ClusterResult(cluster.index, cluster.id, cluster.line, runs)


def _work(args: tuple[EvalCluster, EvalConfig]) -> ClusterResult:
    return evaluate_cluster(*args)


def run_clusters(
    clusters: Sequence[EvalCluster],
    config: EvalConfig,
    workers: int = 1,
    on_result: Callable[[ClusterResult], None] | None = None,
) -> list[ClusterResult]:
    """Evaluate ``clusters`` (in order); ``on_result`` is called as each one finishes."""
    get_systems(config.systems)  # fail fast on an unknown name
    results: list[ClusterResult] = []
    for result in _iterate(clusters, config, workers):
        results.append(result)
        if on_result is not None:
            on_result(result)
    results.sort(key=lambda r: r.index)
    return results


def _iterate(clusters: Sequence[EvalCluster], config: EvalConfig, workers: int) -> Iterator[ClusterResult]:
    if workers <= 1 or len(clusters) <= 1:
        for cluster in clusters:
            yield evaluate_cluster(cluster, config)
        return
    chunk = max(1, min(16, len(clusters) // (workers * 8) or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_work, [(c, config) for c in clusters], chunksize=chunk)
