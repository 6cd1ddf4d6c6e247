"""`newsfuse stories` command."""
from __future__ import annotations

import typer


def stories_command() -> None:
    """(not implemented yet)"""
    raise typer.Exit(2)
