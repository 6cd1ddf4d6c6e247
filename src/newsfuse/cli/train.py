"""`newsfuse train` command."""
from __future__ import annotations

import typer


def train_command() -> None:
    """(not implemented yet)"""
    raise typer.Exit(2)
