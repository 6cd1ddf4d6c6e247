"""Threads, stable addresses and the importance order (issue 17) through a real uvicorn server on
127.0.0.1 with a temporary database: a merged story's address redirects (301) to the survivor,
/api/threads and /threads/{id} show a thread of three weeks as a dated timeline with briefs,
/api/stories?sort=top puts the story told by more sources above a newer one-article story, and the
bundled example is one story on the front page. Texts written for these tests, and the example."""
from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from newsfuse.service import NewsService
from newsfuse.store import StoryStore
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "deir-ez-zor"

# two reports of one landslide that share too little to be one story on their own, and a later
# report that tells both halves: the two stored stories become one
SLIDE = (
    "A landslide buried the mountain road above the village of Orsetta on Monday, cutting off the valley "
    "and trapping a bus of hikers behind a wall of mud and boulders.",
    "Rescue crews with dogs dug through the night to reach the stranded coach passengers, the Orsetta mayor "
    "Pia Lindqvist said, as more rain was forecast.",
)
SLIDE_BRIDGE = (
    "Rescuers freed all the hikers from the bus trapped by Monday's landslide on the Orsetta mountain road, "
    "after crews with dogs dug through mud and boulders all night, mayor Pia Lindqvist said."
)
# one developing topic over three weeks: the dam's breach, the toll a week later, the rebuilding
DAM = [
    ("2025-03-03", "Dam on the Varna river bursts, flooding the town of Kelso",
     "The Merrow dam on the Varna river burst early on Monday, sending a wall of water through the town of Kelso "
     "and forcing 12,000 people from their homes, the regional governor Ana Brel said. Army boats ferried "
     "residents from rooftops as the Varna rose four metres in an hour."),
    ("2025-03-10", "Merrow dam flood toll in Kelso rises to 31",
     "Thirty-one people are now known to have died in the Kelso flood after the Merrow dam burst on the Varna "
     "river a week ago, governor Ana Brel said on Monday. Divers were still searching the flooded streets of "
     "Kelso and 9,000 residents remained in emergency shelters."),
    ("2025-03-24", "Kelso begins rebuilding three weeks after the Merrow dam flood",
     "Three weeks after the Merrow dam burst on the Varna river, the first families returned to Kelso on Monday "
     "as engineers started rebuilding the flood wall. Governor Ana Brel promised 200 million euros to repair "
     "the dam and the homes the Varna flood destroyed."),
]
# one event told by three outlets a day earlier, and a newer one-article story
QUAKE = [
    ("Earthquake shakes Tarsel, damaging the old harbour", "A magnitude 5.8 earthquake shook the port city of "
     "Tarsel on Tuesday, damaging the old harbour wall and the cathedral tower, the seismology institute said. "
     "Mayor Ivo Renner said eleven people were hurt by falling masonry.", "Tarsel Herald"),
    ("Magnitude 5.8 quake hits Tarsel; eleven injured", "Eleven people were injured when a 5.8-magnitude "
     "earthquake struck Tarsel on Tuesday, cracking the old harbour wall and the cathedral tower, according to "
     "the seismology institute and mayor Ivo Renner.", "Coast Wire"),
    ("Tarsel counts the damage after the 5.8 earthquake", "Engineers inspected the cracked harbour wall and "
     "cathedral tower in Tarsel after Tuesday's magnitude 5.8 earthquake, which injured eleven people, mayor "
     "Ivo Renner said.", "Radio Meridian"),
]
FAIR = ("Tarsel library opens a reading garden", "The public library of Tarsel opened a reading garden on its "
        "roof on Wednesday, with benches, fig trees and a shelf of books about the sea, the librarian said.")
