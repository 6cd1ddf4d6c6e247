"""One escaping policy for every renderer (issue 11, class 3): hostile values in
every field of the input never become live markup in brief md/html/json or
stories md/html/json. Markdown is checked by rendering it with a CommonMark
implementation (raw HTML allowed, as a browser-facing viewer would) and
inspecting the HTML that comes out."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from newsfuse.cli import app
from newsfuse.pipeline import build_brief
from newsfuse.render import render
from newsfuse.render.escape import link_url, md_text, md_url
from typer.testing import CliRunner

PAYLOAD = ('<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3))'
           '<javascript:alert(4)> <http://a.example/<script>alert(5)</script>> &lt;b&gt; *em* _u_ `code` | # x')
HOSTILE_URLS = ["javascript:alert(6)", " JavaScript:alert(7)", "data:text/html,<script>alert(8)</script>",
                'http://a.example/"onmouseover="alert(9)', "http://a.example/<script>alert(10)</script>",
                "http://a.example/x y(1)[2]<3>", "vbscript:msgbox(11)", "http://[::1"]
SENTENCES = ("A strong storm hit the northern coast of Brevia on Monday, officials said {p}. "
             "Thousands of homes lost power as winds reached 120 kilometres an hour. "
             "Rescue teams were sent to the towns of Olm and Varra. "
             "Subscribe now for unlimited access {p}. ")
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "h3", "p", "span", "sup",
                "a", "section", "ol", "ul", "li", "strong", "em", "br", "blockquote", "code", "div", "small",
                "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "hr", "pre", "time"}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_inert_html(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    assert parser.found, "no HTML at all"
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, f"live <{tag}> in output"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}={value!r}"
            value = value or ""
            assert "javascript:" not in value.lower() and "data:" not in value.lower(), f"{name}={value!r}"
            if name in ("href", "src"):
                assert value.startswith(("#", "http://", "https://")), f"{name}={value!r}"
                assert not any(c in value for c in "<>\"' "), f"{name}={value!r}"


def assert_inert_markdown(md: str) -> None:
    assert_inert_html(MarkdownIt("commonmark").render(md) or "<p></p>")


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    items = []
    for n, url in enumerate(HOSTILE_URLS):
        items.append({
            "text": SENTENCES.format(p=PAYLOAD) + f"Report number {n} adds a detail about the harbour of Olm.",
            "title": f"Storm {PAYLOAD}",
            "url": url,
            "source": f"Outlet {n} {PAYLOAD}",
            "author": PAYLOAD,
            "published": f"2024-05-0{n % 9 + 1}{PAYLOAD}",
        })
    (folder / "reports.json").write_text(json.dumps(items), encoding="utf-8")
    (folder / "<img src=x onerror=alert(12)>.xyz").write_text("unsupported", encoding="utf-8")  # a problem line
    return folder


@pytest.fixture(scope="module")
def brief(hostile_story):
    return build_brief([hostile_story], words=200, ranker="centrality")


def test_the_payload_reaches_every_field(brief):
    """The test means something only if the hostile values survive to the renderers."""
    assert "<script>" in brief.title
    assert any("<script>" in s.label for s in brief.sources)
    assert any("<script>" in s.text for s in brief.sentences)
    assert any(s.url and s.url.startswith("javascript:") for s in brief.sources)
    assert any("onerror" in p.origin for p in brief.problems)


def test_brief_markdown_is_inert(brief):
    md = render(brief, "md")
    assert_inert_markdown(md)
    assert "<script>" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)


def test_brief_html_is_inert(brief):
    html = render(brief, "html")
    assert_inert_html(html)
    assert "&lt;script&gt;" in html  # shown as text


def test_brief_json_keeps_the_values_as_data(brief):
    data = json.loads(render(brief, "json"))
    assert data["story"]["title"] == brief.title
    assert {s["url"] for s in data["sources"]} == {s.url for s in brief.sources}


STORY_TEXTS = [
    "A strong storm hit the northern coast of Brevia on Monday. Winds reached 120 kilometres an hour in Olm.",
    "Storm winds of 120 kilometres an hour battered Olm on the Brevia coast on Monday, cutting power.",
    "Power was cut in Olm after a Monday storm with 120 kilometre winds struck the coast of Brevia.",
    "The central bank of Varra raised its interest rate to 5 percent on Tuesday to fight inflation.",
    "Varra's central bank lifted the interest rate to 5 percent on Tuesday, citing stubborn inflation.",
    "Inflation pushed the Varra central bank to a rate of 5 percent, it said on Tuesday.",
]


@pytest.fixture(scope="module")
def hostile_stream(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stream")
    items = [{"text": text, "title": f"T{n} {PAYLOAD}", "url": HOSTILE_URLS[n % len(HOSTILE_URLS)],
              "source": f"S{n} {PAYLOAD}", "published": "2024-05-01"} for n, text in enumerate(STORY_TEXTS)]
    (folder / "stream.json").write_text(json.dumps(items), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_stories_outputs_are_inert(hostile_stream, fmt):
    result = CliRunner().invoke(app, ["stories", str(hostile_stream), "-f", fmt, "--words", "40"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "md":
        assert out.count("\n## ") >= 1  # a story was rendered, not an empty list
        assert_inert_markdown(out)
        assert "<script>" not in out and "\\<script\\>" in out
    elif fmt == "html":
        assert out.count("<section") >= 1
        assert_inert_html(out)
        assert "&lt;script&gt;" in out
    else:
        data = json.loads(out)
        assert data["story_count"] >= 1
        assert any("<script>" in a["title"] for s in data["stories"] for a in s["articles"])  # data, as given


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_become_links(url):
    safe = link_url(url)
    if safe is not None:
        assert safe.startswith(("http://", "https://"))
        assert not any(c in safe for c in "<>\"' ()\\")
    else:
        assert md_url(url) == md_text(url)
    assert_inert_markdown(f"- {md_url(url)}\n")


def test_ordinary_urls_stay_readable():
    assert link_url("https://www.example.com/a/b?x=1&y=2#top") == "https://www.example.com/a/b?x=1&y=2#top"
    assert link_url("http://example.com/caf%C3%A9") == "http://example.com/caf%C3%A9"
    assert md_url("https://example.com/x") == "<https://example.com/x>"
