"""Incremental story store in SQLite (standard-library ``sqlite3``, WAL mode).

A later run adds new articles to the stories already stored, or opens new
ones, without re-clustering everything: only the stored stories that the new
articles are candidates for are re-clustered together with them
(:mod:`newsfuse.stories.regroup`), so two stories that
arrived in separate batches merge once the evidence is there, as they would
in one batch. Stories outside that neighbourhood keep their articles and ids.
When touched stories merge, the surviving id is the one holding most of the
group (ties: the older id); the other stories' articles move to it and their
rows are deleted (:attr:`AddResult.merged` says which went where). A touched
story can also shed articles that the grown corpus no longer puts with it;
they join or open another story.

State kept in the database:

* ``articles``: one row per distinct article (``content_hash`` is UNIQUE, so
  the same article ingested twice is stored once), with its story, metadata,
  raw text (for briefs) and the text it is clustered on;
* ``stories``: id, size, first/last publication day, creation/update time;
* ``meta``: the corpus statistics (template-shingle and term document
  frequencies of the hashed feature space, zlib-compressed), so IDF weights
  and template detection are stable across batches;
* ``analyses`` / ``postings`` (schema version 2): each article's content-term
  counts, and its top TF-IDF terms as an inverted index
  (:mod:`newsfuse.stories.index`), so a batch finds and vectorises its
  candidates without reading stored texts;
* ``copies``: an article whose text is already stored, arriving under another
  id, is listed with the stored article's story (its text is not stored again).

Schema versions: ``PRAGMA user_version`` and the ordered list
:data:`newsfuse.store.schema.MIGRATIONS`; opening a store migrates it forward.
``PRAGMA application_id`` marks the file as newsfuse's: anything else (another
program's SQLite file) is refused before anything is written to it
(:func:`newsfuse.store.db.check_ours`).

Public methods (stable): :meth:`StoryStore.add`, :meth:`StoryStore.add_texts`,
:meth:`StoryStore.articles_of`, :meth:`StoryStore.story_ids`, :meth:`StoryStore.story_info`,
:meth:`StoryStore.count`, :meth:`StoryStore.story_of_texts`,
:meth:`StoryStore.load_stats`, :meth:`StoryStore.close`, and the service's reads and writes
(:class:`newsfuse.store.queries.ServiceQueries`: story lists, search, deletes, brief cache).
``conn`` is the open ``sqlite3`` connection (autocommit mode), for tests and tools; code outside
this package calls methods.

Each call to :meth:`StoryStore.add` is ONE transaction: a crash or Ctrl-C
mid-batch rolls back to the database as it was before the batch.
"""
from __future__ import annotations

import math
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from ..ingest import Article
from ..stories import cluster, features, index, regroup, similarity
from ..stories.records import content_hash, vector_text
from ..text import days_of
from . import schema, terms
from .db import StoreError, check_writable, explain, open_db, select_in
from .feeds import FeedQueries
from .queries import ServiceQueries
from .search import SearchQueries
from .threads import ThreadQueries

@dataclass
class AddResult:
    """What one batch did: new article ids -> story id, and what was skipped as already stored."""

    story_of: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int | None] = field(default_factory=dict)  # id of an article already stored -> its story
    duplicate_of: dict[str, str] = field(default_factory=dict)  # that id -> the id the text is stored under
    boilerplate: list[str] = field(default_factory=list)  # ids of articles with no content left: in no story
    new_stories: set[int] = field(default_factory=set)
    touched_stories: set[int] = field(default_factory=set)  # stories that exist after the batch and changed
    merged: dict[int, int] = field(default_factory=dict)  # stored story id -> the id it was merged into (now gone)
    candidates: int = 0  # stored articles the index offered as candidates
    region: int = 0  # stored articles re-grouped with the batch (those of the touched stories)
    merged_threads: dict[int, int] = field(default_factory=dict)  # thread id -> the thread it was merged into


