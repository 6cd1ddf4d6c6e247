"""The support guard (dedup/guard.py) rule by rule: numbers, negations, dates, names and their spellings,
each on sentence pairs written here that only that rule decides. Written to kill the mutants
`make mutate` found surviving."""
from __future__ import annotations

from collections import Counter

import pytest

from newsfuse.dedup.guard import (_differ, _fold_date, _Profile, _same_name, common_words, dates, differences,
                                  guard, names, signature)
from newsfuse.segment import Sentence


def _sentence(sid: str, text: str) -> Sentence:
    return Sentence(id=sid, article_id=sid.split(":")[0], doc_index=0, index=int(sid.split(":")[1]), paragraph=0,
                    text=text, start=0, end=len(text))


# --- numbers and negations -------------------------------------------------------------------------

def test_signature_counts_numbers_without_commas_and_negations():
    numbers, negations = signature("40,000 people, not 38,000; Two dozen never came, they didn't, nor none.")
    assert numbers == Counter({"40000": 1, "38000": 1, "two": 1, "dozen": 1})
    assert negations == 5  # not, never, didn't, nor, none
    assert signature("It’s 3.5 km, won’t stop") == (Counter({"3.5": 1}), 1)
    assert signature("Nothing notable, nobody, knot") == (Counter(), 0)


def test_a_different_number_is_a_difference_with_both_sides():
    assert differences("About 40,000 people fled the city.", "About 38,000 people fled the city.") == {
        "number": (["40000"], ["38000"])}
    assert differences("Two ships sank and 3 were hit.", "3 were hit and two ships sank.") == {}
    assert differences("40,000 fled.", "40000 fled.") == {}
    assert differences("5 and 5 fled.", "5 fled.") == {"number": (["5"], [])}


def test_a_negation_count_that_differs_is_a_difference():
    assert differences("The dam held.", "The dam didn't hold.") == {"negation": ([], [])}
    assert differences("The dam did not hold.", "The dam never held.") == {}


def test_the_guards_question_stops_at_the_first_difference():
    a = _Profile("On Tuesday 40 people were hurt, Mayor Ruiz said.")
    b = _Profile("On Wednesday 41 people were not hurt, Mayor Diaz said.")
    calls = []

    def common():
        calls.append(1)
        return frozenset()

    assert set(_differ(a, b, common, every=False)) == {"number", "negation"}
    assert calls == []
    assert set(_differ(a, b, common)) == {"number", "negation", "date", "name"}
    c = _Profile("On Tuesday people were hurt, Mayor Ruiz said.")
    d = _Profile("On Wednesday people were hurt, Mayor Diaz said.")
    assert set(_differ(c, d, common, every=False)) == {"date"}
    assert len(calls) == 1  # only the full comparison of a and b needed the story's common words


# --- dates -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, folded", [
    ("Sept. 3rd", "day:sep 3"), ("3 March", "day:mar 3"), ("March 3", "day:mar 3"), ("21st May", "day:may 21"),
    ("last week", "period:last week"), ("This Month", "period:this month"), ("yesterday", "deictic:yesterday"),
    ("Tonight", "deictic:tonight"), ("Tuesday", "weekday:tue"), ("Tue.", "weekday:tue"), ("March", "month:mar"),
    ("Sun", "weekday:sun"),
])
def test_fold_date(written, folded):
    assert _fold_date(written) == folded


def test_dates_keeps_the_first_spelling_of_each_date():
    assert dates("on Tuesday, again on tuesday, Sept. 3rd, 3 March, last week, yesterday, May 5, may") == {
        "weekday:tue": "Tuesday", "day:sep 3": "Sept. 3rd", "day:mar 3": "3 March",
        "period:last week": "last week", "deictic:yesterday": "yesterday", "day:may 5": "May 5"}
    assert dates("No date here, may it rain.") == {}


def test_dates_of_one_kind_that_differ_are_a_difference():
    assert differences("The vote on Tuesday passed.", "The vote on Wednesday passed.") == {
        "date": (["Tuesday"], ["Wednesday"])}
    assert differences("It opened on March 3 and closed.", "It opened on 3 March and closed.") == {}


