"""Spun reports: text run through a word spinner, flagged from its own evidence.

A spinner swaps words for "synonyms" ("metropolis" for "city", "the floor" for
"the ground", "seasoned-regime" for "pro-regime"), so its output is full of
pairs of common words that ordinary news never puts side by side. Two pieces
of evidence, neither needing the original:

* unseen-bigram rate: the share of the report's bigrams of two common words
  (``data/bigrams.npz``, built from Multi-News train by ``build_table``) that
  never occur in ordinary news;
* substituted variants: spinners often leave both versions of a passage, so a
  sentence pair of the same report (or a sentence the clean stage removed,
  e.g. as a duplicate paragraph, and one it kept) that differ only by word
  swaps is a telltale.

A report is flagged when its rate reaches ``SPIN_RATE``, or reaches
``SPIN_RATE_WITH_VARIANT`` and it holds a substituted-variant pair.
"""
from __future__ import annotations

import difflib
from typing import Sequence

from ..clean import CleanArticle
from ..segment import Sentence, segment_text
from .bigrams import unseen_rate
from ..text import clauses, folded_words

# Calibrated with bench/spin_calibration.py on the 4,926 Multi-News validation
# documents of the first 2,000 clusters (ordinary news) and the bundled spun
# report. Validation rates: median 0.093, p90 0.155, p99 0.227, p99.5 0.247;
# the spun report: 0.183 (the plain reports of the example: 0.095-0.112).
# Alone, the rate flags a report at about the validation p99.5 (0.49% of
# validation documents flagged, nearly all lists, tables or mojibake, not news);
# with a word-swapped variant pair (found in none of 2,818 validation
# documents) a rate above the validation p72 suffices.
SPIN_RATE = 0.25
SPIN_RATE_WITH_VARIANT = 0.12
# Too few common-word bigrams to judge below this.
SPIN_MIN_BIGRAMS = 60
# Substituted variant: two passages of one report, of equal length in words,
# with at least this share of their words aligned in order and every
# difference a swap of k words for k others (k <= VARIANT_MAX_SWAP), at least
# VARIANT_MIN_SWAPS times. In 2,818 Multi-News validation documents (1,500
# clusters) no pair qualifies; the bundled spun report has one (three one-word
# swaps: "launched"/"released", "motion"/"action", "location"/"vicinity").
VARIANT_MIN_ALIGNED = 0.6
VARIANT_MAX_SWAP = 3
VARIANT_MIN_SWAPS = 2
VARIANT_MIN_WORDS = 8


def substituted_variant(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when word sequences ``a`` and ``b`` differ only by word swaps: at
    least VARIANT_MIN_SWAPS places where k words (k <= VARIANT_MAX_SWAP) stand
    for k other words, none of them a number. Templates that swap a name or a
    figure, and edits that add or cut words, do not count."""
    if min(len(a), len(b)) < VARIANT_MIN_WORDS or len(a) != len(b) or a == b:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    aligned = sum(block.size for block in matcher.get_matching_blocks())
    if aligned / len(a) < VARIANT_MIN_ALIGNED:
        return False
    swaps = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1 or i2 - i1 > VARIANT_MAX_SWAP:
            return False
        if any(c.isdigit() for w in (*a[i1:i2], *b[j1:j2]) for c in w):
            return False
        swaps += 1
    return swaps >= VARIANT_MIN_SWAPS


def variant_pair(passages: Sequence[str], removed: Sequence[str] = ()) -> tuple[str, str] | None:
    """A pair of sentences (two of ``passages``, or one of the ``removed``
    paragraphs' sentences and one of ``passages``) that are substituted
    variants of each other, or None. Only sentences of equal length in words
    are compared, so this stays cheap for long reports."""
    kept: dict[int, list[tuple[str, list[str]]]] = {}
    for p in passages:
        w = folded_words(p)
        if len(w) >= VARIANT_MIN_WORDS:
            for q, qw in kept.get(len(w), ()):
                if substituted_variant(qw, w):
                    return q, p
            kept.setdefault(len(w), []).append((p, w))
    for paragraph in removed:
        for _, start, end in segment_text(paragraph):
            p = paragraph[start:end]
            w = folded_words(p)
            for q, qw in kept.get(len(w), ()):
                if substituted_variant(w, qw):
                    return p, q
    return None


def spin_evidence(
    article: CleanArticle,
    sentences: Sequence[Sentence],
    parts: Sequence[Sequence[str]] | None = None,
    measured: tuple[float, int] | None = None,
) -> tuple[float, str]:
    """(score, evidence) that ``article`` is a spun copy; evidence is "" when not.

    The score is the unseen-bigram rate. ``parts`` (the clauses of the
    article's sentences) and ``measured`` (``unseen_rate(parts)``) may be
    passed when already computed.
    """
    if measured is None:
        if parts is None:
            parts = [c for s in sentences for c in clauses(s.text)]
        measured = unseen_rate(parts)
    rate, total = measured
    if total < SPIN_MIN_BIGRAMS:
        return rate, ""
    share = f"{rate:.0%} of its common-word pairs never occur in ordinary news"
    if rate >= SPIN_RATE:
        return rate, f"spun text: {share}"
    if rate >= SPIN_RATE_WITH_VARIANT:
        removed = [r.text for r in article.removals]
        pair = variant_pair([s.text for s in sentences], removed)
        if pair:
            return rate, (
                f"spun text: {share}, and it holds a word-swapped variant of its own passage "
                f"(\u201c{pair[0][:60]}\u2026\u201d / \u201c{pair[1][:60]}\u2026\u201d)"
            )
    return rate, ""
