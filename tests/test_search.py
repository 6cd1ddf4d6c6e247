"""Ranked search (FTS5 bm25 in the store): the best match first, phrases, odd input taken as text,
snippets with only our <mark>, the index kept in step with deletes and rebuilt by its migration."""
from __future__ import annotations

import pytest

from newsfuse.ingest import Article
from newsfuse.store import SCHEMA_VERSION, StoryStore
from newsfuse.store.search import fts_query, snippet_parts

TEXTS = {
    # written for this test: one story about a named leader, others that merely mention the words
    "leader": ("Hun Sen agrees to talks", "Cambodian leader Hun Sen agreed on Friday to talks with the opposition "
               "in Phnom Penh. Hun Sen said the talks would start next week."),
    "sen": ("Senate vote delayed", "The vote in the senate was delayed. Sen. Maria Hun of Ohio, a senator, said "
            "the delay was a mistake and asked for a vote on Monday."),
    "code": ("Compiler release", "The new compiler supports C++ modules and faster builds; C# support comes later. "
             "Developers said the release AND its manual were late."),
    "harbour": ("Harbour reopens", "The harbour of Quillan reopened after the storm. Fishing boats left at dawn "
                "and the harbour master said <script>alert(1)</script> was painted on the pier."),
}


@pytest.fixture
def store(tmp_path):
    s = StoryStore(tmp_path / "s.db")
    s.add([Article(id=k, source=k, title=t, text=x, origin=k) for k, (t, x) in TEXTS.items()])
    yield s
    s.close()


def titles(store, q):
    total, rows = store.list_stories(q)
    heads = {sid: t for sid, t, _, _ in store.story_heads([r[0] for r in rows])}
    return total, [heads[r[0]] for r in rows]


def test_search_is_stemmed(store):
    assert titles(store, "harbours")[1] == ["Harbour reopens"]


def test_the_best_match_comes_first_and_phrases_hold(store):
    total, found = titles(store, "Hun Sen")
    assert total == 2 and found[0] == "Hun Sen agrees to talks"
    assert titles(store, '"Hun Sen"')[1] == ["Hun Sen agrees to talks"]  # the phrase: the words in order


@pytest.mark.parametrize("q", ["C++", "c#", "AND", "OR", "NOT", "NEAR(a b)", '"', '""', "*", "a*", "^x", "(",
                               "harbour)", "-", "'; DROP TABLE articles; --", "\u201cHun Sen\u201d", "\x00"])
def test_operators_and_odd_characters_are_text(store, q):
    total, rows = store.list_stories(q)
    assert total == len(rows)


def test_cpp_matches_only_cpp(store):
    assert titles(store, "C++")[1] == ["Compiler release"]
    assert titles(store, "C#")[1] == ["Compiler release"]
    assert fts_query("*** ---") is None and store.list_stories("***") == (0, [])


def test_snippets_mark_the_match_and_nothing_else(store):
    total, rows = store.list_stories("pier")
    snippets = store.search_snippets("pier", [r[0] for r in rows])
    parts = snippets[rows[0][0]]
    assert ("pier", True) in parts
    assert any("<script>" in text and not hit for text, hit in parts)  # text, for the page to escape
    assert snippet_parts("a \ue000b c") == [("a b c", False)]  # an unpaired mark marks nothing


def test_the_index_follows_deletes_and_its_migration_rebuilds_it(store, tmp_path):
    assert store.list_stories("compiler")[0] == 1
    store.delete_article("code")
    assert store.list_stories("compiler")[0] == 0
    store.conn.execute("PRAGMA user_version = 5")  # as a database made before the ranked index
    store.close()
    again = StoryStore(tmp_path / "s.db")
    try:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert titles(again, "harbours")[1] == ["Harbour reopens"]  # the rebuilt index answers
        assert again.list_stories("compiler")[0] == 0
    finally:
        again.close()
    store.conn = again.conn  # closed: the fixture's close is a no-op on it


def test_search_pages_never_fail(tmp_path):
    from fastapi.testclient import TestClient

    from newsfuse.service import NewsService
    from newsfuse.web import create_app

    service = NewsService(tmp_path / "w.db")
    service.add_objects([{"title": t, "text": x, "source": k} for k, (t, x) in TEXTS.items()])
    try:
        client = TestClient(create_app(service), base_url="http://127.0.0.1")
        for q in ["C++", "AND", '"', "*", "NEAR(", "\u201cHun Sen\u201d", "pier"]:
            for url in ("/", "/api/stories"):
                r = client.get(url, params={"q": q})
                assert r.status_code == 200, (url, q, r.text[:200])
        page = client.get("/", params={"q": "pier"}).text
        assert "<mark>pier</mark>" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert page.count("<mark>") == page.count("</mark>") >= 1
        found = client.get("/", params={"q": "harbours"}).text
        assert "<mark>" in found and "Compiler release" not in found  # stemmed, through the page
    finally:
        service.close()
