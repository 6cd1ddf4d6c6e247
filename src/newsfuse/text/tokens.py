"""Words: the token patterns, word counts and budgets.

Which tokens a stage sees is part of its behaviour (the learned ranker was
trained on :func:`terms`, the story clusterer stores hashes of
:data:`CLUSTER_TERM` tokens), so there are a few named patterns rather than one;
each says who uses it. No other module defines a word pattern.

* :data:`WORD` (``\\w+``): normalising text for comparison (:func:`normalized`),
  word alignment, lengths in words where punctuation must not count;
* :func:`terms` (``[a-z0-9]+`` of the lower-cased text): every ranking and
  selection feature, concept bigrams, TF-IDF rows;
* :func:`folded_words` / :func:`clauses` (``[^\\W_]+`` after folding "U.S." to
  "us"): dedup's evidence that two sentences say the same thing;
* :data:`CLUSTER_TERM` (``[a-z0-9]+`` with a trailing "'s"): story clustering;
* :data:`LETTERS` (``[^\\W\\d_]+``): letter runs (place-name stems);
* :data:`SHAPE_WORD` (letters/digits joined by ' ’ . -): how long a line looks
  (headline or body?);
* :data:`LETTER_TOKEN`: a whitespace token holding at least one letter;
* :data:`RAW_WORD`: a word as the learned ranker's shape features count them;
* :data:`ASCII_WORD`: ASCII words with inner hyphens and apostrophes, case kept
  (the selector's name and reference rules);
* :data:`SUMY_WORD`: the words sumy's summarizers keep (the eval peers, not newsfuse);
* :data:`TOKEN_2PLUS` (``\\b\\w\\w+\\b``): the centrality ranker's terms.

Word counts for budgets are whitespace tokens (:func:`count_words`): what a
reader counts and what ROUGE's DUC convention cuts at. Stop words and
stemming are in :mod:`.lexicon` (they load scikit-learn's list); this module
needs only ``re``, so the CLI can start without them.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence


WORD = re.compile(r"\w+")
TERM = re.compile(r"[a-z0-9]+")
ALNUM = re.compile(r"[^\W_]+")
LETTERS = re.compile(r"[^\W\d_]+")
CLUSTER_TERM = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
SHAPE_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# The look-behind lets a match start only where a token starts, so a run without letters (60,000
# dashes) is scanned once, not once from each of its characters (quadratic: issue 21).
LETTER_TOKEN = re.compile(r"(?<!\S)\S*?[^\W\d_]\S*")
RAW_WORD = re.compile(r"[A-Za-z][\w'’-]*")
TOKEN_2PLUS = re.compile(r"\b\w\w+\b")  # scikit-learn's default token pattern
FIRST_WORD = re.compile(r"[A-Za-z]+")
# sumy keeps only word-like tokens: a letter, then letters, apostrophes or hyphens
SUMY_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")
ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")

# "U.S." -> "US", "a.m." -> "am": dots inside single-letter abbreviations (lower-cased text)
_ABBREVIATION_DOT = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|(?<=\b[a-z]\.[a-z])\.")
# Punctuation that ends a clause (apostrophes do not: "group’s").
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»—–/|…]|\s-+\s|\s‘|’\s|\s'|'\s")

# --- tokens -------------------------------------------------------------------


def words(text: str) -> list[str]:
    """``\\w+`` runs of ``text``, case kept."""
    return WORD.findall(text)


def line_words(text: str) -> list[str]:
    """:data:`SHAPE_WORD` runs ("U.S.-backed" and "don't" are one word): how long a
    line of text looks (a headline? a label? body text?)."""
    return SHAPE_WORD.findall(text)


def normalized(text: str) -> str:
    """Lower-cased words joined by single spaces: the form two texts are compared in
    ("The U.S. -- said:" -> "the u s said")."""
    return " ".join(WORD.findall(text.lower()))


def terms(text: str) -> list[str]:
    """Lower-cased ``[a-z0-9]+`` tokens: how ranking, selection and TF-IDF see words."""
    return TERM.findall(text.lower())


def _fold(text: str) -> str:
    lowered = text.lower()
    return _ABBREVIATION_DOT.sub("", lowered) if "." in lowered else lowered


def folded_words(text: str) -> list[str]:
    """Lower-cased letter/digit runs with dotted abbreviations folded ("U.S." -> "us")."""
    return ALNUM.findall(_fold(text))


def clauses(text: str) -> list[list[str]]:
    """:func:`folded_words` of ``text`` cut at clause punctuation (no word pair of
    two clauses is adjacent)."""
    return [ws for chunk in _CLAUSE_BREAK.split(_fold(text)) if (ws := ALNUM.findall(chunk))]


# --- word counts and budgets --------------------------------------------------


def count_words(text: str) -> int:
    """Words as a reader (and every word budget) counts them: whitespace-separated."""
    return len(text.split())


def check_budget(words: object, maximum: int | None = None) -> int:
    """A word budget as an int from 1 to ``maximum`` (no upper limit when None),
    or ValueError saying what is wrong with it (every entry point checks here)."""
    try:
        n = int(words)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValueError(f"word budget must be a whole number, got {words!r}") from None
    if maximum is not None and not 1 <= n <= maximum:
        raise ValueError(f"word budget must be between 1 and {maximum}, got {n}")
    if n <= 0:
        raise ValueError(f"word budget must be positive, got {words!r}")
    return n


def prefix_reaching(lengths: Iterable[int], words: int) -> int:
    """How many of ``lengths`` (taken in order) it takes to reach ``words`` words:
    the shortest prefix whose sum is at least ``words`` (all of them if none is)."""
    n, total = 0, 0
    for length in lengths:
        if total >= words:
            break
        total += length
        n += 1
    return n


def cut_to_budget(sentences: Sequence[str], words: int) -> list[str]:
    """Sentences in order until ``words`` words; the one that crosses the budget
    is truncated (the DUC convention). Whitespace inside a sentence is collapsed."""
    out: list[str] = []
    left = words
    for s in sentences:
        toks = s.split()
        if not toks:
            continue
        if left <= 0:
            break
        if len(toks) > left:
            out.append(" ".join(toks[:left]))
            break
        out.append(" ".join(toks))
        left -= len(toks)
    return out
