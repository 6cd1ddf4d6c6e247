"""Per-article values the story stages need: content hash and text to vectorise (dates: newsfuse.text.days_of)."""
from __future__ import annotations

import hashlib

from ..ingest import Article


def content_hash(text: str) -> str:
    """sha256 of the whitespace-collapsed, lowercased text: the same article twice has one hash."""
    norm = " ".join(text.lower().split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def vector_text(article: Article, clean_text: str | None = None) -> str:
    """What the article is clustered on: its title and its (cleaned) body."""
    body = clean_text if clean_text is not None else article.text
    return f"{article.title}\n\n{body}" if article.title else body
