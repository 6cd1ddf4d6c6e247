"""How stored text and times are SHOWN on the pages (the stored text stays verbatim).

* :func:`smarten`: newswire typewriter marks as typography: ````quotes''`` (and ``‘‘quotes’’``) and straight quotes as
  curly ones, `` _ `` and `` -- `` as an em dash, an apostrophe as ’. Offsets into a report are
  never taken from smartened text (the script smartens each piece after cutting, as here).
* :func:`ago`: "just now", "5 min ago", "2 h ago", "3 days ago", else the date.
* ``outlet`` (:func:`newsfuse.service.inputs.readable_label`): a source label as shown; a label that is
  a file name with a hash part (stored before uploads were named by their outlet) loses the hash; a JSON
  object sent without a source, site name or URL ("request[2]") is "Unnamed source", and ``outlet_count``
  counts each unnamed report as an outlet of its own (a URL gives its domain as the label at ingest).

``smarten`` in ``static/story.js`` does the same for what the story page's script puts in; keep the two alike.
"""
from __future__ import annotations

import datetime as dt
import re
import time

_RULES = [
    (re.compile(r"``|\u2018\u2018"), "\u201c"),  # also ‘‘ ’’: typewriter marks some converter made "curly"
    (re.compile(r"''|\u2019\u2019"), "\u201d"),
    (re.compile(r"(?<=\s)(?:_|--)(?=\s)"), "\u2014"),
    (re.compile(r"(?<=\w)--(?=\w)"), "\u2014"),
    (re.compile(r'(^|[\s(\[{\u2014-])"'), "\\1\u201c"),
    (re.compile(r'"'), "\u201d"),
    (re.compile(r"(?<=\w)'"), "\u2019"),
    (re.compile(r"(^|[\s(\[{\u2014\u201c-])'"), "\\1\u2018"),
    (re.compile(r"'"), "\u2019"),
]


def smarten(text: object) -> str:
    """Typographic quotes and dashes for display (plain text in, plain text out: escape it after)."""
    out = "" if text is None else str(text)
    for pattern, repl in _RULES:
        out = pattern.sub(repl, out)
    return out


def ago(seconds: float | None, now: float | None = None) -> str:
    """A time relative to now, as a reader says it (older than a week: the date)."""
    if seconds is None:
        return ""
    now = time.time() if now is None else now
    delta = now - seconds
    if -60 < delta < 60:
        return "just now"
    if 0 < delta < 3600:
        return f"{int(delta // 60)} min ago"
    if 0 < delta < 86400:
        return f"{int(delta // 3600)} h ago"
    if 0 < delta < 7 * 86400:
        days = int(delta // 86400)
        return "yesterday" if days == 1 else f"{days} days ago"
    when = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    this_year = dt.datetime.fromtimestamp(now, tz=dt.timezone.utc).year == when.year
    return f"{when.day} {when:%b}" + ("" if this_year else f" {when.year}")


def full_time(seconds: float | None) -> str:
    """The absolute time for a title attribute: "7 December 2026, 02:30 UTC"."""
    if seconds is None:
        return ""
    when = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return f"{when.day} {when:%B %Y, %H:%M} UTC"
