"""Sentences that say the same thing but for a name or a date ("said Mayor Ruiz" /
"said Mayor Diaz", "on Tuesday" / "on Wednesday"): the support guard keeps them
from citing each other, and this lists each such pair as a disagreement, or as
an update when the reports' dates differ. Differing figures are the
``figures`` module's; a differing negation is not listed (too often a clause
added: "…, but gave no further details").

Pairs are the dedup stage's "says the same" links that its guard dropped
(``DedupResult.split`` of the prepared story: nothing is segmented or matched again).
"""
from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Sequence

from ..dedup.guard import common_words, differences
from ..text import words
from .model import Difference, Mention, Statement

if TYPE_CHECKING:
    from ..pipeline import PreparedStory

LISTED = ("date", "name")  # what a pair is listed for, first match wins
SLOT_WORDS = 4  # a differing name or date is listed when it replaces at most this many words


def same_slot(a: str, b: str, a_values: Sequence[str], b_values: Sequence[str]) -> bool:
    """Whether a name or date of `a` stands where `b` has its own: aligned word by
    word, some short replaced stretch ("Ruiz" -> "Diaz", "this weekend" -> "last
    weekend") holds a value of each side. A name one sentence adds in a clause
    the other lacks is no disagreement (the guard still keeps them apart)."""
    wa, wb = words(a), words(b)
    va = {w for v in a_values for w in words(v)}
    vb = {w for v in b_values for w in words(v)}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 <= SLOT_WORDS and j2 - j1 <= SLOT_WORDS:
            if va & set(wa[i1:i2]) and vb & set(wb[j1:j2]):
                return True
    return False


def compare(story: "PreparedStory") -> list[Difference]:
    """Disagreements and updates in names and dates between the reports' sentences
    (source numbers = input order, 1-based); ordered by first source, then position."""
    articles, sentences = story.articles, story.sentences
    by_id = {s.id: s for s in sentences}
    common = common_words(s.text for s in sentences)
    number = {ca.article.id: i + 1 for i, ca in enumerate(articles)}
    published = {ca.article.id: ca.article.published for ca in articles}

    def statement(sid: str, values: list[str]) -> Statement:
        s = by_id[sid]
        return Statement(
            text=", ".join(values), sentence=s.text, source=number[s.article_id], published=published[s.article_id],
            mention=Mention(s.article_id, number[s.article_id], s.start, s.end, s.text),
        )

    groups: dict[tuple[str, frozenset[str]], dict[tuple[int, int], Statement]] = {}
    for pair in story.dedup.split:
        found = differences(by_id[pair[0]].text, by_id[pair[1]].text, common)
        about = next((k for k in LISTED if k in found), None)
        if about is None:
            continue
        mine, theirs = found[about]
        if not same_slot(by_id[pair[0]].text, by_id[pair[1]].text, mine, theirs):
            continue
        key = (about, frozenset((", ".join(mine), ", ".join(theirs))))
        group = groups.setdefault(key, {})
        for one, values in ((pair[0], mine), (pair[1], theirs)):
            st = statement(one, values)
            group.setdefault((st.source, st.mention.start), st)
    out = []
    for (about, _), group in groups.items():
        statements = sorted(group.values(), key=lambda st: (st.published or "", st.source, st.mention.start))
        days = {st.published[:10] if st.published else None for st in statements}
        kind = "update" if None not in days and len(days) > 1 else "disagreement"
        out.append(Difference(kind=kind, about=about, statements=statements))
    out.sort(key=lambda d: min((st.source, st.mention.start) for st in d.statements))
    return out
