"""Do story titles read like headlines? The title rule before (issue 17's first cut: a headline-length
clause of the most central self-contained lead sentence) and now (the central report's lead sentence
shortened on its parse, stories/headline.py), on stories without headlines.

    python bench/titles.py [--sample 60] [--show 0] [--blind FILE]

Each cluster of DUC 2003, DUC 2006 (their headlines ignored) and Multi-News validation (the first
``--sample`` clusters) is one story; its reports' first 1,500 characters are what the service gives the
title rule. Prints per data set and rule the share of titles that have a subject and a finite verb
(spaCy parse of the title: the root a finite verb with a subject), start with a preposition or
subordinator, end mid-phrase (a determiner, preposition, conjunction or possessive last, or "…"), are
over 100 characters, and the mean length. ``--blind FILE`` writes, for a blind comparison, the first
report leads and the two titles of ``--blind-count`` stories where they differ (as many from each data
set), in random order, unlabeled (the key is a second file FILE.key). Development data only; skipped with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SETS = {"duc2003": DATA / "duc" / "duc2003_task2.jsonl.gz", "duc2006": DATA / "duc" / "duc2006.jsonl.gz",
        "multinews-val": DATA / "multinews" / "validation.jsonl.gz"}
_SUBORDINATORS = frozenset("as after although because before if since though unless until when whenever "
                           "where while with without despite amid following".split())


def old_title(texts: list[str]) -> str:
    from newsfuse.ingest.shape import guess_title
    from newsfuse.stories.title import headline_title, sentences_of, story_title

    head = headline_title([guess_title(t.splitlines()[:6]) for t in texts])
    return head or story_title([], *sentences_of(texts))


def new_title(texts: list[str]) -> str:
    from newsfuse.stories.title import title_of_reports

    return title_of_reports([], texts)


def judge(nlp, titles: list[str]) -> dict[str, float]:
    from newsfuse.stories.headline import _finite, _subject

    n = len(titles)
    verb = prep = mid = long = 0
    for title, doc in zip(titles, nlp.pipe(titles)):
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        verb += bool(root is not None and _subject(root) is not None and _finite(root))
        first = doc[0]
        prep += first.tag_ == "IN" or first.text.lower() in _SUBORDINATORS
        last = [t for t in doc if not t.is_punct][-1:]
        mid += title.endswith(("…", "...")) or bool(last and last[0].tag_ in ("DT", "IN", "CC", "TO", "PRP$", "POS"))
        long += len(title) > 100
    return {"subject+verb": verb / n, "starts prep/subord": prep / n, "ends mid-phrase": mid / n,
            "over 100 chars": long / n, "mean chars": sum(map(len, titles)) / n}


def stories(path: Path, sample: int) -> list[list[str]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append([t[:1500] for t in row["documents"] if t.strip()])
            if len(out) >= sample:
                break
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=60, help="clusters per data set at most")
    parser.add_argument("--show", type=int, default=0, help="print this many title pairs per data set")
    parser.add_argument("--blind", type=Path, help="write a blind comparison sheet here")
    parser.add_argument("--blind-count", type=int, default=15)
    args = parser.parse_args()
    missing = [str(p) for p in SETS.values() if not p.exists()]
    if missing:
        print("skipped: development data absent:", ", ".join(missing))
        return 0
    from newsfuse.facts.nlp import load
    from newsfuse.stories.title import report_lead

    nlp = load()
    rng = random.Random(17)
    sheet, key = [], []
    print(f"{'data set':14} {'rule':4} " + " ".join(f"{h:>18}" for h in
          ("subject+verb", "starts prep/subord", "ends mid-phrase", "over 100 chars", "mean chars")))
    for name, path in SETS.items():
        clusters = stories(path, args.sample)
        before = [old_title(texts) for texts in clusters]
        after = [new_title(texts) for texts in clusters]
        for rule, titles in (("old", before), ("new", after)):
            figures = judge(nlp, titles)
            print(f"{name:14} {rule:4} " + " ".join(
                f"{v:>18.0f}" if k == "mean chars" else f"{100 * v:>17.0f}%" for k, v in figures.items()),
                f"(n={len(titles)})")
        for b, a in list(zip(before, after))[:args.show]:
            print(f"   old: {b}\n   new: {a}")
        differ = [(texts, b, a) for texts, b, a in zip(clusters, before, after) if b != a]
        for texts, b, a in rng.sample(differ, min(len(differ), -(-args.blind_count // len(SETS)))):
            leads = [lead[0] for lead in (report_lead(t) for t in texts[:3]) if lead]
            pair = [("old", b), ("new", a)]
            rng.shuffle(pair)
            sheet.append({"leads": leads, "A": pair[0][1], "B": pair[1][1]})
            key.append({"A": pair[0][0], "B": pair[1][0]})
    if args.blind:
        picks = list(range(len(sheet)))
        args.blind.write_text("\n\n".join(
            f"Story {n}\n" + "\n".join(f"  lead: {x}" for x in sheet[i]["leads"])
            + f"\n  A: {sheet[i]['A']}\n  B: {sheet[i]['B']}" for n, i in enumerate(picks, 1)) + "\n")
        Path(str(args.blind) + ".key").write_text(json.dumps([key[i] for i in picks]))
        print("blind sheet:", args.blind, "key:", str(args.blind) + ".key")
    return 0


if __name__ == "__main__":
    sys.exit(main())
