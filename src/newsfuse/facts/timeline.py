"""Timeline: date expressions in the reports, resolved against each report's
publication date (``Article.published``) with dateutil's relativedelta.

Resolved: weekdays ("On Tuesday", "last Thursday"; the most recent such day on
or before the report's date, the next one after "will"/"next"), "yesterday",
"today", "tomorrow", "last/this/next week|weekend|month|year", "N days ago",
month-day dates ("June 5", "Oct. 17, 1998"), "in June", "in 2014". A report
without a date gives undated events: the expression is kept, the date is never
guessed.

A month-day or month without a year is dated in the direction the text gives
(:func:`direction`): after "since" the latest such day on or before the report's
date, after "next" the first after it. Otherwise two clues are weighed: the
tense of the verb the date belongs to ("fell on April 20", "will open on April
20", or a future marker such as "is scheduled") and nearness (the candidate
within :data:`NEAR` of the report's date; the other year is ten months away).
One clue, or two that agree, date it; clues that disagree, or none, leave the
event undated with its expression ("April 20"): no year is guessed.

Dates keep their precision: a year is "1998", a month "1998-10", a week its ISO
week "1998-W42", a day "1998-10-14" (never padded to a first day). Events are what
happened in the story's span: from a week before its first report to a week after
its last. Historical anchors are background (``Event.kind == "background"``),
listed after the story's events: anything dated outside that span, "N years ago",
and "since 1975".
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Sequence

from dateutil.relativedelta import relativedelta
from rapidfuzz import fuzz

from ..text import MONTH_IN_TEXT, MONTHS, WEEKDAYS, parse_day
from .model import Event, Mention
from ..dedup.names import fold
from .nlp import Paragraph, sentence_spans

_MONTH = r"(?P<month>" + MONTH_IN_TEXT + ")"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
PATTERN = re.compile(
    r"\b(?:"
    + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>1[89]\d\d|20\d\d))?"
    r"|(?P<day2>\d{1,2})\s+" + _MONTH.replace("month", "month2") + r"(?:\s+(?P<year2>1[89]\d\d|20\d\d))?"
    r"|(?P<rel>last|next|this|past)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month|year)"
    r"|(?:on\s+)?(?P<weekday2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?P<deictic>yesterday|today|tonight|tomorrow)"
    r"|(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|later)"
    r"|in\s+" + _MONTH.replace("month", "month3") + r"(?:\s+(?P<year3>1[89]\d\d|20\d\d))?"
    r"|(?P<since>since|in)\s+(?P<year4>1[89]\d\d|20\d\d)(?![\d-])"
    r")(?:\b|(?<=\d)(?!\d))",  # "January 18, 2005Through": a glued year still ends
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|would|is to|are to|plans? to|planned|planning|scheduled|expected to|set to|is due|are due)\b[^.;]{0,60}$",
    re.IGNORECASE
)
_FUTURE_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:will|is to|are to|is due)\b", re.IGNORECASE)
_CAPITAL_WEEKDAY = re.compile(r"^[A-Z]")


def resolve(m: re.Match, base: dt.date | None, before: str = "", after: str = "",
            tense: str | None = None) -> tuple[dt.date | None, str] | None:
    """(date, precision) of one matched expression; date None when `base` is None, or when a
    month-day or month without a year cannot be placed (`tense`: :func:`direction`)."""
    g = {k: v for k, v in m.groupdict().items() if v}
    month = g.get("month") or g.get("month2") or g.get("month3")
    if month and (g.get("day") or g.get("day2")):
        mo = MONTHS[month.lower().rstrip(".")]
        day = int(g.get("day") or g.get("day2"))
        year = g.get("year") or g.get("year2")
        if not 1 <= day <= 31:
            return None
        if year:
            return _safe(int(year), mo, day), "day"
        if base is None:
            return None, "day"
        options = [d for y in (base.year - 1, base.year, base.year + 1) if (d := _safe(y, mo, day))]
        return _directed(options, base, tense), "day"
    if month and "month3" in g:
        mo = MONTHS[month.lower().rstrip(".")]
        if month.lower() == "may" and not g.get("year3"):
            return None  # "in may" is rarely the month
        if g.get("year3"):
            return dt.date(int(g["year3"]), mo, 1), "month"
        if base is None:
            return None, "month"
        options = [dt.date(y, mo, 1) for y in (base.year - 1, base.year, base.year + 1)]
        return _directed(options, base.replace(day=1), tense), "month"
    if g.get("year4"):
        return dt.date(int(g["year4"]), 1, 1), "year"  # "in 1998", "since 1975" (a year, shown as "1998")
    word = (g.get("weekday") or g.get("weekday2") or "").lower()
    if word in WEEKDAYS:
        if not _CAPITAL_WEEKDAY.match(g.get("weekday") or g.get("weekday2")):
            return None
        if base is None:
            return None, "day"
        rel = (g.get("rel") or "").lower()
        target = WEEKDAYS.index(word)
        back = (base.weekday() - target) % 7
        if rel == "last":
            return base - dt.timedelta(days=back or 7), "day"
        if rel == "next" or (rel != "past" and (_FUTURE.search(before) or _FUTURE_AFTER.search(after))):
            ahead = (target - base.weekday()) % 7
            return base + dt.timedelta(days=ahead or (7 if rel == "next" else 0)), "day"
        return base - dt.timedelta(days=back), "day"
    if word in ("week", "weekend", "month", "year"):
        rel = g["rel"].lower()
        precision = "week" if word.startswith("week") else word
        if base is None:
            return None, precision
        step = {"last": -1, "past": -1, "next": 1, "this": 0}[rel]
        if word == "weekend":
            sat = base + dt.timedelta(days=(5 - base.weekday()) % 7)
            if step < 0 or (step == 0 and not _FUTURE.search(before) and base.weekday() < 5):
                sat -= dt.timedelta(days=7)
            return sat + dt.timedelta(days=7 * max(step, 0)), "week"
        delta = {"week": relativedelta(weeks=step), "month": relativedelta(months=step), "year": relativedelta(years=step)}[word]
        d = base + delta
        if word == "month":
            d = d.replace(day=1)
        if word == "year":
            d = d.replace(month=1, day=1)
        if word == "week":
            d = d - dt.timedelta(days=d.weekday())
        return d, precision
    if g.get("deictic"):
        if base is None:
            return None, "day"
        return base + dt.timedelta(days={"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["deictic"].lower()]), "day"
    if g.get("unit"):
        if g["dir"].lower() != "ago":
            return None  # "a week earlier": relative to an event, not to the report's date
        n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        sign = 1 if g["dir"].lower() == "later" else -1
        precision = g["unit"].lower()
        if base is None:
            return None, "day" if precision == "day" else precision
        delta = relativedelta(**{precision + "s": sign * n})
        return base + delta, "day" if precision == "day" else precision
    return None


NEAR = dt.timedelta(days=62)  # a year-less date this close to the report's: the other year is ten months off
SLACK = dt.timedelta(days=2)  # a report's date may be a day off the writer's (time zones, late editions)


def _directed(options: list[dt.date], base: dt.date, tense: str | None) -> dt.date | None:
    """Of a year-less date's candidates (the same day in three years): after "since" the latest
    on or before `base`, after "next" the first on or after it. Otherwise two clues are weighed,
    the tense (`tense` "past"/"future", :func:`direction`) and nearness (the nearest candidate,
    when within :data:`NEAR`): one clue alone, or both agreeing, give the date; clues that
    disagree ("crashed on October 31" in a report of September 16: last year's crash, or a parse
    that hung the date on the wrong verb) or no clue give None (the year is not guessed)."""
    past = max((d for d in options if d <= base + SLACK), default=None)
    future = min((d for d in options if d >= base - SLACK), default=None)
    if tense == "since":
        return past
    if tense == "next":
        return future
    nearest = min(options, key=lambda d: abs((d - base).days), default=None)
    if nearest is not None and abs(nearest - base) > NEAR:
        nearest = None
    wanted = {"past": past, "future": future}.get(tense or "")
    if wanted is None or nearest is None:
        return wanted or nearest
    return wanted if wanted == nearest else None


_SINCE = re.compile(r"\b(?:since|ever since)\s+$", re.IGNORECASE)
_NEXT = re.compile(r"\bnext\s+$", re.IGNORECASE)
_WILL = frozenset({"will", "'ll", "\u2019ll", "shall", "wo"})
_HAVE = frozenset({"has", "have", "had", "'ve", "\u2019ve"})
_MAYBE = frozenset({"would", "could", "might", "should"})


def direction(p: Paragraph, start: int, end: int, before: str, after: str) -> str | None:
    """What the text says about where a year-less date at ``p.text[start:end]`` lies: "since"
    or "next" right before it; else "past" or "future" from the verb it belongs to (:func:`tense`)
    and future markers nearby ("is scheduled", "plans to"); None when the text does not say or
    says both."""
    if _SINCE.search(before):
        return "since"
    if _NEXT.search(before):
        return "next"
    marker = bool(_FUTURE.search(before) or _FUTURE_AFTER.search(after))
    verb = _verb(p, start, end)
    said = tense(verb) if verb is not None else None
    if said == "past" and marker:
        return None
    return said or ("future" if marker else None)


def tense(verb) -> str | None:
    """"past" or "future" of a verb token by spaCy's tags and its auxiliaries: "fell", "was
    closed", "has risen", "(the law) passed on March 3" past; "will open" future; "would
    close", present tenses ("opens", "is held") None. A verb without a tense of its own
    ("taking off on October 31", "killing 90 on May 2") takes that of the verb its clause hangs
    from; an infinitive ("to begin in June") has none."""
    for _ in range(8):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in auxes}
        if words & _WILL:
            return "future"
        if words & _MAYBE:
            return None  # reported or hypothetical: no direction
        if verb.tag_ == "VBD" or words & _HAVE or any(c.tag_ == "VBD" for c in auxes):
            return "past"
        if verb.tag_ in ("VBZ", "VBP", "MD") or any(c.tag_ in ("VBZ", "VBP", "MD") for c in auxes):
            return None
        if any(c.tag_ == "TO" for c in auxes):
            return None  # "set to become active on July 12": an infinitive is not placed by its head
        if verb.tag_ == "VBN":
            return "past"  # a participle on its own: "the bridge, built on March 3"
        head = _verb_above(verb.head) if verb.head is not verb else None
        if head is None:
            return None
        verb = head
    return None


def _verb_above(token):
    """The token or its nearest ancestor that is a verb (not an auxiliary), or None."""
    for _ in range(12):
        if token.tag_.startswith("VB") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _verb(p: Paragraph, start: int, end: int):
    """The verb the date at ``p.text[start:end]`` belongs to (its nearest verb ancestor in the
    dependency parse; the sentence is parsed here when the paragraph was not), or None."""
    if p.parsed:
        doc, offset = p.doc, 0
    else:
        s, e = next(((x, y) for x, y in p.sentences if x <= start < y + 1), (0, len(p.text)))
        doc, offset = _parse(p.text[s:e]), s
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return _verb_above(span.root)


@lru_cache(maxsize=512)
def _parse(sentence: str):
    """One sentence through the full pipeline (tagger and parser): for the few year-less dates
    in paragraphs the facts stage did not parse."""
    from .nlp import load

    return load()(sentence)


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def expressions(p: Paragraph, base: dt.date | None):
    """(paragraph start, end, date, precision) of every date expression in `p`."""
    for m in PATTERN.finditer(p.text):
        before = re.split(r"[.!?]\s", p.text[max(0, m.start() - 80):m.start()])[-1]
        after = p.text[m.end():m.end() + 60]
        tense = None
        if base is not None and (m.group("month") or m.group("month2") or m.group("month3")) and not (
                m.group("year") or m.group("year2") or m.group("year3")):
            tense = direction(p, m.start(), m.end(), before, after)
        got = resolve(m, base, before, after, tense)
        if got is None:
            continue
        yield m.start(), m.end(), got[0], got[1]


SPAN_MARGIN = dt.timedelta(days=7)  # the story's span: its reports' dates, a week either side
_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def partial(date: dt.date, precision: str) -> str:
    """The date at its precision: "1998", "1998-10", "1998-W42", "1998-10-14"."""
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if precision == "week":
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return date.isoformat()


def bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a :func:`partial` date."""
    if "W" in value:
        year, week = value.split("-W")
        first = dt.date.fromisocalendar(int(year), int(week), 1)
        return first, first + dt.timedelta(days=6)
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        return first, first + relativedelta(months=1) - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


