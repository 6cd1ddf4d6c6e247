"""Every input newsfuse reads, dispatched through one table: reader name -> reader.

:data:`READERS` maps a format's name to the function that reads it, and
:data:`SUFFIXES` maps a file-name ending to a format name. All entry points
go through them, so a format added here is read everywhere at once
(``newsfuse brief``/``stories``, the web service's uploads, the Python API):

* :func:`read_file`: a file, by its name (``.jsonl`` streamed line by line);
* :func:`read_bytes`: bytes in memory (an upload), by the name it came with;
* :func:`read_stdin`: standard input, the format detected from the content;
* :func:`read_url`: an http(s) URL, fetched safely (:mod:`newsfuse.ingest.fetch`),
  read as a feed when it is one, else as an article page;
* :func:`read_any`: any of these given as strings (``-``, a URL, a path).

A reader takes ``(data, origin, label, budget)``: the content (bytes, or text
already decoded), the input's name for messages and article ids, the source
label to use when the content names none, and the run's
:class:`~newsfuse.ingest.budget.Budget`; it returns ``(articles, problems)``
with its articles screened and counted against the budget, and never raises
on bad content. To add a format: write its reader, add it to ``READERS``
and its file endings to ``SUFFIXES`` (and, if it can arrive on stdin or from
a URL, teach :func:`sniff` to spot it).
"""
from __future__ import annotations

import gzip
import re
import sys
import zlib
from pathlib import Path
from typing import IO, Callable, Iterator, Sequence

from . import formats
from .budget import Budget
from .feeds import FeedError, parse_feed, parse_opml
from .model import Article, InputProblem, display_name, host_of
from .reading import MAX_FILE_BYTES, InputError, decode, iter_lines, read_limited, too_large

Parsed = tuple[list[Article], list[InputProblem]]
Data = bytes | str
Reader = Callable[[Data, str, str, Budget], Parsed]
FETCH_DEADLINE_S = 10.0  # the whole fetch of one URL, redirects included


def _text(data: Data, *, html: bool = False) -> str:
    return data if isinstance(data, str) else decode(data, html=html)


def _whole(parse: Callable[[str, str, str], Parsed], *, html: bool = False) -> Reader:
    """A reader of a whole-document format: decode, parse, then screen and count against the budget."""
    def read(data: Data, origin: str, label: str, budget: Budget) -> Parsed:
        return budget.admit(parse(_text(data, html=html), origin, label), origin)
    return read


def _lines(data: Data | Iterator) -> Iterator[tuple[int, bytes | str]]:
    """Numbered lines of content in memory (a file's lines come from reading.iter_lines as they are)."""
    if not isinstance(data, (str, bytes)):
        yield from data
        return
    if isinstance(data, str):
        yield from enumerate(data.splitlines(), 1)
        return
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.strip():
            yield number, line.rstrip(b"\r")


def _jsonl(data: Data, origin: str, label: str, budget: Budget) -> Parsed:
    arts, probs = formats.parse_jsonl(_lines(data), origin, label, budget)
    if not arts and not probs:
        raise InputError("empty file")
    return arts, probs


def _feed(data: Data, origin: str, label: str, budget: Budget) -> Parsed:
    try:
        articles = parse_feed(data.encode("utf-8") if isinstance(data, str) else data, origin)
    except FeedError as exc:
        return [], [InputProblem(origin, str(exc))]
    return budget.admit((articles, []), origin)


def _opml(data: Data, origin: str, label: str, budget: Budget) -> Parsed:
    """Every feed an OPML list names, fetched and read as a feed (never as another list)."""
    try:
        urls, more = parse_opml(data, origin)
    except FeedError as exc:
        return [], [InputProblem(origin, str(exc))]
    articles: list[Article] = []
    problems = [InputProblem(origin, f"{more} feed(s) after the first {len(urls)} left out")] if more else []
    for n, url in enumerate(urls):
        if budget.spent is not None:
            problems.append(budget.cut(origin, len(urls) - n, "feed(s)"))
            break
        arts, probs = read_url(url, budget, kinds=("feed",))
        articles += arts
        problems += probs
    return articles, problems


