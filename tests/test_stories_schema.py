"""The story store's schema is versioned (PRAGMA user_version) and old databases migrate forward."""
from __future__ import annotations

import sqlite3

import pytest

from test_stories_data import QUAKE, TRANSFER, articles

from newsfuse.store import schema as store_mod
from newsfuse.store import SCHEMA_VERSION, StoryStore


def test_new_database_is_at_the_current_version_in_wal_mode(tmp_path):
    with StoryStore(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_version_1_database_migrates_and_keeps_its_stories(tmp_path):
    db = tmp_path / "old.db"
    # a version-1 database as the earlier code wrote it: only the first step, user_version 0
    conn = sqlite3.connect(db)
    conn.executescript(store_mod.MIGRATIONS[0])
    conn.execute("INSERT INTO stories (id, size, created_at, updated_at) VALUES (7, 2, 0, 0)")
    for n, text in enumerate(QUAKE[:2]):
        conn.execute(
            "INSERT INTO articles (id, content_hash, story_id, source, text, vector_text, added_at)"
            " VALUES (?, ?, 7, 'x', ?, ?, 0)", (f"old{n}", f"h{n}", text, text))
    conn.commit()
    conn.close()
    with StoryStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 2  # backfilled
        assert store.conn.execute("SELECT COUNT(DISTINCT article) FROM postings").fetchone()[0] == 2
        added = store.add(articles([QUAKE[2], TRANSFER[0]], prefix="n"))
        assert added.story_of["n0"] == 7  # the new quake report finds the migrated story
        assert added.story_of["n1"] != 7


def test_a_failed_step_leaves_the_old_version(tmp_path, monkeypatch):
    db = tmp_path / "s.db"
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS + [broken])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match="step failed"):
        StoryStore(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    conn.close()


def test_deleting_an_article_deletes_its_analysis_postings_and_copies(tmp_path):
    with StoryStore(tmp_path / "s.db") as store:
        store.add(articles(QUAKE + [QUAKE[0]], prefix="a"))  # a3: a copy of a0 under another id
        conn = store.conn
        (rowid,) = conn.execute("SELECT rowid FROM articles WHERE id = 'a0'").fetchone()
        assert conn.execute("SELECT COUNT(*) FROM copies WHERE of_article = ?", (rowid,)).fetchone()[0] == 1
        conn.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        for table, column in (("analyses", "article"), ("postings", "article"), ("copies", "of_article")):
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (rowid,)).fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM postings").fetchone()[0] > 0  # the others keep theirs


def test_articles_analysed_before_the_views_get_them_once(tmp_path):
    """A store made before issue 17 kept body terms only: step 9 adds each article's lead, numbers and
    names terms (and their document frequencies) from its stored text, keeping its body terms, so a
    stored article meets new ones through every view, as one stored by today's code does."""
    from newsfuse.stories import features, index
    from newsfuse.store import terms

    db = tmp_path / "before-views.db"
    with StoryStore(db) as store:
        store.add(articles(QUAKE[:2] + TRANSFER[:1], prefix="o"))
        conn = store.conn
        full = {r: index.unpack(b) for r, b in conn.execute("SELECT article, terms FROM analyses")}
        stats = terms.load_stats(conn)
        df_full = stats.term_df.copy()
        # as the code before the views stored them: body terms only, view terms never counted
        with store.transaction():
            for rowid, (ids, tf) in full.items():
                body = ids < features.N_FEATURES
                assert (~body).any()  # today's analysis has view terms
                stats.term_df[ids[~body]] -= 1
                conn.execute("UPDATE analyses SET terms = ? WHERE article = ?", (index.pack(ids[body], tf[body]), rowid))
            terms.save_stats(conn, stats)
            conn.execute("PRAGMA user_version = 8")  # before step 9
    with StoryStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        again = {r: index.unpack(b) for r, b in store.conn.execute("SELECT article, terms FROM analyses")}
        assert again.keys() == full.keys()
        for rowid, (ids, tf) in full.items():
            assert again[rowid][0].tolist() == ids.tolist() and again[rowid][1].tolist() == tf.tolist()
        assert (store.load_stats().term_df == df_full).all()
        added = store.add(articles([QUAKE[2]], prefix="n"))
        assert added.story_of["n0"] == store.story_of_texts([QUAKE[0]])[0]  # the new report joins its story
    # safe to run again: nothing changes for articles that have their views
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT group_concat(hex(terms)) FROM analyses").fetchone()[0]
    store_mod._views_v9(conn)
    assert conn.execute("SELECT group_concat(hex(terms)) FROM analyses").fetchone()[0] == before
    conn.close()
