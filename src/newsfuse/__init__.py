"""newsfuse: one trustworthy, sourced brief from many news reports of a story.

    >>> import newsfuse
    >>> b = newsfuse.brief(["examples/deir-ez-zor/"], words=250)
    >>> b.title, [(s.text, s.citations) for s in b.sentences]

``brief`` returns a :class:`newsfuse.brief_model.Brief` (dataclasses), the same
object ``newsfuse brief`` renders. Submodules are imported lazily so that the
CLI starts fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .brief_model import Brief

__version__ = "0.1.0"


def brief(inputs: Any, options: Any = None, *, stdin: Any = None, **fields: Any) -> "Brief":
    """Build a Brief from paths (files, directories, "-" for stdin) and/or Article objects.

    ``options``: a :class:`newsfuse.pipeline.BriefOptions`, or its fields as
    keywords: ``words`` (word budget, default 250; None or "auto": the
    selector's choice), ``ranker`` (a name: "centrality", "learned", or a
    Ranker object; default: chosen with the selector), ``selector`` ("auto",
    "coverage", "greedy"), ``facts=True`` (adds ``Brief.facts``: entities,
    quotes, timeline, disagreements; loads spaCy). Bad inputs are skipped and
    listed in ``Brief.problems``; raises ``newsfuse.pipeline.NothingToSummarize``
    when nothing usable remains. See :func:`newsfuse.pipeline.build_brief`.
    """
    from .pipeline import build_brief

    return build_brief(inputs, options, stdin=stdin, **fields)


_LAZY = {"Brief", "BriefSentence", "Source"}


def __getattr__(name: str) -> Any:
    """``newsfuse.Brief`` etc., imported on first use (keeps ``import newsfuse`` cheap)."""
    if name in _LAZY:
        from . import brief_model

        return getattr(brief_model, name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")


__all__ = ["brief", "Brief", "BriefSentence", "Source", "__version__"]
