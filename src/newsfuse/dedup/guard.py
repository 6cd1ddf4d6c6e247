"""Citations never overclaim: two sentences that differ in a number, a name, a
date or a negation do not support each other, however alike their other words are.

Applied by :func:`newsfuse.dedup.dedup` to its ``support`` links (cheap: regular
expressions and string folding only, no spaCy), so a brief sentence cites only
the reports that state what it states; the links it drops are kept as
``DedupResult.split``. The optional facts stage lists the differing figures
(``facts.figures``) and, from ``split``, the differing names and dates
(``facts.differences``, which calls :func:`differences` here).

* number: the multisets of numbers differ ("40,000" / "38,000").
* negation: the count of "not", "no", "never", "n't"… differs.
* name: each sentence has a capitalised name the other lacks ("said Mayor Ruiz" /
  "said Mayor Diaz"); spellings of one name (``names.fold`` and a consonant
  skeleton: "Deir ez-Zor" / "Deir al-Zour") and the names of the curated alias
  file count as the same. A name in one sentence only ("Mayor Ruiz said" / "the
  mayor said") is not a difference: the other simply says less.
* date: each sentence has a date the other lacks ("on Tuesday" / "on
  Wednesday", "March 3" / "March 4", "yesterday" / "last week").
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from collections import Counter
from typing import Callable, Collection, Iterable, Mapping, Sequence

from ..text import MONTH, STOP_WORDS, WEEKDAY
from ..segment import Sentence
from .names import aliases, fold, skeleton

_NUMBER = re.compile(
    r"\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|without)\b|n['’]t\b", re.IGNORECASE)

# "May" is a month only before a day number ("May 5"); "March 3rd", "3 March".
_DATE = re.compile(
    rf"\b(?:(?:{MONTH}|May)\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH}|May)\b"
    rf"|(?:{MONTH})\b\.?|(?:{WEEKDAY})\b\.?"
    r"|(?:yesterday|today|tonight|tomorrow)\b"
    r"|(?:last|this|next|past)\s+(?:week(?:end)?|month|year|night|morning|evening|afternoon))",
    re.IGNORECASE,
)
_DEICTIC = frozenset(("yesterday", "today", "tonight", "tomorrow"))
_WEEKDAYS = frozenset(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
_DATE_WORDS = re.compile(rf"^(?:{MONTH}|May|{WEEKDAY})\.?$", re.IGNORECASE)
# a capitalised word (names, acronyms, "U.S."); hyphenated and Arabic-article forms kept whole
# (any letter but a lower-case ASCII or Latin-1 one: "Émile", "Łódź"; words with no capital are dropped later)
_CAPITAL = re.compile(r"(?<![\w'’-])(?:[a-z]{1,3}[-‐‑’'])?[^\W\d_a-zß-ÿ][\w'’.-]*")
_CAPITAL_RUN = re.compile(_CAPITAL.pattern + r"(?:[ \t]+" + _CAPITAL.pattern + ")*")
_LOWER = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_SAME_NAME_RATIO = 0.8  # share of letters two spellings of one name have in common, at least


def _fold_date(expr: str) -> str:
    """'Sept. 3rd' -> 'day:sep 3'; 'on Tuesday' -> 'weekday:tue': the kind of date, then the date
    (dates of different kinds do not contradict: "Sunday" is within "this week")."""
    words = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\.", "", expr.lower()).split()
    # month and weekday names by their first three letters ("Sept." = "September")
    words = [w[:3] if w.isalpha() and _DATE_WORDS.match(w) else w for w in words]
    if len(words) == 2 and words[0].isdigit():  # "3 March" = "March 3"
        words.reverse()
    if len(words) == 2 and words[1].isdigit():
        kind = "day"
    elif len(words) == 2:
        kind = "period"
    elif words[0] in _DEICTIC:
        kind = "deictic"
    else:
        kind = "weekday" if words[0] in _WEEKDAYS else "month"
    return f"{kind}:{' '.join(words)}"


def dates(text: str) -> dict[str, str]:
    """The dates `text` names, folded -> as written ("Tuesday", "March 3", "last week")."""
    out: dict[str, str] = {}
    for m in _DATE.finditer(text):
        out.setdefault(_fold_date(m.group()), m.group())
    return out


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """The words the sentences `texts` write in lower case, and the capitalised
    first words of sentences never capitalised inside one ("Bestowing"): such a
    word at a sentence start ("Officials said") is an ordinary word, not a name."""
    lower: set[str] = set()
    initial: set[str] = set()
    inside: set[str] = set()
    for t in texts:
        lower.update(_LOWER.findall(t))
        for n, m in enumerate(_CAPITAL.finditer(t)):
            word = m.group().rstrip(".-’'").lower()
            (initial if n == 0 and not t[: m.start()].strip(" \"“‘`'(") else inside).add(word)
    return frozenset(lower | (initial - inside))


def names(text: str, common: Collection[str] = frozenset()) -> dict[str, str]:
    """The capitalised names of `text`, folded -> as written: stop words ("The", "He"),
    months, weekdays and words of `common` (``common_words`` of the story) left
    out; a run of capitalised words that the curated alias file names ("Islamic
    State") is one name."""
    groups = _alias_groups()
    out: dict[str, str] = {}
    for run in _CAPITAL_RUN.finditer(text):
        whole = fold(run.group())
        if whole in groups and " " in whole:  # "Islamic State": one name, matched to "ISIS" through its group
            out.setdefault(whole, run.group())
            continue
        for m in _CAPITAL.finditer(run.group()):
            word = m.group().rstrip(".-’'")
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            acronym = len(word) > 1 and word.isupper()  # "US", not the stop word "us"
            if not any(c.isupper() for c in word) or (word.lower() in STOP_WORDS and not acronym):
                continue
            if _DATE_WORDS.match(word):
                continue
            key = fold(word)
            if key and not all(w in common for w in key.split()):
                out.setdefault(key, word)
    return out


@lru_cache(maxsize=1)
def _alias_groups() -> dict[str, int]:
    """Folded name -> alias group (data/aliases.tsv), whatever its kind."""
    return {name: group for (_kind, name), group in aliases().items()}


def _same_name(a: str, b: str) -> bool:
    """Two folded spellings of one name: one alias group, the same consonant
    skeleton and first letter, an abbreviation ("Col" / "Colonel"), or a close spelling."""
    groups = _alias_groups()
    if a in groups and groups[a] == groups.get(b):
        return True
    if a[0] == b[0] and skeleton(a) == skeleton(b):
        return True
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    prefix = len(os.path.commonprefix((a, b)))
    if prefix >= 4 and prefix >= 0.6 * min(len(a), len(b)):  # "Sweden" / "Swedish", "Serbs" / "Serbian"
        return True
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) >= 100 * _SAME_NAME_RATIO


