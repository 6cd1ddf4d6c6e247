"""The HTTP API against a real uvicorn server on 127.0.0.1 with a temporary database.

Fetch tests use a local HTTP server on 127.0.0.1 and fake DNS answers (the
fetcher's resolver is replaced); no test sends a packet anywhere but loopback.
"""
from __future__ import annotations

import http.server
import json
import re
import socket
import threading

import httpx
import pytest

from newsfuse.ingest import fetch as fetching
from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer

SHIP = [
    {"title": "Cargo ship runs aground", "source": "Harbour Daily", "published": "2026-04-02",
     "url": "https://harbour.example/ship",
     "text": "A cargo ship carrying timber ran aground at the mouth of the Ostra river early on Thursday, blocking "
             "the channel to the port of Kellby. The coast guard said none of the nineteen crew were hurt. Tugs "
             "will try to refloat the ship at high tide on Friday, the port authority said. Ferries to the "
             "islands were cancelled until the channel reopens."},
    {"title": "Timber ship blocks Kellby channel", "source": "Coast Radio", "published": "2026-04-02",
     "text": "The channel to Kellby port was blocked on Thursday after a cargo ship carrying timber ran aground "
             "at the mouth of the Ostra river. None of the nineteen crew were hurt, the coast guard said. The "
             "port authority said tugs will try to refloat the ship at high tide on Friday. Island ferries were "
             "cancelled."},
]
LIMIT = 256 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("api") / "stories.db")
    with BackgroundServer(create_app(service, max_body=LIMIT, allowed_hosts=["127.0.0.1", "localhost"])) as srv:
        srv.service = service
        yield srv
    service.close()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def ship_story(client):
    r = client.post("/api/articles", json=SHIP)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [a["status"] for a in body["articles"]] == ["added", "added"]
    assert len(body["stories"]) == 1 and body["stories"][0]["size"] == 2
    return body


def test_post_articles_json_and_list_stories(client, ship_story):
    sid = ship_story["stories"][0]["id"]
    stories = client.get("/api/stories").json()
    assert stories["total"] >= 1
    row = next(s for s in stories["stories"] if s["id"] == sid)
    assert row["sources"] == ["Harbour Daily", "Coast Radio"] and row["first"] == row["last"] == "2026-04-02"
    assert [s["id"] for s in client.get("/api/stories", params={"q": "tugs refloat"}).json()["stories"]] == [sid]
    assert client.get("/api/stories", params={"q": "volcano"}).json() == {"total": 0, "limit": 50, "offset": 0,
                                                                          "sort": "top", "stories": []}
    page = client.get("/api/stories", params={"limit": 1, "offset": 0}).json()
    assert len(page["stories"]) == 1 and page["limit"] == 1
    # one object (not a list) is accepted too; the same article again is a duplicate
    again = client.post("/api/articles", json=SHIP[0]).json()
    assert again["articles"][0]["status"] == "duplicate" and again["articles"][0]["story_id"] == sid


def test_brief_in_the_cli_json_schema(client, server, ship_story):
    from newsfuse.render.json import to_dict
    import newsfuse

    sid = ship_story["stories"][0]["id"]
    r = client.get(f"/api/stories/{sid}", params={"words": 40})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    stored = server.service._reader().articles_of(sid)  # the story's articles (copies included), as stored
    assert {a.source for a in stored} >= {"Harbour Daily", "Coast Radio"}
    expected = to_dict(newsfuse.brief(stored, words=40))  # what `newsfuse brief --format json` prints for them
    assert list(data) == list(expected) and list(data["story"]) == list(expected["story"])
    assert list(data["sources"][0]) == list(expected["sources"][0])
    assert data["schema"] == "newsfuse.brief/2" and data["story"]["budget"] == 40
    assert [s["text"] for s in data["sentences"]] == [s["text"] for s in expected["sentences"]]
    # and on its own terms, not through the code under test: verbatim sentences of the report they name,
    # citing numbered sources, within the budget
    texts = {a["source"]: " ".join(a["text"].split()) for a in SHIP}
    label = {src["number"]: src["label"] for src in data["sources"]}
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert " ".join(sentence["text"].split()) in texts[label[sentence["source"]]]
        assert sentence["source"] in sentence["citations"] and set(sentence["citations"]) <= set(label)
    assert data["story"]["words"] == sum(len(s["text"].split()) for s in data["sentences"]) <= 40
    longer = client.get(f"/api/stories/{sid}", params={"words": 120}).json()
    assert longer["story"]["words"] > data["story"]["words"]


