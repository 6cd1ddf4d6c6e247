"""Training examples: Multi-News clusters -> (features, labels) per sentence.

Every cluster goes through the same stages as a brief
(``pipeline.prepare(ingest.articles_from_texts(documents))``), so the model
learns on exactly the sentences it will rank. The label of a sentence is how
much of the reference it carries per word: the mean of its ROUGE-1 and ROUGE-2
precision against the reference summary (clipped n-gram counts, rouge-score's
tokens and stemmer, via ``evaluate.ngram``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from ..rank import RankInput
from ..rank.features import FEATURES, Lexicon, feature_matrix


@dataclass(frozen=True)
class Story:
    """One prepared cluster with its reference summary."""

    id: str
    rank_input: RankInput
    reference: str


@dataclass
class Examples:
    features: np.ndarray  # (n_sentences, len(FEATURES)) float32
    labels: np.ndarray  # (n_sentences,) float64
    cluster: np.ndarray  # (n_sentences,) int: which story each row belongs to
    stories: int = 0
    problems: list[str] = field(default_factory=list)



def read_stories(
    path: str | Path,
    limit: int | None = None,
    problems: list[str] | None = None,
    keep: Callable[[int], bool] | None = None,
) -> Iterable[Story]:
    """Prepared stories of a Multi-News style JSONL(.gz) file, in file order.

    Only clusters whose 0-based index passes ``keep`` are prepared (all when
    None). Bad lines and clusters with no usable sentence are skipped and
    described in ``problems`` (when given)."""
    from ..evaluate.data import DataProblem, read_clusters
    from ..ingest import articles_from_texts
    from ..pipeline import prepare

    for item in read_clusters(path, limit=limit):
        if isinstance(item, DataProblem):
            if problems is not None:
                problems.append(f"{path}: {item}")
            continue
        if keep is not None and not keep(item.index):
            continue
        story = prepare(articles_from_texts(list(item.documents)))
        if not story.sentences:
            if problems is not None:
                problems.append(f"{path}: line {item.line}: no usable sentence")
            continue
        yield Story(item.id, story.rank_input, "\n".join(item.references))


def sentence_labels(texts: Sequence[str], reference: str) -> np.ndarray:
    """Mean ROUGE-1 / ROUGE-2 precision of each sentence against ``reference``."""
    from ..evaluate.ngram import NgramRouge, rouge_tokens

    rouge = NgramRouge(reference)
    recalls = rouge.sentence_recalls(texts)
    n_tokens = np.array([len(rouge_tokens(t)) for t in texts], dtype=np.float64)
    p1 = recalls[:, 0] * rouge.ref_unigrams / np.maximum(n_tokens, 1.0)
    p2 = recalls[:, 1] * rouge.ref_bigrams / np.maximum(n_tokens - 1.0, 1.0)
    return (p1 + p2) / 2.0


def build_examples(
    stories: Iterable[Story],
    lexicon: Lexicon | None = None,
    progress: Callable[[int], None] | None = None,
) -> Examples:
    """Features and labels of every sentence of ``stories``."""
    blocks, labels, cluster = [], [], []
    count = 0
    for story in stories:
        texts = [s.text for s in story.rank_input.sentences]
        blocks.append(feature_matrix(story.rank_input, lexicon))
        labels.append(sentence_labels(texts, story.reference))
        cluster.append(np.full(len(texts), count, dtype=np.int64))
        count += 1
        if progress is not None:
            progress(count)
    if not blocks:
        return Examples(
            np.zeros((0, len(FEATURES)), np.float32), np.zeros(0), np.zeros(0, np.int64), 0
        )
    return Examples(np.vstack(blocks), np.concatenate(labels), np.concatenate(cluster), count)
