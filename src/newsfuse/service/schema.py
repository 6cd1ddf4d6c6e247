"""The service layer's own tables in the story database: full-text search and the brief cache.

They are schema versions 3 and 4 of the story database: :data:`SERVICE_STEPS`
is appended to the story store's ordered migration list
(:data:`newsfuse.stories.store.MIGRATIONS`, ``PRAGMA user_version``), so a
database made by an older newsfuse gets them, each in its own transaction,
the first time it is opened. The steps only add tables and triggers beside
the store's own.

* ``articles_fts``: an FTS5 index over the title and text of ``articles``
  (external content: the text is stored once). Triggers keep it in step with
  every insert, update and delete of ``articles``, whoever makes them, so the
  store needs no change; the first step indexes the articles already stored.
* ``brief_cache``: a story's brief for one word budget, kept with the story
  version it was made from; a changed story has another version, so its stale
  rows are never served (and are replaced on the next request).
"""
from __future__ import annotations

import re

_FTS = """
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

_BRIEF_CACHE = """
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

# appended to newsfuse.stories.store.MIGRATIONS (schema versions 3 and 4, PRAGMA user_version)
SERVICE_STEPS: list = [_FTS, _BRIEF_CACHE]


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query: every word must occur (prefix match on each).

    Quotes and operators are not passed through, so no input is an FTS5 syntax error."""
    words = re.findall(r"\w+", text.lower())[:20]
    return " ".join(f'"{w}"*' for w in words) or None
