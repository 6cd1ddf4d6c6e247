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


# ---------------------------------------------------------------------------
# Minimal implementation: paragraph split + exact duplicate paragraphs; full version follows.
import re
from typing import Sequence

_PARA_SPLIT = re.compile(r"\n\s*\n|\n")
_WS = re.compile(r"\s+")


def clean(articles: Sequence[Article]) -> list[CleanArticle]:
    out = []
    for art in articles:
        seen: set[str] = set()
        paras: list[str] = []
        removals: list[Removal] = []
        for raw in _PARA_SPLIT.split(art.text):
            para = _WS.sub(" ", raw).strip()
            if not para:
                continue
            if para in seen:
                removals.append(Removal(art.id, para, "duplicate-paragraph", "exact repeat within the article"))
                continue
            seen.add(para)
            paras.append(para)
        out.append(CleanArticle(article=art, text="\n\n".join(paras), headline=art.title, removals=removals))
    return out
