"""`newsfuse feeds add|list|remove|import|export` and `newsfuse watch`: followed feeds without the web server."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List

import typer

from .output import unwrap_help

feeds_app = typer.Typer(help="Follow feeds: add, list, remove, import or export (OPML) the feeds a database "
                             "follows. `newsfuse serve --refresh` or `newsfuse watch` checks them.",
                        no_args_is_help=True, add_completion=False)
DB = typer.Option(..., "--db", help="SQLite database of stories (created if missing).", show_default=False)


def _open(db: Path, allow_hosts=()):
    from ..service import NewsService

    try:
        return NewsService(db, allow_hosts=allow_hosts)
    except RuntimeError as exc:
        print(f"newsfuse: {exc}", file=sys.stderr)
        raise typer.Exit(1)


def _line(f: dict) -> str:
    state = ("not checked yet" if not f["last_checked"] else
             f"checked {f['last_checked']}: " + (f["last_error"] or ("unchanged" if f["last_status"] == 304 else "ok")))
    return (f"{f['id']:>4}  {f['url']}\n      {f['title'] or '(no title yet)'}; {state}; "
            f"{f['articles_added']} article(s) added; next check {f['next_check']}")


@feeds_app.command("add")
def add(urls: List[str] = typer.Argument(..., help="Feed URLs (http/https).", show_default=False), db: Path = DB):
    """Follow one or more feeds."""
    from ..service.feeds import feed_dict

    code = 0
    with _open(db) as service:
        for url in urls:
            try:
                row, new = service.add_feed(url)
            except ValueError as exc:
                print(f"newsfuse: {exc}", file=sys.stderr)
                code = 1
                continue
            print(("following " if new else "already following ") + _line(feed_dict(row)).lstrip())
    raise typer.Exit(code)


@feeds_app.command("list")
def list_(db: Path = DB, as_json: bool = typer.Option(False, "--json", help="JSON, as GET /api/feeds.")):
    """The followed feeds and their state (last check, errors, articles added, next check)."""
    import json

    from ..service.feeds import feed_dict

    with _open(db) as service:
        feeds = [feed_dict(f) for f in service.feeds()]
    if as_json:
        print(json.dumps({"feeds": feeds}, indent=1))
    else:
        print("\n".join(_line(f) for f in feeds) if feeds else "no feed followed")


@feeds_app.command("remove")
def remove(ids: List[int] = typer.Argument(..., help="Feed ids (see `feeds list`).", show_default=False), db: Path = DB):
    """Stop following feeds."""
    from ..service import NotFound

    code = 0
    with _open(db) as service:
        for feed_id in ids:
            try:
                service.remove_feed(feed_id)
                print(f"removed feed {feed_id}")
            except NotFound as exc:
                print(f"newsfuse: {exc}", file=sys.stderr)
                code = 1
    raise typer.Exit(code)


@feeds_app.command("import")
def import_(opml: Path = typer.Argument(..., help="An OPML file.", show_default=False), db: Path = DB):
    """Follow every feed of an OPML file."""
    if not opml.is_file():
        print(f"newsfuse: {opml}: no such file", file=sys.stderr)
        raise typer.Exit(1)
    with _open(db) as service:
        result = service.import_opml(opml.read_bytes())
    for p in result["problems"]:
        print(f"newsfuse: {p['origin']}: {p['reason']}", file=sys.stderr)
    print(f"{len(result['added'])} feed(s) followed, {len(result['known'])} followed already")
    raise typer.Exit(0 if result["added"] or result["known"] else 1)


@feeds_app.command("export")
def export(db: Path = DB):
    """The followed feeds as OPML on stdout."""
    with _open(db) as service:
        sys.stdout.write(service.export_opml())


WATCH_HELP = """Follow feeds without the web server: check each one every --refresh seconds and add its new
articles to the stories of --db, until Ctrl-C.

FEEDS given are followed (kept in the database, like `newsfuse feeds add`); with none, the feeds the
database follows already are checked. Each check is conditional (ETag, Last-Modified), honours
Retry-After, and backs off for a failing feed (up to once a day); progress and errors are printed on
stderr, one line each.

[bold]Examples[/bold]

  newsfuse watch --db stories.db https://example.org/world.rss

  newsfuse watch --db stories.db --once

Exit status: 0 after Ctrl-C or --once; 1 when the database cannot be opened or nothing is followed;
2 for a usage error.
"""


def watch_command(
    feeds: List[str] = typer.Argument(None, help="Feed URLs to follow (besides those already followed).",
                                      show_default=False),
    db: Path = DB,
    refresh: int = typer.Option(900, "--refresh", metavar="SECONDS", help="Seconds between checks of a feed."),
    once: bool = typer.Option(False, "--once", help="Check the feeds that are due once, then exit."),
    allow_host: List[str] = typer.Option([], "--allow-host", metavar="HOST",
                                         help="Let fetches reach this host name even when it resolves to a "
                                              "private or loopback address (repeatable; default: refuse all)."),
) -> None:
    if refresh <= 0:
        raise typer.BadParameter("expected a positive number of seconds", param_hint="--refresh")
    from ..ingest.fetch import set_allowed_hosts
    from ..live.worker import Follower
    from .serve import _log_to_stderr

    _log_to_stderr()
    with _open(db, set_allowed_hosts(allow_host)) as service:
        for url in feeds or []:
            try:
                service.add_feed(url)
            except ValueError as exc:
                print(f"newsfuse: {exc}", file=sys.stderr)
        total = len(service.feeds())
        if not total:
            print("newsfuse: no feed followed (give FEED URLs)", file=sys.stderr)
            raise typer.Exit(1)
        follower = Follower(service, refresh)
        if once:
            n = follower.run_once()
            s = follower.stats
            print(f"newsfuse: {n} feed(s) checked: {s['articles_added']} new article(s), {s['not_modified']} "
                  f"unchanged, {s['failures']} failed", file=sys.stderr)
            return
        print(f"newsfuse: watching {total} feed(s) every {refresh} s into {db} (Ctrl-C stops)", file=sys.stderr)
        follower.start()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            follower.stop()


watch_command.__doc__ = unwrap_help(WATCH_HELP)
