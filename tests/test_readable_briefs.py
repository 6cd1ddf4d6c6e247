"""Briefs that read on their own: the readability rules, quotation handling in
segment, coverage selection, and the latest development of a dated story.

All texts are written for these tests."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from newsfuse.ingest import articles_from_texts
from newsfuse.pipeline import brief_from_story, prepare
from newsfuse.text import context_need, pronoun_after_opening, quotes_balanced
from newsfuse.segment import normalise_quotes, segment_text
from newsfuse.select import choose_method
from newsfuse.select.concepts import bigram_concepts, greedy_coverage, solve_coverage


@pytest.mark.parametrize(
    "sentence, rule",
    [
        ("He told reporters the bridge would reopen within a month.", "pronoun"),
        ("“They were never warned about the flooding,” a resident said on Monday.", "pronoun"),
        ("This was the third closure of the bridge in two years.", "pronoun"),
        ("But the council voted against the repair plan on Tuesday night.", "connective"),
        ("However, engineers say the steel frame is still sound after the storm.", "connective"),
        ("In addition, two schools in the valley will stay closed until Friday.", "connective"),
        ("The mayor said: “We will rebuild every road in the district.", "quote"),
        ("``The water came in the night,'' said Maria Lopez, who lives by the river.", None),
        ("Officials closed the bridge.", "short"),
        ("The repairs will cost far more than the city expected, he said.", "he-said"),
        ("The river rose four metres overnight, flooding 300 homes in the valley.", None),
        ("Itzel Gomez, the city engineer, said the frame had passed its last inspection.", None),
    ],
)
def test_readability_rules_on_fixed_sentences(sentence, rule):
    assert context_need(sentence) == rule


@pytest.mark.parametrize("sentence, dangling", [
    ("Three years ago, he set up a web site that lists clinic doctors.", True),
    ("In 1988, his clinic was bombed by two men in a van.", True),
    ("On Monday, they returned to the flooded streets of the town.", True),
    ("``Last year, she told us nothing,'' the lawyer said.", True),
    ("After Ned Horst left the army, he set up a web site.", False),  # the phrase names him
    ("In March, Horst said the site would stay online.", False),
    ("The mayor said he would resign at the end of the month.", False),
    ("In a statement released on Tuesday by the ministry in the capital, he said so.", False),  # 9+ words
])
def test_a_pronoun_after_a_short_opening_phrase(sentence, dangling):
    assert pronoun_after_opening(sentence) is dangling


def test_quote_balance_counts_every_kind_of_mark():
    assert quotes_balanced("She said “yes” and left.")
    assert not quotes_balanced("She said “yes and left.")
    assert quotes_balanced("``Yes,'' she said.")
    assert not quotes_balanced("``Yes, she said.")
    assert not quotes_balanced('She said "yes and left.')


def test_quote_normalisation_keeps_offsets():
    text = "Police said: ``We found nothing.'' Later ''nothing'' changed."
    normal = normalise_quotes(text)
    assert len(normal) == len(text)
    assert normal.count("“") == 2 and normal.count("”") == 2
    for _, start, end in segment_text(text):
        piece = text[start:end]
        assert piece == piece.strip() and piece in text
        assert quotes_balanced(piece), piece


def test_newswire_quote_then_speaker_is_split_after_the_quote():
    text = ("The coach spoke after the match. ``You never know what comes next.'' "
            "Hodler, who made the claims on Saturday, said he would not resign.")
    pieces = [text[a:b] for _, a, b in segment_text(text)]
    assert "``You never know what comes next.''" in pieces
    assert "Hodler, who made the claims on Saturday, said he would not resign." in pieces


def test_three_sentence_quotation_stays_whole():
    text = ("The mayor spoke at the flooded school on Monday. “We came here at dawn. "
            "We saw the water in every classroom. We will rebuild this school by spring,” "
            "Mayor Ana Ruiz told the crowd. The school has 400 pupils.")
    pieces = [text[a:b] for _, a, b in segment_text(text)]
    whole = ("“We came here at dawn. We saw the water in every classroom. We will rebuild "
             "this school by spring,” Mayor Ana Ruiz told the crowd.")
    assert whole in pieces
    assert not any(p.startswith("We saw") for p in pieces)


def test_bigram_concepts_skip_stop_word_pairs_and_stem():
    concepts = bigram_concepts("The floods destroyed the bridges of the town")
    assert ("flood", "destroy") in concepts
    assert ("of", "the") not in concepts


def test_greedy_coverage_is_close_to_the_exact_program():
    rng = np.random.default_rng(7)
    for _ in range(5):
        n, m = 30, 60
        concepts = [sorted(set(rng.integers(0, m, size=6).tolist())) for _ in range(n)]
        weights = rng.integers(1, 10, size=m).astype(float)
        lengths = rng.integers(8, 30, size=n).tolist()

        def value(chosen):
            covered = {i for j in chosen for i in concepts[j]}
            return weights[list(covered)].sum()

        exact = solve_coverage(concepts, weights, lengths, 80, time_limit=20)
        fast = greedy_coverage(concepts, weights, lengths, 80)
        assert sum(lengths[j] for j in exact) <= 80 and sum(lengths[j] for j in fast) <= 80
        assert value(fast) <= value(exact) + 1e-9
        assert value(fast) >= 0.9 * value(exact)


# --- a full-length developing story, written for this test -------------------

_PLACES = ["Lorne", "Varta", "Hesby", "Miren", "Tolva", "Gask"]


def _flood_report(k: int) -> str:
    """One long report of the same flood, with its own wording and details."""
    place = _PLACES[k % len(_PLACES)]
    lines = [
        f"Floodwater from the Arden river covered large parts of the valley town of Brisk on Sunday, "
        f"forcing about 2,000 residents to leave their homes, officials in {place} said.",
        "The regional council opened three emergency shelters in school buildings and asked "
        "people living near the river banks to move to higher ground before nightfall.",
        f"Rescue teams from {place} used boats to reach families trapped on the upper floors of "
        "houses along the main road, the fire service said in a statement.",
        "Forecasters said more heavy rain was expected in the hills above the valley, and warned "
        "that the Arden could rise another metre before the storm moves east.",
        "The rail line between Brisk and the coast was closed after water washed away part of the "
        "embankment near the old mill, the railway operator said.",
        f"Farmers near {place} said fields of wheat and barley were under water only weeks before "
        "the harvest, and that cattle had been moved to barns on the ridge.",
        "The council leader, Petra Ilves, said the town's flood barriers had held in the centre but "
        "had been overtopped in the eastern district, where damage was worst.",
        "Power was cut to about 5,000 homes as a precaution, the electricity company said, adding "
        "that supply would return once engineers could safely reach the substations.",
    ]
    # each report tells the story in its own order
    return " ".join(lines[k % 3 :] + lines[: k % 3])


def _story(dated: bool):
    texts = [_flood_report(k) for k in range(5)]
    texts.append(
        "The death toll from the Brisk flood rose to twelve on Tuesday after divers recovered "
        "two more bodies from the Arden river near the old mill, police said. "
        + _flood_report(5)
    )
    articles = articles_from_texts(texts)
    if dated:
        days = ["2026-03-01"] * 5 + ["2026-03-03"]
        articles = [replace(a, published=d) for a, d in zip(articles, days)]
    return prepare(articles)


def test_full_length_story_uses_coverage_selection_and_reads_alone():
    story = _story(dated=False)
    assert choose_method(story.rank_input, 60) == "coverage"
    brief = brief_from_story(story, words=60)
    assert brief.sentences
    assert sum(len(s.text.split()) for s in brief.sentences) <= 60
    for s in brief.sentences:
        assert context_need(s.text) is None, s.text


def test_dated_story_puts_the_latest_development_in_the_brief():
    update = "The death toll from the Brisk flood rose to twelve on Tuesday"
    undated = brief_from_story(_story(dated=False), words=60)
    assert not any(s.text.startswith(update) for s in undated.sentences)
    dated = brief_from_story(_story(dated=True), words=60)
    assert any(s.text.startswith(update) for s in dated.sentences)
    assert sum(len(s.text.split()) for s in dated.sentences) <= 60


def test_greedy_coverage_never_takes_two_of_a_group():
    # sentences 0 and 1 say the same thing (one group); with room for both and
    # a bonus that would pay for the second, only one goes in
    concepts = [[0, 1], [0, 1], [2]]
    chosen = greedy_coverage(concepts, np.array([5.0, 5.0, 1.0]), [10, 10, 10], 40,
                             bonus=np.array([1.0, 1.0, 0.1]), groups=[0, 0, 1])
    assert sorted(chosen) in ([0, 2], [1, 2])


def test_wire_dateline_with_an_underscore_dash_is_cut():
    text = "LONDON (AP) _ The council backed the plan to rebuild the river bridge on Saturday. It opens in May."
    pieces = [text[a:b] for _, a, b in segment_text(text)]
    assert pieces[0] == "The council backed the plan to rebuild the river bridge on Saturday."


def test_dateline_with_a_country_is_cut():
    text = "DAR ES SALAAM, Tanzania _ The port reopened on Friday after a week of repairs to the quay."
    assert [text[a:b] for _, a, b in segment_text(text)] == [
        "The port reopened on Friday after a week of repairs to the quay."]


def test_month_abbreviation_before_a_day_does_not_end_a_sentence():
    text = "The games run from Dec. 6 to Dec. 20 in the capital this year. Tickets go on sale Monday."
    pieces = [text[a:b] for _, a, b in segment_text(text)]
    assert pieces == ["The games run from Dec. 6 to Dec. 20 in the capital this year.", "Tickets go on sale Monday."]
    ends = "The final was played in Dec. Then the team went home for the winter break."
    assert len(list(segment_text(ends))) == 2
