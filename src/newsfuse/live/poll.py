"""One check of one followed feed: conditional fetch, parse, new items only, teaser pages.

:func:`check_feed` does the network part and returns a :class:`Check`; it never
raises (every failure is the check's ``error``), so one bad feed cannot stop
the others. What is stored, and when the feed is due again, is the caller's
(:mod:`newsfuse.live.worker`).

* the request carries ``If-None-Match``/``If-Modified-Since`` from the last good
  answer: an unchanged feed costs a 304 and no parsing;
* the fetch is the safe fetcher's (:func:`newsfuse.ingest.fetch.fetch`): public
  addresses only unless allowed (``--allow-host``), one deadline, a size cap
  (decoded size: a gzip bomb stops at the cap), at most 5 redirects;
* items whose keys (guid, link, content digest) the feed delivered before are
  skipped; at most :data:`MAX_NEW_ITEMS` new ones per check (the rest wait for
  the next check);
* an item with only a teaser gets its article page fetched and read with
  trafilatura, once per URL (``page_fetched``/``mark_page`` remember it); a page
  that cannot be fetched (a private address, a 404) leaves the teaser.
"""
from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from ..ingest import Article, InputProblem

MAX_NEW_ITEMS = 100  # new items taken from one check
FEED_DEADLINE_S = 20.0
FEED_MAX_BYTES = 10 * 1024 * 1024
PAGE_DEADLINE_S = 10.0
MAX_PAGES = 20  # teaser pages fetched in one check
HOST_GAP_S = 0.2  # at least this long between two requests to one host


@dataclass
class Check:
    status: int | None = None  # HTTP status (200, 304, 404...), None when no answer
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    retry_after: float | None = None
    items: list[tuple[Article, list[str]]] = field(default_factory=list)  # new items and their keys
    held_back: int = 0  # new items over the cap, left for the next check
    problems: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


class HostGate:
    """Per-host politeness: one request at a time to a host, and :data:`HOST_GAP_S` between two."""

    def __init__(self, gap: float = HOST_GAP_S):
        self.gap = gap
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    def hold(self, url: str):
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            lock, last = self._hosts.setdefault(host, (threading.Lock(), [0.0]))
        gate = self

        class _Held:
            def __enter__(self):
                lock.acquire()
                wait = last[0] + gate.gap - time.monotonic()
                if wait > 0:
                    time.sleep(wait)

            def __exit__(self, *exc):
                last[0] = time.monotonic()
                lock.release()

        return _Held()


def check_feed(url: str, *, etag: str | None = None, last_modified: str | None = None,
               seen: Callable[[list[str]], set[str]] = lambda keys: set(),
               page_fetched: Callable[[str], bool] = lambda url: False,
               mark_page: Callable[[str, bool], None] = lambda url, ok: None,
               allow_hosts: frozenset[str] = frozenset(), gate: HostGate | None = None,
               max_new: int = MAX_NEW_ITEMS) -> Check:
    """Check the feed at ``url`` once (see the module docstring); ``seen(keys)`` answers which of the keys
    the feed delivered before."""
    from ..ingest.fetch import FetchError, HTTPStatus, fetch
    from ..ingest.feeds import FeedError, read_feed

    gate = gate or HostGate()
    check = Check(etag=etag, last_modified=last_modified)
    headers = {"If-None-Match": etag, "If-Modified-Since": last_modified,
               "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    try:
        with gate.hold(url):
            answer = fetch(url, deadline=FEED_DEADLINE_S, max_bytes=FEED_MAX_BYTES, headers=headers,
                           allow_hosts=allow_hosts)
    except HTTPStatus as exc:
        check.status, check.error, check.retry_after = exc.status, str(exc), exc.retry_after
        return check
    except FetchError as exc:
        check.error = str(exc)
        return check
    except Exception as exc:  # the fetcher must never take the worker down
        check.error = f"could not fetch: {type(exc).__name__}: {exc}"
        return check
    check.status = answer.status
    if answer.status == 304:
        return check
    try:
        doc = read_feed(answer.body, url)
    except FeedError as exc:
        check.error = f"not a usable feed: {exc}"
        return check
    except Exception as exc:  # feedparser on hostile input: recorded, never raised
        check.error = f"could not parse feed: {type(exc).__name__}"
        return check
    check.title = doc.title
    check.etag = answer.headers.get("etag")
    check.last_modified = answer.headers.get("last-modified")
    known = seen([k for item in doc.items for k in item.keys])
    fresh, batch_keys = [], set()
    for item in doc.items:
        if any(k in known or k in batch_keys for k in item.keys):
            continue  # delivered before (or twice in this document)
        batch_keys.update(item.keys)
        fresh.append(item)
    check.held_back = max(0, len(fresh) - max_new)
    pages = 0
    for item in fresh[:max_new]:
        article = item.article
        if item.teaser and pages < MAX_PAGES and article.url and not page_fetched(article.url):
            pages += 1
            article = _full_page(article, allow_hosts, gate, mark_page, check.problems)
        check.items.append((article, item.keys))
    return check


def _full_page(article: Article, allow_hosts, gate: HostGate, mark_page, problems: list[InputProblem]) -> Article:
    """The teaser item with its page's text (trafilatura), or as it was when the page cannot be read."""
    from ..ingest import article_id
    from ..ingest.fetch import FetchError, fetch_url
    from ..ingest.formats import parse_html
    from ..ingest.reading import InputError, decode

    url = article.url
    try:
        with gate.hold(url):
            data = fetch_url(url, deadline=PAGE_DEADLINE_S, max_bytes=FEED_MAX_BYTES, allow_hosts=allow_hosts)
        arts, probs = parse_html(decode(data, html=True), url, article.source)
    except (FetchError, InputError) as exc:
        mark_page(url, False)
        problems.append(InputProblem(url, f"teaser kept, page not read: {exc}"))
        return article
    except Exception as exc:
        mark_page(url, False)
        problems.append(InputProblem(url, f"teaser kept, page not read: {type(exc).__name__}"))
        return article
    mark_page(url, bool(arts))
    if not arts or len(arts[0].text) <= len(article.text):
        problems += probs
        return article
    text = arts[0].text
    return dataclasses.replace(article, text=text, id=article_id(article.origin, text),
                               published=article.published or arts[0].published,
                               author=article.author or arts[0].author)
