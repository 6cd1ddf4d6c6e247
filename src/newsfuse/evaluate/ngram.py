"""Fast ROUGE-1/2 against one reference, for the greedy oracle and training labels.

Tokens are exactly rouge-score's (``rouge_score.tokenize.tokenize`` with NLTK's
Porter stemmer, words of more than 3 characters stemmed), with the stem of each
word cached.  Scores are fractions in [0, 1] (not × 100).

``NgramRouge(reference)`` prepares the reference once; then

- ``scores(text)`` gives (ROUGE-1 F, ROUGE-2 F) of one text, exactly as
  rouge-score computes them on that text;
- ``sentence_recalls(sentences)`` gives each sentence's recall of the
  reference's unigrams and bigrams (handy as soft training labels);
- ``greedy(sentences, max_words)`` is the greedy extractive oracle: it adds, one
  at a time, the sentence that most increases ROUGE-1 F + ROUGE-2 F of the
  selection, until the selection has ``max_words`` words or no sentence
  increases the sum.  The selection's n-grams are the sum of its sentences'
  n-grams (bigrams across a sentence boundary are not counted, so the greedy
  score can differ from rouge-score on the joined text by a hair).  A sentence
  that would overflow the budget is judged by its first words that fit, since
  every system's output is cut at the budget.

``greedy_oracle(sentences, reference, max_words)`` is the one-call form.
Words (for budgets) are whitespace-separated tokens, as everywhere in the harness.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np
from nltk.stem import porter
from rouge_score import tokenize

_stem = lru_cache(maxsize=None)(porter.PorterStemmer().stem)


class _Stemmer:
    @staticmethod
    def stem(word: str) -> str:
        return _stem(word)


@lru_cache(maxsize=200_000)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tuple(tokenize.tokenize(text, _Stemmer))


def rouge_tokens(text: str) -> tuple[str, ...]:
    """rouge-score's tokens of ``text`` (lowercased, alphanumeric, Porter-stemmed)."""
    return _cached_tokens(text)


def _fmeasure(overlap, pred_count, ref_count):
    """rouge-score's F1 from overlap counts; works on numbers and numpy arrays."""
    precision = overlap / np.maximum(pred_count, 1)
    recall = overlap / max(ref_count, 1)
    total = precision + recall
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(total > 0, 2 * precision * recall / np.where(total > 0, total, 1), 0.0)
    return f


