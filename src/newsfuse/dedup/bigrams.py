"""The shipped word-bigram presence table (built by ``build_table``).

Words are lower-cased (``text.words``) with any word holding a digit folded to
"0"; the vocabulary is the most frequent words of Multi-News train; one bit
per bigram of two vocabulary words, at a multiplicative-hash position.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np


TABLE = Path(__file__).resolve().parent / "data" / "bigrams.npz"
NUMBER = "0"
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def norm(word: str) -> str:
    """A word as the table sees it: any word with a digit is "0"."""
    return NUMBER if any(c.isdigit() for c in word) else word


def word_ids(parts: Sequence[Sequence[str]], ids: dict[str, int]) -> np.ndarray:
    """Vocabulary ids of the words of each clause, -1 for other words and
    between clauses (so no bigram spans two clauses)."""
    flat: list[int] = []
    get = ids.get
    number = ids.get(NUMBER, -1)
    for clause in parts:
        for w in clause:
            i = get(w)
            if i is None:
                i = -1 if w.isalpha() else number if any(c.isdigit() for c in w) else -1
            flat.append(i)
        flat.append(-1)
    return np.array(flat, dtype=np.int64)


def bit_positions(first: np.ndarray, second: np.ndarray, vocab_size: int, bits: int) -> np.ndarray:
    """Bit index of each bigram (first[i], second[i]) of vocabulary ids."""
    key = first.astype(np.uint64) * np.uint64(vocab_size) + second.astype(np.uint64)
    with np.errstate(over="ignore"):
        return ((key * _GOLDEN) >> np.uint64(64 - bits)).astype(np.int64)


class BigramTable:
    """Presence bits of common-word bigrams of ordinary news."""

    def __init__(self, vocab: Sequence[str], bits: np.ndarray, nbits: int):
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.size = len(vocab)
        self.packed = np.asarray(bits, dtype=np.uint8)  # np.packbits order: bit 0 is the MSB of byte 0
        self.nbits = nbits

    def present(self, positions: np.ndarray) -> np.ndarray:
        """Whether each bit position is set."""
        return (self.packed[positions >> 3] >> (7 - (positions & 7)).astype(np.uint8)) & 1 == 1

    @classmethod
    def load(cls, path: Path = TABLE) -> "BigramTable":
        with np.load(path) as data:
            vocab = str(data["vocab"]).split("\n")
            return cls(vocab, data["bits"], int(data["nbits"]))

    def unseen(self, parts: Sequence[Sequence[str]]) -> tuple[int, int]:
        """(unseen, total) common-word bigrams inside the clauses ``parts``."""
        seq = word_ids(parts, self.ids)
        if seq.size < 2:
            return 0, 0
        a, b = seq[:-1], seq[1:]
        keep = (a >= 0) & (b >= 0)
        total = int(keep.sum())
        if not total:
            return 0, 0
        hit = self.present(bit_positions(a[keep], b[keep], self.size, self.nbits))
        return total - int(hit.sum()), total


@lru_cache(maxsize=1)
def table() -> BigramTable | None:
    """The shipped table, or None when it is missing (spin rate then unavailable)."""
    return BigramTable.load() if TABLE.exists() else None


def unseen_rate(parts: Sequence[Sequence[str]]) -> tuple[float, int]:
    """(share of unseen common-word bigrams, number of such bigrams) of the
    clauses ``parts`` (``text.clauses``)."""
    t = table()
    if t is None:
        return 0.0, 0
    unseen, total = t.unseen(parts)
    return (unseen / total if total else 0.0), total


