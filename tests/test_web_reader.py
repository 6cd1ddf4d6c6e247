"""The pages as a reader uses them, in Debian's chromium (Playwright) against a real uvicorn server:
the phone layout (nothing off-screen at 390 px), the dark theme and its remembered toggle, keyboard use
of the citation panel, and what is shown (typographic quotes and dashes; ledes) versus what is stored.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsfuse.service import NewsService
from newsfuse.service.model import lede_of
from newsfuse.web import create_app
from newsfuse.web.display import ago, smarten
from newsfuse.web.server import BackgroundServer


WIRE = [  # newswire typewriter marks: ``quotes'' and " _ " dashes
    {"title": "Ferry strike ends in Kellby", "source": "Port News", "published": "2026-05-04T09:00:00Z",
     "text": "KELLBY (PN) _ Ferry crews in Kellby ended their strike on Monday after the union accepted a pay "
             "offer of 4 percent. ``We got what we asked for,'' said Marta Lind, the union's leader. The strike "
             "had cancelled 120 sailings since April 20, the ferry company Nordline said. A very long harbour "
             "name follows: Kellbyharbourwestbreakwaterandferryterminalnumberthreeextension."},
    {"title": "Kellby ferries to sail again", "source": "Coast Radio", "published": "2026-05-04T11:00:00Z",
     "text": "Nordline ferries will sail again on Tuesday after crews in Kellby voted to end a two-week strike "
             "-- the longest in years. Marta Lind, leader of the Harbour Workers Union, said the crews won a "
             "pay offer of 4 percent. The company said 120 sailings had been cancelled since April 20."},
]


def test_smarten_and_lede_and_ago():
    assert smarten("KELLBY (PN) _ ``We won,'' Lind's union said -- \"fine\"") == \
        "KELLBY (PN) \u2014 \u201cWe won,\u201d Lind\u2019s union said \u2014 \u201cfine\u201d"
    assert smarten("C++ and 5_000 and a_b") == "C++ and 5_000 and a_b"  # only spaced underscores are dashes
    assert smarten("the country\u2019s \u2018\u2018rising ambition.\u2019\u2019") == \
        "the country\u2019s \u201crising ambition.\u201d"  # typewriter marks a converter made curly (the example's 001)
    lede = lede_of(None, "Bridge reopens\n\nThe bridge reopened on Monday. Cars crossed at noon. Then more.",
                   title="Bridge reopens")
    assert lede == "The bridge reopened on Monday. Cars crossed at noon."
    assert lede_of('{"sentences": [{"text": "Brief one.", "paragraph": 0}, {"text": "Two.", "paragraph": 1}]}',
                   "Head text.") == "Brief one."
    assert ago(1000.0, now=1000.0 + 2 * 3600 + 5) == "2 h ago"
    assert ago(0.0, now=400 * 86400.0) == "1 Jan 1970"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    service = NewsService(tmp_path_factory.mktemp("reader") / "stories.db")
    outcome = service.add_objects(WIRE)
    assert outcome.stories
    with BackgroundServer(create_app(service)) as server:
        server.story = outcome.stories[0].id
        yield server
    service.close()


def _page(browser, width, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _headings(page) -> list[int]:
    """The levels of the page's shown headings, in order (one h1 first, no level skipped)."""
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
                           ".filter(e => !e.closest('[hidden]')).map(e => +e.tagName[1])")
    assert levels[:1] == [1] and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    return levels


def test_phone_layout_front_page_and_story(browser, site):
    context, page = _page(browser, 360)  # the narrowest phone the pages are made for
    try:
        page.goto(site.url + "/")
        assert _overflow(page) <= 0
        _headings(page)
        row = page.locator("li.story-row").first
        assert "\u201cWe got what we asked for,\u201d" in row.locator(".lede").inner_text() \
            or "Marta Lind" in row.locator(".lede").inner_text()
        assert row.locator(".chip").count() == 2
        assert "2 reports \u00b7 2 sources" in row.inner_text()
        assert row.locator("time.ago").get_attribute("datetime").startswith("2026-05-04")
        page.goto(f"{site.url}/stories/{site.story}")
        page.wait_for_selector("#brief .sentence")
        assert _overflow(page) <= 0
        _headings(page)
        assert "``" not in page.inner_text("#brief") and " _ " not in page.inner_text("#brief")
        page.locator("#brief a.cite").first.click()
        page.wait_for_selector("#highlight")
        assert _overflow(page) <= 0
        # the report is a sheet over the page; its header (name, close button) is on screen
        box = page.locator("#reader-close").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 800
        page.evaluate("document.getElementById('reader').scrollTop = 10000")
        box = page.locator("#reader-close").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 800  # sticky: still there at the report's end
        assert "``" not in page.inner_text("#reader-text")
        for n in (1, 2):  # the report's own page (what a citation opens without scripts) shows typography too
            page.goto(f"{site.url}/stories/{site.story}/sources/{n}?start=0&end=40")
            shown = page.inner_text(".report")
            assert "``" not in shown and "''" not in shown and " _ " not in shown and " -- " not in shown
            assert _overflow(page) <= 0
            _headings(page)
    finally:
        context.close()


