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
    assert headline_title([None, "Dam opened", "dam  OPENED", "Farms flooded"]) == "Dam opened"
    assert headline_title(["Farms flooded", "Dam opened"]) == "Farms flooded"
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
