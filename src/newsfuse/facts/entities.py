"""Entities of a story: spaCy's named entities, spellings merged within the story.

Merging (same kind only; union-find over the folded names of :mod:`.names`):

1. the same folded name (case, diacritics, "the", Arabic articles, "U.S."/"US");
2. the curated alias file (Daesh = ISIS = Islamic State);
3. acronyms the text defines: "Syrian Democratic Forces (SDF)";
4. places sharing a geonames id (Albu Kamal = Al-Bukamal);
5. organisations and places with the same consonant skeleton and first letter
   (Deir al-Zour = Dayr az-Zawr; al-Bukamel = Bukamal);
6. a person's surname alone with the one full name that ends in it;
7. fuzzy spelling (rapidfuzz ratio >= 90, people 92 with the same initial).

Short names (under 4 letters: IS, UN) merge only through 1-3, never by similarity.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Sequence

from rapidfuzz import fuzz

from .kinds import KINDS, kind_of, regions
from .model import Entity, Mention
from ..dedup.names import alias_surfaces, aliases, fold, gazetteer, initials, skeleton, strip_titles
from ..text import TITLE_ABBREVIATIONS
from .nlp import Paragraph
from .speakers import bylines

SHORT = 4
_NOT_ROLE = frozenset(
    "who which whose said says told and but he she it they was is has had also however "
    "according where when while whom as said".split()
)
# a verb makes an apposition a clause ("…, prosecutors are expected to assert…"), not a role
_CLAUSE_WORDS = frozenset(
    "is are was were be been being will would shall should can could may might must has have had do does did "
    "said says say told tell expected expects expect".split()
)
_ROLE = re.compile(
    r",\s+((?:a|an|the|[a-z][\w’'-]*)\b[^;:“”\"‘’]{2,160}?)(?=,\s|\.\s|\.$|;|\s(?:said|says|told)\b|$)"
)
_TITLE_BEFORE = re.compile(r"(?<![\w.’'-])((?:[A-Z][\w.’'-]*+\s++){1,5})$")  # whole words: linear
_TITLE_WORDS = frozenset(
    "president colonel col. general gen. major maj. captain capt. lieutenant lt. sergeant sgt. "
    "admiral adm. minister secretary senator sen. governor gov. spokesman commander chief "
    "ambassador judge king prince sheikh mayor director".split()
)
_ARABIC_LOWER = re.compile(r"^(?:al|el|ez|es|as|ad|an|ar|at|az|ash)[-‐‑]")
_ABBREVIATED_TITLES = TITLE_ABBREVIATIONS  # "Sen.", "Dr.": the one list, in text/lexicon.py
_ARABIC_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+\s+)?(?:[Aa]l|[Ee]l|[Ee]z|[Aa]z|[Aa]s|[Ee]s|[Aa]d|[Aa]r|[Aa]n|[Aa]t|[Aa]sh)-[A-Z][a-z]+"
)
_ACRONYM = re.compile(r"\(([A-Z][A-Z.&]{1,7})\)")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")


class _Union:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    span = text[start:end]
    for tail in ("’s", "'s", "’", "'"):
        if span.endswith(tail):
            end -= len(tail)
            break
    return start, end


def _key(kind: str, surface: str) -> str:
    return fold(strip_titles(surface) if kind == "person" else surface)


def _caps_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12):start].split()
    after = text[end:end + 12].split()
    near = (before[-1:] + after[:1])
    return any(len(w) > 2 and w.isupper() for w in near)


def collect(paras: Sequence[Sequence[Paragraph]], raw: Sequence[str] = ()) -> tuple[list[tuple[str, Mention]], Counter]:
    """(kind, mention) for every entity mention: NER (kinds by :mod:`.kinds`), alias names and
    defined acronyms; and the (kind, surface) pairs a cue in the text decided (they outvote
    the model's label alone). `raw`: the reports before cleaning (bylines name reporters)."""
    found: list[tuple[str, Mention]] = []
    surfaces = alias_surfaces()
    alias_re = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)) + r")(?![\w-])"
    )
    candidates = [(p, m) for article in paras for p in article for m in _ARABIC_NAME.finditer(p.text)]
    gaz = gazetteer(sorted({m.group(0) for _, m in candidates})) if candidates else {}
    known = {(id(p), m.start()): m for p, m in candidates if fold(m.group(0)) in gaz}
    lower_words = {w for article in paras for p in article for w in _LOWER_WORD.findall(p.text)}
    cues: list[tuple[str, str]] = []
    for n, article in enumerate(paras):
        taken: list[tuple[int, int]] = []
        reporters = bylines("\n\n".join(p.text for p in article[:3])) | bylines(raw[n] if n < len(raw) else "")
        for p in article:
            starts = {a for a, _ in p.sentences} | {0}
            # transliterated Arabic place names the gazetteer knows ("Dayr az-Zawr"), which NER often misses
            for (pid, _), m in known.items():
                if pid == id(p):
                    found.append(("place", Mention(p.article_id, p.source, p.start + m.start(), p.start + m.end(), m.group(0))))
                    taken.append((p.start + m.start(), p.start + m.end()))
            for ent in p.doc.ents:
                s, e = _clean_span(p.text, ent.start_char, ent.end_char)
                surface = p.text[s:e]
                if not surface.strip():
                    continue
                at_start = s in starts or not p.text[:s].strip() or p.text[:s].rstrip()[-1:] in ".!?\"'”’`_—-"
                tags = tuple(t.tag_ for t in ent) if p.parsed else ()
                following = p.doc[ent.end].tag_ if p.parsed and ent.end < len(p.doc) else ""
                got = kind_of(ent.label_, surface, p.text, s, e, lower_words, at_start, reporters, tags, following)
                if not got:
                    continue
                kind, cued = got
                if any(x < p.start + e and p.start + s < y for x, y in taken):
                    continue
                if e - s < 2 or not _ARABIC_LOWER.sub("", surface)[:1].isupper() or "\n" in surface:
                    continue
                if surface.split()[-1].rstrip(".").lower() in _TITLE_WORDS | _ABBREVIATED_TITLES:
                    continue  # "U.S. Army Col": a title, the name follows
                found.append((kind, Mention(p.article_id, p.source, p.start + s, p.start + e, surface)))
                taken.append((p.start + s, p.start + e))
                if cued:
                    cues.append((kind, surface))
            for m in alias_re.finditer(p.text):
                a, b = p.start + m.start(), p.start + m.end()
                if any(x < b and a < y for x, y in taken):
                    continue
                if len(m.group(1)) < SHORT and _caps_context(p.text, m.start(), m.end()):
                    continue
                found.append((surfaces[m.group(1)], Mention(p.article_id, p.source, a, b, m.group(1))))
    found.extend(_short_forms(paras, found))
    return found, Counter(cues)