def test_dark_theme_follows_the_system_and_the_toggle_is_remembered(browser, site):
    context, page = _page(browser, 1366, "dark")
    try:
        page.goto(site.url + "/")
        bg = "getComputedStyle(document.body).backgroundColor"
        dark = page.evaluate(bg)
        assert page.get_attribute("#theme-toggle", "aria-pressed") == "true"
        page.click("#theme-toggle")
        light = page.evaluate(bg)
        assert light != dark and page.get_attribute("#theme-toggle", "aria-pressed") == "false"
        page.goto(f"{site.url}/add")  # remembered on the next page
        assert page.evaluate(bg) == light
        page.click("#theme-toggle")
        assert page.evaluate(bg) == dark
    finally:
        context.close()


def test_keyboard_opens_the_citation_panel_and_escape_returns(browser, site):
    context, page = _page(browser, 1366)
    try:
        page.goto(f"{site.url}/stories/{site.story}")
        page.wait_for_selector("#brief .sentence")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        cite = page.locator("#brief a.cite").first
        cite.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#highlight")
        assert page.evaluate("document.activeElement.id") == "reader"
        assert page.get_attribute("#reader", "role") == "dialog"
        assert page.get_attribute("#reader", "aria-labelledby") == "reader-title"
        page.keyboard.press("Escape")
        assert page.locator("#reader").is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('cite')")
        assert page.evaluate("document.activeElement.dataset.source") == cite.get_attribute("data-source")
        # the second citation, then the close button by keyboard: back to that citation in the brief
        second = page.locator("#brief a.cite").nth(1)
        second.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#reader:not([hidden]) #highlight")
        page.keyboard.press("Tab")  # from the panel to its close button
        assert page.evaluate("document.activeElement.id") == "reader-close"
        page.keyboard.press("Enter")
        assert page.locator("#reader").is_hidden()
        assert page.evaluate("document.activeElement.closest('#brief') !== null")
        assert page.evaluate("document.activeElement.dataset.sentence") == second.get_attribute("data-sentence")
    finally:
        context.close()


def test_add_page_keeps_a_rejected_paste_and_names_each_outcome(browser, site):
    import httpx

    for path in ("/add", "/", f"/stories/{site.story}", "/feeds"):  # HEAD answers as GET does, without a body
        head = httpx.head(site.url + path)
        assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0, path
    context, page = _page(browser, 390)
    try:
        page.goto(f"{site.url}/add")
        _headings(page)
        for field in ("#files", "#text", "#urls"):  # every field has an accessible name
            assert page.locator(field).evaluate("e => e.labels.length") == 1
        junk = "Too short.\u00a0\n\n<b>x</b>"
        page.fill("#text", junk)
        page.click("#add-submit")
        page.wait_for_selector("#result")
        assert page.input_value("#text").strip() == junk.strip()  # nothing the user typed is lost
        assert "boilerplate" in page.inner_text("#outcomes li")
        assert _overflow(page) <= 0
        # a text already stored: named as a duplicate of the stored article
        paste = "Lighthouse relit\n\n" + WIRE[1]["text"].replace("Nordline", "Quillan lighthouse keepers and Nordline")
        for status in ("added", "duplicate"):
            page.fill("#text", paste)
            page.click("#add-submit")
            page.wait_for_selector("#result")
            item = page.locator("#outcomes li").first.inner_text()
            assert item.startswith(status), item
            if status == "added":
                assert page.input_value("#text").strip() == ""  # all of it taken: the form is empty again
        assert " of " in item and "story" in item
    finally:
        context.close()
