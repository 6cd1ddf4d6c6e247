"""Command-line interface: ``newsfuse brief|eval|train|stories|serve|watch|feeds``.

Each command lives in its own module and imports heavy libraries only when it
runs, so ``newsfuse --help`` starts fast.
"""
from __future__ import annotations

import typer

from . import brief as _brief
from . import eval as _eval
from . import feeds as _feeds
from . import stories as _stories
from . import serve as _serve
from . import train as _train

app = typer.Typer(
    name="newsfuse",
    help="Turn many news reports of one story into one sourced brief, "
    "and a stream of articles into stories.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.command("brief")(_brief.brief_command)
app.command("eval")(_eval.eval_command)
app.command("train")(_train.train_command)
app.command("stories")(_stories.stories_command)
app.command("serve")(_serve.serve_command)
app.command("watch")(_feeds.watch_command)
app.add_typer(_feeds.feeds_app, name="feeds")


def main() -> None:
    app()
