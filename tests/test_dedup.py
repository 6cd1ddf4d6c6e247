"""Dedup stage: sentence support, copies, rewrites (spin has its own file)."""
from __future__ import annotations

import pytest

from newsfuse.clean import CleanArticle
from newsfuse.dedup import DedupResult, DocRelation, dedup
from newsfuse.dedup.copies import COPY_CONTAINMENT, COPY_MIN_SHARED
from newsfuse.dedup.support import (
    SUPPORT_CONTAINMENT,
    SUPPORT_JACCARD,
    SUPPORT_MIN_WORDS,
    supports,
)
from newsfuse.text import content_words
from newsfuse.text import folded_words as words
from newsfuse.ingest import Article
from newsfuse.segment import segment


def story(*texts: str) -> tuple[list[CleanArticle], DedupResult]:
    arts = [
        CleanArticle(article=Article(id=f"d{i}", source=f"s{i}", text=t), text=t) for i, t in enumerate(texts)
    ]
    return arts, dedup(arts, segment(arts))


# --- normalisation ----------------------------------------------------------


def test_words_fold_abbreviations_and_case():
    assert words("The U.S. and the US; u.s. Army") == ["the", "us", "and", "the", "us", "us", "army"]
    assert "the" not in content_words("The U.S. Army said")
    assert content_words("The U.S. Army said") == {"us", "army"}


# --- sentence support ---------------------------------------------------------


def test_small_edits_support_each_other():
    _, d = story(
        "On Tuesday, the United States clashed directly with Iranian proxies, bombing progovernment "
        "militiamen as they advanced on an outpost used by US Special Forces at al-Tanf.",
        "On Tuesday, the United States clashed directly with Iranian proxies, bombing pro-government "
        "militia members as they advanced on an outpost used by U.S. Special Forces at al-Tanf.",
    )
    assert d.support["d0:0"] == ("d1:0",)
    assert d.support["d1:0"] == ("d0:0",)


def test_topical_overlap_is_not_support():
    _, d = story(
        "Syrian forces backed by Russian air power advanced on Albu Kamal on Sunday.",
        "The Islamic State moved its leaders to Albu Kamal as Syrian and Iraqi forces closed in on the border.",
    )
    assert d.support == {"d0:0": (), "d1:0": ()}


def test_support_only_counts_other_articles():
    text = "Rebel commanders said the deal was meant to help the government. Rebel commanders said the deal was meant to help the government."
    _, d = story(text, "Rebel commanders said the deal was meant to help the government.")
    assert d.support["d0:0"] == ("d1:0",)
    assert "d0:1" not in d.support["d0:0"]
    assert d.support["d1:0"] == ("d0:0", "d0:1")


def _set(n: int, prefix: str) -> frozenset[str]:
    return frozenset(f"{prefix}{i}" for i in range(n))


@pytest.mark.parametrize(
    "shared, only_s, only_t, forward, backward",
    [
        (10, 5, 5, True, True),  # Jaccard 10/20 = 0.50: exactly at SUPPORT_JACCARD
        (10, 6, 5, False, False),  # Jaccard 10/21 = 0.476, containments 0.62 / 0.67
        (12, 2, 10, True, True),  # Jaccard 0.5
        (8, 2, 20, True, False),  # Jaccard 0.27; 8/10 = 0.80 of s is in t: exactly at SUPPORT_CONTAINMENT
        (7, 2, 20, False, False),  # 7/9 = 0.78 of s in t: just below
        (4, 1, 20, False, False),  # 4/5 = 0.8 of s in t, but s has 5 words (< SUPPORT_MIN_WORDS)
        (5, 1, 20, True, False),  # 5/6 = 0.83 with 6 words: at SUPPORT_MIN_WORDS
    ],
)
def test_support_thresholds(shared, only_s, only_t, forward, backward):
    assert (SUPPORT_JACCARD, SUPPORT_CONTAINMENT, SUPPORT_MIN_WORDS) == (0.5, 0.8, 6)
    common = _set(shared, "c")
    s, t = common | _set(only_s, "s"), common | _set(only_t, "t")
    assert (supports(s, t) > 0) is forward  # t says what s says
    assert (supports(t, s) > 0) is backward  # s says what t says


def test_long_sentence_supports_the_short_one_it_contains():
    short = "Rebel commanders said the ceasefire deal was meant to help President Assad recapture territory."
    long = (
        "Rebel commanders and Western diplomats said the ceasefire deal was meant to help President Assad "
        "recapture territory, freeing troops and militias for the long push east toward the desert border with Iraq and Jordan."
    )
    _, d = story(short, long)
    assert d.support["d0:0"] == ("d1:0",)  # the long report says all the short one says
    assert d.support["d1:0"] == ()  # ... but not the reverse


# --- copies and rewrites --------------------------------------------------------

PARAS = [
    "Forces backed by the United States and by Iran are racing to take the last strongholds of the militants in the south-east of the country.",
    "The scramble for the province is likely to be one of the most consequential fights against the group, posing a test for the administration.",
    "The militants claimed responsibility for twin attacks in the capital that left at least a dozen people dead, a reminder of their reach.",
    "Experts say the group has moved senior leaders into the province along with a growing number of foot soldiers as it loses ground elsewhere.",
    "To reach the province, both sides are moving through a vast southern desert as they try to take back the border from the militants.",
]
OTHER = [
    "Fighting flared again on Friday near the northern city, where residents reported heavy shelling through the night.",
    "Aid agencies warned that thousands of families had fled their homes and were sleeping in the open without food or water.",
    "A spokesman for the coalition said its aircraft had struck a weapons depot and a command post on Thursday afternoon.",
    "The government said it would reopen schools next month once engineers had cleared the streets of unexploded shells.",
]


