"""NewsService over a real SQLite file: adding, search, cached briefs, deletion, migrations."""
from __future__ import annotations

import json
import sqlite3

import pytest

from newsfuse.ingest import Article
from newsfuse.service import NewsService, NotFound
from newsfuse.service import inputs
from newsfuse.store import StoryStore, schema

QUAKE = [
    ("Quake shakes harbour town", "A strong earthquake shook the harbour town of Velmora on Tuesday morning, "
     "damaging the old stone pier and cutting power to thousands of homes. The regional seismic office said "
     "the tremor had a magnitude of 6.1 and was centred twelve kilometres offshore. Rescue teams searched "
     "collapsed warehouses near the pier for workers. The mayor of Velmora said schools would stay closed."),
    ("Velmora earthquake damages pier", "An earthquake of magnitude 6.1 struck off Velmora on Tuesday, the "
     "regional seismic office said, damaging the town's old stone pier. Power was cut to thousands of homes "
     "in Velmora. Rescue teams searched collapsed warehouses near the pier. Schools in Velmora will stay "
     "closed, the mayor said, while engineers inspect the buildings."),
]
CHESS = ("Chess prodigy wins open", "Eleven-year-old Tomasz Wren won the Lakeside Open chess tournament on "
         "Sunday, beating three grandmasters in a row. Wren, who learned the game from his grandmother, "
         "finished with eight points from nine rounds. Organisers said he is the youngest winner in the "
         "tournament's forty-year history. His next event is the national junior championship in May.")


def article(n: int, title: str, text: str) -> Article:
    return Article(id=f"a{n}", source=f"outlet{n}", text=text, title=title, origin=f"test:{n}",
                   published=f"2026-03-0{n + 1}")


@pytest.fixture
def svc(tmp_path):
    with NewsService(tmp_path / "stories.db") as service:
        yield service


def test_add_search_and_story_summaries(svc):
    outcome = svc.add([article(i, *x) for i, x in enumerate(QUAKE + [CHESS])])
    assert [a["status"] for a in outcome.articles] == ["added"] * 3
    quake_story = outcome.articles[0]["story_id"]
    assert outcome.articles[1]["story_id"] == quake_story != outcome.articles[2]["story_id"]
    total, stories = svc.stories()
    assert total == 2 and {s.size for s in stories} == {1, 2}
    assert stories[0].last >= stories[1].last  # newest first
    summary = svc.story(quake_story)
    assert summary.sources == ["outlet0", "outlet1"] and summary.first == "2026-03-01" and summary.last == "2026-03-02"
    assert [s.id for s in svc.stories("seismic pier")[1]] == [quake_story]  # words from the text
    assert [s.id for s in svc.stories("prodigy")[1]] == [outcome.articles[2]["story_id"]]  # a title word
    assert svc.stories("grandmaster*) IN (row \"")[0] == 1  # FTS syntax in the query is taken as words (stemmed)
    assert svc.stories("grandmaster OR nothingmatcheszz")[0] == 0  # OR is a word too: every word must occur
    assert svc.stories("nothingmatcheszz") == (0, [])
    again = svc.add([article(0, *QUAKE[0])])
    assert again.articles[0]["status"] == "duplicate" and again.articles[0]["story_id"] == quake_story


def test_brief_is_cached_per_version_and_budget_and_invalidated_on_change(svc, tmp_path):
    outcome = svc.add([article(i, *x) for i, x in enumerate(QUAKE)])
    sid = outcome.stories[0].id
    first = svc.brief_json(sid, 40)
    data = json.loads(first)
    assert data["schema"] == "newsfuse.brief/2" and data["story"]["budget"] == 40
    assert data["story"]["source_count"] == 2
    assert svc.brief_json(sid, 40) is first  # served from memory
    assert json.loads(svc.brief_json(sid, 400))["story"]["words"] > data["story"]["words"]
    conn = sqlite3.connect(tmp_path / "stories.db")
    assert conn.execute("SELECT COUNT(*) FROM brief_cache WHERE story_id = ?", (sid,)).fetchone()[0] == 2
    old_version = svc.version(sid)
    # a third report joins the story: a new version, and the brief counts it
    more = svc.add([Article(id="a9", source="outlet9", origin="test:9", title="Velmora quake: pier damaged",
                            text="The earthquake that hit Velmora on Tuesday had a magnitude of 6.1, the seismic "
                                 "office said. The old stone pier of Velmora was damaged and power was cut to "
                                 "thousands of homes. Rescue teams searched warehouses near the pier.")])
    assert more.articles[0]["story_id"] == sid
    assert svc.version(sid) != old_version
    assert json.loads(svc.brief_json(sid, 40))["story"]["source_count"] == 3
    # deleting an article changes it again
    assert svc.delete_article("a9") == sid
    assert json.loads(svc.brief_json(sid, 40))["story"]["source_count"] == 2
    with pytest.raises(NotFound):
        svc.delete_article("a9")


