"""What people hand the service -> Articles, through the ingest stage's own readers.

* uploaded files and pasted text are written to a private temporary folder
  under their (sanitised) names and read with :func:`newsfuse.ingest.read_file`
  (or the feed reader for .rss/.atom/.xml), so every format, size limit and
  decoding check of ``newsfuse brief`` applies unchanged;
* JSON article objects go through the ingest stage's object reader;
* URLs are fetched with the one safe fetcher, :func:`newsfuse.ingest.fetch.fetch_url`
  (public addresses only, checked after DNS and on every redirect, connecting
  to the checked address; one deadline; a size cap) and read as a feed, else
  as an HTML article.

Every function returns ``(articles, problems)``; nothing raises on bad input.
"""
from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..ingest import Article, InputProblem, article_id
from ..ingest.formats import article_from_object, limit_length, parse_html
from ..ingest.reading import MAX_FILE_BYTES, InputError, decode, too_large

Parsed = tuple[list[Article], list[InputProblem]]
MAX_URLS = 50
FETCH_DEADLINE_S = 10.0  # the whole fetch of one URL, redirects included


def _safe_name(name: str, fallback: str) -> str:
    """The last path component, with characters a file name should not carry replaced."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")[:120]
    return base or fallback


def _relabel(parsed: Parsed, folder: Path, prefix: str) -> Parsed:
    """Origins under the temporary folder become ``prefix`` + the name given (ids follow the origin)."""
    def fix(origin: str) -> str:
        return origin.replace(str(folder) + "/", prefix, 1)

    articles = [dataclasses.replace(a, origin=fix(a.origin), id=article_id(fix(a.origin), a.text)) for a in parsed[0]]
    problems = [InputProblem(fix(p.origin), p.reason) for p in parsed[1]]
    return articles, problems


def from_files(files: Iterable[tuple[str, bytes]], prefix: str = "upload:") -> Parsed:
    """Uploaded ``(file name, content)`` pairs, in every format ``newsfuse brief`` reads, plus feeds."""
    from ..ingest import read_file
    from ..stories.feeds import FEED_SUFFIXES, FeedError, parse_feed

    articles: list[Article] = []
    problems: list[InputProblem] = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-upload-") as tmp:
        folder = Path(tmp)
        for n, (name, data) in enumerate(files):
            safe = _safe_name(name, f"upload-{n}.txt")
            path = folder / safe
            if path.exists():  # two uploads with one name
                path = folder / f"{n}-{safe}"
            if len(data) > MAX_FILE_BYTES:
                problems.append(InputProblem(prefix + path.name, too_large(len(data), MAX_FILE_BYTES)))
                continue
            path.write_bytes(data)
            if safe.lower().endswith(FEED_SUFFIXES):
                try:
                    parsed: Parsed = (parse_feed(data, str(path)), [])
                except FeedError as exc:
                    parsed = ([], [InputProblem(str(path), str(exc))])
            else:
                parsed = read_file(path)
            arts, probs = _relabel(limit_length(parsed), folder, prefix)
            articles += arts
            problems += probs
    return articles, problems


def from_text(text: str, name: str = "pasted text") -> Parsed:
    """Pasted article text (a short first line is the headline), checked like a .txt file."""
    data = (text or "").encode("utf-8", "surrogatepass")
    return from_files([(f"{_safe_name(name, 'pasted')}.txt", data)], prefix="")


def from_objects(objects: Sequence[Any], origin: str = "request") -> Parsed:
    """JSON article objects ``{"text", "title"?, "url"?, "source"?, "published"?, "author"?}``."""
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for i, obj in enumerate(objects):
        label = f"{origin}[{i}]" if len(objects) > 1 else origin
        arts, probs = limit_length(article_from_object(obj, label, label))
        articles += arts
        problems += probs
    if not objects:
        problems.append(InputProblem(origin, "no article objects given"))
    return articles, problems


def from_urls(urls: Sequence[Any]) -> Parsed:
    """Article or feed URLs, fetched safely; each refused or unusable URL is named with the reason."""
    from ..ingest.fetch import FetchError, fetch_url
    from ..stories.feeds import FeedError, parse_feed

    articles: list[Article] = []
    problems: list[InputProblem] = []
    if len(urls) > MAX_URLS:
        problems.append(InputProblem("urls", f"{len(urls)} URLs given; only the first {MAX_URLS} are fetched"))
        urls = list(urls)[:MAX_URLS]
    for url in urls:
        if not isinstance(url, str) or not url.strip():
            problems.append(InputProblem(repr(url)[:80], "not a URL string"))
            continue
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            problems.append(InputProblem(url, "only http:// and https:// URLs are fetched"))
            continue
        try:
            data = fetch_url(url, deadline=FETCH_DEADLINE_S, max_bytes=MAX_FILE_BYTES)
        except FetchError as exc:
            problems.append(InputProblem(url, f"refused or failed: {exc}"))
            continue
        except Exception as exc:  # the fetcher must never take the request down
            problems.append(InputProblem(url, f"could not fetch: {type(exc).__name__}: {exc}"))
            continue
        try:
            articles += parse_feed(data, url)
            continue
        except FeedError:
            pass  # not a feed: an article page
        try:
            html = decode(data, html=True)
        except InputError as exc:
            problems.append(InputProblem(url, str(exc)))
            continue
        arts, probs = limit_length(parse_html(html, url, url))
        articles += [a if a.url else dataclasses.replace(a, url=url) for a in arts]
        problems += probs
    return articles, problems
