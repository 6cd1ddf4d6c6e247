"""Does a brief sentence read at its place? Names and definite references.

:func:`needs` lists what a sentence lacks when told after the brief so far:

* ``name:X`` - *introduce before mention*: a person the story names in full
  somewhere ("Matthew Shepard", see :func:`story_names`) is used bare
  ("Shepard") before any full form ("Matthew Shepard", "President Clinton";
  "Mr. Shepard" is no introduction);
* ``ref:noun`` - *no orphan reference*: a key definite reference ("the
  shootings", "this tiny town", "the two sides", "the statement") has no
  antecedent earlier in the brief or in the sentence (the noun or a word of
  its family: "the blast" after "a bomb exploded"), and does not define
  itself ("the shootings at Columbine", "the crash last month of Flight 111").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..rank import RankInput
from ..text import ASCII_WORD, STOP_WORDS, TITLE_ABBREVIATIONS, stem, terms

FULL_SHARE = 0.15  # a surname is written after a capitalised word in at least this share of its uses


_CAP = re.compile(r"[A-Z][A-Za-z]+(?:[-'’][A-Z][a-z]+)*|[A-Za-z]+")
_HONORIFIC = TITLE_ABBREVIATIONS | {"miss"}  # the abbreviated titles of text/lexicon.py, and "Miss"
_NOT_NAME = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday i".split()
) | STOP_WORDS


@lru_cache(maxsize=100_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_CAP.findall(text))





@dataclass
class Names:
    """The story's names given in full somewhere (surname -> True), and the
    capitalised words the story also uses in lower case (common words)."""

    full: frozenset[str]


_PLACE_WORDS = frozenset(
    "north south east west northern southern eastern western new san santa los las saint st hong sri great united "
    "middle upper lower central mount lake port fort cape".split()
)
_CAP_WORD = r"[A-Z][A-Za-z]*[a-z][A-Za-z]*(?:[-'’][A-Z][a-z]+)*"  # capitalised, not all capitals
_CAP_WORDS = re.compile(rf"(?<![\w'’-])({_CAP_WORD})(?![\w-])")
_CAP_PAIRS = re.compile(rf"(?<![\w'’-])({_CAP_WORD})(?=\s+({_CAP_WORD})(?![\w-]))")
_OPENING_CAP = re.compile(rf"^[\s\"'“‘`(\[]*({_CAP_WORD})(?![\w-])")
_LOWER = re.compile(r"(?<![\w'’-])[a-z]+")
_PERSON_CUE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+(?P<a>[A-Z][\w'-]+)"
    r"|\b(?P<b>[A-Z][\w'-]+),?\s+(?:said|says|told|added|asked|denied|insisted|testified|wrote)\b"
    r"|\b(?:said|says|told|added|asked)\s+(?P<c>[A-Z][\w'-]+)\b"
    r"|\b(?P<d>[A-Z][\w'-]+),\s+\d{1,3},"
)


def story_names(story: RankInput) -> Names:
    """Surnames of people the story gives in full somewhere ("Hosni Mubarak"),
    so that a bare "Mubarak" must come after a full form.

    A surname: a capitalised word right after a first name, used somewhere as
    a person is ("Mr. Mubarak", "Mubarak said", "said Mubarak", "Mubarak,
    70,"), never in lower case, and written after a capitalised word in at
    least :data:`FULL_SHARE` of its uses (a company written "Swissair" fifty
    times is no person's surname). A first name: a capitalised word the story
    only ever writes right before another capitalised word, never in lower
    case, never alone, at least once inside a sentence (not only as its
    first word), and no stop word, month, weekday or place word ("North",
    "San", "East")."""
    texts = [s.text for s in story.sentences]
    joined = "\n|\n".join(texts)  # no pair of words runs across two sentences
    lower = set(_LOWER.findall(joined))
    uses = Counter(_CAP_WORDS.findall(joined))
    pair_list = _CAP_PAIRS.findall(joined)
    pairs = set(pair_list)
    firsts = Counter(a for a, _ in pair_list)
    full_uses = Counter(b for _, b in pair_list)
    openers = Counter(m.group(1) for t in texts if (m := _OPENING_CAP.match(t)))
    people = {next(g for g in m.groups() if g) for m in _PERSON_CUE.finditer(joined)}

    def plain(w: str) -> bool:
        low = w.lower()
        return low not in lower and low not in _NOT_NAME and low not in _HONORIFIC and low not in _PLACE_WORDS

    full = {b for a, b in pairs
            if b in people and len(b) > 2 and full_uses[b] >= FULL_SHARE * uses[b]
            and firsts[a] == uses[a] > openers[a] and plain(a) and plain(b)}
    return Names(frozenset(full))


def _is_cap(w: str) -> bool:
    return w[:1].isupper() and not w.isupper()


def name_uses(text: str, names: Names) -> tuple[set[str], set[str]]:
    """(names ``text`` gives in full, names it uses bare before any full form in it)."""
    ws = _words(text)
    full: set[str] = set()
    bare: set[str] = set()
    for k, w in enumerate(ws):
        if w not in names.full:
            continue
        prev = ws[k - 1] if k else ""
        if prev and _is_cap(prev) and prev.lower() not in _HONORIFIC and prev.lower() not in _NOT_NAME:
            full.add(w)
        elif w not in full and prev.lower() not in ("the", "a", "an"):
            bare.add(w)
    return full, bare


# --- definite references: no orphans -----------------------------------------

_FAMILIES = [
    "blast explosion explode bomb bomber bombing attack assault suicide",
    "shooting shot shoot gunman gunmen gunfire killing kill slaying slain murder massacre",
    "crash collision collide accident wreck plane",
    "statement announce announcement remark comment declaration",
    "decision decide ruling rule verdict judgment",
    "agreement accord deal treaty pact",
    "talk negotiation negotiate meeting meet summit",
    "visit trip tour travel",
    "protest demonstration demonstrator march rally",
    "trial case charge court",
    "election vote ballot",
    "storm hurricane flood quake earthquake fire disaster",
    "victim victims",
    "suspect suspects",
    "assailant attacker bomber gunman gunmen militant killer",
]
_FAMILY_OF: dict[str, frozenset[str]] = {}
for _line in _FAMILIES:
    _members = frozenset(stem(w) for w in _line.split())
    for _m in _members:
        _FAMILY_OF[_m] = _FAMILY_OF.get(_m, frozenset()) | _members
_EVENT_NOUNS = frozenset(
    "blast blasts explosion explosions bombing bombings attack attacks shooting shootings killing killings "
    "slaying slayings murder murders massacre crash collision accident statement announcement remarks comments "
    "decision ruling verdict agreement accord deal treaty pact talks negotiations meeting summit visit trip "
    "protest protests demonstration trial case election vote storm hurricane flood quake earthquake fire "
    "incident tragedy disaster scandal affair dispute conflict crisis town village area region victim victims suspect "
    "suspects gunman gunmen couple boy girl man woman".split()
)
_BRIDGED = frozenset("victim victims suspect suspects".split())
_EVENT_STEMS = frozenset(stem(w) for w in _EVENT_NOUNS | frozenset(" ".join(_FAMILIES).split()))
_PLACE_NOUNS = frozenset("town village city area region".split())
_TIME_NOUNS = frozenset(
    "year years week weeks month months day days morning night time times summer spring fall autumn winter "
    "weekend season century decade afternoon evening point way kind sort".split()
)
_DEFINING_NEXT = frozenset(
    "of at in on near by against between from outside inside that which who whom over into to for with "
    "involving where when".split()
)
_NUMBER_WORDS = frozenset("two three four both".split())
# A name starts where a token starts and is read whole: linear on "A.A.A.A..." (issue 21).
_PAIR = re.compile(r"(?<![\w.'-])[A-Z][\w.'-]++\s+and\s+(?:the\s+)?[A-Z]\w+")


def _references(text: str) -> list[tuple[int, str]]:
    """(word position, noun) of the key definite references in ``text`` that
    need an antecedent: "the <event noun>", "the two <noun>", "this/these/those (adj) <noun>"."""
    words = ASCII_WORD.findall(text)
    out = []
    for k, w in enumerate(words):
        low = w.lower()
        if low == "the" and k + 1 < len(words):
            nxt = words[k + 1]
            if nxt.lower() in _NUMBER_WORDS and k + 2 < len(words) and words[k + 2][:1].islower():
                out.append((k, "#" + words[k + 2].lower()))
                continue
            if nxt in _EVENT_NOUNS and not _defines(words, k + 2):
                out.append((k, nxt))
        elif low in ("this", "these", "those") and k > 0 and k + 1 < len(words):
            noun = re.sub(r"['’]s$", "", words[k + 1])
            if noun[:1].islower() and noun.lower() not in _TIME_NOUNS and noun.lower() not in STOP_WORDS:
                after = words[k + 2] if k + 2 < len(words) else ""
                if after[:1].islower() and after.lower() not in STOP_WORDS and after.lower() not in _TIME_NOUNS:
                    noun = after  # "this tiny town": the noun is the second word
                out.append((k, noun.lower()))
    return out


def _defines(words: Sequence[str], k: int) -> bool:
    """True when the words from ``k`` on say which one is meant: a defining
    preposition or clause within three words ("the crash last month of
    Swissair Flight 111"), or a name right after ("the vote Sunday" is not)."""
    for w in words[k : k + 3]:
        if w.lower() in _DEFINING_NEXT:
            return True
    return False


def _met(noun: str, before_stems: set[str], before_text: str) -> bool:
    if noun in _BRIDGED:  # "the victims" after any attack, crash or storm
        return bool(_EVENT_STEMS & before_stems)
    if noun.startswith("#"):
        return _met(noun[1:], before_stems, before_text) or bool(_PAIR.search(before_text))
    if noun in _PLACE_NOUNS and re.search(r"\b(?:in|of|at|near)\s+[A-Z]\w+", before_text):
        return True
    s = stem(noun)
    return bool((_FAMILY_OF.get(s, frozenset()) | {s}) & before_stems)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in terms(text)}


def needs(text: str, context: str, introduced: set[str], names: Names) -> list[str]:
    """What ``text`` lacks when told after ``context`` (the brief so far) with
    ``introduced`` names already given in full: ["name:Shepard", "ref:shootings"…]."""
    out = []
    _, bare = name_uses(text, names)
    out += [f"name:{n}" for n in sorted(bare - introduced)]
    refs = _references(text)
    if refs:
        words = ASCII_WORD.findall(text)
        for k, noun in refs:
            before = context + " " + " ".join(words[:k])
            if not _met(noun, _stems(before), before):
                out.append(f"ref:{noun}")
    return out
