#!/usr/bin/env python
"""Blind reading check: judging packets for dev stories, and the table of a judge's scores.

    .venv/bin/python bench/blind_judge.py packets [--out runs/blind] [--stories ID,ID,...] [--seed 22]
    .venv/bin/python bench/blind_judge.py score SCORES.json [--key runs/blind/key.json]

``packets`` writes, for each chosen story of the development sets
(../shared/data/duc: DUC 2003 task 2 at 100 words, DUC 2006 at 250 words;
never a held-out set), ``OUT/packets/story-NN.md``: the story's reports
(date, headline, text) and four summaries labelled A-D in a shuffled order:
newsfuse's brief, one human reference, and two machine peers of
``newsfuse eval`` (``icsi``, the concept-ILP stand-in for the published
systems, and sumy's ``lexrank``). Every summary is cut the same way (whole
sentences up to the word budget) and its quotation marks written the same way,
so that length and typography do not give it away. ``OUT/packets/INSTRUCTIONS.md``
tells the judge what to score and ``OUT/packets/scores-template.json`` the
format to answer in. The key (which letter is which system) goes to
``OUT/key.json``, outside the packets folder: give the judge the packets
folder only.

``score`` reads the judge's answers (the template filled in: per story and
letter, readability, informativeness, non-redundancy and trust from 1 to 5,
and a ranking of the four letters, best first) with the key and prints the
mean of each score per system, the mean rank, and in how many stories
newsfuse is ranked ahead of every machine summary.

The default stories: 5 of DUC 2003 and 5 of DUC 2006, drawn with ``--seed``.
Skips, with a message, when ../shared is absent.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DUC = ROOT.parent / "shared" / "data" / "duc"
SETS = {"duc2003": ("duc2003_task2.jsonl.gz", 100), "duc2006": ("duc2006.jsonl.gz", 250)}
PER_SET = 5
PEERS = ("icsi", "lexrank")
CRITERIA = ("readability", "informativeness", "non_redundancy", "trust")
LETTERS = "ABCD"

INSTRUCTIONS = """# Judging news summaries

Each file `story-NN.md` holds the news reports of one story (with their dates)
and four summaries of them, labelled A to D, in no particular order. Some
summaries are written by people, some are made by programs; nothing tells
which is which, and you should not try to guess. Read the reports first (at
least enough to know the story well), then read the four summaries.

Score every summary from 1 (very poor) to 5 (very good) on:

- **readability**: does it read as a clear, coherent text? Are people and
  things introduced before they are referred to ("Shepard", "the shootings",
  "the two sides")? Is the order easy to follow? Grammar, flow, no dangling
  references, no confusing jumps in time.
- **informativeness**: does it tell the most important facts of the story,
  as the reports give them (what happened, to whom, when, where, what
  changed, what it led to)?
