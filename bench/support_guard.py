"""The support guard (newsfuse.dedup.guard) on real stories: how many of
dedup's "says the same" links it drops, and why; its CPU time; and the name/date
differences the facts stage lists (newsfuse.facts.differences).

    python bench/support_guard.py [--multinews 300] [--duc 30] [--show 5]

Multi-News validation clusters (lower-cased text: names cannot be told) and
DUC 2003 task 2 stories (cased newswire) from ../shared/data; skips a corpus
that is absent. Prints figures only.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _multinews(limit: int):
    from newsfuse.evaluate.data import DataProblem, read_clusters
    from newsfuse.ingest import articles_from_texts

    path = DATA / "multinews" / "validation.jsonl.gz"
    if not path.exists():
        print(f"support_guard: {path} not found (../shared is absent): Multi-News skipped", file=sys.stderr)
        return
    for item in read_clusters(path, limit):
        if not isinstance(item, DataProblem):
            yield list(articles_from_texts(list(item.documents)))


def _duc(limit: int):
    from newsfuse.ingest import Article, article_id

    path = DATA / "duc" / "duc2003_task2.jsonl.gz"
    if not path.exists():
        print(f"support_guard: {path} not found (../shared is absent): DUC skipped", file=sys.stderr)
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, record in enumerate(map(json.loads, f)):
            if n >= limit:
                break
            yield [Article(id=article_id(d, x), source=d, text=x, origin=d, published=p)
                   for d, x, p in zip(record["doc_ids"], record["documents"], record["dates"])]


def measure(name: str, stories, show: int, list_differences: bool) -> None:
    from newsfuse.dedup import sentence_support
    from newsfuse.text import FUNCTION_WORDS, clauses
    from newsfuse.dedup.guard import common_words, differences, guard
    from newsfuse.facts import differences as listing
    from newsfuse.pipeline import prepare

    count = links = dropped = 0
    reasons: Counter = Counter()
    cpu = 0.0
    listed: list = []
    for articles in stories:
        count += 1
        story = prepare(articles)
        sentences = story.sentences
        # the links before the guard (dedup applies it), to count what it drops
        content = [frozenset(w for part in clauses(s.text) for w in part if w not in FUNCTION_WORDS) for s in sentences]
        support = sentence_support(sentences, content)
        t = time.process_time()
        kept, _ = guard(sentences, support)
        cpu += time.process_time() - t
        text = {s.id: s.text for s in sentences}
        common = common_words(text.values())
        for sid, others in support.items():
            links += len(others)
            for o in others:
                if o not in kept[sid]:
                    dropped += 1
                    reasons.update(list(differences(text[sid], text[o], common)))
        if list_differences:
            listed += listing.compare(story)
    if not count:
        return
    print(f"{name}: {count} stories; support links {links}, dropped by the guard {dropped} "
          f"(a link may differ in several ways: {dict(reasons.most_common())}); "
          f"guard cpu {cpu * 1000 / count:.2f} ms per story")
    if list_differences:
        kinds = Counter((d.kind, d.about) for d in listed)
        print(f"{name}: name/date differences listed by the facts stage: {len(listed)} {dict(kinds)}")
        for d in listed[:show]:
            print(f"  {d.kind} ({d.about}): " + "; ".join(f"“{st.text}” [{st.source}]" for st in d.statements))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--multinews", type=int, default=300, help="Multi-News validation clusters (0: none)")
    ap.add_argument("--duc", type=int, default=30, help="DUC 2003 task 2 stories (0: none)")
    ap.add_argument("--show", type=int, default=5, help="listed differences to print")
    args = ap.parse_args()
    if args.multinews:
        measure("Multi-News validation", _multinews(args.multinews), args.show, list_differences=False)
    if args.duc:
        measure("DUC 2003", _duc(args.duc), args.show, list_differences=True)


if __name__ == "__main__":
    main()