OTHER = [
    "The central bank of Ostland left its main interest rate unchanged at 3.5 percent on Thursday, saying "
    "inflation was slowing while wages still rose quickly.",
    "Astronomers reported a gas giant orbiting a small red dwarf star 40 light years away, found by the dip in "
    "the star's light each time the planet passes in front of it.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("threads") / "stories.db"


@pytest.fixture(scope="module")
def client(db):
    service = NewsService(db)
    with BackgroundServer(create_app(service, allowed_hosts=["127.0.0.1", "localhost"])) as srv:
        with httpx.Client(base_url=srv.url, timeout=120) as c:
            yield c
    service.close()


def _post(client, items):
    r = client.post("/api/articles", json=items)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_merged_story_keeps_its_address(client):
    first = _post(client, [{"text": SLIDE[0], "source": "a", "published": "2025-04-07"},
                           {"text": SLIDE[1], "source": "b", "published": "2025-04-08"}]
                  + [{"text": t, "source": f"o{i}", "published": "2025-04-08"} for i, t in enumerate(OTHER)])
    road, crews = first["articles"][0]["story_id"], first["articles"][1]["story_id"]
    assert road != crews, "the two halves were one story before the bridging report"
    second = _post(client, [{"text": SLIDE_BRIDGE, "source": "c", "published": "2025-04-09"}])
    assert second["merged"], second
    gone, survivor = next(iter(second["merged"].items()))
    gone = int(gone)
    assert {gone, survivor} == {road, crews}
    page = client.get(f"/stories/{gone}?words=60", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/stories/{survivor}?words=60"
    followed = client.get(f"/stories/{gone}", follow_redirects=True)
    assert followed.status_code == 200 and str(followed.url).endswith(f"/stories/{survivor}")
    api = client.get(f"/api/stories/{gone}", follow_redirects=False)
    assert api.status_code == 301 and api.json()["moved_to"] == survivor
    assert api.headers["location"] == f"/api/stories/{survivor}"
    assert len(client.get(f"/api/stories/{gone}", follow_redirects=True).json()["sources"]) == 3  # the survivor's
    sub = client.get(f"/stories/{gone}/sources/1", follow_redirects=False)  # deeper addresses move too
    assert sub.status_code == 301 and sub.headers["location"] == f"/stories/{survivor}/sources/1"
    assert client.get("/stories/999999").status_code == 404  # never existed: still a 404
    assert client.get("/api/stories/999999", follow_redirects=False).status_code == 404


def test_a_thread_of_three_weeks_is_a_dated_timeline_with_briefs(client):
    added = _post(client, [{"title": t, "text": b, "source": f"s{i}", "published": d}
                           for i, (d, t, b) in enumerate(DAM)])
    stories = {a["story_id"] for a in added["articles"]}
    listed = client.get("/api/stories", params={"sort": "new", "limit": 500}).json()["stories"]
    threads = {s["thread"] for s in listed if s["id"] in stories}
    assert len(threads) == 1, listed
    tid = threads.pop()
    assert tid is not None
    found = client.get(f"/api/threads/{tid}", params={"words": 60}).json()
    days = [s["first"] for s in found["stories"]]
    assert days == sorted(days) and days[0] == "2025-03-03" and found["stories"][-1]["last"] == "2025-03-24"
    assert (found["thread"]["first"], found["thread"]["last"]) == ("2025-03-03", "2025-03-24")
    assert sum(s["size"] for s in found["stories"]) == 3 == found["thread"]["size"]
    assert found["brief"] and all(s["brief"] for s in found["stories"])
    assert "Kelso" in found["brief"]
    assert tid in [t["id"] for t in client.get("/api/threads", params={"limit": 500}).json()["threads"]]
    page = client.get(f"/threads/{tid}")
    assert page.status_code == 200
    assert page.text.count('class="timeline-item"') == len(found["stories"]) >= 1
    dated = re.findall(r'<time datetime="([0-9-]+)"', page.text)
    assert dated == sorted(dated) and dated[0] == "2025-03-03"
    assert "The thread in brief" in page.text and "Kelso" in page.text
    story = client.get(f"/stories/{found['stories'][0]['id']}").text
    assert f'href="/threads/{tid}"' in story  # a story page leads to its thread
    assert client.get("/threads").status_code == 200 and f'href="/threads/{tid}"' in client.get("/threads").text
    assert client.get("/api/threads/999999").status_code == 404


def test_top_puts_the_story_of_many_sources_above_a_newer_single_report(client):
    _post(client, [{"title": t, "text": b, "source": s, "published": "2030-06-04"} for t, b, s in QUAKE]
          + [{"title": FAIR[0], "text": FAIR[1], "source": "Tarsel Herald", "published": "2030-06-05"}])
    top = client.get("/api/stories", params={"sort": "top", "limit": 500}).json()
    new = client.get("/api/stories", params={"sort": "new", "limit": 500}).json()
    assert top["sort"] == "top" and new["sort"] == "new"
    quake = next(s for s in top["stories"] if "Tarsel" in s["title"] and len(s["sources"]) == 3)
    fair = next(s for s in top["stories"] if "reading garden" in s["title"])
    ids_top, ids_new = [s["id"] for s in top["stories"]], [s["id"] for s in new["stories"]]
    assert ids_top.index(quake["id"]) < ids_top.index(fair["id"])  # three sources beat one, a day newer
    assert ids_new.index(fair["id"]) < ids_new.index(quake["id"])  # newest first: the other way round
    assert client.get("/api/stories").json()["sort"] == "top"  # the default
    assert client.get("/api/stories", params={"sort": "best"}).status_code == 422
    front = client.get("/").text
    assert "most important first" in front and front.index(quake["title"][:20]) < front.index(FAIR[0])
    switch = re.search(r'<nav class="sort".*?</nav>', front, re.S).group(0)
    assert 'href="/?sort=top" aria-current="page"' in switch and 'href="/?sort=new"' in switch
    newest = client.get("/", params={"sort": "new"}).text
    assert "newest first" in newest and newest.index(FAIR[0]) < newest.index(quake["title"][:20])


def test_the_example_is_one_story_on_the_front_page(client):
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(EXAMPLE.iterdir())]
    body = client.post("/api/articles", files=files).json()
    stories = {a["story_id"] for a in body["articles"]}
    assert len(body["articles"]) == 5 and len(stories) == 1, body["articles"]
    sid = stories.pop()
    front = client.get("/", params={"sort": "new"}).text
    rows = re.findall(r'<li class="story-row" data-story="(\d+)"', front)
    assert rows.count(str(sid)) == 1
    row = front[front.index(f'data-story="{sid}"'):]
    row = row[: row.index("</li>")]
    assert re.search(r'<span class="num">5</span> reports', row)
    title = client.get("/api/stories", params={"limit": 500}).json()["stories"]
    title = next(s["title"] for s in title if s["id"] == sid)
    assert title != "Military" and not title.endswith("…")  # a headline, not report 000's section label
    # one title everywhere: the list, the page, the API's brief and the feeds
    assert f">{title}</a>" in front.replace("’", "'") or title in front
    page = client.get(f"/stories/{sid}").text
    assert re.search(r'<h1 id="title">(.*?)</h1>', page).group(1).replace("’", "'") == title.replace("’", "'")
    assert client.get(f"/api/stories/{sid}", params={"words": 60}).json()["story"]["title"] == title
    assert f"<title>{title}</title>" in client.get("/feeds/stories.atom").text.replace("&#x27;", "'")


def test_thread_addresses_refuse_what_is_no_id(client):
    for path in ("/threads/99999999999999999999999", "/api/threads/99999999999999999999999", "/threads/-1"):
        assert client.get(path).status_code == 422, path  # never an overflow (500)
    assert client.get("/threads/424242").status_code == 404
    assert client.get("/api/threads", params={"offset": 2**70}).status_code == 422


def test_a_merged_thread_keeps_its_address(client, db):
    tid = client.get("/api/threads").json()["threads"][0]["id"]
    with StoryStore(db) as store:  # as a batch that merged thread 987654 into tid leaves it
        with store.transaction():
            store._redirect("thread", {987654: tid}, 0.0)
    page = client.get("/threads/987654?words=60", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/threads/{tid}?words=60"
    api = client.get("/api/threads/987654", params={"briefs": "false"}, follow_redirects=False)
    assert api.status_code == 301 and api.json()["moved_to"] == tid and api.json()["kind"] == "thread"
    followed = client.get("/api/threads/987654", params={"briefs": "false"}, follow_redirects=True)
    assert followed.json()["thread"]["id"] == tid, followed.text


def test_one_thread_request_makes_a_bounded_number_of_briefs(tmp_path, monkeypatch):
    """A thread of many event stories: one request makes at most MAX_NEW_STORY_BRIEFS briefs (the largest
    stories first), the other stories show their lede until their brief is made; every later view fills
    in more, and a brief made once (here: by the story's own page) is shown at once."""
    import sqlite3

    from newsfuse.service import threads as service_threads

    monkeypatch.setattr(service_threads, "MAX_NEW_STORY_BRIEFS", 1)
    path = tmp_path / "stories.db"
    service = NewsService(path)
    try:
        service.add_objects([{"title": t, "text": b, "source": s, "published": "2030-06-04"} for t, b, s in QUAKE]
                            + [{"title": FAIR[0], "text": FAIR[1], "source": "Tarsel Post", "published": "2030-06-05"},
                               {"text": OTHER[0], "source": "Ostland Daily", "published": "2030-06-06"},
                               # the first quake report again under another outlet: a copy, one more report
                               {"title": QUAKE[0][0], "text": QUAKE[0][1], "source": "Syndicate Times",
                                "published": "2030-06-04"}])
        _, found = service.threads(50, 0)
        assert sorted(t.size for t in found) == [1, 1, 3], found
        # three event stories of one thread (a thread that big needs more news than a test holds)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("UPDATE stories SET thread_id = (SELECT MIN(thread_id) FROM stories)")
        conn.close()
        tid = min(t.id for t in found)
        with BackgroundServer(create_app(service, allowed_hosts=["127.0.0.1"])) as srv:
            with httpx.Client(base_url=srv.url, timeout=120) as c:
                page = c.get(f"/threads/{tid}", params={"words": 60}).text
                assert page.count('class="timeline-item"') == 3
                assert page.count("Its brief is made when you") == 2  # one brief made by this request
                # reports counted as the story pages list them (the copy too), in the timeline and the total
                assert "A thread of 3 stories from 6 reports" in page and "4 reports from 4 sources" in page
                # the API: the page's brief kept, one more made (of equal sizes, the newer story's)
                api = c.get(f"/api/threads/{tid}", params={"words": 60}).json()["stories"]
                assert [s["first"] for s in api] == ["2030-06-04", "2030-06-05", "2030-06-06"]
                assert [s["brief"] is not None for s in api] == [True, False, True]
                assert "Tarsel" in api[0]["brief"] and "Ostland" in api[2]["brief"]
                assert all("lede" in s for s in api)  # what to show until the brief is made
        stories = service.thread(tid)["stories"]
        service.view(stories[1].id, 60)  # the story's own page makes its brief
        made = service.thread_timeline(stories, 60)
        assert [m for _, _, m in made] == [True, True, True]
        assert "garden" in made[1][1]
        # a budget no brief was made for, and none allowed this call: every story shows its lede
        monkeypatch.setattr(service_threads, "MAX_NEW_STORY_BRIEFS", 0)
        fresh = service.thread_timeline(stories, 45)
        assert [m for _, _, m in fresh] == [False, False, False]
        assert [text for _, text, _ in fresh] == [s.lede for s in stories]
    finally:
        service.close()
