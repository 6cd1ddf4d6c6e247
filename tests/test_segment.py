"""Segment stage: syntok sentences with verbatim offsets, titles and datelines kept apart."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.agencies import AGENCIES
from newsfuse.clean import CleanArticle, clean
from newsfuse.clean.structure import split_dateline
from newsfuse.ingest import Article, ingest
from newsfuse.segment import MIN_WORDS, segment, strip_dateline


def article(text: str, aid: str = "a1") -> CleanArticle:
    return CleanArticle(article=Article(id=aid, source="test", text=text), text=text)


def texts(text: str) -> list[str]:
    return [s.text for s in segment([article(text)])]


def test_offsets_are_verbatim_and_trimmed():
    text = "  First sentence is here.   Second one follows it!\n\nA new paragraph starts now. "
    sents = segment([article(text)])
    assert [s.text for s in sents] == [
        "First sentence is here.",
        "Second one follows it!",
        "A new paragraph starts now.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text
    assert [s.paragraph for s in sents] == [0, 0, 1]
    assert [s.index for s in sents] == [0, 1, 2]
    assert [s.id for s in sents] == ["a1:0", "a1:1", "a1:2"]


def test_doc_index_is_position_in_list():
    sents = segment([article("One two three four.", "x"), article("Five six seven eight.", "y")])
    assert [(s.article_id, s.doc_index) for s in sents] == [("x", 0), ("y", 1)]


def test_never_spans_a_paragraph_break():
    # no final punctuation before the blank line: syntok alone would glue these
    assert texts("The minister spoke at length\n\nthe crowd listened in silence today.") == [
        "The minister spoke at length",
        "the crowd listened in silence today.",
    ]


def test_title_line_is_not_glued_to_first_sentence():
    text = "Syria forces close in on border town\nGovernment forces backed by Russian air power are advancing."
    assert texts(text) == [
        "Syria forces close in on border town",
        "Government forces backed by Russian air power are advancing.",
    ]


def test_hard_wrapped_lines_are_joined():
    text = (
        "Government forces backed by Russian air power are advancing quickly on a\n"
        "border town still held by the militants, officials said on Sunday.\n"
        "Another sentence closes the paragraph here."
    )
    out = texts(text)
    assert out[0].startswith("Government forces") and out[0].endswith("on Sunday.")
    assert "\n" in out[0]
    assert out[1] == "Another sentence closes the paragraph here."


def test_single_newline_paragraphs_are_split_after_sentence_end():
    # syntok does not split after ".’’" before "‘‘"; a line break there still ends the sentence
    text = "He promised to roll back the country’s ‘‘rising ambition.’’\n‘‘The weakening of ISIS was always going to open a race,’’ he said."
    out = texts(text)
    assert len(out) == 2 and out[1].startswith("‘‘The weakening")


@pytest.mark.parametrize(
    "text, kept",
    [
        ("BEIRUT — US and Iran-backed forces are locked in a race.", "US and Iran-backed forces are locked in a race."),
        ("BEIRUT—US forces are locked in a race.", "US forces are locked in a race."),
        ("WASHINGTON (Reuters) - The U.S. Senate voted on Tuesday.", "The U.S. Senate voted on Tuesday."),
        ("NEW YORK, June 5 (AP) — Stocks fell sharply today.", "Stocks fell sharply today."),
        ("(CNN) — A storm hit the coast overnight.", "A storm hit the coast overnight."),
        ("washington (reuters) - the senate voted on tuesday.", "the senate voted on tuesday."),
        ("( cnn ) -- former anchor tom brokaw is being treated.", "former anchor tom brokaw is being treated."),
        ("Washington ( cbs dc ) — a new study claims providers are slow.", "a new study claims providers are slow."),
        # not datelines: a hyphenated word, an ordinary dash, a bracket that is no agency
        ("U.S.- and Iran-backed forces are locked in a race.", "U.S.- and Iran-backed forces are locked in a race."),
        ("Hello — the world is watching closely.", "Hello — the world is watching closely."),
        ("The (big) - and loud - crowd cheered.", "The (big) - and loud - crowd cheered."),
    ],
)
def test_datelines_are_cut_off(text, kept):
    assert texts(text) == [kept]


@pytest.mark.parametrize("name", AGENCIES)
def test_clean_and_segment_know_the_same_agencies(name):
    # one list for both stages: clean used to miss "(TASS)", "(BBC)"; segment "(The Associated Press)"
    body = "The council voted on Tuesday to close the bridge."
    for agency in (name, name.upper(), name.title()):
        line = f"Springfield ({agency}) — {body}"
        assert split_dateline(line) == (f"Springfield ({agency})", body)
        assert strip_dateline(line) == len(f"Springfield ({agency}) — ")


def test_agency_datelines_through_both_stages():
    rest = ["Engineers found corrosion in two of the main cables during an inspection last spring, officials said."]
    cleaned = clean([Article(id="t", source="wire", text="\n\n".join(["Moscow (TASS) — The council voted on Tuesday to close the bridge."] + rest))])[0]
    assert (cleaned.dateline, cleaned.attribution) == ("Moscow (TASS)", "TASS")
    assert cleaned.text.startswith("The council voted")
    assert texts("Washington (The Associated Press) - Stocks fell sharply today.") == ["Stocks fell sharply today."]
    assert texts("(Xinhua) — A storm hit the coast overnight.") == ["A storm hit the coast overnight."]
    assert "the associated press" in AGENCIES and "associated press" in AGENCIES


def test_dateline_only_at_start_of_paragraph():
    # an ALL-CAPS word with a dash later in a paragraph is left alone
    out = texts("Officials met on Monday. ISIS — the group — denied it all.")
    assert out[1] == "ISIS — the group — denied it all."
    assert strip_dateline("BEIRUT — x") == len("BEIRUT — ")
    assert strip_dateline("Beirut — x") == 0


def test_fragments_are_dropped():
    text = "Military\n\nBoston Globe\n\n* * *\n\n2.\n\nThree words here.\n\nTwo words."
    assert texts(text) == ["Three words here."]
    assert MIN_WORDS == 3


def test_title_abbreviation_does_not_end_sentence():
    out = texts("Photographs showed Maj. Gen. Qasem Soleimani in the border area. He left.")
    assert out == ["Photographs showed Maj. Gen. Qasem Soleimani in the border area."]


def test_example_offsets_roundtrip(example_dir: Path):
    cleaned = clean(ingest([example_dir]).articles)
    sents = segment(cleaned)
    assert len(sents) > 50
    for s in sents:
        assert cleaned[s.doc_index].text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert "\n\n" not in s.text
    # the Boston Globe dateline is not part of its first sentence
    assert not any(s.text.startswith("BEIRUT") for s in sents)
    # indices are consecutive per article
    for i in range(len(cleaned)):
        idx = [s.index for s in sents if s.doc_index == i]
        assert idx == list(range(len(idx)))


@pytest.mark.parametrize("bullet", ["• ", "* ", "- ", "— ", "▪ "])
def test_bullets_are_cut_off(bullet):
    assert texts(f"{bullet}The council approved the budget on Monday.") == ["The council approved the budget on Monday."]


def test_negative_number_is_no_bullet():
    assert texts("-5 degrees was the coldest reading of the winter.") == ["-5 degrees was the coldest reading of the winter."]


def test_one_paragraph_per_line_when_text_has_no_blank_lines():
    line = "The council approved the new budget on Monday after a long and heated debate about schools, parks and roads in the city."
    sents = segment([article("\n".join([line, line.replace("Monday", "Tuesday"), line.replace("Monday", "Friday")]))])
    assert [s.paragraph for s in sents] == [0, 1, 2]
    short = "Short lines here.\nAnother short line.\nA third one here."
    assert {s.paragraph for s in segment([article(short)])} == {0}
