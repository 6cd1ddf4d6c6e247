"""Segment stage: split cleaned article text into sentences with syntok."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    id: str  # f"{article_id}:{index}"
    article_id: str
    doc_index: int  # position of the article in the input (0-based)
    index: int  # position of the sentence in its article (0-based)
    paragraph: int  # paragraph number within the article (0-based)
    text: str  # verbatim slice of CleanArticle.text[start:end]
    start: int
    end: int
