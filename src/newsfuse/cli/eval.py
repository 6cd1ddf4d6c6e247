"""`newsfuse eval` command."""
from __future__ import annotations

import typer


def eval_command() -> None:
    """(not implemented yet)"""
    raise typer.Exit(2)
