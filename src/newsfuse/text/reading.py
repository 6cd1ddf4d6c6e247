"""Does a sentence read on its own? The opening words and rules a brief sentence must pass.

A brief is made of verbatim source sentences, so a sentence that leans on the
one before it ("He said…", "But the plan…", the middle of a quotation) reads
badly once it is pulled out of its report. :func:`context_need` names the
first rule a sentence breaks, or returns ``None`` when it reads on its own:

* ``pronoun``   - it opens (after any opening quotation mark) with a pronoun
  or demonstrative whose referent is elsewhere: He, She, They, It, This,
  That, These, Those, His, Her, Their, Its, We, I, Our…
* ``connective`` - it opens with a connective that continues an argument:
  But, And, However, Still, Yet, Also, So, Meanwhile, Instead, Then…
* ``quote``     - its quotation marks are unbalanced (a piece of a quotation
  that runs over several sentences); straight, typographic and the
  newswire ``…'' pairs are all counted;
* ``short``     - it has fewer than :data:`MIN_WORDS` words;
* ``he-said``   - it names its speaker only as "he said", "she said"…

The same rules pick the coverage selector's candidates and score the output of
every system in ``newsfuse eval`` (the share of sentences that need context).
:func:`stands_alone` is the looser test of the greedy selector;
:func:`unresolved_reference` tells whether a sentence's opening definite noun
phrase ("The documents ...") was named in what a reader saw before it.
"""
from __future__ import annotations

import re

from .dates import MONTH_NAMES, WEEKDAYS
from .tokens import FIRST_WORD, count_words

MIN_WORDS = 8

PRONOUNS = frozenset(
    "he she they it this that these those his her their its we i our us them him "
    "theirs hers ours".split()
)
# pronouns that can be the subject of "said" (a quote's speaker to resolve)
SUBJECT_PRONOUNS = frozenset("he she they i we it".split())
CONNECTIVES = frozenset(
    "but and however still yet also so meanwhile instead then moreover furthermore "
    "nevertheless nonetheless thus therefore hence besides otherwise likewise "
    "consequently or nor plus anyway indeed though although whereas accordingly "
    "similarly further finally afterward afterwards later".split()
)
# Multi-word openers that continue an argument.
_OPENING_PHRASES = re.compile(
    r"^(?:in addition|on the other hand|at the same time|even so|as a result|"
    r"in turn|by contrast|in contrast|for (?:his|her|their|its) part|after that)\b",
    re.IGNORECASE,
)
# Opening marks and brackets skipped before the first word.
_LEADING = re.compile(r"^[\s\"'“”‘’`«»(\[—–-]+")
_HE_SAID = re.compile(
    r"\b(?:(?:he|she|they)\s+(?:said|says|added|adds|told|explained|noted|stated)|"
    r"(?:said|says|added|adds)\s+(?:he|she|they))\b",
    re.IGNORECASE,
)


def quotes_balanced(text: str) -> bool:
    """True when every quotation that opens in ``text`` also closes in it.

    Typographic marks pair “ with ”; newswire text pairs `` with '' (and
    sometimes opens with ''); straight double quotes must come in pairs."""
    if text.count("“") != text.count("”"):
        return False
    backticks = text.count("``")
    doubled = text.count("''")
    if backticks or doubled:
        if (backticks + doubled) % 2:
            return False
    return text.replace("''", "").count('"') % 2 == 0


def context_need(text: str) -> str | None:
    """The first readability rule ``text`` breaks (see the module doc), or None."""
    if count_words(text) < MIN_WORDS:
        return "short"
    if not quotes_balanced(text):
        return "quote"
    head = _LEADING.sub("", text)
    match = FIRST_WORD.match(head)
    if match:
        word = match.group(0).lower()
        if word in PRONOUNS:
            return "pronoun"
        if word in CONNECTIVES or _OPENING_PHRASES.match(head):
            return "connective"
    if _HE_SAID.search(text):
        return "he-said"
    return None


def stands_alone(text: str) -> bool:
    """The greedy selector's looser test: False for a question, or for a sentence
    with unbalanced typographic quotation marks (“ without ” or the reverse: a
    piece of a quote that runs over several sentences).

    Straight quotes (") are not counted: they do not tell an opening mark
    from a closing one, and in detached-quote text (`fields, " says`) the
    sentence splitter leaves a stray mark on 14% of Multi-News sentences that
    are whole; filtering those cost 1.1 ROUGE-1 on validation (and the
    stricter :func:`context_need` costs 3 on Multi-News, whose 150-word reports
    cannot fill 250 words without "He said" sentences)."""
    if text.rstrip().rstrip("\"'”’)").endswith("?"):
        return False
    return text.count("“") == text.count("”")


_DEFINITE = frozenset("the such both".split())


# a short opening phrase set off by a comma, then a personal pronoun: "Three years ago, he ...",
# "In 1988, his ..." (the phrase: at most 8 words, no quotation mark, comma or sentence stop);
# possessive quantifiers: a run of quotation marks or of letters is never re-split (linear time)
_PRONOUN_AFTER_OPENING = re.compile(
    r"^[\s\"'“‘`(]*+((?:[^\s,;:.!?\"“”`]++\s++){0,7}[^\s,;:.!?\"“”`]++),\s++"
    r"(?:he|she|his|her|him|they|their|them)\b", re.IGNORECASE)
_NOT_NAMES = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS)


def pronoun_after_opening(text: str) -> bool:
    """Whether ``text`` opens with a short phrase and a comma, then a personal pronoun, and the phrase
    names nobody it could stand for ("Three years ago, he established ...": yes; "After Smith left
    office, he wrote ...": no). :func:`context_need`'s ``pronoun`` rule sees only a first word."""
    m = _PRONOUN_AFTER_OPENING.match(text)
    if not m:
        return False
    later = m.group(1).split()[1:]  # the first word is capitalised anyway
    return not any(w[:1].isupper() and w.lower().strip("'’") not in _NOT_NAMES for w in later)


def unresolved_reference(text: str, context: str) -> bool:
    """True when ``text`` opens with a definite noun phrase ("The documents date from August ...")
    whose nouns ``context`` (what a reader has seen before it: a headline, earlier sentences) never
    named: a reader pulled into it asks "which documents?". A name ("The United Nations ...") or a
    phrase that ``context`` introduced ("A dam burst ... The dam ...") is resolved."""
    from .lexicon import FUNCTION_WORDS, stem
    from .tokens import words

    said = words(_LEADING.sub("", text))[:6]
    if len(said) < 2 or said[0].lower() not in _DEFINITE or said[1][:1].isupper():
        return False
    noun_phrase = []
    for w in said[1:4]:
        if w.lower() in FUNCTION_WORDS:
            break
        noun_phrase.append(stem(w.lower()))
    if not noun_phrase:
        return False
    seen = {stem(w.lower()) for w in words(context)}
    return not any(w in seen for w in noun_phrase)
