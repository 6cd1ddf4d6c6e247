"""The store's candidate index: each article's analysis and its most telling terms.

A batch finds the stored articles that may share its stories through an
inverted index (``postings``: term -> articles) instead of comparing with
every stored article, and re-analyses those candidates from their stored
token ids (``analyses``) instead of their texts. Both reads are bounded per
new article, whatever the size of the store:

* each article posts its ``POSTED_TERMS`` highest TF-IDF terms (IDF of the
  corpus at the time it is stored);
* a new article looks up its own ``POSTED_TERMS`` highest terms and reads at
  most the ``PER_TERM`` most recently stored articles of each posting list
  (a common term's list is long, but its recent end is what a news stream
  needs; rare terms, the telling ones, have short lists).

Functions here take the open connection of :class:`newsfuse.stories.store.StoryStore`
and do not commit: the store's transaction does.
"""
from __future__ import annotations

import sqlite3
from typing import Iterable, Sequence

import numpy as np

from . import features

POSTED_TERMS = 12
PER_TERM = 64


def top_terms(terms: np.ndarray, idf: np.ndarray, n: int = POSTED_TERMS) -> np.ndarray:
    """The ``n`` distinct terms of highest (1 + log tf) * idf (ties: smaller term id)."""
    if len(terms) == 0:
        return np.zeros(0, dtype=np.int64)
    uniq, tf = np.unique(terms, return_counts=True)
    weight = (1.0 + np.log(tf)) * idf[uniq]
    order = np.lexsort((uniq, -weight))[:n]
    return uniq[order]


def save_analysis(conn: sqlite3.Connection, rowid: int, doc: features.Doc, stats: features.CorpusStats,
                  idf: np.ndarray | None = None) -> None:
    """Store one article's analysis and post its top terms."""
    conn.execute("INSERT OR REPLACE INTO analyses (article, tokens) VALUES (?, ?)", (rowid, features.pack(doc)))
    terms = features.content_terms(doc, stats)
    idf = stats.idf() if idf is None else idf
    conn.executemany("INSERT OR IGNORE INTO postings (term, article) VALUES (?, ?)",
                     [(int(t), rowid) for t in top_terms(terms, idf)])


def candidates(conn: sqlite3.Connection, term_lists: Sequence[np.ndarray], idf: np.ndarray,
               per_term: int = PER_TERM) -> set[int]:
    """Rowids of stored articles sharing a top term with any of the given articles (bounded per term)."""
    wanted: set[int] = set()
    for terms in term_lists:
        wanted.update(int(t) for t in top_terms(terms, idf))
    found: set[int] = set()
    query = "SELECT article FROM postings WHERE term = ? ORDER BY article DESC LIMIT ?"
    for term in sorted(wanted):
        found.update(r[0] for r in conn.execute(query, (term, per_term)))
    return found


def load_docs(conn: sqlite3.Connection, rowids: Iterable[int]) -> dict[int, features.Doc]:
    """The stored analyses of these articles (rowid -> Doc), read without their texts."""
    out: dict[int, features.Doc] = {}
    ids = sorted(set(rowids))
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        for rowid, blob in conn.execute(f"SELECT article, tokens FROM analyses WHERE article IN ({marks})", part):
            out[rowid] = features.unpack(blob)
    return out