- **non_redundancy**: does it avoid saying the same thing twice?
- **trust**: could a reader rely on it? Claims are attributed (a quotation
  says who said it), figures and timing are current (no outdated "will
  happen" when the reports say it happened; no superseded figures), nothing
  misleads when read without the reports.

Then rank the four summaries of each story from best (first) to worst
(last), all things considered. Ties are not allowed in the ranking.

Answer in one JSON file shaped like `scores-template.json`: for every story,
the four letters with their four scores (integers 1-5), a `ranking` list of
the four letters best first, and optionally a short `note`.
"""


def stories(name: str):
    from newsfuse.evaluate.data import EvalCluster, read_clusters

    for c in read_clusters(DUC / SETS[name][0]):
        if isinstance(c, EvalCluster):
            yield c


def pick(seed: int, wanted: list[str] | None) -> list[tuple[str, object]]:
    chosen = []
    for name in SETS:
        clusters = list(stories(name))
        if wanted:
            chosen += [(name, c) for c in clusters if c.id in wanted]
        else:
            rng = random.Random(f"{seed}:{name}")
            chosen += [(name, c) for c in sorted(rng.sample(clusters, PER_SET), key=lambda c: c.index)]
    return chosen


def typographic(text: str) -> str:
    """The same typography for every text: newswire ``…'' and straight quotes
    become “…”, and Penn-tokenized spacing (DUC 2003's human summaries: "Libya .",
    "do n't", "( AP )") is closed up."""
    text = re.sub(r"\s+([.,;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"``\s+", "``", text)
    text = re.sub(r"\s+''", "''", text)
    text = text.replace("``", "“").replace("''", "”")
    text = re.sub(r'(^|[\s(\[])"', r"\1“", text)
    return text.replace('"', "”")


def whole_sentences(sentences: list[str], words: int) -> list[str]:
    """Sentences in order while they fit ``words`` words (the first always)."""
    out, total = [], 0
    for s in sentences:
        n = len(s.split())
        if out and total + n > words:
            break
        out.append(" ".join(s.split()))
        total += n
    return out


def summaries(cluster, words: int) -> dict[str, list[str]]:
    from newsfuse.evaluate.rouge import split_sentences
    from newsfuse.evaluate.story import Story
    from newsfuse.evaluate.systems import get_systems

    story = Story.from_documents(cluster.id, cluster.documents, cluster.references, cluster.dates, cluster.titles)
    out = {"newsfuse": [s for s in get_systems(["newsfuse"])[0].run(story, words, 0)]}
    for system in get_systems(list(PEERS)):
        out[system.name] = system.run(story, words, 0)
    out["human"] = split_sentences(cluster.references[0])
    return {name: whole_sentences(sents, words) for name, sents in out.items()}


def packet(number: int, set_name: str, cluster, words: int, order: list[str], texts: dict[str, list[str]]) -> str:
    lines = [f"# Story {number:02d}", "",
             f"{len(cluster.documents)} reports, then four summaries (A-D) of at most {words} words.", "",
             "## Reports", ""]
    docs = list(range(len(cluster.documents)))
    dates = list(cluster.dates) or [None] * len(docs)
    titles = list(cluster.titles) or [None] * len(docs)
    docs.sort(key=lambda k: (dates[k] or "", k))
    for n, k in enumerate(docs, 1):
        head = f"### Report {n}"
        if dates[k]:
            head += f" ({dates[k]})"
        lines += [head, ""]
        if titles[k]:
            lines += [f"**{typographic(titles[k].strip())}**", ""]
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cluster.documents[k]) if p.strip()]
        lines += [typographic(" ".join(p.split())) + "\n" for p in paragraphs]
    lines += ["## Summaries", ""]
    for letter, system in zip(LETTERS, order):
        lines += [f"### Summary {letter}", "", typographic(" ".join(texts[system])), ""]
    return "\n".join(lines)


def make_packets(args) -> int:
    if not DUC.is_dir():
        print(f"blind_judge: {DUC} not found; skipping (the DUC data lives in ../shared)")
        return 0
    out = Path(args.out)
    folder = out / "packets"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = args.stories.split(",") if args.stories else None
    key: dict[str, dict] = {}
    template: dict[str, dict] = {}
    for number, (set_name, cluster) in enumerate(pick(args.seed, wanted), 1):
        words = SETS[set_name][1]
        texts = summaries(cluster, words)
        order = ["newsfuse", "human", *PEERS]
        random.Random(f"{args.seed}:{cluster.id}").shuffle(order)
        name = f"story-{number:02d}"
        (folder / f"{name}.md").write_text(packet(number, set_name, cluster, words, order, texts), encoding="utf-8")
        key[name] = {"set": set_name, "id": cluster.id, "words": words,
                     "letters": dict(zip(LETTERS, order)),
                     "summary_words": {s: sum(len(x.split()) for x in texts[s]) for s in order}}
        template[name] = {**{letter: {c: None for c in CRITERIA} for letter in LETTERS}, "ranking": [], "note": ""}
        print(f"{name}: {set_name} {cluster.id} ({len(cluster.documents)} reports, {words} words)")
    (folder / "INSTRUCTIONS.md").write_text(INSTRUCTIONS, encoding="utf-8")
    (folder / "scores-template.json").write_text(json.dumps(template, indent=2) + "\n", encoding="utf-8")
    (out / "key.json").write_text(json.dumps(key, indent=2) + "\n", encoding="utf-8")
    print(f"packets in {folder} (give the judge this folder only); key in {out / 'key.json'}")
    return 0


def score(args) -> int:
    scores_path = Path(args.scores)
    key_path = Path(args.key)
    scores = json.loads(scores_path.read_text(encoding="utf-8"))
    key = json.loads(key_path.read_text(encoding="utf-8"))
    systems = ["newsfuse", "human", *PEERS]
    values: dict[str, dict[str, list[float]]] = {s: {c: [] for c in (*CRITERIA, "rank")} for s in systems}
    ahead = judged = 0
    rows = []
    for name, answer in sorted(scores.items()):
        if name not in key:
            print(f"blind_judge: {name} is not in the key {key_path}; skipped", file=sys.stderr)
            continue
        letters = key[name]["letters"]
        ranking = [x.strip().upper() for x in answer.get("ranking", [])]
        if sorted(ranking) != sorted(letters):
            print(f"blind_judge: {name}: ranking {ranking} is not the four letters; its ranks are left out",
                  file=sys.stderr)
            ranking = []
        for letter, system in letters.items():
            for c in CRITERIA:
                v = (answer.get(letter) or {}).get(c)
                if isinstance(v, (int, float)) and 1 <= v <= 5:
                    values[system][c].append(float(v))
            if ranking:
                values[system]["rank"].append(ranking.index(letter) + 1.0)
        if ranking:
            judged += 1
            place = {letters[x]: i for i, x in enumerate(ranking)}
            first = all(place["newsfuse"] < place[p] for p in PEERS)
            ahead += first
            rows.append((name, key[name]["id"], " > ".join(letters[x] for x in ranking), "yes" if first else "no"))

    def mean(xs):
        return f"{statistics.mean(xs):.2f}" if xs else "-"

    print("| system | readability | informativeness | non-redundancy | trust | mean rank | stories |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in systems:
        v = values[s]
        print(f"| {s} | {mean(v['readability'])} | {mean(v['informativeness'])} | {mean(v['non_redundancy'])} | "
              f"{mean(v['trust'])} | {mean(v['rank'])} | {len(v['readability'])} |")
    print()
    print(f"newsfuse ranked ahead of every machine summary ({', '.join(PEERS)}) in {ahead} of {judged} stories")
    print()
    print("| packet | story | ranking (best first) | newsfuse ahead of every machine |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("packets", help="write the judging packets and the key")
    p.add_argument("--out", default=str(ROOT / "runs" / "blind"))
    p.add_argument("--stories", default="", help="story ids (comma-separated) instead of the seeded draw")
    p.add_argument("--seed", type=int, default=22)
    s = sub.add_parser("score", help="print the table of a judge's scores")
    s.add_argument("scores")
    s.add_argument("--key", default=str(ROOT / "runs" / "blind" / "key.json"), help="the key written by packets")
    args = parser.parse_args()
    return make_packets(args) if args.command == "packets" else score(args)


if __name__ == "__main__":
    sys.exit(main())
