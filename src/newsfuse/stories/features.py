"""Article vectors for story clustering: template-free, hashed, sublinear TF-IDF.

Everything here is deterministic across processes and runs (no Python
``hash``), so the SQLite store and Spark workers compute the same vectors:

* tokens: lowercase words, stable ids from CRC32;
* templates: word 5-gram shingles whose document frequency reaches
  ``TEMPLATE_DF`` (cookie notices, "enable javascript", web-archive blurbs) are
  boilerplate shared by unrelated stories; the tokens they cover are dropped
  before vectorising, so such texts cannot glue stories together;
* terms: hashed into ``N_FEATURES`` buckets (the hashing trick, as in
  ``sklearn.feature_extraction.text.HashingVectorizer``), weighted by
  newsfuse.text's TF-IDF (``1 + log(tf)`` times a smoothed IDF) with the document
  frequencies in :class:`CorpusStats`, rows L2-normalised.

:class:`CorpusStats` holds the only fitted state (shingle and term document
frequencies as fixed-size count arrays), so it can be persisted and updated
batch after batch with a stable vocabulary.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from anyascii import anyascii
from sklearn.preprocessing import normalize

from ..text import CLUSTER_STOP_WORDS, CLUSTER_TERM, smooth_idf, sublinear_tf

N_FEATURES = 1 << 20  # hashed term space of one view (the body's; :mod:`.views` adds three more)
N_VIEWS = 4  # body, lead, named entities, numbers: term ids of view v lie in [v * N_FEATURES, (v + 1) * N_FEATURES)
N_TERMS = N_VIEWS * N_FEATURES
N_SHINGLE_BUCKETS = 1 << 23  # hashed 5-gram space (count array of uint16)
SHINGLE_SIZE = 5
TEMPLATE_DF = 8  # a 5-gram in this many documents is boilerplate, not news
MIN_TOKEN_LEN = 2
MIN_CONTENT_TERMS = 5  # fewer content words than this once templates are removed: boilerplate only

_MULT = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio multiplier for the rolling hash
# Latin letters with accents folded to ASCII (anyascii, once at import; str.translate is C speed), so
# "Erdoğan" and "Erdogan" are one token
FOLD = str.maketrans({c: anyascii(chr(c)) for c in range(0xC0, 0x250) if anyascii(chr(c)).isalpha()})


def fold(text: str) -> str:
    """``text`` with accented Latin letters spelled in ASCII (same length or longer, never fewer tokens)."""
    return text if text.isascii() else text.translate(FOLD)


def token_ids(text: str) -> np.ndarray:
    """Stable 32-bit ids of the lowercase word tokens of ``text`` (in order)."""
    words = CLUSTER_TERM.findall(fold(text).lower())
    return np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))


def _stop_mask(text: str) -> np.ndarray:
    words = CLUSTER_TERM.findall(fold(text).lower())
    return np.fromiter(
        (w not in CLUSTER_STOP_WORDS and len(w) >= MIN_TOKEN_LEN and not w.isdigit() for w in words),
        dtype=bool,
        count=len(words),
    )


def shingles(ids: np.ndarray, n: int = SHINGLE_SIZE) -> np.ndarray:
    """Hashes of the word n-grams of ``ids`` (position i = n-gram starting at token i)."""
    if len(ids) < n:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * _MULT + ids[k : len(ids) - n + 1 + k]
    return h


@dataclass
class Doc:
    """Tokens of one article, ready to be counted and vectorised."""

    ids: np.ndarray  # token ids, in order
    keep: np.ndarray  # True for content words (not stop words, not numbers)
    shingle_buckets: np.ndarray  # unique shingle buckets of the document
    extra: tuple = ()  # the other views' (token positions, term ids): see newsfuse.stories.views


def analyse(text: str) -> Doc:
    from . import views

    ids = token_ids(text)
    buckets = np.unique(shingles(ids) % np.uint64(N_SHINGLE_BUCKETS)).astype(np.int64)
    keep = _stop_mask(text)
    return Doc(ids=ids, keep=keep, shingle_buckets=buckets, extra=views.view_tokens(text, ids, keep))


@dataclass
class CorpusStats:
    """Document frequencies seen so far: the fitted, persistable state."""

    n_docs: int = 0
    shingle_df: np.ndarray = field(default_factory=lambda: np.zeros(N_SHINGLE_BUCKETS, dtype=np.uint16))
    term_df: np.ndarray = field(default_factory=lambda: np.zeros(N_TERMS, dtype=np.uint32))

    def __post_init__(self) -> None:
        if len(self.term_df) < N_TERMS:  # statistics saved before the other views existed
            self.term_df = np.concatenate([self.term_df, np.zeros(N_TERMS - len(self.term_df), dtype=np.uint32)])

    def add_shingles(self, docs: Sequence[Doc]) -> None:
        if not docs:
            return
        buckets, counts = np.unique(np.concatenate([d.shingle_buckets for d in docs]), return_counts=True)
        total = self.shingle_df[buckets].astype(np.int64) + counts  # only the buckets seen: O(batch)
        self.shingle_df[buckets] = np.minimum(total, np.iinfo(np.uint16).max)

    def add_terms(self, term_lists: Sequence[np.ndarray]) -> None:
        for terms in term_lists:
            self.term_df[np.unique(terms)] += 1
        self.n_docs += len(term_lists)

    def idf(self) -> np.ndarray:
        return smooth_idf(self.n_docs, self.term_df).astype(np.float32)


def content_terms(doc: Doc, stats: CorpusStats) -> np.ndarray:
    """Hashed term ids of the content words not covered by a template shingle (the body view)."""
    return article_terms(doc, stats, views=False)


def article_terms(doc: Doc, stats: CorpusStats, views: bool = True) -> np.ndarray:
    """Term ids of every view (body ids first) of the tokens not covered by a template shingle."""
    ids = doc.ids
    free = np.ones(len(ids), dtype=bool)
    sh = shingles(ids)
    if len(sh):
        frequent = stats.shingle_df[(sh % np.uint64(N_SHINGLE_BUCKETS)).astype(np.int64)] >= TEMPLATE_DF
        if frequent.any():
            covered = np.zeros(len(ids) + 1, dtype=np.int32)
            starts = np.flatnonzero(frequent)
            np.add.at(covered, starts, 1)
            np.add.at(covered, starts + SHINGLE_SIZE, -1)
            free = np.cumsum(covered)[: len(ids)] == 0
    body = (ids[doc.keep & free] % np.uint64(N_FEATURES)).astype(np.int64)
    if not views:
        return body
    from .views import view_terms

    return np.concatenate([body, view_terms(doc, free)])


def body_of(terms: np.ndarray) -> np.ndarray:
    """The body view's ids among an article's term ids."""
    return terms[terms < N_FEATURES]


def is_boilerplate(terms: np.ndarray) -> bool:
    """True when (almost) nothing is left of a text once templates and stop words are removed."""
    return int(np.count_nonzero(terms < N_FEATURES)) < MIN_CONTENT_TERMS


def vectorise_counts(docs: Sequence[tuple[np.ndarray, np.ndarray]], idf: np.ndarray, view: int = 0) -> sp.csr_matrix:
    """L2-normalised sublinear TF-IDF rows of one view (float32 CSR, N_FEATURES columns) from each
    document's (distinct term ids, counts): the one builder of article vectors (one-shot grouping,
    Spark, the store's new and stored articles, and each view of :mod:`.similarity`). Only the ids of
    ``view`` (``view * N_FEATURES`` up to the next view) are kept, shifted to start at 0; ``idf`` covers
    every view (or, for view 0, at least the body)."""
    if not docs:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    return view_rows(*concat_counts(docs), idf, view)


def concat_counts(docs: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(term ids as int64, counts, each document's number of ids) of non-empty ``docs`` laid end to end:
    what :func:`view_rows` takes."""
    lengths = np.fromiter((len(d[0]) for d in docs), dtype=np.int64, count=len(docs))
    ids = np.concatenate([np.asarray(d[0]) for d in docs]).astype(np.int64)
    tf = np.concatenate([np.asarray(d[1]) for d in docs])
    return ids, tf, lengths