def test_render_takes_the_brief_options(svc):
    from newsfuse.pipeline import BriefOptions

    sid = svc.add([article(i, *x) for i, x in enumerate(QUAKE)]).stories[0].id
    assert svc.render(sid, "json", BriefOptions(words=40)) == svc.brief_json(sid, 40)  # the cached brief
    greedy = json.loads(svc.render(sid, "json", BriefOptions(words=40, selector="greedy", ranker="centrality")))
    assert greedy["story"]["budget"] == 40 and greedy["story"]["ranker"] == "centrality"
    with pytest.raises(ValueError, match="unknown selector"):
        svc.render(sid, "md", BriefOptions(selector="nope"))


def test_view_anchors_point_at_the_sentence_in_each_citing_report(svc):
    sid = svc.add([article(i, *x) for i, x in enumerate(QUAKE)]).stories[0].id
    view = svc.view(sid, 60)
    texts = {n: svc.source_text(sid, n)["text"] for n in (1, 2)}
    assert view["brief"]["sentences"]
    for sentence, spots in zip(view["brief"]["sentences"], view["anchors"]):
        assert sorted(int(n) for n in spots) == sentence["citations"]
        start, end = spots[str(sentence["source"])]
        assert texts[sentence["source"]][start:end] == sentence["text"]
        for n, (start, end) in spots.items():
            assert 0 <= start < end <= len(texts[int(n)])
    assert any(len(spots) == 2 for spots in view["anchors"])  # the two reports share sentences


def test_delete_story_and_reopen_keeps_data_and_cache(tmp_path):
    path = tmp_path / "s.db"
    with NewsService(path) as svc:
        outcome = svc.add([article(i, *x) for i, x in enumerate(QUAKE + [CHESS])])
        quake, chess = outcome.articles[0]["story_id"], outcome.articles[2]["story_id"]
        svc.brief_json(chess, 50)
        assert {s.id: s.size for s in svc.stories()[1]} == {quake: 2, chess: 1}
        svc.delete_article("a1")  # the list shows the change (it is cached until a story changes)
        assert {s.id: s.size for s in svc.stories()[1]} == {quake: 1, chess: 1}
        svc.delete_story(quake)
        assert [s.id for s in svc.stories()[1]] == [chess]
        with pytest.raises(NotFound):
            svc.story(quake)
        with pytest.raises(NotFound):
            svc.brief_json(quake, 50)
        with pytest.raises(NotFound):
            svc.delete_story(quake)
        assert svc.count() == (1, 1)
        assert svc.stories("seismic") == (0, [])  # deleted texts leave the search index too
    with NewsService(path) as svc:
        assert svc.count() == (1, 1)
        assert svc._cached(chess, 50, svc.version(chess)) is not None  # persisted cache row


