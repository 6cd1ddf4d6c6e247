"""The story store's tables, as SQL: schema versions 1 and 2 (:data:`newsfuse.stories.store.MIGRATIONS`)."""

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
