"""Ingest stage: turn files, directories, stdin or raw texts into Articles.

Formats (by file extension):

* ``.txt``/``.text``/``.md`` or no extension -- plain article text; a short
  title-like first line becomes the title. Lines containing ``|||||`` are
  Multi-News clusters (each document becomes an Article).
* ``.html``/``.htm`` -- article text, title, author, date and site name through
  trafilatura (comments, images and tables are left out).
* ``.json`` -- one article object, a list of them, or ``{"articles": [...]}``.
  An article object has ``text`` and optional ``title``, ``url``, ``source``,
  ``published``, ``author``.
* ``.jsonl``/``.jsonl.gz`` -- one article object per line, or Multi-News lines
  ``{"id", "documents": [...]}`` / ``{"document": "a ||||| b"}``.
* ``-`` -- stdin; JSON, JSON Lines, HTML or text is detected from the content.

Directories are walked recursively in sorted order; hidden files and folders
are skipped. Every Article gets a stable id (sha1 of origin + text, 12 hex
digits) and a source label (``source``/site name metadata, else the URL host,
else the file name stem).

Bad inputs never raise: each becomes an ``InputProblem(origin, reason)`` and
ingest goes on with the rest. Limits: whole-file formats and stdin at most
10 MB (checked from the file size before reading), ``.jsonl`` files 2 GB
(read line by line, 10 MB a line); one article at most 200,000 characters;
HTML at most 50,000 elements (trafilatura slows down sharply beyond). Text must be UTF-8 (see
``newsfuse.ingest.reading`` for the decoding policy).
"""
from __future__ import annotations

import gzip
import os
import sys
import zlib
from pathlib import Path
from typing import IO, Sequence

from . import formats
from .budget import Budget
from .model import Article, IngestResult, InputProblem, article_id, display_name, host_of, make_article
from .reading import MAX_FILE_BYTES, InputError, decode, iter_lines, read_limited, too_large

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = ".txt, .html, .htm, .json, .jsonl, .jsonl.gz"

__all__ = [
    "Article",
    "InputProblem",
    "IngestResult",
    "ingest",
    "articles_from_texts",
    "article_id",
    "host_of",
    "make_article",
    "read_file",
    "Budget",
    "MAX_FILE_BYTES",
]


def articles_from_texts(texts: Sequence[str], prefix: str = "doc") -> list[Article]:
    """Raw texts (e.g. the documents of a Multi-News cluster) -> Articles.

    Text i gets origin and source ``f"{prefix}-{i}"``; empty texts are skipped.
    No title detection and no parsing: this is the fast path for benchmarks."""
    out = []
    for i, text in enumerate(texts):
        if isinstance(text, str) and text.strip():
            label = f"{prefix}-{i}"
            out.append(Article(id=article_id(label, text), source=label, text=text, origin=label))
    return out


