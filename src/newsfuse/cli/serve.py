"""`newsfuse serve` command: the web page and HTTP API over a story database.

Heavy modules (FastAPI, uvicorn, the pipeline) are imported inside the command.
"""
from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import typer

from .output import unwrap_help

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "deir-ez-zor"

HELP = """Serve the stories of a database as web pages and a JSON API.

Pages: / (stories, newest first, with search), /stories/ID (the brief with
its citations: click one to read the sentence inside its report; shorter and
longer; downloads as Markdown, JSON and HTML), /add (upload files, paste text,
give article or feed URLs). API under /api/, described at /openapi.json.

Feeds followed (the /feeds page, POST /api/feeds, `newsfuse feeds add`) are
checked every --refresh seconds (default 900; 0 turns polling off) by a worker
inside the server: conditional requests, each feed on its own schedule, a
failing feed backing off up to once a day. The stories are published as
/feeds/stories.atom and /feeds/stories.json.

--demo opens a temporary database preloaded with the bundled example story
(examples/deir-ez-zor/), deleted when the server stops.

The server listens on 127.0.0.1 by default; it has no accounts, so only bind
another address on a network you trust, and name the host names it is
reached by with --public-host (only those, localhost and IP addresses are
answered, whatever address it listens on). Fetches refuse hosts that resolve to
private or loopback addresses; --allow-host NAME lets one named host through
(a feed served on your own network).

[bold]Examples[/bold]

  newsfuse serve --demo

  newsfuse serve --db stories.db --port 8080

Slow clients cannot hold the server: a request's headers must arrive within
--header-timeout seconds (10) and its body within --body-timeout (60), and at
most 2,000 connections are served at once (see docs/limits.md).

Exit status: 0 after a clean stop (Ctrl-C or SIGTERM: the requests in progress
are answered, the feed worker stops and the database's write-ahead log is
merged into the file); 1 when the database or the demo example cannot be
opened (a file this process may read but not write included) or the address
cannot be bound; 2 for a usage error.
"""


def serve_command(
    db: Optional[Path] = typer.Option(None, "--db", help="SQLite database of stories (created if missing).",
                                      show_default=False),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on (0: any free port)."),
    demo: bool = typer.Option(False, "--demo", help="Temporary database preloaded with the bundled example."),
    refresh: int = typer.Option(900, "--refresh", metavar="SECONDS",
                                help="Check each followed feed this often (0: do not poll)."),
    allow_host: List[str] = typer.Option([], "--allow-host", metavar="HOST",
                                         help="Let fetches reach this host name even when it resolves to a "
                                              "private or loopback address (repeatable; default: refuse all)."),
    public_host: List[str] = typer.Option([], "--public-host", metavar="NAME",
                                          help="A host name this server answers to (repeatable), for binding "
                                               "another address: besides it only localhost and IP addresses are "
                                               "answered, so no DNS-rebinding page can read the server."),
    header_timeout: Optional[float] = typer.Option(
        None, "--header-timeout", metavar="SECONDS", show_default=False,
        help="Close a connection whose request line and headers are not complete this long after it opens, "
             "or after the first byte of its next request (answered 408; default 10)."),
    body_timeout: Optional[float] = typer.Option(
        None, "--body-timeout", metavar="SECONDS", show_default=False,
        help="Close a connection whose request body is not complete this long after its headers "
             "(answered 408; default 60)."),
) -> None:
    if (db is None) == (not demo):
        raise typer.BadParameter("give --db PATH, or --demo for a temporary example database", param_hint="--db")
    if refresh < 0:
        raise typer.BadParameter("expected 0 (off) or a number of seconds", param_hint="--refresh")
    for value, name in ((header_timeout, "--header-timeout"), (body_timeout, "--body-timeout")):
        if value is not None and not 0 < value <= 3600:
            raise typer.BadParameter("expected a number of seconds between 0 and 3600", param_hint=name)
    if not 0 <= port <= 65535:
        raise typer.BadParameter("expected a port between 0 and 65535", param_hint="--port")

    import socket

    import uvicorn

    from ..ingest.fetch import set_allowed_hosts
    from ..web.app import served_hosts
    from ..web.limits import BODY_TIMEOUT_S, HEADER_TIMEOUT_S, raise_open_files, server_config
    from ..service import NewsService
    from ..web import create_app

    with tempfile.TemporaryDirectory(prefix="newsfuse-demo-") as tmp:
        path = Path(tmp) / "demo.db" if demo else db
        try:
            service = NewsService(path, allow_hosts=set_allowed_hosts(allow_host))
        except RuntimeError as exc:  # not a database, no permission, a newer schema...
            print(f"newsfuse: {exc}", file=sys.stderr)
            raise typer.Exit(1)
        try:
            if demo:
                if not EXAMPLE.is_dir():
                    print(f"newsfuse: the bundled example is missing ({EXAMPLE})", file=sys.stderr)
                    raise typer.Exit(1)
                outcome = service.add_paths([str(EXAMPLE)])
                print(f"newsfuse: demo database with {len(outcome.articles)} reports of the bundled example "
                      f"in {len(outcome.stories)} stor{'y' if len(outcome.stories) == 1 else 'ies'}", file=sys.stderr)
            if port == 0:  # any free port: find one, so the address printed is the real one
                with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                    probe.bind((host, 0))
                    port = probe.getsockname()[1]
            shown = f"[{host}]" if ":" in host else host
            print(f"newsfuse: serving {'the demo' if demo else path} on http://{shown}:{port}/ (Ctrl-C stops)",
                  file=sys.stderr)
            allowed = served_hosts(public_host)  # every bind address: no DNS rebinding to us
            follower = None
            if refresh:
                from ..live.worker import Follower

                _log_to_stderr()
                follower = service.follower = Follower(service, refresh).start()
                print(f"newsfuse: checking {len(service.feeds())} followed feed(s) every {refresh} s "
                      "(add feeds on /feeds or with `newsfuse feeds add`)", file=sys.stderr)
            app = create_app(service, allowed_hosts=allowed, follower=follower)
            server = uvicorn.Server(server_config(app, host, port, header_timeout=header_timeout or HEADER_TIMEOUT_S,
                                                  body_timeout=body_timeout or BODY_TIMEOUT_S))
            raise_open_files()
            try:
                with _stop_signals(server) as received:
                    server.run()
            finally:
                if follower is not None:
                    follower.stop()
            if not server.started:  # the address is in use, or not ours to bind (uvicorn said which)
                raise typer.Exit(1)
            if received:
                print(f"newsfuse: {received[0]} received: stopped; the database is being closed", file=sys.stderr)
        finally:
            service.close()  # waits for a batch in progress, then merges the WAL into the database file


@contextlib.contextmanager
def _stop_signals(server):
    """SIGTERM and SIGINT stop the server cleanly: uvicorn finishes the requests in progress and,
    after its shutdown, raises the signal again to whatever handler was there before it; ours
    notes it (the list yielded) instead of ending the process (SIGTERM's default) or raising
    KeyboardInterrupt, so the worker is stopped, the database closed and checkpointed, and the
    exit status is 0."""
    received: list[str] = []

    def note(sig, frame):
        received.append(signal.Signals(sig).name)
        server.should_exit = True  # a signal before uvicorn put its own handlers in place stops it too

    before = {sig: signal.signal(sig, note) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield received
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _log_to_stderr() -> None:
    """The feed worker's one-line messages (each feed's failures, new articles) on stderr."""
    import logging

    log = logging.getLogger("newsfuse.live")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("newsfuse: %(asctime)s %(message)s", "%H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


serve_command.__doc__ = unwrap_help(HELP)