READERS: dict[str, Reader] = {
    "text": _whole(formats.parse_text),
    "html": _whole(formats.parse_html, html=True),
    "json": _whole(formats.parse_json),
    "jsonl": _jsonl,
    "feed": _feed,
    "opml": _opml,
}
SUFFIXES: dict[str, str] = {
    "": "text", ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".opml": "opml",
}
STREAMED = {".jsonl", ".ndjson", ".jsonl.gz"}  # files read line by line (up to 2 GB), never whole
SUPPORTED = ".txt, .md, .html, .htm, .json, .jsonl, .jsonl.gz, .rss, .atom, .xml, .opml"


def suffix_of(name: str) -> str:
    name = name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return Path(name).suffix


def label_of(name: str) -> str:
    """The source label of an input named ``name`` (its file name without the ending)."""
    name = display_name(Path(name).name)
    return name.split(".")[0] if suffix_of(name) in STREAMED else Path(name).stem


def sniff(text: str) -> str:
    """The format of content that came without a name (stdin, a URL): a reader name."""
    head = text.lstrip()[:2048].lower()
    if head.startswith("<"):
        body = head[head.find("?>") + 2:].lstrip() if head.startswith("<?xml") else head
        while body.startswith("<!--") and "-->" in body:
            body = body[body.find("-->") + 3:].lstrip()
        if body.startswith("<opml"):
            return "opml"
        if body.startswith(("<rss", "<feed", "<rdf:rdf")):
            return "feed"
    return formats.sniff(text)


def _run(kind: str, data: Data | Iterator, origin: str, label: str, budget: Budget) -> Parsed:
    """One reader on one input; bad content becomes an InputProblem naming the input."""
    try:
        return READERS[kind](data, origin, label, budget)
    except InputError as exc:
        return [], [InputProblem(origin, str(exc))]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return [], [InputProblem(origin, f"could not read file: {exc}")]
    except RecursionError:  # a parser that recursed through hostile nesting
        return [], [InputProblem(origin, "input nested too deeply to parse")]


def read_bytes(data: bytes, name: str, budget: Budget | None = None, *, kind: str | None = None,
               label: str | None = None) -> Parsed:
    """Content held in memory (an upload), read by the format its ``name`` ends with (or ``kind``);
    ``name`` is the origin in articles and messages. At most :data:`MAX_FILE_BYTES`."""
    budget = budget if budget is not None else Budget()
    kind = kind or SUFFIXES.get(suffix_of(name))
    if kind is None:
        return [], [InputProblem(name, f"unsupported file type '{suffix_of(name)}' (supported: {SUPPORTED})")]
    if len(data) > MAX_FILE_BYTES:
        return [], [InputProblem(name, too_large(len(data), MAX_FILE_BYTES))]
    if budget.spent is not None:
        return [], [budget.cut(name)]
    if label is None:
        label = label_of(name)
    return _run(kind, data, name, label, budget)


def read_file(path: Path, budget: Budget | None = None, *, kind: str | None = None) -> Parsed:
    """One file -> Articles, or an InputProblem naming the file and the reason.

    The format comes from the file's name (or ``kind``); articles are screened
    (:func:`newsfuse.ingest.budget.screen`) and counted against ``budget`` (a
    fresh default one when None)."""
    budget = budget if budget is not None else Budget()
    origin = display_name(path)
    suffix = suffix_of(path.name)
    kind = kind or SUFFIXES.get(suffix)
    try:
        if not path.is_file():
            raise InputError("no such file or directory" if not path.exists() else "not a regular file")
        if kind is None:
            raise InputError(f"unsupported file type '{suffix}' (supported: {SUPPORTED})")
        if kind == "jsonl" and suffix in STREAMED:
            if path.stat().st_size == 0:
                raise InputError("empty file")
            return _run("jsonl", iter_lines(path), origin, label_of(path.name), budget)
        try:
            data = read_limited(path)
        except InputError as exc:
            if kind == "json" and "too large" in str(exc):
                raise InputError(f"{exc}; use .jsonl for large collections") from None
            raise
    except InputError as exc:
        return [], [InputProblem(origin, str(exc))]
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return [], [InputProblem(origin, f"could not read file: {exc}")]
    return _run(kind, data, origin, label_of(path.name), budget)


def read_stdin(stream: IO | None = None, budget: Budget | None = None) -> Parsed:
    """Standard input (at most :data:`MAX_FILE_BYTES`), its format detected from the content."""
    budget = budget if budget is not None else Budget()
    stream = stream if stream is not None else sys.stdin
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
    kind = sniff(text)
    return _run(kind, data if kind in ("feed", "opml") else text, origin, origin, budget)


