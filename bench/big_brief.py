"""How does one very large brief scale? (time and peak memory)

Pools every document of the first N Multi-News validation clusters into a
single story and briefs it, once per N, each in a fresh process so peak
memory is its own:

    .venv/bin/python bench/big_brief.py [--data PATH] [--clusters 150 600]
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/multinews/validation.jsonl.gz"


def one(path: Path, clusters: int) -> None:
    from newsfuse.evaluate.data import EvalCluster, read_clusters
    from newsfuse.pipeline import brief_texts

    documents = [
        doc
        for cluster in read_clusters(path, limit=clusters)
        if isinstance(cluster, EvalCluster)
        for doc in cluster.documents
    ]
    started = time.perf_counter()
    brief = brief_texts(documents)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| {clusters} | {len(documents)} | {len(brief.sentences)} | {seconds:.1f} | {peak_mb:.0f} |", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--clusters", type=int, nargs="+", default=[150, 600])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (Multi-News lives in ../shared/data/multinews)", file=sys.stderr)
        return 0
    if args.one:
        one(args.data, args.one)
        return 0
    print("| clusters pooled | reports | brief sentences | brief s | peak MB |\n|---:|---:|---:|---:|---:|", flush=True)
    for n in args.clusters:
        subprocess.run([sys.executable, __file__, "--data", str(args.data), "--one", str(n)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
