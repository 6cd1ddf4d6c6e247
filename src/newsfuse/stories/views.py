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
* **named entities** (``ENTITY``): capitalised words that do not start a
  sentence (a cheap stand-in for a named-entity tagger that runs at stream
  speed), each counted twice: as the word and as a spelling key (ASCII-folded
  by :func:`~.features.fold`, consonant skeleton with doubled letters and
  vowels after the first letter dropped), so "Gaddafi" / "Gadhafi" and
  "Al-Assad" / "Assad" share a term;
* **numbers** (``NUMBER``): number tokens of two digits or more (tolls, sums,
  years, dates).

Words covered by a template shingle (boilerplate shared across stories) are
left out of every view, as from the body.
"""
from __future__ import annotations

import re
import zlib

import numpy as np

from ..text import CLUSTER_STOP_WORDS, CLUSTER_TERM
from .features import N_FEATURES, fold

BODY, LEAD, ENTITY, NUMBER = range(4)
LEAD_TOKENS = 50
_CASED_TOKEN_RE = re.compile(CLUSTER_TERM.pattern, re.IGNORECASE)  # the tokens of features.token_ids, case kept
_SENTENCE_START = set(".!?:;\"“”'‘’|•*-–—([\n")
_VOWELS_ETC = str.maketrans("", "", "aeiouyhw")


def skeleton(word: str) -> str:
    """Spelling key of a lowercase ASCII word: first letter, then its consonants with repeats collapsed."""
    rest = re.sub(r"(.)\1+", r"\1", word[1:].translate(_VOWELS_ETC))
    first = {"q": "k", "c": "k"}.get(word[0], word[0])
    return first + rest


def _hash(prefix: str, word: str) -> int:
    return zlib.crc32((prefix + word).encode()) % N_FEATURES


def view_tokens(text: str, ids: np.ndarray, keep: np.ndarray) -> tuple:
    """Token positions and term ids of the lead, entity and number views of ``text`` (aligned with ``ids``)."""
    text = fold(text)
    matches = list(_CASED_TOKEN_RE.finditer(text))
    if len(matches) != len(ids):  # a case mapping changed the tokens (very rare): no extra views
        return ()
    lead_pos = np.flatnonzero(keep[:LEAD_TOKENS])
    lead_ids = (ids[lead_pos] % np.uint64(N_FEATURES)).astype(np.int64) + LEAD * N_FEATURES
    ent_pos: list[int] = []
    ent_ids: list[int] = []
    num_pos: list[int] = []
    num_ids: list[int] = []
    for n, m in enumerate(matches):
        word = m.group()
        first = word[0]
        if first.isdigit():
            if len(word) >= 2 and word.isdigit():
                num_pos.append(n)
                num_ids.append(NUMBER * N_FEATURES + _hash("#", word))
            continue
        if not first.isupper() or len(word) < 2:
            continue
        lower = word.lower().replace("’", "'")
        if lower in CLUSTER_STOP_WORDS or lower.endswith("'s") and lower[:-2] in CLUSTER_STOP_WORDS:
            continue
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\r":
            k -= 1
        if k < 0 or text[k] in _SENTENCE_START:
            continue  # starts a sentence or line: capitalised whatever it is
        if lower.endswith("'s"):
            lower = lower[:-2]
        ent_pos += [n, n]
        ent_ids += [ENTITY * N_FEATURES + _hash("", lower), ENTITY * N_FEATURES + _hash("~", skeleton(lower))]
    return (lead_pos, lead_ids, np.asarray(ent_pos, dtype=np.int64), np.asarray(ent_ids, dtype=np.int64),
            np.asarray(num_pos, dtype=np.int64), np.asarray(num_ids, dtype=np.int64))


def view_terms(doc, free: np.ndarray) -> np.ndarray:
    """The lead, entity and number term ids of an analysed article (``free``: tokens outside templates)."""
    if not doc.extra:
        return np.zeros(0, dtype=np.int64)
    lead_pos, lead_ids, ent_pos, ent_ids, num_pos, num_ids = doc.extra
    return np.concatenate([lead_ids[free[lead_pos]], ent_ids[free[ent_pos]], num_ids[free[num_pos]]])
