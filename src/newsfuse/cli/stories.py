"""`newsfuse stories` command: group a stream of articles into stories and brief each one.

Heavy modules are imported inside the command so that ``newsfuse --help`` starts fast.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .output import unwrap_help

LEVELS = ("event", "thread")
ENGINES = ("local", "spark")

HELP = """Group many articles into stories, and brief each story.

INPUTS are files, directories, http(s) URLs and "-" (stdin) in every format of
`newsfuse brief`: articles, RSS/Atom feeds (.rss/.atom/.xml), OPML feed lists
(.opml). URLs whose hosts are unreachable or not public are named on stderr
and skipped; --allow-host NAME lets one named host on your own network through.

Articles are cleaned, repeated articles clustered once (and listed in their
story), and each article is assigned to an event story: pairs of reports are
compared on several views (body words, lead, named entities, numbers, dates)
by a learned model, and grouped by average linkage. Groups of reports whose
dates are more than 30 days apart need a stronger resemblance to merge (the
further apart, the stronger). --level thread prints threads instead: the
event stories of one developing topic over weeks; with --format json each
event story names its thread. A story's title is the headline most of its
reports share, else a headline-length span of its most central lead
sentence.

With --db PATH (SQLite), stories are kept: a later run adds its new articles to
the stored stories or opens new ones, and prints the stories it touched. Each
run is one transaction: an interrupted run leaves the database as it was.

--engine spark runs vectorising, candidate pairs and clustering as a pyspark
job (--master local[2], yarn, spark://...); see docs/scaling.md.

[bold]Examples[/bold]

  newsfuse stories articles/ feeds/world.rss

  newsfuse stories feeds/*.xml --db stories.db --format json > stories.json

  newsfuse stories multinews.jsonl --min-size 3 --top 20

  newsfuse stories articles/ --level thread

  newsfuse stories big.jsonl --engine spark --master local[2]

Exit status: 0 when stories were printed; 1 when no usable article remains;
2 for a usage error.
"""


def stories_command(
    inputs: List[str] = typer.Argument(..., help="Files, directories, feeds (files or URLs), or - for stdin.",
                                       show_default=False),
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite database of stories, updated incrementally.",
                                      show_default=False),
    fmt: str = typer.Option("md", "--format", "-f", help="Output format: md, json or html."),
    engine: str = typer.Option("local", "--engine", help="local (in memory) or spark (pyspark job)."),
    level: str = typer.Option("event", "--level", help="event: one happening and its follow-ups; thread: the "
                              "event stories of one developing topic over weeks."),
    master: str = typer.Option("local[2]", "--master", help="Spark master URL for --engine spark."),
    words: int = typer.Option(120, "--words", "-w", help="Word budget of each story's brief."),
    no_brief: bool = typer.Option(False, "--no-brief", help="List the stories without briefing them."),
    min_size: int = typer.Option(1, "--min-size", help="Print only stories with at least this many articles."),
    top: int = typer.Option(0, "--top", help="Print only the N largest stories (0: all)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout.",
                                          show_default=False),
    allow_host: List[str] = typer.Option([], "--allow-host", metavar="HOST",
                                         help="Let feed URLs reach this host name even when it resolves to a "
                                              "private or loopback address (repeatable; default: refuse all)."),
) -> None:
    from ..render import check_format

    engine = engine.lower()
    try:
        fmt = check_format(fmt)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--format")
    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of: {', '.join(ENGINES)}", param_hint="--engine")
    level = level.lower()
    if level not in LEVELS:
        raise typer.BadParameter(f"choose one of: {', '.join(LEVELS)}", param_hint="--level")
    if level == "thread" and engine == "spark":
        raise typer.BadParameter("--level thread runs in memory or with --db; the Spark job gives event stories",
                                 param_hint="--level")
    if db is not None and engine == "spark":
        raise typer.BadParameter("--db keeps stories incrementally on one machine; use it without --engine spark",
                                 param_hint="--db")
    if words <= 0:
        raise typer.BadParameter("expected a positive number of words", param_hint="--words")
    if min_size < 1 or top < 0:
        raise typer.BadParameter("--min-size must be >= 1 and --top >= 0")

    from ..ingest.fetch import set_allowed_hosts
    from ..stories.group import collect, describe, group

    set_allowed_hosts(allow_host)
    from ..stories.render import render
    from .output import OutputError, check_writable, emit

    if output is not None:
        try:
            check_writable(output)  # before reading or storing anything
        except OutputError as exc:
            print(f"newsfuse: {exc}", file=sys.stderr)
            raise typer.Exit(1)
    articles, problems = collect(inputs)
    for p in problems:
        print(f"newsfuse: skipped {p.origin}: {p.reason}", file=sys.stderr)
    if not articles:
        print("newsfuse: no usable article in the inputs", file=sys.stderr)
        raise typer.Exit(1)
    try:
        if db is not None:  # the stored stories belong to the service layer
            from ..service import NewsService

            with NewsService(db) as service:
                grouping = service.group_batch(articles)
        else:
            grouping = group(articles, engine=engine, master=master, level=level)
    except RuntimeError as exc:  # e.g. Spark could not start (no Java), not a newsfuse database, a newer schema
        print(f"newsfuse: {exc}", file=sys.stderr)
        raise typer.Exit(1)
    except sqlite3.Error as exc:  # the batch was rolled back: e.g. locked by another writer, read-only
        from ..service.core import WRITE_BUSY_MS
        from ..store.db import explain

        print(f"newsfuse: database {db}: {explain(exc, WRITE_BUSY_MS / 1000)}; nothing was stored", file=sys.stderr)
        raise typer.Exit(1)
    for p in grouping.problems:
        print(f"newsfuse: {p.origin}: {p.reason}", file=sys.stderr)
    if db is None and not grouping.groups:  # every article was set aside: nothing to print
        print("newsfuse: no story: every article was set aside (reasons above)", file=sys.stderr)
        raise typer.Exit(1)
    stories = describe(grouping, words=words, brief=not no_brief, min_size=min_size, top=top or None)
    text = render(stories, fmt, problems + grouping.problems, grouping.notes)
    try:
        emit(text, output)  # a file is written whole or not at all
    except OutputError as exc:
        print(f"newsfuse: {exc}", file=sys.stderr)
        raise typer.Exit(1)


stories_command.__doc__ = unwrap_help(HELP)