def test_short_copy_inside_long_report_is_a_copy():
    long_report = "\n\n".join(OTHER[:2] + PARAS + OTHER[2:])
    short_copy = "\n\n".join(PARAS[:3])  # 3 of its 9 paragraphs: whole-text Jaccard is low
    arts, d = story(long_report, short_copy, "\n\n".join(OTHER[1:3]))
    (copy,) = [r for r in d.relations if r.kind == "copy"]
    assert (copy.article_id, copy.of, copy.similarity) == ("d1", "d0", 1.0)
    # all of the short copy's 3-grams (three paragraphs: 60 or more) are in the long report
    shared = __import__("re").fullmatch(r"100% of its word 3-grams \((\d+)\) appear verbatim in s0", copy.evidence)
    assert shared and int(shared.group(1)) >= 60, copy.evidence
    assert d.family == {"d0": "d0", "d1": "d0", "d2": "d2"}
    assert not any(r.article_id == "d2" for r in d.relations)


def test_copy_relations_point_at_first_article_of_family():
    base = "\n\n".join(PARAS)
    edited = "\n\n".join([PARAS[1], PARAS[0].replace("United States", "U.S."), PARAS[3], OTHER[0]])
    _, d = story("\n\n".join(OTHER), base, edited, base)
    copies = {r.article_id: r.of for r in d.relations if r.kind == "copy"}
    assert copies == {"d2": "d1", "d3": "d1"}
    assert d.family["d2"] == d.family["d3"] == "d1"
    assert d.family["d0"] == "d0"


def test_copy_thresholds():
    assert (COPY_CONTAINMENT, COPY_MIN_SHARED) == (0.5, 40)
    # one shared sentence (about 20 3-grams) between otherwise different reports: not a copy
    _, d = story("\n\n".join(OTHER[:3] + PARAS[:1]), "\n\n".join(PARAS[:1] + [OTHER[3]]))
    assert not [r for r in d.relations if r.kind == "copy"]
    # two shared sentences (40+ 3-grams) making up most of the shorter report: a copy
    _, d = story("\n\n".join(OTHER[:3] + PARAS[:2]), "\n\n".join(PARAS[:2] + [OTHER[3]]))
    assert [(r.article_id, r.of) for r in d.relations if r.kind == "copy"] == [("d1", "d0")]


REWORDED = [
    "Forces sponsored by the United States and by Iran are competing to seize the final bastions of the militants in the south-east of the nation.",
    "The rush for the province is probable to be one of the most important battles against the group, presenting a trial for the government.",
    "The militants asserted duty for twin assaults in the capital that left at least a dozen individuals dead, a sign of their reach.",
    "Specialists say the group has shifted top leaders into the province along with a rising variety of foot soldiers as it loses floor elsewhere.",
    "To reach the province, both facets are transferring through a huge southern wasteland as they attempt to take back the border from the militants.",
]


def test_rewrite_of_another_report_in_the_input():
    _, d = story("\n\n".join(PARAS), "\n\n".join(OTHER), "\n\n".join(REWORDED))
    rewrites = [r for r in d.relations if r.kind == "rewrite" and r.of is not None]
    assert [(r.article_id, r.of) for r in rewrites] == [("d2", "d0")]
    assert not [r for r in d.relations if r.kind == "copy"]
    assert d.family["d2"] == "d0"


# --- the bundled example ----------------------------------------------------------


def test_example_copies_of_one_text(example_dedup):
    _, _, d, names = example_dedup
    copies = {names[r.article_id]: names[r.of] for r in d.relations if r.kind == "copy"}
    assert copies == {"001": "000", "004": "000"}
    by_name = {names[k]: names[v] for k, v in d.family.items()}
    assert by_name == {"000": "000", "001": "000", "002": "002", "003": "003", "004": "000"}


def test_example_support_links_the_copies(example_dedup):
    _, sentences, d, names = example_dedup
    assert set(d.support) == {s.id for s in sentences}
    ids = {s.id: s for s in sentences}
    # every support link is between different reports
    for sid, others in d.support.items():
        for o in others:
            assert ids[o].article_id != ids[sid].article_id
    # the Washington Post lede is supported in the Boston Globe's edited copy ("US" for "U.S.")
    lede = next(s for s in sentences if names[s.article_id] == "004" and "locked in a race" in s.text)
    assert {names[ids[o].article_id] for o in d.support[lede.id]} >= {"001"}
    # the spun BBC report and the Reuters-based report say nothing verbatim alike
    for s in sentences:
        if names[s.article_id] in {"002", "003"}:
            assert not d.support[s.id], s.text


def test_empty_inputs():
    assert dedup([], []) == DedupResult()
    arts, d = story("", "Ok.", "\n\n".join(PARAS))
    assert d.relations == []
    assert d.family == {"d0": "d0", "d1": "d1", "d2": "d2"}
    assert all(k.startswith("d2:") for k in d.support)
