"""The brief: dataclasses of the final product, and how a selection becomes one.

A :class:`Brief` is what ``newsfuse.brief(...)`` returns and what every
renderer (Markdown, JSON, HTML) prints. It is built from a prepared story
(clean articles, sentences, dedup result) plus the selected sentences.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Sequence

from .clean import CleanArticle, Removal
from .dedup import DedupResult, DocRelation
from .ingest import InputProblem
from .segment import Sentence
from .text import count_words, day_of, normalized

if TYPE_CHECKING:  # the optional facts stage's dataclasses (Brief.facts)
    from .facts.model import Facts

SCHEMA_VERSION = "newsfuse.brief/2"
# The brief's paragraphs: a new one when the source family changes after at
# least PARAGRAPH_MIN_WORDS words, or when one would exceed PARAGRAPH_MAX_WORDS.
PARAGRAPH_MIN_WORDS = 50
PARAGRAPH_MAX_WORDS = 120


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of the brief: a verbatim sentence of one source."""

    text: str  # verbatim: == cleaned text of `article_id` [start:end]
    article_id: str
    sentence_id: str
    start: int
    end: int
    citations: list[int]  # 1-based source numbers of every report that says it
    independent: int  # number of distinct copy families among the citations
    paragraph: int = 0  # paragraph of the brief this sentence belongs to (0-based)
    published: str | None = None  # date of the report the sentence is taken from (as the report gives it)


def report_day(published: str | None) -> str | None:
    """The day of a report's date as renderers show it beside a sentence
    ("2026-03-04" of "2026-03-04T10:00:00Z"); None when the report has no
    ISO 8601 date (ingest normalises the dates it understands to ISO)."""
    return day_of(published)


@dataclass(frozen=True)
class Source:
    """One input report, numbered as the brief cites it."""

    number: int  # 1-based, the number used in citations like [3]
    article_id: str
    label: str  # outlet or file name
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    origin: str = ""
    attribution: str | None = None  # outlet the text credits as its origin ("from The Washington Post")
    copy_of: int | None = None  # source number this report copies verbatim
    rewrite_of: int | None = None  # source number this report rewrites/spins
    rewrite: bool = False  # a reworded/spun text (its original may not be an input)
    similarity: float | None = None  # strength of the copy / rewrite evidence (0..1)
    evidence: str = ""  # the dedup stage's explanation of copy / rewrite relations
    family: int = 0  # source number of the first report of its copy/rewrite family
    independent: bool = True  # True when this report is the root of its family
    cited: bool = False  # True when the brief cites this report
    removed: list[Removal] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    title: str
    sentences: list[BriefSentence]
    sources: list[Source]
    relations: list[DocRelation] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    words: int = 0  # words in the brief's sentences
    ranker: str = ""
    budget: int | None = None  # the requested word budget (None: selector's choice)
    schema_version: str = SCHEMA_VERSION
    facts: Facts | None = None  # entities, quotes, timeline, disagreements (None: not asked for)

    @property
    def text(self) -> str:
        """The brief as plain text, paragraphs separated by blank lines."""
        paragraphs: dict[int, list[str]] = {}
        for s in self.sentences:
            paragraphs.setdefault(s.paragraph, []).append(s.text)
        return "\n\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))

    def source(self, number: int) -> Source:
        return self.sources[number - 1]


# Default brief length in words when the caller does not choose one. On the
# first 1,000 Multi-News validation clusters (references: mean 227, median 230
# words) the learned ranker scores best between 250 and 260 words (ROUGE-1/2
# F1 within 0.05 of each other); `newsfuse eval` uses the same default.
DEFAULT_WORDS = 250


def make_sources(articles: Sequence[CleanArticle], dedup: DedupResult) -> list[Source]:
    number = {a.article.id: i + 1 for i, a in enumerate(articles)}
    relations: dict[str, list[DocRelation]] = {}
    for r in dedup.relations:
        relations.setdefault(r.article_id, []).append(r)
    sources = []
    for i, ca in enumerate(articles):
        a = ca.article
        mine = relations.get(a.id, [])
        copy = next((r for r in mine if r.kind == "copy"), None)
        rewrite = next((r for r in mine if r.kind == "rewrite"), None)
        evidence = copy or rewrite
        root = dedup.family.get(a.id, a.id)
        sources.append(
            Source(
                number=i + 1,
                article_id=a.id,
                label=getattr(ca, "outlet", None) or a.source,
                title=ca.headline or a.title,
                url=a.url,
                published=a.published,
                author=a.author,
                origin=a.origin,
                attribution=getattr(ca, "attribution", None),
                copy_of=number.get(copy.of) if copy and copy.of else None,
                rewrite_of=number.get(rewrite.of) if rewrite and rewrite.of else None,
                rewrite=rewrite is not None,
                similarity=round(evidence.similarity, 3) if evidence else None,
                evidence="; ".join(getattr(r, "evidence", "") for r in mine if getattr(r, "evidence", "")),
                family=number.get(root, i + 1),
                independent=root == a.id and not (rewrite and rewrite.of),
                removed=list(ca.removals),
            )
        )
    return sources


