"""ROUGE scoring for the evaluation harness, over the ``rouge-score`` package.

Sentence splitting (decided once, the same for every system and every reference):
a text is split into sentences with ``syntok`` (deterministic, no model data);
each sentence becomes one line, and ROUGE-Lsum treats lines as sentences.
A candidate is given as the list of sentences the system output; each of them
is split again with syntok (so a "sentence" that holds two is scored as two,
whatever segmenter the system used).  A reference given as a plain string is
split the same way.

Scores are F1 × 100 (``rouge1``, ``rouge2``, ``rougeLsum``) and recall × 100
(``rouge1_r``, ``rouge2_r``: the DUC/TAC convention, where every system is cut
at the same word budget) from ``rouge_scorer.RougeScorer(["rouge1", "rouge2",
"rougeLsum"], use_stemmer=True)``; ROUGE-Lsum is by default computed by
:mod:`newsfuse.evaluate.lsum`, an exact and faster re-implementation of the
package's summary-level LCS (``Rouge(fast_lsum=False)`` uses the package's own;
the tests check both agree).  Tokenisation is rouge-score's own
(``rouge_score.tokenize.tokenize`` with NLTK's Porter stemmer); we only cache
the stem of each word and the tokens of each text line, which leaves every
score unchanged and makes repeated scoring much faster.

The fast n-gram ROUGE-1/2 helper (oracle, training labels) lives in
:mod:`newsfuse.evaluate.ngram` and is re-exported here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from rouge_score import rouge_scorer, tokenizers
from syntok import segmenter

from .lsum import summary_lcs_f
from .ngram import NgramRouge, greedy_oracle, rouge_tokens  # noqa: F401  (re-export)

F1_METRICS: tuple[str, ...] = ("rouge1", "rouge2", "rougeLsum")
RECALL_METRICS: tuple[str, ...] = ("rouge1_r", "rouge2_r")
METRICS: tuple[str, ...] = F1_METRICS + RECALL_METRICS


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences with syntok; whitespace runs collapsed to one space."""
    return list(_split_cached(text))


@lru_cache(maxsize=100_000)
def _split_cached(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            if not sentence:
                continue
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            piece = " ".join(text[start:end].split())
            if piece:
                sentences.append(piece)
    return tuple(sentences)


def sentence_lines(sentences: Sequence[str] | str) -> str:
    """One sentence per line: every given sentence (or the whole text) re-split with syntok."""
    if isinstance(sentences, str):
        sentences = [sentences]
    return "\n".join(s for chunk in sentences for s in split_sentences(chunk))


def _line_tokens(text: str) -> list[tuple[str, ...]]:
    """Tokens of each non-empty line, as rouge-score's rougeLsum splits a text."""
    return [rouge_tokens(line) for line in text.split("\n") if line]


class CachedRougeTokenizer(tokenizers.Tokenizer):
    """rouge-score's DefaultTokenizer(use_stemmer=True), with cached results."""

    def tokenize(self, text: str) -> list[str]:
        return list(rouge_tokens(text))


class Rouge:
    """ROUGE-1/2/Lsum F1 and ROUGE-1/2 recall (× 100) of a candidate against one or several references."""

    def __init__(self, fast_lsum: bool = True) -> None:
        self._fast_lsum = fast_lsum
        types = ["rouge1", "rouge2"] if fast_lsum else list(F1_METRICS)
        self._scorer = rouge_scorer.RougeScorer(
            types, use_stemmer=True, tokenizer=CachedRougeTokenizer()
        )

    def score_lines(self, candidate: str, reference: str) -> dict[str, float]:
        """Score texts that are already one sentence per line."""
        scored = self._scorer.score(reference, candidate)
        result = {m: s.fmeasure for m, s in scored.items()}
        result["rouge1_r"] = scored["rouge1"].recall
        result["rouge2_r"] = scored["rouge2"].recall
        if self._fast_lsum:
            result["rougeLsum"] = summary_lcs_f(_line_tokens(reference), _line_tokens(candidate))[2]
        return {m: 100.0 * result[m] for m in METRICS}

    def score(
        self, candidate: Sequence[str] | str, references: Sequence[str] | str
    ) -> dict[str, float]:
        """Mean F1 and recall × 100 over the references.

        ``candidate``: the system's sentences (or one string); ``references``: one
        reference text or a list of them (each a plain string, split here).
        """
        if isinstance(references, str):
            references = [references]
        if not references:
            raise ValueError("at least one reference is needed")
        cand = sentence_lines(candidate)
        totals = dict.fromkeys(METRICS, 0.0)
        for ref in references:
            for m, v in self.score_lines(cand, sentence_lines(ref)).items():
                totals[m] += v
        return {m: totals[m] / len(references) for m in METRICS}
