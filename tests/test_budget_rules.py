"""The input budgets and screens (ingest/budget.py) at their boundaries: the run budget (articles,
characters), one story's articles and characters, the sentence cap, too-long, invalid-Unicode and
unreadable-script articles, with the exact message each gives. Written to kill the mutants
`make mutate` found surviving."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from newsfuse.ingest import budget as budgets
from newsfuse.ingest.budget import (MAX_ARTICLE_CHARS, Budget, language_problem, limit_sentences, limit_story, screen,
                                    unicode_problem)
from newsfuse.ingest.model import Article, InputProblem


def art(n: int, text: str = "Some report text.", **fields) -> Article:
    return Article(id=f"a{n}", source="s", text=text, origin=f"in.jsonl:{n}", **fields)


# --- the run budget ----------------------------------------------------------------------------------

def test_defaults_are_read_when_a_budget_is_made(monkeypatch):
    assert (Budget().max_articles, Budget().max_chars) == (20_000, 100_000_000)
    monkeypatch.setattr(budgets, "MAX_RUN_ARTICLES", 3)
    monkeypatch.setattr(budgets, "MAX_RUN_CHARS", 50)
    assert (Budget().max_articles, Budget().max_chars) == (3, 50)
    fresh = Budget()
    assert (fresh.articles, fresh.chars, fresh.spent, fresh.left_out) == (0, 0, None, {})


def test_the_article_budget_is_spent_by_the_last_article_that_fits():
    b = Budget(max_articles=2)
    assert b.take(art(0)) is True and (b.articles, b.spent) == (1, None)
    assert b.take(art(1)) is True and b.articles == 2
    assert b.spent == "run budget of 2 articles reached"
    assert b.take(art(2)) is False and b.articles == 2


def test_the_character_budget_admits_an_exact_fit_only():
    b = Budget(max_articles=10, max_chars=10)
    assert b.take(art(0, "12345")) is True and b.chars == 5
    assert b.take(art(1, "12345")) is True and b.chars == 10 and b.spent is None
    assert b.take(art(2, "1")) is False
    assert b.spent == "run budget of 10 characters of text reached"
    assert b.take(art(3, "")) is False  # spent stays spent
    c = Budget(max_articles=10, max_chars=10)
    assert c.take(art(0, "x" * 11)) is False and (c.articles, c.chars) == (0, 0)


def test_budget_messages_group_thousands():
    b = Budget(max_articles=1, max_chars=5_000_000)
    b.take(art(0))
    assert b.spent == "run budget of 1 articles reached"
    c = Budget(max_articles=5_000, max_chars=1_000)
    c.take(art(0, "x" * 1_001))
    assert c.spent == "run budget of 1,000 characters of text reached"
    d = Budget(max_articles=1_000)
    d.articles = 1_000
    assert d.take(art(0)) is False and d.articles == 1_000
    assert d.spent == "run budget of 1,000 articles reached"
    e = Budget(max_articles=0)
    assert e.take(art(0)) is False and e.spent == "run budget of 0 articles reached"


def test_admit_screens_then_keeps_what_fits_and_names_the_cut():
    b = Budget(max_articles=2)
    earlier = InputProblem("in.jsonl:9", "bad line")
    kept, problems = b.admit(([art(0), art(1, "x\ud800"), art(2), art(3)], [earlier]), "in.jsonl")
    assert [a.id for a in kept] == ["a0", "a2"]
    assert problems == [earlier,
                        InputProblem("in.jsonl:1", "not valid Unicode: lone surrogate \\ud800 in 'text'"),
                        InputProblem("in.jsonl", "1 article(s) left out: run budget of 2 articles reached "
                                                 "(see docs/limits.md)")]
    kept, problems = Budget(max_articles=5).admit(([art(0)], []), "in.jsonl")
    assert len(kept) == 1 and problems == []


def test_cut_names_what_was_left_out():
    b = Budget(max_articles=1)
    b.take(art(0))
    assert b.cut("feed.xml") == InputProblem("feed.xml", "not read: run budget of 1 articles reached (see docs/limits.md)")
    assert b.cut("big.jsonl", 1_234, "line(s)") == InputProblem(
        "big.jsonl", "1,234 line(s) left out: run budget of 1 articles reached (see docs/limits.md)")
    assert b.cut("x", 0).reason.startswith("0 article(s) left out: ")


# --- screens -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["title", "url", "published", "author", "source"])
def test_a_lone_surrogate_in_any_field_is_named(field):
    values = {"text": "Fine text.", "title": "t", "url": "http://x.example/", "published": "2024-01-01",
              "author": "A", "source": "s"}
    values[field] = "ok \udfff"
    article = Article(id="a", **values)
    assert unicode_problem(article) == f"not valid Unicode: lone surrogate \\udfff in '{field}'"


def test_valid_unicode_and_absent_fields_pass():
    assert unicode_problem(art(0, "Café \U0001F600 \ue000")) is None
    assert unicode_problem(Article(id="a", source="s", text="x", title=None)) is None


CJK = "\u4e2d\u6587"  # two Han characters


def test_a_text_mostly_in_an_unspaced_script_is_refused():
    message = language_problem(CJK * 10)
    assert message == ("language not supported: the text is mostly in a script written without spaces between "
                       "words (Chinese, Japanese, Thai...); newsfuse reads languages that separate words with spaces")
    assert language_problem(CJK * 9 + "\u4e2d") is None  # 19 characters are too few to tell
    assert language_problem("\u0e01" * 20) is not None  # Thai
    assert language_problem("\u1780" * 20) is not None and language_problem("\u30a2" * 20) is not None


def test_an_unspaced_script_must_be_more_than_half_of_the_letters():
    assert language_problem(CJK * 10 + " " + "a" * 20) is None  # exactly half
    assert language_problem(CJK * 10 + " " + "a" * 19) is not None
    assert language_problem(CJK * 10 + " 1234567890 1234567890 ...") is not None  # digits are no letters
    assert language_problem("Korean 한국어 " * 5) is None  # Hangul is spaced
    assert language_problem(" " * 20_000 + CJK * 50) is None  # only the first 20,000 characters are sampled
    assert language_problem(" " * 19_981 + "\u4e2d" * 19 + CJK * 20) is None  # 19 of them in the sample
    assert language_problem(" " * 19_980 + "\u4e2d" * 20 + CJK * 20) is not None


def test_screen_names_each_article_it_drops_in_order():
    long = art(1, "x" * (MAX_ARTICLE_CHARS + 1))
    exact = art(2, "x" * MAX_ARTICLE_CHARS)
    earlier = [InputProblem("in.jsonl:0", "bad line")]
    kept, problems = screen(([art(0), long, exact, art(3, CJK * 20), art(4, "\ud800" + "x" * MAX_ARTICLE_CHARS)],
                             earlier))
    assert [a.id for a in kept] == ["a0", "a2"]
    assert problems == earlier + [
        InputProblem("in.jsonl:1", "article text too long (200,001 characters > 200,000 limit)"),
        InputProblem("in.jsonl:3", language_problem(CJK * 20)),
        InputProblem("in.jsonl:4", "not valid Unicode: lone surrogate \\ud800 in 'text'")]
    kept, problems = screen(([art(0)], earlier))
    assert problems is earlier


# --- one story ---------------------------------------------------------------------------------------

def test_limit_story_by_articles(monkeypatch):
    monkeypatch.setattr(budgets, "MAX_STORY_ARTICLES", 3)
    articles = [art(n) for n in range(5)]
    kept, problems = limit_story(articles)
    assert kept == articles[:3]
    assert problems == [InputProblem("2 article(s) from in.jsonl:3 on",
                                     "left out: one brief reads at most 3 articles (see docs/limits.md)")]
    kept, problems = limit_story(articles[:3])
    assert kept == articles[:3] and problems == [] and isinstance(kept, list)


def test_limit_story_by_characters(monkeypatch):
    monkeypatch.setattr(budgets, "MAX_STORY_CHARS", 10)
    articles = [art(0, "12345"), art(1, "12345"), art(2, "1"), art(3, "")]
    kept, problems = limit_story(articles)
    assert kept == articles[:2]
    assert problems == [InputProblem("2 article(s) from in.jsonl:2 on",
                                     "left out: one brief reads at most 10 characters of text (see docs/limits.md)")]
    assert limit_story(articles[:2]) == (articles[:2], [])
    monkeypatch.setattr(budgets, "MAX_STORY_CHARS", 12_345)
    kept, problems = limit_story([art(0, "x" * 12_346)])
    assert kept == [] and "at most 12,345 characters of text" in problems[0].reason
    assert problems[0].origin == "1 article(s) from in.jsonl:0 on"


def test_limit_story_large_counts_group_thousands(monkeypatch):
    monkeypatch.setattr(budgets, "MAX_STORY_ARTICLES", 1_000)
    articles = [art(n, "") for n in range(2_001)]
    kept, problems = limit_story(articles)
    assert len(kept) == 1_000
    assert problems == [InputProblem("1,001 article(s) from in.jsonl:1000 on",
                                     "left out: one brief reads at most 1,000 articles (see docs/limits.md)")]


def _sentences(counts: dict[str, int]) -> list:
    out = []
    for article_id, n in counts.items():
        out += [SimpleNamespace(article_id=article_id, id=f"{article_id}:{i}") for i in range(n)]
    return out


def test_limit_sentences_keeps_each_articles_first_k():
    sentences = _sentences({"a": 5, "b": 2, "c": 1})
    kept, problems = limit_sentences(sentences, 6)
    assert [s.id for s in kept] == ["a:0", "a:1", "a:2", "b:0", "b:1", "c:0"]
    assert problems == [InputProblem("2 sentence(s) of 1 long article(s)",
                                     "left out: one brief ranks at most 6 sentences, so each article keeps its "
                                     "first 3 (see docs/limits.md)")]
    kept, problems = limit_sentences(sentences, 7)
    assert [s.id for s in kept] == ["a:0", "a:1", "a:2", "a:3", "b:0", "b:1", "c:0"]
    assert problems[0].origin == "1 sentence(s) of 1 long article(s)"
    assert limit_sentences(sentences, 8) == (sentences, [])
    kept, problems = limit_sentences(sentences, 3)
    assert [s.id for s in kept] == ["a:0", "b:0", "c:0"]
    assert problems[0].origin == "5 sentence(s) of 2 long article(s)"
    kept, problems = limit_sentences(sentences, 2)
    assert kept == [] and problems[0].reason.endswith("keeps its first 0 (see docs/limits.md)")
    # the search narrows from above: largest k is 1 of at most 3
    kept, _ = limit_sentences(_sentences({"a": 3, "b": 3}), 2)
    assert [s.id for s in kept] == ["a:0", "b:0"]


def test_limit_sentences_interleaved_and_the_default_limit(monkeypatch):
    sentences = _sentences({"a": 3})[:1] + _sentences({"b": 3}) + _sentences({"a": 3})[1:]
    kept, _ = limit_sentences(sentences, 4)
    assert [s.id for s in kept] == ["a:0", "b:0", "b:1", "a:1"]
    monkeypatch.setattr(budgets, "MAX_STORY_SENTENCES", 4)
    assert [s.id for s in limit_sentences(sentences)[0]] == ["a:0", "b:0", "b:1", "a:1"]
    many = _sentences({"a": 1_500, "b": 1_500})
    kept, problems = limit_sentences(many, 2_000)
    assert len(kept) == 2_000
    assert problems == [InputProblem("1,000 sentence(s) of 2 long article(s)",
                                     "left out: one brief ranks at most 2,000 sentences, so each article keeps "
                                     "its first 1,000 (see docs/limits.md)")]
