"""Renderers of a Brief: Markdown (default), JSON (versioned schema), HTML (one page).

``render(brief, fmt)`` returns the text; ``FORMATS`` lists the format names.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..brief_model import Brief

FORMATS = ("md", "json", "html")


def render(brief: "Brief", fmt: str = "md") -> str:
    """Render `brief` as "md", "json" or "html" text."""
    if fmt in ("md", "markdown"):
        from .markdown import to_markdown

        return to_markdown(brief)
    if fmt == "json":
        from .json import to_json

        return to_json(brief)
    if fmt == "html":
        from .html import to_html

        return to_html(brief)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
