"""What people hand the service -> Articles, through the ingest stage's readers.

* uploaded files and pasted text are read from memory with
  :func:`newsfuse.ingest.read_bytes` under their (sanitised) names, so every
  format (feeds and OPML lists included), size limit and decoding check of
  ``newsfuse brief`` applies unchanged;
* JSON article objects go through the ingest stage's object reader;
* URLs are read with :func:`newsfuse.ingest.read_url` (the one safe fetcher:
  public addresses only, checked after DNS and on every redirect, connecting
  to the checked address; one deadline; a size cap): a feed, else an article page.

Every function returns ``(articles, problems)``; nothing raises on bad input.
One request is one run budget (:class:`newsfuse.ingest.Budget`).
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import PurePath
from typing import Any, Iterable, Sequence

from ..ingest import Article, Budget, InputProblem, read_bytes, read_url
from ..ingest.readers import _HASH_PART, UNNAMED, label_of, readable_label  # noqa: F401 (re-exported)
from ..ingest.formats import article_from_object, limit_length

Parsed = tuple[list[Article], list[InputProblem]]
MAX_URLS = 20  # URLs one request may give (issue 21: 50 URLs x 10 s held a thread for minutes)
FETCH_REQUEST_DEADLINE_S = 30.0  # all the fetches of one request together; later URLs are not fetched
MAX_REQUEST_ARTICLES = 2_000  # articles one request may add (JSON objects, uploads and feeds together)



def _fallback_label(article: Article) -> bool:
    """Whether the article's source label was made from its file name or origin (no source, site or
    URL host was known)."""
    origin = (article.origin or "").removeprefix("upload:")
    if not origin or article.source == origin:
        return bool(origin)
    stem = label_of(PurePath(origin).name) if origin else ""
    return bool(stem) and (article.source == stem or article.source[len(stem):len(stem) + 1] in (":", "#")
                           and article.source.startswith(stem))


def named(article: Article, cleaned: Any) -> Article:
    """The article under its outlet's name when its label only came from a file name: the outlet line
    above the text ("Boston Globe") or the outlet it names as its source ("From Y-Net:"), both found by
    ``clean`` (``cleaned``: its CleanArticle); else the file name without a hash part."""
    if not _fallback_label(article):
        return article
    outlet = " ".join(str(getattr(cleaned, "outlet", None) or getattr(cleaned, "attribution", None) or "").split())
    label = outlet[:100] if outlet else readable_label(article.source)
    if label == UNNAMED:
        return article  # kept apart ("request[0]", "request[1]"), shown as "Unnamed source"
    return article if label == article.source else replace(article, source=label)


def outlet_count(labels: Iterable[str]) -> int:
    """How many outlets the labels name, as shown: one per readable name, each unnamed report
    on its own (nothing says two unnamed reports share an outlet)."""
    return len({name if (name := readable_label(x)) != UNNAMED else ("", i) for i, x in enumerate(labels)})


def _safe_name(name: str, fallback: str) -> str:
    """The last path component, with characters a file name should not carry replaced."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .")[:120]
    return base or fallback


def from_files(files: Iterable[tuple[str, bytes]], prefix: str = "upload:") -> Parsed:
    """Uploaded ``(file name, content)`` pairs, in every format ``newsfuse brief`` reads, read from memory."""
    articles: list[Article] = []
    problems: list[InputProblem] = []
    budget = Budget(max_articles=MAX_REQUEST_ARTICLES)
    seen: set[str] = set()
    for n, (name, data) in enumerate(files):
        safe = _safe_name(name, f"upload-{n}.txt")
        if safe in seen:  # two uploads with one name
            safe = f"{n}-{safe}"
        seen.add(safe)
        arts, probs = read_bytes(data, prefix + safe, budget, label=label_of(safe))
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
    if len(objects) > MAX_REQUEST_ARTICLES:
        problems.append(InputProblem(origin, f"{len(objects):,} article objects given; one request adds at most "
                                             f"{MAX_REQUEST_ARTICLES:,}: the ones after the first {MAX_REQUEST_ARTICLES:,} "
                                             "were left out"))
        objects = list(objects)[:MAX_REQUEST_ARTICLES]
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
    articles: list[Article] = []
    problems: list[InputProblem] = []
    budget = Budget(max_articles=MAX_REQUEST_ARTICLES)
    deadline_at = time.monotonic() + FETCH_REQUEST_DEADLINE_S
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
        left = deadline_at - time.monotonic()
        if left <= 0.5:
            problems.append(InputProblem(url, f"not fetched: this request's {FETCH_REQUEST_DEADLINE_S:g} s for "
                                              "fetching had passed"))
            continue
        arts, probs = read_url(url, budget, deadline=left)
        articles += arts
        problems += probs
    return articles, problems
