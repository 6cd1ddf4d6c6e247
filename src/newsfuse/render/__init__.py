"""Renderers of a Brief: Markdown (default), JSON (versioned schema), HTML (one page).

``render(brief, fmt)`` returns the text. :data:`FORMATS` maps each format name
to its renderer (add a format there); every edge (CLI, web, the story list's
renderers in :mod:`newsfuse.stories.render`) takes its format names from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..brief_model import Brief


def _markdown(brief: "Brief") -> str:
    from .markdown import to_markdown

    return to_markdown(brief)


def _json(brief: "Brief") -> str:
    from .json import to_json

    return to_json(brief)


def _html(brief: "Brief") -> str:
    from .html import to_html

    return to_html(brief)


@dataclass(frozen=True)
class Format:
    render: Callable[["Brief"], str]  # Brief -> text
    media_type: str  # what the web edge serves it as


# format name -> renderer (each imports its module only when used)
FORMATS: dict[str, Format] = {
    "md": Format(_markdown, "text/markdown; charset=utf-8"),
    "json": Format(_json, "application/json"),
    "html": Format(_html, "text/html; charset=utf-8"),
}
_ALIASES = {"markdown": "md"}


def check_format(fmt: str) -> str:
    """The format name `fmt` stands for (case and the alias "markdown" allowed);
    ValueError naming the formats when there is none."""
    name = _ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return name


def render(brief: "Brief", fmt: str = "md") -> str:
    """Render `brief` in the format `fmt` (a key of FORMATS)."""
    return FORMATS[check_format(fmt)].render(brief)
