"""`newsfuse serve` against hostile requests (issue 21, findings 8, 9, 10, 11).

A real uvicorn server on 127.0.0.1 over a temporary database; every request
goes to loopback (a Host header may name anything: it is only a header).
"""
from __future__ import annotations

import httpx
import pytest

from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.app import host_allowed, host_name, served_hosts
from newsfuse.web.server import BackgroundServer

BIG = 2**63  # one past SQLite's largest integer


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("hostile-web") / "stories.db")
    app = create_app(service, allowed_hosts=served_hosts(["News.Example"]))
    with BackgroundServer(app) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        yield c
    service.close()


# ---- finding 8: the Host check, for every spelling of loopback and for --public-host
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST.", "[::1]:8000",
                                  "[0:0:0:0:0:0:0:1]:8000", "[::ffff:127.0.0.1]", "0.0.0.0:8000", "news.example",
                                  "NEWS.EXAMPLE:80", "192.168.1.20:8000"])
def test_the_host_check_answers_this_servers_names_and_ip_literals(client, host):
    assert client.get("/api/stories", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io",
                                  "", "[::1", "news.example.evil"])
def test_the_host_check_refuses_other_names(client, host):
    r = client.get("/api/stories", headers={"Host": host})
    assert r.status_code == 400 and "host name not served here" in r.json()["error"]


def test_host_names_are_compared_in_one_spelling():
    assert host_name("[0:0:0:0:0:0:0:1]:8000") == "::1" and host_name("LocalHost.:80") == "localhost"
    assert served_hosts(["News.Example", " "]) == ["localhost", "127.0.0.1", "::1", "news.example"]
    assert host_allowed("127.0.0.2", set()) and not host_allowed("a.example", {"b.example"})


def test_serve_checks_the_host_on_every_bind_address():
    """`newsfuse serve --host 0.0.0.0` (or 127.1, or ::1 spelled long) used to turn the check off."""
    import inspect

    from newsfuse.cli import serve

    source = inspect.getsource(serve.serve_command)
    assert "allowed = served_hosts(public_host)" in source and "--public-host" in source


# ---- finding 11: cross-site requests, by Origin and by Sec-Fetch-Site
@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "http://evil.example"}, {"Origin": "null"}])
def test_cross_site_writes_are_refused(client, headers):
    r = client.post("/api/articles", json={"text": "A text."}, headers=headers)
    assert r.status_code == 403 and "cross-site" in r.json()["error"]
    assert client.delete("/api/stories/1", headers=headers).status_code == 403


@pytest.mark.parametrize("path", ["/api/stories", "/api/stories/1", "/api/stories/1/view"])
def test_cross_site_scripts_cannot_make_the_api_build_briefs(client, path):
    assert client.get(path, headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"}).status_code == 403
    assert client.get(path, headers={"Origin": "http://evil.example"}).status_code == 403


def test_links_from_other_sites_and_same_origin_requests_still_work(client):
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}).status_code == 200
    assert client.get("/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}).status_code == 403
    assert client.get("/api/stories", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    r = client.post("/api/articles", json={"text": "x"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code in (200, 422)  # reached the API, not refused


# ---- findings 9, 10: out-of-range parameters, deep JSON, lone surrogates, 405 with Allow
@pytest.mark.parametrize("method,path", [
    ("GET", f"/api/stories/{BIG}"), ("GET", f"/api/stories/{BIG}/view"), ("GET", f"/api/stories/1/sources/{BIG}"),
    ("DELETE", f"/api/stories/{BIG}"), ("GET", f"/api/stories?offset={BIG}"), ("GET", f"/api/stories/{-BIG - 1}"),
    ("GET", f"/stories/{BIG}"), ("GET", f"/?offset={BIG}"), ("GET", f"/stories/1/sources/1?start={BIG}"),
])
def test_integers_past_sqlite_are_a_422_not_a_500(client, method, path):
    r = client.request(method, path)
    assert r.status_code == 422, (r.status_code, r.text[:200])


@pytest.mark.parametrize("path", ["/api/articles", "/api/fetch"])
def test_deeply_nested_json_is_a_400(client, path):
    r = client.post(path, content=b"[" * 100_000 + b"]" * 100_000, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "nested too deeply" in r.json()["error"]


def test_a_lone_surrogate_in_a_url_is_named(client):
    r = client.post("/api/fetch", content=b'{"urls": ["http://news.example/\\ud800"]}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert "lone surrogate" in r.text and "encod" not in r.json()["error"].replace("lone surrogate", "")


def test_405_names_the_allowed_methods(client):
    r = client.put("/api/stories")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert r.json()["error"]


def test_405_names_the_methods_of_every_route_of_the_path(client):
    r = client.put("/api/stories/1")
    assert r.status_code == 405 and {"GET", "DELETE"} <= {m.strip() for m in r.headers["Allow"].split(",")}


def test_a_text_field_named_files_is_refused(client):
    r = client.post("/api/articles", files={"files": (None, "not a file"), "text": (None, "A pasted text.")})
    assert r.status_code == 422 and "expected file uploads" in r.json()["error"]


@pytest.mark.parametrize("body,field", [({"text": "A text.", "source": 5}, "source: expected a string or null, got int"),
                                        ([{"text": "A."}, {"text": ["x"]}], "[1].text: expected a string, got list")])
def test_fields_of_another_json_type_are_refused_as_the_schema_says(client, body, field):
    r = client.post("/api/articles", json=body)
    assert r.status_code == 422 and field in r.json()["error"]