_ORG_SUFFIX = frozenset("international group inc corp corporation co company ltd foundation party movement".split())


def _short_forms(paras: Sequence[Sequence[Paragraph]], found: list[tuple[str, Mention]]) -> list[tuple[str, Mention]]:
    """Mentions NER missed of a surname alone ("Egeland" after "Jan Egeland") and of
    an organisation without its generic suffix ("Oxfam" for "Oxfam International")."""
    short: dict[str, str] = {}
    for kind, m in found:
        words = strip_titles(m.text).split()
        if kind == "person" and len(words) > 1 and len(words[-1]) >= 4 and words[-1][:1].isupper():
            short.setdefault(words[-1], "person")
        elif kind == "organisation" and len(words) > 1 and words[-1].lower() in _ORG_SUFFIX:
            base = " ".join(words[:-1])
            if len(base) >= 4:
                short.setdefault(base, "organisation")
    if not short:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(short, key=len, reverse=True)) + r")(?![\w-])")
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _, m in found:
        taken[m.article_id].append((m.start, m.end))
    extra = []
    for article in paras:
        for p in article:
            for m in pattern.finditer(p.text):
                a, b = p.start + m.start(), p.start + m.end()
                if any(x < b and a < y for x, y in taken[p.article_id]):
                    continue
                extra.append((short[m.group(1)], Mention(p.article_id, p.source, a, b, m.group(1))))
    return extra


