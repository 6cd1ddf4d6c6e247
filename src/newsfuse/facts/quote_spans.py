"""Direct quotations in a paragraph: text between quotation marks (“…”, ‘‘…’’,
``…'', "…", «…»), within a paragraph; an unclosed quotation runs to the
paragraph's end (newswire reopens it in the next paragraph). Spans under
``MIN_WORDS`` words are scare quotes or titles ("combat power"), not quotations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import count_words
from .nlp import Paragraph

MIN_WORDS = 4
# "Year of the Woman": capitalised words (and small words) only is a title, not speech
_TITLE = re.compile(r"^(?:[A-Z][\w'’-]*|of|the|and|a|an|in|on|for|to)(?:\s+(?:[A-Z][\w'’-]*|of|the|and|a|an|in|on|for|to))*[.,]?$")
_MARK = re.compile(r"“|”|‘‘|’’|``|''|\"|«|»|„")
_OPENERS = {"“", "‘‘", "``", "«", "„"}
_CLOSERS = {"”", "’’", "»"}


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
    return [s for s in out if keep_short or (count_words(s.text) >= MIN_WORDS and not _TITLE.match(s.text))]


