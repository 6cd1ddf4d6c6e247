"""How long the front page takes with its ledes (issue 21): a list page whose stories have no brief yet
(each lede cleaned and split from its lead report), the same page again (ledes kept per story and update
time), and after every listed story's brief was made (ledes read from the brief cache).

    python bench/front_page.py [--clusters 100] [--data ../shared/data/multinews/validation.jsonl.gz]

Loads the first N Multi-News clusters into a fresh database (development data only; skipped with a
message when ../shared is absent) and prints seconds per list page, through the service and through
a live server's GET /.
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
DATA = ROOT.parent / "shared" / "data" / "multinews" / "validation.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=100)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared is absent)")
        return 0
    import httpx

    from newsfuse.service import NewsService
    from newsfuse.web import create_app
    from newsfuse.web.server import BackgroundServer

    clusters = []
    with gzip.open(args.data, "rt", encoding="utf-8") as lines:
        for line in lines:
            clusters.append(json.loads(line))
            if len(clusters) >= args.clusters:
                break
    with tempfile.TemporaryDirectory() as folder, NewsService(Path(folder) / "stories.db") as service:
        start = time.perf_counter()
        for cluster in clusters:
            service.add_objects([{"documents": cluster.get("documents") or cluster.get("document")}])
        n_articles, n_stories = service.count()
        print(f"loaded {len(clusters)} clusters: {n_articles} articles, {n_stories} stories "
              f"in {time.perf_counter() - start:.1f} s")

        def page(label: str) -> list:
            service._lists.drop(lambda key: False)  # the list page itself is not kept: measure its making
            t = time.perf_counter()
            _, stories = service.stories(limit=50)
            print(f"{label}: {time.perf_counter() - t:.3f} s for 50 stories")
            return stories

        service._ledes.drop(lambda key: False)
        stories = page("list, no brief made, ledes not kept (each cleaned and split)")
        page("list again (ledes kept per story and update time)")
        t = time.perf_counter()
        for story in stories:
            service.brief_json(story.id, 120)
        print(f"(made the 50 briefs in {time.perf_counter() - t:.1f} s)")
        page("list after the briefs (ledes read once from the brief cache)")
        page("list again")
        with BackgroundServer(create_app(service)) as server:
            times = []
            for _ in range(5):
                service._lists.drop(lambda key: False)
                t = time.perf_counter()
                answer = httpx.get(server.url + "/", timeout=60)
                times.append(time.perf_counter() - t)
                assert answer.status_code == 200
            print(f"GET / (page made each time): median {sorted(times)[2]:.3f} s of 5, {len(answer.content):,} bytes")
        no_lede = sum(1 for s in stories if not s.lede)
        print(f"stories without a lede: {no_lede} of {len(stories)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
