"""Threads, stable addresses and the importance order of the story database (schema step 7).

* **Threads**: a thread gathers the event stories of one developing topic
  (``stories.thread_id``). A batch re-groups its region at both levels
  (:func:`newsfuse.stories.similarity.cluster_levels`); the region's thread
  groups keep the stored thread with most of their articles (as event stories
  keep their ids, :func:`newsfuse.stories.regroup.story_of_labels`), the
  others open threads, a stored thread kept by no group is merged into the one
  holding most of it. Event stories outside the region keep their thread.
* **Redirects**: a story or thread merged into another leaves a row
  ``(kind, old id, surviving id)``; chains are kept flat (a survivor merged
  later re-points every row that named it), so one look-up answers.
* **Importance** (``sort="top"``): stories ordered by
  ``ln(sources) + 0.5 * ln(size) + ln(2) * day / HALF_LIFE_DAYS`` (``day``:
  the story's latest article day, else its creation day): each doubling of the
  independent sources counts as much as ``HALF_LIFE_DAYS`` of recency, each
  doubling of the reports half as much. Since the recency term is linear in
  the day, the order does not depend on the current time.
"""
from __future__ import annotations

import sqlite3
from typing import Sequence

import numpy as np

from ..stories import regroup
from .db import select_in

HALF_LIFE_DAYS = 1.5
TOP_SCORE = ("(ln(MAX(s.sources, 1)) + 0.5 * ln(MAX(s.size, 1))"
             f" + 0.6931471805599453 * COALESCE(s.last_day, s.created_at / 86400.0) / {HALF_LIFE_DAYS})")
ThreadRow = tuple  # (id, stories, size, first_day, last_day, updated_at)


