"""Followed feeds, story versions and "what changed" (the service half; SQL in :mod:`newsfuse.store.feeds`).

:class:`FeedsMixin` is part of :class:`newsfuse.service.NewsService`: subscriptions
(add, list, remove, OPML in and out), what the polling worker
(:mod:`newsfuse.live.worker`) needs (due feeds, seen items, recording a check),
and the sentences of a story's reports added after a time that no earlier
report states (``updates``).
"""
from __future__ import annotations

import time
from typing import Any, Sequence

from ..store.feeds import FeedRow
from ..text import count_words, iso_time, parse_datetime
from .inputs import readable_label
from .model import NotFound

MAX_FEEDS = 5000


def parse_since(value: str | None) -> float | None:
    """An ISO 8601 date or date-time (``Z`` or an offset; no offset: UTC) -> epoch seconds; ValueError
    naming the value when it is not one. A '+' of an offset that arrived unencoded in a query (a space)
    is read back as '+'."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if "T" in text:
        text = text.replace(" ", "+")
    when = parse_datetime(text)
    if when is None:
        raise ValueError(f"since must be an ISO 8601 date or date-time, got {str(value)[:60]!r}")
    return when.timestamp()


def feed_dict(row: FeedRow) -> dict[str, Any]:
    return {"id": row.id, "url": row.url, "title": row.title, "added": iso_time(row.added_at),
            "last_checked": iso_time(row.last_checked), "last_status": row.last_status,
            "last_error": row.last_error, "failures": row.failures, "checks": row.checks,
            "articles_added": row.articles_added, "next_check": iso_time(row.next_check)}


def check_feed_url(url: Any) -> str:
    """A feed URL as stored (stripped), or ValueError saying what is wrong with it."""
    from ..ingest.fetch import FetchError, split_url

    if not isinstance(url, str) or not url.strip():
        raise ValueError("a feed needs a url (an http:// or https:// address)")
    url = url.strip()
    if len(url) > 2000:
        raise ValueError("feed URL longer than 2000 characters")
    try:
        split_url(url)
    except FetchError as exc:
        raise ValueError(f"{url[:200]}: {exc}") from None
    return url


class FeedsMixin:
    # ---- subscriptions -------------------------------------------------------------------
    def _feeds_read(self):
        return self._reader()

    def _feeds_write(self, fn):
        """Run ``fn(store)`` on the writer thread with the writing store."""
        return self._write(lambda: fn(self._store))

    def add_feed(self, url: Any, title: str | None = None) -> tuple[FeedRow, bool]:
        """Follow the feed at ``url`` (checked at the worker's next round); (the feed, whether it is new)."""
        url = check_feed_url(url)
        if len(self.feeds()) >= MAX_FEEDS:
            raise ValueError(f"at most {MAX_FEEDS} feeds are followed")
        row, new = self._feeds_write(lambda fs: fs.feed_add(url, title))
        if new and getattr(self, "follower", None) is not None:
            self.follower.wake()
        return row, new

    def feeds(self) -> list[FeedRow]:
        return self._feeds_read().feeds_all()

    def feed(self, feed_id: int) -> FeedRow:
        row = self._feeds_read().feed_get(feed_id)
        if row is None:
            raise NotFound(f"no feed {feed_id}")
        return row

    def remove_feed(self, feed_id: int) -> None:
        if not self._feeds_write(lambda fs: fs.feed_remove(feed_id)):
            raise NotFound(f"no feed {feed_id}")

    def import_opml(self, data: bytes) -> dict[str, Any]:
        """Follow every feed of an OPML document: {"added": [feeds], "known": [feeds], "problems": [...]}."""
        from ..live.opml import read_opml

        outlines, problems = read_opml(data)
        added, known = [], []
        for url, title in outlines:
            try:
                row, new = self.add_feed(url, title)
            except ValueError as exc:
                problems.append({"origin": str(url)[:200], "reason": str(exc)})
                continue
            (added if new else known).append(feed_dict(row))
        return {"added": added, "known": known, "problems": problems}

    def export_opml(self) -> str:
        from ..live.opml import write_opml

        return write_opml([(row.url, row.title) for row in self.feeds()])

    # ---- what the polling worker needs ---------------------------------------------------
    def due_feeds(self, now: float, limit: int = 100) -> list[FeedRow]:
        return self._feeds_read().feeds_due(now, limit)

    def next_due(self) -> float | None:
        return self._feeds_read().feeds_next_due()

    def seen_items(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        return self._feeds_read().feed_seen(feed_id, keys)

    def page_fetched(self, url: str) -> bool:
        return self._feeds_read().page_fetched(url)

    def mark_page(self, url: str, ok: bool) -> None:
        self._feeds_write(lambda fs: fs.mark_page(url, ok, time.time()))

    def record_check(self, feed_id: int, keys: Sequence[str], **state) -> None:
        """Remember the items of one check (by their keys) and the feed's new state, in one write."""
        now = time.time()

        def run(store) -> None:
            with store.transaction():
                store.feed_mark_seen(feed_id, keys, now)
                store.feed_record(feed_id, **state)

        self._feeds_write(run)

    # ---- story versions and what changed -------------------------------------------------
    def _record_versions(self, result, now: float) -> None:
        """On the writer thread, after a batch: one version row per story the batch changed."""
        added: dict[int, int] = {}
        for sid in result.story_of.values():
            if sid is None:  # boilerplate only: in no story
                continue
            sid = result.merged.get(sid, sid)
            added[sid] = added.get(sid, 0) + 1
        changed = {s for s in result.touched_stories if s is not None} | set(added)
        if changed:
            self._store.record_versions(sorted((s, added.get(s, 0)) for s in changed), now)

    def stories_stamp(self) -> tuple[float | None, int, int]:
        return self._feeds_read().stories_stamp()

    def recent_stories(self, limit: int = 30) -> list[int]:
        """Ids of the stories changed last, latest first."""
        return self._feeds_read().recent_stories(limit)

    def versions(self, story_id: int) -> list[dict[str, Any]]:
        return [{"at": iso_time(at), "size": size, "added": n}
                for at, size, n in self._feeds_read().story_versions(story_id)]

    def updates(self, story_id: int, since: float) -> list[dict[str, Any]]:
        """The sentences of the story's reports stored after ``since`` that no earlier report states (the
        dedup stage's support decides), each citing only the new reports that state it, in time order
        (when the report was stored, then its place in the report)."""
        prepared = self._prepare(story_id, self.version(story_id))
        added = self._feeds_read().added_times(story_id)
        number = {ca.article.id: n for n, ca in enumerate(prepared.articles, 1)}
        label = {ca.article.id: readable_label(getattr(ca, "outlet", None) or ca.article.source) for ca in prepared.articles}
        url = {ca.article.id: ca.article.url for ca in prepared.articles}
        new = {aid for aid in number if added.get(aid, 0.0) > since}
        if not new:
            return []
        by_id = {s.id: s for s in prepared.sentences}
        support = prepared.dedup.support
        out, told = [], set()
        ordered = sorted((s for s in prepared.sentences if s.article_id in new),
                         key=lambda s: (added[s.article_id], s.doc_index, s.index))
        for s in ordered:
            if s.id in told or count_words(s.text) < 4:
                continue
            others = [by_id[o] for o in support.get(s.id, ()) if o in by_id]
            if any(o.article_id not in new for o in others):
                continue  # an earlier report already states it
            told.update([s.id, *(o.id for o in others)])
            citing = sorted({s.article_id, *(o.article_id for o in others)}, key=lambda a: number[a])
            out.append({"text": s.text, "sources": [number[a] for a in citing],
                        "reports": [{"number": number[a], "label": label[a], "url": url[a],
                                     "added": iso_time(added[a])} for a in citing],
                        "added": iso_time(added[s.article_id])})
        return out
