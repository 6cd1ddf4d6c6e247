"""Does a batch's cost depend on the batch or on the store? Grow a story store batch by batch.

Feeds the documents of Multi-News train then validation (every document of
every cluster, in file order) to one SQLite story store
(:class:`newsfuse.store.StoryStore`) in batches of ``--batch-size``
(default 1,000), and prints for each batch: wall seconds, CPU seconds of the
process (less sensitive to other jobs on a shared machine), stored articles after
it, the candidates the index offered, the stored articles re-grouped with
the batch (the touched stories), and the process's peak RSS so far. At the
end: first and last batch seconds, their ratio (the target is at most 1.5),
the median of the last ten against the first ten, peak RSS (target under
2 GB) and the database size.

  nice -n 10 .venv/bin/python bench/store_scale.py                 # 100,000 articles (100 batches)
  nice -n 10 .venv/bin/python bench/store_scale.py --batches 20    # a shorter run

Reading the data is not timed. Needs ../shared/data/multinews/; says so and
exits when it is absent.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews"


def documents(paths, limit):
    from newsfuse.evaluate.data import DataProblem, read_clusters

    n = 0
    for path in paths:
        for item in read_clusters(path, None):
            if isinstance(item, DataProblem):
                print(f"store_scale: skipped {item}", file=sys.stderr)
                continue
            for doc in item.documents:
                yield f"{path.stem}-{item.index}-{n}", doc
                n += 1
                if n >= limit:
                    return


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batches", type=int, default=100, help="number of batches (default 100)")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--db", type=Path, default=None, help="database path (default: a temporary file)")
    opts = ap.parse_args(argv)
    paths = [DATA / "train.jsonl.gz", DATA / "validation.jsonl.gz"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"store_scale: data not found: {', '.join(map(str, missing))}; nothing measured", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from newsfuse.store import StoryStore

    limit = opts.batches * opts.batch_size
    docs = list(documents(paths, limit))
    print(f"{len(docs)} documents from {', '.join(p.name for p in paths)}; batches of {opts.batch_size}")
    print(f"{'batch':>5} {'wall s':>8} {'cpu s':>7} {'stored':>8} {'cands':>7} {'region':>7} {'peak MB':>8}")
    seconds, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        db = opts.db or Path(tmp) / "scale.db"
        with StoryStore(db) as store:
            for b, start in enumerate(range(0, len(docs), opts.batch_size), start=1):
                part = docs[start : start + opts.batch_size]
                t0, c0 = time.perf_counter(), time.process_time()
                added = store.add_texts([i for i, _ in part], [t for _, t in part])
                seconds.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{b:5d} {seconds[-1]:8.2f} {cpu[-1]:7.2f} {start + len(part):8d} {added.candidates:7d} {added.region:7d} "
                      f"{peak:8.0f}", flush=True)
            n_articles, n_stories = store.count()
        size_mb = db.stat().st_size / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stored {n_articles} articles in {n_stories} stories; database {size_mb:.0f} MB; peak RSS {peak:.0f} MB")
    for name, values in (("wall", seconds), ("cpu", cpu)):
        ten = min(10, len(values))
        first, last = statistics.median(values[:ten]), statistics.median(values[-ten:])
        print(f"{name}: first batch {values[0]:.2f} s, last {values[-1]:.2f} s (ratio {values[-1] / values[0]:.2f}); "
              f"median of first {ten} {first:.2f} s, of last {ten} {last:.2f} s (ratio {last / first:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
