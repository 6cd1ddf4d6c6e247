"""Briefs a reader can follow: the order the chosen sentences are told in.

A brief is made of verbatim sentences from reports written days or years
apart. Sentences that mislead once pulled out of their report are never
chosen (:mod:`newsfuse.select.misleading`); the chosen ones are told in this
order (:func:`time_order`):

1. *current state first*: the lead sentence (its report's first sentence,
   :data:`CURRENT_LEAD`) of the newest report the brief uses, when the brief
   spans more than one report date;
2. *key events in time order*: by the date of the earliest report that tells
   them (the sentence's own report or one saying the same thing), then by
   where the story first tells them;
3. *background* last: sentences that speak of a year before their report's.

Then every sentence must read at its place (:func:`newsfuse.select.references.needs`:
names introduced in full before they are used bare, definite references after
their antecedent). :func:`arrange` replaces a sentence that does not by a
sentence saying the same thing (its support group) that does - preferring the
wording that introduces - else moves it right after the brief sentence that
meets its need, else reports it as ``dropped`` (the coverage selector then
chooses again without it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from ..rank import RankInput
from ..segment import Sentence
from ..text import count_words
from .misleading import blocked, report_day
from .references import Names, name_uses, needs, story_names

__all__ = ["Arranged", "arrange", "blocked", "needs", "reading_problems", "story_names", "time_order"]

CURRENT_LEAD = 1  # the current-state opener is its report's lead sentence

# --- arranging the chosen sentences -----------------------------------------

@dataclass
class Arranged:
    sentences: list[Sentence]  # in reading order
    dropped: list[Sentence]  # chosen sentences no place or wording could make readable


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _background(s: Sentence, day: str) -> bool:
    if not day[:4].isdigit():
        return False
    return any(int(y) < int(day[:4]) for y in _YEAR.findall(s.text))


def time_order(story: RankInput, chosen: Sequence[Sentence], group_of: Mapping[str, int]) -> list[Sentence]:
    """Current state first, then events by the date of the earliest report
    telling them, then background (see the module doc)."""
    if not chosen:
        return []
    sentences = story.sentences
    first: dict[int, tuple[str, int, int]] = {}
    for s in sentences:
        g = group_of[s.id]
        place = (report_day(story, s) or "9999", s.doc_index, s.index)
        if g not in first or place < first[g]:
            first[g] = place
    key = {s.id: (first[group_of[s.id]], s.doc_index, s.index) for s in chosen}
    days = {report_day(story, s) for s in chosen if report_day(story, s)}
    opener = None
    if len(days) > 1:
        newest = max(days)
        leads = [s for s in chosen if report_day(story, s) == newest and s.index < CURRENT_LEAD]
        if leads:
            opener = min(leads, key=lambda s: (s.index, s.doc_index))
    rest = [s for s in chosen if s is not opener]
    events = sorted((s for s in rest if not _background(s, report_day(story, s))), key=lambda s: key[s.id])
    background = sorted((s for s in rest if _background(s, report_day(story, s))), key=lambda s: key[s.id])
    return ([opener] if opener else []) + events + background


def arrange(
    story: RankInput,
    chosen: Sequence[Sentence],
    group_of: Mapping[str, int],
    *,
    budget: int | None = None,
    allowed: Callable[[int], bool] | None = None,
    drop: bool = True,
    names: Names | None = None,
) -> Arranged:
    """Order ``chosen`` for reading and meet every sentence's needs (module
    doc): swap in a support-group wording that reads at its place (within
    ``budget`` words, only sentences ``allowed(index)``), else move the
    sentence after the one that meets its need, else drop it (with
    ``drop=False``: leave it where it is)."""
    order = time_order(story, chosen, group_of)
    names = names if names is not None else story_names(story)
    index_of = {s.id: j for j, s in enumerate(story.sentences)}
    members: dict[int, list[Sentence]] = {}
    for s in story.sentences:
        members.setdefault(group_of[s.id], []).append(s)
    total = sum(count_words(s.text) for s in order)
    dropped: list[Sentence] = []
    moved: set[str] = set()
    kept: set[str] = set()
    for _ in range(4 * len(order) + 4):
        problem = _first_problem(order, names, kept)
        if problem is None:
            break
        i, lacking = problem
        s = order[i]
        room = None if budget is None else budget - total + count_words(s.text)
        swap = _swap(s, members[group_of[s.id]], order[:i], names, index_of, allowed, room)
        if swap is not None:
            total += count_words(swap.text) - count_words(s.text)
            order[i] = swap
            continue
        target = None if s.id in moved else _meeting(order, i, names)
        if target is not None:
            moved.add(s.id)
            order.insert(target, order.pop(i))
            continue
        if not drop:
            kept.add(s.id)
            continue
        dropped.append(order.pop(i))
        total -= count_words(s.text)
    return Arranged(order, dropped)


def _introduced(before: Sequence[Sentence], names: Names) -> set[str]:
    out: set[str] = set()
    for s in before:
        out |= name_uses(s.text, names)[0]
    return out


def _first_problem(order: Sequence[Sentence], names: Names, kept: set[str]) -> tuple[int, list[str]] | None:
    introduced: set[str] = set()
    context = ""
    for i, s in enumerate(order):
        if s.id not in kept:
            lacking = needs(s.text, context, introduced, names)
            if lacking:
                return i, lacking
        introduced |= name_uses(s.text, names)[0]
        context += " " + s.text
    return None


def _swap(s, group, before, names, index_of, allowed, room) -> Sentence | None:
    """A sentence of ``s``'s support group that reads after ``before`` and fits ``room`` words."""
    context = " ".join(x.text for x in before)
    introduced = _introduced(before, names)
    best = None
    for other in group:
        if other.id == s.id or (allowed is not None and not allowed(index_of[other.id])):
            continue
        n = count_words(other.text)
        if n < 6 or (room is not None and n > room):
            continue
        if needs(other.text, context, introduced, names):
            continue
        if best is None or abs(n - count_words(s.text)) < abs(count_words(best.text) - count_words(s.text)):
            best = other
    return best


def _meeting(order: Sequence[Sentence], i: int, names: Names) -> int | None:
    """Where to move ``order[i]``: right after the first later sentence by
    which all its needs are met, else None."""
    s = order[i]
    rest = [x for k, x in enumerate(order) if k != i]
    for k in range(i, len(rest)):
        before = rest[: k + 1]
        context = " ".join(x.text for x in before)
        if not needs(s.text, context, _introduced(before, names), names):
            return k + 1
    return None


def reading_problems(texts: Iterable[str], story: RankInput) -> list[tuple[int, list[str]]]:
    """(position, needs) of every brief sentence in ``texts`` that does not read at its place."""
    names = story_names(story)
    out = []
    context = ""
    introduced: set[str] = set()
    for i, t in enumerate(texts):
        lacking = needs(t, context, introduced, names)
        if lacking:
            out.append((i, lacking))
        introduced |= name_uses(t, names)[0]
        context += " " + t
    return out
