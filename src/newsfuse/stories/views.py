"""Several cheap views of one article, so similarity sees past wording.

A rewrite or a follow-up of a report shares its people, places,
organisations, numbers and what the lead says more than its phrasing. Next to
the body (content words, :mod:`.features`), each article gets three more
views, hashed into their own ranges of the term space (view ``v`` holds ids
``v * N_FEATURES`` to ``(v + 1) * N_FEATURES - 1``), weighted by their own
document frequencies in the same :class:`~.features.CorpusStats` and stored
with the body terms (``analyses`` of the store), so every path (in memory,
store, Spark) computes the same vectors:

* **lead** (``LEAD``): the content words among the first ``LEAD_TOKENS``
  tokens: headline and first sentence or two, where a news report says what
  happened;
* **named entities** (``ENTITY``): whole names, found by :func:`names` (a
  cheap stand-in for a named-entity tagger that runs at stream speed): runs of
  capitalised words, titles and honorifics before them dropped ("Sen. Maria
  Hun" is the name "maria hun"; "Sen." alone is never a name), a single
  capitalised word that opens a sentence, a weekday or a month left out. A
  name is counted as the whole name and as its last word ("Bashar al-Assad"
  and "Assad" share "assad"; "Hun Sen" and "Maria Hun" share nothing), each
  also as a spelling key (ASCII-folded by :func:`~.features.fold`, consonant
  skeleton with doubled letters and vowels after the first letter dropped), so
  "Gaddafi" / "Gadhafi" share a term;
* **numbers** (``NUMBER``): number tokens of two digits or more (tolls, sums,
  years, dates).

Words covered by a template shingle (boilerplate shared across stories) are
left out of every view, as from the body.
"""
from __future__ import annotations

import re
import zlib
from typing import Sequence

import numpy as np

from ..text import CLUSTER_STOP_WORDS, CLUSTER_TERM, MONTH_NAMES, PERSON_TITLES, TITLE_ABBREVIATIONS, WEEKDAYS
from .features import N_FEATURES, fold

BODY, LEAD, ENTITY, NUMBER = range(4)
LEAD_TOKENS = 50
_CASED_TOKEN_RE = re.compile(CLUSTER_TERM.pattern, re.IGNORECASE)  # the tokens of features.token_ids, case kept
_SENTENCE_START = set(".!?:;\"“”'‘’|•*-–—([\n")
_VOWELS_ETC = str.maketrans("", "", "aeiouyhw")
MAX_NAME_WORDS = 4
_PARTICLES = frozenset("al el bin ibn bint abu de da di del della der den van von la le du dos das".split())
_NOT_IN_NAMES = (CLUSTER_STOP_WORDS - PERSON_TITLES) - {"new"}  # "New York", "New Delhi"
_CALENDAR = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS)


def skeleton(word: str) -> str:
    """Spelling key of a lowercase ASCII word: first letter, then its consonants with repeats collapsed."""
    rest = re.sub(r"(.)\1+", r"\1", word[1:].translate(_VOWELS_ETC))
    first = {"q": "k", "c": "k"}.get(word[0], word[0])
    return first + rest


def _hash(prefix: str, word: str) -> int:
    return zlib.crc32((prefix + word).encode()) % N_FEATURES


def _starts_sentence(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\r":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_START


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in title case ("Blaze Engulfs Chemical Plant In Norvale"): a headline
    style in which capitals mark no names."""
    spans = []
    start = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if 4 <= len(words) <= 20 and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def names(text: str, matches: Sequence[re.Match]) -> list[tuple[int, str]]:
    """(position of its last token, lowercase name) of each name in ``text`` (folded; ``matches``: its
    tokens). A name is a run of capitalised tokens joined by single spaces or hyphens (lowercase
    particles such as "al" or "van" inside it kept), at most ``MAX_NAME_WORDS``; stop words end it;
    titles and honorifics open it and are dropped; a single word that opens a sentence is no name."""
    skip = _title_case_lines(text)
    out: list[tuple[int, str]] = []
    run: list[int] = []

    def close() -> None:
        words = [(n, matches[n].group().lower().replace("’", "'")) for n in run]
        words = [(n, w[:-2] if w.endswith("'s") else w) for n, w in words if len(w) >= 2]
        while words and (words[0][1] in PERSON_TITLES or words[0][1] in TITLE_ABBREVIATIONS
                         and text.startswith(".", matches[words[0][0]].end())):
            words.pop(0)
        while words and words[-1][1] in _PARTICLES:
            words.pop()
        if not words or len(words) == 1 and (words[0][1] in _CALENDAR or words[0][0] == run[0]
                                             and _starts_sentence(text, matches[run[0]].start())):
            run.clear()
            return
        out.append((words[-1][0], " ".join(w for _, w in words[-MAX_NAME_WORDS:])))
        run.clear()

    for n, m in enumerate(matches):
        word = m.group()
        lower = word.lower().replace("’", "'")
        cap = word[0].isupper()
        if run:
            gap = text[matches[n - 1].end():m.start()]
            prev = matches[n - 1].group()
            joined = gap in (" ", "-") or gap == ". " and (len(prev) == 1 or len(run) == 1 and
                                                           prev.lower() in TITLE_ABBREVIATIONS)
            if not joined or not (cap or lower in _PARTICLES):
                close()
        if not cap or word[0].isdigit() or lower in _NOT_IN_NAMES:
            if run and lower in _PARTICLES:
                run.append(n)
            elif run:
                close()
            continue
        if any(a <= m.start() < b for a, b in skip):
            continue
        run.append(n)
    if run:
        close()
    return out


def view_tokens(text: str, ids: np.ndarray, keep: np.ndarray) -> tuple:
    """Token positions and term ids of the lead, entity and number views of ``text`` (aligned with ``ids``)."""
    text = fold(text)
    matches = list(_CASED_TOKEN_RE.finditer(text))
    if len(matches) != len(ids):  # a case mapping changed the tokens (very rare): no extra views
        return ()
    lead_pos = np.flatnonzero(keep[:LEAD_TOKENS])
    lead_ids = (ids[lead_pos] % np.uint64(N_FEATURES)).astype(np.int64) + LEAD * N_FEATURES
    num_pos: list[int] = []
    num_ids: list[int] = []
    for n, m in enumerate(matches):
        word = m.group()
        if word[0].isdigit() and len(word) >= 2 and word.isdigit():
            num_pos.append(n)
            num_ids.append(NUMBER * N_FEATURES + _hash("#", word))
    ent_pos: list[int] = []
    ent_ids: list[int] = []
    for pos, key in names(text, matches):
        last = key.rsplit(" ", 1)[-1]
        for k in dict.fromkeys((key, last)):
            ent_pos += [pos, pos]
            ent_ids += [ENTITY * N_FEATURES + _hash("", k),
                        ENTITY * N_FEATURES + _hash("~", " ".join(skeleton(w) for w in k.split()))]
    return (lead_pos, lead_ids, np.asarray(ent_pos, dtype=np.int64), np.asarray(ent_ids, dtype=np.int64),
            np.asarray(num_pos, dtype=np.int64), np.asarray(num_ids, dtype=np.int64))


def view_terms(doc, free: np.ndarray) -> np.ndarray:
    """The lead, entity and number term ids of an analysed article (``free``: tokens outside templates)."""
    if not doc.extra:
        return np.zeros(0, dtype=np.int64)
    lead_pos, lead_ids, ent_pos, ent_ids, num_pos, num_ids = doc.extra
    return np.concatenate([lead_ids[free[lead_pos]], ent_ids[free[ent_pos]], num_ids[free[num_pos]]])
