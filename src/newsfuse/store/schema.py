"""The story database's schema: every table, as SQL, and the ordered migrations that build it.

``PRAGMA user_version`` is the schema version; :data:`MIGRATIONS` step N (1-based)
brings a database at version N-1 to N, inside one transaction with the
``user_version`` update (a failed step leaves the old version). Opening a
store runs the missing steps (:func:`migrate`). A step is SQL (run statement
by statement) or a callable taking the connection. Append new steps at the
end; never edit or reorder a released one (see :mod:`newsfuse.store` for how
to add a table).

1. ``stories``, ``articles``, ``meta`` (corpus statistics);
2. ``analyses``, ``postings`` (the candidate index, :mod:`newsfuse.stories.index`)
   and ``copies`` (an article's text arriving under another id), backfilled;
3. ``articles_fts``: an FTS5 index over the title and text of ``articles``
   (external content: the text is stored once), kept in step by triggers on
   every insert, update and delete; the step indexes the articles already stored;
4. ``brief_cache``: a story's brief for one word budget, kept with the story
   version it was made from (a changed story has another version, so its stale
   rows are never served);
5. ``feeds`` and what goes with them (:mod:`newsfuse.store.feeds`);
6. ``articles_fts`` made again for ranked search (:mod:`newsfuse.store.search`): Porter-stemmed,
   ``+`` and ``#`` inside words; its triggers made again; the articles stored indexed.
7. threads and stable addresses (issue 17): ``threads`` (a developing topic:
   the event stories whose ``stories.thread_id`` names it; existing stories
   each open a thread of their own), ``stories.sources`` (distinct sources,
   for the importance order) and ``redirects`` (a story or thread merged
   into another: its old id answers with the surviving one).
8. ``briefs_fts``: an FTS5 index over the text of each story's newest cached brief (one row per story,
   rowid the story id, with when that brief was made), the same tokenizer as step 6's; kept in step by
   triggers on every insert, update and delete of ``brief_cache`` rows; the step indexes the briefs
   already cached. Search ranks a story higher when its current brief matches (:mod:`newsfuse.store.search`).
9. the views of articles analysed before them (:func:`_views_v9`): a store made before issue 17 kept
   each article's body terms only, so its stored articles met new ones through the body cosine alone;
   their texts are analysed once more and the lead, numbers and names terms added to their analyses
   (measured: 4,697 Multi-News articles in 4.2 s, about 0.9 ms an article, on this 2-core machine under
   load: a store of 100,000 takes its next open about a minute and a half, once).
"""
from __future__ import annotations

import sqlite3

import numpy as np

from ..stories import features, index
from . import terms
from .db import APPLICATION_ID, StoreError, select_in

V1 = """
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    size INTEGER NOT NULL DEFAULT 0,
    first_day REAL,
    last_day REAL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    story_id INTEGER REFERENCES stories(id),  -- NULL: boilerplate only, in no story
    source TEXT NOT NULL,
    title TEXT,
    url TEXT,
    published TEXT,
    author TEXT,
    origin TEXT NOT NULL DEFAULT '',
    day REAL,
    text TEXT NOT NULL,
    vector_text TEXT NOT NULL,
    added_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
"""

# version 2: each article's analysis (so a batch never re-reads stored texts), an inverted
# index from its most telling terms to articles (candidate search), and copies of a stored
# article that arrived under another id (listed with their story, text stored once)
V2 = """
CREATE TABLE analyses (
    article INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    terms BLOB NOT NULL             -- index.pack: content-term ids and counts when stored
);
CREATE TABLE postings (
    term INTEGER NOT NULL,          -- hashed term id (features.N_FEATURES space)
    article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    PRIMARY KEY (term, article)
) WITHOUT ROWID;
CREATE INDEX postings_article ON postings(article);
CREATE TABLE copies (
    rowid INTEGER PRIMARY KEY,
    of_article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    id TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    url TEXT,
    published TEXT,
    author TEXT,
    origin TEXT NOT NULL DEFAULT '',
    day REAL,
    added_at REAL NOT NULL,
    UNIQUE (of_article, id)
);
"""