class StoryStore(ServiceQueries, SearchQueries, FeedQueries, ThreadQueries):
    """One SQLite story database; see the module docstring for what is kept and how a batch runs.

    ``busy_ms``: how long a statement waits for another connection's write lock (default: the
    open timeout, :data:`newsfuse.store.db.BUSY_TIMEOUT_S`)."""

    def __init__(self, path: str | Path, *, threshold: float = cluster.DEFAULT_THRESHOLD,
                 busy_ms: int | None = None, event_threshold: float | None = None):
        self.path = Path(path)
        self.threshold = threshold  # body cosine: which stored stories a batch touches
        self.event_threshold = event_threshold  # the pair model's merge threshold (None: the shipped one)
        self.conn = None
        self._stats: tuple[int, features.CorpusStats] | None = None  # (data_version, statistics) after our last batch
        try:
            self.conn = open_db(self.path)
            self.version = schema.migrate(self.conn)  # in the old journal mode: a failed step leaves the file as it was
            self.conn.execute("PRAGMA journal_mode=WAL")
            check_writable(self.conn, self.path)  # a file it may only read is refused here, not on every write
            if busy_ms is not None:
                self.conn.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        except BaseException as exc:
            if self.conn is not None:
                self.conn.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot open database {self.path}: {explain(exc)}") from None
            raise

    def close(self) -> None:
        self.conn.close()

    def checkpoint(self, wait_ms: int = 2000) -> bool:
        """Merge the write-ahead log into the database file and truncate it to 0 bytes (a server
        that stops leaves one self-contained file). Waits at most ``wait_ms`` for other connections;
        False when one kept it from completing (the log then stays, as SQLite always allows)."""
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return False
        return busy == 0

    def __enter__(self) -> "StoryStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- reading --------------------------------------------------------------------------
    def load_stats(self) -> features.CorpusStats:
        """The stored corpus statistics (document frequencies of shingles and terms)."""
        return terms.load_stats(self.conn)

    def story_of_texts(self, texts: Sequence[str]) -> list[int | None]:
        """Current story of the stored copy of each text (None: not stored, or in no story)."""
        query = "SELECT story_id FROM articles WHERE content_hash = ?"
        out = []
        for t in texts:
            row = self.conn.execute(query, (content_hash(t),)).fetchone()
            out.append(row[0] if row else None)
        return out

    def count(self) -> tuple[int, int]:
        """(distinct articles, stories) stored; copies under other ids are not counted."""
        a = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        s = self.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        return a, s

    def story_ids(self) -> list[int]:
        """Ids of every stored story, ascending."""
        return [r[0] for r in self.conn.execute("SELECT id FROM stories ORDER BY id")]

    def story_info(self, story_id: int) -> tuple[int, float | None, float | None] | None:
        """(size, first day, last day) of a story (days since 1970-01-01 UTC), None if there is none."""
        return self.conn.execute("SELECT size, first_day, last_day FROM stories WHERE id = ?", (story_id,)).fetchone()

    def articles_of(self, story_id: int) -> list[Article]:
        """The story's articles, copies under other ids included, oldest first (undated last)."""
        rows = self.conn.execute(
            "SELECT id, source, text, title, url, published, author, origin FROM ("
            " SELECT id, source, text, title, url, published, author, origin, day, rowid AS r, 0 AS c"
            " FROM articles WHERE story_id = ?"
            " UNION ALL"
            " SELECT c.id, c.source, a.text, c.title, c.url, c.published, c.author, c.origin, c.day, a.rowid, c.rowid"
            " FROM copies c JOIN articles a ON a.rowid = c.of_article WHERE a.story_id = ?"
            ") ORDER BY COALESCE(day, 1e12), r, c",
            (story_id, story_id),
        )
        return [Article(*row) for row in rows]

    # ---- writing --------------------------------------------------------------------------
    def add_texts(self, ids: Sequence[str], texts: Sequence[str]) -> AddResult:
        """Convenience for benchmarks: raw texts as articles without metadata."""
        return self.add([Article(id=i, source=i, text=t, origin=i) for i, t in zip(ids, texts)])

    def add(self, articles: Sequence[Article], clean_texts: Sequence[str] | None = None) -> AddResult:
        """Store a batch and assign each new article to a stored or a new story (one transaction).

        ``clean_texts`` (default: the raw texts) are what is clustered. An
        article whose text is already stored is not stored again: it is
        listed with that article's story (:meth:`articles_of`), and
        :attr:`AddResult.duplicates` gives its story.
        """
        result = AddResult()
        texts = list(clean_texts) if clean_texts is not None else [a.text for a in articles]
        fresh: list[tuple[Article, str, str]] = []  # (article, hash, vector text)
        fresh_docs: list[features.Doc] = []
        all_docs: list[features.Doc] = []  # every text, copies included: template evidence
        repeated: list[tuple[Article, str]] = []  # copies of an article of this batch or of the store
        seen: set[str] = set()
        for article, text in zip(articles, texts):
            h = content_hash(article.text)
            vt = vector_text(article, text)
            all_docs.append(features.analyse(vt))
            if h in seen:
                repeated.append((article, h))
                continue
            seen.add(h)
            fresh.append((article, h, vt))
            fresh_docs.append(all_docs[-1])
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            stats = self._current_stats()
            stats.add_shingles(all_docs)
            known = [conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (h,)).fetchone() is not None
                     for _, h, _ in fresh]
            repeated += [(a, h) for (a, h, _), k in zip(fresh, known) if k]
            fresh_docs = [d for d, k in zip(fresh_docs, known) if not k]
            fresh = [f for f, k in zip(fresh, known) if not k]
            self._assign(fresh, fresh_docs, stats, result)
            self._add_copies(repeated, result)
            terms.save_stats(conn, stats)
            conn.execute("COMMIT")
        except BaseException:
            self._stats = None  # changed in memory, not in the file
            conn.execute("ROLLBACK")
            raise
        return result

    def _current_stats(self) -> features.CorpusStats:
        """The stored statistics (inside the batch's transaction). Kept in memory after a batch commits:
        decompressing them costs a batch about 0.1 s once the store is large; they are read again when
        another connection has committed since (``PRAGMA data_version`` changed)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._stats is None or self._stats[0] != version:
            self._stats = (version, self.load_stats())
        return self._stats[1]

    def _add_copies(self, repeated: list[tuple[Article, str]], result: AddResult) -> None:
        """List each repeated text under its stored article (once per id), with that article's story."""
        now = time.time()
        for article, h in repeated:
            rowid, stored_id, sid = self.conn.execute(
                "SELECT rowid, id, story_id FROM articles WHERE content_hash = ?", (h,)).fetchone()
            result.duplicates[article.id] = sid
            result.duplicate_of[article.id] = stored_id
            if article.id != stored_id:
                day = days_of(article.published)
                self.conn.execute(
                    "INSERT OR IGNORE INTO copies (of_article, id, source, title, url, published, author, origin,"
                    " day, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (rowid, article.id, article.source, article.title, article.url, article.published,
                     article.author, article.origin, None if math.isnan(day) else day, now))

    _ROWS = "SELECT rowid, story_id, day FROM articles WHERE story_id IS NOT NULL AND "

    def _rows_in(self, rowids: Sequence[int]) -> list[tuple[int, int, float]]:
        """(rowid, story id, day) of these stored articles that are in a story (no text is read)."""
        return self._days(select_in(self.conn, self._ROWS + "rowid IN ({in})", rowids))

    def _rows_of(self, story_id: int, limit: int) -> list[tuple[int, int, float]]:
        """(rowid, story id, day) of a story's ``limit`` most recently stored articles."""
        return self._days(self.conn.execute(self._ROWS + "story_id = ? ORDER BY rowid DESC LIMIT ?",
                                            (story_id, limit)).fetchall())

    @staticmethod
    def _days(rows: list[tuple]) -> list[tuple[int, int, float]]:
        return [(r, s, np.nan if d is None else d) for r, s, d in rows]

    def _assign(self, fresh, new_docs, stats: features.CorpusStats, result: AddResult) -> None:
        """Group the new articles with the stored stories they touch and write the result."""
        if not fresh:
            return
        conn = self.conn
        new_terms = [features.article_terms(d, stats) for d in new_docs]
        stats.add_terms(new_terms)
        idf = stats.idf()
        new_counts = [index.counts(t) for t in new_terms]
        junk = np.array([features.is_boilerplate(t) for t in new_terms], dtype=bool)  # in no story
        real = np.flatnonzero(~junk)
        new_days = np.array([days_of(a.published) for a, _, _ in fresh], dtype=np.float64)
        X_new = index.vectorise([new_counts[i] for i in real], idf)
        # 1. candidates from the index, 2. the stories they touch, 3. those stories' articles
        cand = self._rows_in(terms.candidates(conn, [new_counts[i] for i in real], idf))
        result.candidates = len(cand)
        counts_of = terms.load(conn, [r for r, _, _ in cand])
        X_cand = index.vectorise([counts_of[r] for r, _, _ in cand], idf)
        cand_story = np.array([s for _, s, _ in cand], dtype=np.int64)
        sizes = dict(select_in(conn, "SELECT id, size FROM stories WHERE id IN ({in})", sorted(set(cand_story.tolist()))))
        touched = regroup.touched_stories(X_new, X_cand, cand_story, story_size=sizes, threshold=self.threshold)
        old: list[tuple[int, int, float]] = []
        for sid in touched:  # most strongly touched first, within the region's bound
            rows = self._rows_of(int(sid), regroup.MAX_STORY_ROWS)
            if old and len(old) + len(rows) > regroup.MAX_REGION_ROWS:
                break
            old += rows
        result.region = len(old)
        counts_of.update(terms.load(conn, [r for r, _, _ in old if r not in counts_of]))
        region_counts = [counts_of[r] for r, _, _ in old] + [new_counts[i] for i in real]
        mats = similarity.view_matrices(region_counts, idf)
        days = np.concatenate([np.array([d for _, _, d in old], dtype=np.float64), new_days[real]])
        prior = np.array([s for _, s, _ in old] + [-1] * len(real), dtype=np.int64)
        labels, thread_labels = similarity.cluster_levels(mats, days, threshold=self.event_threshold)
        story_of_label, merged = regroup.story_of_labels(labels, prior)
        now = time.time()
        moves = []
        region_sids = []  # final story of each region row (old rows, then the new ones in order)
        for (rowid, prior_sid, _), label in zip(old, labels[: len(old)].tolist()):
            sid = self._story_for(label, story_of_label, result, now)
            region_sids.append(sid)
            if sid != prior_sid:
                moves.append((sid, rowid))
                result.touched_stories.update((sid, prior_sid))
        conn.executemany("UPDATE articles SET story_id = ? WHERE rowid = ?", moves)
        # a merged story's articles beyond the region (very long stories) follow it
        conn.executemany("UPDATE articles SET story_id = ? WHERE story_id = ?", [(b, a) for a, b in merged.items()])
        result.merged.update(merged)
        label_of_new = dict(zip(real.tolist(), labels[len(old):].tolist()))
        saved = []
        for offset, (article, h, vt) in enumerate(fresh):
            if junk[offset]:
                result.boilerplate.append(article.id)
                sid = None
            else:
                sid = self._story_for(label_of_new[offset], story_of_label, result, now)
                region_sids.append(sid)
                result.touched_stories.add(sid)
            result.story_of[article.id] = sid
            rowid = self._insert(article, h, vt, sid, new_days[offset], now)
            saved.append((rowid, *new_counts[offset]))
        terms.save(conn, saved, idf)
        result.merged_threads = self._assign_threads(region_sids, thread_labels, merged, now)
        self.refresh_stories(result.touched_stories, now)
        self._drop_empty_threads()
        # stories left empty (merged into another) are gone
        result.touched_stories = {sid for sid in result.touched_stories
                                  if conn.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone()}

    def _story_for(self, label: int, story_of_label: dict[int, int], result: AddResult, now: float) -> int:
        """The story id of a group, opening a new story the first time a group without one is seen."""
        if label not in story_of_label:
            story_of_label[label] = self._open("story", now)  # an id never given before (store/threads.py)
            result.new_stories.add(story_of_label[label])
        return story_of_label[label]

    def refresh_stories(self, story_ids: set[int], now: float) -> None:
        """Recount the size and days of these stories; delete those left empty (no transaction of its own)."""
        conn = self.conn
        conn.executemany(
            "UPDATE stories SET size = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id),"
            " first_day = (SELECT MIN(day) FROM articles WHERE story_id = stories.id),"
            " last_day = (SELECT MAX(day) FROM articles WHERE story_id = stories.id),"
            " sources = (SELECT COUNT(DISTINCT source) FROM articles WHERE story_id = stories.id),"
            " updated_at = ? WHERE id = ?",
            [(now, sid) for sid in story_ids],
        )
        conn.executemany("DELETE FROM stories WHERE id = ? AND size = 0", [(sid,) for sid in story_ids])

    def _insert(self, article: Article, h: str, vt: str, sid: int | None, day: float, now: float) -> int:
        cur = self.conn.execute(
            "INSERT INTO articles (id, content_hash, story_id, source, title, url, published, author, origin,"
            " day, text, vector_text, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, h, sid, article.source, article.title, article.url, article.published,
             article.author, article.origin, None if math.isnan(day) else float(day), article.text, vt, now),
        )
        return int(cur.lastrowid)
