"""Briefs a reader can follow (issue 22): names introduced before they are
used bare, no orphan definite reference, nothing stale, quotes with their
speaker, and each sentence's report date in every renderer.

All texts are written for these tests."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from newsfuse.ingest import articles_from_texts
from newsfuse.pipeline import brief_from_story, prepare
from newsfuse.render import render
from newsfuse.select import support_groups
from newsfuse.select.misleading import blocked, casualty_counts, fragment, unattributed_quote
from newsfuse.select.reading import arrange, reading_problems
from newsfuse.select.references import needs, story_names


def _prepared(texts, days=None):
    articles = articles_from_texts(texts)
    if days:
        articles = [replace(a, published=d) for a, d in zip(articles, days)]
    return prepare(articles)


def _sentence(story, start):
    hits = [s for s in story.rank_input.sentences if s.text.startswith(start)]
    assert hits, start
    return hits[0]


# --- quotes keep their speaker ------------------------------------------------

@pytest.mark.parametrize(
    "text, blocked_quote",
    [
        ("“The new bypass is a disaster for every family in this valley and a danger to children.”", True),
        ("The bypass is ``a plan that nobody in the valley ever asked for or wanted.''", True),
        ("“The new bypass is a disaster for every family in this valley,” said Mayor Ana Ruiz.", False),
        ("According to the council, the bypass is ``the only way to keep lorries out of town.''", False),
        ("The film ``The Long Road Home'' opened in forty cinemas across the region on Friday.", False),
        ("The bypass will cost nine million crowns and open in the spring of next year.", False),
    ],
)
def test_quoted_claim_needs_its_speaker_in_the_sentence(text, blocked_quote):
    assert unattributed_quote(text) is blocked_quote


def _bypass_report(k: int, quote: str | None = None) -> str:
    lines = [
        "The regional council of Holmark approved a new bypass around the town of Stenby on Monday "
        "after three years of public hearings.",
        "The road will take heavy lorries away from the market square, where traffic has doubled "
        "since the quarry at Brenna reopened.",
        "Council engineers said construction would begin in the autumn and last about two years.",
        "Residents of the old town had collected more than 4,000 signatures in favour of the road.",
        "Farmers along the planned route said they had not been offered enough for their land.",
        "The council said the bypass would cost nine million crowns, paid partly by the quarry owners.",
        "A local cycling club asked the council to build a separate path beside the new road.",
    ]
    if quote:
        lines.insert(1, quote)
    return " ".join(lines[k % 3:] + lines[: k % 3])


def test_brief_never_takes_a_quote_without_its_speaker():
    claim = ("“This bypass is the best thing that has happened to the people of Stenby in fifty "
             "years and everybody knows it.”")
    texts = [_bypass_report(k, quote=claim) for k in range(6)]
    story = _prepared(texts)
    assert any(s.text == claim for s in story.rank_input.sentences)
    brief = brief_from_story(story, words=80, selector="coverage")
    assert brief.sentences
    assert all(s.text != claim for s in brief.sentences)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(The council could still approve the road if the region refuses.)", True),
        ("Which is good news for the farmers along the planned route of the road.", True),
        ("Such a road would take lorries away from the market square of Stenby.", True),
        ("STENBY BYPASS _ THE ROAD THAT NOBODY WANTED: A history.", True),
        ("The council approved the bypass around Stenby on Monday after three years.", False),
    ],
)
def test_fragments_are_never_chosen(text, expected):
    assert fragment(text) is expected


# --- nothing stale ----------------------------------------------------------------

def test_future_statement_is_dropped_when_a_newer_report_says_it_happened():
    old = ("Prime Minister Edda Varn will travel to Tromvik next month for talks on the fishing treaty "
           "with the northern provinces.")
    new = ("Prime Minister Edda Varn travelled to Tromvik on Monday for talks on the fishing treaty "
           "and signed it with the northern provinces.")
    other = "The fishing treaty sets quotas for cod and herring in the northern waters for ten years."
    story = _prepared([f"{old} {other}", f"{new} {other}"], days=["2026-01-05", "2026-02-12"])
    why = blocked(story.rank_input)
    index = {s.text: j for j, s in enumerate(story.rank_input.sentences)}
    assert why.get(index[old]) == "stale"
    assert index[new] not in why
    # the same future statement stays when no later report overtakes it
    alone = _prepared([f"{old} {other}", other], days=["2026-01-05", "2026-02-12"])
    assert not blocked(alone.rank_input)


def test_superseded_toll_is_not_the_brief_figure():
    early = "Thirty people were killed when the ferry Maren capsized in a storm off the island of Osk."
    late = "The death toll from the capsizing of the ferry Maren off the island of Osk rose to 212."
    assert casualty_counts("Thirty people were killed in the storm")  # word numbers count too
    story = _prepared([early + " Rescue boats searched the water overnight for survivors of the ferry.",
                       late + " Rescue boats searched the water overnight for survivors of the ferry."],
                      days=["2026-04-01", "2026-04-03"])
    why = blocked(story.rank_input)
    index = {s.text: j for j, s in enumerate(story.rank_input.sentences)}
    assert index[late] not in why
    early_ix = next(j for j, s in enumerate(story.rank_input.sentences) if s.text.startswith("Thirty"))
    assert casualty_counts(early)  # it gives a count ...
    assert why.get(early_ix) == "superseded"  # ... that the later report replaced


# --- introduce before mention, no orphan references ------------------------------

SHOOTING = [
    "Two gunmen opened fire at Dellwood High School on Tuesday, killing four students and a teacher.",
    "The shootings were the worst in the history of the state, Governor Lena Brask said on Wednesday.",
    "Police chief Tomas Orvik said the gunmen had planned the attack for months.",
    "Orvik told reporters that officers found explosives in a car parked near the school gym.",
    "Classes at the school will not resume before the end of the month, the district said.",
]


def test_needs_name_and_reference_rules():
    story = _prepared([" ".join(SHOOTING)] * 2)
    names = story_names(story.rank_input)
    assert "Orvik" in names.full and "Brask" in names.full
    assert needs(SHOOTING[3], "", set(), names) == ["name:Orvik"]
    assert needs(SHOOTING[3], SHOOTING[2], {"Orvik"}, names) == []
    assert needs(SHOOTING[1], "", set(), names) == ["ref:shootings"]
    assert needs(SHOOTING[1], SHOOTING[0], set(), names) == []  # "gunmen opened fire ... killing"
    assert needs("The shootings at Dellwood High School shocked the whole state, officials said.",
                 "", set(), names) == []  # a reference that defines itself
    assert needs("Proximity has sharpened tensions between the two sides in the valley dispute.", "",
                 set(), names) == ["ref:#sides"]
    assert needs("Snow fell on this tiny town for the third day running, closing every road.", "",
                 set(), names) == ["ref:town"]


def test_arrange_puts_the_introduction_and_the_antecedent_first():
    story = _prepared([" ".join(SHOOTING)] * 2)
    rank_input = story.rank_input
    groups = support_groups(rank_input)
    chosen = [_sentence(story, SHOOTING[k][:30]) for k in (3, 1, 2, 0)]
    out = arrange(rank_input, chosen, groups)
    texts = [s.text for s in out.sentences]
    assert not out.dropped
    assert texts.index(SHOOTING[2]) < texts.index(SHOOTING[3])  # "Tomas Orvik" before "Orvik"
    assert texts.index(SHOOTING[0]) < texts.index(SHOOTING[1])  # the gunmen before "the shootings"
    assert reading_problems(texts, rank_input) == []


def test_orphan_reference_with_nothing_to_point_at_is_dropped():
    story = _prepared([" ".join(SHOOTING)] * 2)
    chosen = [_sentence(story, SHOOTING[k][:30]) for k in (1, 4)]
    out = arrange(story.rank_input, chosen, support_groups(story.rank_input))
    assert [s.text for s in out.dropped] == [SHOOTING[1]]
    assert [s.text for s in out.sentences] == [SHOOTING[4]]


def test_support_group_wording_that_introduces_is_preferred():
    bare = "Orvik said the two gunmen had bought their rifles legally at a gun shop in Kalm last spring."
    full = "Police chief Tomas Orvik said the two gunmen had bought their rifles legally at a gun shop in Kalm last spring."
    base = [SHOOTING[0], "Police chief Tomas Orvik spoke to reporters outside the school on Tuesday night."]
    story = _prepared([" ".join(base + [bare]), " ".join(base[:1] + [full])], days=["2026-05-05", "2026-05-05"])
    rank_input = story.rank_input
    groups = support_groups(rank_input)
    b, f = _sentence(story, bare[:40]), _sentence(story, full[:40])
    assert groups[b.id] == groups[f.id]  # the dedup stage links the two wordings
    out = arrange(rank_input, [_sentence(story, SHOOTING[0][:30]), b], groups)
    assert [s.text for s in out.sentences] == [SHOOTING[0], full]


def test_full_brief_of_a_written_story_reads_in_order():
    texts = [" ".join(SHOOTING[k:] + SHOOTING[:k]) for k in range(5)]
    story = _prepared(texts, days=["2026-05-05", "2026-05-05", "2026-05-06", "2026-05-06", "2026-05-07"])
    brief = brief_from_story(story, words=70, selector="coverage")
    assert brief.sentences
    assert reading_problems([s.text for s in brief.sentences], story.rank_input) == []


# --- dates in every renderer ------------------------------------------------------

def test_every_renderer_shows_each_sentence_report_date():
    texts = [_bypass_report(k) for k in range(3)]
    story = _prepared(texts, days=["2026-03-02T08:00:00Z", "2026-03-04", "2026-03-09"])
    brief = brief_from_story(story, words=60)
    assert brief.sentences and all(s.published for s in brief.sentences)
    days = [s.published[:10] for s in brief.sentences]
    data = json.loads(render(brief, "json"))
    assert [s["date"] for s in data["sentences"]] == days
    assert [s["published"] for s in data["sentences"]] == [s.published for s in brief.sentences]
    md = render(brief, "md")
    html = render(brief, "html")
    for s, day in zip(brief.sentences, days):
        line = next(p for p in md.split("\n\n") if s.text[:40] in p and not p.startswith("#"))
        assert f"*({day})*" in line
        assert f'<time class="date" datetime="{day}">{day}</time>' in html
    assert html.count('<time class="date"') == len(brief.sentences)


def test_undated_reports_show_no_date():
    story = _prepared([_bypass_report(k) for k in range(3)])
    brief = brief_from_story(story, words=60)
    assert all(s.published is None for s in brief.sentences)
    assert "<time" not in render(brief, "html")
    assert all(s["date"] is None for s in json.loads(render(brief, "json"))["sentences"])
