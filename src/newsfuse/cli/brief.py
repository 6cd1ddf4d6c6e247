"""`newsfuse brief` command: one sourced brief from a folder of news reports.

Heavy modules (the pipeline, scikit-learn, trafilatura, rich.markdown) are
imported inside the command so that ``newsfuse --help`` starts fast.
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import List, Optional

import typer

HELP = """Turn several news reports of ONE story into one sourced, extractive brief.

Every brief sentence is copied verbatim from a report and cites every report
that says it, e.g. [1][4][5]. Copies and rewrites of the same text are found
and marked; paywall pitches, comment prompts, captions and pasted-twice
paragraphs are removed and listed with the reason.

INPUTS are files, directories (read recursively), http(s) URLs (an article
page or a feed) or "-" for stdin. Formats: .txt, .html/.htm, .json/.jsonl (one
article per object: text, title, url, source, published), Multi-News lines
(documents separated by |||||), RSS/Atom feeds (.rss/.atom/.xml) and OPML
feed lists (.opml).
Inputs that cannot be used are named on stderr with the reason and skipped.

[bold]Examples[/bold]

  newsfuse brief examples/deir-ez-zor/

  newsfuse brief examples/deir-ez-zor/ --words 120

  newsfuse brief examples/deir-ez-zor/ --facts

  newsfuse brief report1.html report2.txt --format json --output brief.json

  cat story.jsonl | newsfuse brief - --format html > brief.html

Exit status: 0 when a brief was written; 1 when no usable input remains;
2 for a usage error.
"""


def _parse_words(value: str) -> int | None:
    if value.strip().lower() == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        raise typer.BadParameter(f"expected a positive number of words or 'auto', got {value!r}")
    if n <= 0:
        raise typer.BadParameter(f"expected a positive number of words, got {n}")
    return n


def brief_command(
    inputs: List[str] = typer.Argument(
        ..., help="Files, directories, feeds, URLs, or - for stdin.", show_default=False
    ),
    words: str = typer.Option(
        "250", "--words", "-w", help="Word budget of the brief (a number, or 'auto')."
    ),
    fmt: str = typer.Option(
        "md", "--format", "-f", help="Output format: md (Markdown), json or html."
    ),
    ranker: Optional[str] = typer.Option(
        None,
        "--ranker",
        "-r",
        help="Sentence ranker: centrality (unsupervised) or learned. Default: chosen with the "
        "selector (centrality for coverage, learned for greedy).",
        show_default=False,
    ),
    selector: str = typer.Option(
        "auto",
        "--selector",
        "-s",
        help="How sentences are chosen: coverage (the concepts most reports share, only "
        "sentences that read on their own), greedy (best ranker score first), or auto "
        "(coverage for full-length reports, greedy when the reports are short).",
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write to FILE instead of stdout.", show_default=False
    ),
    facts: bool = typer.Option(
        False,
        "--facts/--no-facts",
        help="Add the story's facts: people, organisations and places (spellings merged), "
        "quotes with speakers, a timeline, and figures where reports disagree or update "
        "(loads spaCy: a few seconds more).",
    ),
) -> None:
    from ..pipeline import BriefOptions, NothingToSummarize, build_brief, resolve_ranker
    from ..render import check_format, render
    from .output import OutputError, check_writable, emit

    try:
        fmt = check_format(fmt)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--format")
    options = BriefOptions(words=_parse_words(words), selector=selector.lower(), facts=facts)
    try:
        options.checked()
    except ValueError as err:  # unknown selector
        raise typer.BadParameter(str(err), param_hint="--selector")
    budget = options.words

    if output is not None:
        try:
            check_writable(output)  # before any work: a bad path fails fast
        except OutputError as err:
            typer.echo(f"newsfuse brief: {err}", err=True)
            raise typer.Exit(1)

    if ranker is not None:
        try:  # made now: an unknown name or a missing model is a usage error, before any reading
            options = replace(options, ranker=resolve_ranker(ranker))
        except (ValueError, ImportError, OSError, RuntimeError) as err:
            raise typer.BadParameter(str(err), param_hint="--ranker")
    try:
        brief = build_brief(inputs, options, stdin=sys.stdin)
    except NothingToSummarize as err:
        _report_problems(err.problems)
        typer.echo(f"newsfuse brief: nothing to summarize: {err}", err=True)
        raise typer.Exit(1)
    _report_problems(brief.problems)
    if not brief.sentences:  # e.g. one 190,000-character "sentence" longer than any budget
        typer.echo(f"newsfuse brief: nothing to summarize: no sentence fits the budget of {budget or 'auto'} words "
                   "(the sentences found are too long; is the text missing its full stops?)", err=True)
        raise typer.Exit(1)

    text = render(brief, fmt)
    if output is None and fmt == "md" and sys.stdout is not None and sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
        return
    try:
        emit(text, output)  # a file is written whole or not at all
    except OutputError as err:
        typer.echo(f"newsfuse brief: {err}", err=True)
        raise typer.Exit(1)
    if output is not None:
        typer.echo(f"newsfuse brief: wrote {fmt} brief to {output}", err=True)


brief_command.__doc__ = HELP


def _report_problems(problems) -> None:
    for p in problems:
        # budget cuts and dedup notes say themselves what was left out
        verb = "" if p.origin == "dedup" or p.reason.startswith(("left out", "stopped reading")) else "skipped "
        typer.echo(f"newsfuse brief: {verb}{p.origin}: {p.reason}", err=True)
