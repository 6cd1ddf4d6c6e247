"""Clean: boilerplate removal with reasons, headline/dateline, duplicates, cross-document evidence."""
from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path
import re

import pytest

from newsfuse.clean import CleanArticle, clean
from newsfuse.ingest import Article, articles_from_texts, ingest

REASONS = {
    "paywall", "subscribe", "newsletter", "comments", "related", "read-more", "caption", "credit",
    "author-box", "contributors", "share", "ad", "copyright", "byline", "web-notice", "section",
    "outlet", "source-label", "promo", "trailing-block", "duplicate-paragraph", "outlet-boilerplate", "timestamp",
}
BODY = [
    "The city council voted on Tuesday to close the old harbour bridge for six months of repairs.",
    "Engineers found corrosion in two of the main cables during an inspection last spring, officials said.",
    "Commuters will be directed to a ferry service that the council plans to run every fifteen minutes.",
    "Local shop owners said they feared a drop in trade while the bridge is shut to traffic.",
]


def art(text: str, source: str = "metro", title: str | None = None, origin: str | None = None) -> Article:
    origin = origin or f"{source}-{abs(hash(text)) % 10**8}"
    return Article(id=origin, source=source, text=text, title=title, origin=origin)


def one(text: str, **kw) -> CleanArticle:
    return clean([art(text, **kw)])[0]


@pytest.fixture(scope="module")
def example(example_dir: Path) -> dict[str, CleanArticle]:
    return {c.article.source[:3]: c for c in clean(ingest([example_dir]).articles)}


# ---------------------------------------------------------------- the bundled example
def test_no_boilerplate_survives_in_the_example(example):
    leftovers = re.compile(
        r"free article limit|already a subscriber|subscribe|ad-free|view all posts|comments?\b|"
        r"getty images|featured image|read the whole story|related post|more from|contributed to this report|"
        r"try \d+ days|^military$|^boston globe$|^from y-net",
        re.I | re.M,
    )
    for name, cleaned in example.items():
        assert not leftovers.search(cleaned.text), (name, leftovers.search(cleaned.text).group(0))


def test_every_removal_has_a_known_reason_and_came_from_the_article(example):
    for cleaned in example.values():
        original = " ".join(cleaned.article.text.split())
        for removal in cleaned.removals:
            assert removal.reason in REASONS and removal.detail
            assert removal.article_id == cleaned.article.id
            assert removal.text in original


def test_repeated_opening_of_000_appears_once(example):
    text = example["000"].text
    for opening in ("are locked in a race", "scramble for pole position", "asserted responsibility for twin attacks"):
        assert text.count(opening) == 1
    dupes = [r for r in example["000"].removals if r.reason == "duplicate-paragraph"]
    assert len(dupes) == 3
    assert text.index("are locked in a race") < text.index("launched an offensive this week")


def test_near_duplicate_in_002_keeps_first_wording(example):
    text = example["002"].text
    assert "Russia launched video of bombers in motion" in text
    assert "Russia released video of bombers in action" not in text
    [dupe] = [r for r in example["002"].removals if r.reason == "duplicate-paragraph"]
    assert "near-exact" in dupe.detail


def test_syndicated_paragraphs_shared_by_000_001_004_survive_in_each(example):
    shared = (
        "The scramble for pole position in Deir al-Zour province is likely to be one of the most consequential "
        "fights against the extremist group in Syria, posing a regional test for President Trump as his "
        "administration turns up the rhetoric against Iran."
    )
    for name in ("000", "001", "004"):
        assert shared in example[name].text
    assert "Tehran’s regional ambitions" in example["004"].text


def test_headlines_datelines_and_attributions(example):
    assert example["000"].headline == "As ISIS retreats in Syria, U.S. and Iran scramble for control"
    assert "scramble for control" not in example["000"].text
    assert example["001"].dateline == "BEIRUT"
    assert example["001"].text.startswith("US and Iran-backed forces")
    assert example["003"].headline.startswith("ISIS Shores Up")
    assert example["000"].attribution == "The Washington Post"
    assert example["003"].attribution == "Y-Net"
    assert example["001"].outlet == "Boston Globe" and example["000"].outlet is None
    reasons = {r.text: r.reason for c in example.values() for r in c.removals}
    assert reasons["Military"] == "section"
    assert reasons["Boston Globe"] == "outlet"
    assert reasons["From Y-Net:"] == "source-label"


