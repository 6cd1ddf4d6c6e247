"""Training the learned ranker: ``train(data, out, ...)`` (used by ``newsfuse train``).

Steps (all deterministic for a given data file, limit and seed):

1. Clusters are read in file order (at most ``limit``); every third one
   (index % 3 == 0) is used to learn the word-propensity ``Lexicon``, the
   others to fit the scorer, so the scorer never sees propensities learned on
   its own clusters.
2. Each cluster goes through ``pipeline.prepare``; every sentence gets the
   ``rank.features`` and its label (``dataset.sentence_labels``).
3. A HistGradientBoostingRegressor is fitted (``fit.DEFAULT_PARAMS``).
4. On validation clusters the model, the centrality ranker and random scores
   are scored with ``select`` at several budgets (ROUGE-1/2 F1).
5. The model directory gets model.joblib, lexicon.json, manifest.json (data
   hash, features, hyper-parameters, validation scores) and training-report.md.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from ..rank.learned import sha256_file as file_sha256
from .dataset import build_examples, read_stories
from .fit import DEFAULT_PARAMS, BudgetScore, fit, model_scorer, random_scorer, score_stories
from .lexicon import build_lexicon

BUDGETS = (200, 230, 260, 290)
LEXICON_EVERY = 3  # cluster i feeds the lexicon when i % LEXICON_EVERY == 0


def default_validation(data: Path) -> Path | None:
    """``validation.jsonl.gz`` next to the training file, if there is one."""
    candidate = data.with_name("validation.jsonl.gz")
    return candidate if candidate.exists() and candidate.resolve() != data.resolve() else None


def train(
    data: str | Path,
    out: str | Path,
    limit: int | None = None,
    seed: int = 0,
    validation: str | Path | None = None,
    val_limit: int = 1000,
    params: dict[str, Any] | None = None,
    budgets: Sequence[int] = BUDGETS,
    log: Callable[[str], None] = lambda message: None,
) -> dict:
    """Train, validate and write a model directory; return the manifest written."""
    from ..rank.centrality import CentralityRanker
    from ..rank.learned import save_model

    data, out = Path(data), Path(out)
    started = time.perf_counter()
    problems: list[str] = []
    log(f"hashing {data}")
    data_sha = file_sha256(data)

    log("learning the word-propensity lexicon (every third cluster)")
    lexicon, lexicon_stories = build_lexicon(
        read_stories(data, limit, problems, keep=lambda i: i % LEXICON_EVERY == 0)
    )
    log(f"lexicon: {len(lexicon.weights)} words from {lexicon_stories} clusters")

    def tick(n: int) -> None:
        if n % 2000 == 0:
            log(f"features and labels: {n} clusters")

    examples = build_examples(
        read_stories(data, limit, keep=lambda i: i % LEXICON_EVERY != 0), lexicon, tick
    )
    log(f"fitting on {len(examples.labels)} sentences of {examples.stories} clusters")
    fit_started = time.perf_counter()
    settings = {**DEFAULT_PARAMS, **(params or {})}
    model = fit(examples, settings, seed)
    fit_seconds = time.perf_counter() - fit_started

    validation_report: dict[str, Any] = {}
    val_path = Path(validation) if validation is not None else default_validation(data)
    if val_path is not None and val_limit > 0:
        log(f"validating on {val_path} (first {val_limit} clusters)")
        val_stories = list(read_stories(val_path, val_limit, problems))
        centrality = CentralityRanker()
        systems = {
            "learned": model_scorer(model, lexicon),
            "centrality": lambda story: centrality.score(story.rank_input),
            "random": random_scorer(seed),
        }
        validation_report = {
            "data": str(val_path),
            "data_sha256": file_sha256(val_path),
            "clusters": len(val_stories),
            "scores": {
                name: [vars(s) for s in score_stories(val_stories, scorer, budgets)]
                for name, scorer in systems.items()
            },
        }
        best = max(validation_report["scores"]["learned"], key=lambda s: s["rouge1"] + s["rouge2"])
        validation_report["best_words"] = best["words"]

    m = re.match(r"^ranker-(.+)$", out.name)
    manifest = {
        "version": m.group(1) if m else out.name,
        "created_by": "newsfuse train",
        "target": "mean of ROUGE-1 and ROUGE-2 precision of the sentence against the reference",
        "estimator": type(model).__name__,
        "hyper_parameters": settings,
        "seed": seed,
        "data": {
            "path": str(data),
            "sha256": data_sha,
            "limit": limit,
            "lexicon_clusters": lexicon_stories,
            "training_clusters": examples.stories,
            "training_sentences": int(len(examples.labels)),
        },
        "lexicon_words": len(lexicon.weights),
        "validation": validation_report,
        "fit_seconds": round(fit_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "problems": problems[:50],
    }
    save_model(out, model, lexicon, manifest)
    (out / "training-report.md").write_text(report_markdown(manifest), encoding="utf-8")
    log(f"model written to {out}")
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def report_markdown(manifest: dict) -> str:
    """Human-readable training report."""
    d = manifest["data"]
    lines = [
        f"# newsfuse ranker {manifest['version']}",
        "",
        f"- data: `{d['path']}` (sha256 `{d['sha256'][:16]}…`), limit {d['limit']}",
        f"- lexicon: {manifest['lexicon_words']} words from {d['lexicon_clusters']} clusters",
        f"- scorer: {manifest['estimator']} on {d['training_sentences']} sentences "
        f"of {d['training_clusters']} clusters, seed {manifest['seed']}",
        f"- hyper-parameters: `{json.dumps(manifest['hyper_parameters'], sort_keys=True)}`",
        f"- target: {manifest['target']}",
        f"- fit {manifest['fit_seconds']} s, total {manifest['total_seconds']} s",
        "",
    ]
    val = manifest.get("validation") or {}
    if val:
        lines += [
            f"## Validation: first {val['clusters']} clusters of `{val['data']}`",
            "",
            "ROUGE F1 × 100 of `select` on each ranker's scores (fast n-gram ROUGE).",
            "",
            "| ranker | budget | ROUGE-1 | ROUGE-2 | words |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, rows in val["scores"].items():
            for row in rows:
                score = BudgetScore(**row)
                lines.append(
                    f"| {name} | {score.words} | {score.rouge1:.2f} | {score.rouge2:.2f} | {score.mean_words} |"
                )
        lines += ["", f"Best budget for the learned ranker: {val['best_words']} words.", ""]
    if manifest.get("problems"):
        lines += ["## Skipped input", ""] + [f"- {p}" for p in manifest["problems"]] + [""]
    return "\n".join(lines)
