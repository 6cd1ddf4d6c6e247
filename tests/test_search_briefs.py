"""Search ranks by briefs too (issue 21, schema step 8): a story whose current brief matches outranks one
whose match is only in an article's text; the brief index follows brief_cache by triggers, is built by
its migration from a version-7 database, and a stale brief neither boosts nor adds a match."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from newsfuse.ingest import Article
from newsfuse.store import SCHEMA_VERSION, StoryStore
from newsfuse.store import schema as store_mod

# written for this test: two unrelated stories that both say "lighthouse" once, the first a longer text
# (so bm25 alone ranks the second first), the third never says it
CENTRAL = ("Keepers return to Carrow Point", "The old keepers' cottages at Carrow Point were reopened on Tuesday "
           "after a winter of repairs by the county trust. Volunteers painted the walls, mended the slate roof and "
           "cleared the path along the cliff. The restored Carrow lighthouse will guide trawlers again from May, "
           "the trust said. Visitors can climb the tower at weekends, and a small museum tells the story of the "
           "families who kept the lamp burning for two centuries. Tickets cost four pounds.")
DEEP = ("Oyster festival draws crowds", "Thousands came to the oyster festival in Brenmouth on Saturday. Stalls "
        "sold smoked fish and cider, and a brass band played by the quay. Boats lined up near the lighthouse.")
OTHER = ("Council approves bus lanes", "The city council approved new bus lanes on Friday after a long debate "
         "about parking, cycling and the cost of the works.")
LAMP = "The restored Carrow lighthouse will guide trawlers again from May, the trust said."


def brief_json(*sentences: str) -> str:
    return json.dumps({"schema": "newsfuse.brief/2", "title": "t",
                       "sentences": [{"text": s, "source": 1} for s in sentences]})


@pytest.fixture
def store(tmp_path):
    s = StoryStore(tmp_path / "s.db")
    s.add([Article(id=k, source=k, title=t, text=x, origin=k)
           for k, (t, x) in {"central": CENTRAL, "deep": DEEP, "other": OTHER}.items()])
    yield s
    s.close()


def sid_of(store, article_id):
    return store.conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()[0]


def ranked(store, q):
    total, rows = store.list_stories(q)
    return total, [r[0] for r in rows]


def indexed(store):
    return dict(store.conn.execute("SELECT rowid, text FROM briefs_fts"))


def test_a_story_whose_brief_matches_outranks_a_match_deep_in_a_text(store):
    central, deep = sid_of(store, "central"), sid_of(store, "deep")
    assert central != deep
    assert ranked(store, "lighthouse") == (2, [deep, central])  # articles alone: the shorter text first
    store.save_brief(central, 50, "v1", brief_json(LAMP, "Tickets cost four pounds."), "{}")
    assert ranked(store, "lighthouse") == (2, [central, deep])  # the same two stories, the brief's first
    assert ranked(store, "oyster festival") == (1, [deep])  # a query its brief does not match: as before
    snippets = store.search_snippets("lighthouse", [central, deep])
    assert "".join(t for t, _ in snippets[central]) == LAMP + " Tickets cost four pounds."  # the brief's text
    assert ("lighthouse", True) in snippets[central] and ("lighthouse", True) in snippets[deep]
    roof = store.search_snippets("slate roof", [central])[central]  # its brief does not match: the article's
    assert ("slate", True) in roof and "".join(t for t, _ in roof) != LAMP


def test_a_stale_brief_neither_boosts_nor_adds_matches(store):
    central, deep = sid_of(store, "central"), sid_of(store, "deep")
    store.save_brief(central, 50, "v1", brief_json(LAMP, "A zeppelin was seen over the cliff."), "{}")
    assert ranked(store, "zeppelin") == (0, [])  # a brief never adds a story the articles do not match
    assert ranked(store, "lighthouse")[1] == [central, deep]
    store.refresh_stories({central}, time.time() + 60)  # the story changed after its brief was made
    assert ranked(store, "lighthouse")[1] == [deep, central]  # its old brief is not current: no boost
    assert ("lighthouse", True) in store.search_snippets("lighthouse", [central])[central]
    assert "".join(t for t, _ in store.search_snippets("lighthouse", [central])[central]) != LAMP  # the article's
    store.save_brief(central, 50, "v2", brief_json(LAMP), "{}")  # its brief made again
    assert ranked(store, "lighthouse")[1] == [deep, central]  # made before that (future) change: still stale
    store.refresh_stories({central}, time.time() - 60)
    assert ranked(store, "lighthouse")[1] == [central, deep]


def test_triggers_keep_the_index_in_step_with_the_cache(store):
    central, deep = sid_of(store, "central"), sid_of(store, "deep")
    store.save_brief(central, 50, "v1", brief_json("First words here.", "Then more."), "{}")
    assert indexed(store) == {central: "First words here. Then more."}
    store.save_brief(central, 50, "v2", brief_json("Replaced words."), "{}")  # INSERT OR REPLACE, same key
    assert indexed(store) == {central: "Replaced words."}
    store.save_brief(central, 100, "v2", brief_json("Replaced words.", "And a longer brief."), "{}")
    store.save_brief(deep, 50, "v1", brief_json("Oysters."), "{}")
    assert indexed(store) == {central: "Replaced words. And a longer brief.", deep: "Oysters."}  # the newest
    assert store.conn.execute("SELECT COUNT(*) FROM briefs_fts WHERE briefs_fts MATCH 'replaced'").fetchone()[0] == 1
    store.conn.execute("DELETE FROM brief_cache WHERE story_id = ? AND words = 100", (central,))
    assert indexed(store)[central] == "Replaced words."  # back to the one left
    store.conn.execute("UPDATE brief_cache SET brief = ? WHERE story_id = ?", (brief_json("Updated."), central))
    assert indexed(store)[central] == "Updated."
    store.conn.execute("UPDATE brief_cache SET story_id = ? WHERE story_id = ?", (deep + 1000, deep))
    assert indexed(store) == {central: "Updated.", deep + 1000: "Oysters."}  # moved with its row
    store.conn.execute("INSERT INTO brief_cache VALUES (?, 7, 'v', 'not json', '{}', 0)", (central,))
    store.conn.execute("INSERT INTO brief_cache VALUES (?, 8, 'v', '[1, {\"text\": 2}]', '{}', 1e12)", (central,))
    assert indexed(store)[central] is None  # an odd brief gives no text, and never fails the write
    store.delete_story(central)
    store.conn.execute("DELETE FROM brief_cache WHERE story_id = ?", (deep + 1000,))
    assert indexed(store) == {}
    assert store.conn.execute("SELECT typeof(made) FROM briefs_fts").fetchall() == []


def test_a_version_7_database_migrates_keeps_its_data_and_backfills(tmp_path):
    path = tmp_path / "old.db"
    with StoryStore(path) as store:
        store.add([Article(id=k, source=k, title=t, text=x, origin=k)
                   for k, (t, x) in {"central": CENTRAL, "deep": DEEP, "other": OTHER}.items()])
        central, deep = sid_of(store, "central"), sid_of(store, "deep")
        store.save_brief(central, 50, "v1", brief_json("An older brief."), "{}")
        store.save_brief(central, 100, "v1", brief_json(LAMP), "{}")
        store.save_brief(deep, 50, "v1", "not json", "{}")
        tables = [t for (t,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                                   " AND name NOT LIKE 'briefs_fts%' ORDER BY name")]
        before = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables
                  if not t.startswith("articles_fts")}
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("DROP TRIGGER briefs_fts_insert; DROP TRIGGER briefs_fts_update; DROP TRIGGER briefs_fts_delete;"
                       "DROP TABLE briefs_fts; PRAGMA user_version = 7;")  # as newsfuse before step 8 left it
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'briefs_fts%'").fetchone()[0] == 0
    conn.close()
    assert store_mod.MIGRATIONS[7] is store_mod.V8_BRIEF_SEARCH and SCHEMA_VERSION >= 8
    with StoryStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        after = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in before}
        assert after == before  # every table's rows as they were
        assert indexed(store) == {central: LAMP, deep: None}  # backfilled: each story's newest brief
        assert store.conn.execute("SELECT typeof(made) FROM briefs_fts WHERE rowid = ?", (central,)).fetchone() \
            == ("real",)
        assert ranked(store, "lighthouse") == (2, [central, deep])
        store.save_brief(deep, 50, "v2", brief_json("Boats lined up near the lighthouse."), "{}")  # triggers work
        assert indexed(store)[deep] == "Boats lined up near the lighthouse."


@pytest.mark.parametrize("q", ["C++", "c#", "AND", "OR", "NOT", "NEAR(a b)", '"', '""', "*", "a*", "^x", "(",
                               "lighthouse)", "-", "'; DROP TABLE briefs_fts; --", "\u201cCarrow lighthouse\u201d",
                               "\x00", "made:1", "text:lighthouse", "{text}: x"])
def test_odd_queries_are_text_with_briefs_indexed(store, q):
    store.save_brief(sid_of(store, "central"), 50, "v1", brief_json(LAMP, "C++ and C# text: made here."), "{}")
    total, rows = store.list_stories(q)
    assert total == len(rows)
    store.search_snippets(q, [r[0] for r in rows])
    assert store.conn.execute("SELECT COUNT(*) FROM briefs_fts").fetchone()[0] == 1


def test_the_page_shows_the_brief_snippet(tmp_path):
    from fastapi.testclient import TestClient

    from newsfuse.service import NewsService
    from newsfuse.web import create_app

    service = NewsService(tmp_path / "w.db")
    service.add_objects([{"title": t, "text": x, "source": k}
                         for k, (t, x) in {"central": CENTRAL, "deep": DEEP, "other": OTHER}.items()])
    try:
        client = TestClient(create_app(service), base_url="http://127.0.0.1")
        _, found = service.stories("lighthouse")
        central = next(s.id for s in found if s.title != DEEP[0])
        made = json.loads(service.brief_json(central, 200))  # a real brief, cached in the store
        text = " ".join(s["text"] for s in made["sentences"])
        assert "lighthouse" in text
        total, found = service.stories("lighthouse")
        assert total == 2 and found[0].id == central
        assert found[0].snippet and "".join(t for t, _ in found[0].snippet).strip("\u2026") in text
        conn = sqlite3.connect(tmp_path / "w.db")
        assert conn.execute("SELECT rowid, text FROM briefs_fts").fetchall() == [(central, text)]  # the JSON's
        conn.close()
        page = client.get("/", params={"q": "lighthouse"}).text
        assert "<mark>lighthouse</mark>" in page
    finally:
        service.close()