def test_removals_name_the_outlet_they_credit(example):
    outlets = {r.text: r.outlet for c in example.values() for r in c.removals}
    assert outlets["From Y-Net:"] == "Y-Net"
    assert outlets["Boston Globe"] is None and outlets["Military"] is None  # labels, not credits
    cleaned = one("\n\n".join(BODY + ["Originally published in The Harbour Times."]))
    [credit] = cleaned.removals
    assert (credit.reason, credit.outlet, cleaned.attribution) == ("read-more", "The Harbour Times", "The Harbour Times")
    # attribution comes from the field, not from the wording of the detail
    assert [r.outlet for r in one("\n\n".join(BODY + ["Read more: the harbour"])).removals] == [None]


def test_cleaned_text_shape(example):
    for cleaned in example.values():
        paragraphs = cleaned.text.split("\n\n")
        assert all(p and p == " ".join(p.split()) for p in paragraphs)
        assert "\u00a0" not in cleaned.text


# ---------------------------------------------------------------- general rules (synthetic text)
@pytest.mark.parametrize(
    "line, reason",
    [
        ("You have used all of your free articles this month. Subscribe to keep reading.", "paywall"),
        ("Get unlimited access for only $1.99 per month", "paywall"),
        ("Sign up for the Morning Digest newsletter", "newsletter"),
        ("Leave a comment", "comments"),
        ("12 comments", "comments"),
        ("Related Articles:", "related"),
        ("More from The Harbour Times", "related"),
        ("Read the full article at The Harbour Times.", "read-more"),
        ("The mayor speaks to reporters outside city hall on Monday. (Jane Roe/Harbour Press)", "caption"),
        ("Photo: Harbour Council", "credit"),
        ("Header image by Jane Roe via Wikimedia", "credit"),
        ("Share this article", "share"),
        ("Advertisement", "ad"),
        ("© 2017 Harbour Media Group. All rights reserved.", "copyright"),
        ("By Jane Roe and John Doe", "byline"),
        ("Please enable JavaScript to view this page.", "web-notice"),
        ("Ann Lee in Cairo and Omar Said in Amman contributed reporting.", "contributors"),
        ("Updated 10:32 a.m. ET June 8, 2017", "timestamp"),
        ("Published: Thursday, June 8, 2017", "timestamp"),
        ("June 8, 2017", "timestamp"),
        ("Image 3 of 12", "caption"),
        ("Watch the full interview on our app", "promo"),
    ],
)
def test_boilerplate_paragraph_rules(line, reason):
    text = "\n\n".join(BODY[:2] + [line] + BODY[2:])
    cleaned = one(text)
    assert [(r.text, r.reason) for r in cleaned.removals] == [(line, reason)]
    assert all(p in cleaned.text for p in BODY)


def test_long_story_paragraph_mentioning_comments_and_subscribers_is_kept():
    long_para = (
        "The newspaper said it had received thousands of comments from subscribers after it announced the "
        "closure of the bridge, and that readers who leave a comment online will be invited to a public "
        "meeting with the engineers on Thursday evening at the town hall."
    )
    cleaned = one("\n\n".join(BODY + [long_para]))
    assert long_para in cleaned.text and cleaned.removals == []


def test_trailing_block_and_sandwiched_lines_are_removed():
    tail = ["About Jane Roe View All Posts", "Jane Roe covers transport for the paper.", "STAY INFORMED", "Follow the story", "Try 30 days free"]
    cleaned = one("\n\n".join(BODY + tail))
    removed = {r.text: r.reason for r in cleaned.removals}
    assert set(removed) == set(tail)
    assert removed["Jane Roe covers transport for the paper."] == "author-box"
    assert removed["STAY INFORMED"] == "promo"
    assert cleaned.text == "\n\n".join(BODY)


