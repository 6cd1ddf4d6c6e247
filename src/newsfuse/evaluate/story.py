"""What every system sees (a :class:`Story`) and the budget rules shared by all."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

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


def cut_to_budget(sentences: Sequence[str], words: int) -> list[str]:
    """Sentences in order until ``words`` words; the one that crosses the budget is truncated."""
    out: list[str] = []
    left = words
    for s in sentences:
        toks = s.split()
        if not toks:
            continue
        if left <= 0:
            break
        if len(toks) > left:
            out.append(" ".join(toks[:left]))
            break
        out.append(" ".join(toks))
        left -= len(toks)
    return out


def smallest_reaching(ranked: Sequence[int], lengths: Sequence[int], words: int) -> list[int]:
    """The shortest prefix of ``ranked`` (sentence indices, best first) with >= ``words`` words."""
    chosen, total = [], 0
    for i in ranked:
        if total >= words:
            break
        chosen.append(i)
        total += lengths[i]
    return chosen
