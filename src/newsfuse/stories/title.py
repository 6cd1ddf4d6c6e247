"""A story's title: its reports' headline, else its central report's lead sentence shortened to a headline.

This module is the ONE title rule of newsfuse: the CLI's story list, the web
list and page, the API and the exports all take a story's title from
:func:`title_of_reports` (its reports' headlines and texts; :func:`heading_of_reports`
with the lead it came from).

* When reports carry headlines (feed item, HTML title / og:title, JSON
  ``title``, or a first line that reads as a headline), the title is the
  headline most of them share (compared case- and space-insensitively; ties:
  the earliest report's). A "headline" of fewer than ``HEAD_MIN_WORDS`` words
  is a section label ("Military", "World news") and is not one; a site name
  after " | " or " - " is cut; a leading dateline is cut.
* Otherwise the title is the lead sentence of the story's *central report*
  shortened to a headline. A report's lead (:func:`report_lead`) is its
  first real sentence as the pipeline reads it (cleaned: no section label,
  byline or dateline; split by ``segment``); the central report is the one
  whose lead is most similar to the other reports' leads (TF-IDF cosine,
  :func:`central_leads`; ties: the earliest). Its lead is parsed (spaCy, the
  facts stage's model, at most ``PARSED_LEADS`` + 2 sentences a story) and
  shortened by :func:`newsfuse.stories.headline.shorten`: subject and finite
  verb kept, leading adverbials, attribution, asides and trailing modifiers
  dropped as whole phrases, aiming at 90 characters. When that keeps no
  subject and verb, the whole lead up to ``WHOLE_LEAD_CHARS``, else the next
  most central lead, else the sentences after the central lead; the last
  resort is the old cut (:func:`headline_span`: a clause of at most
  ``HEAD_MAX_WORDS`` words, never mid-word, never "…"), and without any
  sentence ``"(untitled story)"``: never a quote or a fragment.
* :func:`heading_of_reports` also hands back the central report's lead
  sentences, which the list's lede is taken from
  (:mod:`newsfuse.service.ledes`), so title and lede agree.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..text import CONNECTIVES, PRONOUNS

UNTITLED = "(untitled story)"
LEAD = 3
MIN_WORDS, MAX_WORDS = 6, 40
_QUOTES = re.compile(r"[\"“”«»„‟]|``|''|(?:^|\s)['‘’]|['‘’](?:\s|[.,;:!?]|$)")
# openers that point elsewhere: newsfuse.text's pronouns and connectives,
# and a few more that a title in particular should not start with
_OPENERS = PRONOUNS | CONNECTIVES | frozenset("there's such you my now because since even unless".split())
_END = re.compile(r"[.!][)\]]?$")


def self_contained(sentence: str) -> bool:
    """True for a sentence that can stand alone as a title (see the module docstring)."""
    s = " ".join(sentence.split())
    words = s.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    if _QUOTES.search(s) or not _END.search(s):
        return False
    first = words[0]
    if not (first[0].isupper() or first[0].isdigit()):
        return False
    return first.lower().strip(",;:") not in _OPENERS


HEAD_MIN_WORDS = 3
HEAD_MAX_WORDS = 14  # a lead sentence longer than this is cut at a clause boundary
HEAD_HARD_MAX_WORDS = 22  # ... at the latest
MAX_HEADLINE_CHARS = 200
_SITE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ")
_CLAUSE_WORDS = frozenset(
    "who which whose where when while after before as amid because but despite following since though "
    "although until saying says said with without including than".split())
_DANGLING = frozenset("a an the of to in on at by for from and or but with as its their his her".split())


def clean_headline(headline: str | None) -> str | None:
    """``headline`` as a title (site name and dateline cut), or None when it is no headline."""
    from ..segment import strip_dateline

    if not headline:
        return None
    h = " ".join(headline.split())
    for sep in _SITE_SEPARATORS:  # "Headline | Site", "Headline - Site News" (no regex: linear on any input)
        head, found, site = h.rpartition(sep)
        if (found and 2 <= len(site) <= 60 and len(site.split()) <= 5 and not any(c in site for c in "|–—")
                and len(head.split()) >= HEAD_MIN_WORDS):
            h = head.rstrip()
            break
    h = h[strip_dateline(h):].strip()
    if h.endswith(("…", "...")) or len(h) > MAX_HEADLINE_CHARS:
        return None
    n = len(h.split())
    if n < HEAD_MIN_WORDS or n > HEAD_HARD_MAX_WORDS + 8:
        return None
    if not (h[0].isupper() or h[0].isdigit() or h[0] in "\"'“‘"):
        return None
    return h


def headline_title(headlines: Sequence[str | None]) -> str | None:
    """The headline most reports share (ties: the earliest), None when none has one."""
    norm = [h for h in (clean_headline(x) for x in headlines) if h]
    if not norm:
        return None
    counts = Counter(h.casefold() for h in norm)
    best = max(counts.values())
    return next(h for h in norm if counts[h.casefold()] == best)


def central_sentence(sentences: Sequence[str], positions: Sequence[int] | None = None) -> str | None:
    """The self-contained sentence most similar to all the story's sentences (ties: the earliest);
    ``positions`` (index of each sentence in its report): a lead sentence when there is one."""
    from ..text import tfidf_rows

    ok = [i for i, s in enumerate(sentences) if self_contained(s)]
    if positions is not None:
        ok = [i for i in ok if positions[i] < LEAD] or ok
    if not ok:
        return None
    X = tfidf_rows(list(sentences))
    total = np.asarray(X.sum(axis=0)).ravel()
    score = X[ok] @ total  # sum of cosines with every sentence (itself included: the same 1 for all)
    best = ok[int(np.argmax(score))]
    return " ".join(sentences[best].split())


def headline_span(sentence: str) -> str | None:
    """A headline-length span of ``sentence``: dateline and final period cut; longer than
    ``HEAD_MAX_WORDS`` words: cut at the last clause boundary within it (else the first within
    ``HEAD_HARD_MAX_WORDS``, else after a content word). Whole words only, no "…"."""
    from ..segment import strip_dateline

    s = " ".join(sentence.split())
    s = s[strip_dateline(s):].strip()
    core = s[:-1] if s.endswith((")", "]")) else s  # the final period (and a bracket after it) goes
    if core.endswith((".", "!")):
        s = core.rstrip(".!")
    s = s.rstrip(" ,;:")
    words = s.split()
    if not words:
        return None
    if len(words) <= HEAD_MAX_WORDS:
        return s
    cuts = []  # number of words kept at a boundary
    for n in range(HEAD_MIN_WORDS + 2, min(len(words), HEAD_HARD_MAX_WORDS + 1)):
        prev, nxt = words[n - 1], words[n].lower().strip("\"'“‘(")
        if prev.endswith((",", ";", ":")) or nxt in ("—", "–", "-", "--") or nxt in _CLAUSE_WORDS:
            cuts.append(n)
    within = [n for n in cuts if n <= HEAD_MAX_WORDS]
    if within:
        n = within[-1]
    elif cuts:
        n = cuts[0]
    else:
        n = HEAD_MAX_WORDS
        while n > HEAD_MIN_WORDS and words[n - 1].lower().strip(",;:") in _DANGLING:
            n -= 1
    return " ".join(words[:n]).rstrip(" ,;:—–-")


def story_title(headlines: Sequence[str | None], sentences: Sequence[str],
                positions: Sequence[int] | None = None) -> str:
    """Headline if the reports have one, else a headline span of the most central self-contained
    sentence (leads first), else :data:`UNTITLED`."""
    head = headline_title(headlines)
    if head:
        return head
    central = central_sentence(sentences, positions)
    return (headline_span(central) if central else None) or UNTITLED


@dataclass(frozen=True)
class Heading:
    """A story's title and where it came from: ``lead`` is the sentences of the central report from
    its lead sentence on (what the list's lede is taken from, :mod:`newsfuse.service.ledes`), empty
    when the title is a shared headline of reports without text at hand."""

    title: str
    lead: tuple[str, ...] = ()


def title_of_reports(headlines: Sequence[str | None], texts: Sequence[str]) -> str:
    """The title of a story from its reports' headlines (metadata) and the raw texts of those without
    one (a title-like first line counts as a headline; otherwise the lead sentences are read here).
    The one rule for the CLI, the web list and page, the API and the exports."""
    return heading_of_reports(headlines, texts).title


def heading_of_reports(headlines: Sequence[str | None], texts: Sequence[str]) -> Heading:
    """:func:`title_of_reports` with the central report's lead sentences (:class:`Heading`): the shared
    headline when most reports have one, else the lead sentence of the central report shortened to a
    headline (:mod:`newsfuse.stories.headline`)."""
    from ..ingest.shape import guess_title

    heads = list(headlines) + [guess_title(t.splitlines()[:6]) for t in texts]
    head = headline_title(heads)
    leads = [lead for lead in (report_lead(t) for t in texts[:MAX_LEADS]) if lead]
    order = central_leads(leads)
    if head:
        return Heading(head, tuple(leads[order[0]]) if order else ())
    if not order:
        return Heading(story_title([], *sentences_of(texts)))
    tries = [(i, 0) for i in order[:PARSED_LEADS]] + [(order[0], n) for n in (1, 2) if n < len(leads[order[0]])]
    for i, n in tries:  # the central leads, then the sentences after the most central one
        title = lead_headline(leads[i][n])
        if title:
            return Heading(title, tuple(leads[i][n:]))
    best = leads[order[0]]  # no central lead parses as a headline (or no spaCy model): the old cut
    return Heading(headline_span(best[0]) or UNTITLED, tuple(best))


MAX_LEADS = 50  # reports whose leads are compared
PARSED_LEADS = 3  # central leads parsed at most per story
LEAD_CHARS = 3000  # how much of a report its lead is read from
LEAD_SENTENCES = 4  # sentences kept from the lead on
WHOLE_LEAD_CHARS = 140  # a lead sentence no shortening keeps a subject and verb in is the title up to this
_LABEL = re.compile(r"^(?:[A-Z][A-Z&'.-]+ ){2,}(?=[A-Z][a-z])")  # "NATIONAL FORECAST Frost will ..."


def report_lead(text: str) -> list[str]:
    """A report's lead sentence and the few after it, as the pipeline reads the report (cleaned:
    no section label, byline or dateline; split by ``segment``); the lead is its first sentence that
    is a sentence (capitalised, 6 to 60 words, ends like one, no pronoun or connective opening)."""
    from ..clean import clean
    from ..ingest import Article
    from ..segment import segment_text, strip_dateline
    from ..text import context_need

    if not text or not text.strip():
        return []
    body = clean([Article(id="lead", source="", text=text[:LEAD_CHARS])])[0].text
    sentences = [" ".join(body[a:b].split()) for _, a, b in segment_text(body)][:LEAD_SENTENCES + 4]
    for n, s in enumerate(sentences):
        s = _LABEL.sub("", s[strip_dateline(s):].strip())
        words = s.split()
        if words and words[0] == "By" and len(words) <= 12:  # a byline ("By Jane Roe, the Valley Post")
            continue
        if (6 <= len(words) <= 60 and (s[0].isupper() or s[0].isdigit()) and _END.search(s)
                and context_need(s) not in ("pronoun", "connective", "quote")):
            return [s] + sentences[n + 1:n + LEAD_SENTENCES]
    return []


def central_leads(leads: Sequence[Sequence[str]]) -> list[int]:
    """Indices of ``leads`` (each a report's lead sentences), the most central first: the lead
    sentence most similar to the other reports' lead sentences (TF-IDF cosine; ties: the earliest)."""
    from ..text import tfidf_rows

    if len(leads) <= 1:
        return list(range(len(leads)))
    X = tfidf_rows([lead[0] for lead in leads])
    score = np.asarray((X @ np.asarray(X.sum(axis=0)).ravel())).ravel()
    return sorted(range(len(leads)), key=lambda i: (-round(float(score[i]), 9), i))


def lead_headline(sentence: str) -> str | None:
    """A lead sentence as a headline (:func:`newsfuse.stories.headline.shorten`); the whole sentence
    when no shortening keeps a subject and finite verb and it is at most ``WHOLE_LEAD_CHARS``; None
    without spaCy's model or when neither holds."""
    from .headline import render, shorten

    try:
        from ..facts.nlp import load

        nlp = load()
    except RuntimeError:
        return None
    doc = nlp(sentence)
    title = shorten(doc)
    if title:
        return title
    whole = render(doc, range(len(doc)))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children) \
            or doc[0].dep_ == "mark" or doc[0].tag_ == "IN":
        return None
    if len(whole) <= WHOLE_LEAD_CHARS and not _QUOTES.search(whole) and len(whole.split()) >= HEAD_MIN_WORDS:
        return whole
    return None


def sentences_of(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """The sentences of raw article texts (newsfuse.segment), in order, and their index in their text."""
    from ..segment import segment_text

    out: list[str] = []
    positions: list[int] = []
    for t in texts:
        for n, (_, a, b) in enumerate(segment_text(t)):
            out.append(t[a:b])
            positions.append(n)
    return out, positions