def test_short_story_line_at_the_end_is_not_swallowed():
    cleaned = one("\n\n".join(BODY + ["Related: council budget", "The vote was unanimous."]))
    assert cleaned.text.endswith("The vote was unanimous.")


def test_dateline_forms():
    for dateline, expected in (
        ("WASHINGTON (Reuters) - ", "WASHINGTON (Reuters)"),
        ("NEW YORK, N.Y. — ", "NEW YORK, N.Y."),
        ("Houston ( ap ) — ", "Houston ( ap )"),
    ):
        cleaned = one("\n\n".join([dateline + BODY[0]] + BODY[1:]))
        assert cleaned.dateline == expected
        assert cleaned.text.startswith("The city council voted")
    assert one(BODY[0]).dateline is None


def test_metadata_title_is_removed_from_body_and_kept_as_headline():
    cleaned = one("\n".join(["Harbour bridge to close for repairs"] + BODY), title="Harbour bridge to close for repairs")
    assert cleaned.headline == "Harbour bridge to close for repairs"
    assert cleaned.text.startswith(BODY[0])
    assert cleaned.removals == []


# ---------------------------------------------------------------- cross-document evidence
def test_shared_paragraph_across_different_sources_is_protected_from_shape_and_position():
    shared = "CRANES ON THE HARBOUR BRIDGE BEFORE SUNRISE ON MONDAY MORNING"  # all caps, unpunctuated: "weak"
    tail = ["Related: council budget", shared]
    a = art("\n\n".join(BODY[:2] + tail), source="metro")
    b = art("\n\n".join(BODY[2:] + tail), source="courier")
    assert all(shared in c.text for c in clean([a, b]))
    assert shared not in clean([a])[0].text  # alone it is a weak line in the trailing block


def test_wire_boilerplate_shared_by_syndicated_copies_is_still_removed():
    credit = "Associated Press writer Ann Lee in Cairo contributed to this report."
    a = art("\n\n".join(BODY + [credit]), source="metro")
    b = art("\n\n".join(BODY + [credit]), source="courier")
    for cleaned in clean([a, b]):
        assert credit not in cleaned.text
        assert [r.reason for r in cleaned.removals] == ["contributors"]


def test_footer_repeated_in_one_source_only_is_removed():
    footer = "The Harbour Times is an independent newspaper serving the coast since 1921."
    a = art("\n\n".join(BODY[:2] + [footer]), source="Harbour Times")
    b = art("\n\n".join(BODY[2:] + [footer]), source="Harbour Times")
    c = art("\n\n".join(["Ferries will run every fifteen minutes during the closure, the operator said."] * 1 + [BODY[3]]), source="courier")
    cleaned = clean([a, b, c])
    for x in cleaned[:2]:
        assert footer not in x.text
        assert [r.reason for r in x.removals] == ["outlet-boilerplate"]
    assert cleaned[2].removals == []


# ---------------------------------------------------------------- Multi-News (single long lines, lowercased)
def test_multinews_junk_removed_conservatively():
    doc = (
        "The harbour bridge will close for six months, the council said on tuesday. Advertisement continue "
        "reading the main story engineers found corrosion in two of the main cables. Tweet with a location you "
        "can add location information to your tweets, such as your city or precise location. Commuters will use "
        "a ferry instead."
    )
    [cleaned] = clean(articles_from_texts([doc]))
    assert cleaned.text == (
        "The harbour bridge will close for six months, the council said on tuesday. engineers found corrosion "
        "in two of the main cables. Commuters will use a ferry instead."
    )
    assert {r.reason for r in cleaned.removals} == {"ad", "web-notice"}


def test_multinews_validation_keeps_almost_all_words(multinews_val):
    kept = total = 0
    with gzip.open(multinews_val, "rt") as fh:
        for line in itertools.islice(fh, 200):
            cluster = json.loads(line)
            articles = articles_from_texts(cluster["documents"], prefix=cluster["id"])
            for a, c in zip(articles, clean(articles)):
                total += len(a.text.split())
                kept += len(c.text.split()) + len((c.dateline or "").split())
                assert all(r.reason in REASONS for r in c.removals)
    assert kept / total > 0.95