def test_brief_with_facts_on_request(client, ship_story):
    sid = ship_story["stories"][0]["id"]
    plain = client.get(f"/api/stories/{sid}", params={"words": 60}).json()
    assert not plain.get("facts")
    data = client.get(f"/api/stories/{sid}", params={"words": 60, "facts": "true"}).json()
    names = {e["name"] for e in data["facts"]["entities"]}
    assert "Kellby" in names or any("Kellby" in n for n in names), names
    assert [s["text"] for s in data["sentences"]] == [s["text"] for s in plain["sentences"]]
    md = client.get(f"/stories/{sid}/brief.md", params={"words": 60, "facts": 1}).text
    assert "## Facts" in md


def test_multipart_upload_of_files_and_pasted_text(client, example_dir):
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(example_dir.iterdir())]
    files.append(("files", ("empty.txt", b"", "text/plain")))
    r = client.post("/api/articles", files=files, data={"text": "Pasted headline\n\nA pasted report about "
                                                                 "the harbour of Kellby and its ferries."})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["articles"]) == 6
    assert {a["origin"] for a in body["articles"]} >= {f"upload:{p.name}" for p in example_dir.iterdir()}
    assert [p["origin"] for p in body["problems"]] == ["upload:empty.txt"]
    # grouping: the bundled reports 000, 001 and 004 are copies of one text, 003 reports the same events and
    # 002 is a spun rewrite of them (few shared words, the same places and people): one story of five; the
    # pasted report about Kellby's harbour joins none of them
    story_of = {a["origin"].removeprefix("upload:")[:3]: a["story_id"] for a in body["articles"]}
    assert None not in story_of.values()
    assert story_of["000"] == story_of["001"] == story_of["002"] == story_of["003"] == story_of["004"]
    assert story_of["pas"] != story_of["000"]
    sizes = {s["id"]: s["size"] for s in body["stories"]}
    assert sizes[story_of["000"]] == 5
    assert sizes[story_of["pas"]] == 1
    assert sum(sizes.values()) == 6


def test_delete_article_and_story_then_404(client):
    r = client.post("/api/articles", json={"title": "Lone report", "text": "The village fete raised money for "
                                           "a new roof on the parish hall, organisers said on Sunday."})
    article = r.json()["articles"][0]
    sid = article["story_id"]
    assert client.get(f"/api/stories/{sid}").status_code == 200
    assert client.delete(f"/api/articles/{article['article_id']}").json() == {"deleted": article["article_id"],
                                                                            "story_id": sid}
    assert client.delete(f"/api/articles/{article['article_id']}").status_code == 404
    assert client.get(f"/api/stories/{sid}").status_code == 404  # its only article is gone: so is the story
    sid2 = client.post("/api/articles", json={"text": "A second lone report on the sailing regatta, won by a "
                                                      "crew from the north shore."}).json()["articles"][0]["story_id"]
    assert client.delete(f"/api/stories/{sid2}").status_code == 200
    r = client.get(f"/api/stories/{sid2}")
    assert r.status_code == 404 and r.json() == {"error": f"no story {sid2}"}
    assert client.delete(f"/api/stories/{sid2}").status_code == 404


@pytest.mark.parametrize("method, url, kwargs, status", [
    ("get", "/api/stories/999999", {}, 404),
    ("get", "/api/stories/abc", {}, 422),
    ("get", "/api/stories/1?words=0", {}, 422),
    ("get", "/api/nothing-here", {}, 404),
    ("post", "/api/articles", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
    ("post", "/api/articles", {"json": {"title": "no text"}}, 422),
    ("post", "/api/articles", {"json": []}, 422),
    ("post", "/api/articles", {"content": b"x", "headers": {"content-type": "text/csv"}}, 415),
    ("post", "/api/fetch", {"json": {"urls": "not a list"}}, 422),
    ("post", "/api/articles", {"json": {"text": "x" * (LIMIT + 10)}}, 413),
])
def test_errors_are_json_with_the_right_status(client, method, url, kwargs, status):
    r = getattr(client, method)(url, **kwargs)
    assert r.status_code == status, r.text
    body = r.json()
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in r.text


def test_streamed_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(LIMIT // 4096 + 8):
            yield b"x" * 4096

    r = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]


def test_internal_errors_show_no_stack_trace(client, server, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /srv/app.py line 12")

    monkeypatch.setattr(server.service, "stories", broken)
    r = client.get("/api/stories")
    assert r.status_code == 500
    assert r.json() == {"error": "internal error (details are in the server log)"}
    assert "secret" not in r.text


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [("/api/articles", "post"), ("/api/fetch", "post"), ("/api/stories", "get"),
                         ("/api/stories/{story_id}", "get"), ("/api/stories/{story_id}", "delete"),
                         ("/api/articles/{article_id}", "delete")]:
        assert method in paths[path], (path, method)
    assert {"application/json", "multipart/form-data"} <= set(paths["/api/articles"]["post"]["requestBody"]["content"])
    assert "/" not in paths  # pages are not API
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(spec)))
    assert refs and refs <= set(spec["components"]["schemas"])  # no dangling reference


