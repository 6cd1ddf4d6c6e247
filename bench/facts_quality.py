"""Quality of the facts stage on hand labels (bench/labels/facts/).

    python bench/facts_quality.py [--duc ../shared/data/duc] [--show-errors]

The labels point into the texts by story id, document id, character offsets
and a short SHA-1 of the labelled characters (no DUC text is in the repo); the
texts are read at run time from ../shared/data/duc and the bundled example.
Without ../shared only the example is scored (said on stderr).

Prints, over the labelled stories:

* quotations: precision and recall of direct-quotation spans (a predicted span
  matches a labelled one when they overlap by half the shorter);
* speakers, per labelled quotation the stage finds: "attributed right" (of those
  it gives a speaker, the share whose speaker is the labelled one: the label's
  last word is among the shown speaker's or its entity's words; where the
  reports disagree, the speaker shown for that report) and the share it gives
  a speaker at all (the rest it shows as "speaker not stated");
* entity merging: pairwise precision and recall over the labelled spellings
  (same entity or not), and the share of spellings found at all;
* entity types: of the labelled spans the stage outputs as an entity, the share
  with the labelled kind (person, organisation, place, product, work; "other"
  spans are no entity, so any kind there is wrong);
* figures: of the labelled differing pairs (disagree / update), the share the
  stage shows in one comparison of that kind, and the precision of the
  disagreements it shows (each shown pair judged by the labels; pairs without
  a label are counted apart). Everything is read from the stage's output.
* timeline: the share of labelled date expressions resolved to the labelled day.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "labels" / "facts"
EXAMPLE = ROOT / "examples" / "deir-ez-zor"
DUC = ROOT.parent / "shared" / "data" / "duc"
FILES = {"duc2003": "duc2003_task2.jsonl.gz", "duc2006": "duc2006.jsonl.gz", "tac2011": "tac2011_multiling_en.jsonl.gz"}


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def read_labels(name: str) -> list[dict]:
    return [json.loads(line) for line in (LABELS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


class Story:
    """One labelled story: raw documents, the articles fed to the stage, its facts."""

    def __init__(self, setname: str, story: str, duc: Path):
        from newsfuse.ingest import Article, article_id, ingest

        if setname == "example":
            result = ingest([EXAMPLE])
            self.articles = list(result.articles)
            self.doc_of = {a.id: Path(a.origin).name for a in self.articles}
            self.raw = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))}
        else:
            with gzip.open(duc / FILES[setname], "rt", encoding="utf-8") as f:
                record = next(r for r in map(json.loads, f) if r["id"] == story)
            self.raw = dict(zip(record["doc_ids"], record["documents"]))
            self.articles = [
                Article(id=article_id(d, t), source=d, text=t, origin=d, published=p)
                for d, t, p in zip(record["doc_ids"], record["documents"], record["dates"])
            ]
            self.doc_of = {a.id: a.source for a in self.articles}

    def run(self):
        from newsfuse.facts import extract_facts
        from newsfuse.pipeline import prepare

        prepared = prepare(self.articles)
        self.cleaned = {ca.article.id: ca.text for ca in prepared.articles}
        self.prepared = prepared
        self.facts = extract_facts(prepared)
        return self

    def locate(self, m) -> tuple[str, int, int] | None:
        """(doc, start, end) of a Mention in the raw document text."""
        doc = self.doc_of[m.article_id]
        raw, clean_text = self.raw[doc], self.cleaned[m.article_id]
        shift = max(0, raw.find(clean_text[:60])) if clean_text else 0
        best, pos = None, raw.find(m.text)
        while pos >= 0:
            if best is None or abs(pos - m.start - shift) < abs(best - m.start - shift):
                best = pos
            pos = raw.find(m.text, pos + 1)
        return None if best is None else (doc, best, best + len(m.text))

    def check(self, doc: str, start: int, end: int, digest: str) -> bool:
        return sha(self.raw[doc][start:end]) == digest


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def ratio(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a (0/0)"


def _mention_speaker(q, m):
    """The speaker the stage shows for one mention of a quote: the agreed one, or where the
    reports disagree the one its report names."""
    if q.speaker:
        return q.speaker, q.speaker_entity
    for sp in q.speakers:
        if m.source in sp.reports:
            return sp.name, sp.entity
    return None, None


def score_quotes(stories, labels, docs, show):
    from newsfuse.dedup.names import fold

    n_pred = tp_pred = n_gold = found = attributed = right = gold_named = found_named = 0
    for key, st in stories.items():
        gold = [g for g in labels if g["story"] == key[1]]
        if not gold:
            continue
        scored = set(docs.get(key[1], ()))
        pred = []
        for q in st.facts.quotes:
            for m in q.mentions:
                loc = st.locate(m)
                if not loc or loc[0] not in scored:
                    continue
                speaker, entity = _mention_speaker(q, m)
                names = {w for w in fold(speaker).split()} if speaker else set()
                if entity:
                    ent = next(e for e in st.facts.entities if e.id == entity)
                    names |= {w for n in ent.names for w in fold(n).split()}
                pred.append((loc, q, speaker, names))
        quotations = [g for g in gold if g["quotation"]]
        n_pred += len(pred)
        for loc, q, _, _ in pred:
            if any(g["doc"] == loc[0] and overlap((g["start"], g["end"]), loc[1:]) for g in quotations):
                tp_pred += 1
            elif show:
                print(f"  extra quote {key[1]} {loc}: {q.text[:70]!r}")
        for g in quotations:
            n_gold += 1
            gold_named += g["speaker"] is not None
            hit = next((p for p in pred if p[0][0] == g["doc"] and overlap((g["start"], g["end"]), p[0][1:])), None)
            if hit is None:
                if show:
                    print(f"  missed quote {key[1]} {g['doc']} {g['start']}")
                continue
            found += 1
            found_named += g["speaker"] is not None
            want = st.raw[g["doc"]][g["speaker"]["start"]:g["speaker"]["end"]] if g["speaker"] else None
            if hit[2] is None:
                if show and want:
                    print(f"  no speaker {key[1]} {g['doc']} {g['start']}: want {want!r}")
                continue
            attributed += 1
            words = fold(want).split() if want else []
            ok = bool(words) and words[-1] in hit[3]
            right += ok
            if not ok and show:
                print(f"  WRONG speaker {key[1]} {g['doc']} {g['start']}: want {want!r} got {hit[2]!r}")
    print(f"quotes     precision {ratio(tp_pred, n_pred)}  recall {ratio(found, n_gold)}")
    print(f"speakers   attributed right {ratio(right, attributed)}  found quotes with a speaker {ratio(attributed, found)}"
          f"  (of found quotes whose label names one: {ratio(min(attributed, found_named), found_named)})")


def score_entities(stories, labels, show):
    tp = pred_same = gold_same = seen = total = 0
    for key, st in stories.items():
        groups = [g for g in labels if g["story"] == key[1]]
        spellings = []
        for g in groups:
            for s in g["spellings"]:
                surface = st.raw[s["doc"]][s["start"]:s["end"]]
                spellings.append((g["group"], surface))
        entity_of = {}
        for e in st.facts.entities:
            for n in e.names:
                entity_of.setdefault(n, e.id)
        total += len(spellings)
        seen += sum(1 for _, s in spellings if s in entity_of)
        for (ga, sa), (gb, sb) in combinations(spellings, 2):
            same_pred = sa in entity_of and entity_of.get(sa) == entity_of.get(sb)
            same_gold = ga == gb
            pred_same += same_pred
            gold_same += same_gold
            tp += same_pred and same_gold
            if show and same_pred != same_gold:
                print(f"  entity pair {key[1]}: {sa!r} / {sb!r}: labelled {'same' if same_gold else 'different'}")
    print(f"entities   merge precision {ratio(tp, pred_same)}  merge recall {ratio(tp, gold_same)}  "
          f"spellings found {ratio(seen, total)}")


def score_entity_types(stories, labels, show):
    """Type precision of the entities the stage outputs at labelled spans ("other": the span is
    no person, organisation, place, product or work, so any entity there is wrong)."""
    from collections import Counter

    found = right = 0
    confusion: Counter = Counter()
    for key, st in stories.items():
        gold = [g for g in labels if g["story"] == key[1]]
        if not gold:
            continue
        located = [(st.locate(m), e) for e in st.facts.entities for m in e.mentions]
        by_doc: dict = {}
        for loc, e in located:
            if loc:
                by_doc.setdefault(loc[0], []).append((loc[1], loc[2], e))
        for g in gold:
            hit = next((e for a, b, e in by_doc.get(g["doc"], ()) if overlap((g["start"], g["end"]), (a, b))), None)
            if hit is None:
                continue
            found += 1
            right += hit.kind == g["type"]
            if hit.kind != g["type"]:
                confusion[(g["type"], hit.kind)] += 1
                if show:
                    print(f"  entity type {key[1]} {g['doc']}:{g['start']} {hit.name!r}: labelled {g['type']}, got {hit.kind}")
    print(f"types      entity type precision {ratio(right, found)} on {len(labels)} labelled spans "
          f"({found} output as entities); errors (labelled, got): {dict(confusion.most_common(6))}")


def score_figures(stories, labels, show):
    """The stage's own disagreements and updates against the labelled figure pairs: the share
    of labelled differing pairs it shows (in one comparison of the right kind), and the
    precision of the disagreements it shows that a label judges."""
    from itertools import combinations as pairs_of

    shown_ok = differing = 0
    shown = right = unlabelled = 0
    for key, st in stories.items():
        pairs = [p for p in labels if p["story"] == key[1]]
        comparisons = [(c.kind, [st.locate(f.mention) for f in c.figures]) for c in st.facts.disagreements + st.facts.updates]

        def find(side, locs):
            return next((i for i, loc in enumerate(locs) if loc and loc[0] == side["doc"]
                         and overlap((side["start"], side["end"]), loc[1:])), None)

        judged = {}
        for p in pairs:
            kind = None
            for k, locs in comparisons:
                ia, ib = find(p["a"], locs), find(p["b"], locs)
                if ia is not None and ib is not None:
                    kind = "update" if k == "update" else "disagree"
                    judged[(id(locs), ia, ib)] = judged[(id(locs), ib, ia)] = p
            if p["same_thing"] and p["relation"] in ("disagree", "update"):
                differing += 1
                shown_ok += kind == p["relation"]
                if show and kind != p["relation"]:
                    print(f"  figure pair {key[1]} {p['a']['doc']}:{p['a']['start']} / {p['b']['doc']}:{p['b']['start']}: "
                          f"labelled {p['relation']}, shown as {kind}")
        for k, locs in comparisons:
            if k != "disagreement":
                continue
            for ia, ib in pairs_of(range(len(locs)), 2):
                shown += 1
                p = judged.get((id(locs), ia, ib))
                if p is None:
                    unlabelled += 1
                else:
                    right += p["same_thing"] and p["relation"] == "disagree"
    print(f"figures    labelled differing pairs shown as such {ratio(shown_ok, differing)}; disagreements shown: "
          f"{shown} pairs, {unlabelled} without a label; precision on labelled ones {ratio(right, shown - unlabelled)}")


def score_events(stories, labels, show):
    ok = n = 0
    for key, st in stories.items():
        gold = [g for g in labels if g["story"] == key[1]]
        if not gold:
            continue
        located = []
        for e in st.facts.timeline:
            for m in e.mentions:
                loc = st.locate(m)
                if loc:
                    located.append((loc, e))
        for g in gold:
            n += 1
            hit = next((e for loc, e in located if loc[0] == g["doc"] and overlap((g["start"], g["end"]), loc[1:])), None)
            good = hit is not None and hit.date == g["date"] and hit.precision == "day"
            ok += good
            if show and not good:
                print(f"  event {key[1]} {g['doc']}:{g['start']} labelled {g['date']}, got "
                      f"{(hit.date, hit.precision, hit.expression) if hit else None}")
    print(f"timeline   dated to the labelled day {ratio(ok, n)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duc", type=Path, default=DUC)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    quotes, entities, figs, events, types = (read_labels(n) for n in (
        "quotes.jsonl", "entities.jsonl", "figures.jsonl", "events.jsonl", "entity_types.jsonl"))
    docs = json.loads((LABELS / "quote_docs.json").read_text(encoding="utf-8"))
    keys = sorted({(r["set"], r["story"]) for r in quotes + entities + figs + events + types})
    if not args.duc.exists():
        print(f"facts_quality: {args.duc} not found (../shared is absent): scoring the bundled example only", file=sys.stderr)
        keys = [k for k in keys if k[0] == "example"]
    stories = {k: Story(*k, args.duc).run() for k in keys}
    bad = 0
    for r in quotes + events + types:
        if (r["set"], r["story"]) in stories and not stories[(r["set"], r["story"])].check(r["doc"], r["start"], r["end"], r["sha"]):
            bad += 1
    if bad:
        print(f"facts_quality: {bad} labels do not match the texts (hash differs): the data changed?", file=sys.stderr)
    keep = {k[1] for k in stories}
    sel = lambda rows: [r for r in rows if r["story"] in keep]  # noqa: E731
    print(f"stories: {len(stories)}; labels: {sum(r['quotation'] for r in sel(quotes))} quotations, "
          f"{len(sel(entities))} entity groups, {len(sel(types))} typed entity spans, {len(sel(figs))} figure pairs, "
          f"{len(sel(events))} dated expressions")
    score_quotes(stories, sel(quotes), docs, args.show_errors)
    score_entities(stories, sel(entities), args.show_errors)
    score_entity_types(stories, sel(types), args.show_errors)
    score_figures(stories, sel(figs), args.show_errors)
    score_events(stories, sel(events), args.show_errors)


if __name__ == "__main__":
    main()
