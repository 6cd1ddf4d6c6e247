"""The service layer's own tables in the story database: full-text search and the brief cache.

They are added by ordered, named migration steps, recorded in
``service_migrations`` (a database opened by an older newsfuse gets the missing
steps, each in its own transaction, the first time the service opens it). The
story store versions its own tables separately (``PRAGMA user_version``); the
steps here only add tables and triggers beside them.

* ``articles_fts``: an FTS5 index over the title and text of ``articles``
  (external content: the text is stored once). Triggers keep it in step with
  every insert, update and delete of ``articles``, whoever makes them, so the
  store needs no change; the first step indexes the articles already stored.
* ``brief_cache``: a story's brief for one word budget, kept with the story
  version it was made from; a changed story has another version, so its stale
  rows are never served (and are replaced on the next request).
"""
from __future__ import annotations

import sqlite3
import time
from typing import Callable, Union

Step = Union[str, Callable[[sqlite3.Connection], None]]

_FTS = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

_BRIEF_CACHE = """
CREATE TABLE brief_cache (
    story_id INTEGER NOT NULL,
    words INTEGER NOT NULL,          -- the word budget
    version TEXT NOT NULL,           -- the story version the brief was made from
    brief TEXT NOT NULL,             -- newsfuse.brief/1 JSON, exactly as `newsfuse brief --format json`
    view TEXT NOT NULL,              -- what the story page needs beside it (JSON)
    created_at REAL NOT NULL,
    PRIMARY KEY (story_id, words)
);
"""

# (name, step): append new steps at the end; never rename, edit or reorder a released one
MIGRATIONS: list[tuple[str, Step]] = [
    ("001_articles_fts", _FTS),
    ("002_brief_cache", _BRIEF_CACHE),
]


def _statements(script: str) -> list[str]:
    """An SQL script as statements (executescript would commit the open transaction)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the steps this database lacks, in order, one transaction each; returns their names.

    ``conn`` must be in autocommit mode (``isolation_level=None``), as the store's is."""
    conn.execute("CREATE TABLE IF NOT EXISTS service_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM service_migrations")}
    unknown = done - {name for name, _ in MIGRATIONS}
    if unknown:
        raise RuntimeError(f"database has service schema steps this newsfuse does not know: {sorted(unknown)}")
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM service_migrations WHERE name = ?", (name,)).fetchone() is None:
                if callable(step):
                    step(conn)
                else:
                    for statement in _statements(step):
                        conn.execute(statement)
                conn.execute("INSERT INTO service_migrations (name, applied_at) VALUES (?, ?)", (name, time.time()))
                applied.append(name)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query: every word must occur (prefix match on each).

    Quotes and operators are not passed through, so no input is an FTS5 syntax error."""
    import re

    words = re.findall(r"\w+", text.lower())[:20]
    return " ".join(f'"{w}"*' for w in words) or None