def _acronyms(paras: Sequence[Sequence[Paragraph]], keys_by_kind: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """(kind, folded acronym, folded long name) for "Long Name (ACR)" in the text."""
    out = []
    for article in paras:
        for p in article:
            for m in _ACRONYM.finditer(p.text):
                acr = fold(m.group(1))
                before = fold(p.text[max(0, m.start() - 120):m.start()])
                for kind, keys in keys_by_kind.items():
                    for key in keys:
                        if before.endswith(key) and initials(key) == acr.replace(" ", ""):
                            out.append((kind, acr, key))
    return out


def role_of(text: str, start: int, end: int) -> str | None:
    """A role the text gives right after (apposition) or before (title) a name."""
    m = _ROLE.match(text[end:end + 200])
    if m:
        role = m.group(1).strip()
        words = role.split()
        if words[0].lower() not in _NOT_ROLE and len(words) <= 16 and not _CLAUSE_WORDS & {w.lower() for w in words}:
            return role  # a noun phrase ("a spokesman for the coalition"), not a clause
    m = _TITLE_BEFORE.search(text[max(0, start - 60):start])
    if m:
        words = m.group(1).split()
        if any(w.lower() in _TITLE_WORDS for w in words):
            return " ".join(words)
    return None


def merge(paras: Sequence[Sequence[Paragraph]], raw: Sequence[str] = ()) -> list[Entity]:
    """The story's entities, spellings merged (see the module docstring); `raw`: the
    reports' texts before cleaning."""
    found, cues = collect(paras, raw)
    alias = aliases()
    votes: dict[str, Counter] = defaultdict(Counter)
    for kind, m in found:
        votes[m.text][kind] += 1
    for (kind, surface), n in cues.items():
        votes[surface][kind] += 2 * n  # a cue counts three times the model's label
    kind_of: dict[str, str] = {}
    gaz = gazetteer(sorted(votes))
    surnames = {
        w for s, c in votes.items() if c.most_common(1)[0][0] == "person" and len(strip_titles(s).split()) > 1
        for w in strip_titles(s).split()[1:][-2:] if w[:1].isupper() and w.isalpha() and fold(w) not in regions()
    }  # "Salvador Allende Gossens": a lone "Allende" or "Gossens" is that person
    single_persons = {
        strip_titles(s) for s, c in votes.items() if c.most_common(1)[0][0] == "person" and len(strip_titles(s).split()) == 1
    }
    cued = {surface for _, surface in cues}
    for surface, c in votes.items():
        kind_of[surface] = c.most_common(1)[0][0]
        key = fold(surface)
        bare = strip_titles(surface).split()
        if bare and bare[-1] in surnames | single_persons and (
                2 * c["person"] >= c.most_common(1)[0][1] or (len(bare) > 1 and surface not in cued) or (len(bare) == 1 and surface not in cued)):
            kind_of[surface] = "person"  # "Ann Clywd" tagged ORG once, "Ms. Clywd" a person
        elif kind_of[surface] == "organisation" and key in gaz:
            kind_of[surface] = "place"  # NER often calls towns organisations
        elif kind_of[surface] == "person" and len(bare) == 1 and key in gaz and surface not in cued:
            kind_of[surface] = "place"  # a lone word the gazetteer knows as a town, no person's name ("Lhokseumawe")
        if kind_of[surface] == "person" and _ARABIC_LOWER.match(surface) and " " not in surface:
            kind_of[surface] = "place"  # "al-Tanf", "al-Qaim": a lower-case article opens place names
        for k in ("organisation", "place", "person"):
            if (k, key) in alias:
                kind_of[surface] = k
    place_skeletons = {
        (k[0], skeleton(k)) for s, kd in kind_of.items() if kd == "place" and (k := fold(s))
    }
    for surface, kd in kind_of.items():
        key = fold(surface)
        if kd == "organisation" and surface not in cued and key and len(skeleton(key)) >= 4 and (key[0], skeleton(key)) in place_skeletons:
            kind_of[surface] = "place"  # a spelling of a place NER called an organisation
    nodes: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for _, m in found:
        kind = kind_of[m.text]
        key = _key(kind, m.text)
        if key:
            nodes[(kind, key)].append(m)
    uf = _Union()
    keys_by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in nodes:
        uf.find((kind, key))
        keys_by_kind[kind].add(key)
    by_alias: dict[int, tuple[str, str]] = {}
    for kind, key in nodes:
        group = alias.get((kind, key))
        if group is not None:
            if group in by_alias:
                uf.union(by_alias[group], (kind, key))
            else:
                by_alias[group] = (kind, key)
    for kind, acr, long in _acronyms(paras, keys_by_kind):
        if (kind, acr) in nodes:
            uf.union((kind, acr), (kind, long))
    places = sorted(keys_by_kind["place"])
    by_gid: dict[int, str] = {}
    for key in places:
        gid = gaz.get(key)
        if gid is not None:
            if gid in by_gid:
                uf.union(("place", by_gid[gid]), ("place", key))
            else:
                by_gid[gid] = key
    for kind in KINDS:
        keys = sorted(k for k in keys_by_kind[kind] if len(k.replace(" ", "")) >= SHORT)
        if kind != "person":
            by_skel: dict[tuple[str, str], str] = {}
            for key in keys:
                sk = skeleton(key)
                if len(sk) >= 4:
                    tag = (key[0], sk)
                    if tag in by_skel:
                        uf.union((kind, by_skel[tag]), (kind, key))
                    else:
                        by_skel[tag] = key
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if min(len(a), len(b)) < 6:
                    continue
                if kind == "person":
                    if a[0] == b[0] and fuzz.ratio(a, b) >= 92:
                        uf.union((kind, a), (kind, b))
                elif fuzz.ratio(a, b) >= 90:
                    uf.union((kind, a), (kind, b))
    persons = sorted(keys_by_kind["person"], key=len)
    for i, a in enumerate(persons):  # "augusto pinochet" inside "chilean gen augusto pinochet"
        if " " in a:
            for b in persons[i + 1:]:
                if b.endswith(" " + a):
                    uf.union(("person", a), ("person", b))
    for key in keys_by_kind["organisation"]:  # "oxfam international" = "oxfam"
        words = key.split()
        if len(words) > 1 and words[-1] in _ORG_SUFFIX and " ".join(words[:-1]) in keys_by_kind["organisation"]:
            uf.union(("organisation", key), ("organisation", " ".join(words[:-1])))
    full_by_last: dict[str, set] = defaultdict(set)
    for key in keys_by_kind["person"]:
        if " " in key:
            full_by_last[key.split()[-1]].add(uf.find(("person", key)))
    for key in keys_by_kind["person"]:
        if " " not in key and len(full_by_last.get(key, ())) == 1:
            uf.union(("person", key), next(iter(full_by_last[key])))
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for node, ms in nodes.items():
        groups[uf.find(node)].extend(ms)
    entities = []
    for (kind, _), ms in groups.items():
        ms = sorted(set(ms), key=lambda m: (m.source, m.start))
        names = [n for n, _ in Counter(m.text for m in ms).most_common()]
        role = _role(kind, ms, paras) if kind == "person" else None
        entities.append((kind, names, ms, role))
    entities.sort(key=lambda e: (-len({m.source for m in e[2]}), -len(e[2]), e[1][0]))
    return [
        Entity(f"E{i + 1}", kind, names[0], names, ms, sorted({m.source for m in ms}), role)
        for i, (kind, names, ms, role) in enumerate(entities)
    ]


def _role(kind: str, mentions: list[Mention], paras: Sequence[Sequence[Paragraph]]) -> str | None:
    by_article = {article[0].article_id: article for article in paras if article}
    roles: Counter = Counter()
    titles: Counter = Counter()
    for m in mentions:
        for p in by_article.get(m.article_id, ()):
            if p.start <= m.start < p.start + len(p.text):
                role = role_of(p.text, m.start - p.start, m.end - p.start)
                if role:
                    (titles if role[:1].isupper() else roles)[role] += 1
                break
    best = roles or titles
    if not best:
        return None
    return max(best, key=lambda r: (best[r], len(r)))
