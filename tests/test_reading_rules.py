"""text/reading.py rule by rule: which rule a sentence breaks (context_need), balanced quotation marks
in each style, and the greedy selector's looser test. Written to kill the mutants `make mutate` found
surviving."""
from __future__ import annotations

import pytest

from newsfuse.text.reading import MIN_WORDS, context_need, quotes_balanced, stands_alone

TAIL = "the council approved the budget on Monday evening"  # eight words


@pytest.mark.parametrize("text, balanced", [
    ("“Yes” he said", True), ("“Yes he said", False), ("Yes” he said", False), ("“a” “b”", True),
    ("``Yes'' he said", True), ("``Yes he said", False), ("''Yes he said", False), ("``a'' ``b''", True),
    ("``a'' b''", False), ("''a'' b", True),
    ('"Yes" he said', True), ('"Yes he said', False), ('``a\'\' "b', False), ("no marks at all", True),
    ("it's the mayor's", True),
])
def test_quotes_balanced_in_each_style(text, balanced):
    assert quotes_balanced(text) is balanced


def test_short_is_fewer_than_min_words():
    assert MIN_WORDS == 8
    assert context_need("The council approved the new budget on Monday.") is None
    assert context_need("The council approved the budget on Monday.") == "short"
    assert context_need("") == "short"


def test_an_unbalanced_quotation_is_the_quote_rule():
    assert context_need("“The council approved the budget on Monday evening, the mayor said.") == "quote"
    assert context_need("The council approved the budget on Monday evening” the mayor said.") == "quote"


@pytest.mark.parametrize("opener", ["He", "SHE", "They", "It", "This", "Those", "His", "We", "I", "Our", "Them"])
def test_a_pronoun_opener_is_the_pronoun_rule(opener):
    assert context_need(f"{opener} saw that {TAIL}.") == "pronoun"


@pytest.mark.parametrize("lead", ['"', "“", "(", "— ", "``", "'", "[", "« ", " - "])
def test_opening_marks_are_skipped_before_the_first_word(lead):
    closing = {'"': '"', "“": "”", "``": "''"}.get(lead, "")
    assert context_need(f"{lead}He saw that {TAIL}.{closing}") == "pronoun"
    assert context_need(f"{lead}But {TAIL} again.{closing}") == "connective"


@pytest.mark.parametrize("opener", ["But", "and", "However,", "Meanwhile", "Afterwards", "Or", "Though"])
def test_a_connective_opener_is_the_connective_rule(opener):
    assert context_need(f"{opener} {TAIL} again.") == "connective"


@pytest.mark.parametrize("phrase", ["In addition,", "On the other hand,", "For their part,", "As a result"])
def test_an_opening_phrase_is_the_connective_rule(phrase):
    assert context_need(f"{phrase} {TAIL} again.") == "connective"


def test_words_that_only_start_like_an_opener_are_fine():
    assert context_need(f"Hector said that {TAIL}.") is None
    assert context_need(f"Butter prices rose as {TAIL}.") is None
    assert context_need(f"In additional votes {TAIL}.") is None
    assert context_need(f"2024 saw that {TAIL}.") is None


@pytest.mark.parametrize("text", [
    f"The mayor warned that {TAIL}, he said.", f"The mayor warned that {TAIL}, she added.",
    f"The mayor warned that {TAIL}, they told reporters.", f"The mayor warned that {TAIL}, said he.",
    f"The mayor warned that {TAIL}, Adds she.",
])
def test_he_said_names_its_speaker_only_by_a_pronoun(text):
    assert context_need(text) == "he-said"


def test_a_named_speaker_is_fine_and_the_first_rule_broken_is_named():
    assert context_need(f"The mayor warned that {TAIL}, Mayor Ruiz said.") is None
    assert context_need(f"The mayor warned that {TAIL}, the shepherd said.") is None
    # the rules are tried in order: short, quote, opener, he-said
    assert context_need("He said “no.") == "short"
    assert context_need(f"“He warned that {TAIL}, he said.") == "quote"
    assert context_need(f"He warned that {TAIL}, he said.") == "pronoun"


@pytest.mark.parametrize("text, alone", [
    ("Will the bridge reopen?", False), ('Will the bridge reopen?"', False), ("Will it reopen?”)", False),
    ("Will it reopen?'  ", False), ("Will it reopen?’", False), ("The bridge reopened.", True),
    ("Is it? Yes, it reopened.", True), ("“The bridge reopened,” she said.", True),
    ("“The bridge reopened, she said.", False), ("The bridge reopened,” she said.", False),
    ('"The bridge reopened, she said.', True),
    ("Who knew?X", True),  # only quotes and brackets are stripped before looking for the question mark
])
def test_stands_alone(text, alone):
    assert stands_alone(text) is alone
