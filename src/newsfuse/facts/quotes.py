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

from .model import Entity, Mention, Quote
from .names import fold, strip_titles
from .nlp import Paragraph

MIN_WORDS = 4
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
    "pronouncing pronounce".split()
)
PRONOUNS = frozenset("he she they i we it".split())


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


def spans(p: Paragraph) -> list[Span]:
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
    return [s for s in out if len(s.text.split()) >= MIN_WORDS]


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


def _subject(verb, quoted: list[tuple[int, int]]):
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not _inside(child.idx, quoted):
            return child
    head, steps = verb, 0
    while head.head is not head and steps < 3:  # "was quoted as saying", "changed into quoted"
        head, steps = head.head, steps + 1
        if head.pos_ not in ("VERB", "AUX", "ADP", "SCONJ") or _inside(head.idx, quoted):
            break
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not _inside(child.idx, quoted):
                return child
    return None


def _name(tok, p: Paragraph) -> tuple[str, int]:
    """The speaker's words for a subject token: its named entity, or its noun phrase up to a comma."""
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
    for tok in p.doc:
        if tok.idx < lo or tok.idx >= hi or _inside(tok.idx, quoted):
            continue
        subj = None
        if tok.lower_ in REPORTING and tok.pos_ in ("VERB", "AUX", "NOUN"):
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


def attribute(article: Sequence[Paragraph], persons: list[tuple[int, str]]) -> list[Span]:
    """Spans of one report with their speakers. `persons`: (article offset, name) of
    every person mention, for resolving pronouns."""
    out: list[Span] = []
    last: Span | None = None
    for p in article:
        found = spans(p) if p.parsed else []
        quoted = [(s.start, s.end) for s in found]
        previous_in_para: Span | None = None
        for s in found:
            a, _ = _sentence_bounds(p, s.start)
            _, b = _sentence_bounds(p, max(s.start, s.end - 1))
            subj = _attribute_in(p, a, b + 1, quoted, s.end)
            if subj is not None:
                _set(s, subj, p, persons, "verb")
            elif previous_in_para is not None and previous_in_para.speaker:
                s.speaker, s.speaker_start, s.rule = previous_in_para.speaker, previous_in_para.speaker_start, "same paragraph"
            else:
                prev_lo = _sentence_bounds(p, a - 2)[0] if a > 1 else None
                subj = _attribute_in(p, prev_lo, a, quoted, a) if prev_lo is not None and prev_lo < a else None
                if subj is not None:
                    _set(s, subj, p, persons, "sentence before")
                elif s.opens_paragraph and last is not None and last.speaker and last.para.index >= p.index - 1:
                    s.speaker, s.speaker_start, s.rule = last.speaker, last.speaker_start, "continued"
            previous_in_para = s
            out.append(s)
            last = s
    return out


def _set(s: Span, subj, p: Paragraph, persons: list[tuple[int, str]], rule: str) -> None:
    if subj.lower_ in PRONOUNS:
        at = p.start + s.start
        before = [(o, n) for o, n in persons if o < at]
        if subj.lower_ in ("he", "she") and before:
            s.speaker, s.speaker_start = before[-1][1], before[-1][0]
            s.rule = rule + ", pronoun"
            return
        if subj.lower_ in ("they", "we", "i", "it"):
            s.speaker, s.speaker_start, s.rule = None, None, rule + ", unresolved pronoun"
            return
        s.rule = rule + ", unresolved pronoun"
        return
    name, offset = _name(subj, p)
    s.speaker, s.speaker_start, s.rule = name, p.start + offset, rule


def _norm(text: str) -> str:
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", text)
    return " ".join(re.findall(r"\w+", fold(text.replace("-", " "))))


def extract(paras: Sequence[Sequence[Paragraph]], entities: Sequence[Entity], family: dict[int, int] | None = None) -> list[Quote]:
    """Quotes of the story, merged across reports, linked to entities."""
    family = family or {}
    person_mentions: dict[str, list[tuple[int, str]]] = {}
    entity_of: dict[str, Entity] = {}
    for e in entities:
        for n in e.names:
            entity_of.setdefault(fold(strip_titles(n)), e)
            if e.kind == "person":
                entity_of.setdefault(fold(strip_titles(n)).split()[-1], e) if fold(n) else None
        if e.kind == "person":
            for m in e.mentions:
                person_mentions.setdefault(m.article_id, []).append((m.start, m.text))
    groups: list[dict] = []
    for article in paras:
        if not article:
            continue
        persons = sorted(person_mentions.get(article[0].article_id, []))
        found = attribute(article, persons)
        # quotations of one speaker in one paragraph form one quote
        units: list[list[Span]] = []
        for s in found:
            if units and units[-1][-1].para is s.para and units[-1][-1].speaker == s.speaker and s.rule == "same paragraph":
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
