"""Spun-report detection: word-swapped variants and the unseen-bigram rate."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsfuse.clean import CleanArticle, Removal, clean
from newsfuse.dedup.bigrams import TABLE, table, unseen_rate
from newsfuse.dedup.spin import SPIN_MIN_BIGRAMS, SPIN_RATE, SPIN_RATE_WITH_VARIANT, spin_evidence, substituted_variant, variant_pair
from newsfuse.text import clauses
from newsfuse.text import folded_words as words
from newsfuse.ingest import Article, articles_from_texts
from newsfuse.segment import segment

LAUNCHED = "Russia launched video of bombers in motion and missiles being released from a submarine in strikes concentrated on the Albu Kamal location."
RELEASED = "Russia released video of bombers in action and missiles being released from a submarine in strikes concentrated on the Albu Kamal vicinity."


def test_word_swapped_variant():
    assert substituted_variant(words(LAUNCHED), words(RELEASED))


@pytest.mark.parametrize(
    "other",
    [
        LAUNCHED,  # identical: a pasted-twice paragraph, not a spin
        LAUNCHED.replace("location", "vicinity"),  # a single swap
        LAUNCHED.replace("Albu Kamal", "Deir al-Zour"),  # a place swapped, lengths differ
        LAUNCHED.replace("launched", "released").replace("from a submarine", "from 2 submarines"),  # a figure
        LAUNCHED.replace("in motion", "in motion on Friday"),  # words added
    ],
)
def test_not_a_word_swapped_variant(other):
    assert not substituted_variant(words(LAUNCHED), words(other))


def test_variant_pair_looks_in_removed_paragraphs():
    kept = ["Officials said the talks would resume next week.", LAUNCHED]
    assert variant_pair(kept) is None
    assert variant_pair(kept, [RELEASED]) == (RELEASED, LAUNCHED)
    assert variant_pair(kept + [RELEASED]) == (LAUNCHED, RELEASED)


def test_table_is_shipped_and_small():
    assert TABLE.exists(), "run python -m newsfuse.dedup.build_table"
    assert TABLE.stat().st_size < 5_000_000
    assert table() is not None


def test_ordinary_news_bigrams_are_seen():
    rate, total = unseen_rate(clauses("The president said on Tuesday that the government would not change its policy."))
    assert total >= 8 and rate == 0.0
    rate, total = unseen_rate(clauses("Russia is the alternative superb winner, and it appears to be nicely at the manner."))
    assert rate > 0.3


def _article(text: str, removals: list[Removal] | None = None) -> CleanArticle:
    return CleanArticle(article=Article(id="x", source="s", text=text), text=text, removals=removals or [])


def test_spin_needs_enough_text():
    art = _article("Russia is the alternative superb winner of the warfare.")
    score, why = spin_evidence(art, segment([art]))
    assert why == "" and SPIN_MIN_BIGRAMS > 8


def test_example_spun_report_is_flagged(example_dedup):
    _, _, d, names = example_dedup
    spun = [r for r in d.relations if r.kind == "rewrite"]
    assert [names[r.article_id] for r in spun] == ["002"]
    assert spun[0].of is None
    assert spun[0].evidence.startswith("spun text")
    assert spun[0].similarity >= SPIN_RATE_WITH_VARIANT


def test_example_rates_separate_spun_from_plain(example_dedup):
    cleaned, sentences, _, names = example_dedup
    rates = {}
    for i, art in enumerate(cleaned):
        parts = [c for s in sentences if s.doc_index == i for c in clauses(s.text)]
        rates[names[art.article.id]] = unseen_rate(parts)[0]
    assert rates["002"] >= SPIN_RATE_WITH_VARIANT
    assert all(rates[n] < SPIN_RATE for n in ("000", "001", "003", "004")), rates
    assert rates["002"] > max(rates[n] for n in ("000", "001", "003", "004"))


def test_ordinary_news_is_rarely_flagged(multinews_val: Path):
    judged = flagged = 0
    with gzip.open(multinews_val, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 60:
                break
            cleaned = clean(articles_from_texts([d for d in json.loads(line)["documents"] if d.strip()]))
            sentences = segment(cleaned)
            for i, art in enumerate(cleaned):
                score, why = spin_evidence(art, [s for s in sentences if s.doc_index == i])
                judged += 1
                flagged += bool(why)
    assert judged > 100
    assert flagged / judged <= 0.02
