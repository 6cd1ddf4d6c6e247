"""A lead sentence shortened to a headline on its dependency parse (spaCy, the facts stage's model).

A headline says who did what: it keeps the sentence's subject and its finite
verb, and reaches headline length by dropping whole parse subtrees, never by
cutting text at a character count:

* always: leading adverbials before the subject ("With 22 percent of the vote
  counted, ...", "In 1992, ...", "As several members observed, ..."), trailing
  attribution (", officials said Sunday": the reported clause becomes the
  headline; ", according to police"), interjections and stray fragments;
* while longer than ``TARGET_CHARS``: appositives and parentheses, relative and
  participle clauses, then trailing modifiers (prepositional phrases,
  adverbial clauses, a second coordinated clause), the last one first.

The result ends where a subtree ends (never mid-clause, never on a determiner,
preposition, conjunction or adjective), with no "…" and no final period; when
nothing more may go it may run to ``HARD_CHARS``. :func:`shorten` answers None
when the sentence has no subject and finite verb to keep (a fragment, a
question, a pronoun for a subject) or stays longer than that.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

TARGET_CHARS = 90  # a headline is shortened until it fits this
LOOSE_CHARS = 100  # longer than this, even a verb's first complement may go
HARD_CHARS = 120  # ... and when no more can go, is still one up to this
_FINITE = frozenset("VBD VBZ VBP MD".split())
_SUBJECTS = frozenset("nsubj nsubjpass expl csubj".split())
# reporting verbs (the model runs without its lemmatizer: word forms)
_SAYING = frozenset(
    "said says say told tells reported reports announced announces added adds stated states claimed claims "
    "declared declares insisted insists contended contends asserted asserts argued argues noted notes "
    "confirmed confirms acknowledged acknowledges warned warns explained explains wrote writes".split())
_LEADING = frozenset("advcl prep npadvmod advmod intj mark cc punct dep parataxis meta oprd".split())
_ALWAYS_AFTER = frozenset("intj meta dep".split())
_OPTIONAL = ("appos", "relcl", "acl", "advcl", "prep", "agent", "npadvmod", "advmod", "conj", "parataxis")
_PAIRED = {"(": ")", "[": "]", "—": "—", "–": "–", "--": "--"}
_PUNCT_SIDE = frozenset(",;:—–-(") | {"--"}
_CLOSING = frozenset(",;)]—–") | {"--"}
_SEPARATORS = frozenset(",;:")
_NO_SPACE_BEFORE = frozenset(",;:.!?)]") | {"'s", "n't", "%"}
_OPENING = frozenset("([")
_COMPLEMENTS = frozenset("into onto to from with".split())  # "turned X into Y", "charged X with Y"
_DANGLING_TAGS = frozenset("DT IN CC TO PRP$ POS JJ WDT HYPH".split())  # a title never ends on one
_QUOTE = re.compile(r"[\"“”«»„]|``|''")  # noqa


def _subject(verb: Any) -> Any | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _finite(verb: Any) -> bool:
    return verb.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in verb.children)


def _clause(doc: Any) -> Any | None:
    """The main clause's verb: the root, or the reported clause when the root is a trailing
    attribution (", officials said Sunday")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    said = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.i < root.i]
    subj = _subject(root)  # "X happened, officials said / results showed Sunday": the clause before it
    if said and (subj is None or said[0].i < subj.i) and _subject(said[0]) is not None:
        return said[0]
    return root


def _with_punct(doc: Any, lo: int, hi: int) -> set[int]:
    """Token indices lo..hi and the punctuation that sets them off (a comma or dash on either side,
    a bracket pair)."""
    out = set(range(lo, hi + 1))
    if lo > 0 and doc[lo - 1].text in _PUNCT_SIDE:
        out.add(lo - 1)
    if hi + 1 < len(doc) and doc[hi + 1].text in _CLOSING:
        out.add(hi + 1)
    return out


def _subtree(doc: Any, token: Any) -> set[int]:
    lo, hi = token.left_edge.i, token.right_edge.i
    return _with_punct(doc, lo, hi)


def render(doc: Any, kept: Iterable[int]) -> str:
    """The kept tokens as text: spacing as written, stray punctuation at the ends and doubled
    separators removed, the first letter a capital."""
    out: list[str] = []  # token texts, each with the space after it
    for i in sorted(kept):
        text = doc[i].text
        if out and text in _SEPARATORS and out[-1].rstrip() in _SEPARATORS:
            continue  # ", ," left where a phrase went
        if out and (text in _NO_SPACE_BEFORE) and out[-1].endswith(" "):
            out[-1] = out[-1].rstrip()
        spaced = doc[i].whitespace_ or (i + 1 < len(doc) and i + 1 not in kept)
        out.append(text + (" " if spaced and text not in _OPENING else ""))
    s = "".join(out).strip()
    if s.count("(") != s.count(")"):  # a bracket whose pair went with a dropped phrase
        s = s.replace("(", "").replace(")", "")
    s = s.replace("()", "").replace("[]", "")
    s = s.strip(" ,;:—–-")
    while s.endswith((".", "!")):
        s = s[:-1].rstrip()
    s = s.strip(" ,;:—–-")
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s