def ingest(inputs: Sequence[str | Path], stdin: IO | None = None, budget: Budget | None = None) -> IngestResult:
    """Read every input (file, directory, or "-" for stdin) into Articles.

    Problems are collected, never raised; the order of articles follows the
    order of inputs and, inside a directory, sorted path order. All inputs
    share one ``budget`` (articles and characters per run, see
    :mod:`newsfuse.ingest.budget`); what does not fit is named in the problems."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    budget = budget if budget is not None else Budget()
    result = IngestResult()
    for item in inputs:
        if isinstance(item, str) and item == "-":
            parsed = budget.admit(_read_stdin(stdin if stdin is not None else sys.stdin), "stdin")
        else:
            path = Path(item)
            if budget.spent is not None:
                parsed = [], [budget.cut(display_name(path))]
            elif path.is_dir():
                parsed = _read_directory(path, budget)
            elif path.exists():
                parsed = read_file(path, budget)
            else:
                parsed = [], [InputProblem(display_name(path), "no such file or directory")]
        result.articles.extend(parsed[0])
        result.problems.extend(parsed[1])
    return result


def _read_directory(path: Path, budget: Budget) -> formats.Parsed:
    files = []
    for folder, subfolders, names in os.walk(path):  # does not follow symlinked folders
        subfolders[:] = [d for d in subfolders if not _hidden(d)]
        files += [Path(folder, name) for name in names if not _hidden(name)]
    files.sort(key=lambda p: p.relative_to(path).as_posix())
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for n, file in enumerate(files):
        if budget.spent is not None:
            problems.append(budget.cut(display_name(path), len(files) - n, "file(s)"))
            break
        arts, probs = read_file(file, budget)
        articles += arts
        problems += probs
    if not articles:
        detail = f"{len(files)} file(s), none usable" if files else "it is empty"
        problems.append(InputProblem(display_name(path), f"no articles found in directory ({detail})"))
    return articles, problems


def _hidden(name: str) -> bool:
    """Hidden files and folders, editor backups and temporary files."""
    return name.startswith((".", "~")) or name.endswith("~")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return path.suffix.lower()


def read_file(path: Path, budget: Budget | None = None) -> formats.Parsed:
    """One file -> Articles, or an InputProblem naming the file and the reason.

    Articles are screened (:func:`newsfuse.ingest.budget.screen`) and counted
    against ``budget`` (a fresh default one when None)."""
    budget = budget if budget is not None else Budget()
    origin = display_name(path)
    suffix = _suffix(path)
    stem = display_name(path.stem)
    try:
        if not path.is_file():
            raise InputError("not a regular file")
        if suffix in (".jsonl", ".jsonl.gz", ".ndjson"):
            if path.stat().st_size == 0:
                raise InputError("empty file")
            arts, probs = formats.parse_jsonl(iter_lines(path), origin, display_name(path.name.split(".")[0]), budget)
            if not arts and not probs:
                raise InputError("empty file")
            return arts, probs
        if suffix in HTML_SUFFIXES:
            parsed = formats.parse_html(decode(read_limited(path), html=True), origin, stem)
        elif suffix == ".json":
            try:
                data = read_limited(path)
            except InputError as exc:
                raise InputError(f"{exc}; use .jsonl for large collections" if "too large" in str(exc) else str(exc)) from None
            parsed = formats.parse_json(decode(data), origin, stem)
        elif suffix in TEXT_SUFFIXES:
            parsed = formats.parse_text(decode(read_limited(path)), origin, stem)
        else:
            raise InputError(f"unsupported file type '{suffix}' (supported: {SUPPORTED})")
        return budget.admit(parsed, origin)
    except InputError as exc:
        return [], [InputProblem(origin, str(exc))]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return [], [InputProblem(origin, f"could not read file: {exc}")]
    except RecursionError:  # a parser that recursed through hostile nesting
        return [], [InputProblem(origin, "input nested too deeply to parse")]


def _read_stdin(stream: IO) -> formats.Parsed:
    origin = "stdin"
    try:
        raw = stream.buffer if hasattr(stream, "buffer") else stream
        data = raw.read(MAX_FILE_BYTES + 1)
        if isinstance(data, str):  # a text stream: check it exactly as bytes would be
            data = data.encode("utf-8", "surrogatepass")
        if len(data) > MAX_FILE_BYTES:
            raise InputError(too_large(len(data), MAX_FILE_BYTES).replace("file", "input", 1))
        text = decode(data, html=True)
    except InputError as exc:
        return [], [InputProblem(origin, str(exc).replace("empty file", "empty input"))]
    kind = formats.sniff(text)
    if kind == "json":
        return formats.parse_json(text, origin, origin)
    if kind == "jsonl":
        return formats.parse_jsonl(enumerate(text.splitlines(), 1), origin, origin)
    if kind == "html":
        return formats.parse_html(text, origin, origin)
    return formats.parse_text(text, origin, origin)
