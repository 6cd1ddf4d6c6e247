"""Read Multi-News-format evaluation data: one cluster per JSON line.

Accepted line shapes::

    {"id": ..., "documents": ["...", ...], "summary": "..."}
    {"id": ..., "documents": "doc one ||||| doc two", "summaries": ["...", ...]}
    {"id", "documents": [...], "dates": [...], "titles": [...], "summaries": [...]}  (DUC/TAC)

``dates`` and ``titles``, when given as lists parallel to ``documents``, are
kept per document (newsfuse uses them; the peers do not).

``id`` is optional (the line number stands in).  Bad lines (malformed JSON,
missing or empty documents, no reference, JSON nested too deeply, integers
too long, lone surrogates, lines over 10 MB) become :class:`DataProblem` with
the line number; they never stop the reading.  Files may be gzip-compressed
(``.gz``) or plain. Lines are read by ingest's line reader
(:func:`newsfuse.ingest.reading.iter_lines`), with its limits (docs/limits.md): the
same line, stream and line-count caps and bad-line budget as ``newsfuse brief``;
a truncated or corrupt ``.gz`` raises ``EOFError`` after the clusters before the damage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..ingest import reading
from ..ingest.budget import MAX_BAD_LINES

DOC_SEPARATOR = "|||||"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class EvalCluster:
    index: int  # 0-based position among the good clusters (results are ordered by it)
    id: str
    line: int  # 1-based line number in the data file
    documents: tuple[str, ...]
    references: tuple[str, ...]
    dates: tuple[str | None, ...] = ()  # per document, ISO dates, when the data has them
    titles: tuple[str | None, ...] = ()  # per document, headlines, when the data has them


@dataclass(frozen=True)
class DataProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def _texts(value, what: str) -> list[str]:
    """Non-empty strings from a list of strings or one "|||||"-separated string."""
    if isinstance(value, str):
        value = value.split(DOC_SEPARATOR)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{what}' must be a string or a list of strings")
    return [v.strip() for v in value if v.strip()]


def parse_line(text: str, line: int) -> tuple[str, list[str], list[str], tuple, tuple]:
    """(id, documents, references, dates, titles) of one data line; ValueError
    says what is wrong. ``dates``/``titles`` are () unless given per document."""
    from ..ingest.formats import load_json
    from ..ingest.reading import InputError

    try:
        obj = load_json(text)  # depth, long integers and syntax errors become InputError
    except InputError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    if "documents" not in obj:
        raise ValueError("missing field 'documents'")
    documents = _texts(obj["documents"], "documents")
    if not documents:
        raise ValueError("no documents")
    if "summaries" in obj:
        references = _texts(obj["summaries"], "summaries")
    elif "summary" in obj:
        references = _texts([obj["summary"]] if isinstance(obj["summary"], str) else obj["summary"], "summary")
    else:
        raise ValueError("missing field 'summary' (or 'summaries')")
    if not references:
        raise ValueError("empty reference summary")
    for what, texts in (("documents", documents), ("summary", references)):
        if any(_SURROGATE.search(t) for t in texts):
            raise ValueError(f"not valid Unicode: lone surrogate in '{what}'")
    cluster_id = obj.get("id")
    dates = _per_document(obj, "dates", obj["documents"])
    titles = _per_document(obj, "titles", obj["documents"])
    return (str(cluster_id) if cluster_id is not None else f"line-{line}"), documents, references, dates, titles


def _per_document(obj, key: str, raw_documents) -> tuple[str | None, ...]:
    """``obj[key]`` (dates or titles) when it is a list parallel to the documents, else ()."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, list) or not isinstance(raw_documents, list) or len(value) != len(raw_documents):
        return ()
    kept = [v if isinstance(v, str) and v.strip() else None for v, d in zip(value, raw_documents)
            if isinstance(d, str) and d.strip()]
    return tuple(kept)


def articles_of(documents, dates=(), titles=()) -> list:
    """Articles of one cluster's documents, each with its date and headline
    when the data gives them per document (DUC/TAC)."""
    from dataclasses import replace

    from ..ingest import articles_from_texts

    articles = articles_from_texts(list(documents))
    if len(articles) != len(documents):  # an empty document was skipped: no safe pairing
        return articles
    dates = tuple(dates) or (None,) * len(articles)
    titles = tuple(titles) or (None,) * len(articles)
    return [replace(a, published=d, title=t) for a, d, t in zip(articles, dates, titles)]


def read_clusters(
    path: str | Path, limit: int | None = None
) -> Iterator[EvalCluster | DataProblem]:
    """Yield clusters (at most ``limit`` good ones) and problems, in file order."""
    path = Path(path)
    good = bad = 0
    try:
        lines = reading.iter_lines(path)
        for number, raw in lines:
            if limit is not None and good >= limit:
                return
            if isinstance(raw, reading.StreamStop):
                if raw.reason.startswith("truncated or corrupt"):
                    raise EOFError(raw.reason)
                yield DataProblem(number, f"stopped reading: {raw.reason} (see docs/limits.md)")
                return
            if bad >= MAX_BAD_LINES:
                yield DataProblem(number, f"stopped reading: {MAX_BAD_LINES:,} bad lines (see docs/limits.md)")
                return
            if isinstance(raw, reading.OversizedLine):
                bad += 1
                yield DataProblem(number, f"line longer than {reading.MAX_LINE_BYTES // 2**20} MB")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad += 1
                yield DataProblem(number, f"not valid UTF-8 (byte {exc.start})")
                continue
            try:
                cid, documents, references, dates, titles = parse_line(text, number)
            except ValueError as exc:
                bad += 1
                yield DataProblem(number, str(exc))
                continue
            yield EvalCluster(good, cid, number, tuple(documents), tuple(references), dates, titles)
            good += 1
    except reading.InputError as exc:  # a file over the stream limit
        raise OSError(f"{path}: {exc}") from None
