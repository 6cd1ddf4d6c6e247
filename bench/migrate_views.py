"""What schema step 9 costs: a store of Multi-News validation documents stripped back to body terms
(as stores made before issue 17 kept them), then opened, which runs the step once.

  nice -n 10 .venv/bin/python bench/migrate_views.py              # 5,000 documents
  nice -n 10 .venv/bin/python bench/migrate_views.py --docs 20000

Prints the articles re-analysed, wall and CPU seconds of the open, and the process's peak RSS.
Needs ../shared/data/multinews/; says so and exits when it is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews" / "validation.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared is absent)")
        return 0
    from newsfuse.ingest import Article
    from newsfuse.stories import features, index
    from newsfuse.store import StoryStore, terms

    docs: list[str] = []
    with gzip.open(args.data, "rt", encoding="utf-8") as lines:
        for line in lines:
            docs += [d for d in json.loads(line).get("documents", []) if d.strip()]
            if len(docs) >= args.docs:
                break
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "before-views.db"
        with StoryStore(db) as store:
            store.add([Article(id=f"d{i}", source="x", text=t) for i, t in enumerate(docs[:args.docs])])
            conn = store.conn
            stats = terms.load_stats(conn)
            with store.transaction():  # back to body terms only, view terms uncounted
                for rowid, blob in conn.execute("SELECT article, terms FROM analyses").fetchall():
                    ids, tf = index.unpack(blob)
                    body = ids < features.N_FEATURES
                    stats.term_df[ids[~body]] -= 1
                    conn.execute("UPDATE analyses SET terms = ? WHERE article = ?",
                                 (index.pack(ids[body], tf[body]), rowid))
                terms.save_stats(conn, stats)
                conn.execute("PRAGMA user_version = 8")  # before step 9
            n = conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        StoryStore(db).close()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"step 9 re-analysed {n:,} articles: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({1000 * cpu / max(n, 1):.2f} ms an article); peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