def V7_THREADS(conn: sqlite3.Connection) -> None:
    """Schema step 7: ``stories.thread_id`` and ``stories.sources``, ``threads``, ``redirects``; every
    stored story opens a thread of its own. Safe to run again on a database that has them (a file whose
    ``user_version`` was set back by hand, or a step interrupted between statements never commits)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(stories)")}
    if "thread_id" not in columns:
        conn.execute("ALTER TABLE stories ADD COLUMN thread_id INTEGER")
    if "sources" not in columns:
        conn.execute("ALTER TABLE stories ADD COLUMN sources INTEGER NOT NULL DEFAULT 1")
    conn.execute("CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id)")
    conn.execute("CREATE TABLE IF NOT EXISTS threads (id INTEGER PRIMARY KEY, created_at REAL NOT NULL,"
                 " updated_at REAL NOT NULL)")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS redirects ("
        " kind TEXT NOT NULL CHECK (kind IN ('story', 'thread')),"
        " old_id INTEGER NOT NULL,"  # a story or thread merged away
        " new_id INTEGER NOT NULL,"  # the one that holds its articles now (chains are kept flat)
        " at REAL NOT NULL, PRIMARY KEY (kind, old_id))")
    conn.execute("UPDATE stories SET sources = (SELECT COUNT(DISTINCT source) FROM articles"
                 " WHERE story_id = stories.id)")
    conn.execute("INSERT OR IGNORE INTO threads (id, created_at, updated_at)"
                 " SELECT id, created_at, updated_at FROM stories WHERE thread_id IS NULL")
    conn.execute("UPDATE stories SET thread_id = id WHERE thread_id IS NULL")
    # ids are never given twice from now on (:meth:`ThreadQueries._open`)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) SELECT 'story_id_high', COALESCE(MAX(id), 0) FROM stories")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) SELECT 'thread_id_high', COALESCE(MAX(id), 0) FROM threads")


_THREAD = ("SELECT t.id, COUNT(s.id), COALESCE(SUM(s.size), 0), MIN(s.first_day), MAX(s.last_day), t.updated_at"
           " FROM threads t JOIN stories s ON s.thread_id = t.id")


class ThreadQueries:
    """Methods over ``self.conn`` for threads, redirects and the story order."""

    conn: sqlite3.Connection

    # ---- writes, inside the batch's transaction ---------------------------------------------
    def _assign_threads(self, sids: Sequence[int], thread_labels: np.ndarray, merged_stories: dict[int, int],
                        now: float) -> dict[int, int]:
        """Give the region's event stories (``sids``: final story of each region row) their threads;
        returns ``{merged-away thread: surviving thread}``."""
        conn = self.conn
        sids = [int(s) for s in sids]
        known = dict(select_in(conn, "SELECT id, thread_id FROM stories WHERE id IN ({in})",
                               sorted(set(sids) | set(merged_stories))))
        # the prior thread of each row: its story's thread before this batch (-1: new story)
        prior = np.array([known.get(s) if known.get(s) is not None else -1 for s in sids], dtype=np.int64)
        keep, merged = regroup.story_of_labels(np.asarray(thread_labels), prior)
        thread_of_label: dict[int, int] = {}
        for label in dict.fromkeys(np.asarray(thread_labels).tolist()):
            if label in keep:
                thread_of_label[label] = keep[label]
            else:
                thread_of_label[label] = self._open("thread", now)
        story_thread: dict[int, int] = {}
        for sid, label in zip(sids, np.asarray(thread_labels).tolist()):
            story_thread.setdefault(sid, thread_of_label[label])
        conn.executemany("UPDATE stories SET thread_id = ? WHERE id = ?", [(t, s) for s, t in story_thread.items()])
        conn.executemany("UPDATE stories SET thread_id = ? WHERE thread_id = ?", [(b, a) for a, b in merged.items()])
        touched = set(story_thread.values()) | set(merged.values())
        conn.executemany("UPDATE threads SET updated_at = ? WHERE id = ?", [(now, t) for t in touched])
        self._redirect("story", merged_stories, now)
        self._redirect("thread", merged, now)
        return merged

    def _open(self, kind: str, now: float) -> int:
        """A new story or thread row; its id is above every id ever given (``meta`` keeps the highest),
        so an address that once named a story merged away or deleted never names another one."""
        table, key = {"story": ("stories", "story_id_high"), "thread": ("threads", "thread_id_high")}[kind]
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        high = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        new_id = max(int(row[0]) if row else 0, int(high)) + 1
        self.conn.execute(f"INSERT INTO {table} (id, created_at, updated_at) VALUES (?, ?, ?)", (new_id, now, now))
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, new_id))
        return new_id

    def _drop_empty_threads(self) -> None:
        self.conn.execute("DELETE FROM threads WHERE NOT EXISTS (SELECT 1 FROM stories WHERE thread_id = threads.id)")
        # a redirect to a story or thread that is gone (deleted) would lead nowhere
        self.conn.execute("DELETE FROM redirects WHERE kind = 'story' AND NOT EXISTS"
                          " (SELECT 1 FROM stories WHERE id = redirects.new_id)")
        self.conn.execute("DELETE FROM redirects WHERE kind = 'thread' AND NOT EXISTS"
                          " (SELECT 1 FROM threads WHERE id = redirects.new_id)")

    def _redirect(self, kind: str, merged: dict[int, int], now: float) -> None:
        for old, new in merged.items():
            self.conn.execute("UPDATE redirects SET new_id = ? WHERE kind = ? AND new_id = ?", (new, kind, old))
            self.conn.execute("INSERT OR REPLACE INTO redirects (kind, old_id, new_id, at) VALUES (?, ?, ?, ?)",
                              (kind, old, new, now))

    # ---- reads ------------------------------------------------------------------------------
    def redirect_of(self, kind: str, old_id: int) -> int | None:
        """The surviving id of a story or thread merged away (None: no such redirect)."""
        row = self.conn.execute("SELECT new_id FROM redirects WHERE kind = ? AND old_id = ?", (kind, old_id)).fetchone()
        return row[0] if row else None

    def threads_of_stories(self, story_ids: Sequence[int]) -> dict[int, int]:
        """Story id -> its thread id."""
        return {s: t for s, t in select_in(self.conn, "SELECT id, thread_id FROM stories WHERE id IN ({in})",
                                           list(story_ids)) if t is not None}

    def thread_of_story(self, story_id: int) -> int | None:
        row = self.conn.execute("SELECT thread_id FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def list_threads(self, limit: int = 50, offset: int = 0) -> tuple[int, list[ThreadRow]]:
        """(total, this page of thread rows), the most recently active first."""
        total = self.conn.execute("SELECT COUNT(DISTINCT thread_id) FROM stories").fetchone()[0]
        rows = self.conn.execute(
            f"{_THREAD} GROUP BY t.id ORDER BY COALESCE(MAX(s.last_day), t.created_at / 86400.0) DESC, t.id DESC"
            " LIMIT ? OFFSET ?", (max(0, int(limit)), max(0, int(offset)))).fetchall()
        return total, rows

    def thread_row(self, thread_id: int) -> ThreadRow | None:
        return self.conn.execute(f"{_THREAD} WHERE t.id = ? GROUP BY t.id", (thread_id,)).fetchone()

    def thread_story_rows(self, thread_id: int) -> list[tuple]:
        """Story rows (id, size, first_day, last_day, updated_at, created_at) of a thread's event stories,
        oldest first."""
        return self.conn.execute(
            "SELECT s.id, s.size, s.first_day, s.last_day, s.updated_at, s.created_at FROM stories s"
            " WHERE s.thread_id = ?"
            " ORDER BY COALESCE(s.first_day, s.created_at / 86400.0), s.id", (thread_id,)).fetchall()
