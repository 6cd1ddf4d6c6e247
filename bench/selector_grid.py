#!/usr/bin/env python
"""The coverage selector's weights on a small grid, with leave-one-set-out choice.

    .venv/bin/python bench/selector_grid.py

Each DUC/TAC story of ../shared/data/duc/ is prepared once (clean, segment,
dedup, centrality scores); then for every point of the grid (the sentence
bonus weights of ``newsfuse.select.coverage``: RANKER_WEIGHT, LEAD_WEIGHT,
LEAD_DECAY) the coverage brief is made and scored (ROUGE-1/2 recall x 100,
mean over references; DUC 2003 at 100 words, the others at 250). Prints the
grid, then for each data set the point chosen on the OTHER two sets (highest
mean ROUGE-2 recall there) and what it scores on the held-out set: that is the
figure to quote for a set, not the best point on the set itself. Skips, with
a message, when ../shared is absent.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUC = ROOT.parent / "shared" / "data" / "duc"
SETS = {"duc2006": ("duc2006.jsonl.gz", 250), "duc2003": ("duc2003_task2.jsonl.gz", 100),
        "tac2011": ("tac2011_multiling_en.jsonl.gz", 250)}
GRID = {"RANKER_WEIGHT": (0.0, 1.0, 5.0), "LEAD_WEIGHT": (0.0, 3.0, 10.0), "LEAD_DECAY": (1.0, 3.0)}


def prepared(name: str):
    from newsfuse.evaluate.data import EvalCluster, articles_of, read_clusters
    from newsfuse.pipeline import prepare
    from newsfuse.rank import get_ranker

    ranker = get_ranker("centrality")
    out = []
    for c in read_clusters(DUC / name):
        if not isinstance(c, EvalCluster):
            continue
        articles = articles_of(c.documents, c.dates, c.titles)
        story = prepare(articles)
        out.append((story, ranker.score(story.rank_input), c.references))
    return out


def score(stories, words: int) -> tuple[float, float]:
    from newsfuse.evaluate.rouge import Rouge
    from newsfuse.text import cut_to_budget
    from newsfuse.select import select

    rouge = Rouge()
    r1 = r2 = 0.0
    for story, scores, refs in stories:
        chosen = select(story.rank_input, scores, words, method="coverage")
        s = rouge.score(cut_to_budget([x.text for x in chosen], words), list(refs))
        r1 += s["rouge1_r"]
        r2 += s["rouge2_r"]
    return r1 / len(stories), r2 / len(stories)


def main() -> int:
    if not DUC.is_dir():
        print(f"selector_grid: {DUC} not found; skipping (the DUC/TAC data lives in ../shared)")
        return 0
    import newsfuse.select.coverage as coverage

    data = {name: (prepared(file), words) for name, (file, words) in SETS.items()}
    points = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    results = []
    print("| ranker w | lead w | lead decay | " + " | ".join(f"{n} R1 / R2" for n in data) + " |")
    print("|---:|---:|---:|" + "---:|" * len(data))
    for point in points:
        for key, value in point.items():
            setattr(coverage, key, value)
        row = {name: score(stories, words) for name, (stories, words) in data.items()}
        results.append((point, row))
        cells = " | ".join(f"{r1:.2f} / {r2:.2f}" for r1, r2 in row.values())
        print(f"| {point['RANKER_WEIGHT']:g} | {point['LEAD_WEIGHT']:g} | {point['LEAD_DECAY']:g} | {cells} |",
              flush=True)
    print("\nLeave one set out (point chosen on the other two by mean ROUGE-2 recall):\n")
    print("| held out | chosen point (ranker w, lead w, decay) | held-out R1 | held-out R2 |")
    print("|---|---|---:|---:|")
    for held in data:
        others = [n for n in data if n != held]
        point, row = max(results, key=lambda pr: sum(pr[1][n][1] for n in others))
        r1, r2 = row[held]
        print(f"| {held} | {point['RANKER_WEIGHT']:g}, {point['LEAD_WEIGHT']:g}, {point['LEAD_DECAY']:g} "
              f"| {r1:.2f} | {r2:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
