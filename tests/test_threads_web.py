"""Threads, stable addresses and the importance order (issue 17) through a real uvicorn server on
127.0.0.1 with a temporary database: a merged story's address redirects (301) to the survivor,
/api/threads and /threads/{id} list a thread's event stories as a dated timeline with briefs,
/api/stories?sort=top puts the story told by more sources first."""
from __future__ import annotations

import httpx
import pytest
from test_stories_levels import FIRE, FIRE_FOLLOWUP, FIRE_REWRITE, OTHER, STORM, TRAM
from test_stories_store import BRIDGE, ERUPTION

from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("threads") / "stories.db")
    with BackgroundServer(create_app(service, allowed_hosts=["127.0.0.1", "localhost"])) as srv:
        with httpx.Client(base_url=srv.url, timeout=120) as c:
            yield c
    service.close()


def _post(client, items):
    r = client.post("/api/articles", json=items)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_merged_story_redirects_to_the_survivor(client):
    first = _post(client, [{"text": ERUPTION[0], "source": "a", "published": "2024-05-01"},
                           {"text": ERUPTION[1], "source": "b", "published": "2024-05-02"}]
                  + [{"text": t, "source": f"o{i}", "published": "2024-05-02"} for i, t in enumerate(OTHER)])
    ash, lava = first["articles"][0]["story_id"], first["articles"][1]["story_id"]
    assert ash != lava
    second = _post(client, [{"text": BRIDGE, "source": "c", "published": "2024-05-03"}])
    assert second["merged"], second
    gone, survivor = next(iter(second["merged"].items()))
    gone = int(gone)
    assert {gone, survivor} == {ash, lava}
    page = client.get(f"/stories/{gone}?words=60", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == f"/stories/{survivor}?words=60"
    assert client.get(f"/stories/{gone}", follow_redirects=True).status_code == 200  # the survivor's page
    api = client.get(f"/api/stories/{gone}", follow_redirects=False)
    assert api.status_code == 301 and api.json()["moved_to"] == survivor
    assert api.headers["location"] == f"/api/stories/{survivor}"
    assert client.get(f"/api/stories/{gone}", follow_redirects=True).json()["sources"]  # the survivor's brief
    assert client.get("/stories/999999").status_code == 404  # never existed: still a 404


def test_threads_api_and_page_show_a_dated_timeline_with_briefs(client):
    added = _post(client, [{"title": t, "text": b, "source": f"s{i}", "published": d}
                           for i, (d, t, b) in enumerate(STORM)])
    threads = {a["story_id"] for a in added["articles"]}
    listed = client.get("/api/stories", params={"sort": "new"}).json()["stories"]
    storm_threads = {s["thread"] for s in listed if s["id"] in threads}
    assert len(storm_threads) == 1
    tid = storm_threads.pop()
    found = client.get(f"/api/threads/{tid}", params={"words": 60}).json()
    days = [s["first"] for s in found["stories"]]
    assert days == sorted(days) and days[0] == "2024-08-01"
    assert sum(s["size"] for s in found["stories"]) == 3 == found["thread"]["size"]
    assert found["brief"] and all(s["brief"] for s in found["stories"])
    assert tid in [t["id"] for t in client.get("/api/threads").json()["threads"]]
    page = client.get(f"/threads/{tid}")
    assert page.status_code == 200 and page.text.count('class="timeline-item"') == len(found["stories"])
    assert "Talia" in page.text


def test_top_puts_the_story_of_more_sources_first_and_titles_are_headlines(client):
    _post(client, [{"title": FIRE[0], "text": FIRE[1], "source": "Norvale Post", "published": "2024-05-07"},
                   {"title": FIRE_REWRITE[0], "text": FIRE_REWRITE[1], "source": "Valley Radio",
                    "published": "2024-05-07"},
                   {"title": FIRE_FOLLOWUP[0], "text": FIRE_FOLLOWUP[1], "source": "City Wire",
                    "published": "2024-05-08"},
                   {"title": TRAM[0], "text": TRAM[1], "source": "Norvale Post", "published": "2024-05-08"}])
    top = client.get("/api/stories", params={"sort": "top", "limit": 500}).json()["stories"]
    new = client.get("/api/stories", params={"sort": "new", "limit": 500}).json()["stories"]
    fire = next(s for s in top if "Kessler" in s["title"] or "Norvale chemical" in s["title"])
    tram = next(s for s in top if "tram" in s["title"])
    assert top.index(fire) < top.index(tram)  # three sources beat one, a day older
    assert [s["id"] for s in new].index(tram["id"]) <= [s["id"] for s in new].index(fire["id"])
    for s in top:
        assert not s["title"].endswith("…") and "_" not in s["title"][:20]
    assert client.get("/api/stories", params={"sort": "best"}).status_code == 422
    front = client.get("/")
    assert "most important first" in front.text