class NgramRouge:
    """ROUGE-1/2 of texts and sentence selections against one reference text."""

    def __init__(self, reference: str) -> None:
        tokens = rouge_tokens(reference)
        uni = Counter((t,) for t in tokens)
        bi = Counter(zip(tokens, tokens[1:]))
        self._ids: dict[tuple[str, ...], int] = {}
        for gram in list(uni) + list(bi):
            self._ids[gram] = len(self._ids)
        self._n_uni = len(uni)
        self._ref = np.zeros(len(self._ids), dtype=np.int64)
        for gram, c in (uni + bi).items():
            self._ref[self._ids[gram]] = c
        self.ref_unigrams = len(tokens)
        self.ref_bigrams = max(len(tokens) - 1, 0)

    # -- one text ----------------------------------------------------------
    def _vector(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(gram ids, counts) of the reference n-grams in ``tokens``, and its n-gram totals."""
        counts: Counter[int] = Counter()
        ids = self._ids
        for gram in [(t,) for t in tokens] + list(zip(tokens, tokens[1:])):
            gid = ids.get(gram)
            if gid is not None:
                counts[gid] += 1
        keys = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        vals = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        return keys, vals, len(tokens), max(len(tokens) - 1, 0)

    def scores(self, text: str) -> tuple[float, float]:
        """(ROUGE-1 F, ROUGE-2 F) of ``text`` as one token stream, as rouge-score does."""
        keys, vals, n1, n2 = self._vector(rouge_tokens(text))
        overlap = np.minimum(vals, self._ref[keys])
        is_uni = keys < self._n_uni
        o1, o2 = int(overlap[is_uni].sum()), int(overlap[~is_uni].sum())
        return (float(_fmeasure(o1, n1, self.ref_unigrams)), float(_fmeasure(o2, n2, self.ref_bigrams)))

    def sentence_recalls(self, sentences: Sequence[str]) -> np.ndarray:
        """Array (n, 2): share of the reference's unigrams / bigrams each sentence covers."""
        out = np.zeros((len(sentences), 2))
        for i, s in enumerate(sentences):
            keys, vals, _, _ = self._vector(rouge_tokens(s))
            overlap = np.minimum(vals, self._ref[keys])
            is_uni = keys < self._n_uni
            out[i, 0] = overlap[is_uni].sum() / max(self.ref_unigrams, 1)
            out[i, 1] = overlap[~is_uni].sum() / max(self.ref_bigrams, 1)
        return out

    # -- greedy oracle -------------------------------------------------------
    def greedy(self, sentences: Sequence[str], max_words: int | None = None) -> list[int]:
        """Indices of the greedy oracle selection, in the order they were picked."""
        words = [s.split() for s in sentences]
        full = [self._vector(rouge_tokens(s)) for s in sentences]
        selected: list[int] = []
        chosen = np.zeros(len(sentences), dtype=bool)
        sel = np.zeros(len(self._ref), dtype=np.int64)
        sel_n1 = sel_n2 = used = 0
        best_total = 0.0
        while True:
            room = None if max_words is None else max_words - used
            if room is not None and room <= 0:
                break
            cands = [i for i in range(len(sentences)) if not chosen[i] and words[i]]
            if not cands:
                break
            vecs = [
                full[i] if room is None or len(words[i]) <= room
                else self._vector(rouge_tokens(" ".join(words[i][:room])))
                for i in cands
            ]
            lengths = np.array([len(v[0]) for v in vecs])
            rows = np.repeat(np.arange(len(cands)), lengths)
            keys = np.concatenate([v[0] for v in vecs]) if len(rows) else np.zeros(0, np.int64)
            vals = np.concatenate([v[1] for v in vecs]) if len(rows) else np.zeros(0, np.int64)
            ref_k, sel_k = self._ref[keys], sel[keys]
            inc = np.minimum(sel_k + vals, ref_k) - np.minimum(sel_k, ref_k)
            is_uni = keys < self._n_uni
            o1 = np.bincount(rows, weights=inc * is_uni, minlength=len(cands))
            o2 = np.bincount(rows, weights=inc * ~is_uni, minlength=len(cands))
            base1 = np.minimum(sel[: self._n_uni], self._ref[: self._n_uni]).sum()
            base2 = np.minimum(sel[self._n_uni :], self._ref[self._n_uni :]).sum()
            n1 = sel_n1 + np.array([v[2] for v in vecs])
            n2 = sel_n2 + np.array([v[3] for v in vecs])
            total = _fmeasure(base1 + o1, n1, self.ref_unigrams) + _fmeasure(
                base2 + o2, n2, self.ref_bigrams
            )
            j = int(np.argmax(total))  # first best: ties go to the earlier sentence
            if total[j] <= best_total:
                break
            best_total = float(total[j])
            i = cands[j]
            keys_i, vals_i, c1, c2 = vecs[j]
            np.add.at(sel, keys_i, vals_i)
            sel_n1, sel_n2 = sel_n1 + c1, sel_n2 + c2
            used += min(len(words[i]), room) if room is not None else len(words[i])
            chosen[i] = True
            selected.append(i)
        return selected


def greedy_oracle(
    sentences: Sequence[str], reference: str, max_words: int | None = None
) -> list[int]:
    """Greedy ROUGE-1+2 F oracle: indices of ``sentences`` in pick order."""
    return NgramRouge(reference).greedy(sentences, max_words)
