"""Threads, redirects and the story order through a live server (issue 17): DUC 2003 topics (dated
reports, each topic a developing story over days or weeks) loaded in batches in date order, then
what the store kept and how long the pages take.

    nice -n 10 python bench/threads_pages.py [--batches 10] [--data ../shared/data/duc/duc2003_task2.jsonl.gz]

Prints: stories, threads, threads of two or more event stories and their longest span; how many
topics end with all their reports in one thread; how many story ids were merged away and whether
each answers 301 to its survivor (page) and names it (API); seconds for GET /?sort=top, /?sort=new,
/threads, /api/threads and the largest thread's page (first view, briefs made; then again).
Development data only; skipped with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "duc" / "duc2003_task2.jsonl.gz"


def _timed(client, path: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(path, follow_redirects=False)
    return time.perf_counter() - t, r.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} not found (../shared is absent)")
        return 0
    import httpx

    from newsfuse.ingest import Article
    from newsfuse.service import NewsService
    from newsfuse.web import create_app
    from newsfuse.web.server import BackgroundServer

    reports = []  # (date, topic, article object)
    with gzip.open(args.data, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for doc_id, text, date in zip(row["doc_ids"], row["documents"], row["dates"]):
                reports.append((date or "", row["id"], Article(id=doc_id, text=text, source=doc_id[:3],
                                                               published=date or None)))
    reports.sort(key=lambda r: (r[0], r[2].id))
    topic_of = {a.id: topic for _, topic, a in reports}
    with tempfile.TemporaryDirectory() as tmp:
        service = NewsService(Path(tmp) / "stories.db")
        merged: dict[int, int] = {}
        t0 = time.perf_counter()
        size = -(-len(reports) // args.batches)
        for start in range(0, len(reports), size):
            outcome = service.add([a for _, _, a in reports[start:start + size]])
            for old, new in outcome.merged.items():
                merged = {k: (new if v == old else v) for k, v in merged.items()}
                merged[old] = new
        load = time.perf_counter() - t0
        n_articles, n_stories = service.count()
        total, threads = service.threads(limit=10_000)
        multi = [t for t in threads if t.stories >= 2]
        days = [(time.mktime(time.strptime(t.last, "%Y-%m-%d")) - time.mktime(time.strptime(t.first, "%Y-%m-%d")))
                / 86400 for t in multi if t.first and t.last]
        thread_of_article: dict[str, int] = {}
        for t in threads:
            for story in service.thread(t.id)["stories"]:
                for a in service._reader().articles_of(story.id):
                    thread_of_article[a.id] = t.id
        by_topic: dict[str, Counter] = {}
        for aid, tid in thread_of_article.items():
            by_topic.setdefault(topic_of.get(aid, "?"), Counter())[tid] += 1
        whole = sum(1 for c in by_topic.values() if len(c) == 1)
        print(f"{len(reports)} reports of {len(by_topic)} topics in {args.batches} batches: {load:.1f} s")
        print(f"stored: {n_articles} articles, {n_stories} event stories, {total} threads; "
              f"{len(multi)} threads of 2+ stories (longest span {max(days, default=0):.0f} days)")
        print(f"topics with every report in one thread: {whole} of {len(by_topic)}")
        with BackgroundServer(create_app(service, allowed_hosts=["127.0.0.1", "localhost"])) as srv:
            with httpx.Client(base_url=srv.url, timeout=600) as c:
                ok_page = sum(1 for old, new in merged.items()
                              if (r := c.get(f"/stories/{old}", follow_redirects=False)).status_code == 301
                              and r.headers["location"] == f"/stories/{new}")
                ok_api = sum(1 for old, new in merged.items()
                             if c.get(f"/api/stories/{old}", follow_redirects=False).json().get("moved_to") == new)
                print(f"story ids merged away: {len(merged)}; page 301 to the survivor: {ok_page}; "
                      f"API moved_to the survivor: {ok_api}")
                for path in ("/?sort=top", "/?sort=new", "/threads", "/api/threads", "/api/stories?sort=top"):
                    _timed(c, path)  # first call warms the process (templates, titles)
                    secs, status = _timed(c, path)
                    print(f"GET {path}: {secs:.3f} s ({status})")
                if threads:
                    big = max(threads, key=lambda t: (t.stories, t.size))
                    first, status = _timed(c, f"/threads/{big.id}")
                    again, _ = _timed(c, f"/threads/{big.id}")
                    print(f"GET /threads/{big.id} ({big.stories} stories, {big.size} reports): first {first:.2f} s "
                          f"({status}, briefs made), again {again:.3f} s")
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
