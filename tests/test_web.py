"""The pages in a real browser: Debian's chromium driven by Playwright, against a real uvicorn server.

Skipped (with the reason) only when chromium is not installed at /usr/bin/chromium
(``make test`` installs it) or cannot start.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips with the reason
    expect = None

from newsfuse.service import NewsService
from newsfuse.web import create_app
from newsfuse.web.server import BackgroundServer



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("web") / "stories.db")
    with BackgroundServer(create_app(service)) as server:
        yield server.url
    service.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()



def open_citation(page, link) -> None:
    """Click a citation and wait until the reader shows THAT report (the
    previous report and its highlight stay on the page until the new one loads)."""
    number = link.get_attribute("data-source")
    link.click()
    page.wait_for_function(
        "n => !document.getElementById('reader').hidden && document.getElementById('highlight')"
        " && document.getElementById('reader-title').textContent.startsWith('[' + n + ']')", arg=number)

def test_add_example_open_story_cite_shorten_download(page, site, example_dir, tmp_path):
    page.goto(f"{site}/add")
    page.set_input_files("#files", sorted(str(p) for p in example_dir.iterdir()))
    page.click("#add-submit")
    page.wait_for_selector("#result")
    assert "5 added" in page.inner_text("#summary")

    page.goto(site + "/")
    rows = page.locator("li.story-row")
    assert rows.count() >= 1
    sizes = [int(rows.nth(i).locator(".size .num").inner_text()) for i in range(rows.count())]
    assert sum(sizes) == 5
    biggest = sizes.index(max(sizes))
    title = rows.nth(biggest).locator("a.story-link").inner_text()
    rows.nth(biggest).locator("a.story-link").click()
    page.wait_for_selector("#brief .sentence")
    assert page.inner_text("#title") == title

    # a citation opens its report beside the brief, the sentence highlighted
    sentence = page.inner_text("#s0")
    links = page.locator("a.cite[data-sentence='0']")
    assert links.count() >= 1
    seen = []
    for i in range(links.count()):
        open_citation(page, links.nth(i))
        seen.append(page.inner_text("#highlight"))
        assert page.locator("#reader-text").inner_text().count(seen[-1]) >= 1
        assert links.nth(i).get_attribute("class") == "cite active"
    assert sentence in seen  # in its own report, the highlight is the brief's sentence itself
    assert all(len(s.split()) >= 3 for s in seen)

    # shorter, without reloading the page
    page.evaluate("window.__same_page = true")
    words_before = int(page.inner_text("#words"))
    page.click("#shorter")
    expect(page.locator("#budget")).to_have_text("120")
    assert page.evaluate("window.__same_page") is True
    assert int(page.inner_text("#words")) < words_before <= 250
    assert int(page.inner_text("#words")) <= 120
    assert page.url.endswith("?words=120")

    with page.expect_download() as info:
        page.click("#dl-json")
    target = tmp_path / "brief.json"
    info.value.save_as(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema"] == "newsfuse.brief/2" and data["story"]["budget"] == 120
    assert data["story"]["words"] == int(page.inner_text("#words"))
    assert page.dialogs == []


HOSTILE_TITLE = 'Harbour <script>window.__pwned = "title"</script> alert'
HOSTILE_TEXT = (
    "The harbour master of Quillan said on Monday that the new breakwater is finished. "
    'Workers found a sign reading <script>window.__pwned = "script"; alert(1)</script> on the old pier. '
    'Another sign said <img src=x onerror="window.__pwned = \'img\'; alert(2)"> near the crane. '
    "The breakwater cost nine million crowns and took three years to build, the harbour master said."
)


def test_hostile_report_renders_as_text_and_runs_nothing(page, site):
    page.goto(f"{site}/add")
    page.fill("#text", HOSTILE_TITLE + "\n\n" + HOSTILE_TEXT)
    page.click("#add-submit")
    page.wait_for_selector("#result a.story-link")
    page.click("#result a.story-link")
    page.wait_for_selector("#brief .sentence")
    brief_text = page.inner_text("#brief")
    assert "<script>" in brief_text and "<img src=x onerror=" in brief_text  # shown as text
    assert page.locator("#brief script, #brief img, main img").count() == 0
    for link in page.locator("a.cite").all():  # open every citation: the report goes in as text too
        open_citation(page, link)
    assert page.locator("#reader-text script, #reader-text img").count() == 0
    assert "<script>" in page.inner_text("#reader-text")
    page.click("#shorter")
    expect(page.locator("#budget")).to_have_text("120")
    assert page.locator("#brief script, #brief img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    page.goto(site + "/")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main script, main img").count() == 0


def test_facts_on_demand_and_their_citations_open_the_report(page, site):
    import httpx

    reports = [
        {"title": "Ferry strike ends", "source": "Port News", "published": "2026-05-04",
         "text": "Ferry crews in Kellby ended their strike on Monday after the Harbour Workers Union accepted a "
                 "pay offer of 4 percent. Union leader Marta Lind said the crews would return to work on Tuesday. "
                 "The strike had cancelled 120 sailings since April 20, the ferry company Nordline said."},
        {"title": "Kellby ferries to sail again", "source": "Coast Radio", "published": "2026-05-04",
         "text": "Nordline ferries will sail again on Tuesday after crews in Kellby voted to end a two-week "
                 "strike. \"We got what we asked for,\" said Marta Lind, leader of the Harbour Workers Union. "
                 "The company said 120 sailings had been cancelled since April 20."},
    ]
    r = httpx.post(f"{site}/api/articles", json=reports, timeout=120)
    sid = r.json()["stories"][0]["id"]
    page.goto(f"{site}/stories/{sid}")
    # each brief sentence shows its report's date, as the server renders it and as the script re-renders it
    sentences = page.locator("#brief .sentence").count()
    assert sentences >= 1
    assert page.locator("#brief time.date").all_inner_texts() == ["2026-05-04"] * sentences
    page.click("#shorter")
    expect(page.locator("#budget")).to_have_text("120")
    assert page.locator("#brief time.date").count() == page.locator("#brief .sentence").count() >= 1
    assert page.locator("#facts h2").count() == 0  # not made until asked for
    page.click("#show-facts")
    page.wait_for_selector("#facts h2")
    assert "Marta Lind" in page.inner_text("#facts")
    link = page.locator("#facts a.cite").first
    item = link.locator("xpath=ancestor::*[self::li or self::blockquote][1]").inner_text()
    open_citation(page, link)
    assert page.inner_text("#highlight").strip() in item
    assert "facts=1" in page.get_attribute("#dl-json", "href")
    assert page.dialogs == []
