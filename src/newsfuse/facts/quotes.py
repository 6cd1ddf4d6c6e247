"""Direct quotations and who said them (rule-based on spaCy's dependency parse).

Spans: text between quotation marks (“…”, ‘‘…’’, ``…'', "…", «…»), within a
paragraph; an unclosed quotation runs to the paragraph's end (newswire reopens
it in the next paragraph). Spans under ``MIN_WORDS`` words are scare quotes or
titles ("combat power"), not quotations.

Speaker of a span, first rule that applies:

1. a reporting verb outside any quotation in the span's sentence(s) ("said",
   "told", "added", "was quoted as saying", "according to"): its subject; a
   pronoun is the last person named before the quotation;
2. the speaker of the previous quotation in the same paragraph ("“A,” he said. “B.”");
3. a reporting verb in the sentence before ("Dillon said:");
4. a quotation opening a paragraph right after a quoted paragraph: its speaker
   (a quotation continued over several paragraphs);
5. otherwise no speaker (never guessed).

Across reports, quotations with the same words (quote marks, case, punctuation,
"U.S."/"US" ignored) or one a shortened form of the other are one :class:`Quote`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from ..text import SUBJECT_PRONOUNS, words
from .model import Entity, Mention, Quote
from .names import fold, strip_titles
from .nlp import Paragraph

MIN_WORDS = 4
# "Year of the Woman": capitalised words (and small words) only is a title, not speech
_TITLE = re.compile(r"^(?:[A-Z][\w'’-]*|of|the|and|a|an|in|on|for|to)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|a|an|in|on|for|to))*[.,]?$")
_MARK = re.compile(r"“|”|‘‘|’’|``|''|\"|«|»|„")
_OPENERS = {"“", "‘‘", "``", "«", "„"}
_CLOSERS = {"”", "’’", "»"}
REPORTING = frozenset(
    "say says said saying tell tells told telling add adds added adding ask asks asked "
    "state states stated insist insists insisted warn warns warned explain explains explained "
    "note notes noted write writes wrote declare declares declared recall recalls recalled "
    "reply replies replied argue argues argued acknowledge acknowledged concede conceded "
    "admit admits admitted announce announced quoted quote continue continued claim claimed "
    "suggest suggested predict predicted urge urged complain complained testify testified "
    "assert asserted recount recounted remark remarked exclaim exclaimed shout shouted "
    "pronouncing pronounce pronounced claims allege alleges alleged charge charges charged accuse accuses accused "
    "retort retorts retorted demand demands demanded call calls called term termed describe describes described "
    "denounce denounced promise promised vow vowed joke joked caution cautioned proclaim proclaimed respond responded "
    "counter countered report reports reported confirm confirmed read reads observe observed stress stressed "
    "emphasize emphasized lament lamented boast boasted quip quipped concede concedes added agree agreed recalled "
    "tweet tweeted cite cited".split()
)


@dataclass
class Span:
    para: Paragraph
    start: int  # paragraph offsets of the quoted words (marks excluded)
    end: int
    opens_paragraph: bool
    speaker: str | None = None
    speaker_start: int | None = None  # article offset of the speaker's words
    rule: str = ""

    @property
    def text(self) -> str:
        return self.para.text[self.start:self.end].strip()


def spans(p: Paragraph, keep_short: bool = False) -> list[Span]:
    out: list[Span] = []
    open_at: int | None = None
    for m in _MARK.finditer(p.text):
        mark = m.group(0)
        if open_at is None:
            if mark in _CLOSERS:  # closes a quotation opened in an earlier paragraph
                if not out and p.text[:m.start()].strip():
                    out.append(Span(p, 0, m.start(), True))
                continue
            open_at = m.end()
        elif mark in _OPENERS and mark not in ("“",) and mark != "``":
            open_at = m.end()
        elif mark in _OPENERS:
            out.append(Span(p, open_at, m.start(), not p.text[:open_at - 1].strip()))
            open_at = m.end()
        else:
            out.append(Span(p, open_at, m.start(), not p.text[: max(0, open_at - len(mark))].strip()))
            open_at = None
    if open_at is not None:
        out.append(Span(p, open_at, len(p.text), not p.text[:open_at].strip("“‘`\"«„ ")))
    for s in out:
        if s.opens_paragraph is True and s.start > 0:
            s.opens_paragraph = not p.text[:s.start].strip("“‘`\"«„' ")
    return [s for s in out if keep_short or (len(s.text.split()) >= MIN_WORDS and not _TITLE.match(s.text))]


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def _subject(verb, quoted: list[tuple[int, int]]):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not _inside(child.idx, quoted):
            return child
    head, steps = verb, 0
    while head.head is not head and steps < 3:  # "was quoted as saying", "changed into quoted"
        head, steps = head.head, steps + 1
        if head.tag_[:2] not in ("VB", "MD", "IN") or _inside(head.idx, quoted):
            break
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not _inside(child.idx, quoted):
                return child
    return None


def _name(tok, p: Paragraph) -> tuple[str, int]:
    """The speaker's words for a subject token: its named entity, the person named in
    apposition ("A lawyer…, Samuel Buffone, said"), or its noun phrase up to a comma."""
    for child in tok.children:
        if child.dep_ == "appos":
            for ent in p.doc.ents:
                if ent.start <= child.i < ent.end and ent.label_ == "PERSON":
                    return ent.text, ent.start_char
    for ent in p.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return ent.text, ent.start_char
    toks = [t for t in tok.subtree]
    words = []
    for t in toks:
        if t.i > tok.i and t.text in (",", "(", "—", "–"):
            break
        words.append(t)
    if not words:
        return tok.text, tok.idx
    return p.doc[words[0].i: words[-1].i + 1].text, words[0].idx


def _attribute_in(p: Paragraph, lo: int, hi: int, quoted: list[tuple[int, int]], near: int):
    """(speaker, offset) from a reporting verb in paragraph range [lo, hi), outside quotations."""
    best = None
    span = p.doc.char_span(max(0, lo), min(hi, len(p.text)), alignment_mode="expand")
    for tok in span if span is not None else p.doc:
        if tok.idx < lo or tok.idx >= hi or _inside(tok.idx, quoted):
            continue
        subj = None
        if tok.lower_ in REPORTING and tok.tag_[:2] in ("VB", "MD", "NN"):
            subj = _subject(tok, quoted)
            if subj is None:
                continue
        elif tok.lower_ == "according" and tok.i + 2 < len(p.doc) and p.doc[tok.i + 1].lower_ == "to":
            subj = next((c for c in p.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if subj is None:
                continue
        else:
            continue
        dist = abs(tok.idx - near)
        if best is None or dist < best[0]:
            best = (dist, subj)
    return best[1] if best else None


def _sentence_bounds(p: Paragraph, i: int) -> tuple[int, int]:
    for s in p.doc.sents:
        if s.start_char <= i < s.end_char + 1:
            return s.start_char, s.end_char
    return 0, len(p.text)


@dataclass
class Person:
    """A person named outside quotations, for resolving "he said" / "she said"."""

    offset: int  # article offset
    name: str
    subject: bool  # the subject (or its apposition) of a clause
    gender: str | None  # "f" / "m" from "Ms." / "Mr." before the name in the report


_HONORIFIC = re.compile(r"\b(Mr|Ms|Mrs|Miss)\.?\s+(?:[A-Z][\w'’.-]*\s+){0,2}([A-Z][\w'’-]+)")
_GENDER = {"mr": "m", "ms": "f", "mrs": "f", "miss": "f"}
PRONOUN_GENDER = {"he": "m", "she": "f"}
NEAR = 400  # characters: a quotation this close to the previous one may share its speaker


def persons_of(article: Sequence[Paragraph], person_names: set[str] | None = None) -> list[Person]:
    gender: dict[str, str] = {}
    for p in article:
        for m in _HONORIFIC.finditer(p.text):
            gender.setdefault(m.group(2), _GENDER[m.group(1).lower()])
    out = []
    for p in article:
        quoted = [(s.start, s.end) for s in spans(p, keep_short=True)] if p.parsed else []
        for ent in p.doc.ents:
            if ent.label_ != "PERSON" or _inside(ent.start_char, quoted):
                continue
            name = strip_titles(ent.text)
            if person_names is not None and name not in person_names:
                continue  # the entity stage decided this is no person ("Albu Kamal")
            root = ent.root
            subject = p.parsed and (
                root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
            )
            out.append(Person(p.start + ent.start_char, name, bool(subject), gender.get(name.split()[-1]) if name else None))
    return out


def _resolve(pronoun: str, at: int, persons: list[Person], last: "Span | None") -> tuple[str, int] | None:
    """The person a "he"/"she" at `at` refers to: one named as that gender ("Ms.")
    nearby, else the previous quotation's speaker, else one of that gender earlier,
    else the last person who was the subject of a clause nearby, else the last named."""
    want = PRONOUN_GENDER.get(pronoun)
    if want is None:
        return None
    fits = [x for x in persons if x.offset < at and x.gender in (None, want)]
    exact = [x for x in fits if x.gender == want]
    if exact and at - exact[-1].offset < 2 * NEAR:
        return exact[-1].name, exact[-1].offset
    if last is not None and last.speaker and last.speaker_start is not None and at - last.speaker_start < NEAR:
        g = next((x.gender for x in persons if x.name == last.speaker), None)
        if g in (None, want):
            return last.speaker, last.speaker_start
    if exact and at - exact[-1].offset < 8 * NEAR:
        return exact[-1].name, exact[-1].offset
    near = [x for x in fits if at - x.offset < 2 * NEAR and x.subject]
    best = near[-1] if near else (fits[-1] if fits else None)
    return (best.name, best.offset) if best else None


def attribute(article: Sequence[Paragraph], person_names: set[str] | None = None) -> list[Span]:
    """Spans of one report with their speakers (rules 1-5 of the module docstring);
    `person_names`: the names the entity stage keeps as people (None: all PERSON entities)."""
    persons = persons_of(article, person_names)
    out: list[Span] = []
    last: Span | None = None
    for p in article:
        found = spans(p) if p.parsed else []
        quoted = [(s.start, s.end) for s in spans(p, keep_short=True)] if p.parsed else []
        for s in found:
            a, _ = _sentence_bounds(p, s.start)
            _, b = _sentence_bounds(p, max(s.start, s.end - 1))
            tail = p.text[s.end:s.end + 3].lstrip("”’'\"» ")
            if p.text[s.start:s.end].rstrip()[-1:] in (",", "?", "!") or tail[:1].islower():
                _, b = _sentence_bounds(p, min(len(p.text) - 1, b + 2))  # "…?" asked X. / "…," he said.
            subj = _attribute_in(p, a, b + 1, quoted, s.end)
            if subj is not None:
                _set(s, subj, p, persons, last, "verb")
            else:
                prev_lo = _sentence_bounds(p, a - 2)[0] if a > 1 else None
                subj = _attribute_in(p, prev_lo, a, quoted, a) if prev_lo is not None and prev_lo < a else None
                if subj is not None:
                    _set(s, subj, p, persons, last, "sentence before")
                elif last is not None and last.speaker and last.para is p and s.start - last.end < NEAR:
                    s.speaker, s.speaker_start, s.rule = last.speaker, last.speaker_start, "same paragraph"
                elif s.opens_paragraph and last is not None and last.speaker and last.para.index >= p.index - 1:
                    s.speaker, s.speaker_start, s.rule = last.speaker, last.speaker_start, "continued"
            out.append(s)
            last = s
    return out


def _set(s: Span, subj, p: Paragraph, persons: list[Person], last: "Span | None", rule: str) -> None:
    if subj.lower_ in SUBJECT_PRONOUNS:
        got = _resolve(subj.lower_, p.start + s.start, persons, last)
        if got:
            s.speaker, s.speaker_start = got
            s.rule = rule + ", pronoun"
        else:
            s.speaker, s.speaker_start, s.rule = None, None, rule + ", unresolved pronoun"
        return
    name, offset = _name(subj, p)
    s.speaker, s.speaker_start, s.rule = name, p.start + offset, rule


def _norm(text: str) -> str:
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", text)
    return " ".join(words(fold(text.replace("-", " "))))


def extract(paras: Sequence[Sequence[Paragraph]], entities: Sequence[Entity], family: dict[int, int] | None = None) -> list[Quote]:
    """Quotes of the story, merged across reports, linked to entities."""
    family = family or {}
    entity_of: dict[str, Entity] = {}
    for e in entities:
        for n in e.names:
            key = fold(strip_titles(n))
            entity_of.setdefault(key, e)
            if e.kind == "person" and key:
                entity_of.setdefault(key.split()[-1], e)  # "Dillon said" -> Ryan Dillon
    person_names = {strip_titles(n) for e in entities if e.kind == "person" for n in e.names}
    groups: list[dict] = []
    for article in paras:
        if not article:
            continue
        found = attribute(article, person_names)
        # quotations of one speaker in one paragraph form one quote
        units: list[list[Span]] = []
        for s in found:
            prev = units[-1][-1] if units else None
            if prev is not None and prev.para is s.para and prev.speaker == s.speaker and s.speaker and s.start - prev.end < NEAR:
                units[-1].append(s)
            else:
                units.append([s])
        for unit in units:
            text = " … ".join(s.text for s in unit)
            key = _norm(text)
            mentions = [Mention(s.para.article_id, s.para.source, s.para.start + s.start, s.para.start + s.end, s.para.text[s.start:s.end]) for s in unit]
            group = next((g for g in groups if _same(g["key"], key)), None)
            if group is None:
                groups.append({"key": key, "text": text, "speakers": [], "mentions": mentions})
                group = groups[-1]
            else:
                group["mentions"].extend(mentions)
                if len(key) > len(group["key"]):
                    group["key"] = key
            if unit[0].speaker:
                group["speakers"].append(unit[0].speaker)
    quotes = []
    for i, g in enumerate(groups):
        speaker = max(g["speakers"], key=lambda n: (g["speakers"].count(n), len(n))) if g["speakers"] else None
        ent = _entity_for(speaker, entity_of) if speaker else None
        reports = sorted({m.source for m in g["mentions"]})
        quotes.append(
            Quote(
                id=f"Q{i + 1}",
                text=g["text"],
                speaker=ent.name if ent and ent.kind == "person" and speaker and len(ent.name) > len(speaker) else speaker,
                speaker_entity=ent.id if ent else None,
                role=ent.role if ent else None,
                reports=reports,
                mentions=g["mentions"],
                single_source=len({family.get(r, r) for r in reports}) == 1,
            )
        )
    return quotes


def _entity_for(speaker: str, entity_of: dict[str, Entity]) -> Entity | None:
    key = fold(strip_titles(speaker))
    if key in entity_of:
        return entity_of[key]
    return None


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short.split()) < 5:
        return False
    if short in long:
        return True
    return fuzz.ratio(a, b) >= 90 or (len(short) >= 30 and fuzz.partial_ratio(short, long) >= 92)