def test_dates_of_different_kinds_or_on_one_side_only_are_no_difference():
    assert differences("The vote was on Sunday.", "The vote was this week.") == {}
    assert differences("The vote was on Sunday.", "The vote was held.") == {}
    assert differences("The vote was held.", "The vote was on Sunday.") == {}
    # one side adds a date of a kind the other has not: only the shared kind is compared
    assert differences("The vote was on Sunday last week.", "The vote was on Sunday.") == {}
    assert differences("The vote was on Sunday.", "The vote was on Sunday last week.") == {}
    assert differences("The vote was on Sunday last week.", "The vote was on Monday.") == {
        "date": (["Sunday"], ["Monday."])}


def test_a_date_the_other_has_too_is_no_difference_even_beside_another():
    assert differences("On Tuesday and Wednesday it rained.", "On Wednesday it rained.") == {}


# --- names -------------------------------------------------------------------------------------------

def test_names_folds_and_skips_stop_words_dates_and_common_words():
    assert names("Mayor Ruiz said the U.S. would help Islamic State fighters in Deir ez-Zor on Tuesday.") == {
        "mayor": "Mayor", "ruiz": "Ruiz", "us": "U.S", "islamic state": "Islamic State", "deir zor": "Deir ez-Zor"}
    assert names("The Smith's dog met US officials and us. May Jones") == {"smith": "Smith", "us": "US",
                                                                           "jones": "Jones"}
    assert names("Émile met Łódź officials") == {"emile": "Émile", "lodz": "Łódź"}
    assert names("Mayor Ruiz met Diaz.", common=frozenset({"mayor", "diaz"})) == {"ruiz": "Ruiz"}
    assert names("He and She went on Monday in March.") == {}
    assert names("A I") == {}  # one-letter stop words, not acronyms


def test_common_words_counts_sentence_openers_never_capitalised_inside():
    words = common_words(["Bestowing medals is rare.", '"Quiet," Ruiz said.', "the mayor Diaz spoke."])
    assert {"bestowing", "quiet", "medals", "the", "mayor"} <= words
    assert "ruiz" not in words and "diaz" not in words
    assert "bestowing" not in common_words(["Bestowing medals is rare.", "They met Bestowing. later"])
    assert "rome" not in common_words(["Rome. It was late.", "He saw Rome."])
    assert "u.s" in common_words(["U.S. troops left.", "Then the U.S"]) or \
        "u.s" not in common_words(["Then the U.S. left", "U.S. troops left."])


@pytest.mark.parametrize("a, b", [("col", "colonel"), ("sweden", "swedish"), ("serbs", "serbian"),
                                  ("isis", "islamic state"), ("zour", "zor"), ("mohammed", "muhammad"),
                                  ("ruiz", "ruiz")])
def test_same_name_spellings(a, b):
    assert _same_name(a, b) and _same_name(b, a)


@pytest.mark.parametrize("a, b", [("ruiz", "diaz"), ("ab", "ac"), ("abcd", "abce"), ("ruiz", "ruis"),
                                  ("sweden", "swiss"), ("serbia", "syria"), ("an", "anderson")])
def test_different_names(a, b):
    assert not _same_name(a, b) and not _same_name(b, a)


def test_names_that_differ_on_both_sides_are_a_difference():
    assert differences("The decision was announced by Mayor Ruiz.", "The decision was announced by Mayor Diaz.") == {
        "name": (["Ruiz"], ["Diaz"])}
    # a name on one side only is not a difference: the other sentence says less
    assert differences("Mayor Ruiz announced the decision.", "The mayor announced the decision.") == {}
    assert differences("The mayor announced the decision.", "Mayor Ruiz announced the decision.") == {}
    # spellings of one name
    assert differences("Fighting in Deir ez-Zor went on.", "Fighting in Deir al-Zour went on.") == {}
    # a word the story writes in lower case elsewhere is no name
    assert differences("Rescuers reached Harbour Street.", "Rescuers reached Bridge Street.",
                       common=frozenset({"harbour", "bridge"})) == {}
    assert differences("Rescuers reached Harbour Street.", "Rescuers reached Bridge Street.",
                       common=frozenset({"harbour"})) == {}
    assert differences("Rescuers reached Harbour Street.", "Rescuers reached Bridge Street.") == {
        "name": (["Harbour"], ["Bridge"])}


# --- guard -------------------------------------------------------------------------------------------

