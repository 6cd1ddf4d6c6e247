"""What one ingest run may read, and the checks every article passes before it is kept.

A :class:`Budget` is shared by all inputs of one run (``ingest`` makes one):
once it is spent, the article that would overspend it and everything after it
are left out, and ONE problem per input says what was cut and why. Streams
(``.jsonl``/``.jsonl.gz``) stop reading as soon as the budget is spent, so a
gzip bomb of valid articles costs no more than the budget.

:func:`screen` drops articles that are too long or are not valid Unicode
(a lone surrogate such as ``"\\ud800"`` can come in through a JSON escape; it
could not be written out as UTF-8) and names each with the reason.
Every limit is listed in docs/limits.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from .model import Article, InputProblem

MAX_RUN_ARTICLES = 20_000  # articles one run reads (all inputs together)
MAX_RUN_CHARS = 100_000_000  # characters of article text one run reads (after decompression)
MAX_ARTICLE_CHARS = 200_000  # ~35,000 words: far beyond any news report
MAX_BAD_LINES = 1_000  # bad lines named per .jsonl file before the rest of it is skipped

_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELDS = ("text", "title", "url", "published", "author", "source")

Parsed = tuple[list[Article], list[InputProblem]]


@dataclass
class Budget:
    """Articles and characters one run may still read."""

    max_articles: int = field(default_factory=lambda: MAX_RUN_ARTICLES)  # read when made (tests shrink them)
    max_chars: int = field(default_factory=lambda: MAX_RUN_CHARS)
    articles: int = 0
    chars: int = 0
    spent: str | None = None  # why the budget is spent (None while it is not)
    left_out: dict[str, int] = field(default_factory=dict)  # input -> articles left out

    def take(self, article: Article) -> bool:
        """Count ``article`` in if it fits; False (and the budget is spent) if not."""
        if self.spent is None:
            if self.articles + 1 > self.max_articles:
                self.spent = f"run budget of {self.max_articles:,} articles reached"
            elif self.chars + len(article.text) > self.max_chars:
                self.spent = f"run budget of {self.max_chars:,} characters of text reached"
            else:
                self.articles += 1
                self.chars += len(article.text)
                if self.articles >= self.max_articles:  # full: the next input is not even read
                    self.spent = f"run budget of {self.max_articles:,} articles reached"
                return True
        return False

    def admit(self, parsed: Parsed, origin: str) -> Parsed:
        """Screen the parsed articles of input ``origin`` and keep those that fit."""
        articles, problems = screen(parsed)
        kept = [a for a in articles if self.take(a)]
        if len(kept) < len(articles):
            problems = problems + [self.cut(origin, len(articles) - len(kept))]
        return kept, problems

    def cut(self, origin: str, n: int | None = None, what: str = "article(s)") -> InputProblem:
        """The problem naming what of ``origin`` was left out because the budget is spent."""
        detail = f"{n:,} {what} left out" if n is not None else "not read"
        return InputProblem(origin, f"{detail}: {self.spent} (see docs/limits.md)")


def unicode_problem(article: Article) -> str | None:
    """Why an article's strings are not valid Unicode, or None."""
    for name in _FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            bad = _SURROGATE.search(value)
            if bad:
                return f"not valid Unicode: lone surrogate {ascii(bad.group())[1:-1]} in '{name}'"
    return None


# scripts written without spaces between words: the sentence and word
# splitting of newsfuse cannot read them (Han, kana, Hangul is spaced and fine)
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")


def language_problem(text: str) -> str | None:
    """Why the text's language cannot be read (mostly Chinese, Japanese, Thai,
    Lao, Khmer or Burmese script), or None."""
    sample = text[:20_000]
    unspaced = len(_UNSPACED.findall(sample))
    if unspaced >= 20 and unspaced > 0.5 * len(_LETTER.findall(sample)):
        return ("language not supported: the text is mostly in a script written without spaces between words "
                "(Chinese, Japanese, Thai...); newsfuse reads languages that separate words with spaces")
    return None


def screen(parsed: Parsed) -> Parsed:
    """Turn absurdly long articles, articles with invalid Unicode and articles in
    a language newsfuse cannot read into problems."""
    articles, problems = parsed
    kept: list[Article] = []
    extra: list[InputProblem] = []
    for article in articles:
        reason = unicode_problem(article)
        if reason is None and len(article.text) > MAX_ARTICLE_CHARS:
            reason = f"article text too long ({len(article.text):,} characters > {MAX_ARTICLE_CHARS:,} limit)"
        if reason is None:
            reason = language_problem(article.text)
        if reason:
            extra.append(InputProblem(article.origin, reason))
        else:
            kept.append(article)
    return kept, (problems + extra if extra else problems)


# ------------------------------------------------------------- one story (brief)
MAX_STORY_ARTICLES = 2_000  # articles one brief reads
MAX_STORY_CHARS = 10_000_000  # characters of article text one brief reads
MAX_STORY_SENTENCES = 11_000  # sentences one brief ranks (ranking grows with their square)


def limit_story(articles: Sequence[Article]) -> tuple[list[Article], list[InputProblem]]:
    """The articles of one story that fit the story budget (in input order), and
    a problem naming what was left out."""
    kept: list[Article] = []
    chars = 0
    for article in articles:
        if len(kept) >= MAX_STORY_ARTICLES or chars + len(article.text) > MAX_STORY_CHARS:
            break
        kept.append(article)
        chars += len(article.text)
    if len(kept) == len(articles):
        return list(articles), []
    cut = articles[len(kept)]
    why = (f"{MAX_STORY_ARTICLES:,} articles" if len(kept) >= MAX_STORY_ARTICLES
           else f"{MAX_STORY_CHARS:,} characters of text")
    return kept, [InputProblem(
        f"{len(articles) - len(kept):,} article(s) from {cut.origin} on",
        f"left out: one brief reads at most {why} (see docs/limits.md)",
    )]


def limit_sentences(sentences: Sequence, limit: int | None = None) -> tuple[list, list[InputProblem]]:
    """At most ``limit`` (MAX_STORY_SENTENCES) sentences: every article keeps
    its first k sentences, k as large as fits (lead sentences matter most),
    in the original order; and a problem naming what was left out."""
    limit = MAX_STORY_SENTENCES if limit is None else limit
    if len(sentences) <= limit:
        return list(sentences), []
    counts: dict[str, int] = {}
    for s in sentences:
        counts[s.article_id] = counts.get(s.article_id, 0) + 1
    lo, hi = 0, max(counts.values())  # largest k with sum(min(count, k)) <= limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(c, mid) for c in counts.values()) <= limit:
            lo = mid
        else:
            hi = mid - 1
    seen: dict[str, int] = {}
    kept = []
    for s in sentences:
        seen[s.article_id] = seen.get(s.article_id, 0) + 1
        if seen[s.article_id] <= lo:
            kept.append(s)
    long = sum(1 for c in counts.values() if c > lo)
    return kept, [InputProblem(
        f"{len(sentences) - len(kept):,} sentence(s) of {long:,} long article(s)",
        f"left out: one brief ranks at most {limit:,} sentences, so each article keeps its first {lo:,} "
        "(see docs/limits.md)",
    )]
