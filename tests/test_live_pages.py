"""The live-news pages in a real browser (chromium through Playwright, real uvicorn): follow a feed from the
add page, each feed's state on /feeds, and "New since your last visit" on a story page after its feed grew.
Skipped, saying why, when chromium cannot start (as tests/test_web.py)."""
from __future__ import annotations

import time

import pytest

from feedsite import FeedSite
from newsfuse.live.worker import Follower
from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer
from test_live_feeds import FIRST, LATER
from test_web import page  # noqa: F401  (fixture; `browser` comes from conftest)


def test_follow_from_the_add_page_then_see_what_is_new(page, tmp_path):  # noqa: F811
    with FeedSite() as site, NewsService(tmp_path / "pages.db", allow_hosts=["127.0.0.1"]) as service:
        site.set_feed("/dam.xml", "Valley Courier", FIRST)
        follower = Follower(service, 60)
        with BackgroundServer(create_app(service, follower=follower)) as server:
            page.goto(server.url + "/add")
            page.fill("#urls", site.url + "/dam.xml\nftp://files.example/news.rss")
            page.check("#follow")
            page.click("#add-submit")
            message = page.inner_text("#message")
            assert message.startswith(f"Following {site.url}/dam.xml;") and "ftp://files.example/news.rss: not" in message
            follower.run_once()  # what the server's worker does on its schedule
            page.goto(server.url + "/feeds")
            row = page.inner_text("tr.feed-row")
            assert "Valley Courier" in row and "ok (200)" in row and "2" in row

            page.goto(server.url + "/")
            page.click("a.story-link")
            story_url = page.url
            assert page.is_hidden("#news")  # a first visit: nothing to compare with
            time.sleep(1.1)
            site.set_feed("/dam.xml", "Valley Courier", FIRST + LATER)
            for feed in service.due_feeds(time.time() + 10_000):
                follower.check(feed)

            page.goto(server.url + "/")
            assert page.inner_text(".story-row .tag.fresh") == "Updated"
            page.goto(story_url)
            page.wait_for_selector("#news:not([hidden])")
            news = page.inner_text("#news-list")
            assert "six weeks" in news and "steel brace" in news and "routine inspection" not in news
            assert page.locator("#news-list a.cite").all_inner_texts() == ["[3]", "[3]"]
            page.reload()
            page.wait_for_timeout(500)
            assert page.is_hidden("#news")  # seen now
