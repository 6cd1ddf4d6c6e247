"""newsfuse: one trustworthy, sourced brief from many news reports of a story."""
from __future__ import annotations

__version__ = "0.1.0"


def brief(inputs, words=250, **options):
    """Build a Brief from paths (files/directories) or Article objects.

    See ``newsfuse.pipeline.build_brief``."""
    from .pipeline import build_brief

    return build_brief(inputs, words=words, **options)


__all__ = ["brief", "__version__"]
