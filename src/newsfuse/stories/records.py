"""Per-article values the story stages need: content hash, date in days, text to vectorise."""
from __future__ import annotations

import hashlib
import math
from datetime import datetime, timezone

from ..ingest import Article


def content_hash(text: str) -> str:
    """sha256 of the whitespace-collapsed, lowercased text: the same article twice has one hash."""
    norm = " ".join(text.lower().split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def days_of(published: str | None) -> float:
    """ISO 8601 date/datetime -> days since 1970-01-01 UTC (NaN when missing or unreadable)."""
    if not published:
        return math.nan
    value = published.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            when = datetime.fromisoformat(value[:10])
        except ValueError:
            return math.nan
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp() / 86400.0


def vector_text(article: Article, clean_text: str | None = None) -> str:
    """What the article is clustered on: its title and its (cleaned) body."""
    body = clean_text if clean_text is not None else article.text
    return f"{article.title}\n\n{body}" if article.title else body
