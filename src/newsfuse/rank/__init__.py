"""Rank stage: score every sentence of a story by how much it belongs in the brief.

A ranker is any object with ``name`` and ``score(RankInput) -> list[float]``
(one score per sentence, higher is better). ``get_ranker(name)`` returns one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol, Sequence

from ..segment import Sentence


@dataclass(frozen=True)
class RankInput:
    sentences: Sequence[Sentence]  # all sentences of the story, in document order
    support: dict[str, tuple[str, ...]] = field(default_factory=dict)  # from dedup
    family: dict[str, str] = field(default_factory=dict)  # article_id -> family root
    headlines: dict[str, str] = field(default_factory=dict)  # article_id -> headline
    # articles dedup flagged as reworded/spun rewrites (their wording is degraded)
    rewrites: frozenset[str] = frozenset()
    dates: dict[str, str] = field(default_factory=dict)  # article_id -> ISO publication date


class Ranker(Protocol):
    name: str

    def score(self, story: RankInput) -> list[float]: ...


DEFAULT_RANKER = "learned"

RANKERS = ("centrality", "learned")


@lru_cache(maxsize=None)
def get_ranker(name: str) -> Ranker:
    """Return the ranker called `name` ("centrality" or "learned"); cached per name."""
    key = name.strip().lower()
    if key == "centrality":
        from .centrality import CentralityRanker

        return CentralityRanker()
    if key == "learned":
        from .learned import load_ranker

        return load_ranker()
    raise ValueError(f"unknown ranker {name!r}; choose one of: {', '.join(RANKERS)}")
