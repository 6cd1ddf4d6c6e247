"""The store owns every SQL statement and the IN-list chunking; imports run one way (issue 16)."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from newsfuse.store import StoryStore, db
from newsfuse.store.search import fts_query

SRC = Path(__file__).resolve().parents[1] / "src" / "newsfuse"


def test_select_in_asks_in_chunks_and_returns_every_row():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER, tag TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(k, "a" if k % 2 else "b") for k in range(1200)])
    asked: list[str] = []
    conn.set_trace_callback(asked.append)
    rows = db.select_in(conn, "SELECT k FROM t WHERE tag = ? AND k IN ({in}) ORDER BY k", range(0, 1200, 1),
                        params=("a",))
    assert [k for (k,) in rows] == list(range(1, 1200, 2))
    assert len(asked) == 3  # 500 + 500 + 200 values
    assert db.select_in(conn, "SELECT k FROM t WHERE k IN ({in})", []) == []


def test_story_heads_of_more_stories_than_one_statement_may_bind(tmp_path):
    with StoryStore(tmp_path / "s.db") as store:
        with store.transaction() as conn:
            conn.executemany("INSERT INTO stories (id, size, created_at, updated_at) VALUES (?, 1, 0, 0)",
                             [(i,) for i in range(1, 1101)])
            conn.executemany("INSERT INTO articles (id, content_hash, story_id, source, title, text, vector_text,"
                             " added_at) VALUES (?, ?, ?, 'src', ?, 'body', 'body', 0)",
                             [(f"a{i}", f"h{i}", i, f"Title {i}") for i in range(1, 1101)])
        heads = store.story_heads(list(range(1, 1101)))
        assert sorted(h[0] for h in heads) == list(range(1, 1101))
        assert store.list_stories(limit=5)[0] == 1100


def test_search_words_never_make_an_fts_syntax_error():
    assert fts_query('"quake" OR (fire') == '"quake" "or" "fire"'
    assert fts_query('"Hun Sen" said C++ "') == '"hun sen" "said" "c++"'
    assert fts_query("!!! ---") is None


def test_no_sql_outside_the_store_and_no_upward_import():
    sql = re.compile(r"\.execute(many|script)?\(|\b(SELECT|INSERT|DELETE|UPDATE) .*\b(FROM|INTO|SET)\b")
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if p.parent.name != "store" and sql.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    # layers, lowest first: a module may import its own layer and those below, never one above
    layers = [("ingest",), ("stories",), ("store",), ("service",), ("web", "cli")]
    found = []
    for n, names in enumerate(layers[:-1]):
        above = "|".join(d for later in layers[n + 1:] for d in later)
        upward = re.compile(rf"^\s*(from|import) (\.\.|newsfuse\.)({above})\b", re.M)
        for p in [p for d in names for p in (SRC / d).rglob("*.py")]:
            found += [f"{p.relative_to(SRC)}: {m.group(0).strip()}" for m in upward.finditer(p.read_text("utf-8"))]
    assert found == []
