"""Spun reports: text run through a word spinner, flagged from its own evidence."""
from __future__ import annotations

from typing import Sequence

from ..clean import CleanArticle
from ..segment import Sentence


def spin_evidence(article: CleanArticle, sentences: Sequence[Sentence]) -> tuple[float, str]:
    """(score, evidence) that ``article`` is a spun copy; evidence is "" when not."""
    return 0.0, ""
