"""Rank stage: score every sentence of a story by how much it belongs in the brief.

A ranker is any object with ``name`` and ``score(RankInput) -> list[float]``
(one score per sentence, higher is better). :data:`RANKERS` maps each name to
a function that makes one (add a ranker there); ``get_ranker(name)`` returns
it, made once per process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Protocol, Sequence

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


def _centrality() -> Ranker:
    from .centrality import CentralityRanker

    return CentralityRanker()


def _learned() -> Ranker:
    from .learned import load_ranker

    return load_ranker()


# name -> function making the ranker (imports its module only when asked for)
RANKERS: dict[str, Callable[[], Ranker]] = {"centrality": _centrality, "learned": _learned}

DEFAULT_RANKER = "learned"


@lru_cache(maxsize=None)
def get_ranker(name: str) -> Ranker:
    """Return the ranker called `name` (a key of RANKERS); cached per name."""
    make = RANKERS.get(name.strip().lower())
    if make is None:
        raise ValueError(f"unknown ranker {name!r}; choose one of: {', '.join(RANKERS)}")
    return make()
