"""The followed feeds' tables (schema version 5, :data:`V5_FEEDS`) and every SQL statement on them.

* ``feeds``: one row per subscription (URL unique) with its polling state: the
  caching headers of the last answer (ETag, Last-Modified), when it was last
  checked and with what HTTP status or error, consecutive failures, articles it
  added, and when it is due next.
* ``feed_items``: the keys of every item a feed has delivered (its guid, its
  link), so an item is stored once however often it is seen again.
* ``fetched_pages``: article pages fetched for teaser items (once per URL).
* ``story_versions``: one row per change of a story (when, its size after),
  so readers can ask what changed since a time.

:class:`FeedQueries` is a part of :class:`newsfuse.store.StoryStore` (methods over
its ``conn``; each is one statement or one short transaction).
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, fields
from typing import Iterable, Sequence

from .db import select_in

V5_FEEDS = """
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    added_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_checked REAL,
    last_status INTEGER,             -- HTTP status of the last answer (200, 304, 404...), NULL: no answer
    last_error TEXT,                 -- why the last check failed, NULL after a good one
    failures INTEGER NOT NULL DEFAULT 0,   -- consecutive failed checks
    checks INTEGER NOT NULL DEFAULT 0,
    articles_added INTEGER NOT NULL DEFAULT 0,
    next_check REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS feeds_due ON feeds(next_check);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,               -- 'guid:' + the entry's id, or 'link:' + its URL
    seen_at REAL NOT NULL,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fetched_pages (
    url TEXT PRIMARY KEY,
    fetched_at REAL NOT NULL,
    ok INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_versions (
    story_id INTEGER NOT NULL,
    at REAL NOT NULL,
    size INTEGER NOT NULL,
    added INTEGER NOT NULL           -- articles the change brought
);
CREATE INDEX IF NOT EXISTS story_versions_story ON story_versions(story_id, at);
CREATE INDEX IF NOT EXISTS articles_added ON articles(added_at);
"""


@dataclass
class FeedRow:
    id: int
    url: str
    title: str | None
    added_at: float
    etag: str | None
    last_modified: str | None
    last_checked: float | None
    last_status: int | None
    last_error: str | None
    failures: int
    checks: int
    articles_added: int
    next_check: float


_COLUMNS = ", ".join(f.name for f in fields(FeedRow))


class FeedQueries:
    conn: sqlite3.Connection

    # ---- subscriptions -------------------------------------------------------------------
    def feed_add(self, url: str, title: str | None = None, now: float | None = None) -> tuple[FeedRow, bool]:
        """The feed with this URL, and whether it was new (an existing subscription is kept as it is)."""
        now = time.time() if now is None else now
        cur = self.conn.execute("INSERT OR IGNORE INTO feeds (url, title, added_at, next_check) VALUES (?, ?, ?, ?)",
                                (url, title, now, now))
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedRow(*row), cur.rowcount == 1

    def feed_get(self, feed_id: int) -> FeedRow | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return FeedRow(*row) if row else None

    def feeds_all(self) -> list[FeedRow]:
        return [FeedRow(*r) for r in self.conn.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")]

    def feed_remove(self, feed_id: int) -> bool:
        with self.transaction() as conn:
            conn.execute("DELETE FROM feed_items WHERE feed_id = ?", (feed_id,))
            return conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount == 1

    def feeds_due(self, now: float, limit: int = 100) -> list[FeedRow]:
        return [FeedRow(*r) for r in self.conn.execute(
            f"SELECT {_COLUMNS} FROM feeds WHERE next_check <= ? ORDER BY next_check, id LIMIT ?", (now, limit))]

    def feeds_next_due(self) -> float | None:
        return self.conn.execute("SELECT MIN(next_check) FROM feeds").fetchone()[0]

    def feed_record(self, feed_id: int, *, checked: float, status: int | None, error: str | None, failures: int,
               next_check: float, etag: str | None, last_modified: str | None, title: str | None = None,
               added: int = 0) -> None:
        """One check's outcome (the caller passes the caching headers to keep); the title only
        replaces the stored one when the feed named itself."""
        self.conn.execute(
            "UPDATE feeds SET last_checked = ?, last_status = ?, last_error = ?, failures = ?, next_check = ?,"
            " checks = checks + 1, articles_added = articles_added + ?, etag = ?, last_modified = ?,"
            " title = COALESCE(?, title) WHERE id = ?",
            (checked, status, error, failures, next_check, added, etag, last_modified, title, feed_id))

    # ---- items and pages -----------------------------------------------------------------
    def feed_seen(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` the feed delivered before."""
        return {k for (k,) in select_in(self.conn, "SELECT key FROM feed_items WHERE feed_id = ? AND key IN ({in})",
                                        list(dict.fromkeys(keys)), (feed_id,))}

    def feed_mark_seen(self, feed_id: int, keys: Sequence[str], now: float) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO feed_items (feed_id, key, seen_at) VALUES (?, ?, ?)",
                              [(feed_id, k, now) for k in keys])

    def page_fetched(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM fetched_pages WHERE url = ?", (url,)).fetchone() is not None

    def mark_page(self, url: str, ok: bool, now: float) -> None:
        self.conn.execute("INSERT OR REPLACE INTO fetched_pages (url, fetched_at, ok) VALUES (?, ?, ?)",
                          (url, now, int(ok)))

    # ---- story versions ------------------------------------------------------------------
    def record_versions(self, changes: Sequence[tuple[int, int]], now: float) -> None:
        """``changes``: (story id, articles added) of one batch; the size is read from ``stories``."""
        self.conn.executemany(
            "INSERT INTO story_versions (story_id, at, size, added)"
            " SELECT id, ?, size, ? FROM stories WHERE id = ?", [(now, added, sid) for sid, added in changes])

    def story_versions(self, story_id: int) -> list[tuple[float, int, int]]:
        return list(self.conn.execute("SELECT at, size, added FROM story_versions WHERE story_id = ? ORDER BY at",
                                      (story_id,)))

    def stories_stamp(self) -> tuple[float | None, int, int]:
        """(latest change, number of stories, latest version row): changes whenever any story does."""
        latest, count = self.conn.execute("SELECT MAX(updated_at), COUNT(*) FROM stories").fetchone()
        return latest, count, self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM story_versions").fetchone()[0]

    def recent_stories(self, limit: int) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY updated_at DESC, id DESC LIMIT ?",
                                                (limit,))]

    def added_times(self, story_id: int) -> dict[str, float]:
        """article id -> when it was stored, for the articles (and copies) of a story."""
        out = {i: at for i, at in self.conn.execute("SELECT id, added_at FROM articles WHERE story_id = ?",
                                                     (story_id,))}
        for i, at in self.conn.execute("SELECT c.id, c.added_at FROM copies c JOIN articles a"
                                       " ON a.rowid = c.of_article WHERE a.story_id = ?", (story_id,)):
            out.setdefault(i, at)
        return out
