"""Dates: month and weekday names, ISO 8601 parsing, days since the epoch.

Month names come in three strengths, for three jobs:

* :data:`MONTH` - any month name or abbreviation except "May" (a word as often
  as a month), without the dot: for patterns that add ``\\.?`` and their own
  context ("May" only before a day number);
* :data:`MONTH_IN_TEXT` - a month as a reader of running text meets it: full
  names, "Sept", and the abbreviations that are no English word (Jan, Feb, Aug,
  Oct, Nov, Dec) with or without their dot; Mar., Apr. and Sep. only with it;
* :data:`MONTH_ABBREVIATIONS` - lower-case abbreviations, for telling a
  month's dot from a sentence's end.

:data:`MONTHS` maps every lower-case name and abbreviation to its number.
"""
from __future__ import annotations

import datetime as dt
import math
import re

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
MONTHS: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(MONTH_NAMES)},
    **{a: next(i + 1 for i, name in enumerate(MONTH_NAMES) if name.startswith(a)) for a in MONTH_ABBREVIATIONS},
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|"
    r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
MONTH_IN_TEXT = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?|"
    r"Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)
# weekday names and their abbreviations ("Tue", "Thurs")
WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day)?|Wednesday|Tuesday|Thursday|Saturday"


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_of(value: str | None) -> str | None:
    """The "YYYY-MM-DD" an ISO 8601 value starts with ("2026-03-04" of
    "2026-03-04T10:00:00Z"), as written; None when it does not start with one."""
    if not value:
        return None
    match = _ISO_DAY.match(value.strip())
    return match.group(0) if match else None


def parse_datetime(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date or date-time ("2026-12-07", "2026-12-07T02:05:00Z") as a
    datetime (UTC when no zone is given); a readable day at its start is enough
    ("2026-12-07 somewhere"); None when missing or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.timezone.utc)


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day an ISO 8601 value starts with ("2026-12-07T23:59-05:00" ->
    2026-12-07, the day as written), or None when missing or unreadable."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def days_of(published: str | None) -> float:
    """ISO 8601 date/date-time -> days since 1970-01-01 UTC (NaN when missing or unreadable)."""
    when = parse_datetime(published)
    return when.timestamp() / 86400.0 if when is not None else math.nan


def iso_day(days: float | None) -> str | None:
    """Days since 1970-01-01 UTC -> "YYYY-MM-DD" (None for None or NaN)."""
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return None
    return dt.datetime.fromtimestamp(days * 86400.0, tz=dt.timezone.utc).strftime("%Y-%m-%d")


def iso_time(seconds: float | None) -> str | None:
    """Seconds since 1970-01-01 UTC -> ISO 8601 date-time in UTC, "2026-12-07T02:30:00Z" (None for None)."""
    if seconds is None:
        return None
    try:
        when = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (OverflowError, ValueError, OSError):  # a date past year 9999 stored before the edge checked
        return None
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")
