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


# ---------------------------------------------------------------------------
# Minimal implementation (txt files, directories, raw texts); full version follows.
import hashlib
import sys
from pathlib import Path
from typing import Sequence

MAX_BYTES = 10 * 1024 * 1024


def article_id(origin: str, text: str) -> str:
    """Stable short id: sha1 of origin + text, 12 hex chars."""
    return hashlib.sha1(f"{origin}\n{text}".encode("utf-8")).hexdigest()[:12]


def articles_from_texts(texts: Sequence[str], prefix: str = "doc") -> list[Article]:
    """Raw texts (e.g. Multi-News documents) -> Articles; empty texts are skipped."""
    out = []
    for i, text in enumerate(texts):
        if not text or not text.strip():
            continue
        origin = f"{prefix}-{i}"
        out.append(Article(id=article_id(origin, text), source=origin, text=text, origin=origin))
    return out


def _read_txt(path: Path) -> tuple[list[Article], list[InputProblem]]:
    origin = str(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [], [InputProblem(origin, f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES // (1024 * 1024)} MB limit)")]
    data = path.read_bytes()
    if not data.strip():
        return [], [InputProblem(origin, "empty file")]
    if b"\x00" in data:
        return [], [InputProblem(origin, "binary file (NUL bytes)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [], [InputProblem(origin, f"not valid UTF-8 at byte {e.start}")]
    return [Article(id=article_id(origin, text), source=path.stem, text=text, origin=origin)], []


def ingest(inputs: Sequence, stdin=None) -> IngestResult:
    result = IngestResult()
    for item in inputs:
        if str(item) == "-":
            stream = stdin if stdin is not None else sys.stdin
            text = stream.read()
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            if text.strip():
                result.articles.append(Article(id=article_id("stdin", text), source="stdin", text=text, origin="stdin"))
            else:
                result.problems.append(InputProblem("stdin", "empty input"))
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            if not files:
                result.problems.append(InputProblem(str(path), "no articles found in directory"))
            for f in files:
                a, p = _read_txt(f)
                result.articles.extend(a)
                result.problems.extend(p)
        elif path.is_file():
            a, p = _read_txt(path)
            result.articles.extend(a)
            result.problems.extend(p)
        else:
            result.problems.append(InputProblem(str(path), "no such file or directory"))
    return result