def cite(
    sentence: Sentence,
    dedup: DedupResult,
    by_id: dict[str, Sentence],
    number: dict[str, int],
) -> tuple[list[int], int]:
    """Source numbers of every report saying `sentence`, and how many are independent."""
    articles = {sentence.article_id}
    for other in dedup.support.get(sentence.id, ()):
        if other in by_id:
            articles.add(by_id[other].article_id)
    citations = sorted(number[a] for a in articles if a in number)
    families = {dedup.family.get(a, a) for a in articles}
    return citations, len(families)


def story_title(
    articles: Sequence[CleanArticle],
    chosen: Sequence[BriefSentence],
    family: dict[str, str] | None = None,
) -> str:
    """The headline most reports carry (a copy without its own headline votes for
    its family's); ties go to the most cited report; else a headline-length span of
    the first sentence (the rules of :mod:`newsfuse.stories.title`)."""
    family = family or {}
    cited = Counter(n for s in chosen for n in s.citations)
    from .stories.title import UNTITLED, clean_headline, headline_span

    headline_of: dict[str, str] = {}
    for ca in articles:  # section labels, site names and datelines are no headline (stories.title)
        headline = clean_headline(ca.headline or ca.article.title) or ""
        if normalized(headline):
            headline_of[ca.article.id] = headline
    family_headline: dict[str, str] = {}
    for ca in articles:
        root = family.get(ca.article.id, ca.article.id)
        if ca.article.id in headline_of:
            family_headline.setdefault(root, headline_of[ca.article.id])
    votes: Counter[str] = Counter()
    best: dict[str, tuple[int, str]] = {}
    for i, ca in enumerate(articles):
        aid = ca.article.id
        headline = headline_of.get(aid) or family_headline.get(family.get(aid, aid))
        if not headline:
            continue
        key = normalized(headline)
        votes[key] += 1
        weight = cited.get(i + 1, 0)
        if key not in best or weight > best[key][0]:
            best[key] = (weight, headline)
    if votes:
        top = max(votes, key=lambda k: (votes[k], best[k][0]))
        return " ".join(best[top][1].split())
    if chosen:  # a headline-length span cut at a clause boundary, never "…" (stories.title)
        return headline_span(chosen[0].text) or UNTITLED
    return UNTITLED


def assemble(
    articles: Sequence[CleanArticle],
    sentences: Sequence[Sentence],
    dedup: DedupResult,
    selected: Sequence[Sentence],
    *,
    problems: Sequence[InputProblem] = (),
    ranker: str = "",
    budget: int | None = None,
) -> Brief:
    """Build the Brief from the selected sentences (already in reading order)."""
    by_id = {s.id: s for s in sentences}
    number = {a.article.id: i + 1 for i, a in enumerate(articles)}
    published = {a.article.id: a.article.published for a in articles}
    chosen: list[BriefSentence] = []
    paragraph = 0
    words_in_paragraph = 0
    last_root = None
    for s in selected:
        citations, independent = cite(s, dedup, by_id, number)
        n = count_words(s.text)
        root = dedup.family.get(s.article_id, s.article_id)
        if chosen and (
            words_in_paragraph + n > PARAGRAPH_MAX_WORDS
            or (root != last_root and words_in_paragraph >= PARAGRAPH_MIN_WORDS)
        ):
            paragraph += 1
            words_in_paragraph = 0
        last_root = root
        words_in_paragraph += n
        chosen.append(
            BriefSentence(
                text=s.text,
                article_id=s.article_id,
                sentence_id=s.id,
                start=s.start,
                end=s.end,
                citations=citations,
                independent=independent,
                paragraph=paragraph,
                published=published.get(s.article_id),
            )
        )
    cited = {n for s in chosen for n in s.citations}
    sources = [
        _with_cited(src, src.number in cited) for src in make_sources(articles, dedup)
    ]
    return Brief(
        title=story_title(articles, chosen, dedup.family),
        sentences=chosen,
        sources=sources,
        relations=list(dedup.relations),
        removals=[r for ca in articles for r in ca.removals],
        problems=list(problems),
        words=sum(count_words(s.text) for s in chosen),
        ranker=ranker,
        budget=budget,
    )


def _with_cited(src: Source, cited: bool) -> Source:
    return replace(src, cited=cited)
