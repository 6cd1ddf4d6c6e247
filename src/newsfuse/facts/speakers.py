"""Who said a quotation: rules on spaCy's dependency parse that name a speaker only
where the text says who, and otherwise abstain (a wrong speaker puts words in
someone's mouth; no speaker is shown as "speaker not stated").

A quotation's speaker, first rule that applies:

1. **Same sentence**: a reporting verb ("said", "told", "added", "was quoted as
   saying"…) or "according to" outside quotation marks, next to the quotation in
   its sentence (between the previous and the next quotation of that sentence;
   for a quotation ending in "," "?" "!" the sentence after it too: "“…,” he
   said."); the words after the quotation first, then those before it. The
   speaker is the verb's subject.
2. **Colon**: the quotation opens a sentence right after "X said:".
3. **Continuation**: the quotation follows an attributed one with nothing between
   but quotations and that quotation's own attribution (no sentence without a
   quotation in between); across a paragraph break only when the new paragraph
   opens with the quotation and the previous paragraph ended with quotations.
4. Otherwise none.

The subject says who when it is a name (a person, organisation or place the model
finds; an apposed person's name first: "A lawyer…, Samuel Buffone, said"), a proper
noun, or a singular noun phrase that is indefinite, carries a name or names one
person by a role ("a spokesman for the coalition", "Pinochet's lawyer", "the
senior officer"). Never a speaker: plural nouns and definite common nouns that
are no person's role ("the agents", "officials", "the group", "the statement"), pronouns
other than he/she, the passive listener of "told"/"asked", a reporter of the
report (byline). "He"/"she" is the previous quotation's speaker when nobody else
is named since its attribution, else the one person (of that gender, where "Mr."/
"Ms." tells it) named in the pronoun's sentence or the one before; otherwise none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..dedup.names import fold, strip_titles
from .nlp import Paragraph
from .quote_spans import Span, spans

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
    "tweet tweeted cite cited advise advises advised".split()
)

def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in ranges)


# one person named by a role ("the spokesman said"), unlike a group ("the agents", "the group")
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson official officer senator congressman congresswoman president minister "
    "secretary chairman chairwoman director specialist expert analyst captain commander general colonel governor "
    "mayor judge lawyer attorney prosecutor doctor professor pilot diplomat envoy ambassador strategist aide "
    "adviser advisor witness survivor resident executive leader manager owner scientist researcher economist "
    "priest bishop coach chancellor premier king queen prince".split()
)
_LISTENER_VERBS = frozenset("tell tells told telling ask asks asked quote quoted".split())
_OTHER_PRONOUNS = frozenset("they we it i you who which that this these those one someone".split())
_NAME_LABELS = ("PERSON", "ORG", "GPE")


def _subject(verb, quoted: list[tuple[int, int]]):
    """The subject of a reporting verb outside quotations ("X said", "said X", "X, who said",
    "X was quoted as saying"); a passive subject of "told"/"asked" is the listener, not the speaker."""
    for child in verb.children:
        if _inside(child.idx, quoted) or child.is_punct:
            continue
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.lower_ not in _LISTENER_VERBS):
            if child.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return verb.head  # "Smith, who said …"
            return child
        if child.dep_ == "nsubjpass" and verb.lower_ in ("quoted",):
            return child  # "X was quoted as saying"
    head, steps = verb, 0
    while head.head is not head and steps < 3:  # "was quoted as saying", "continued to insist"
        head, steps = head.head, steps + 1
        if head.tag_[:2] not in ("VB", "MD", "IN") or _inside(head.idx, quoted):
            break
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not _inside(child.idx, quoted) and not child.is_punct:
                return child
    return None


def _entity_at(tok, p: Paragraph, labels=_NAME_LABELS):
    for ent in p.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in labels:
            return ent
    return None


def _name(tok, p: Paragraph) -> tuple[str, int] | None:
    """The speaker's words for a subject token, or None when they do not say who: a name the
    model finds (an apposed person's name first: "A lawyer…, Samuel Buffone, said"), a proper
    noun, or a singular noun phrase that is indefinite, carries a name or names one person by a
    role ("a spokesman for the coalition", "Pinochet's lawyer", "the spokesman"); never a group
    ("the agents", "officials", "the group")."""
    for child in tok.children:
        if child.dep_ == "appos":
            ent = _entity_at(child, p, ("PERSON",))
            if ent is not None:
                return ent.text, ent.start_char
    ent = _entity_at(tok, p)
    if ent is not None:
        return ent.text, ent.start_char
    if tok.tag_ in ("NNS", "NNPS") or tok.tag_[:2] not in ("NN",):
        return None  # plural: a group, not one speaker; or no noun at all
    words = []
    for t in tok.subtree:
        if t.i > tok.i and t.text in (",", "(", "—", "–", "--"):
            break
        words.append(t)
    if not words:
        return None
    phrase = p.doc[words[0].i: words[-1].i + 1]
    named = any(t.tag_ in ("NNP", "NNPS") for t in phrase)
    det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
    if tok.tag_ == "NNP" or named or det in ("a", "an") or any(c.dep_ == "poss" for c in tok.children):
        return phrase.text, phrase.start_char
    if tok.lower_ in ROLE_NOUNS:
        return phrase.text, phrase.start_char  # "the spokesman", "the senior military officer": one person
    return None


def _verbs_in(p: Paragraph, lo: int, hi: int, quoted: list[tuple[int, int]]):
    """(token, subject) for every reporting verb (or "according to") in [lo, hi) outside quotations."""
    if hi <= lo:
        return
    span = p.doc.char_span(max(0, lo), min(hi, len(p.text)), alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.idx < lo or tok.idx >= hi or _inside(tok.idx, quoted):
            continue
        if tok.lower_ in REPORTING and tok.tag_[:2] in ("VB", "MD", "NN"):
            subj = _subject(tok, quoted)
        elif tok.lower_ == "according" and tok.i + 2 < len(p.doc) and p.doc[tok.i + 1].lower_ == "to":
            subj = next((c for c in p.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        else:
            continue
        yield tok, subj


def _sentences(p: Paragraph) -> list[tuple[int, int]]:
    if p.sentences:
        return list(p.sentences)
    if p.parsed:
        return [(s.start_char, s.end_char) for s in p.doc.sents]
    return [(0, len(p.text))]


def _sentence_of(sents: list[tuple[int, int]], i: int) -> int:
    for k, (a, b) in enumerate(sents):
        if a <= i < b + 1:
            return k
    return max(0, len(sents) - 1)


@dataclass
class Person:
    """A person named outside quotations, for resolving "he said" / "she said"."""

    offset: int  # article offset
    name: str
    gender: str | None  # "f" / "m" from "Ms." / "Mr." before the name in the report
    subject: bool = False  # the subject of a clause (or apposed to one)
    main: bool = False  # the subject of the sentence's main clause
    sentence: int = -1  # article offset of its sentence's start


_HONORIFIC = re.compile(r"\b(Mr|Ms|Mrs|Miss)\.?\s+(?:[A-Z][\w'’.-]*\s+){0,2}([A-Z][\w'’-]+)")
_GENDER = {"mr": "m", "ms": "f", "mrs": "f", "miss": "f"}
PRONOUN_GENDER = {"he": "m", "she": "f"}
# Names start where a word starts and are read whole (possessive): linear on any text (issue 21).
_BYLINE = re.compile(
    r"(?:^|\n)[ \t]*(?:By|BY)[ \t]+([A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){1,3})"
    r"|(?<![\w.'’-])([A-Z][\w.'’-]++(?:[ \t]++[A-Z][\w.'’-]++){1,2}),[ \t]+(?:Associated Press|AP|Reuters|AFP)[ \t]+(?:Writer|Correspondent)"
    r"|(?<![\w'’-])([A-Z][\w'’-]++(?:[ \t]++[A-Z][\w'’-]++)?)[ \t]+(?:writes|reports)[ \t]+for\b"
    r"|(?:Reporter|Correspondent|Writer)s?:[ \t]*(?:[\w ,]+:[ \t]*)?([a-zA-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){1,2})"
)


def bylines(text: str) -> set[str]:
    """Folded names of a report's reporters ("By JOHN SMITH", "Jane Roe, Associated Press Writer")."""
    out = set()
    for m in _BYLINE.finditer(text[:600] + "\n" + text[-400:]):
        name = next(g for g in m.groups() if g)
        out.add(fold(name))
        out.add(fold(name).split()[-1])
    return out


def persons_of(article: Sequence[Paragraph], person_names: set[str] | None = None) -> list[Person]:
    gender: dict[str, str] = {}
    for p in article:
        for m in _HONORIFIC.finditer(p.text):
            gender.setdefault(m.group(2), _GENDER[m.group(1).lower()])
    out = []
    for p in article:
        quoted = [(s.start, s.end) for s in spans(p, keep_short=True)] if p.parsed else []
        sents = _sentences(p)
        for ent in p.doc.ents:
            if ent.label_ != "PERSON" or _inside(ent.start_char, quoted):
                continue
            name = strip_titles(ent.text)
            if not name or (person_names is not None and name not in person_names):
                continue  # the entity stage decided this is no person ("Albu Kamal")
            root = ent.root
            listed = any(c.dep_ == "conj" for c in root.children) or root.dep_ == "conj"
            if root.dep_ == "appos" and root.head.tag_ in ("NN", "NNP"):
                root = root.head  # "Maloney's opponent, Mark Nielsen, said" (not "Republicans like …")
            subject = p.parsed and root.dep_ in ("nsubj", "nsubjpass") and not listed
            verb = root.head
            main = subject and (verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"))
            sentence = p.start + sents[_sentence_of(sents, ent.start_char)][0]
            out.append(Person(p.start + ent.start_char, name, gender.get(name.split()[-1]), bool(subject), bool(main), sentence))
    return out


def _same_person(a: str, b: str) -> bool:
    fa, fb = fold(strip_titles(a)).split(), fold(strip_titles(b)).split()
    return bool(fa and fb) and fa[-1] == fb[-1]


def _resolve(pronoun: str, lo: int, at: int, persons: list[Person], last: "Span | None") -> tuple[str, int] | None:
    """The person a "he"/"she" at article offset `at` refers to, or None when not certain:
    the latest person of a fitting gender who is the subject of a main clause in [lo, at)
    (the previous quotation's speaker counts as one at its attribution), provided no other
    fitting person is the subject of a clause in their sentence or after it ("President Tahir
    spoke to the families, spokesman Li said. “…,” he said." has no certain speaker)."""
    want = PRONOUN_GENDER.get(pronoun)
    if want is None:
        return None
    fits = [x for x in persons if lo <= x.offset < at and x.gender in (None, want)]
    if last is not None and last.speaker and last.speaker_start is not None and lo <= last.speaker_start < at:
        known = next((x for x in persons if _same_person(x.name, last.speaker)), None)
        if known is not None and known.gender in (None, want):
            fits.append(Person(last.speaker_start, last.speaker, known.gender, True, True, last.speaker_start))
            fits.sort(key=lambda x: x.offset)
    mains = [x for x in fits if x.main]
    exact = [x for x in fits if x.gender == want]
    if not mains and exact and all(_same_person(x.name, exact[-1].name) for x in exact):
        mains = exact[-1:]  # the one person named as "Ms."/"Mr." nearby (the parse missed the subject)
    if not mains:
        return None
    best = mains[-1]
    if any(x.subject and not _same_person(x.name, best.name) for x in fits if x.offset >= best.sentence):
        return None  # another person is the subject of a clause in the same sentence or later
    full = max((x for x in persons if _same_person(x.name, best.name) and x.offset <= at), key=lambda x: len(x.name), default=best)
    return full.name, best.offset


NEAR = 400  # characters


def attribute(article: Sequence[Paragraph], person_names: set[str] | None = None,
              reporters: set[str] | None = None) -> list[Span]:
    """Spans of one report with their speakers (the rules of the module docstring);
    `person_names`: the names the entity stage keeps as people (None: all PERSON entities);
    `reporters`: folded names of the report's reporters (never speakers)."""
    persons = persons_of(article, person_names)
    reporters = reporters or set()
    out: list[Span] = []
    last: Span | None = None
    prev_para: Paragraph | None = None
    for p in article:
        found = spans(p) if p.parsed else []
        quoted = [(s.start, s.end) for s in spans(p, keep_short=True)] if p.parsed else []
        sents = _sentences(p)
        for n, s in enumerate(found):
            ka, kb = _sentence_of(sents, s.start), _sentence_of(sents, max(s.start, s.end - 1))
            tail = p.text[s.end:s.end + 3].lstrip("”’'\"» ")
            if p.text[s.start:s.end].rstrip()[-1:] in (",", "?", "!", "—", "-") or tail[:1].islower():
                kb = min(len(sents) - 1, kb + 1)  # "…," he said. / "…?" asked X.
            lo = max([sents[ka][0]] + [b for a, b in quoted if b <= s.start])
            hi = min([sents[kb][1] + 1] + [a for a, b in quoted if a >= s.end])
            after = list(_verbs_in(p, s.end, hi, quoted))
            before = list(_verbs_in(p, lo, s.start, quoted))
            verbs = after[:1] + before[::-1][:1]
            s.speaker = s.speaker_start = None
            if verbs:
                _set(s, verbs[0][1], p, persons, last, "same sentence", sents, ka)
            elif ka > 0 and p.text[:s.start].rstrip().endswith(":") and (
                    v := list(_verbs_in(p, sents[ka - 1][0], s.start, quoted))):
                _set(s, v[-1][1], p, persons, last, "colon", sents, ka - 1)
            elif last is not None and last.speaker and _continues(last, s, p, prev_para, sents, quoted):
                s.speaker, s.speaker_start, s.rule = last.speaker, last.speaker_start, "continued"
            if s.speaker and (fold(s.speaker) in reporters or fold(strip_titles(s.speaker)) in reporters):
                s.speaker, s.speaker_start, s.rule = None, None, "reporter"
            out.append(s)
            last = s
        prev_para = p
    return out


def _continues(last: Span, s: Span, p: Paragraph, prev_para: "Paragraph | None",
               sents: list[tuple[int, int]], quoted: list[tuple[int, int]]) -> bool:
    """Nothing but quotations and the previous quotation's own attribution between them: no
    sentence without a quotation in between, and across paragraphs the new one opens with
    the quotation right after the paragraph that held the previous one."""
    if last.para is p:
        first = _sentence_of(sents, last.end)
        said = last.speaker_start - p.start if last.speaker_start is not None else -1
        for a, b in sents[first + 1:]:
            if b > s.start:
                break
            if not any(x < b and a < y for x, y in quoted) and not a <= said < b:
                return False
        return True
    if not (s.opens_paragraph and prev_para is last.para and p.index == last.para.index + 1):
        return False
    ps = _sentences(last.para)
    pq = [(x.start, x.end) for x in spans(last.para, keep_short=True)]
    first = _sentence_of(ps, last.end)
    return all(any(x < b and a < y for x, y in pq) for a, b in ps[first + 1:])


def _pronoun_chain(p: Paragraph, subj, lo: int) -> bool:
    """The same pronoun is the subject of a main clause in [lo, subj) of the paragraph."""
    return any(
        t.lower_ == subj.lower_ and t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
        for t in p.doc if lo <= t.idx < subj.idx and t.i != subj.i
    )


def _set(s: Span, subj, p: Paragraph, persons: list[Person], last: "Span | None", rule: str,
         sents: list[tuple[int, int]], k: int) -> None:
    s.rule = rule
    if subj is None or subj.lower_ in _OTHER_PRONOUNS:
        s.rule = rule + ", no speaker named"
        return
    if subj.lower_ in PRONOUN_GENDER:
        lo = p.start + sents[k - 2][0] if k > 1 else p.start - (2 * NEAR if k == 0 else NEAR)
        got = _resolve(subj.lower_, max(0, lo), p.start + subj.idx, persons, last)
        if got is None and k > 1 and _pronoun_chain(p, subj, sents[max(0, k - 2)][0]):
            # "Ms. Slaughter … finds herself torn. … she worries … “…,” she said.": the same
            # pronoun as a main-clause subject in between carries the reference two sentences further
            lo = p.start + sents[max(0, k - 4)][0]
            got = _resolve(subj.lower_, lo, p.start + subj.idx, persons, last)
        if got:
            s.speaker, s.speaker_start = got
            s.rule = rule + ", pronoun"
        else:
            s.rule = rule + ", unresolved pronoun"
        return
    full = {x.name: x for x in persons if len(x.name.split()) > 1 and x.name.split()[-1] == subj.text}
    alone = subj.i == 0 or not p.doc[subj.i - 1].text[:1].isupper()
    if len(full) == 1 and alone and subj.tag_ in ("NNS", "NNPS"):
        named = next(iter(full.values()))  # "Yeomans said": a surname the tagger took for a plural
        s.speaker, s.speaker_start = named.name, named.offset
        return
    got = _name(subj, p)
    if got is None:
        s.rule = rule + ", group or unnamed"
        return
    s.speaker, s.speaker_start = got[0], p.start + got[1]
