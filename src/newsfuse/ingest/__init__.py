"""Ingest stage: turn files, directories, stdin, bytes in memory, URLs, feeds or raw texts into Articles.

Every input is read through one table, :data:`newsfuse.ingest.readers.READERS`
(format name -> reader; file endings -> format in ``SUFFIXES``). Formats (by file extension):

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
* ``.rss``/``.atom``/``.xml`` -- an RSS or Atom feed: each entry is an Article
  (:mod:`newsfuse.ingest.feeds`).
* ``.opml`` -- a list of feeds: each listed http(s) feed is fetched and read.
* ``-`` -- stdin; JSON, JSON Lines, HTML, a feed, OPML or text is detected from the content.
* ``http://``/``https://`` -- fetched safely (:mod:`newsfuse.ingest.fetch`: public
  addresses only, 10 s, 10 MB): a feed when it is one, else an article page.
* bytes in memory (an upload) -- :func:`read_bytes`, by the name they came with.

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

import os
from pathlib import Path
from typing import IO, Sequence

from . import formats
from .budget import Budget
from .model import Article, IngestResult, InputProblem, article_id, display_name, host_of, make_article
from .reading import MAX_FILE_BYTES
from .readers import READERS, SUFFIXES, is_url, read_bytes, read_file, read_stdin, read_url

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
    "read_bytes",
    "read_stdin",
    "read_url",
    "READERS",
    "SUFFIXES",
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
    """Read every input (file, directory, http(s) URL, or "-" for stdin) into Articles.

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
            parsed = read_stdin(stdin, budget)
        elif isinstance(item, str) and is_url(item):
            parsed = read_url(item, budget)
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
