"""`newsfuse eval` command: ROUGE of newsfuse and its peers, side by side, in one run.

The harness (rouge-score, sumy, numpy, the pipeline) is imported inside the
command so that ``newsfuse --help`` starts fast.
"""
from __future__ import annotations

import sys
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

HELP = """Score extractive summaries of multi-document clusters with ROUGE.

DATA is a .jsonl or .jsonl.gz file, one cluster per line:
{"id", "documents": [...] or "doc ||||| doc", "summary"} (Multi-News) or
{"id", "documents", "summaries": [...], "dates"?, "titles"?} (DUC/TAC:
scored against each reference, averaged; newsfuse gets the dates and
headlines, the peers do not need them). Bad lines are named on stderr by
line number and skipped.

Every system fills the same word budget and is cut at it (the DUC
convention). Prints a Markdown table: ROUGE-1/2/Lsum F1 and ROUGE-1/2 recall
(Porter-stemmed, stop words kept) with 95% bootstrap intervals, the share of
output sentences that need missing context (see newsfuse.text.context_need: opens
with a pronoun or connective, unbalanced quotes, under 8 words, "he said"),
mean words and median ms per cluster. With --out also writes results.md,
summary.json, scores.jsonl (per cluster, per system) and
outputs/<system>.jsonl.

[bold]Examples[/bold]

  newsfuse eval ../shared/data/multinews/validation.jsonl.gz --limit 200

  newsfuse eval ../shared/data/duc/duc2006.jsonl.gz --systems newsfuse,lead,icsi,lexrank

  newsfuse eval val.jsonl.gz --systems newsfuse,lead,oracle --workers 2 --out runs/val

Exit status: 0 when every line was read; 1 when no usable cluster, when
--out cannot be written (checked before scoring), or when the file is cut
short or corrupt (a truncated .gz: the clusters before the damage are
scored and printed, then the error is named); 2 for a usage error.

Systems: newsfuse, lead, icsi (concept ILP, ICSISumm-style), lexrank, textrank,
lsa, luhn, klsum, sumbasic, oracle, random.
"""


def eval_command(
    data: Path = typer.Argument(..., help="Multi-News or DUC/TAC-format .jsonl or .jsonl.gz file.", show_default=False),
    systems: Optional[str] = typer.Option(
        None, "--systems", "-s", help="Comma-separated systems (default: all)."
    ),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Use only the first N good clusters."),
    words: int = typer.Option(250, "--words", "-w", min=1, help="Word budget of every summary."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Directory for results.md, scores, outputs."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Worker processes (results are identical)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random system."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
) -> None:
    from rich.console import Console

    err = Console(stderr=True)
    if not data.is_file():
        _error(f"{data}: no such file")
        raise typer.Exit(2)

    from ..evaluate.data import DataProblem, read_clusters
    from ..evaluate.harness import EvalConfig, run_clusters
    from ..evaluate.report import markdown_table, paired_table, summarize, write_outputs
    from ..evaluate.systems import DEFAULT_SYSTEMS, SYSTEMS

    names = tuple(n.strip() for n in systems.split(",") if n.strip()) if systems else DEFAULT_SYSTEMS
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown or not names:
        _error(f"unknown system(s): {', '.join(unknown) or '(none given)'}; "
                  f"known: {', '.join(SYSTEMS)}")
        raise typer.Exit(2)

    if out is not None:  # before any scoring: a file in the way, no permission...
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            what = "is a file, not a directory" if out.exists() and not out.is_dir() else \
                f"cannot be created ({exc.strerror or exc})"
            _error(f"--out {out} {what}")
            raise typer.Exit(1)

    clusters, problems, read_error = [], 0, None
    try:
        for item in read_clusters(data, limit):
            if isinstance(item, DataProblem):
                problems += 1
                print(f"{data}: {item} (skipped)", file=sys.stderr)
            else:
                clusters.append(item)
    except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt .gz: score what was read, exit 1
        read_error = f"{data}: cannot read past cluster {len(clusters)} ({exc}); the results cover the clusters before"
        _error(f"{data}: cannot read ({exc}); scoring the {len(clusters)} clusters read")
    if not clusters:
        _error(f"{data}: no usable cluster")
        raise typer.Exit(1)

    config = EvalConfig(systems=names, words=words, seed=seed)
    results = _run(run_clusters, clusters, config, workers, progress, err)
    summaries = summarize(results, names)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"# newsfuse eval: {data.name}\n\n"
        f"{len(clusters)} clusters ({problems} bad lines skipped), budget {words} words, "
        f"seed {seed}, {workers} worker(s), {started}.\n\n"
        f"Command: `newsfuse eval {data} --systems {','.join(names)} --words {words} "
        f"--seed {seed} --workers {workers}{f' --limit {limit}' if limit else ''}`"
    ) + (f"\n\nIncomplete: {read_error}." if read_error else "")
    _report_failures(results, names)
    paired = paired_table(results, names)
    print(markdown_table(summaries))
    if paired:
        print("\n" + paired)
    if out is not None:
        write_outputs(out, results, summaries, header, paired)
        print(f"wrote {out}/results.md, summary.json, scores.jsonl, outputs/", file=sys.stderr)
    if read_error:
        _error(read_error)
        raise typer.Exit(1)


def _report_failures(results, names) -> None:
    """One stderr line per system that raised: how often, and the first error."""
    for name in names:
        failed = [r for r in results if r.runs[name].error]
        if failed:
            first = failed[0]
            print(f"warning: {name} failed on {len(failed)} cluster(s), scored as empty; first: "
                  f"cluster {first.id} (line {first.line}): {first.runs[name].error}", file=sys.stderr)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _run(run_clusters, clusters, config, workers, progress, err):
    if not progress:
        return run_clusters(clusters, config, workers=workers)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("clusters"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    # no refresh thread (auto_refresh=False): worker processes are forked while
    # the bar is shown, and forking a process that runs threads is unsafe
    with Progress(*columns, console=err, transient=False, auto_refresh=False) as bar:
        task = bar.add_task("eval", total=len(clusters), rate="")

        def tick(_result) -> None:
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f}/s" if speed else "")
            bar.refresh()

        return run_clusters(clusters, config, workers=workers, on_result=tick)


eval_command.__doc__ = HELP
