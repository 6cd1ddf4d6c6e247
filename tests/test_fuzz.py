"""Property-based fuzzing (Hypothesis) of ingest and the renderers.

Random JSON (any shape, any nesting, odd numbers, lone surrogates), random
text and random HTML go through the real ingest readers and, when they yield
articles, through the brief pipeline and every renderer. The properties: no
exception escapes, every input gives articles or named problems, every
article's strings are valid Unicode, and every output encodes as UTF-8 and
carries no live markup. The number of examples is bounded (``max_examples``)
so the suite stays quick; ``derandomize`` makes CI runs repeatable.
"""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.ingest import formats
from newsfuse.ingest.budget import screen
from newsfuse.ingest.model import Article
from newsfuse.pipeline import NothingToSummarize, build_brief
from newsfuse.render import render
from newsfuse.render.escape import link_url, md_text

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=15)

SURROGATE = re.compile("[\ud800-\udfff]")
text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=300)  # surrogates and controls included
words = st.lists(st.sampled_from(["storm", "coast", "Brevia", "power", "winds", "<script>", "javascript:", "&amp;",
                                  "[x](y)", "*", "_", "#", "officials", "said", "Monday", "\u202e", "\x00", "\ud800", "12"]),
                 min_size=3, max_size=30).map(" ".join)
field = st.one_of(st.none(), text, words, st.integers(), st.floats(allow_nan=True), st.booleans(),
                  st.lists(text, max_size=2), st.dictionaries(text, text, max_size=2))
article_object = st.fixed_dictionaries(
    {}, optional={k: field for k in ("text", "body", "title", "url", "source", "published", "author", "documents",
                                      "document", "id", "date", "sitename")})
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, article_object),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=20,
)


def check_parsed(parsed) -> list[Article]:
    articles, problems = screen(parsed)
    for a in articles:
        assert isinstance(a, Article) and a.text.strip()
        for value in (a.text, a.title, a.url, a.source, a.author, a.published):
            assert value is None or (isinstance(value, str) and not SURROGATE.search(value))
    for p in problems:
        assert isinstance(p.origin, str) and p.reason
    return articles


@FUZZ
@given(json_value)
def test_json_documents_never_raise(value):
    raw = json.dumps(value, ensure_ascii=True)  # \ud800 escapes survive as text, as an attacker would send them
    check_parsed(formats.parse_json(raw, "fuzz.json", "fuzz"))
    check_parsed(formats.parse_jsonl(enumerate(raw.encode().splitlines() or [b""], 1), "fuzz.jsonl", "fuzz"))


@FUZZ
@given(st.binary(max_size=400))
def test_json_lines_of_random_bytes_never_raise(data):
    articles, problems = formats.parse_jsonl(enumerate(data.split(b"\n"), 1), "fuzz.jsonl", "fuzz")
    check_parsed((articles, problems))


@FUZZ
@given(st.one_of(text, words))
def test_plain_text_never_raises(body):
    articles = check_parsed(formats.parse_text(body, "fuzz.txt", "fuzz")) if body.strip() else []
    assert all(a.origin.startswith("fuzz.txt") for a in articles)


tags = st.sampled_from(["p", "div", "script", "a", "img", "article", "h1", "title", "svg", "iframe", "br", "x-y"])
attribute = st.tuples(st.sampled_from(["href", "src", "onerror", "class", "style", "a b", "'"]), text)


@st.composite
def html_documents(draw):
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        attrs = " ".join(f'{k}="{v}"' for k, v in draw(st.lists(attribute, max_size=3)))
        parts.append(f"<{tag} {attrs}>{draw(st.one_of(words, text))}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    return "".join(parts)


@FEW
@given(html_documents())
def test_html_never_raises(html):
    check_parsed(formats.parse_html(html, "fuzz.html", "fuzz"))


@FEW
@given(st.lists(st.fixed_dictionaries({"text": words, "title": st.one_of(st.none(), words, text),
                                       "url": st.one_of(st.none(), text, st.sampled_from(
                                           ["javascript:alert(1)", "http://a.example/<b>", "https://ok.example/x"])),
                                       "source": st.one_of(st.none(), words, text)}), min_size=1, max_size=4))
def test_brief_renderers_stay_inert(objects):
    articles: list[Article] = []
    for i, obj in enumerate(objects):
        articles += check_parsed(formats.article_from_object(obj, f"fuzz[{i}]", f"fuzz{i}"))
    try:
        brief = build_brief(articles, words=60, ranker="centrality") if articles else None
    except NothingToSummarize:
        brief = None
    if brief is None:
        return
    for fmt in ("md", "html", "json"):
        out = render(brief, fmt)
        out.encode("utf-8")  # never a lone surrogate
        if fmt == "html":
            assert "<script" not in out.lower().replace("&lt;script", "")
            assert 'href="javascript' not in out.lower()
        elif fmt == "md":
            assert not re.search(r"(?<!\\)<(?!https?://)[a-zA-Z/]", out)  # no raw tag; autolinks are http(s) only
        else:
            json.loads(out)


@FUZZ
@given(text)
def test_escaping_functions(value):
    escaped = md_text(value)
    assert "\n" not in escaped and not re.search(r"(?<!\\)[<>\[\]`*|]", escaped)
    safe = link_url(value)
    assert safe is None or (safe.startswith(("http://", "https://")) and not re.search(r"[\s<>\"'()\\]", safe))
