"""Following feeds over time: `newsfuse serve --refresh --allow-host` against a local feed site on 127.0.0.1
whose feed changes during the test; what changed (`since`, `updates`); the stories as Atom / JSON Feed;
subscriptions across a restart; the CLI (`feeds`, `watch`)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from feedsite import FeedSite

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

# texts written for these tests: one story (a dam repair), told by several outlets, then followed up
FIRST = [
    {"guid": "dam-1", "title": "Engineers begin repairs on cracked Lakeview dam",
     "text": "Engineers began emergency repairs on the cracked Lakeview dam on Tuesday, the regional water "
             "authority said. The crack in the concrete wall of the Lakeview dam was found during a routine "
             "inspection last week. Residents of the valley below the Lakeview dam were told there was no "
             "immediate danger. The water authority lowered the level of the Lakeview reservoir by two metres "
             "to ease pressure on the cracked dam wall while engineers work."},
    {"guid": "dam-2", "title": "Lakeview dam crack: repairs start, reservoir lowered",
     "text": "Repairs on the cracked Lakeview dam started on Tuesday, according to the regional water authority. "
             "Inspectors found the crack in the dam's concrete wall last week during a routine inspection. "
             "The authority lowered the Lakeview reservoir by two metres to ease pressure on the dam wall. "
             "Valley residents below the Lakeview dam are in no immediate danger, officials said."},
]
LATER = [
    {"guid": "dam-3", "title": "Lakeview dam repairs to take six weeks",
     "text": "Engineers repairing the cracked Lakeview dam said on Wednesday the work would take six weeks. "
             "The crack in the concrete wall of the Lakeview dam was found during a routine inspection. "
             "The water authority lowered the Lakeview reservoir by two metres to ease pressure on the dam wall. "
             "A temporary steel brace was fitted across the crack overnight, the chief engineer said."},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port",
                                      str(self.port), *args], env=ENV, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        until = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.url + "/api/feeds", timeout=2)
                break
            except httpx.HTTPError:
                if self.proc.poll() is not None or time.monotonic() > until:
                    raise RuntimeError("server did not start: " + (self.proc.stdout.read() if self.proc.poll()
                                                                   is not None else "timeout"))
                time.sleep(0.2)

    def get(self, path: str, **kw) -> httpx.Response:
        return httpx.get(self.url + path, timeout=60, **kw)

    def stop(self) -> str:
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out


def wait_for(what, timeout: float = 90.0, step: float = 0.3):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        value = what()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


@pytest.fixture
def site():
    with FeedSite() as s:
        s.set_feed("/dam.xml", "Valley Courier", FIRST)
        yield s


def test_a_followed_feed_makes_and_grows_a_story_by_itself(site, tmp_path):
    db = tmp_path / "live.db"
    server = Server(db, "--refresh", "1", "--allow-host", "127.0.0.1")
    try:
        r = httpx.post(server.url + "/api/feeds", json={"url": site.url + "/dam.xml"}, timeout=30)
        assert r.status_code == 201, r.text
        feed = r.json()
        assert feed["url"] == site.url + "/dam.xml"
        assert httpx.post(server.url + "/api/feeds", json={"url": site.url + "/dam.xml"}).status_code == 200

        # a story appears without any request to fetch it
        story = wait_for(lambda: (server.get("/api/stories").json()["stories"] or [None])[0])
        assert story["size"] == 2 and story["sources"] == ["Valley Courier"]
        sid = story["id"]
        first = wait_for(lambda: [f for f in server.get("/api/feeds").json()["feeds"] if f["articles_added"] == 2])[0]
        # 200, or already the next check's 304 (the server checks every second)
        assert first["title"] == "Valley Courier" and first["last_status"] in (200, 304) and first["last_error"] is None
        assert first["last_checked"] and first["next_check"]

        # repeat polls are conditional, and answered 304
        wait_for(lambda: any("if-none-match" in h for h in site.requests_for("/dam.xml")))
        wait_for(lambda: server.get("/api/feeds").json()["feeds"][0]["last_status"] == 304)
        before = datetime.now(timezone.utc).isoformat()
        assert server.get(f"/api/stories?since={before}").json()["total"] == 0
        time.sleep(1.1)

        # the feed grows: the story grows, and says what is new
        site.set_feed("/dam.xml", "Valley Courier", FIRST + LATER)
        grown = wait_for(lambda: [s for s in server.get("/api/stories").json()["stories"] if s["size"] == 3])[0]
        assert grown["id"] == sid
        versions = server.get(f"/api/stories/{sid}/versions").json()["versions"]
        assert [v["size"] for v in versions] == [2, 3] and versions[-1]["added"] == 1
        listed = server.get("/api/stories", params={"since": before}).json()
        assert [s["id"] for s in listed["stories"]] == [sid]
        data = server.get(f"/api/stories/{sid}", params={"since": before}).json()
        numbers = {src["number"]: src for src in data["sources"]}
        new = [n for n, src in numbers.items() if src["title"] == LATER[0]["title"]]
        assert data["updates"], data
        texts = [u["text"] for u in data["updates"]]
        assert any("six weeks" in t for t in texts) and any("steel brace" in t for t in texts)
        assert not any("routine inspection" in t for t in texts)  # an earlier report said it
        for u in data["updates"]:
            assert u["sources"] == new  # cites only the new report
        assert all(src.get("url") is None or src["url"].startswith("http") for src in data["sources"])

        # the stories as feeds, with validators
        atom = server.get("/feeds/stories.atom")
        assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
        root = ElementTree.fromstring(atom.content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = root.findall("a:entry", ns)
        assert len(entries) == 1
        assert entries[0].find("a:link", ns).get("href") == f"{server.url}/stories/{sid}"
        assert entries[0].find("a:updated", ns).text.startswith(grown["updated"][:16])
        content = entries[0].find("a:content", ns).text
        assert "[1]" in content and "<li>" in content and "Lakeview" in content
        again = server.get("/feeds/stories.atom", headers={"If-None-Match": atom.headers["etag"]})
        assert again.status_code == 304
        assert server.get("/feeds/stories.atom",
                          headers={"If-Modified-Since": atom.headers["last-modified"]}).status_code == 304
        jf = server.get("/feeds/stories.json").json()
        assert jf["version"].startswith("https://jsonfeed.org/version/1") and jf["items"][0]["title"]
        listing = server.get("/api/stories")
        assert server.get("/api/stories", headers={"If-None-Match": listing.headers["etag"]}).status_code == 304
    finally:
        log = server.stop()
    assert "Traceback" not in log

    # the subscription survives a restart
    server = Server(db, "--refresh", "0")
    try:
        feeds = server.get("/api/feeds").json()["feeds"]
        assert [f["url"] for f in feeds] == [site.url + "/dam.xml"] and feeds[0]["articles_added"] == 3
        opml = server.get("/api/feeds.opml").text
        assert f'xmlUrl="{site.url}/dam.xml"' in opml
        assert httpx.delete(f"{server.url}/api/feeds/{feeds[0]['id']}").status_code == 200
        assert server.get("/api/feeds").json()["feeds"] == []
        assert httpx.delete(f"{server.url}/api/feeds/{feeds[0]['id']}").status_code == 404
        r = httpx.post(server.url + "/api/feeds/opml", content=opml.encode(), headers={"content-type": "text/x-opml"})
        assert r.status_code == 201 and len(r.json()["added"]) == 1
        assert httpx.post(server.url + "/api/feeds", json={"url": "file:///etc/passwd"}).status_code == 400
    finally:
        server.stop()


def test_loopback_feed_is_refused_without_allow_host(site, tmp_path):
    from newsfuse.live.worker import Follower
    from newsfuse.service import NewsService

    with NewsService(tmp_path / "x.db") as service:
        row, _ = service.add_feed(site.url + "/dam.xml")
        Follower(service, 60).run_once()
        feed = service.feed(row.id)
        assert "non-public address 127.0.0.1" in feed.last_error and feed.failures == 1
        assert service.count() == (0, 0) and site.requests_for("/dam.xml") == []


def test_bad_feeds_are_bounded_and_recorded(site, tmp_path):
    from feedsite import gzip_bomb
    from newsfuse.live import poll
    from newsfuse.live.worker import Follower
    from newsfuse.service import NewsService

    def busy(handler):
        handler.send_response(503)
        handler.send_header("Retry-After", "3600")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def loop(handler):
        handler.send_response(302)
        handler.send_header("Location", "/loop")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    site.special.update({"/bomb.xml": gzip_bomb, "/busy.xml": busy, "/loop": loop})
    site.put("/junk.xml", b"<rss><channel><item><title>unclosed")
    site.set_feed("/teaser.xml", "Teasers", [{"guid": "t1", "title": "Mill town votes on new bridge",
                                                "text": "Voters in the mill town of Ashford approved a new bridge "
                                                        "over the Calder river on Sunday.",
                                                "link": "http://10.0.0.1/private-article"}])
    paths = ["/bomb.xml", "/busy.xml", "/loop", "/junk.xml", "/missing.xml", "/teaser.xml", "/dam.xml"]
    with NewsService(tmp_path / "bad.db", allow_hosts=["127.0.0.1"]) as service:
        ids = {p: service.add_feed(site.url + p)[0].id for p in paths}
        started = time.time()
        Follower(service, 60).run_once()
        assert time.time() - started < 2 * poll.FEED_DEADLINE_S
        state = {p: service.feed(i) for p, i in ids.items()}
        assert "too large" in state["/bomb.xml"].last_error
        assert state["/busy.xml"].last_status == 503 and state["/busy.xml"].next_check >= started + 3500
        assert "redirects" in state["/loop"].last_error
        assert state["/missing.xml"].last_status == 404 and state["/missing.xml"].failures == 1
        assert "feed" in state["/junk.xml"].last_error or state["/junk.xml"].articles_added <= 1
        assert state["/dam.xml"].last_error is None and state["/dam.xml"].articles_added == 2
        # the teaser's page is on a private address: refused, the teaser kept
        assert state["/teaser.xml"].last_error is None and state["/teaser.xml"].articles_added == 1
        # a feed that changes every guid: the same items are not stored twice
        site.set_feed("/dam.xml", "Valley Courier", [dict(it, guid=it["guid"] + "-v2") for it in FIRST])
        for feed in service.due_feeds(time.time() + 10_000):
            Follower(service, 60).check(feed)
        assert service.count()[0] == 3
        # failing again and again: daily
        for _ in range(10):
            Follower(service, 60).check(service.feed(ids["/missing.xml"]))
        missing = service.feed(ids["/missing.xml"])
        assert missing.failures == 12 and missing.next_check - missing.last_checked >= 86000


def test_teaser_item_gets_its_page_once(site, tmp_path):
    from newsfuse.live.worker import Follower
    from newsfuse.service import NewsService

    page = ("<html><head><title>Full story</title></head><body><article><h1>Lakeview dam brace fitted</h1>"
            + "".join(f"<p>{it['text']}</p>" for it in LATER) + "</article></body></html>")
    site.put("/article.html", page.encode(), "text/html; charset=utf-8")
    site.set_feed("/teaser.xml", "Teasers", [{"guid": "t1", "title": "Lakeview dam brace fitted",
                                                "text": "A brace was fitted.", "link": site.url + "/article.html"}])
    with NewsService(tmp_path / "t.db", allow_hosts=["127.0.0.1"]) as service:
        service.add_feed(site.url + "/teaser.xml")
        follower = Follower(service, 60)
        follower.run_once()
        total, stories = service.stories()
        assert total == 1
        assert "steel brace" in json.loads(service.brief_json(stories[0].id, 200))["story"]["text"]
        assert len(site.requests_for("/article.html")) == 1
        site.set_feed("/teaser.xml", "Teasers", [{"guid": "t2", "title": "Lakeview dam brace fitted",
                                                    "text": "Brace fitted.", "link": site.url + "/article.html"}])
        for feed in service.due_feeds(time.time() + 10_000):
            follower.check(feed)
        assert len(site.requests_for("/article.html")) == 1  # once per URL


def test_cli_feeds_and_watch(site, tmp_path):
    db = str(tmp_path / "cli.db")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, env=ENV,
                              timeout=180)

    assert run("feeds", "add", "--db", db, site.url + "/dam.xml").returncode == 0
    listed = run("feeds", "list", "--db", db, "--json")
    assert json.loads(listed.stdout)["feeds"][0]["url"] == site.url + "/dam.xml"
    refused = run("watch", "--db", db, "--once")
    assert refused.returncode == 0 and "non-public" in refused.stderr and "Traceback" not in refused.stderr
    opml = tmp_path / "feeds.opml"
    opml.write_text(run("feeds", "export", "--db", db).stdout)
    assert run("feeds", "remove", "--db", db, "1").returncode == 0
    assert run("feeds", "import", "--db", db, str(opml)).returncode == 0
    watched = run("watch", "--db", db, "--once", "--allow-host", "127.0.0.1")
    assert watched.returncode == 0 and "2 new article(s)" in watched.stderr, watched.stderr
    assert json.loads(run("feeds", "list", "--db", db, "--json").stdout)["feeds"][0]["articles_added"] == 2
