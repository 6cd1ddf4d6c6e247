"""Citations never overclaim: two sentences that differ in a number or a negation
do not support each other, however alike their other words are.

Used by the pipeline on the dedup stage's ``support`` links (cheap: regular
expressions only, no spaCy), so a brief sentence cites only the reports that
state what it states; the facts stage lists the differing figures.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Mapping, Sequence

from ..segment import Sentence

_NUMBER = re.compile(
    r"\d[\d,]*(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|dozens|hundreds|thousands)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|without)\b|n['’]t\b", re.IGNORECASE)


def signature(text: str) -> tuple[Counter, int]:
    """The numbers (commas dropped, lower case) and the count of negations in `text`."""
    numbers = Counter(n.replace(",", "").lower() for n in _NUMBER.findall(text))
    return numbers, len(_NEGATION.findall(text))


def guard(sentences: Sequence[Sentence], support: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """`support` without the links between sentences whose numbers or negations differ."""
    by_id = {s.id: s for s in sentences}
    sig: dict[str, tuple[Counter, int]] = {}

    def of(sid: str) -> tuple[Counter, int] | None:
        if sid not in sig and sid in by_id:
            sig[sid] = signature(by_id[sid].text)
        return sig.get(sid)

    out: dict[str, tuple[str, ...]] = {}
    for sid, others in support.items():
        mine = of(sid)
        kept = tuple(o for o in others if mine is None or of(o) is None or of(o) == mine)
        out[sid] = kept
    return out
