"""Dedup stage: copies, rewrites, and sentences that say the same thing.

``dedup(articles, sentences)`` finds

(a) copies: reports carrying the same text (syndication), also when one is a
    short copy inside a longer report (see ``copies``);
(b) rewrites: a report that re-words another report of the input, and spun
    reports whose original is absent (see ``copies`` and ``spin``);
(c) support: for each sentence, the sentences of other reports that say the
    same thing (see ``support``), less the pairs that differ in a number, a
    negation, a name or a date (see ``guard``; name spellings: ``names``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

from ..clean import CleanArticle
from ..segment import Sentence


@dataclass(frozen=True)
class DocRelation:
    article_id: str
    kind: Literal["copy", "rewrite"]
    # the article this one copies or rewrites; None for a rewrite whose original
    # is not among the inputs (a spun report flagged from its own text)
    of: str | None = None
    similarity: float = 0.0  # 0..1, strength of the evidence (see ``evidence``)
    evidence: str = ""  # human-readable reason for the relation


@dataclass(frozen=True)
class DedupResult:
    relations: list[DocRelation] = field(default_factory=list)
    # article_id -> id of the first article of its copy/rewrite family
    # (every article is a key; an article with no relative maps to itself)
    family: dict[str, str] = field(default_factory=dict)
    # sentence id -> ids of sentences in *other* articles that say the same thing
    support: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # sentence-id pairs alike in words that the guard keeps apart (they differ in a
    # number, a negation, a name or a date): what the facts stage lists as differences
    split: list[tuple[str, str]] = field(default_factory=list)
    # what the stage left undone to stay within its budget (see docs/limits.md)
    notes: list[str] = field(default_factory=list)


from .copies import doc_relations  # noqa: E402  (needs the dataclasses above)
from .guard import guard  # noqa: E402
from .support import sentence_matches, sentence_support  # noqa: E402
from ..text import FUNCTION_WORDS, clauses  # noqa: E402


def dedup(articles: Sequence[CleanArticle], sentences: Sequence[Sentence]) -> DedupResult:
    """Copies, rewrites and sentence support for one story."""
    sentence_clauses = [clauses(s.text) for s in sentences]
    sentence_words = [[w for part in parts for w in part] for parts in sentence_clauses]
    content = [frozenset(w for w in ws if w not in FUNCTION_WORDS) for ws in sentence_words]
    notes: list[str] = []
    support, best = sentence_matches(sentences, content, notes)
    relations, family = doc_relations(articles, sentences, sentence_clauses, sentence_words, best)
    # sentences differing in a number, a negation, a name or a date do not support each other
    support, split = guard(sentences, support)
    return DedupResult(relations=relations, family=family, support=support, split=split, notes=notes)


__all__ = ["DocRelation", "DedupResult", "dedup", "sentence_support"]
