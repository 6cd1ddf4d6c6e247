"""A story's title: its reports' headline, else its most central self-contained sentence.

* When reports carry headlines, the title is the headline most of them share
  (compared case- and space-insensitively; ties: the earliest report's).
* Otherwise it is the sentence of the story that is most similar to all the
  others (mean TF-IDF cosine over the story's sentences,
  :func:`newsfuse.rank.similarity.tfidf_rows`) among the *self-contained*
  ones (:func:`self_contained`): no quotation marks, a capitalised start that
  is not a pronoun or connective pointing elsewhere, a sentence end, 6 to 40
  words. Reports' leads (their first ``LEAD`` sentences) are preferred: a
  news lead is written to stand alone and say what happened. Without such a sentence the title is ``"(untitled story)"``: never a
  quote or a fragment.
"""
from __future__ import annotations

import re
from collections import Counter
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


def headline_title(headlines: Sequence[str | None]) -> str | None:
    """The headline most reports share (ties: the earliest), None when none has one."""
    norm = [" ".join(h.split()) for h in headlines if h and h.strip()]
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


def story_title(headlines: Sequence[str | None], sentences: Sequence[str],
                positions: Sequence[int] | None = None) -> str:
    """Headline if the reports have one, else the most central self-contained sentence (leads first)."""
    return headline_title(headlines) or central_sentence(sentences, positions) or UNTITLED


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
