"""Figures (numbers with what they count or measure) and where reports differ.

Extraction: digits ("40,000", "3.5"), spelled-out numbers (text2num: "twenty-five"),
"a dozen", "dozens", "hundreds"; "million"/"billion"; units of length, mass and
money, percentages (pint converts to one base unit per dimension). Qualifiers
give an interval: "at least"/"more than" [n, ∞), "up to"/"fewer than" [0, n],
"about"/"some"/"nearly" ±5 %. A figure right after another in brackets
("70 km (40 miles)") is the same figure restated and is dropped.

Comparison: two figures of different reports are about the same thing when they
have the same dimension and counted word, and their sentences share at least
half their content words (numbers aside). They agree when their intervals
overlap; a figure converted from another unit may differ by half a unit of its
last significant digit (70 km = 43.5 miles agrees with 40 miles). Differing
figures of reports with different publication dates are an update (the later
one supersedes), otherwise a disagreement.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Sequence

from ..text import STOP_WORDS, parse_day, stem, terms
from .model import Figure, FigureComparison, Mention
from .nlp import Paragraph, sentence_spans

_WORDNUM = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
)
_QUAL = (
    r"(?P<qual>at least|more than|over|upwards of|in excess of|nearly|almost|about|some|around|approximately|"
    r"roughly|an estimated|estimated|up to|fewer than|less than|under|at most|close to)\s+"
)
_UNITS = {
    "km": "kilometer", "kilometer": "kilometer", "kilometers": "kilometer", "kilometre": "kilometer", "kilometres": "kilometer",
    "mile": "mile", "miles": "mile", "mi": "mile", "meter": "meter", "meters": "meter", "metre": "meter", "metres": "meter",
    "m": "meter", "feet": "foot", "foot": "foot", "ft": "foot", "yards": "yard", "yard": "yard",
    "kg": "kilogram", "kilogram": "kilogram", "kilograms": "kilogram", "pounds": "pound", "pound": "pound", "lb": "pound",
    "lbs": "pound", "tons": "ton", "ton": "ton", "tonnes": "metric_ton", "tonne": "metric_ton",
    "percent": "percent", "per cent": "percent", "%": "percent",
}
FIGURE = re.compile(
    r"(?<![\w.,$])(?:" + _QUAL + r")?"
    r"(?P<cur>\$|US\$|£|€)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|a dozen|dozens|hundreds|thousands|several|a few|"
    + _WORDNUM + r"(?:[\s-]+(?:and\s+)?" + _WORDNUM + r")*)"
    r"(?:\s+(?P<mult>million|billion|thousand|hundred)\b)?"
    # "%" ends a unit without a word boundary after it ("4%," "4% of"); the words need one
    r"(?:\s*(?P<unit>%|(?:percent|per cent|(?:US\s)?dollars|USD|euros?|km|kilomet(?:er|re)s?|miles?|mi|met(?:er|re)s?|feet|foot|ft|yards?|kg|kilograms?|pounds?|lbs?|tonnes?|tons?)\b))?"
    r"(?:\s+(?P<thing>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?))?",
    re.IGNORECASE,
)
_VAGUE = {"a dozen": (12, 12), "dozens": (24, 144), "hundreds": (200, 999), "thousands": (2000, 9999), "several": (3, 9), "a few": (2, 5)}
_VAGUE_WORDS = re.compile(r"\b(?:several|a few|dozens|hundreds|thousands)\b", re.IGNORECASE)
_MULT = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "hundred": 100}
_SKIP_BEFORE = re.compile(
    r"(?:\b(?:page|no\.|number|Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s*|[-/:#])$", re.IGNORECASE
)
# counted words that name the same kind of thing: people, and the dead
PEOPLE = frozenset(
    "people persons person civilians victims dead deaths death killed bodies lives casualties residents "
    "citizens inhabitants survivors refugees migrants fatalities".split()
)
_TOLL_BEFORE = re.compile(
    r"\b(?:death toll|toll|death count|deaths|dead|killed|casualties|fatalities)\b(?:\W+[A-Za-z]+){0,3}\W*$", re.IGNORECASE
)
_RATE_BEFORE = re.compile(r"\b(?:in|per|out of|of every|every)\s+$", re.IGNORECASE)
# Possessive runs and a match only where a space run starts: linear on any text (issue 21).
_RATE_AFTER = re.compile(r"(?<!\s)\s++(?:\w++\s++){0,4}?(?:in|per|out of)\s++(?:every\s++)?[\d,]++\b", re.IGNORECASE)
_TEMPERATURE = frozenset("degrees degree celsius fahrenheit c f".split())
# an article or preposition right after a number: no counted thing named ("120 of the ...")
_THING_STOP = frozenset("of and the a an to in on at for from with by".split())


@lru_cache(maxsize=1)
def _units():
    import pint

    return pint.UnitRegistry()


def _number(text: str) -> float | None:
    text = text.lower()
    if text in _VAGUE:
        return float(_VAGUE[text][0])
    if text[0].isdigit():
        return float(text.replace(",", ""))
    from text_to_num import text2num

    try:
        return float(text2num(text.replace("-", " ").replace(" and ", " "), "en"))
    except ValueError:
        return None


def _precision(num_text: str, value: float) -> float:
    """Half a unit of the last significant digit of a number as written."""
    digits = num_text.replace(",", "")
    if not digits[:1].isdigit():
        return 0.5
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return min(0.5 * 10 ** zeros, 0.1 * value) if value else 0.5  # "100" may be exact: at most 10 %


def figures_in(p: Paragraph, published: str | None) -> list[Figure]:
    out: list[Figure] = []
    bounds = list(sentence_spans(p))
    last_end = -10
    for m in FIGURE.finditer(p.text):
        num = m.group("num")
        if not num:
            continue
        before = p.text[max(0, m.start() - 12):m.start()]
        if not m.group("qual") and not m.group("cur") and _SKIP_BEFORE.search(before):
            continue
        value = _number(num)
        if value is None:
            continue
        if re.fullmatch(r"1[89]\d\d|20\d\d", num) and not m.group("unit") and not m.group("cur"):
            continue  # a year
        if _RATE_BEFORE.search(p.text[max(0, m.start() - 12):m.start()]) or _RATE_AFTER.match(p.text[m.end("num"):]):
            continue  # "4 in 1,000", "2.7 per 1,000": a rate, not a count
        if p.text[max(0, m.start() - 2):m.start()].strip() == "(" and m.start() - last_end <= 3:
            continue  # "70 km (40 miles)": the same figure restated
        mult = _MULT.get((m.group("mult") or "").lower(), 1)
        low, high = (_VAGUE[num.lower()] if num.lower() in _VAGUE else (value, value))
        low, high = low * mult, high * mult
        value *= mult
        tol = _precision(num, value / mult) * mult
        qual = (m.group("qual") or "").lower()
        if qual in ("at least", "more than", "over", "upwards of", "in excess of"):
            high = math.inf
        elif qual in ("up to", "fewer than", "less than", "under", "at most"):
            low = 0.0
        elif qual in ("nearly", "almost", "close to"):
            low = value * 0.95
        elif qual:
            low, high = value * 0.95, value * 1.05
        unit_word = (m.group("unit") or "").lower()
        thing = (m.group("thing") or "").lower()
        if m.group("cur") or unit_word in ("dollars", "us dollars", "usd", "euro", "euros"):
            unit = "EUR" if unit_word.startswith("euro") or m.group("cur") == "€" else (
                "GBP" if m.group("cur") == "£" else "USD")
        elif unit_word:
            name = _UNITS.get(unit_word) or _UNITS.get(unit_word.rstrip("s"), "")
            if not name:
                continue
            if name == "percent":
                unit = "percent"
            else:
                ureg = _units()
                q = ureg.Quantity(1.0, name)
                base = q.to_base_units()
                factor = float(base.magnitude)
                unit = str(base.units)
                low, high, value, tol = low * factor, high * factor, value * factor, tol * factor
        else:
            if (not thing or thing.split()[0] in _THING_STOP) and _TOLL_BEFORE.search(p.text[max(0, m.start() - 60):m.start()]):
                thing = "dead"  # "the death toll passed 120,000"
            if not thing or thing.split()[0] in _THING_STOP:
                continue  # a bare number: nothing to compare it about
            unit = "count"
        s, e = next(((x, y) for x, y in bounds if x <= m.start() < y + 1), (0, len(p.text)))
        words = thing.split()
        if len(words) > 1 and (words[1] in STOP_WORDS or unit_word):
            words = words[:1]
        if unit_word and words and (words[0] in STOP_WORDS or words[0] in _THING_STOP):
            words = []  # "4 percent in March", "4% of the vote": the unit is what it measures
        thing = " ".join(words)
        if words and words[0] in _TEMPERATURE:
            continue  # temperatures are readings of different moments, not one figure
        if unit_word and not words:
            end = m.end("unit")
        else:
            end = m.start("thing") + len(m.group("thing").split()[0]) if len(words) == 1 and m.group("thing") else (m.end("thing") if m.group("thing") else m.end())
        out.append(
            Figure(
                text=p.text[m.start():end].strip(),
                value=value, low=low - (tol if unit_word else 0), high=high + (tol if unit_word else 0),
                unit=unit, thing=thing.split()[0] if thing else "",
                source=p.source, published=published,
                mention=Mention(p.article_id, p.source, p.start + m.start(), p.start + end, p.text[m.start():end]),
                sentence=p.text[s:e].strip(),
            )
        )
        last_end = m.end("unit") if m.group("unit") else m.end("num")
    return out


def _content(sentence: str) -> set[str]:
    return {stem(w) for w in terms(sentence) if w not in STOP_WORDS and not w[0].isdigit()}


def _thing_key(f: Figure) -> str:
    words = f.thing.split()
    t = words[0] if words else ""
    if t == "dead" and len(words) > 1:
        t = words[1]  # "four dead crows" counts crows
    if t in PEOPLE or (t[:1].isupper() and t.endswith(("ans", "ese", "is"))):  # "3,000 Chileans"
        return "people"
    return t[:-1] if t.endswith("s") and len(t) > 3 else t


def _window(f: Figure, words: int = 8) -> set[str]:
    """Content words near the figure in its sentence."""
    i = f.sentence.find(f.text)
    if i < 0:
        return _content(f.sentence)
    left = f.sentence[:i].split()[-words:]
    right = f.sentence[i + len(f.text):].split()[:words]
    return _content(" ".join(left + right) + " " + f.thing)


def same_thing(a: Figure, b: Figure) -> bool:
    """Conservative: same unit and counted word, no different place named right at
    the figures, and either near-identical sentences, or two death tolls
    ("killed 200,000", "121,000 deaths") in related sentences, or the same words
    right around both figures."""
    if a.unit != b.unit or _thing_key(a) != _thing_key(b):
        return False
    if min(a.value, b.value) <= 0 or max(a.value, b.value) / min(a.value, b.value) > 10:
        return False  # reports do not differ tenfold about one figure: these are two things
    sa, sb = _scope(a), _scope(b)
    if sa and sb and not sa & sb:
        return False
    ca, cb = _content(a.sentence), _content(b.sentence)
    if not ca or not cb:
        return False
    overlap = len(ca & cb) / len(ca | cb)
    if overlap >= 0.5 and len(ca & cb) >= 3:
        return True
    if _thing_key(a) == "people" and _near_death(a) and _near_death(b) and overlap >= 0.15:
        pa, pb = _scope(a, whole=True), _scope(b, whole=True)
        return not (pa and pb and not pa & pb)
    if _thing_key(a) in _DURATIONS:
        return False  # "10 years", "two years": durations of different things unless the sentences agree
    wa, wb = _window(a), _window(b)
    return len(wa & wb) >= 4 and len(wa & wb) / len(wa | wb) >= 0.5


def _near_death(f: Figure, words: int = 3) -> bool:
    i = f.sentence.find(f.text)
    if i < 0:
        return False
    left = f.sentence[:i].split()[-words:]
    right = f.sentence[i:].split()[: len(f.text.split()) + words]
    return bool(_content(" ".join(left + right)) & _DEATH)


_DURATIONS = frozenset("year month week day hour minute second time".split())
_DEATH = frozenset(stem(w) for w in "death deaths dead killed died toll fatalities lives".split())
_SCOPE = re.compile(
    r"\b(?:[Ii]n|[Oo]f|[Ff]rom|[Tt]hroughout|[Aa]cross|[Aa]round|hit|struck|swept)\s+(?:the\s+)?(?:[a-z]+ern\s+|neighbou?ring\s+)?"
    r"((?:[A-Z][\w-]++\s?){1,3})"
    r"|(?<![\w-])((?:[A-Z][\w-]++\s?){1,3})(?=\s+(?:has|have|had|says|said|reports?|reported)\b)"
)


def _scope(f: Figure, whole: bool = False) -> set[str]:
    """Places or bodies a figure is about, named right around it ("in Indonesia",
    "Sweden has"), or anywhere in its sentence when `whole`."""
    i = f.sentence.find(f.text)
    if i < 0:
        return set()
    around = f.sentence if whole else f.sentence[max(0, i - 40):i + len(f.text) + 30]
    return {(x or y).strip() for x, y in _SCOPE.findall(around)} - {"The", "A", "An", "In", "On"}


def agree(a: Figure, b: Figure) -> bool:
    return a.low <= b.high and b.low <= a.high


def compare(paras: Sequence[Sequence[Paragraph]], published: Sequence[str | None], family: dict[int, int] | None = None):
    """(disagreements, updates, single-source figures) of the story.

    Only figures directly about the same thing are compared (no chains: a
    "10 years" and a "20 years" are never linked through a third figure); the
    figures that differ from one figure and agree with each other form one
    comparison."""
    family = family or {}
    figs = [f for article, pub in zip(paras, published) for p in article for f in figures_in(p, pub)]
    partnered: set[int] = set()
    differing: dict[int, list[int]] = {}
    same: set[tuple[int, int]] = set()
    for i, a in enumerate(figs):
        for j in range(i + 1, len(figs)):
            b = figs[j]
            if a.source == b.source or not same_thing(a, b):
                continue
            partnered.update((i, j))
            same.update(((i, j), (j, i)))
            if not agree(a, b) and family.get(a.source, a.source) != family.get(b.source, b.source):
                differing.setdefault(i, []).append(j)
    disagreements, updates = [], []
    seen: set[frozenset] = set()
    for i, others in differing.items():
        groups: list[list[int]] = []
        for j in others:
            g = next((g for g in groups if all((j, k) in same and agree(figs[j], figs[k]) for k in g)), None)
            (g.append(j) if g is not None else groups.append([j]))
        for g in groups:
            key = frozenset([i, *g])
            if key in seen:
                continue
            seen.add(key)
            members = sorted((figs[k] for k in key), key=lambda f: (parse_day(f.published) or _LAST, f.source))
            dates = {parse_day(f.published) for f in members}
            kind = "update" if None not in dates and len(dates) > 1 else "disagreement"
            comparison = FigureComparison(kind, members[0].thing or members[0].unit, members)
            (updates if kind == "update" else disagreements).append(comparison)
    single = [f for k, f in enumerate(figs)
              if k not in partnered and not _VAGUE_WORDS.search(f.text) and not given_elsewhere(f, figs)]
    return disagreements, updates, single


def given_elsewhere(f: Figure, figs: Sequence[Figure]) -> bool:
    """Whether another report states the same figure, however spelled ("4 percent", "4%",
    "four per cent"), in whatever sentence: the same unit (for counts, the same counted thing),
    values within 5 % of each other and agreeing intervals. Such a figure is never listed as
    one only one report gives, even where the sentences around it are too unlike to compare."""
    def same(g: Figure) -> bool:
        if g.source == f.source or g.unit != f.unit or not agree(f, g):
            return False
        if f.unit == "count" and _thing_key(f) != _thing_key(g):
            return False
        return abs(f.value - g.value) <= 0.05 * max(abs(f.value), abs(g.value))
    return any(same(g) for g in figs)


_LAST = parse_day("9999-12-31")
