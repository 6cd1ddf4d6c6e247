"""Aggregate per-cluster results into a table; write results.md, scores.jsonl, outputs/.

Confidence intervals: percentile bootstrap over clusters (numpy, fixed seed,
1000 resamples); the same resampled cluster sets are used for every system and
metric, so intervals of different systems are comparable.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Sequence

import numpy as np

from .harness import ClusterResult
from .rouge import METRICS

BOOTSTRAP_SEED = 20240601
BOOTSTRAP_RESAMPLES = 1000
LABELS = {"rouge1": "ROUGE-1 F", "rouge2": "ROUGE-2 F", "rougeLsum": "ROUGE-Lsum F",
          "rouge1_r": "ROUGE-1 R", "rouge2_r": "ROUGE-2 R"}


@dataclass(frozen=True)
class SystemSummary:
    name: str
    mean: dict[str, float]
    ci: dict[str, tuple[float, float]]  # 95% bootstrap interval
    words: float  # mean summary length in words
    median_ms: float  # median time per cluster of the system itself
    errors: int  # clusters where the system raised
    needs_context: float = 0.0  # % of output sentences that do not read on their own


def bootstrap_ci(
    values: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """95% percentile-bootstrap interval of the mean of ``values``."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return (float("nan"), float("nan"))
    idx = np.random.default_rng(seed).integers(0, len(values), size=(resamples, len(values)))
    means = values[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


def summarize(results: Sequence[ClusterResult], systems: Sequence[str]) -> list[SystemSummary]:
    out = []
    for name in systems:
        runs = [r.runs[name] for r in results if name in r.runs]
        mean, ci = {}, {}
        for m in METRICS:
            vals = np.array([run.scores[m] for run in runs], dtype=float)
            mean[m] = float(vals.mean()) if len(vals) else float("nan")
            ci[m] = bootstrap_ci(vals)
        out.append(
            SystemSummary(
                name=name,
                mean=mean,
                ci=ci,
                words=float(np.mean([run.words for run in runs])) if runs else float("nan"),
                median_ms=float(median(run.ms for run in runs)) if runs else float("nan"),
                errors=sum(1 for run in runs if run.error),
                needs_context=_context_share(runs),
            )
        )
    return out


def _context_share(runs) -> float:
    """Share (%) of all output sentences, over all clusters, that need context."""
    total = sum(len(run.sentences) for run in runs)
    return 100.0 * sum(run.needs_context for run in runs) / total if total else float("nan")


def markdown_table(summaries: Sequence[SystemSummary]) -> str:
    head = ["system"] + [f"{LABELS[m]} [95% CI]" for m in METRICS] + ["needs context", "words", "ms/cluster"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for s in summaries:
        cells = [s.name] + [f"{s.mean[m]:.2f} [{s.ci[m][0]:.2f}, {s.ci[m][1]:.2f}]" for m in METRICS]
        cells += [f"{s.needs_context:.1f} %", f"{s.words:.1f}", f"{s.median_ms:.1f}"]
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"{s.name} failed on {s.errors} cluster(s) (scored as empty)" for s in summaries if s.errors]
    if notes:
        lines += ["", "Note: " + "; ".join(notes) + "."]
    return "\n".join(lines)


def paired_table(results: Sequence[ClusterResult], systems: Sequence[str], base: str = "newsfuse") -> str:
    """``base`` minus each other system, per metric: mean difference [95% paired bootstrap CI].

    The same clusters are resampled for both systems, so the interval is of the
    difference itself (narrower than comparing two separate intervals).  "wins"
    / "ties" are the shares of clusters where ``base`` has the higher / the same ROUGE-2."""
    if base not in systems or len(systems) < 2:
        return ""
    head = ["system"] + [f"{base} − system, {LABELS[m]}" for m in METRICS] + [f"{base} wins / ties (R2)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for other in systems:
        if other == base:
            continue
        cells = [other]
        for m in METRICS:
            diff = np.array([r.runs[base].scores[m] - r.runs[other].scores[m] for r in results])
            low, high = bootstrap_ci(diff)
            cells.append(f"{diff.mean():+.2f} [{low:+.2f}, {high:+.2f}]")
        r2 = np.array([(r.runs[base].scores["rouge2"], r.runs[other].scores["rouge2"]) for r in results])
        cells.append(f"{100 * np.mean(r2[:, 0] > r2[:, 1]):.0f}% / {100 * np.mean(r2[:, 0] == r2[:, 1]):.0f}%")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_outputs(
    out_dir: Path,
    results: Sequence[ClusterResult],
    summaries: Sequence[SystemSummary],
    header: str,
    paired: str = "",
) -> None:
    """results.md, summary.json, scores.jsonl and outputs/<system>.jsonl under ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    body = header + "\n\n" + markdown_table(summaries) + "\n"
    if paired:
        body += "\nPaired differences (same clusters resampled for both systems):\n\n" + paired + "\n"
    (out_dir / "results.md").write_text(body, encoding="utf-8")
    summary = {
        s.name: {"mean": s.mean, "ci95": s.ci, "words": s.words, "median_ms": s.median_ms,
                 "errors": s.errors, "needs_context_pct": s.needs_context}
        for s in summaries
    }
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    with (out_dir / "scores.jsonl").open("w", encoding="utf-8") as f:
        for r in results:
            row = {
                "index": r.index,
                "id": r.id,
                "line": r.line,
                "systems": {
                    name: {**run.scores, "words": run.words, "ms": round(run.ms, 3), "error": run.error,
                           "needs_context": run.needs_context}
                    for name, run in r.runs.items()
                },
            }
            f.write(json.dumps(row) + "\n")
    outputs = out_dir / "outputs"
    outputs.mkdir(exist_ok=True)
    for s in summaries:
        with (outputs / f"{s.name}.jsonl").open("w", encoding="utf-8") as f:
            for r in results:
                run = r.runs.get(s.name)
                if run is not None:
                    f.write(json.dumps({"index": r.index, "id": r.id, "sentences": run.sentences}) + "\n")
