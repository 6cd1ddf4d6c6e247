"""What no brief may use: sentences that mislead once pulled out of their report.

:func:`blocked` names, for a story, the sentences no brief may use (cheap
regular expressions, no model); both selectors skip them:

* ``fragment`` - a piece of something else (:func:`fragment`): a sentence in
  brackets, one opening with a word that points back ("Which", "Such",
  "Others"…), or one set in capitals (a heading).
* ``quote`` - a quoted claim (:data:`QUOTE_MIN_WORDS` or more words in
  quotation marks, mostly lower case, so not a title) with no speech verb
  outside the quotation ("said", "told", "according to"…): read without its
  speaker it sounds like the writer's own opinion.
* ``stale`` - a statement about the future ("will", "is expected to",
  "plans to", "next week"…) from a report when a later-dated report has a
  sentence, not itself about the future, that shares at least
  :data:`STALE_SHARE` of its content words: the later report says what
  happened.
* ``superseded`` - a casualty figure ("30 people were killed", "the death
  toll rose to 30") when a later-dated report gives another figure for the
  same count in a sentence sharing at least :data:`FIGURE_SHARE` of its
  content words: the older figure is never the brief's figure.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from ..rank import RankInput
from ..segment import Sentence
from ..text import STOP_WORDS, stem
from .concepts import bigram_concepts

STALE_SHARE = 0.5  # share of a future statement's content words a later report's sentence repeats
STALE_MIN_WORDS = 3  # ... and at least this many
FIGURE_SHARE = 0.3  # share of content words two sentences giving a count share when they count the same
QUOTE_MIN_WORDS = 4  # a quotation this long (and mostly lower case) is a claim, not a title

# --- quotes -----------------------------------------------------------------

# A quotation's inside never holds its own opening mark, so an opening without a close is scanned
# only up to the next opening (linear on "`````..." or "“““..."; issue 21).
_QUOTED = re.compile(r"``((?:[^`'\n]|`(?!`)|'(?!'))+?)''|“([^“”\n]+?)”|\"([^\"]+?)\"|‘‘((?:[^‘’\n]|‘(?!‘)|’(?!’))+?)’’")
_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|added|adds|asked|asks|stated|states|declared|declares|"
    r"announced|announces|according|wrote|writes|write|quoted|insisted|insists|argued|argues|explained|"
    r"explains|recalled|recalls|responded|responds|replied|replies|warned|warns|acknowledged|admitted|"
    r"noted|notes|claimed|claims|testified|urged|urges|complained|vowed|vows|promised|predicted|joked|"
    r"conceded|suggested|shouted|cried|remarked|continued|described|describes|called|calls|put it|"
    r"added|agreed|agrees|believes|believed|thinks|thought|contended|maintained|observed|reported|"
    r"repeated|pleaded|demanded|denied|denies|charged|asserted|stressed|emphasized|told|concluded|cautioned|"
    r"hailed|hailing|praised|condemned|accused|criticized|dubbed|branded|labeled|termed|found|ruled|"
    r"conclude[sd]?|caution(?:s|ed)?|say(?:s|ing)?)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=100_000)
def unattributed_quote(text: str) -> bool:
    """True when ``text`` holds a quoted claim and names no speaker outside the quotation."""
    if '"' not in text and "“" not in text and "``" not in text and "‘‘" not in text:
        return False
    claims = []
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        words = inner.split()
        if len(words) < QUOTE_MIN_WORDS:
            continue
        lower = sum(1 for w in words if w[:1].islower())
        if lower * 2 <= len(words):  # a title: "Star Wars: The Empire Strikes Back", "Return of the Jedi"
            continue
        claims.append(m)
    if not claims:
        return False
    outside = _QUOTED.sub(" ", text)
    return not _SPEECH.search(outside)


# --- fragments -------------------------------------------------------------

_FRAGMENT_OPENERS = frozenset("which such others whose whom".split())
_FIRST = re.compile(r"^[\s\"'“‘`]*([A-Za-z]+)")


@lru_cache(maxsize=100_000)
def fragment(text: str) -> bool:
    """True for a sentence that is a piece of something else: in brackets
    ("(The state could still refuse.)"), opening with a word that points back
    ("Which is…", "Such status…", "Others…"), or set in capitals (a heading)."""
    stripped = text.strip()
    if stripped.startswith("("):
        return True
    first = _FIRST.match(stripped)
    if first and first.group(1).lower() in _FRAGMENT_OPENERS:
        return True
    letters = [c for c in stripped if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


# --- stale statements about the future -------------------------------------

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|going|planning|"
    r"likely)\s+to|(?:is|are)\s+to\s+\w+|plans?\s+to|planned\s+to|intends?\s+to|"
    r"next\s+(?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|fall|winter)|"
    r"tomorrow|upcoming|later\s+this\s+(?:week|month|year))\b"
)
_FUTURE_HINT = ("will", "won't", "shall", "to ", "next", "tomorrow", "upcoming", "later this")
_FUTURE_WORDS = frozenset(
    "will won shall expected scheduled set due slated going planning likely plan plans planned intend intends "
    "next tomorrow upcoming later week month year monday tuesday wednesday thursday friday saturday sunday "
    "said says told".split()
)


@lru_cache(maxsize=100_000)
def is_future(text: str) -> bool:
    low = text.lower()
    return any(h in low for h in _FUTURE_HINT) and bool(_FUTURE.search(low))


_SKIP_STEMS = frozenset(stem(w) for w in STOP_WORDS | _FUTURE_WORDS)


def _content(text: str) -> frozenset[str]:
    """Stemmed content words of ``text`` (from its word-bigram concepts, which
    coverage selection computes and caches anyway)."""
    return frozenset(w for pair in bigram_concepts(text) for w in pair
                     if w not in _SKIP_STEMS and len(w) > 2 and not w.isdigit())


# --- superseded casualty figures --------------------------------------------

_NUMBER = re.compile(
    r"^(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens|"
    r"hundreds|scores)$"
)
_COUNT_WORD = re.compile(r"\b(killed|dead|died|injured|wounded|hurt|missing)\b|\btoll\b")
_COUNT_KIND = {"killed": "dead", "dead": "dead", "died": "dead", "injured": "hurt", "wounded": "hurt",
               "hurt": "hurt", "missing": "missing"}
_AUX = frozenset("were have had been are was".split())
_TOLL_VERB = frozenset("to at of reached is was".split())


@lru_cache(maxsize=100_000)
def casualty_counts(text: str) -> dict[str, str]:
    """{"dead"/"hurt"/"missing": the number as written} for the counts ``text``
    gives: a number at most three words (and an auxiliary) before "killed",
    "dead", "injured"… ("30 people were killed"), or after "toll … to/at/of"
    ("the death toll rose to 212")."""
    low = text.lower()
    out: dict[str, str] = {}
    for m in _COUNT_WORD.finditer(low):
        if m.group(1):
            before = low[max(0, m.start() - 80) : m.start()].replace(",", "").split()
            words = [w for w in before[-6:]]
            while words and words[-1] in _AUX:
                words.pop()
            for w in reversed(words[-4:]):
                if _NUMBER.match(w):
                    out.setdefault(_COUNT_KIND[m.group(1)], w)
                    break
        else:
            after = low[m.end() : m.end() + 160].replace(",", "").split()
            for k, w in enumerate(after[:16]):
                if w in _TOLL_VERB and k + 1 < len(after) and _NUMBER.match(after[k + 1].rstrip(".;")):
                    out.setdefault("dead", after[k + 1].rstrip(".;"))
                    break
    return out


def report_day(story: RankInput, s: Sentence) -> str:
    """The day (YYYY-MM-DD) of the report ``s`` comes from; "" when undated."""
    return (story.dates.get(s.article_id) or "")[:10]


def blocked(story: RankInput, among: Iterable[int] | None = None) -> dict[int, str]:
    """Sentence index -> why no brief may use it ("fragment", "quote", "stale",
    "superseded"), for the sentences ``among`` (default: all); every sentence
    of the story still counts as a later report's word."""
    sentences = story.sentences
    wanted = range(len(sentences)) if among is None else among
    out: dict[int, str] = {}
    days = [report_day(story, s) for s in sentences]
    dated = len({d for d in days if d}) > 1
    later: dict[str, list[int]] = {}  # content word -> positions (in ``statements``) of dated sentences using it
    statements: list[str] = []  # their days
    counts: list[tuple[str, dict[str, str], frozenset[str]]] = []
    if dated:
        future_days = [d for s, d in zip(sentences, days) if d and is_future(s.text)]
        first = min(future_days, default="9999")
        for s, d in zip(sentences, days):
            if d > first and not is_future(s.text):
                for w in _content(s.text):
                    later.setdefault(w, []).append(len(statements))
                statements.append(d)
            c = casualty_counts(s.text) if d else {}
            if c:
                counts.append((d, c, _content(s.text)))
    for j in wanted:
        s, d = sentences[j], days[j]
        if fragment(s.text):
            out[j] = "fragment"
            continue
        if unattributed_quote(s.text):
            out[j] = "quote"
            continue
        if not dated or not d:
            continue
        if is_future(s.text):
            mine = _content(s.text)
            need = max(STALE_MIN_WORDS, STALE_SHARE * len(mine))
            shared = Counter(k for w in mine for k in later.get(w, ()) if statements[k] > d)
            if shared and max(shared.values()) >= need:
                out[j] = "stale"
                continue
        own = casualty_counts(s.text)
        if own:
            mine = _content(s.text)
            need = max(STALE_MIN_WORDS, FIGURE_SHARE * len(mine))
            if any(d2 > d and len(mine & w2) >= need and any(k in c2 and c2[k] != v for k, v in own.items())
                   for d2, c2, w2 in counts):
                out[j] = "superseded"
    return out
