"""`newsfuse train` command."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def train_command(
    data: Path = typer.Option(..., "--data", help="Multi-News-format training file (.jsonl or .jsonl.gz)."),
    out: Path = typer.Option(..., "--out", help="Model directory to write, e.g. src/newsfuse/models/ranker-2."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Use only the first N training clusters."),
    seed: int = typer.Option(0, "--seed", help="Random seed (model and random baseline)."),
    validation: Optional[Path] = typer.Option(
        None, "--validation", help="Validation file (default: validation.jsonl.gz next to --data)."
    ),
    val_limit: int = typer.Option(1000, "--val-limit", min=0, help="Validation clusters to score (0: none)."),
) -> None:
    """Train the learned sentence ranker and write a versioned model directory.

    Writes model.joblib, lexicon.json, manifest.json (data hash, features,
    hyper-parameters, validation scores) and training-report.md into --out.

    --out must not exist yet: an existing model is never overwritten. The model
    is written into a temporary folder beside --out and renamed into place when
    complete, so a failed or interrupted run leaves no half-written model.

    Example: newsfuse train --data ../shared/data/multinews/train.jsonl.gz --out src/newsfuse/models/ranker-9
    """
    import shutil
    import sys
    import tempfile

    from ..train import train

    for path, what in ((data, "--data"), (validation, "--validation")):
        if path is not None and not path.is_file():
            typer.echo(f"error: {what} {path}: no such file", err=True)
            raise typer.Exit(2)
    if out.exists() or out.is_symlink():
        typer.echo(f"error: --out {out} already exists; choose a new model directory (nothing was changed)", err=True)
        raise typer.Exit(2)
    if not out.parent.is_dir():
        typer.echo(f"error: --out {out}: no such directory {out.parent}", err=True)
        raise typer.Exit(2)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        typer.echo(f"error: --out {out}: cannot write in {out.parent} ({exc.strerror or exc})", err=True)
        raise typer.Exit(2)
    work = staging / out.name  # same folder name: the model version comes from it
    try:
        manifest = train(
            data, work, limit=limit, seed=seed, validation=validation, val_limit=val_limit,
            log=lambda message: print(message, file=sys.stderr, flush=True),
        )
        if out.exists():
            raise FileExistsError(f"{out} appeared while training; the new model is not moved there")
        work.rename(out)
    except (OSError, EOFError, ValueError) as exc:  # unreadable, truncated or empty data
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    typer.echo((out / "training-report.md").read_text(encoding="utf-8"))
    typer.echo(f"model: {out} (version {manifest['version']})")
