"""Dedup stage: copies, rewrites, and sentences that say the same thing."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class DocRelation:
    article_id: str
    kind: Literal["copy", "rewrite"]
    of: str  # the article this one copies or rewrites
    similarity: float


@dataclass(frozen=True)
class DedupResult:
    relations: list[DocRelation] = field(default_factory=list)
    # article_id -> id of the first article of its copy/rewrite family
    family: dict[str, str] = field(default_factory=dict)
    # sentence id -> ids of sentences in *other* articles that say the same thing
    support: dict[str, tuple[str, ...]] = field(default_factory=dict)
