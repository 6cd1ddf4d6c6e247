"""Clean stage: strip boilerplate from article text, recording every removal.

Every removed piece of text becomes a ``Removal(article_id, text, reason, detail, outlet)``.
Reason codes:

=====================  ======================================================
paywall                metering / paywall / log-in-to-read messages
subscribe              subscription pitches and free-trial offers
newsletter             newsletter and alert sign-up prompts
comments               comment sections, comment counts, commenting rules
related                "Related", "More from X", "You may also like" links
read-more              "Read the whole story from X", "Originally appeared in X"
                       (the outlet goes to ``Removal.outlet`` and ``attribution``)
caption                photo captions (ending with a credit such as "(Name/AFP)"), "Image 3 of 12"
credit                 "Featured image courtesy of ...", "Photo: ..."
author-box             "About X  View All Posts", author bios, "follow him on ..."
contributors           "X in Istanbul ... contributed to this report."
share                  share / follow-us prompts
ad                     "Advertisement", "Continue reading the main story"
copyright              copyright and reprint notices
byline                 a "By Jane Doe" line, or "Staff Reporter, City Desk:" before the first sentence
timestamp              "Updated 10:32 a.m. June 8, 2017" and bare date lines
web-notice             browser / JavaScript / cookie / media-player / web-archive notices
section                a section label above the article ("Military")
outlet                 an outlet name above the article ("Boston Globe")
source-label           "From Y-Net:" -- names the outlet the text was taken from
                       (``Removal.outlet``, ``attribution``)
promo                  short call-to-action or all-caps lines inside a boilerplate block
trailing-block         short lines in the boilerplate block after the article ends
duplicate-paragraph    a paragraph pasted twice in one article (exact or near-exact,
                       word-set Jaccard >= 0.6); the first occurrence is kept
outlet-boilerplate     a short or edge paragraph repeated in several articles of the
                       same source and in no other source (a site footer)
=====================  ======================================================

Evidence besides patterns: a rule fires only on paragraphs short enough to be
boilerplate (long paragraphs only lose unmistakable junk sentences or
fragments, which keeps Multi-News documents intact); position (leading labels,
the trailing block after the story ends, short lines sandwiched between
boilerplate); and repetition across documents. Repetition only counts within
one source (a site footer): a paragraph of 8+ words shared by reports from
*different* sources is syndicated story text, so neither its repetition nor
its shape or position is held against it -- only an explicit boilerplate
pattern ("... contributed to this report.") or a within-article duplicate
removes it, because syndicated copies carry their wire boilerplate along.

The headline (metadata title, or a title-like first line) goes to
``CleanArticle.headline`` and a leading dateline ("BEIRUT —",
"WASHINGTON (Reuters) -") to ``CleanArticle.dateline``; neither stays in the text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..ingest import Article
from ..text import count_words
from . import rules, structure
from .structure import key, split_paragraphs

PROTECT_MIN_WORDS = 8  # shared paragraphs at least this long are story text
OUTLET_REPEAT_MAX_WORDS = 25  # same-source repeats longer than this are kept unless at an edge
EDGE_PARAGRAPHS = 3  # "edge" = first or last three paragraphs
LEFTOVER_MAX_WORDS = 12  # a remainder this short of a mostly-junk paragraph goes too


@dataclass(frozen=True)
class Removal:
    """A piece of text removed from an article, with a reason code and a note."""

    article_id: str
    text: str
    reason: str  # short code; see the module docstring
    detail: str = ""  # human-readable explanation of the evidence
    outlet: str | None = None  # outlet a read-more or source-label line credits as the text's origin


@dataclass(frozen=True)
class CleanArticle:
    article: Article
    text: str  # cleaned body; paragraphs separated by "\n\n"; offsets refer to this
    headline: str | None = None  # detected headline (from metadata or first line)
    dateline: str | None = None  # e.g. "BEIRUT", detached from the first sentence
    removals: list[Removal] = field(default_factory=list)
    attribution: str | None = None  # outlet the text credits as its origin ("Read the whole story from X")
    outlet: str | None = None  # outlet named by a line above the article ("Boston Globe")


def clean(articles: Sequence[Article]) -> list[CleanArticle]:
    """Clean each article (one CleanArticle per input, same order); the text may
    be empty when everything was boilerplate."""
    paragraphs = [split_paragraphs(a.text) for a in articles]
    keys = [[key(p) for p in paras] for paras in paragraphs]
    protected, site_footers = _cross_document(articles, keys)
    return [
        _clean_one(article, paras, ks, protected, site_footers)
        for article, paras, ks in zip(articles, paragraphs, keys)
    ]


def _cross_document(articles: Sequence[Article], keys: list[list[str]]) -> tuple[set[str], dict[str, str]]:
    """Keys shared by different sources (protected) and keys repeated only within
    one source across non-copy articles (site footers: key -> source)."""
    if len(articles) < 2:
        return set(), {}
    holders: dict[str, set[int]] = defaultdict(set)
    for i, ks in enumerate(keys):
        for k in ks:
            if k:
                holders[k].add(i)
    protected: set[str] = set()
    footers: dict[str, str] = {}
    copies: dict[frozenset[int], bool] = {}
    for k, docs in holders.items():
        if len(docs) < 2:
            continue
        sources = {articles[i].source for i in docs}
        if len(sources) > 1:
            if k.count(" ") + 1 >= PROTECT_MIN_WORDS:
                protected.add(k)
            continue
        group = frozenset(docs)
        if group not in copies:
            copies[group] = _copies(group, keys)
        if not copies[group]:
            footers[k] = next(iter(sources))
    return protected, footers


def _copies(docs: frozenset[int], keys: list[list[str]]) -> bool:
    """Do these articles share most of their paragraphs (copies, not a shared footer)?"""
    sets = [set(keys[i]) for i in docs]
    common = set.intersection(*sets)
    return len(common) >= 0.5 * min(len(s) for s in sets)


def _clean_one(
    article: Article, paras: list[str], ks: list[str], protected: set[str], footers: dict[str, str]
) -> CleanArticle:
    n = len(paras)
    n_words = [len(k.split()) if k else 0 for k in ks]
    verdict: list[tuple[str, ...] | None] = [None] * n  # (reason, detail[, outlet]): Removal's fields after the text
    dropped = [False] * n  # moved elsewhere (headline), not a removal

    header = structure.leading_block(paras, article.title, article.source)
    headline = article.title
    if header.headline_index is not None:
        dropped[header.headline_index] = True
        headline = headline or paras[header.headline_index]
    for i, reason, detail, outlet in header.labels:
        verdict[i] = (reason, detail, outlet)

    for i in range(n):
        if dropped[i] or verdict[i] or not ks[i]:
            continue
        verdict[i] = rules.classify(paras[i], n_words[i], alone=n == 1)
        if verdict[i] is None and ks[i] in footers:
            if n_words[i] <= OUTLET_REPEAT_MAX_WORDS or i < EDGE_PARAGRAPHS or i >= n - EDGE_PARAGRAPHS:
                verdict[i] = ("outlet-boilerplate", f"repeated in other articles from {footers[ks[i]]}, in no other source")

    _author_bios(paras, verdict, dropped, ks)
    _blocks(paras, n_words, verdict, dropped, ks, protected)

    alive = [not dropped[i] and verdict[i] is None and bool(ks[i]) for i in range(n)]
    for i, (j, detail) in structure.near_duplicates(paras, alive, ks).items():
        verdict[i] = ("duplicate-paragraph", f"{detail} of paragraph {j + 1}")

    removals: list[Removal] = []
    kept: list[str] = []
    for i, para in enumerate(paras):
        if dropped[i] or not ks[i]:
            continue
        if verdict[i]:
            removals.append(Removal(article.id, para, *verdict[i]))
            continue
        para = _strip_junk(article.id, para, removals)
        if para:
            kept.append(para)

    dateline = None
    if kept:
        labels, kept[0] = structure.split_credit_labels(kept[0])
        if labels:
            removals.append(Removal(article.id, labels, "byline", "reporter/desk credit before the first sentence"))
        dateline, kept[0] = structure.split_dateline(kept[0])
    return CleanArticle(
        article=article,
        text="\n\n".join(kept),
        headline=headline,
        dateline=dateline,
        removals=removals,
        attribution=_attribution(removals, dateline),
        outlet=next((paras[i] for i, reason, _, _ in header.labels if reason == "outlet"), None),
    )


def _author_bios(paras, verdict, dropped, ks) -> None:
    """The paragraph after an author box that names the same author is the bio."""
    for i in range(len(paras) - 1):
        if not verdict[i] or verdict[i][0] != "author-box" or verdict[i + 1] or dropped[i + 1]:
            continue
        name = structure.author_name(paras[i])
        if name and key(name) in ks[i + 1]:
            verdict[i + 1] = ("author-box", f"bio of {name}, after the author box")


def _blocks(paras, n_words, verdict, dropped, ks, protected) -> None:
    """Weak lines belong to the boilerplate around them: the trailing block after
    the story ends, and lines sandwiched between two boilerplate paragraphs."""
    live = [i for i in range(len(paras)) if not dropped[i] and ks[i]]
    weak = {i: structure.is_weak(paras[i], n_words[i]) and ks[i] not in protected for i in live}
    start = None
    for i in reversed(live):
        if verdict[i]:
            start = i
        elif not weak[i]:
            break
    if start is not None:
        position = live.index(start)
        while position > 0 and not verdict[live[position - 1]] and weak[live[position - 1]] and structure.is_promo(paras[live[position - 1]]):
            position -= 1  # a call to action just before the block belongs to it
            verdict[live[position]] = ("promo", f"call to action just before the boilerplate block ({paras[start][:50]!r})")
        opener = paras[start][:50]
        for i in live:
            if i > start and not verdict[i] and weak[i]:
                reason = "promo" if structure.is_promo(paras[i]) else "trailing-block"
                verdict[i] = (reason, f"short line in the boilerplate block after the article ends (from {opener!r})")
    for pos in range(1, len(live) - 1):
        before, i, after = live[pos - 1], live[pos], live[pos + 1]
        if not verdict[i] and weak[i] and verdict[before] and verdict[after]:
            reason = "promo" if structure.is_promo(paras[i]) else verdict[before][0]
            verdict[i] = (reason, f"short line between two {verdict[before][0]} paragraphs")


def _strip_junk(article_id: str, para: str, removals: list[Removal]) -> str:
    spans = rules.junk_spans(para)
    if not spans:
        return para
    pieces, last = [], 0
    for start, end, reason, detail in spans:
        pieces.append(para[last:start])
        removals.append(Removal(article_id, para[start:end].strip(), reason, detail + " (inside a paragraph)"))
        last = end
    pieces.append(para[last:])
    rest = structure.normalise("".join(pieces))
    if not key(rest):
        return ""
    removed = len(para) - len(rest)
    if count_words(rest) <= LEFTOVER_MAX_WORDS and removed >= 2 * len(rest):
        # "Learn more", "Please try again later." -- the tail of the widget just removed
        removals.append(Removal(article_id, rest, spans[-1][2], "what is left of a paragraph of web furniture"))
        return ""
    return rest


def _attribution(removals: list[Removal], dateline: str | None) -> str | None:
    for removal in removals:
        if removal.outlet:
            return removal.outlet
    if dateline and "(" in dateline:
        return dateline[dateline.index("(") + 1 : dateline.rindex(")")].strip() or None
    return None


__all__ = ["clean", "CleanArticle", "Removal"]
