"""Incremental SQLite store: two runs, duplicates stored once, interrupted runs roll back."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from test_stories_data import PHONE, QUAKE, TRANSFER, articles

from newsfuse.stories.store import StoryStore


def snapshot(path):
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall(),
            conn.execute("SELECT id, size FROM stories ORDER BY id").fetchall(),
            conn.execute("SELECT value FROM meta WHERE key = 'n_docs'").fetchall(),
        )
    finally:
        conn.close()


def test_second_run_extends_stories_and_opens_new_ones(tmp_path):
    db = tmp_path / "stories.db"
    with StoryStore(db) as store:
        first = store.add(articles(QUAKE[:2] + TRANSFER[:2], prefix="a"))
        assert len(first.new_stories) == 2
        assert first.story_of["a0"] == first.story_of["a1"] != first.story_of["a2"] == first.story_of["a3"]
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with StoryStore(db) as store:  # a later run, a new connection
        second = store.add(articles([QUAKE[2], TRANSFER[2]] + PHONE, prefix="b"))
        assert second.story_of["b0"] == first.story_of["a0"]  # joins the stored quake story
        assert second.story_of["b1"] == first.story_of["a2"]  # joins the stored transfer story
        assert len(second.new_stories) == 1  # the phone story is new
        assert second.story_of["b2"] == second.story_of["b3"] == second.story_of["b4"]
        assert store.count() == (9, 3)
        sizes = dict(store.conn.execute("SELECT id, size FROM stories"))
        assert sizes[first.story_of["a0"]] == 3
        assert [a.id for a in store.articles_of(first.story_of["a0"])] == ["a0", "a1", "b0"]


def test_duplicate_article_is_stored_once(tmp_path):
    db = tmp_path / "stories.db"
    with StoryStore(db) as store:
        first = store.add(articles(QUAKE + [QUAKE[0]], prefix="a"))  # repeated within the batch
        assert first.duplicates == {"a3": first.story_of["a0"]}
        again = store.add(articles(["  " + QUAKE[1].upper() + "\n"], prefix="c"))  # same text, other case/spacing
        assert again.story_of == {}
        assert again.duplicates == {"c0": first.story_of["a1"]}
        assert store.count() == (3, 1)


def test_error_mid_batch_leaves_database_as_before(tmp_path, monkeypatch):
    db = tmp_path / "stories.db"
    with StoryStore(db) as store:
        store.add(articles(QUAKE, prefix="a"))
    before = snapshot(db)
    calls = {"n": 0}
    original = StoryStore._insert

    def failing_insert(self, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # as if Ctrl-C arrived mid-batch
        return original(self, *args)

    monkeypatch.setattr(StoryStore, "_insert", failing_insert)
    with StoryStore(db) as store:
        with pytest.raises(KeyboardInterrupt):
            store.add(articles(TRANSFER + PHONE, prefix="b"))
    assert calls["n"] == 3
    assert snapshot(db) == before
    monkeypatch.setattr(StoryStore, "_insert", original)
    with StoryStore(db) as store:  # the database is usable afterwards and the batch can be redone
        redo = store.add(articles(TRANSFER + PHONE, prefix="b"))
        assert len(redo.story_of) == 6 and store.count() == (9, 3)


def test_killed_process_mid_batch_leaves_consistent_database(tmp_path):
    db = tmp_path / "stories.db"
    with StoryStore(db) as store:
        store.add(articles(QUAKE, prefix="a"))
    before = snapshot(db)
    script = textwrap.dedent(
        f"""
        import os, sys
        from newsfuse.stories.store import StoryStore
        from newsfuse.ingest import Article
        texts = {TRANSFER + PHONE!r}
        original = StoryStore._insert
        count = [0]
        def dying_insert(self, *args):
            original(self, *args)
            count[0] += 1
            if count[0] == 2:
                os._exit(9)  # killed: no rollback, no cleanup, half a batch written
        StoryStore._insert = dying_insert
        store = StoryStore({str(db)!r})
        store.add([Article(id=f"k{{i}}", source="x", text=t) for i, t in enumerate(texts)])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    assert snapshot(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
