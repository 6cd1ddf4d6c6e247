"""--allow-host and the fetcher's answers for feed polling (conditional GET, Retry-After, bounded gzip),
against a real HTTP server on 127.0.0.1 (no fake DNS: loopback is refused unless allowed)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from feedsite import FeedSite, gzip_bomb
from newsfuse.ingest.fetch import FetchError, HTTPStatus, allow_set, fetch, fetch_url, retry_after_seconds

ROOT = Path(__file__).resolve().parents[1]
ITEMS = [{"guid": "a1", "title": "Bridge reopens after repairs",
          "text": "The old river bridge reopened on Monday after two years of repairs, the city said."}]


@pytest.fixture
def site():
    with FeedSite() as s:
        s.set_feed("/feed.xml", "Riverside News", ITEMS)
        yield s


def test_loopback_is_refused_by_default_and_allowed_by_name(site):
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(site.url + "/feed.xml")
    body = fetch_url(site.url + "/feed.xml", allow_hosts=allow_set(["127.0.0.1"]))
    assert b"Bridge reopens" in body
    # allowing another name does not open loopback to this one
    with pytest.raises(FetchError, match="non-public"):
        fetch_url(site.url + "/feed.xml", allow_hosts=allow_set(["feeds.home.arpa"]))


def test_allow_set_normalises_names():
    assert allow_set(["Feeds.Home.ARPA.", "[::1]", " "]) == frozenset({"feeds.home.arpa", "::1"})


def test_a_redirect_from_an_allowed_host_to_another_private_host_is_refused(site):
    def to_private(handler):
        handler.send_response(302)
        handler.send_header("Location", "http://localhost:1/feed.xml")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    site.special["/away"] = to_private
    with pytest.raises(FetchError, match="'localhost' resolves to non-public"):
        fetch_url(site.url + "/away", allow_hosts=allow_set(["127.0.0.1"]))


def test_conditional_get_answers_304(site):
    allow = allow_set(["127.0.0.1"])
    first = fetch(site.url + "/feed.xml", allow_hosts=allow)
    assert first.status == 200 and first.headers["etag"] and first.headers["last-modified"]
    again = fetch(site.url + "/feed.xml", allow_hosts=allow,
                  headers={"If-None-Match": first.headers["etag"], "If-Modified-Since": first.headers["last-modified"]})
    assert again.status == 304 and again.body == b""
    assert site.requests_for("/feed.xml")[-1]["if-none-match"] == first.headers["etag"]


def test_429_carries_retry_after(site):
    def busy(handler):
        handler.send_response(429)
        handler.send_header("Retry-After", "120")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    site.special["/busy"] = busy
    with pytest.raises(HTTPStatus) as err:
        fetch(site.url + "/busy", allow_hosts=allow_set(["127.0.0.1"]))
    assert err.value.status == 429 and err.value.retry_after == 120


def test_retry_after_as_a_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == pytest.approx(60)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_a_gzip_bomb_stops_at_the_size_cap(site):
    site.special["/bomb"] = gzip_bomb
    with pytest.raises(FetchError, match="too large"):
        fetch_url(site.url + "/bomb", allow_hosts=allow_set(["127.0.0.1"]), max_bytes=1024 * 1024)


def test_stories_cli_allow_host(site, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "newsfuse", "stories", "--no-brief", site.url + "/feed.xml"]
    refused = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and "non-public address 127.0.0.1" in refused.stderr
    allowed = subprocess.run(cmd + ["--allow-host", "127.0.0.1"], capture_output=True, text=True, env=env,
                             timeout=120)
    assert allowed.returncode == 0, allowed.stderr
    assert "Bridge reopens" in allowed.stdout


def test_outlet_is_the_feed_title_else_the_domain_else_the_file_stem(tmp_path):
    from feedsite import rss
    from newsfuse.ingest.feeds import parse_feed

    item = [{"guid": "x", "title": "Ferry returns", "text": "The island ferry returned to service on Friday."}]
    assert parse_feed(rss("Harbour Times", item), "https://news.example.org/feeds/world.rss")[0].source == "Harbour Times"
    assert parse_feed(rss("", item), "https://news.example.org/feeds/world.rss")[0].source == "news.example.org"
    linked = [dict(item[0], link="https://www.islandpost.example/ferry")]
    assert parse_feed(rss("", linked), "https://news.example.org/feeds/world.rss")[0].source == "islandpost.example"
    assert parse_feed(rss("", item), str(tmp_path / "world.rss"))[0].source == "world"


def test_schedule_interval_backoff_daily_and_retry_after():
    import random

    from newsfuse.live.schedule import DAY_S, next_check

    rng = random.Random(3)
    good = [next_check(0, 60, 0, rng=rng) for _ in range(200)]
    assert 0.8 * 60 <= min(good) and max(good) <= 60  # within one interval, spread out
    assert 110 <= next_check(0, 60, 2, rng=rng) <= 120  # doubled per failure
    assert next_check(0, 60, 8, rng=rng) == DAY_S  # many failures in a row: daily
    assert next_check(0, 60, 0, retry_after=3600, rng=rng) == 3600  # the server's Retry-After wins
    assert next_check(0, 60, 1, retry_after=10 ** 9, rng=rng) == 7 * DAY_S  # but at most a week
