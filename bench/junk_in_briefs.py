"""How much web furniture still reaches briefs? (clean-stage audit)

Briefs the first N Multi-News validation clusters with the default
configuration and counts brief sentences that a deliberately broad pattern
flags as possible web furniture (sign-up prompts, newsletters, cookies,
"click here", advertising labels). The pattern is looser than the clean
stage's rules on purpose, so it also flags story sentences ("Sprint had 52
million subscribers"); the listing shows which is which.

    .venv/bin/python bench/junk_in_briefs.py [--data PATH] [--limit 2000] [--show 30]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/multinews/validation.jsonl.gz"
SUSPECT = re.compile(
    r"sign up|subscrib|newsletter|click here|cookies|javascript|advertisement|all rights reserved|follow us|share this",
    re.I,
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--show", type=int, default=30)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (Multi-News lives in ../shared/data/multinews)", file=sys.stderr)
        return 0

    from newsfuse.evaluate.data import EvalCluster, read_clusters
    from newsfuse.pipeline import NothingToSummarize, brief_texts

    briefs = sentences = 0
    flagged: Counter[str] = Counter()
    for cluster in read_clusters(args.data, limit=args.limit):
        if not isinstance(cluster, EvalCluster):
            continue
        try:
            brief = brief_texts(list(cluster.documents))
        except NothingToSummarize:
            continue
        briefs += 1
        for sentence in brief.sentences:
            sentences += 1
            if SUSPECT.search(sentence.text):
                flagged[sentence.text] += 1
    print(f"{briefs} briefs, {sentences} sentences, {sum(flagged.values())} flagged "
          f"({len(flagged)} distinct)")
    for text, count in flagged.most_common(args.show):
        print(f"{count:3d}  {text[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