V3_SEARCH = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

V4_BRIEF_CACHE = """
CREATE TABLE IF NOT EXISTS brief_cache (
    story_id INTEGER NOT NULL,
    words INTEGER NOT NULL,          -- the word budget
    version TEXT NOT NULL,           -- the story version the brief was made from
    brief TEXT NOT NULL,             -- newsfuse.brief/2 JSON, exactly as `newsfuse brief --format json`
    view TEXT NOT NULL,              -- what the story page needs beside it (JSON)
    created_at REAL NOT NULL,
    PRIMARY KEY (story_id, words)
);
"""


def _backfill_v2(conn: sqlite3.Connection) -> None:
    """Analyse the articles stored by a version-1 database (the one time their texts are re-read)."""
    for statement in statements(V2):
        conn.execute(statement)
    stats = terms.load_stats(conn)
    idf = stats.idf()
    rows = conn.execute("SELECT rowid, vector_text FROM articles ORDER BY rowid").fetchall()
    terms.save(conn, [(rowid, *index.counts(features.article_terms(features.analyse(vt), stats)))
                      for rowid, vt in rows], idf)



def _views_v9(conn: sqlite3.Connection, batch: int = 2000) -> None:
    """Give the articles analysed before the views (issue 17: lead, numbers and names, besides the body)
    their view terms: each such article's stored text is analysed again (the one time it is re-read), its
    analysis replaced by one with every view, and the document frequencies of its view terms counted.
    Its body terms, their frequencies and its postings stay as they were (the same rule makes them).
    An article whose analysis holds a view term already is left alone, so the step is safe to run again."""
    stats = terms.load_stats(conn)
    todo = {rowid: index.unpack(blob) for rowid, blob in conn.execute("SELECT article, terms FROM analyses")}
    todo = {rowid: body for rowid, body in todo.items() if not (body[0] >= features.N_FEATURES).any()}
    order = sorted(todo)
    for start in range(0, len(order), batch):
        rows = select_in(conn, "SELECT rowid, vector_text FROM articles WHERE rowid IN ({in})",
                         order[start:start + batch])
        saved = []
        for rowid, vt in rows:
            ids, tf = index.counts(features.article_terms(features.analyse(vt), stats))
            view = ids >= features.N_FEATURES  # np.unique's order: the body ids (below) first
            body_ids, body_tf = todo[rowid]
            saved.append((index.pack(np.concatenate([body_ids, ids[view]]).astype(np.uint32),
                                     np.concatenate([body_tf, tf[view]]).astype(np.uint16)), rowid))
            stats.term_df[ids[view]] += 1  # ids are unique: one document each
        conn.executemany("UPDATE analyses SET terms = ? WHERE article = ?", saved)
    terms.save_stats(conn, stats)

# ---- the ordered steps: append, never edit or reorder a released one --------------------------
from .feeds import V5_FEEDS  # noqa: E402  (followed feeds, item keys, story versions: store/feeds.py)

from .search import V6_SEARCH  # noqa: E402  (the search index rebuilt: stemmed, C++ a word; store/search.py)

from .threads import V7_THREADS  # noqa: E402  (threads, sources, redirects: store/threads.py)

from .search import V8_BRIEF_SEARCH  # noqa: E402  (the briefs' search index: store/search.py)

MIGRATIONS: list = [V1, _backfill_v2, V3_SEARCH, V4_BRIEF_CACHE, V5_FEEDS, V6_SEARCH, V7_THREADS, V8_BRIEF_SEARCH,
                   _views_v9]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`, one step per version; returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this newsfuse ({SCHEMA_VERSION})")
    for step_no in range(version + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[step_no - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if callable(step):
                step(conn)
            else:
                for statement in statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step_no}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def statements(script: str) -> list[str]:
    """Split an SQL script into statements (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]
