"""What every system sees (a :class:`Story`); budgets are counted by newsfuse.text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..text import prefix_reaching
from .rouge import split_sentences


@dataclass(frozen=True)
class Story:
    id: str
    documents: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]  # per document, syntok sentences
    references: tuple[str, ...]  # only the oracle may look at these
    dates: tuple[str | None, ...] = ()  # per document, when the data has them
    titles: tuple[str | None, ...] = ()

    @classmethod
    def from_documents(
        cls, cid: str, documents: Sequence[str], references: Sequence[str] = (),
        dates: Sequence[str | None] = (), titles: Sequence[str | None] = (),
    ) -> "Story":
        sents = tuple(tuple(split_sentences(d)) for d in documents)
        return cls(cid, tuple(documents), sents, tuple(references), tuple(dates), tuple(titles))

    @property
    def flat(self) -> list[str]:
        """All sentences, document after document."""
        return [s for doc in self.sentences for s in doc]


SystemFn = Callable[[Story, int, int], list[str]]


def smallest_reaching(ranked: Sequence[int], lengths: Sequence[int], words: int) -> list[int]:
    """The shortest prefix of ``ranked`` (sentence indices, best first) with >= ``words`` words."""
    return list(ranked[: prefix_reaching((lengths[i] for i in ranked), words)])
