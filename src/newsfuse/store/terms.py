"""SQL of the clustering state: corpus statistics (``meta``) and the candidate index (``analyses``,
``postings``). What is stored and why is in :mod:`newsfuse.stories.index` (packing, top terms,
vectors: pure functions); here are only the reads and writes. Functions take the store's open
connection and do not commit: the store's transaction does.
"""
from __future__ import annotations

import sqlite3
import zlib
from typing import Iterable, Sequence

import numpy as np

from ..stories import features
from ..stories.index import PER_TERM, POSTED_TERMS, QUERY_TERMS, pack, top_terms, unpack
from .db import chunks, select_in


def load_stats(conn: sqlite3.Connection) -> features.CorpusStats:
    """The stored corpus statistics (document frequencies of shingles and terms)."""
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('n_docs', 'shingle_df', 'term_df')"))
    if "n_docs" not in rows:
        return features.CorpusStats()
    return features.CorpusStats(
        n_docs=int(rows["n_docs"]),
        shingle_df=np.frombuffer(zlib.decompress(rows["shingle_df"]), dtype=np.uint16).copy(),
        term_df=np.frombuffer(zlib.decompress(rows["term_df"]), dtype=np.uint32).copy(),
    )


def save_stats(conn: sqlite3.Connection, stats: features.CorpusStats) -> None:
    values = {
        "n_docs": str(stats.n_docs).encode(),
        "shingle_df": zlib.compress(stats.shingle_df.tobytes(), 1),
        "term_df": zlib.compress(stats.term_df.tobytes(), 1),
    }
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items())


def save(conn: sqlite3.Connection, rows: Sequence[tuple[int, np.ndarray, np.ndarray]], idf: np.ndarray) -> None:
    """Store (rowid, term ids, counts) of new articles and post their top terms."""
    conn.executemany("INSERT OR REPLACE INTO analyses (article, terms) VALUES (?, ?)",
                     [(rowid, pack(ids, tf)) for rowid, ids, tf in rows])
    conn.executemany("INSERT OR IGNORE INTO postings (term, article) VALUES (?, ?)",
                     [(int(t), rowid) for rowid, ids, tf in rows for t in top_terms(ids, tf, idf, POSTED_TERMS)])


def candidates(conn: sqlite3.Connection, docs: Iterable[tuple[np.ndarray, np.ndarray]], idf: np.ndarray,
               per_term: int = PER_TERM) -> list[int]:
    """Rowids of stored articles posted under a top term of any of ``docs`` (at most ``per_term`` a term)."""
    wanted: set[int] = set()
    for ids, tf in docs:
        wanted.update(top_terms(ids, tf, idf, QUERY_TERMS).tolist())
    found: set[int] = set()
    one = f"SELECT * FROM (SELECT article FROM postings WHERE term = ? ORDER BY article DESC LIMIT {int(per_term)})"
    for part in chunks(sorted(wanted), 200):  # one statement for 200 posting lists
        found.update(r[0] for r in conn.execute(" UNION ALL ".join([one] * len(part)), part))
    return sorted(found)


def load(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Stored term counts of these articles (rowid -> (ids, counts)), read without their texts."""
    rows = select_in(conn, "SELECT article, terms FROM analyses WHERE article IN ({in})", sorted(set(rowids)))
    return {rowid: unpack(blob) for rowid, blob in rows}
