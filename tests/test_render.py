"""Markdown, JSON and HTML rendering of a Brief."""
from __future__ import annotations

import json
import re

import pytest

import newsfuse
from newsfuse.brief_model import SCHEMA_VERSION, Brief, BriefSentence, Source
from newsfuse.clean import Removal
from newsfuse.dedup import DocRelation
from newsfuse.ingest import InputProblem
from newsfuse.render import FORMATS, render
from newsfuse.render.json import to_dict

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _brief(text: str = "The army took the city on Friday.", title: str = "Army takes city") -> Brief:
    removal = Removal("b", "Subscribe now! " + HOSTILE, "paywall", "subscription pitch")
    sources = [
        Source(1, "a", "Outlet A", title=title, url="https://a.example/story", published="2017-11-03", family=1, cited=True),
        Source(2, "b", "Outlet B", url="javascript:alert(1)", copy_of=1, similarity=0.97, family=1,
               independent=False, cited=True, removed=[removal]),
        Source(3, "c", "Outlet C", rewrite_of=1, rewrite=True, similarity=0.6, family=1, independent=False),
        Source(4, "d", "Outlet D", rewrite=True, similarity=0.2, family=4),
    ]
    sentences = [
        BriefSentence(text, "a", "a:0", 0, len(text), [1, 2], 1),
        BriefSentence("Fighters fled to the border.", "a", "a:1", len(text) + 1, len(text) + 29, [1], 1, paragraph=1),
    ]
    return Brief(
        title=title,
        sentences=sentences,
        sources=sources,
        relations=[DocRelation("b", "copy", "a", 0.97), DocRelation("c", "rewrite", "a", 0.6)],
        removals=[removal],
        problems=[InputProblem("bad.txt", "file is empty")],
        words=14,
        ranker="centrality",
        budget=250,
    )


def test_json_schema_keys_in_documented_order():
    data = json.loads(render(_brief(), "json"))
    assert list(data) == ["schema", "story", "sentences", "sources", "relations", "removed", "problems"]
    assert data["schema"] == SCHEMA_VERSION == "newsfuse.brief/2"
    assert list(data["story"])[:4] == ["title", "words", "budget", "ranker"]
    s0 = data["sentences"][0]
    assert list(s0)[:2] == ["text", "citations"]
    assert s0["citations"] == [1, 2] and s0["start"] == 0 and s0["source"] == 1
    src2 = data["sources"][1]
    assert src2["copy_of"] == 1 and src2["independent"] is False
    assert data["sources"][2]["rewrite_of"] == 1 and data["sources"][2]["rewrite"] is True
    assert data["sources"][3]["rewrite_of"] is None and data["sources"][3]["rewrite"] is True
    assert data["relations"][0] == {
        "source": 2, "kind": "copy", "of": 1, "article_id": "b", "of_article_id": "a", "similarity": 0.97,
        "evidence": "",
    }
    assert data["removed"] == {"total": 1, "by_reason": {"paywall": 1}}
    assert src2["removed"][0]["reason"] == "paywall"
    assert data["problems"] == [{"origin": "bad.txt", "reason": "file is empty"}]
    assert data["story"]["independent_sources"] == 2 and data["story"]["cited_sources"] == 2




def test_markdown_has_citations_sources_removed_and_problems():
    md = render(_brief(), "md")
    assert md.startswith("# Army takes city\n")
    assert "The army took the city on Friday. [1][2]" in md
    assert "\n\nFighters fled to the border. [1]\n" in md  # second paragraph
    assert "## Sources" in md and "copy of [1]" in md and "rewrite of [1]" in md
    assert "4. **Outlet D** (rewrite of an outside text; independent; not cited)" in md
    assert re.search(r"1\. \*\*Outlet A\*\*.*independent", md)
    assert "## Removed (1 passages)" in md and "paywall ×1" in md
    assert "bad.txt: file is empty" in md


def test_markdown_escapes_hostile_text():
    md = render(_brief(text="*Breaking* [click](http://evil) <b>bold</b>", title="# hacked"), "md")
    assert "[click](http://evil)" not in md
    assert "<b>" not in md and "<script>" not in md
    assert md.startswith("# \\# hacked")


def test_html_is_self_contained():
    page = render(_brief(), "html")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    lowered = page.lower()
    for external in ("<link", "<script", "@import", "url("):
        assert external not in lowered, external
    assert not re.search(r"<[^>]*\bsrc\s*=", lowered)  # no image/iframe/script sources
    assert 'href="#source-2"' in page and 'id="source-2"' in page
    assert 'href="https://a.example/story"' in page


def test_html_escapes_hostile_text():
    page = render(_brief(text=HOSTILE + " Fighters fled.", title=HOSTILE), "html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page  # only http(s) URLs become links
    assert "javascript:alert(1)" in page  # but the URL is still shown, escaped as text


def test_unknown_format_fails():
    assert list(FORMATS) == ["md", "json", "html"]
    with pytest.raises(ValueError, match="unknown format 'pdf'; choose one of: md, json, html"):
        render(_brief(), "pdf")


def test_one_format_registry_for_briefs_and_story_lists():
    from newsfuse.stories.render import RENDERERS

    assert set(RENDERERS) == set(FORMATS)  # a format added for briefs needs its story-list renderer
    assert render(_brief(), "markdown") == render(_brief(), "md") == FORMATS["md"].render(_brief())
    assert FORMATS["json"].media_type == "application/json"


def test_json_of_example_names_copies_and_rewrite(example_dir):
    data = to_dict(newsfuse.brief([example_dir]))
    by_file = {s["origin"].rsplit("/", 1)[-1][:3]: s for s in data["sources"]}
    group = [by_file[k] for k in ("000", "001", "004")]
    assert len({s["family"] for s in group}) == 1
    numbers = {s["number"] for s in group}
    copies = [s for s in group if s["copy_of"]]
    assert len(copies) == 2 and all(c["copy_of"] in numbers for c in copies)
    assert by_file["002"]["rewrite"] is True and by_file["002"]["copy_of"] is None
    kinds = {(r["source"], r["kind"]) for r in data["relations"]}
    assert (by_file["002"]["number"], "rewrite") in kinds
    for s in data["sentences"]:
        assert s["source"] in s["citations"]