def test_wal_mode_and_migration_of_an_older_database(tmp_path):

    path = tmp_path / "old.db"
    with StoryStore(path) as store:
        store.add([article(i, *x) for i, x in enumerate(QUAKE)])
    conn = sqlite3.connect(path, isolation_level=None)
    # as a newsfuse without the service layer left it: schema version 2, no search index, no cache,
    # no threads (step 7)
    conn.executescript("DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete;"
                       "DROP TRIGGER articles_fts_update; DROP TABLE articles_fts; DROP TABLE brief_cache;"
                       "DROP INDEX stories_thread; ALTER TABLE stories DROP COLUMN thread_id;"
                       "ALTER TABLE stories DROP COLUMN sources; DROP TABLE threads; DROP TABLE redirects;"
                       "PRAGMA user_version = 2;")
    with NewsService(path) as svc:
        assert svc.stories("warehouses")[0] == 1  # the stored articles were indexed by the migration
        sid = svc.stories()[1][0].id
        svc.brief_json(sid, 50)
        story = svc.story(sid)
        assert story.thread is not None and svc.thread(story.thread)["stories"][0].id == sid  # a thread each
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert schema.MIGRATIONS[2:4] == [schema.V3_SEARCH, schema.V4_BRIEF_CACHE]
    assert conn.execute("SELECT COUNT(*) FROM brief_cache").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):  # a database of a later newsfuse is not touched
        NewsService(path)


def test_inputs_read_every_format_and_name_bad_ones():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Flood</title>'
           b'<link>https://wire.example/flood</link><description>River levels rose overnight in the valley '
           b'and farms were flooded.</description></item></channel></rss>')
    files = [
        ("report.txt", "Storm closes port\n\nA storm closed the port on Friday.".encode()),
        ("page.html", b"<html><head><title>Page</title></head><body><article><p>" + b"The council met to vote "
         b"on the new bridge, which has been debated for a decade. " * 3 + b"</p></article></body></html>"),
        ("items.json", json.dumps([{"text": "First text about the bridge vote.", "title": "One"}]).encode()),
        ("lines.jsonl", b'{"text": "A line article about the bridge."}\n'),
        ("wire.rss", rss),
        ("../../etc/evil.txt", b"Path parts of an uploaded name are dropped."),
        ("binary.txt", b"\x00\x01\x02\xff" * 100),
        ("notes.docx", b"PK\x03\x04"),
    ]
    articles, problems = inputs.from_files(files)
    origins = sorted(a.origin for a in articles)
    assert origins == sorted(["upload:report.txt", "upload:page.html", "upload:items.json[0]", "upload:lines.jsonl:1",
                              "upload:wire.rss#https://wire.example/flood", "upload:evil.txt"]), origins
    assert {p.origin for p in problems} == {"upload:binary.txt", "upload:notes.docx"}
    assert all("/tmp" not in a.origin for a in articles)
    objs, probs = inputs.from_objects([{"text": "Fine text."}, {"title": "no text"}, "not an object"])
    assert len(objs) == 1 and len(probs) == 2 and all(p.reason for p in probs)
    pasted, _ = inputs.from_text("Headline here\n\nBody of the pasted article.")
    assert pasted[0].origin == "pasted text.txt" and pasted[0].text.startswith("Headline here")


def test_a_copy_under_another_id_is_in_the_brief_and_can_be_deleted(svc):
    sid = svc.add([article(i, *x) for i, x in enumerate(QUAKE)]).stories[0].id
    before = svc.version(sid)
    assert json.loads(svc.brief_json(sid, 60))["story"]["source_count"] == 2
    copy = Article(id="syndicated", source="wire", text=QUAKE[0][1], title=QUAKE[0][0], origin="test:copy")
    outcome = svc.add([copy])
    assert outcome.articles[0]["status"] == "duplicate" and outcome.articles[0]["story_id"] == sid
    assert svc.version(sid) != before
    assert json.loads(svc.brief_json(sid, 60))["story"]["source_count"] == 3
    assert svc.delete_article("syndicated") == sid
    assert json.loads(svc.brief_json(sid, 60))["story"]["source_count"] == 2


def test_two_services_on_one_database_see_each_others_writes(tmp_path):
    """A `newsfuse stories --db` run beside a running server: both write, both read the other's work."""
    path = tmp_path / "shared.db"
    with NewsService(path) as server, NewsService(path) as cli:
        quake = server.add([article(i, *x) for i, x in enumerate(QUAKE)]).stories[0].id
        assert cli.story(quake).size == 2
        chess = cli.add([article(5, *CHESS)]).stories[0].id
        assert {s.id for s in server.stories()[1]} == {quake, chess}
        server.brief_json(quake, 40)
        cli.delete_article("a0")
        assert json.loads(server.brief_json(quake, 40))["story"]["source_count"] == 1  # new version seen