def view_rows(ids: np.ndarray, tf: np.ndarray, lengths: np.ndarray, idf: np.ndarray, view: int = 0) -> sp.csr_matrix:
    """:func:`vectorise_counts` of documents given as concatenated term ids (int64, ascending within a
    document), their counts, and each document's number of ids: numpy over the whole batch, no loop."""
    lo = view * N_FEATURES
    sel = (ids >= lo) & (ids < lo + N_FEATURES)
    row = np.repeat(np.arange(len(lengths)), lengths)[sel]
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=len(lengths)), out=indptr[1:])
    cols = ids[sel]
    data = (sublinear_tf(tf[sel].astype(np.float32)) * idf[cols]).astype(np.float32)
    X = sp.csr_matrix((data, cols - lo, indptr), shape=(len(lengths), N_FEATURES), dtype=np.float32)
    return normalize(X, norm="l2", copy=False)


def vectorise(term_lists: Sequence[np.ndarray], stats: CorpusStats) -> sp.csr_matrix:
    """:func:`vectorise_counts` of term lists, with the IDF of ``stats``."""
    return vectorise_counts([np.unique(np.asarray(t, dtype=np.int64), return_counts=True) for t in term_lists], stats.idf())


def fit_terms(texts: Sequence[str], stats: CorpusStats | None = None) -> tuple[list[np.ndarray], CorpusStats]:
    """Update ``stats`` (or a fresh one) with ``texts`` and return their content terms."""
    stats = stats if stats is not None else CorpusStats()
    docs = [analyse(t) for t in texts]
    stats.add_shingles(docs)
    terms = [article_terms(d, stats) for d in docs]
    stats.add_terms(terms)
    return terms, stats


def fit_vectors(texts: Sequence[str], stats: CorpusStats | None = None) -> tuple[sp.csr_matrix, CorpusStats]:
    """Update ``stats`` (or a fresh one) with ``texts`` and return their vectors."""
    terms, stats = fit_terms(texts, stats)
    return vectorise(terms, stats), stats
