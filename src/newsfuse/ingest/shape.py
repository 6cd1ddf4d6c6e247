"""Shape tests for lines of plain text: is this a headline, a label, or body text?

Shared by ingest (title of a .txt file) and clean (headline detection).
"""
from __future__ import annotations

import re

from ..text import line_words

_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_CLEAN_END = re.compile(r"""[.!?…:;,]["'”’)\]]*$""")

TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 22
BODY_MIN_WORDS = 20  # a line this long is body text whatever its punctuation


def is_title_like(line: str) -> bool:
    """A headline: 3-22 words, starts with a capital or digit, no sentence-ending
    period or trailing colon/comma (a '?' or '!' is allowed)."""
    line = line.strip()
    if not line or len(line) > 200:
        return False
    n = len(line_words(line))
    if not TITLE_MIN_WORDS <= n <= TITLE_MAX_WORDS:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return False
    if line.endswith(("?", "!", "?”", "!”")):
        return True
    return not _CLEAN_END.search(line)


def is_body_like(line: str) -> bool:
    """Running text: long, or a sentence of several words ending with punctuation."""
    if len(line) > 400:  # cheap: no need to count the words of a long paragraph
        return True
    n = len(line_words(line))
    return n >= BODY_MIN_WORDS or (n >= 6 and bool(_SENTENCE_END.search(line.strip())))


def guess_title(lines: list[str], max_lines: int = 4) -> str | None:
    """The headline among the leading lines of a text, if any.

    Scans the first few non-empty lines until body text starts; the last
    title-like line before the body is the headline (earlier short lines are
    section labels or outlet names). Returns None when the text starts with body.
    """
    candidate = None
    seen = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if is_body_like(line):
            return candidate
        if is_title_like(line):
            candidate = line
        if seen >= max_lines:
            break
    return None