def test_guard_keeps_agreeing_links_and_lists_each_dropped_pair_once():
    s = [_sentence("a:0", "About 40,000 people fled the city on Monday."),
         _sentence("b:0", "About 40,000 people fled the city on Monday, officials said."),
         _sentence("c:0", "About 38,000 people fled the city on Monday."),
         _sentence("d:0", "Nobody fled.")]
    support = {"c:0": ("a:0", "b:0"), "a:0": ("b:0", "c:0"), "b:0": ("a:0", "c:0"), "d:0": (), "x:0": ("a:0",),
               "a:1": ()}
    kept, dropped = guard(s, support)
    assert kept == {"c:0": (), "a:0": ("b:0",), "b:0": ("a:0",), "d:0": (), "x:0": ("a:0",), "a:1": ()}
    assert dropped == [("a:0", "c:0"), ("b:0", "c:0")]
    # a link to a sentence the guard was not given is kept
    kept, dropped = guard(s[:1], {"a:0": ("z:9",)})
    assert kept == {"a:0": ("z:9",)} and dropped == []


def test_guard_uses_the_storys_common_words_for_names():
    s = [_sentence("a:0", "Crews reached Harbour Street."), _sentence("b:0", "Crews reached Bridge Street."),
         _sentence("c:0", "The old harbour and the bridge were closed.")]
    kept, dropped = guard(s, {"a:0": ("b:0",)})
    assert kept == {"a:0": ("b:0",)} and dropped == []
    kept, dropped = guard(s[:2], {"a:0": ("b:0",)})
    assert kept == {"a:0": ()} and dropped == [("a:0", "b:0")]


# --- boundaries found by mutation testing ------------------------------------------------------------

def test_only_names_unmatched_on_both_sides_are_listed_and_spellings_never_are():
    assert differences("Mayor Ruiz met them in Deir ez-Zor.", "Mayor Diaz met them in Deir al-Zour.") == {
        "name": (["Ruiz"], ["Diaz"])}
    assert differences("Mayor Diaz met them in Deir al-Zour.", "Mayor Ruiz met them in Deir ez-Zor.") == {
        "name": (["Diaz"], ["Ruiz"])}


def test_a_name_on_one_side_only_never_asks_for_the_storys_common_words():
    calls = []

    def common():
        calls.append(1)
        return frozenset()

    assert _differ(_Profile("Mayor Ruiz said the bridge is closed."), _Profile("The mayor said the bridge is closed."),
                   common) == {}
    assert _differ(_Profile("The mayor said the bridge is closed."), _Profile("Mayor Ruiz said the bridge is closed."),
                   common) == {}
    assert calls == []


@pytest.mark.parametrize("a, b", [
    ("abcdefghij", "abcdefqrst"),  # a shared prefix of 6 = 0.6 x 10 letters: the prefix rule, at its boundary
    ("gaddafi", "qaddafi"),        # another first letter, no shared prefix: a close spelling (ratio 86)
    ("bcdef", "xcdef"),            # ratio exactly 80: the close-spelling rule, at its boundary
])
def test_same_name_rule_boundaries(a, b):
    assert _same_name(a, b) and _same_name(b, a)


@pytest.mark.parametrize("a, b", [
    ("abcdxxxxxxx", "abcdyyyyyyy"),  # a prefix of 4 is under 0.6 x 11 letters
    ("bcdefg", "xcdefh"),            # ratio 67
])
def test_same_name_rule_boundaries_from_below(a, b):
    assert not _same_name(a, b) and not _same_name(b, a)


def test_trailing_capital_x_and_typographic_possessives_are_kept_apart_from_punctuation():
    assert names("Shares of MAX rose.") == {"shares": "Shares", "max": "MAX"}
    assert names("Under Ruiz’s plan") == {"ruiz": "Ruiz"} and names("Under Ruiz's plan") == {"ruiz": "Ruiz"}
    assert "max" in common_words(["MAX rose."])
    # the opening marks before a sentence's first capital are quotes and brackets only, never a letter
    assert "rome" not in common_words(["'X Rome said."])
    assert "rome" in common_words(["'( Rome said."])


def test_words_after_a_stop_word_or_a_date_in_one_capitalised_run_are_still_names():
    assert names("On Tuesday Ruiz spoke.") == {"ruiz": "Ruiz"}
    assert names("The Mayor Ruiz spoke.") == {"mayor": "Mayor", "ruiz": "Ruiz"}