def _unmatched(mine: dict[str, str], theirs: dict[str, str], same=lambda a, b: False) -> list[str]:
    """Keys of `mine` that `theirs` has not (nor a key `same` as it)."""
    return [key for key in mine if key not in theirs and not any(same(key, k) for k in theirs)]


def signature(text: str) -> tuple[Counter, int]:
    """The numbers (commas dropped, lower case) and the count of negations in `text`."""
    numbers = Counter(n.replace(",", "").lower() for n in _NUMBER.findall(text))
    return numbers, len(_NEGATION.findall(text))


class _Profile:
    """What the guard compares in one sentence, each part computed when first needed."""

    def __init__(self, text: str):
        self.text = text
        self.numbers, self.negations = signature(text)
        self._names: dict[str, str] | None = None
        self._dates: dict[str, str] | None = None

    @property
    def names(self) -> dict[str, str]:  # every capitalised name; the story's common words are left out later
        if self._names is None:
            self._names = names(self.text)
        return self._names

    @property
    def dates(self) -> dict[str, str]:
        if self._dates is None:
            self._dates = dates(self.text)
        return self._dates


def _differ(a: _Profile, b: _Profile, common: Callable[[], Collection[str]], every: bool = True) -> dict[str, tuple[list[str], list[str]]]:
    """What `a` and `b` differ in: kind -> (a's values, b's values) as written.
    `common()` gives the story's common words; with `every` false, the first
    difference found is enough (the guard's question)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if a.numbers != b.numbers:
        out["number"] = (sorted((a.numbers - b.numbers).elements()), sorted((b.numbers - a.numbers).elements()))
    if a.negations != b.negations:
        out["negation"] = ([], [])
    if out and not every:
        return out
    if a.dates and b.dates:
        kinds = {k.partition(":")[0] for k in a.dates} & {k.partition(":")[0] for k in b.dates}
        da = _unmatched({k: v for k, v in a.dates.items() if k.partition(":")[0] in kinds}, b.dates)
        db = _unmatched({k: v for k, v in b.dates.items() if k.partition(":")[0] in kinds}, a.dates)
        if da and db:
            out["date"] = ([a.dates[k] for k in da], [b.dates[k] for k in db])
            if not every:
                return out
    na, nb = _unmatched(a.names, b.names, _same_name), _unmatched(b.names, a.names, _same_name)
    if na and nb:  # rare: only now are the story's common words needed
        words = common()
        na = [k for k in na if not all(w in words for w in k.split())]
        nb = [k for k in nb if not all(w in words for w in k.split())]
        if na and nb:
            out["name"] = ([a.names[k] for k in na], [b.names[k] for k in nb])
    return out


def differences(a: str, b: str, common: Collection[str] = frozenset()) -> dict[str, tuple[list[str], list[str]]]:
    """What sentence `a` and sentence `b` differ in (``number``, ``negation``,
    ``name``, ``date``), each with the values as written in a and in b; empty
    when one may support the other. `common`: the story's ``common_words``."""
    return _differ(_Profile(a), _Profile(b), lambda: common)


def guard(
    sentences: Sequence[Sentence], support: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, str]]]:
    """`support` without the links between sentences that differ in a number, a
    negation, a name or a date; and those dropped links as sentence-id pairs
    (each pair once, smaller id first, in the order of `support`)."""
    by_id = {s.id: s for s in sentences}
    profiles: dict[str, _Profile] = {}
    story_words: list[frozenset[str]] = []

    def common() -> frozenset[str]:
        if not story_words:
            story_words.append(common_words(s.text for s in sentences))
        return story_words[0]

    def of(sid: str) -> _Profile | None:
        if sid not in profiles and sid in by_id:
            profiles[sid] = _Profile(by_id[sid].text)
        return profiles.get(sid)

    out: dict[str, tuple[str, ...]] = {}
    split: dict[tuple[str, str], None] = {}
    for sid, others in support.items():
        if not others:
            out[sid] = tuple(others)
            continue
        mine = of(sid)
        kept = []
        for o in others:
            if mine is None or (p := of(o)) is None or not _differ(mine, p, common, every=False):
                kept.append(o)
            else:
                split[(sid, o) if sid < o else (o, sid)] = None
        out[sid] = tuple(kept)
    return out, list(split)