def _needed(t: Any, subj: Any) -> bool:
    """A modifier a headline keeps: a prepositional phrase of the subject or an "of" phrase, an
    infinitive completing a noun ("a way to ..."), a verb's first prepositional complement ("flew to
    Damascus", "turned the hall into a ruin")."""
    if t.dep_ == "prep" and (t.head.i == subj.i or t.text.lower() == "of"):
        return True
    if t.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children):
        return True
    if t.dep_ == "prep" and t.head.tag_.startswith("VB") and t.i > t.head.i:
        first = next((c for c in t.head.children if c.dep_ == "prep" and c.i > t.head.i), None)
        has_object = any(c.dep_ in ("dobj", "dative") for c in t.head.children)
        return first is not None and first.i == t.i and (not has_object or t.text.lower() in _COMPLEMENTS)
    return False


def _is_headline(doc: Any, kept: set[int], verb: Any) -> bool:
    subj = _subject(verb)
    if subj is None or subj.i not in kept or verb.i not in kept or not _finite(verb):
        return False
    if subj.tag_ == "PRP":
        return False  # "They have arrested ...": who?
    last = max(kept)
    while last > 0 and doc[last].is_punct:
        last -= 1
    return doc[last].tag_ not in _DANGLING_TAGS


def _set_off(doc: Any, t: Any) -> bool:
    """``t``'s subtree stands between commas, dashes or brackets ("Pinochet, 82, was held")."""
    lo, hi = t.left_edge.i, t.right_edge.i
    return lo > 0 and doc[lo - 1].text in _PUNCT_SIDE and (
        hi + 1 >= len(doc) or doc[hi + 1].text in _CLOSING or doc[hi + 1].is_sent_end or doc[hi + 1].text in ".!?")


def _quoted(doc: Any) -> set[int]:
    """Indices of tokens inside quotation marks (a quotation is never shortened)."""
    out: set[int] = set()
    inside = False
    for t in doc:
        if _QUOTE.fullmatch(t.text) or t.text in ("'", "‘", "’") and t.tag_ in ("``", "''"):
            inside = not inside
            out.add(t.i)
        elif inside:
            out.add(t.i)
    return out


def _in_word(doc: Any, t: Any) -> bool:
    """The subtree of ``t`` begins or ends inside a written word ("7-year-old")."""
    lo, hi = t.left_edge.i, t.right_edge.i
    return (lo > 0 and not doc[lo - 1].whitespace_ and not doc[lo - 1].is_punct) or \
        (hi + 1 < len(doc) and not doc[hi].whitespace_ and not doc[hi + 1].is_punct) or \
        (lo > 1 and doc[lo - 1].text == "-" and not doc[lo - 2].whitespace_)


def shorten(doc: Any, target: int = TARGET_CHARS, hard: int = HARD_CHARS) -> str | None:
    """``doc`` (one parsed lead sentence) as a headline of at most ``target`` characters that keeps its
    subject and finite verb (module docstring); None when there is none."""
    verb = _clause(doc)
    if verb is None:
        return None
    subj = _subject(verb)
    if subj is None:
        return None
    kept = {t.i for t in verb.subtree}
    start = min(subj.left_edge.i, verb.i)
    for c in verb.children:  # leading adverbials, and what precedes the clause
        if c.i < start and c.dep_ in _LEADING:
            kept -= _subtree(doc, c)
        elif c.i > verb.i and c.dep_ in _ALWAYS_AFTER:
            kept -= _subtree(doc, c)
        elif c.i > verb.i and c.dep_ == "prep" and c.text.lower() == "according":
            kept -= _subtree(doc, c)
        elif c.i > verb.i and c.dep_ in ("conj", "parataxis", "advcl") and c.text.lower() in _SAYING \
                and not any(d.dep_ in ("dobj", "ccomp") for d in c.children):  # ", the chairman said Friday"
            kept -= _subtree(doc, c) | {d.i for d in verb.children if d.dep_ == "cc" and d.i < c.i}
    kept = {i for i in kept if i >= start or doc[i].dep_ in ("aux", "auxpass", "neg")}
    if not _is_headline(doc, kept, verb):
        return None
    text = render(doc, kept)
    if not text[:1].isalnum() or " _ " in text or text.endswith("?"):
        return None
    protected = {verb.i, subj.i} | {a.i for a in verb.ancestors} | _quoted(doc)
    while len(text) > target:
        loose = len(text) > LOOSE_CHARS  # past this even a verb's first complement may go
        cands = [t for t in doc if t.i in kept and t.i not in protected and t.dep_ in _OPTIONAL
                 and t.head.i in kept and not _in_word(doc, t)
                 and not (t.head.i == subj.i and t.dep_ in ("prep", "conj"))  # "X and Y say": both stay
                 and not (t.dep_ == "prep" and t.text.lower() == "of")
                 and not any(i in protected for i in range(t.left_edge.i, t.right_edge.i + 1))]
        free = [t for t in cands if not _needed(t, subj)]
        cands = free or (cands if loose else [])
        if not cands:
            break
        aside = [t for t in cands if t.dep_ in ("appos", "relcl") and _set_off(doc, t)]
        if aside:  # asides set off by commas or brackets first, the longest first
            drop = max(aside, key=lambda t: t.right_edge.i - t.left_edge.i)
        elif free:  # then trailing modifiers, the last first (the whole of it)
            drop = max(cands, key=lambda t: (t.right_edge.i, -t.left_edge.i))
        else:  # a complement, when nothing else is left: the innermost last one
            drop = max(cands, key=lambda t: (t.right_edge.i, t.left_edge.i))
        removed = _subtree(doc, drop)
        if drop.dep_ == "conj":  # "... and lashed Hong Kong": the "and" goes too
            removed |= {c.i for c in drop.head.children if c.dep_ == "cc" and c.i < drop.i}
        kept -= removed
        text = render(doc, kept)
    if not _is_headline(doc, kept, verb) or len(text.split()) < 4 or len(text) > hard:
        return None
    return text
