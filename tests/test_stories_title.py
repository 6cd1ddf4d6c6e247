"""Story titles: the shared headline, else the most central self-contained sentence (never a quote)."""
from __future__ import annotations

from test_stories_data import articles

from newsfuse.ingest import Article
from newsfuse.stories.group import Grouping, describe
from newsfuse.stories.title import UNTITLED, headline_title, self_contained, story_title

DAM = [
    "Engineers opened the floodgates of the Marrow Dam on Friday as the river rose to a record height. "
    '"We had no choice," the chief engineer said. He added that more rain was expected.',
    "The Marrow Dam floodgates were opened on Friday after the river reached a record height, flooding farms "
    "downstream. Farmers said they had little warning.",
    "Floodwater from the opened Marrow Dam gates covered farms along the river on Saturday. "
    '"It came so fast," said one farmer.',
]


def test_quotes_fragments_and_pointing_openers_are_not_titles():
    assert not self_contained('"We had no choice," the chief engineer said.')
    assert not self_contained("“We had no choice”, the engineer told reporters on Friday.")
    assert not self_contained("He added that more rain was expected in the valley.")
    assert not self_contained("the river rose to a record height and kept")
    assert not self_contained("Floods.")
    assert self_contained("The Marrow Dam floodgates were opened on Friday after the river rose.")


def test_shared_headline_wins_ties_go_to_the_earliest():
    assert headline_title([None, "Dam opened Friday", "dam  OPENED friday", "Farms flooded downstream"]) == "Dam opened Friday"
    assert headline_title(["Farms flooded downstream", "Dam opened Friday"]) == "Farms flooded downstream"
    assert headline_title([None, " "]) is None


def test_without_headlines_the_central_self_contained_sentence():
    sentences = [s for text in DAM for s in text.replace('." ', '."|').replace(". ", ".|").split("|")]
    title = story_title([None, None, None], sentences)
    assert title.startswith("The Marrow Dam floodgates were opened on Friday")
    assert story_title([], ['"Only a quote," he said.']) == UNTITLED


def test_describe_titles_and_dates_of_a_story():
    arts = articles(DAM, prefix="d", published=["2024-03-01", "2024-03-01", "2024-03-02"])
    story = describe(Grouping([arts], story_ids=[None]), brief=False)[0]
    assert story.title.startswith("The Marrow Dam floodgates were opened")
    assert (story.first, story.last) == ("2024-03-01", "2024-03-02")
    titled = [Article(id=a.id, source=a.source, text=a.text, title="Marrow Dam opened as river hits record",
                      published=a.published) for a in arts]
    assert describe(Grouping([titled], story_ids=[None]), brief=False)[0].title == "Marrow Dam opened as river hits record"


def test_section_labels_site_names_and_datelines_are_not_headlines():
    from newsfuse.stories.title import clean_headline

    assert clean_headline("Military") is None
    assert clean_headline("World news") is None
    assert clean_headline("Dam opens as river hits record | The Valley Post") == "Dam opens as river hits record"
    assert clean_headline("MARROW, Ostland (Reuters) - Dam opens as river hits record") == "Dam opens as river hits record"
    assert clean_headline("Dam opens as the river hits a record and…") is None
    assert headline_title(["Military", "Dam opens as river hits record"]) == "Dam opens as river hits record"


def test_a_title_cut_from_a_lead_is_headline_length_whole_words_no_ellipsis_no_dateline():
    from newsfuse.stories.title import HEAD_HARD_MAX_WORDS, headline_span

    long_lead = ("MARROW, Ostland (Reuters) - Engineers working for the regional water authority opened the "
                 "floodgates of the Marrow Dam on Friday as the river rose to a record height across the valley, "
                 "officials said.")
    title = headline_span(long_lead)
    assert title == "Engineers working for the regional water authority opened the floodgates of the Marrow Dam on Friday"
    assert headline_span("MARROW _ The dam was opened on Friday.") == "The dam was opened on Friday"
    for sentence in [long_lead, "Officials of the regional water authority in the northern province of Ostland "
                     "confirmed today that the long-awaited and much-debated reconstruction of the old dam "
                     "would begin next spring with funds from the national budget."]:
        t = headline_span(sentence)
        assert not t.endswith(("…", "...", ".")) and len(t.split()) <= HEAD_HARD_MAX_WORDS
        assert sentence.replace("MARROW, Ostland (Reuters) - ", "").startswith(t)  # whole words from the start
        assert t.split()[-1].lower() not in {"the", "of", "a", "and", "to"}


def test_story_titles_never_end_in_an_ellipsis_or_carry_a_dateline():
    long_texts = ["MARROW, Ostland (Reuters) - Engineers working for the regional water authority opened the "
                  "floodgates of the Marrow Dam on Friday as the river rose to a record height across the valley, "
                  "officials said. Farmers downstream said they had little warning.",
                  "MARROW _ Engineers opened the floodgates of the Marrow Dam on Friday as the river rose to a "
                  "record height across the valley and farms downstream were flooded. Residents were evacuated."]
    arts = articles(long_texts, prefix="m", published=["2024-03-01", "2024-03-01"])
    title = describe(Grouping([arts], story_ids=[None]), brief=False)[0].title
    assert not title.endswith("…") and "MARROW" not in title and "Reuters" not in title
    assert title.startswith("Engineers")
