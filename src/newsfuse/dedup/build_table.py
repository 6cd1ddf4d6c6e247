"""Build the word-bigram presence table that ``spin`` ships with.

    python -m newsfuse.dedup.build_table [--data ../shared/data/multinews/train.jsonl.gz]
        [--vocab 30000] [--bits 26] [--min-count 1] [--limit N] [--out PATH]

Reads Multi-News *train* documents (one cluster per line), counts lower-cased
words (numbers folded to "0"), keeps the ``--vocab`` most frequent as the
vocabulary, counts every bigram of two vocabulary words inside a clause
(``text.clauses``: never across punctuation), and sets one bit per
bigram seen at least ``--min-count`` times in a ``2**bits``-bit array (one
multiplicative hash). Output: ``src/newsfuse/dedup/data/bigrams.npz`` with the
vocabulary (most frequent first) and the packed bits. A bigram the table lacks
is "unseen in ordinary news"; hash collisions only make the table say "seen"
a little too often, which errs on the side of not flagging.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterator

import numpy as np

from .bigrams import TABLE, bit_positions, norm, word_ids
from ..text import clauses

DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "multinews" / "train.jsonl.gz"
DEFAULT_OUT = TABLE


def documents(path: Path, limit: int | None) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            yield from json.loads(line)["documents"]


def build(path: Path, vocab_size: int, bits: int, min_count: int, limit: int | None) -> tuple[list[str], np.ndarray, dict]:
    t0 = time.perf_counter()
    counts: Counter[str] = Counter()
    for doc in documents(path, limit):
        for clause in clauses(doc):
            counts.update(map(norm, clause))
    vocab = [w for w, _ in counts.most_common(vocab_size)]
    ids = {w: i for i, w in enumerate(vocab)}
    t1 = time.perf_counter()

    slots = np.zeros(1 << bits, dtype=np.uint8)  # saturating per-slot counts
    batch: list[np.ndarray] = []
    n_bigrams = 0

    def flush() -> None:
        if batch:
            pos = np.concatenate(batch)
            hits = np.bincount(pos, minlength=slots.size)
            np.minimum(slots.astype(np.int64) + hits, 255, out=hits)
            slots[:] = hits
            batch.clear()

    pending = 0
    for doc in documents(path, limit):
        seq = word_ids(clauses(doc), ids)
        if seq.size < 2:
            continue
        a, b = seq[:-1], seq[1:]
        keep = (a >= 0) & (b >= 0)
        pos = bit_positions(a[keep], b[keep], len(vocab), bits)
        n_bigrams += pos.size
        batch.append(pos)
        pending += pos.size
        if pending > 20_000_000:
            flush()
            pending = 0
    flush()
    present = slots >= min_count
    stats = {
        "documents_seconds": round(time.perf_counter() - t0, 1),
        "vocab_seconds": round(t1 - t0, 1),
        "in_vocab_bigrams": n_bigrams,
        "bits_set": int(present.sum()),
        "fill": round(float(present.mean()), 4),
    }
    return vocab, np.packbits(present), stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--vocab", type=int, default=30000)
    ap.add_argument("--bits", type=int, default=26)
    ap.add_argument("--min-count", type=int, default=1)
    ap.add_argument("--limit", type=int, default=None, help="clusters to read (default: all)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 1
    vocab, packed, stats = build(args.data, args.vocab, args.bits, args.min_count, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        vocab=np.array("\n".join(vocab)),
        bits=packed,
        nbits=np.array(args.bits),
        min_count=np.array(args.min_count),
    )
    print(json.dumps({**stats, "out": str(args.out), "bytes": args.out.stat().st_size}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