def test_cross_site_writes_and_foreign_host_names_are_refused(client, server):
    r = client.post("/api/articles", json=SHIP[0], headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-site" in r.json()["error"]
    assert client.delete("/api/stories/1", headers={"Origin": "null"}).status_code == 403
    same = client.post("/api/articles", json=SHIP[0], headers={"Origin": server.url})
    assert same.status_code == 200
    foreign = client.get("/api/stories", headers={"Host": "rebound.evil.example"})
    assert foreign.status_code == 400 and "rebound.evil.example" in foreign.json()["error"]
    assert client.get("/api/stories", headers={"Host": "localhost:1234"}).status_code == 200


def test_security_headers(client):
    r = client.get("/api/stories")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# ---- fetching -----------------------------------------------------------------------------
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Kellby Wire</title>
<item><title>Ship refloated</title><link>https://wire.example/refloat</link><guid>r1</guid>
<description>Tugs refloated the timber ship at high tide on Friday and the channel to Kellby port reopened.
</description></item></channel></rss>"""


ARTICLE_PAGE = ("<!doctype html><html><head><title>Ferry service resumes</title></head><body><article>"
                "<h1>Ferry service resumes</h1>" + "".join(
                    f"<p>{p}</p>" for p in [
                        "Ferries between Kellby and the islands sailed again on Saturday after the channel reopened.",
                        "The port authority said the first boat left at seven in the morning with forty passengers.",
                        "Timetables will be back to normal by Monday, the ferry company said in a statement."])
                + "</article></body></html>").encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/feed.xml":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/story.html":
            self._send(200, ARTICLE_PAGE, "text/html; charset=utf-8")
        elif self.path == "/to-private":
            self._send(302, b"", "text/plain", ("Location", "http://intranet.test/admin"))
        elif self.path == "/to-metadata":
            self._send(302, b"", "text/plain", ("Location", "http://169.254.169.254/latest/meta-data/"))
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, status, body, kind, *headers):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site(monkeypatch):
    """news.test -> 127.0.0.1 (declared public for the test), intranet.test -> 10.0.0.1; every
    connection is checked to go to loopback."""
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    real_public, real_connect = fetching.is_public_address, socket.create_connection
    answers = {"news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.1"]}

    def resolve(host, port):
        if host in answers:
            return answers[host]
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
            return [host]  # an address literal: no DNS
        except OSError:
            raise socket.gaierror(f"fake DNS: no such name {host}") from None

    def connect(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"a packet to {address}!"
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(fetching, "resolve", resolve)
    monkeypatch.setattr(fetching, "is_public_address", lambda a: a == "127.0.0.1" or real_public(a))
    monkeypatch.setattr(socket, "create_connection", connect)
    yield f"http://news.test:{site.server_address[1]}"
    site.shutdown()


def test_fetch_a_feed_from_a_local_server(client, local_site):
    r = client.post("/api/fetch", json={"urls": [f"{local_site}/feed.xml"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [a["title"] for a in body["articles"]] == ["Ship refloated"] and body["articles"][0]["story_id"]


def test_fetch_an_article_page_from_a_local_server(client, local_site):
    r = client.post("/api/fetch", json={"urls": [f"{local_site}/story.html"]})
    assert r.status_code == 200, r.text
    article = r.json()["articles"][0]
    assert article["status"] == "added" and article["origin"] == f"{local_site}/story.html"
    brief = client.get(f"/api/stories/{article['story_id']}").json()
    assert brief["sources"][0]["url"] == f"{local_site}/story.html"
    assert "Ferries between Kellby" in brief["story"]["text"]


@pytest.mark.parametrize("url, words", [
    ("http://169.254.169.254/latest/meta-data/", ["169.254.169.254", "non-public"]),
    ("http://intranet.test/", ["intranet.test", "10.0.0.1"]),
    ("file:///etc/passwd", ["http"]),
    ("{site}/to-private", ["intranet.test", "10.0.0.1"]),
    ("{site}/to-metadata", ["169.254.169.254"]),
])
def test_fetch_refuses_private_addresses_with_a_clear_message(client, local_site, url, words):
    url = url.format(site=local_site)
    r = client.post("/api/fetch", json={"urls": [url]})
    assert r.status_code == 422
    body = r.json()
    assert body["articles"] == [] and len(body["problems"]) == 1
    problem = body["problems"][0]
    assert problem["origin"] == url
    for word in words:
        assert word in problem["reason"], problem
    assert url in body["error"]


# ---- pages over HTTP (no browser): escaping, fallbacks, downloads ---------------------------------
def test_pages_escape_article_text_and_make_no_unsafe_links(client):
    body = {"title": "Fair <script>alert('t')</script> news", "url": "javascript:alert(document.cookie)",
            "source": "<b>Outlet</b>",
            "text": "The county fair opened on Saturday with a record crowd of visitors. "
                    "A stall sold sweets labelled <script>alert('x')</script> to children. "
                    "Another showed <img src=x onerror=alert(1)> on a painted board. "
                    "The fair runs until the end of the month, the organisers said."}
    sid = client.post("/api/articles", json=body).json()["articles"][0]["story_id"]
    for url in ("/", f"/stories/{sid}", f"/stories/{sid}/sources/1?start=0&end=20", "/?q=fair"):
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Outlet" not in html, url
        assert 'href="javascript:' not in html.lower(), url
    story = client.get(f"/stories/{sid}").text
    assert "&lt;script&gt;alert(" in story and "&lt;img src=x onerror=alert(1)&gt;" in story
    # only the app's own script files, no inline script
    assert story.count("<script") == story.count('<script src="/static/') == 3  # theme, story, visits
    assert '<script src="/static/story.js" defer></script>' in story


def test_citation_fallback_page_highlights_the_passage(client, ship_story):
    sid = ship_story["stories"][0]["id"]
    view = client.get(f"/api/stories/{sid}/view", params={"words": 60}).json()
    sentence, spots = view["brief"]["sentences"][0], view["anchors"][0]
    start, end = spots[str(sentence["source"])]
    page = client.get(f"/stories/{sid}/sources/{sentence['source']}", params={"start": start, "end": end}).text
    assert f'<mark id="highlight">{sentence["text"]}</mark>' in page
    source = client.get(f"/api/stories/{sid}/sources/{sentence['source']}").json()
    assert source["text"][start:end] == sentence["text"]
    assert client.get(f"/api/stories/{sid}/sources/99").status_code == 404
    assert 'href="https://harbour.example/ship" rel="noopener noreferrer nofollow"' in client.get(f"/stories/{sid}").text


def test_downloads_in_every_format(client, ship_story):
    sid = ship_story["stories"][0]["id"]
    md = client.get(f"/stories/{sid}/brief.md", params={"words": 60})
    assert md.status_code == 200 and md.text.startswith("# ") and "## Sources" in md.text
    assert md.headers["content-disposition"] == f'attachment; filename="story-{sid}-60w.md"'
    html = client.get(f"/stories/{sid}/brief.html", params={"words": 60})
    assert html.status_code == 200 and "<html" in html.text.lower()
    data = client.get(f"/stories/{sid}/brief.json", params={"words": 60}).json()
    assert data == client.get(f"/api/stories/{sid}", params={"words": 60}).json()
    assert client.get(f"/stories/{sid}/brief.pdf").status_code == 404


def test_add_page_reports_skipped_inputs(client):
    r = client.post("/add", files=[("files", ("bad.bin", b"\x00\xff" * 50, "application/octet-stream"))],
                    data={"text": "", "urls": "file:///etc/passwd"})
    assert r.status_code == 422
    assert "upload:bad.bin" in r.text and "file:///etc/passwd" in r.text
    assert client.post("/add", data={"text": "", "urls": ""}).status_code == 400


def test_serve_command_demo_answers(tmp_path):
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from newsfuse.cli import main; main()", "serve", "--demo",
                             "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.1)
        data = r.json()
        assert sum(s["size"] for s in data["stories"]) == 5  # the five bundled reports
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "demo database with 5 reports" in proc.stderr.read()
    usage = subprocess.run([sys.executable, "-c", "from newsfuse.cli import main; main()", "serve"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "--demo" in usage.stderr


def test_story_page_lists_name_differences_with_facts(client):
    """Two reports alike but for a name: the story page's facts list the difference."""
    tail = ("The river rose faster than forecast in the lower valley.\n\n"
            "Rescue teams worked through the night in the villages of the plain.")
    pair = [
        {"text": "The dam gates were opened to spare the town, said Mayor Elena Ruiz of Port Verde. " + tail,
         "title": "Dam gates opened at Port Verde", "source": "Valley Post"},
        {"text": "The dam gates were opened to spare the town, said Mayor Elena Diaz of Port Verde. " + tail,
         "title": "Dam gates opened at Port Verde", "source": "Plain Herald"},
    ]
    r = client.post("/api/articles", json=pair)
    assert r.status_code == 200, r.text
    sid = r.json()["stories"][0]["id"]
    page = client.get(f"/stories/{sid}", params={"words": 120, "facts": 1}).text
    assert "Where the reports differ" in page
    assert 'class="difference"' in page and "Ruiz" in page and "Diaz" in page
