"""Word normalisation shared by the dedup detectors.

Everything is compared lower-cased (Multi-News text is lower-cased), with
dotted abbreviations folded ("U.S." == "US" == "us") and punctuation dropped.
"""
from __future__ import annotations

import re

_ABBREV_DOT = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|(?<=\b[a-z]\.[a-z])\.")
_WORD = re.compile(r"[^\W_]+")
# Punctuation that ends a clause (apostrophes do not: "group’s").
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»—–/|…]|\s-+\s|\s‘|’\s|\s'|'\s")

# Function words ignored when deciding that two sentences say the same thing:
# topical sentences share these freely, so they carry no evidence.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t d ll m re ve said says say""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens with dotted abbreviations folded ("U.S." -> "us")."""
    lowered = text.lower()
    if "." in lowered:
        lowered = _ABBREV_DOT.sub("", lowered)
    return _WORD.findall(lowered)


def clauses(text: str) -> list[list[str]]:
    """Lower-cased words of ``text`` cut at clause punctuation (no word pair of
    two clauses is adjacent), abbreviations folded as in ``words``."""
    lowered = text.lower()
    if "." in lowered:
        lowered = _ABBREV_DOT.sub("", lowered)
    return [ws for chunk in _CLAUSE_BREAK.split(lowered) if (ws := _WORD.findall(chunk))]


def content_words(text: str) -> frozenset[str]:
    """Set of the non-stopword words of ``text``."""
    return frozenset(w for w in words(text) if w not in STOPWORDS)
