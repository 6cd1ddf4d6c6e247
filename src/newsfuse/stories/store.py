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

Schema versions: ``PRAGMA user_version`` and the ordered list :data:`MIGRATIONS`
(step N brings version N-1 to N, in its own transaction); opening a store
migrates it forward. Other modules may append steps; never edit a released one.
``PRAGMA application_id`` marks the file as newsfuse's: anything else (another
program's SQLite file) is refused before anything is written to it
(:func:`newsfuse.stories.tables.check_ours`).

Public methods (stable): :meth:`StoryStore.add`, :meth:`StoryStore.add_texts`,
:meth:`StoryStore.articles_of`, :meth:`StoryStore.story_ids`, :meth:`StoryStore.story_info`,
:meth:`StoryStore.count`, :meth:`StoryStore.story_of_texts`,
:meth:`StoryStore.load_stats`, :meth:`StoryStore.close`; ``conn`` is the open
``sqlite3`` connection (autocommit mode: callers open their own transactions).

Each call to :meth:`StoryStore.add` is ONE transaction: a crash or Ctrl-C
mid-batch rolls back to the database as it was before the batch.
"""
from __future__ import annotations

import math
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp

from ..ingest import Article
from . import cluster, features, index, regroup, tables
from .records import content_hash, days_of, vector_text

# ---- schema: PRAGMA user_version + ordered migration steps ---------------------------------
# Step N (1-based) brings a database at user_version N-1 to N. A step is SQL (run statement
# by statement; the tables of versions 1 and 2 are in stories/tables.py) or a callable taking
# the connection. Every step runs inside the same
# transaction as the user_version update, so a failed migration leaves the old version.
# Append new steps at the end; never edit or reorder a released one.


def _backfill_v2(conn: sqlite3.Connection) -> None:
    """Analyse the articles stored by a version-1 database (the one time their texts are re-read)."""
    for statement in _statements(tables.V2):
        conn.execute(statement)
    stats = StoryStore._stats_from(conn)
    idf = stats.idf()
    rows = conn.execute("SELECT rowid, vector_text FROM articles ORDER BY rowid").fetchall()
    index.save(conn, [(rowid, *index.counts(features.content_terms(features.analyse(vt), stats)))
                      for rowid, vt in rows], idf)


# ---- service layer (issue 12): v3 FTS5 search over articles, v4 the brief cache ----------------
# Their SQL is in newsfuse.service.schema (the service reads and writes these tables). Append
# later steps after these; never reorder released ones.
from ..service.schema import SERVICE_STEPS  # noqa: E402

MIGRATIONS: list = [tables.V1, _backfill_v2, *SERVICE_STEPS]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`, one step per version; returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise tables.StoreError(f"database schema version {version} is newer than this newsfuse ({SCHEMA_VERSION})")
    for step_no in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[step_no - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id = {tables.APPLICATION_ID}")
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step_no}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split an SQL script into statements (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]


@dataclass
class AddResult:
    """What one batch did: new article ids -> story id, and what was skipped as already stored."""

    story_of: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int | None] = field(default_factory=dict)  # id of an article already stored -> its story
    boilerplate: list[str] = field(default_factory=list)  # ids of articles with no content left: in no story
    new_stories: set[int] = field(default_factory=set)
    touched_stories: set[int] = field(default_factory=set)  # stories that exist after the batch and changed
    merged: dict[int, int] = field(default_factory=dict)  # stored story id -> the id it was merged into (now gone)
    candidates: int = 0  # stored articles the index offered as candidates
    region: int = 0  # stored articles re-grouped with the batch (those of the touched stories)


class StoryStore:
    """One SQLite story database; see the module docstring for what is kept and how a batch runs."""

    def __init__(self, path: str | Path, *, threshold: float = cluster.DEFAULT_THRESHOLD):
        self.path = Path(path)
        self.threshold = threshold
        self.conn = None
        try:
            self.conn = tables.open_db(self.path)
            self.version = migrate(self.conn)  # in the old journal mode: a failed step leaves the file as it was
            self.conn.execute("PRAGMA journal_mode=WAL")
        except BaseException as exc:
            if self.conn is not None:
                self.conn.close()
            if isinstance(exc, sqlite3.Error):
                raise tables.StoreError(f"cannot open database {self.path}: {tables.explain(exc)}") from None
            raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoryStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- reading --------------------------------------------------------------------------
    def load_stats(self) -> features.CorpusStats:
        """The stored corpus statistics (document frequencies of shingles and terms)."""
        return self._stats_from(self.conn)

    @staticmethod
    def _stats_from(conn: sqlite3.Connection) -> features.CorpusStats:
        rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('n_docs', 'shingle_df', 'term_df')"))
        if "n_docs" not in rows:
            return features.CorpusStats()
        return features.CorpusStats(
            n_docs=int(rows["n_docs"]),
            shingle_df=np.frombuffer(zlib.decompress(rows["shingle_df"]), dtype=np.uint16).copy(),
            term_df=np.frombuffer(zlib.decompress(rows["term_df"]), dtype=np.uint32).copy(),
        )

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
            stats = self.load_stats()
            stats.add_shingles(all_docs)
            known = [conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (h,)).fetchone() is not None
                     for _, h, _ in fresh]
            repeated += [(a, h) for (a, h, _), k in zip(fresh, known) if k]
            fresh_docs = [d for d, k in zip(fresh_docs, known) if not k]
            fresh = [f for f, k in zip(fresh, known) if not k]
            self._assign(fresh, fresh_docs, stats, result)
            self._add_copies(repeated, result)
            self._save_stats(stats)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return result

    def _add_copies(self, repeated: list[tuple[Article, str]], result: AddResult) -> None:
        """List each repeated text under its stored article (once per id), with that article's story."""
        now = time.time()
        for article, h in repeated:
            rowid, stored_id, sid = self.conn.execute(
                "SELECT rowid, id, story_id FROM articles WHERE content_hash = ?", (h,)).fetchone()
            result.duplicates[article.id] = sid
            if article.id != stored_id:
                day = days_of(article.published)
                self.conn.execute(
                    "INSERT OR IGNORE INTO copies (of_article, id, source, title, url, published, author, origin,"
                    " day, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (rowid, article.id, article.source, article.title, article.url, article.published,
                     article.author, article.origin, None if math.isnan(day) else day, now))

    def _rows_of(self, where: str, params: Sequence) -> list[tuple[int, int, float]]:
        """(rowid, story id, day) of stored articles in a story (no text is read)."""
        rows = self.conn.execute(
            f"SELECT rowid, story_id, day FROM articles WHERE story_id IS NOT NULL AND {where}", params).fetchall()
        return [(r, s, np.nan if d is None else d) for r, s, d in rows]

    def _assign(self, fresh, new_docs, stats: features.CorpusStats, result: AddResult) -> None:
        """Group the new articles with the stored stories they touch and write the result."""
        if not fresh:
            return
        conn = self.conn
        new_terms = [features.content_terms(d, stats) for d in new_docs]
        stats.add_terms(new_terms)
        idf = stats.idf()
        new_counts = [index.counts(t) for t in new_terms]
        junk = np.array([features.is_boilerplate(t) for t in new_terms], dtype=bool)  # in no story
        real = np.flatnonzero(~junk)
        new_days = np.array([days_of(a.published) for a, _, _ in fresh], dtype=np.float64)
        X_new = index.vectorise([new_counts[i] for i in real], idf)
        # 1. candidates from the index, 2. the stories they touch, 3. those stories' articles
        cand = []
        for start in range(0, len(index_ids := index.candidates(conn, [new_counts[i] for i in real], idf)), 500):
            part = index_ids[start : start + 500]
            cand += self._rows_of(f"rowid IN ({','.join('?' * len(part))})", part)
        result.candidates = len(cand)
        terms = index.load(conn, [r for r, _, _ in cand])
        X_cand = index.vectorise([terms[r] for r, _, _ in cand], idf)
        cand_story = np.array([s for _, s, _ in cand], dtype=np.int64)
        sizes: dict[int, int] = {}
        ids = sorted(set(cand_story.tolist()))
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sizes.update(conn.execute(f"SELECT id, size FROM stories WHERE id IN ({','.join('?' * len(part))})", part))
        touched = regroup.touched_stories(X_new, X_cand, cand_story, story_size=sizes, threshold=self.threshold)
        old: list[tuple[int, int, float]] = []
        for sid in touched:  # most strongly touched first, within the region's bound
            rows = self._rows_of("story_id = ? ORDER BY rowid DESC LIMIT ?", (int(sid), regroup.MAX_STORY_ROWS))
            if old and len(old) + len(rows) > regroup.MAX_REGION_ROWS:
                break
            old += rows
        result.region = len(old)
        terms.update(index.load(conn, [r for r, _, _ in old if r not in terms]))
        X = sp.vstack([index.vectorise([terms[r] for r, _, _ in old], idf), X_new]).tocsr()
        days = np.concatenate([np.array([d for _, _, d in old], dtype=np.float64), new_days[real]])
        prior = np.array([s for _, s, _ in old] + [-1] * len(real), dtype=np.int64)
        labels = cluster.cluster(X, days=days, threshold=self.threshold)
        story_of_label, merged = regroup.story_of_labels(labels, prior)
        now = time.time()
        moves = []
        for (rowid, prior_sid, _), label in zip(old, labels[: len(old)].tolist()):
            sid = self._story_for(label, story_of_label, result, now)
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
                result.touched_stories.add(sid)
            result.story_of[article.id] = sid
            rowid = self._insert(article, h, vt, sid, new_days[offset], now)
            saved.append((rowid, *new_counts[offset]))
        index.save(conn, saved, idf)
        self._refresh_stories(result.touched_stories, now)
        # stories left empty (merged into another) are gone
        result.touched_stories = {sid for sid in result.touched_stories
                                  if conn.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone()}

    def _story_for(self, label: int, story_of_label: dict[int, int], result: AddResult, now: float) -> int:
        """The story id of a group, opening a new story the first time a group without one is seen."""
        if label not in story_of_label:
            cur = self.conn.execute("INSERT INTO stories (created_at, updated_at) VALUES (?, ?)", (now, now))
            story_of_label[label] = int(cur.lastrowid)
            result.new_stories.add(story_of_label[label])
        return story_of_label[label]

    def _refresh_stories(self, story_ids: set[int], now: float) -> None:
        conn = self.conn
        conn.executemany(
            "UPDATE stories SET size = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id),"
            " first_day = (SELECT MIN(day) FROM articles WHERE story_id = stories.id),"
            " last_day = (SELECT MAX(day) FROM articles WHERE story_id = stories.id),"
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

    def _save_stats(self, stats: features.CorpusStats) -> None:
        values = {
            "n_docs": str(stats.n_docs).encode(),
            "shingle_df": zlib.compress(stats.shingle_df.tobytes(), 1),
            "term_df": zlib.compress(stats.term_df.tobytes(), 1),
        }
        self.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())
