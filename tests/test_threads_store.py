"""The store's side of stable addresses and threads (schema step 7), on real SQLite files: ids are
never given twice, redirect chains stay one look-up long, a deleted story takes its redirects with
it, and a database made before step 7 gets a thread per story and its sources counted."""
from __future__ import annotations

import sqlite3
import time

from newsfuse.ingest import Article
from newsfuse.store import SCHEMA_VERSION, StoryStore

TEXTS = [
    ("Harbour crane collapses in Vessby", "A harbour crane collapsed onto a cargo ship in Vessby on Friday, "
     "injuring two dock workers, the port authority said. Crane operator Mats Holm escaped unhurt."),
    ("Vessby school wins robotics final", "Pupils from the Vessby technical school won the national robotics "
     "final on Saturday with a machine that sorts recycling, their teacher Ines Cardo said."),
    ("Snow closes the Aldern pass", "Heavy snow closed the Aldern mountain pass on Sunday, stranding lorries "
     "on both sides, the road agency said. Ploughs were expected to reopen it by Tuesday."),
]


def _articles(prefix: str, items, source: str = "wire") -> list[Article]:
    return [Article(id=f"{prefix}{i}", title=t, text=b, source=f"{source}{i}") for i, (t, b) in enumerate(items)]


def test_ids_are_never_given_twice_and_deletes_take_their_redirects(tmp_path):
    with StoryStore(tmp_path / "s.db") as store:
        first = store.add(_articles("a", TEXTS[:2]))
        ids = sorted(set(first.story_of.values()))
        assert len(ids) == 2
        top = max(ids)
        store.delete_story(top)  # the highest id goes: SQLite alone would give it again
        again = store.add(_articles("b", TEXTS[2:]))
        new = again.story_of["b0"]
        assert new > top and new not in ids
        thread = store.thread_of_story(new)
        assert thread is not None and thread not in {store.thread_of_story(i) for i in ids if i != top}
        # a redirect chain is kept flat: old -> mid, then mid -> survivor answers survivor for both
        keep = min(ids)
        with store.transaction():
            store._redirect("story", {9001: 9002}, time.time())
            store._redirect("story", {9002: keep}, time.time())
        assert store.redirect_of("story", 9001) == keep == store.redirect_of("story", 9002)
        assert store.redirect_of("thread", 9001) is None  # the kinds are apart
        store.delete_story(keep)  # the survivor deleted: its old ids answer 404, never a 301 to nowhere
        assert store.redirect_of("story", 9001) is None and store.redirect_of("story", 9002) is None


def test_a_database_made_before_threads_gets_a_thread_per_story(tmp_path):
    path = tmp_path / "old.db"
    with StoryStore(path) as store:
        store.add(_articles("a", TEXTS) + [Article(id="c", title=TEXTS[0][0], text=TEXTS[0][1] + " More later.",
                                                    source="other")])
        before = dict(store.conn.execute("SELECT id, size FROM stories"))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("DROP INDEX stories_thread; ALTER TABLE stories DROP COLUMN thread_id;"
                       "ALTER TABLE stories DROP COLUMN sources; DROP TABLE threads; DROP TABLE redirects;"
                       "DELETE FROM meta WHERE key IN ('story_id_high', 'thread_id_high');"
                       "PRAGMA user_version = 6;")  # before step 7 (threads)
    conn.close()
    with StoryStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = store.conn.execute("SELECT id, thread_id, sources, size FROM stories").fetchall()
        assert {r[0]: r[3] for r in rows} == before
        assert all(tid == sid for sid, tid, _, _ in rows)  # a thread each, named as its story
        sources = dict(store.conn.execute("SELECT story_id, COUNT(DISTINCT source) FROM articles GROUP BY story_id"))
        assert {sid: n for sid, _, n, _ in rows} == sources
        total, threads = store.list_threads()
        assert total == len(before) == len(threads)
        new = store.add(_articles("z", [("Ferry strike ends in Lorn", "Ferry crews in Lorn ended their strike on "
                                         "Monday after a pay deal, the union said.")]))
        assert new.story_of["z0"] > max(before)
