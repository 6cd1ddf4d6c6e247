"""The service layer's dataclasses (what it hands the edges) and small pure helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..ingest import InputProblem
from ..text import check_budget, iso_time

MAX_WORDS = 5000


class NotFound(LookupError):
    """No such story or article (any more)."""


class Moved(NotFound):
    """The story (or thread) was merged into another: ``new_id`` holds its articles now."""

    def __init__(self, kind: str, old_id: int, new_id: int):
        super().__init__(f"{kind} {old_id} was merged into {kind} {new_id}")
        self.kind, self.old_id, self.new_id = kind, old_id, new_id


@dataclass
class StorySummary:
    id: int
    title: str
    size: int
    sources: list[str]
    first: str | None  # ISO day of the earliest dated article
    last: str | None
    updated_at: float
    created_at: float | None = None
    lede: str | None = None  # one or two sentences of the brief, else of the lead report cleaned (service/ledes.py)
    latest: float | None = None  # epoch seconds of the latest dated report (None: none is dated)
    snippet: list[tuple[str, bool]] | None = None  # a search's match in context: (text, is a match) pieces
    reports: int | None = None  # articles and their copies under other ids: the story page's list of reports
    thread: int | None = None  # the thread this event story belongs to

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "size": self.size, "sources": self.sources,
                "first": self.first, "last": self.last, "created": iso_time(self.created_at),
                "updated": iso_time(self.updated_at), "thread": self.thread}


@dataclass
class ThreadSummary:
    id: int
    title: str
    stories: int  # event stories in the thread
    size: int  # articles
    first: str | None
    last: str | None
    reports: int | None = None  # articles and their copies under other ids (what its story pages list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "stories": self.stories, "size": self.size,
                "first": self.first, "last": self.last}


@dataclass
class AddOutcome:
    """What one batch of articles did."""

    articles: list[dict[str, Any]] = field(default_factory=list)  # article_id, origin, title, story_id, status
    stories: list[StorySummary] = field(default_factory=list)  # the stories these articles are in now
    problems: list[InputProblem] = field(default_factory=list)
    merged: dict[int, int] = field(default_factory=dict)  # story id -> the story it was merged into
    new_stories: list[int] = field(default_factory=list)
    result: Any = None  # the store's AddResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "stories": [s.to_dict() for s in self.stories],
            "new_stories": self.new_stories,
            "merged": {str(k): v for k, v in self.merged.items()},
            "problems": [{"origin": p.origin, "reason": p.reason} for p in self.problems],
        }


@dataclass
class _Made:
    brief: Any  # newsfuse.brief_model.Brief, or None when read back from the database cache
    json: str  # newsfuse.brief/2
    view: dict[str, Any]


def check_words(words: Any) -> int:
    return check_budget(words, MAX_WORDS)


def anchors(prepared, brief) -> list[dict[str, list[int]]]:
    """For each brief sentence: source number -> [start, end] of the sentence of that report that
    says it (the sentence itself in its own report; the first matching sentence in the others)."""
    by_id = {s.id: s for s in prepared.sentences}
    number = {src.article_id: src.number for src in brief.sources}
    out = []
    for s in brief.sentences:
        spots = {str(number[s.article_id]): [s.start, s.end]}
        for other in prepared.dedup.support.get(s.sentence_id, ()):
            o = by_id.get(other)
            if o is not None and o.article_id in number:
                spots.setdefault(str(number[o.article_id]), [o.start, o.end])
        out.append(spots)
    return out


from .ledes import lede_of  # noqa: E402,F401  (where it used to live)