def test_credit_labels_before_first_sentence_are_a_byline():
    cleaned = one("\n\n".join(["Metro Reporter: Staff Reporter, City Desk: " + BODY[0]] + BODY[1:]))
    assert cleaned.text.startswith(BODY[0])
    assert [(r.text, r.reason) for r in cleaned.removals] == [("Metro Reporter: Staff Reporter, City Desk:", "byline")]


def test_one_paragraph_article_is_not_deleted_by_context_rules():
    caption_like = "The mayor was injured in the crash on Monday. A crane lifts the car from the river. (Jane Roe/Harbour Press)"
    [cleaned] = clean(articles_from_texts([caption_like]))
    assert cleaned.text == caption_like and cleaned.removals == []


def test_run_on_junk_without_punctuation_only_loses_the_phrase():
    doc = (
        "please enable javascript to watch this video a woman was critically injured after being stung by bees "
        "in lake forest on sunday afternoon and was taken to a hospital where she remained in serious condition "
        "according to the fire department which said the hive had been disturbed by a lawn mower"
    )
    [cleaned] = clean(articles_from_texts([doc]))
    assert cleaned.text.startswith("to watch this video a woman was critically injured")
    assert "enable javascript" not in cleaned.text


def test_mixed_fixture_folder_is_cleaned(mixed_dir):
    cleaned = clean(ingest([mixed_dir]).articles)
    everything = "\n".join(c.text for c in cleaned)
    for junk in ("Sign up", "Share this", "Read the full story", "Advertisement", "contributed to this report", "View All Posts", "Listen to", "covers city hall"):
        assert junk not in everything
    shared = "Engineers found corrosion in two of the main cables during an inspection last spring"
    # the Latin-1 file is decoded (charset-normalizer) and is the seventh article; it is about a cafe
    assert [c.text.count(shared) for c in cleaned] == [1, 1, 0, 1, 0, 1, 0]
    assert "Caf\u00e9 owners" in cleaned[-1].text
    by_source = {c.article.source: c for c in cleaned}
    assert by_source["The Harbour Times"].dateline == "HARBOURTON"
    assert by_source["Coast Courier"].attribution == "The Harbour Times"
    assert by_source["04_radio-notes"].headline == "Harbour bridge closure approved by council"


def test_leftover_of_a_junk_paragraph_goes_too():
    widget = (
        "This video is unavailable because JavaScript is disabled in your browser and the player could not be "
        "loaded on this page, which happens on older phones and on some tablets. Please try again later."
    )
    [story, junk] = clean(articles_from_texts([BODY[0] + " " + BODY[1], widget]))
    assert junk.text == ""
    assert [r.reason for r in junk.removals] == ["web-notice", "web-notice"]
    assert junk.removals[1].text == "Please try again later."
    assert story.text == BODY[0] + " " + BODY[1]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor did not post a comment on social media.",
        "Commenting on the decision, the mayor said the bridge was safe.",
        "He was already a member of the council when the vote took place.",
        "Investigators were given full access to the site on Monday.",
        "Residents pay $1,200 a month in rent near the harbour.",
        "Voters must register by email before Friday.",
        "The company offered a free trial of its ferry app to commuters.",
        "More on that later, the spokesman said.",
        "Photos by the agency showed rust on the cables.",
        "Copyright lawsuits have risen sharply this year.",
        "By Tuesday evening, the water had receded.",
        "Share prices of the ferry operator rose 4 percent.",
        "See the report in the appendix for details, officials said.",
        "Published in 2015, the report found 12 bridges at risk.",
        "June 8, 2017 was the hottest day of the year.",
    ],
)
def test_short_story_sentences_are_not_boilerplate(sentence):
    cleaned = one("\n\n".join(BODY[:2] + [sentence] + BODY[2:]))
    assert cleaned.removals == [], cleaned.removals
    assert sentence in cleaned.text
