"""`newsfuse brief` command."""
from __future__ import annotations

import typer


def brief_command() -> None:
    """(not implemented yet)"""
    raise typer.Exit(2)
