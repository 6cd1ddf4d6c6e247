"""Read the front page a reader would meet: a dated DUC/TAC stream loaded through the service in
batches (date order), then the `sort=top` story list printed as the page shows it.

    nice -n 10 python bench/story_list.py [--data ../shared/data/duc/duc2003_task2.jsonl.gz]
                                          [--batches 10] [--limit 60]

Prints the load time and counts, then per story: id, reports, outlets, date span, title (T) and
lede (L). For reading, not scoring: bench/cluster_quality.py scores the grouping, bench/titles.py
the titles. Development data only; skipped with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "duc" / "duc2003_task2.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared is absent)")
        return 0
    from newsfuse.ingest import Article
    from newsfuse.service import NewsService

    reports = []
    with gzip.open(args.data, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for doc_id, text, date in zip(row["doc_ids"], row["documents"], row["dates"]):
                reports.append(Article(id=doc_id, text=text, source=doc_id[:3], published=date or None))
    reports.sort(key=lambda a: (a.published or "", a.id))
    with tempfile.TemporaryDirectory() as tmp:
        service = NewsService(Path(tmp) / "stories.db")
        size = -(-len(reports) // max(1, args.batches))
        started = time.perf_counter()
        for start in range(0, len(reports), size):
            service.add(reports[start:start + size])
        articles, stories = service.count()
        print(f"loaded {articles} articles into {stories} stories in {time.perf_counter() - started:.1f} s")
        total, page = service.stories(limit=args.limit, sort="top")
        for story in page:
            print(f"#{story.id} reports={story.size} outlets={', '.join(story.sources)} {story.first}..{story.last}")
            print(f"   T: {story.title}")
            print(f"   L: {(story.lede or '')[:200]}")
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
