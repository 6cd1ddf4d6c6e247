"""Incremental SQLite store: two runs, duplicates stored once, interrupted runs roll back."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from test_stories_data import PHONE, QUAKE, TRANSFER, articles

from newsfuse.store import StoryStore


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
        from newsfuse.store import StoryStore
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


# ---- re-grouping the touched stories (issue 5) ---------------------------------------------
# Two reports of one eruption that share too little to be one story on their own (cosine
# about 0.16 < 0.2), and a later report that resembles both (about 0.3 to each): in one batch
# average linkage puts the three together, so a batch-wise store must end there too.
ERUPTION = (
    "Volcano Kestrel erupted near the fishing town of Brennafjord, sending an ash column over the fjord "
    "and grounding every flight from the northern airport.",
    "Geologists measured lava flowing toward the harbour road as evacuation buses "
    "left the town overnight, emergency officials reported.",
)
BRIDGE = (
    "Kestrel's eruption near Brennafjord grounded flights under an ash column while lava crept toward the "
    "harbour road and evacuation buses carried residents from the fishing town."
)


def stories_table(conn):
    return {sid: (size, first, last) for sid, size, first, last in
            conn.execute("SELECT id, size, first_day, last_day FROM stories")}


def assert_consistent(conn):
    """Every stored article's story exists and every story's size and day span match its articles."""
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles WHERE story_id IS NOT NULL AND story_id NOT IN (SELECT id FROM stories)"
    ).fetchone()[0]
    assert orphans == 0
    actual = {sid: (n, lo, hi) for sid, n, lo, hi in conn.execute(
        "SELECT story_id, COUNT(*), MIN(day), MAX(day) FROM articles WHERE story_id IS NOT NULL GROUP BY story_id")}
    assert stories_table(conn) == actual


def test_stories_that_arrived_apart_merge_when_a_bridging_report_comes(tmp_path):
    published = ["2024-05-01", "2024-05-02", None, None, None]
    with StoryStore(tmp_path / "stories.db") as store:
        first = store.add(articles(list(ERUPTION) + PHONE, prefix="a", published=published))
        ash, lava = first.story_of["a0"], first.story_of["a1"]
        phone = first.story_of["a2"]
        assert ash != lava  # not enough in common on their own
        phone_articles = [a.id for a in store.articles_of(phone)]
        second = store.add(articles([BRIDGE], prefix="b", published=["2024-05-03"]))
        survivor = second.story_of["b0"]
        # the old store kept the two stored stories apart whatever came later
        assert {a.id for a in store.articles_of(survivor)} == {"a0", "a1", "b0"}
        assert survivor == min(ash, lava)  # equal parts: the older id survives
        gone = max(ash, lava)
        assert second.merged == {gone: survivor}
        assert gone not in store.story_ids() and gone not in second.touched_stories
        assert survivor in second.touched_stories and not second.new_stories
        assert [a.id for a in store.articles_of(phone)] == phone_articles  # untouched story: same id, same articles
        assert_consistent(store.conn)
        day = store.conn.execute("SELECT first_day, last_day, size FROM stories WHERE id = ?", (survivor,)).fetchone()
        assert day[2] == 3 and day[1] - day[0] == 2.0  # May 1 .. May 3
        # a copy of a merged-away story's article reports the surviving story
        again = store.add(articles([ERUPTION[1]], prefix="c"))
        assert again.duplicates == {"c0": survivor}


def test_batches_end_where_one_batch_ends(tmp_path):
    texts = list(ERUPTION) + QUAKE + [BRIDGE] + TRANSFER + PHONE
    with StoryStore(tmp_path / "one.db") as store:
        store.add(articles(texts, prefix="t"))
        one = store.story_of_texts(texts)
    with StoryStore(tmp_path / "many.db") as store:
        for start in range(0, len(texts), 4):
            store.add(articles(texts[start : start + 4], prefix=f"t{start}_"))
        many = store.story_of_texts(texts)
        assert_consistent(store.conn)
    same = lambda labels: [[a == b for b in labels] for a in labels]  # noqa: E731 - same partition, any ids
    assert same(many) == same(one)
    assert len(set(one)) == 4  # eruption, quake, transfer, phone


def test_time_rule_still_keeps_far_apart_reports_out_of_a_merge(tmp_path):
    with StoryStore(tmp_path / "stories.db") as store:
        first = store.add(articles(list(ERUPTION), prefix="a", published=["2024-05-01", "2025-06-01"]))
        second = store.add(articles([BRIDGE], prefix="b", published=["2024-05-02"]))
        assert second.story_of["b0"] == first.story_of["a0"]  # the bridge joins the report of its week
        assert second.story_of["b0"] != first.story_of["a1"]  # a year later, moderate similarity: apart
        assert not second.merged
        assert_consistent(store.conn)


def test_error_after_a_merge_leaves_no_partial_merge(tmp_path, monkeypatch):
    db = tmp_path / "stories.db"
    with StoryStore(db) as store:
        store.add(articles(list(ERUPTION) + PHONE, prefix="a"))
    before = snapshot(db)
    seen = {}
    original = StoryStore._insert

    def failing_insert(self, *args):
        # the stored stories are already merged inside the transaction when the batch fails
        seen["stories with articles"] = self.conn.execute(
            "SELECT COUNT(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL").fetchone()[0]
        raise KeyboardInterrupt

    monkeypatch.setattr(StoryStore, "_insert", failing_insert)
    with StoryStore(db) as store:
        with pytest.raises(KeyboardInterrupt):
            store.add(articles([BRIDGE], prefix="b"))
    assert seen["stories with articles"] == 2  # eruption (merged) + phone, before: 3
    assert snapshot(db) == before
    monkeypatch.setattr(StoryStore, "_insert", original)
    with StoryStore(db) as store:
        assert_consistent(store.conn)
        redo = store.add(articles([BRIDGE], prefix="b"))
        assert len(redo.merged) == 1 and store.count() == (6, 2)


def test_statistics_kept_between_batches_follow_other_writers_and_rollbacks(tmp_path, monkeypatch):
    db = tmp_path / "stories.db"
    with StoryStore(db) as first, StoryStore(db) as second:
        first.add(articles(QUAKE, prefix="a"))
        second.add(articles(TRANSFER, prefix="b"))  # another connection commits: ``first``'s copy is stale
        first.add(articles(PHONE, prefix="c"))
        n = len(QUAKE) + len(TRANSFER) + len(PHONE)
        assert first.load_stats().n_docs == second.load_stats().n_docs == n
        monkeypatch.setattr(StoryStore, "refresh_stories", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
        with pytest.raises(KeyboardInterrupt):  # the batch rolls back after its statistics were counted
            first.add(articles([QUAKE[0] + " Rescuers reached the last village on Friday."], prefix="d"))
        monkeypatch.undo()
        first.add(articles([TRANSFER[0] + " The fee was confirmed on Friday."], prefix="e"))
        assert first.load_stats().n_docs == n + 1
        assert first._current_stats().n_docs == n + 1
