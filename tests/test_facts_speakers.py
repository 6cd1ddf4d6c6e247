"""Quote attribution that abstains: a speaker only where the text says who
(texts written for these tests, after the patterns of issue 19)."""
from __future__ import annotations

from newsfuse.facts import extract_facts
from newsfuse.pipeline import prepare
from newsfuse.ingest import Article, article_id


def _facts(*texts: str):
    articles = [Article(id=article_id(f"r{i}", t), source=f"r{i}", text=t, origin=f"r{i}", published="2024-05-02")
                for i, t in enumerate(texts)]
    return extract_facts(prepare(articles))


def _quote(facts, words: str):
    return next(q for q in facts.quotes if words in q.text)


def test_a_new_speaker_without_a_reporting_verb_is_not_the_previous_speaker():
    text = ("“The stadium will be ready for the opening match,” said Ana Ruiz, the city's sports director. "
            "Committee president Jorge Vidal was blunt about the state of the pitch. "
            "“If we have to clean, we will clean, and nobody will stop us.”")
    facts = _facts(text)
    assert _quote(facts, "stadium will be ready").speaker == "Ana Ruiz"
    assert _quote(facts, "we will clean").speaker is None  # not Ana Ruiz: the text does not say


def test_he_said_with_two_people_in_the_sentence_before_has_no_speaker():
    text = ("President Omar Tahir met the families of the miners on Sunday, his spokesman Li Wei said. "
            "“We will not leave anyone behind in that mine,” he said.")
    assert _quote(_facts(text), "leave anyone behind").speaker is None


def test_he_said_after_one_named_person_is_that_person():
    text = ("Omar Tahir visited the collapsed mine on Sunday morning. "
            "“We will not leave anyone behind in that mine,” he said.")
    assert _quote(_facts(text), "leave anyone behind").speaker == "Omar Tahir"


def test_group_nouns_and_plural_speakers_are_no_speaker():
    text = ("Flat prices in the old town rose again in April. “Prices will keep rising through the whole summer,” "
            "the agents said. “Nobody is selling at these prices,” officials told reporters.")
    facts = _facts(text)
    assert _quote(facts, "keep rising").speaker is None
    assert _quote(facts, "Nobody is selling").speaker is None


def test_one_person_named_by_a_role_is_a_speaker():
    text = "The ferry sank at dawn. “We pulled eleven people out of the water,” the harbour spokesman said."
    assert _quote(_facts(text), "eleven people").speaker == "the harbour spokesman"


def test_same_sentence_forms_name_the_speaker():
    text = ("“The bridge is safe for cars and for trucks,” according to Tom Reyes, a city engineer. "
            "Maria Lopez said, “We reopen the school on Monday morning.” "
            "“Can anyone tell us when the water comes back?” asked Sam Okafor.")
    facts = _facts(text)
    assert _quote(facts, "bridge is safe").speaker == "Tom Reyes"
    assert _quote(facts, "reopen the school").speaker == "Maria Lopez"
    assert _quote(facts, "water comes back").speaker == "Sam Okafor"


def test_the_listener_of_told_is_not_the_speaker():
    text = "Ana Ruiz was told by the builders: “The roof will not be finished before the winter.”"
    assert _quote(_facts(text), "roof will not").speaker != "Ana Ruiz"


def test_continuation_only_without_a_sentence_between():
    text = ("“The water rose in minutes,” said Maria Lopez, the mayor. “We had no time to warn the farms.” "
            "The river fell on Tuesday. “Nobody could have seen this coming at all.”")
    facts = _facts(text)
    assert _quote(facts, "no time to warn").speaker == "Maria Lopez"
    assert _quote(facts, "Nobody could have seen").speaker is None


def test_a_reporter_in_the_byline_is_never_a_speaker():
    text = ("By Jane Roe\n\nThe harbour closed on Monday after the storm.\n\n"
            "“The harbour will stay closed for a week or more,” Jane Roe wrote in a note to editors.")
    assert _quote(_facts(text), "harbour will stay closed").speaker is None


def test_reports_that_agree_give_one_speaker_and_reports_that_disagree_give_both():
    a = "“The dam held through the night and the town is safe,” said Ana Ruiz, the mayor."
    b = "“The dam held through the night and the town is safe,” said Tom Reyes, an engineer."
    c = "Crews worked all night. “The dam held through the night and the town is safe.”"
    agreed = _quote(_facts(a, c), "dam held")
    assert agreed.speaker == "Ana Ruiz" and [s.reports for s in agreed.speakers] == [[1]]
    split = _quote(_facts(a, b), "dam held")
    assert split.speaker is None and split.reports == [1, 2]
    assert sorted((s.name, tuple(s.reports)) for s in split.speakers) == [("Ana Ruiz", (1,)), ("Tom Reyes", (2,))]