def _anchor(expression: str) -> bool:
    """A historical anchor by its words: "188 years ago", "since 1975"."""
    e = expression.lower()
    return e.startswith("since ") or bool(re.match(r"(?<!\d)(?:\d++|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+ago", e))


def extract(paras: Sequence[Sequence[Paragraph]], published: Sequence[str | None]) -> list[Event]:
    """The timeline: the story's dated events by date, then background (historical anchors and
    dates outside the story's span, by date), then undated events (report order)."""
    events: list[dict] = []
    days = [d for d in map(parse_day, published) if d]
    span = (min(days) - SPAN_MARGIN, max(days) + SPAN_MARGIN) if days else None
    for article, pub in zip(paras, published):
        base = parse_day(pub)
        for p in article:
            bounds_ = list(sentence_spans(p))
            for a, b, date, precision in expressions(p, base):
                s, e = next(((x, y) for x, y in bounds_ if x <= a < y + 1), (0, len(p.text)))
                sentence = p.text[s:e].strip()
                mention = Mention(p.article_id, p.source, p.start + a, p.start + b, p.text[a:b])
                key = fold(sentence)
                iso = partial(date, precision) if date else None
                kind = "event"
                if iso and (_anchor(p.text[a:b]) or (span and not _overlaps(bounds(iso), span))):
                    kind = "background"
                same = next(
                    (ev for ev in events if ev["date"] == iso and ev["precision"] == precision
                     and (iso or ev["mentions"][0].article_id != p.article_id)
                     and fuzz.ratio(ev["key"], key) >= 85),
                    None,
                )
                if same:
                    same["mentions"].append(mention)
                else:
                    events.append({"date": iso, "precision": precision, "expression": p.text[a:b], "kind": kind,
                                   "text": sentence, "key": key, "mentions": [mention]})
    out = [
        Event(e["date"], e["precision"], e["expression"], e["text"],
              sorted({m.source for m in e["mentions"]}), e["mentions"], kind=e["kind"])
        for e in events
    ]
    return ordered(out)


def _overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def ordered(events: list[Event]) -> list[Event]:
    """The story's events by date (updates after events of the same day), then background
    by date, then undated events in report order."""
    def key(e: Event):
        return (bounds(e.date)[0], _ORDER[e.precision], e.kind)
    story = sorted((e for e in events if e.date and e.kind != "background"), key=key)
    background = sorted((e for e in events if e.date and e.kind == "background"), key=key)
    return story + background + [e for e in events if not e.date]


def with_updates(events: list[Event], updates) -> list[Event]:
    """The timeline with each update (a figure that changed between dated reports)
    placed at the date of the report that gives the new figure."""
    added = []
    for c in updates:
        first, last = c.figures[0], c.figures[-1]
        added.append(Event(
            date=(parse_day(last.published) or dt.date.min).isoformat(),
            precision="day",
            expression=f"{first.text} → {last.text}",
            text=last.sentence,
            reports=sorted({f.source for f in c.figures}),
            mentions=[f.mention for f in c.figures],
            kind="update",
        ))
    return ordered(events + added)
