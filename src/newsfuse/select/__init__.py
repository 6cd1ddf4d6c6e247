"""Select stage: turn sentence scores into an ordered, non-redundant brief.

``select(story, scores, words, method=...)`` chooses with one of the
selectors of :data:`SELECTORS` (name -> function; add one there):

* ``"coverage"`` (:mod:`newsfuse.select.coverage`): the sentences that cover
  the most concepts the reports share, only sentences that read on their own;
* ``"greedy"`` (:mod:`newsfuse.select.greedy`): best score first, as below;
* ``"auto"`` (the default): ``coverage`` when the sentences that read on
  their own hold at least :data:`RICH_FACTOR` times the word budget (full
  articles: a brief picks a few per cent of the text), else ``greedy`` (short
  or truncated reports, where a 250-word brief must use half of what there
  is and cannot afford to skip every sentence that opens with "He").

A selector is a function ``(story, scores, budget, groups, **tuning) ->
sentences`` in reading order (``groups``: :func:`support_groups`; tuning
keywords it does not take are not passed to it, so one call can tune
several). The greedy method picks sentences by score:

* **budget** - a sentence that would push the brief over ``words`` words is
  skipped and the next one is tried; sentences are never cut, because every
  brief sentence must be a verbatim source sentence. ``words=None`` means
  "auto": ``DEFAULT_WORDS``, the length that
  maximised ROUGE on Multi-News validation clusters.
* **redundancy** - a sentence is never chosen when it belongs to the same
  dedup support group as one already chosen (``story.support``, closed
  transitively); otherwise each step picks the best score minus a penalty for
  similarity to what is already chosen (maximal marginal relevance), and
  optionally skips sentences sharing a word trigram with the brief so far.
* **stands alone** - a sentence that cannot be read on its own is never
  chosen: a piece of a multi-sentence quotation (unbalanced quotation marks,
  as in ``“We see the link clearly now.``) or a question.
* **latest development** - in a developing story (reports dated within
  days of each other) a brief that holds nothing from the newest report gets
  the newest report's sentence that tells what changed
  (:func:`newsfuse.select.coverage.latest_development`), with either method.
* **nothing misleading** - a quoted claim without its speaker, a statement
  about the future that a later report overtook, a superseded casualty figure
  are never chosen by coverage selection; greedy selection leaves out only
  the overtaken ones (:func:`newsfuse.select.misleading.blocked`).
* **reading order** - the chosen sentences are returned in the order a reader
  can follow (:func:`newsfuse.select.reading.arrange`): the current state
  first, then events by date, then background; names introduced in full
  before they are used bare, definite references after their antecedent.
"""
from __future__ import annotations

import inspect
from functools import lru_cache
from typing import Any, Callable, Sequence

from ..brief_model import DEFAULT_WORDS
from ..rank import RankInput
from ..segment import Sentence
from ..text import check_budget
from .coverage import coverage_select
from .greedy import MIN_SENTENCE_WORDS, REDUNDANCY, greedy_select  # noqa: F401 (re-exported)

Selector = Callable[..., list[Sentence]]

# name -> selector; "auto" (not a selector) picks one of these per story
SELECTORS: dict[str, Selector] = {"coverage": coverage_select, "greedy": greedy_select}

# ``auto`` uses coverage selection when the readable candidates hold at least
# this many times the budget in words.
RICH_FACTOR = 4


def support_groups(story: RankInput) -> dict[str, int]:
    """Map sentence id -> group number; sentences that say the same thing
    (linked directly or through others in ``story.support``) share a group."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for sid, others in story.support.items():
        for other in others:
            ra, rb = find(sid), find(other)
            if ra != rb:
                parent[rb] = ra
    roots: dict[str, int] = {}
    groups: dict[str, int] = {}
    for s in story.sentences:
        root = find(s.id)
        groups[s.id] = roots.setdefault(root, len(roots))
    return groups


def select(
    story: RankInput,
    scores: Sequence[float],
    words: int | None = None,
    *,
    method: str = "auto",
    **tuning: Any,
) -> list[Sentence]:
    """Choose the brief's sentences within ``words`` words, no two saying the
    same thing, in reading order, with the selector ``method`` ("auto":
    :func:`choose_method`). ``tuning``: keywords of that selector (greedy:
    ``redundancy``, ``trigram_blocking``, ``min_sentence_words``)."""
    sentences = list(story.sentences)
    if len(scores) != len(sentences):
        raise ValueError(
            f"select: got {len(scores)} scores for {len(sentences)} sentences"
        )
    budget = DEFAULT_WORDS if words is None else check_budget(words)
    if not sentences:
        return []
    if method != "auto" and method not in SELECTORS:
        raise ValueError(f"select: unknown method {method!r}; choose one of: auto, {', '.join(SELECTORS)}")
    unknown = set(tuning).difference(*(_keywords(f) for f in SELECTORS.values()))
    if unknown:
        raise TypeError(f"select: no selector takes {', '.join(sorted(unknown))}")
    if method == "auto":
        method = choose_method(story, budget)
    selector = SELECTORS[method]
    taken = _keywords(selector)
    return selector(story, scores, budget, support_groups(story), **{k: v for k, v in tuning.items() if k in taken})


@lru_cache(maxsize=None)
def _keywords(selector: Selector) -> frozenset[str]:
    """The keyword-only (tuning) parameters of `selector`."""
    params = inspect.signature(selector).parameters.values()
    return frozenset(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)


def choose_method(story: RankInput, words: int | None) -> str:
    """What ``method="auto"`` does for this story and budget: "coverage" when
    the sentences that read on their own hold RICH_FACTOR x the budget."""
    from .coverage import readable_words

    budget = DEFAULT_WORDS if words is None else int(words)
    return "coverage" if readable_words(story) >= RICH_FACTOR * budget else "greedy"
