"""Clean stage: strip boilerplate from article text, recording every removal."""
from __future__ import annotations

from dataclasses import dataclass, field

from .ingest import Article


@dataclass(frozen=True)
class Removal:
    """A piece of text removed from an article, with a reason code and a note."""

    article_id: str
    text: str
    reason: str  # short code: paywall, comments, related, caption, credit, author-box, share, duplicate-paragraph, ...
    detail: str = ""  # human-readable explanation of the evidence


@dataclass(frozen=True)
class CleanArticle:
    article: Article
    text: str  # cleaned body; paragraphs separated by "\n\n"; offsets refer to this
    headline: str | None = None  # detected headline (from metadata or first line)
    dateline: str | None = None  # e.g. "BEIRUT", detached from the first sentence
    removals: list[Removal] = field(default_factory=list)
