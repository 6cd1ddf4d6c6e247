"""The pipeline that builds a brief: ingest -> clean -> segment -> dedup -> rank -> select.

* :func:`prepare` runs the text stages on Articles and returns a
  :class:`PreparedStory` (what rankers, selectors and evaluators work on).
* :func:`build_brief` goes from paths / Article objects to a :class:`Brief`.
* :func:`brief_texts` goes from raw texts (e.g. Multi-News documents) to a Brief.

What a brief is asked for (words, ranker, selector, facts, since) travels as
one :class:`BriefOptions`, the same object from the Python API, the CLI and
the service; every function here takes one (``options``) or its fields as
keywords (``build_brief(paths, words=100)``).

Stage modules are imported inside the functions so that importing this module
is cheap and never fails while a stage is being rewritten.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, Union

from .brief_model import DEFAULT_WORDS, Brief, BriefSentence, Source, assemble  # noqa: F401 (re-exported)
from .clean import CleanArticle
from .dedup import DedupResult
from .ingest import Article, InputProblem
from .rank import RankInput
from .segment import Sentence

if TYPE_CHECKING:
    from .rank import Ranker


Input = Union[str, Path, Article]


@dataclass(frozen=True)
class BriefOptions:
    """What a brief is asked for."""

    words: int | str | None = DEFAULT_WORDS  # word budget; None or "auto": the selector's choice
    # a name of rank.RANKERS or a Ranker object; None: chosen with the selector
    # (centrality for coverage, the default ranker for greedy)
    ranker: "str | Ranker | None" = None
    selector: str = "auto"  # "auto" or a name of select.SELECTORS
    facts: bool = False  # also run the facts stage (spaCy): Brief.facts
    # ISO 8601: the reports added since then (the API adds the story's `updates`; a brief itself is the same)
    since: str | None = None

    def checked(self) -> "BriefOptions":
        """These options, or ValueError naming the bad one (budget, selector or ranker name)."""
        from .rank import RANKERS
        from .select import SELECTORS

        word_budget(self.words)
        if self.selector != "auto" and self.selector not in SELECTORS:
            raise ValueError(f"unknown selector {self.selector!r}; choose one of: auto, {', '.join(SELECTORS)}")
        if isinstance(self.ranker, str) and self.ranker.strip().lower() not in RANKERS:
            raise ValueError(f"unknown ranker {self.ranker!r}; choose one of: {', '.join(RANKERS)}")
        return self


def options_of(options: BriefOptions | None = None, **fields: Any) -> BriefOptions:
    """`options` (default: BriefOptions()) with `fields` replaced; TypeError for a field it has not."""
    if options is not None and not isinstance(options, BriefOptions):
        raise TypeError(f"options must be a BriefOptions, got {type(options).__name__}")
    base = options or BriefOptions()
    return replace(base, **fields) if fields else base


class NothingToSummarize(ValueError):
    """No usable article remained; ``problems`` says why each input was skipped."""

    def __init__(self, message: str, problems: Sequence[InputProblem] = ()):
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class PreparedStory:
    """A story after the text stages: everything a ranker or selector needs."""

    articles: list[CleanArticle]
    sentences: list[Sentence]
    dedup: DedupResult
    rank_input: RankInput
    problems: list[InputProblem] = field(default_factory=list)


def prepare(articles: Sequence[Article], problems: Sequence[InputProblem] = ()) -> PreparedStory:
    """Clean, segment and dedup `articles` (one story) and build the RankInput."""
    from .clean import clean
    from .dedup import dedup
    from .ingest.budget import limit_sentences, limit_story
    from .segment import segment

    articles, cut = limit_story(list(articles))  # the story budget (docs/limits.md)
    cleaned = list(clean(articles))
    sentences, cut_sentences = limit_sentences(list(segment(cleaned)))
    result = dedup(cleaned, sentences)
    problems = [*problems, *cut, *cut_sentences, *(InputProblem("dedup", n) for n in result.notes)]
    rank_input = RankInput(
        sentences=sentences,
        support=result.support,
        family=result.family,
        headlines={ca.article.id: h for ca in cleaned if (h := ca.headline or ca.article.title)},
        rewrites=frozenset(r.article_id for r in result.relations if r.kind == "rewrite"),
        dates={ca.article.id: ca.article.published for ca in cleaned if ca.article.published},
    )
    return PreparedStory(cleaned, sentences, result, rank_input, list(problems))


def resolve_ranker(ranker: "str | Ranker | None") -> "Ranker":
    from .rank import DEFAULT_RANKER, get_ranker

    if ranker is None:
        try:
            return get_ranker(DEFAULT_RANKER)
        except (RuntimeError, OSError, ImportError) as err:  # e.g. the trained model is missing
            if DEFAULT_RANKER == "centrality":
                raise
            warnings.warn(f"default ranker {DEFAULT_RANKER!r} unavailable ({err}); using 'centrality'")
            return get_ranker("centrality")
    if isinstance(ranker, str):
        return get_ranker(ranker)
    return ranker


def brief_from_story(story: PreparedStory, options: BriefOptions | None = None, **fields: Any) -> Brief:
    """Rank and select the sentences of a prepared story and assemble the Brief;
    with ``facts``, also run the facts stage (spaCy) and attach ``Brief.facts``.

    The default (``ranker=None, selector="auto"``) picks by the story: full
    articles get coverage selection with the centrality ranker's scores as a
    bonus; short or truncated reports get the learned ranker and greedy
    selection (see ``newsfuse.select``)."""
    from .select import choose_method, select

    options = options_of(options, **fields)
    words = word_budget(options.words)
    method, ranker = options.selector, options.ranker
    if story.sentences and method == "auto":
        method = choose_method(story.rank_input, words)
    if ranker is None and method == "coverage":
        ranker = "centrality"
    chosen_ranker = resolve_ranker(ranker)
    if story.sentences:
        scores = chosen_ranker.score(story.rank_input)
        selected = select(story.rank_input, scores, words, method=method)
    else:
        selected = []
    brief = assemble(
        story.articles,
        story.sentences,
        story.dedup,
        selected,
        problems=story.problems,
        ranker=getattr(chosen_ranker, "name", type(chosen_ranker).__name__),
        budget=words,
    )
    if options.facts:
        from .facts import extract_facts

        brief = replace(brief, facts=extract_facts(story))
    return brief


def build_brief(
    inputs: Sequence[Input] | Input, options: BriefOptions | None = None, *, stdin: Any = None, **fields: Any
) -> Brief:
    """Brief from files, directories, "-" (stdin) and/or Article objects, as
    `options` (or its fields as keywords: ``words``, ``ranker``, ``selector``,
    ``facts``, ``since``; see :class:`BriefOptions`) ask.

    Bad inputs are skipped and listed in ``Brief.problems``. Raises
    :class:`NothingToSummarize` when no usable article remains.
    """
    from .ingest import ingest

    options = options_of(options, **fields)
    if isinstance(inputs, (str, Path, Article)):
        inputs = [inputs]
    articles = [x for x in inputs if isinstance(x, Article)]
    paths = [x for x in inputs if not isinstance(x, Article)]
    problems: list[InputProblem] = []
    if paths:
        result = ingest(paths, stdin=stdin)
        articles = list(result.articles) + articles
        problems = list(result.problems)
    return _brief_of(articles, problems, options)


def brief_texts(texts: Sequence[str], options: BriefOptions | None = None, **fields: Any) -> Brief:
    """Brief from raw article texts (one story), e.g. a Multi-News cluster's documents."""
    from .ingest import articles_from_texts

    return _brief_of(list(articles_from_texts(list(texts))), [], options_of(options, **fields))


def _brief_of(articles, problems, options: BriefOptions) -> Brief:
    if not articles:
        raise NothingToSummarize("no usable article in the inputs", problems)
    story = prepare(articles, problems)
    if not story.sentences:
        raise NothingToSummarize(
            "no sentence left to summarize after removing boilerplate", problems
        )
    return brief_from_story(story, options)


def word_budget(words: Any) -> int | None:
    """Word budget for select(): a positive int, or None for the selector's choice ("auto")."""
    if words is None or (isinstance(words, str) and words.lower() == "auto"):
        return None
    from .text import check_budget

    return check_budget(words)
