"""Junk sentences and glued button labels inside long running text (the
kind Multi-News documents carry) are cut by the clean stage, story text stays."""
from __future__ import annotations

import pytest

from newsfuse.clean import clean
from newsfuse.clean.rules import junk_spans
from newsfuse.ingest import articles_from_texts

STORY = "The army entered the town on Friday after a week of heavy fighting, officials said."


@pytest.mark.parametrize(
    "junk, reason",
    [
        ("You must select a newsletter to subscribe to.", "newsletter"),
        ("And while you're here, why don't you sign up to.", "newsletter"),
        ("Sign up for one of our email newsletters.", "newsletter"),
        ("Sign up never miss a local story.", "newsletter"),
        ("Re-enter zip code or sign up for digital access.", "paywall"),
        ("Please enable cookies on your web browser in order to continue.", "web-notice"),
        ('By clicking "i agree " below, you consent to the use of cookies.', "web-notice"),
    ],
)
def test_whole_junk_sentences_are_cut(junk, reason):
    text = f"{STORY} {junk} {STORY}"
    spans = junk_spans(text)
    assert [(text[a:b].strip(), r) for a, b, r, _ in spans] == [(junk, reason)]


@pytest.mark.parametrize(
    "label, rest",
    [
        ("Advertisementskip ", "family members had been driving home."),
        ("Advertisement: ", "for his first joke, he told a story."),
        ("( click here ). ", "Williams syndrome is a genetic condition."),
        ("Subscribe now ", "meek, dressed in an orange jumpsuit, was led in."),
        ("Subscribe ", "watching her manage the household is addictive."),
    ],
)
def test_glued_labels_are_cut_and_the_sentence_stays(label, rest):
    text = f"{STORY} {label}{rest}"
    spans = junk_spans(text)
    assert [text[a:b] for a, b, _, _ in spans] == [label]


@pytest.mark.parametrize(
    "sentence",
    [
        "If workers don't sign up, their medical coverage will jump by $ 50 a month.",
        "An earlier letter demanded that cookies be delivered to children at a city hospital.",
        "Sprint had more than 52 million subscribers at the end of the second quarter.",
        "The deadline to sign up for health insurance is Monday.",
        "Readers who subscribe to the paper get the app free.",
    ],
)
def test_story_sentences_about_signing_up_stay(sentence):
    assert junk_spans(f"{STORY} {sentence}") == []


def test_clean_records_the_cut_sentence():
    long_text = " ".join([STORY] * 6 + ["You must select a newsletter to subscribe to."] + [STORY] * 3)
    (article,) = clean(articles_from_texts([long_text]))
    assert "newsletter" not in article.text
    assert article.text.count("The army entered") == 9
    assert [r.reason for r in article.removals if "newsletter" in r.text] == ["newsletter"]