def read_url(url: str, budget: Budget | None = None, *, kinds: Sequence[str] = ("feed", "opml", "html"),
             deadline: float | None = None) -> Parsed:
    """An http(s) URL, fetched safely (public addresses only, one deadline, a size cap), read as the
    first of ``kinds`` it is: a feed, an OPML list, else an article page. Refusals and failures are
    problems naming the URL. ``deadline``: seconds the fetch may take, if less than FETCH_DEADLINE_S."""
    from .fetch import FetchError, fetch_url

    budget = budget if budget is not None else Budget()
    if budget.spent is not None:
        return [], [budget.cut(url)]
    try:
        data = fetch_url(url, deadline=min(FETCH_DEADLINE_S, deadline or FETCH_DEADLINE_S), max_bytes=MAX_FILE_BYTES)
    except FetchError as exc:
        return [], [InputProblem(url, str(exc))]
    except Exception as exc:  # the fetcher must never take a run (or a request) down
        return [], [InputProblem(url, f"could not fetch: {type(exc).__name__}: {exc}")]
    if "feed" in kinds:
        try:
            return budget.admit((parse_feed(data, url), []), url)
        except FeedError as exc:
            if len(kinds) == 1:
                return [], [InputProblem(url, str(exc))]
    try:
        text = decode(data, html=True)
    except InputError as exc:
        return [], [InputProblem(url, str(exc))]
    if "opml" in kinds and sniff(text) == "opml":
        return _run("opml", data, url, url, budget)
    if "html" not in kinds:
        return [], [InputProblem(url, f"not {' or '.join(kinds)}")]
    arts, probs = _run("html", text, url, host_of(url) or url, budget)  # outlet: site name, else domain
    return [a if a.url else _with_url(a, url) for a in arts], probs


def _with_url(article: Article, url: str) -> Article:
    from dataclasses import replace

    return replace(article, url=url)


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def read_any(items: Sequence[str | Path], budget: Budget | None = None, *, kind: str | None = None) -> Parsed:
    """Files, URLs (``kind`` "feed": read as feeds only) and ``-`` (stdin), one budget for all."""
    budget = budget if budget is not None else Budget()
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for item in items:
        if isinstance(item, str) and is_url(item):
            parsed = read_url(item, budget, kinds=(kind,) if kind else ("feed", "opml", "html"))
        elif budget.spent is not None:
            parsed = [], [budget.cut(display_name(item))]
        else:
            parsed = read_file(Path(item), budget, kind=kind)
        articles += parsed[0]
        problems += parsed[1]
    return articles, problems


# a file-name part that is a content hash ("000_5a5e5de958ef110a"): 8+ hex digits with a letter and a digit
_HASH_PART = re.compile(r"(?:^|(?<=[_\-. ]))(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}(?=$|[_\-. ])", re.I)

# the label of JSON article objects that came without a source, site name or URL ("request",
# "request[2]": the request and the object's place in it, see from_objects)
UNNAMED = "Unnamed source"
_REQUEST_LABEL = re.compile(r"request(?:\[\d{1,9}\])?")
_INDEX = re.compile(r"(?<=\S)\[\d{1,9}\]$")  # "batch[3]": the object's place in a JSON list


def readable_label(label: str) -> str:
    """A source label for people: a JSON object's fallback label is "Unnamed source" ("request[2]")
    and a list index is dropped ("batch[3]" -> "batch"); a file name's hash part dropped
    ("000_5a5e5de958ef110a" -> "file 000", "reuters-3e4f2c6dea3b26a0" -> "reuters"); other labels as
    they are."""
    if not isinstance(label, str):
        return label
    if _REQUEST_LABEL.fullmatch(label):
        return UNNAMED
    if _INDEX.search(label):
        return readable_label(_INDEX.sub("", label))
    if not _HASH_PART.search(label):
        return label
    rest = _HASH_PART.sub("", label).strip("_-. ")
    rest = re.sub(r"[_\-.\s]{2,}", lambda m: m.group(0)[0], rest)
    if not rest:
        return "file"
    return rest if re.search(r"[^\W\d_]", rest) else f"file {rest}"
