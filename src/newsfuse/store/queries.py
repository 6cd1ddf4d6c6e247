"""The service's reads and writes of the story database: story lists and full-text search, one
story's rows and version parts, deletes, and the brief cache (:class:`ServiceQueries`, a part of
:class:`newsfuse.store.StoryStore`). Every SQL statement the service needs is here; the service
(:mod:`newsfuse.service`) calls these methods and writes no SQL.
"""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator, Sequence

from .db import select_in

StoryRow = tuple  # (id, size, first_day, last_day, updated_at, created_at)
_STORY = "SELECT s.id, s.size, s.first_day, s.last_day, s.updated_at, s.created_at FROM stories s"


class ServiceQueries:
    """Methods over ``self.conn`` (an open story database in autocommit mode)."""

    conn: sqlite3.Connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on any error)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # ---- story lists and search -----------------------------------------------------------
    def list_key(self) -> tuple:
        """Changes whenever the story list does (every change sets a story's updated_at, or removes one)."""
        return tuple(self.conn.execute("SELECT MAX(updated_at), COUNT(*) FROM stories").fetchone())

    def list_stories(self, q: str | None = None, limit: int = 50, offset: int = 0,
                     since: float | None = None, sort: str = "new") -> tuple[int, list[StoryRow]]:
        """(total matching, this page of story rows), newest first (latest article day, else creation
        time), or ``sort="top"``: by importance (:data:`newsfuse.store.threads.TOP_SCORE`); ``q``:
        full-text search over the titles and texts of the stories' articles, best match first, a story
        whose current brief matches too ranked higher
        (:meth:`newsfuse.store.search.SearchQueries.search_stories`); ``since``: only stories
        changed (or made) at or after that time (epoch seconds)."""
        from .threads import TOP_SCORE

        if q is not None and q.strip():
            return self.search_stories(q, limit, offset, since, story_sql=_STORY)
        conditions, params = [], []
        if since is not None:
            conditions.append("s.updated_at >= ?")
            params.append(float(since))
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        total = self.conn.execute(f"SELECT COUNT(*) FROM stories s {where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"{_STORY} {where} ORDER BY "
            + (f"{TOP_SCORE} DESC, " if sort == "top" else "")
            + "COALESCE(s.last_day, s.created_at / 86400.0) DESC, s.id DESC"
            " LIMIT ? OFFSET ?", params + [max(0, int(limit)), max(0, int(offset))]).fetchall()
        return total, rows

    def story_row(self, story_id: int) -> StoryRow | None:
        return self.conn.execute(f"{_STORY} WHERE s.id = ?", (story_id,)).fetchone()

    def story_heads(self, story_ids: Sequence[int]) -> list[tuple[int, str | None, str, str | None]]:
        """(story id, title, source, first 1,500 characters of the text when there is no title: its lead,
        where a title is cut from) of every article of these stories, each story's in storage order."""
        return select_in(self.conn, "SELECT story_id, title, source, CASE WHEN title IS NULL THEN"
                         " substr(text, 1, 1500) END FROM articles WHERE story_id IN ({in}) ORDER BY rowid",
                         list(story_ids))

    def report_count(self) -> int:
        """Reports in stories: their articles and the copies of those under other ids (what the story
        lists add up to; boilerplate-only articles, in no story, are not counted)."""
        return self.conn.execute(
            "SELECT (SELECT COUNT(*) FROM articles WHERE story_id IS NOT NULL) + (SELECT COUNT(*) FROM copies c"
            " JOIN articles a ON a.rowid = c.of_article WHERE a.story_id IS NOT NULL)").fetchone()[0]

    def story_copies(self, story_ids: Sequence[int]) -> list[tuple[int, str]]:
        """(story id, source) of every copy of these stories' articles (the same text that arrived under
        another id: listed among the story's reports), in storage order."""
        return select_in(self.conn, "SELECT a.story_id, c.source FROM copies c JOIN articles a ON a.rowid ="
                         " c.of_article WHERE a.story_id IN ({in}) ORDER BY c.rowid", list(story_ids))

    def story_leads(self, story_ids: Sequence[int]) -> dict[int, tuple[str | None, tuple[str | None, str, str]]]:
        """story id -> (a cached brief's JSON of the story at its smallest budget, any version, or None;
        (title, source, first 3,000 characters of the text) of its earliest dated article): what a list's
        lede is made from (:mod:`newsfuse.service.ledes`)."""
        out: dict[int, tuple[str | None, tuple[str | None, str, str]]] = {}
        for sid, title, source, head in select_in(
                self.conn, "SELECT story_id, title, source, head FROM (SELECT story_id, title, source,"
                " substr(text, 1, 3000) AS head, row_number() OVER (PARTITION BY story_id"
                " ORDER BY COALESCE(day, 1e12), rowid) AS n FROM articles WHERE story_id IN ({in})) WHERE n = 1",
                list(story_ids)):
            out[sid] = (None, (title, source, head))
        for sid, brief in select_in(
                self.conn, "SELECT story_id, brief FROM brief_cache WHERE story_id IN ({in})"
                " ORDER BY words DESC, created_at", list(out)):
            out[sid] = (brief, out[sid][1])  # the smallest budget, the newest version of it
        return out

    def version_parts(self, story_id: int) -> tuple | None:
        """(updated_at, size, article rowids, copy rowids) of a story: what its version digest is made
        of (None: no such story)."""
        row = self.conn.execute("SELECT updated_at, size FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        rowids = self.conn.execute("SELECT group_concat(rowid) FROM (SELECT rowid FROM articles WHERE story_id = ?"
                                   " ORDER BY rowid)", (story_id,)).fetchone()[0]
        copies = self.conn.execute(
            "SELECT group_concat(r) FROM (SELECT c.rowid AS r FROM copies c JOIN articles a"
            " ON a.rowid = c.of_article WHERE a.story_id = ? ORDER BY c.rowid)", (story_id,)).fetchone()[0]
        return row[0], row[1], rowids, copies

    # ---- deleting -------------------------------------------------------------------------
    def delete_story(self, story_id: int) -> bool:
        """Delete a story, its articles and its cached briefs (one transaction); False: no such story."""
        with self.transaction() as conn:
            found = conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None
            if found:
                conn.execute("DELETE FROM articles WHERE story_id = ?", (story_id,))
                conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                conn.execute("DELETE FROM brief_cache WHERE story_id = ?", (story_id,))
                conn.execute("DELETE FROM story_versions WHERE story_id = ?", (story_id,))
                self._drop_empty_threads()  # and the redirects that led to it
        return found

    def delete_article(self, article_id: str) -> tuple[bool, int | None]:
        """Delete an article (or a copy stored under that id) in one transaction; its story shrinks,
        or goes when empty. Returns (found, the story it was in)."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT rowid, story_id FROM articles WHERE id = ?", (article_id,)).fetchall()
            # a copy stored under another id (its text is its original's)
            rows += conn.execute("SELECT NULL, a.story_id FROM copies c JOIN articles a ON a.rowid = c.of_article"
                                 " WHERE c.id = ?", (article_id,)).fetchall()
            conn.execute("DELETE FROM copies WHERE id = ?", (article_id,))
            # deleting an article deletes the copies of its text too (ON DELETE CASCADE)
            conn.executemany("DELETE FROM articles WHERE rowid = ?", [(r[0],) for r in rows if r[0] is not None])
            stories = {r[1] for r in rows if r[1] is not None}
            if stories:
                self.refresh_stories(stories, time.time())
                conn.executemany("DELETE FROM brief_cache WHERE story_id = ?", [(s,) for s in stories])
                self._drop_empty_threads()
        return bool(rows), next(iter(stories), None)

    # ---- the brief cache ------------------------------------------------------------------
    def cached_brief(self, story_id: int, words: int, version: str) -> tuple[str, str] | None:
        """(brief JSON, view JSON) stored for this story version and budget, else None."""
        return self.conn.execute("SELECT brief, view FROM brief_cache WHERE story_id = ? AND words = ?"
                                 " AND version = ?", (story_id, words, version)).fetchone()

    def save_brief(self, story_id: int, words: int, version: str, brief: str, view: str) -> None:
        """Keep a brief (replacing the story's older one for that budget)."""
        self.conn.execute("INSERT OR REPLACE INTO brief_cache (story_id, words, version, brief, view, created_at)"
                          " VALUES (?, ?, ?, ?, ?, ?)", (story_id, words, version, brief, view, time.time()))
