"""The story store's tables, as SQL: schema versions 1 and 2 (:data:`newsfuse.stories.store.MIGRATIONS`);
and opening a story database: recognising newsfuse's own file, clear errors for every other."""
from __future__ import annotations

import sqlite3
from pathlib import Path


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


# ---- whose file is it: PRAGMA application_id marks a newsfuse story database ------------------
APPLICATION_ID = 0x4E465553  # "NFUS", stamped by the first migration step that runs
BUSY_TIMEOUT_S = 30.0  # how long opening or writing waits for another program's lock
_OUR_TABLES = {"stories", "articles", "meta", "analyses", "postings", "copies", "brief_cache"}


class StoreError(RuntimeError):
    """The file given as a story database cannot be used (the message names it and says why)."""


def check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, without writing anything, a database that is not a newsfuse story database.

    Ours: the newsfuse application id; or (made before the id existed, or new and empty) no id and
    no table but newsfuse's own, with ``stories`` and ``articles`` among them when there are any."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not name.startswith(("sqlite_", "articles_fts"))}
    foreign = sorted(tables - _OUR_TABLES)
    if app_id == 0 and not foreign and (not tables or {"stories", "articles"} <= tables):
        return
    why = f"its tables {', '.join(foreign[:5])}{' ...' if len(foreign) > 5 else ''} are not newsfuse's" \
        if foreign else (f"application id {app_id:#x}" if app_id else "it lacks newsfuse's tables")
    raise StoreError(f"{path} is not a newsfuse story database ({why}); it was left untouched")


def open_db(path: Path) -> sqlite3.Connection:
    """Connect to a story database, refusing (:class:`StoreError`, nothing written) what is not one."""
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a directory")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: its folder does not exist")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)  # explicit transactions
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {explain(exc)}") from None
    try:
        check_ours(conn, path)  # reads only: a foreign file is never switched to WAL or given tables
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        conn.close()
        raise
    return conn


def explain(exc: sqlite3.Error, waited: float | None = None) -> str:
    """SQLite's error in words a user can act on (``waited``: the busy timeout in seconds)."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the file is corrupt or not an SQLite database"
    if "readonly" in text:
        return "the file is read-only (no permission to write it or its folder)"
    if "locked" in text or "busy" in text:
        return f"it is locked by another program (waited {BUSY_TIMEOUT_S if waited is None else waited:g} s)"
    if "unable to open" in text:
        return "no permission to open or create it"
    return text
