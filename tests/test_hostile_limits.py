"""One request's limits (issue 21, findings 3, 4, 5): articles per request, field lengths, dates.

A real uvicorn server on 127.0.0.1 over a temporary database, plus the ingest
readers called directly. Texts are written for these tests.
"""
from __future__ import annotations

import httpx
import pytest

from newsfuse.ingest.formats import MAX_FIELD_CHARS, article_from_object
from newsfuse.service import NewsService, inputs
from newsfuse.text import iso_time
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer

TEXT = ("The harbour bridge in Kellby reopened on Monday after two years of repairs, the city council said. "
        "Engineers replaced the steel deck and the council said traffic would return to normal by noon.")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("limits") / "stories.db")
    with BackgroundServer(create_app(service)) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        yield c
    service.close()


@pytest.mark.parametrize("published", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2999-01-01",
                                       "1066-10-14"])
def test_a_date_out_of_range_is_refused_naming_the_field_and_the_list_still_works(client, published):
    r = client.post("/api/articles", json={"title": "Bridge", "text": TEXT, "published": published})
    assert r.status_code == 422 and "'published'" in r.json()["error"] and "outside the dates" in r.json()["error"]
    assert client.get("/api/stories").status_code == 200 and client.get("/").status_code == 200


def test_a_date_in_range_is_kept(client):
    r = client.post("/api/articles", json={"title": "Bridge", "text": TEXT, "published": "2026-12-06T10:00:00-05:00"})
    assert r.status_code == 200, r.text
    assert client.get("/api/stories").json()["stories"][0]["last"] == "2026-12-06"


def test_a_stored_date_past_year_9999_never_breaks_a_list():
    assert iso_time(253402387140.0) is None and iso_time(0.0) == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize("field", sorted(MAX_FIELD_CHARS))
def test_every_metadata_field_has_a_length_limit(field):
    limit = MAX_FIELD_CHARS[field]
    value = "2026-12-06" + " " * (limit - 9) if field == "published" else "x" * (limit + 1)
    articles, problems = article_from_object({"text": TEXT, field: value}, "request", "request")
    assert articles == [] and f"'{field}' too long" in problems[0].reason
    ok = "2026-12-06" if field == "published" else "x" * limit
    assert len(article_from_object({"text": TEXT, field: ok}, "request", "request")[0]) == 1


def test_a_long_title_is_a_4xx_naming_the_field(client):
    r = client.post("/api/articles", json={"title": "T" * 5_000_000, "text": TEXT})
    assert r.status_code == 422 and "'title' too long (5,000,000 characters > 1,000 limit)" in r.json()["error"]


def test_one_request_adds_at_most_max_request_articles(client, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_REQUEST_ARTICLES", 3)
    arts, problems = inputs.from_objects([{"text": f"{TEXT} Item {i}."} for i in range(5)])
    assert len(arts) == 3 and "5 article objects given; one request adds at most 3" in problems[0].reason
    # far too many objects are refused before the body is parsed
    r = client.post("/api/articles", json=[{"text": "x"}] * 50)
    assert r.status_code == 413 and "at most 3 articles" in r.json()["error"]


def test_uploads_share_the_request_limit(monkeypatch):
    monkeypatch.setattr(inputs, "MAX_REQUEST_ARTICLES", 2)
    files = [(f"a{i}.txt", f"Report {i}\n\n{TEXT}".encode()) for i in range(4)]
    arts, problems = inputs.from_files(files)
    assert len(arts) == 2 and any("budget of 2 articles" in p.reason for p in problems)


# ---- finding 7: fetches on a pool of their own, a URL cap and one deadline per request
def test_fetches_run_on_their_own_threads(client, monkeypatch):
    import threading

    from newsfuse.ingest import InputProblem

    seen = []

    def from_urls(urls):
        seen.append(threading.current_thread().name)
        return [], [InputProblem(str(urls[0]), "refused for the test")]

    monkeypatch.setattr(inputs, "from_urls", from_urls)
    r = client.post("/api/fetch", json={"urls": ["http://news.example/a"]})
    assert r.status_code == 422 and seen and seen[0].startswith("newsfuse-fetch")


def test_one_request_fetches_at_most_max_urls_within_one_deadline(monkeypatch):
    import time

    asked = []

    def read_url(url, budget=None, *, deadline=None, **kwargs):
        asked.append(deadline)
        time.sleep(0.3)
        return [], []

    monkeypatch.setattr(inputs, "read_url", read_url)
    monkeypatch.setattr(inputs, "FETCH_REQUEST_DEADLINE_S", 1.5)
    start = time.monotonic()
    _, problems = inputs.from_urls([f"http://news.example/{i}" for i in range(inputs.MAX_URLS + 5)])
    assert time.monotonic() - start < 3.0
    assert f"only the first {inputs.MAX_URLS} are fetched" in problems[0].reason
    assert 2 <= len(asked) <= 5 and all(d <= 1.5 for d in asked)
    assert sum("not fetched: this request's 1.5 s for fetching had passed" in p.reason for p in problems) \
        == inputs.MAX_URLS - len(asked)
