"""Ingest stage: turn files, directories, stdin or raw texts into Articles.

Formats: .txt, .html/.htm (via trafilatura), .json/.jsonl (one article per
object), Multi-News lines (documents separated by ``|||||`` or a
``documents`` list). Bad inputs become InputProblems; they never raise.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news report as it arrived, before cleaning."""

    id: str  # stable short id (hash of origin + text)
    source: str  # outlet label: from metadata or URL host, else file name
    text: str  # article body; paragraphs separated by blank lines
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    author: str | None = None
    origin: str = ""  # where it came from: path, "path:line", "stdin"


@dataclass(frozen=True)
class InputProblem:
    """An input that was skipped, and why (shown to the user)."""

    origin: str
    reason: str


@dataclass(frozen=True)
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
