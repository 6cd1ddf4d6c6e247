"""Segment stage: split cleaned article text into sentences with syntok.

Rules (all offsets refer to ``CleanArticle.text``; ``Sentence.text`` is always
``text[start:end]``, verbatim, without surrounding whitespace):

* Paragraphs are separated by blank lines (or, in text without any blank line
  whose lines are paragraph-long, by line breaks); a sentence never spans one.
* Inside a paragraph, a line break after a *title-like* line (no sentence-final
  punctuation, at most ``TITLE_MAX_WORDS`` words, clearly shorter than the
  paragraph's longest line, next line not starting in lower case) is a hard
  break too, so headlines and bylines are never glued to the first sentence.
  Hard-wrapped body text (long lines, next line in lower case) is not split.
* A list bullet ("• ", "* ", "- ") or a dateline ("BEIRUT —",
  "WASHINGTON (Reuters) -", "(CNN) —") opening a paragraph or line is cut
  off: the sentence starts after it.
* syntok's split after a title before a name ("Maj. Gen. Qasem") is undone.
* Newswire quotation marks (``…'') are read as typographic ones (offsets
  kept), and a quotation that runs over up to ``MAX_QUOTE_SENTENCES``
  sentences is one sentence: “We came. We saw. We left,” she said.
* Fragments that are not sentences are dropped: fewer than
  ``MIN_WORDS`` words containing a letter (e.g. "Military", "Boston Globe",
  "2.", "* * *").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from syntok.segmenter import segment as _syntok_segment
from syntok.tokenizer import Tokenizer

from .agencies import ALTERNATION as AGENCIES
from .clean import CleanArticle
from .text import LETTER_TOKEN, MONTH_ABBREVIATIONS, count_words

# A kept sentence has at least this many tokens that contain a letter.
MIN_WORDS = 3
# A line without final punctuation and at most this many words may be a title.
TITLE_MAX_WORDS = 12
# ... if it is also shorter than this share of the paragraph's longest line.
TITLE_MAX_SHARE = 0.75

# Text without blank lines whose median line is longer than this has one paragraph per line.
ONE_LINE_PARAGRAPH_CHARS = 100

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A line ending like a sentence ends a block: [.!?…] optionally followed by closers.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

# News agencies (newsfuse.agencies, shared with clean) are recognised in any case
# ("(reuters) -"); any capitalised name in brackets is accepted after an ALL-CAPS
# place ("NEW YORK (Newsday) —").
# "(reuters)", "( cnn )", "( cbs dc )": Multi-News puts spaces inside brackets.
_KNOWN_AGENCY = r"\(\s*(?i:" + AGENCIES + r")(?:\s+[A-Za-z]{2,5})?\s*\)"
_AGENCY = r"\((?:[A-Z][\w.&'’ ]{0,24})\)"
# An em/en dash may touch the place ("BEIRUT—"); a hyphen needs spaces ("U.S.-backed" is no dateline).
_DASH = r"(?:\s*(?:—|–|--)|\s+[-_])"
# "BEIRUT —", "ST. LOUIS, June 5 —", "NEW YORK (AP) —", "WASHINGTON (Reuters) -"
_CAPS_DATELINE = (
    r"[A-Z][A-Z.'’-]+(?:[ ,/]+[A-Z][A-Z.'’-]*){0,4}"  # ALL-CAPS place, up to 5 words
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*(?:[(—–_-]|--)))?"  # optional ", Tanzania" (country or state)
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # optional ", June 5"
    r"(?:\s*" + _AGENCY + r")?"
)
# "(Reuters) -", "washington (reuters) -", "(cnn) —" (any case, agency in brackets)
_AGENCY_DATELINE = r"(?:[\w.'’-]+[ ,]+){0,4}" + _KNOWN_AGENCY
DATELINE = re.compile(r"^(?:" + _CAPS_DATELINE + r"|" + _AGENCY_DATELINE + r")" + _DASH + r"\s*")
# syntok ends a sentence after a title before a name ("Maj. Gen. Qasem"): rejoin.
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen maj col lt sgt capt cmdr adm gov sen rep rev prof st mt ft "
    "brig cpl pvt lieut hon pres supt insp messrs mmes msgr sr jr".split()
)
# syntok also ends one after a month (newsfuse.text.MONTH_ABBREVIATIONS) before its day ("the Dec. | 6-20 Games"): rejoin
# when the next piece starts with a digit.
_DASHES = frozenset("-—–_")  # "_" is the AP wire's dash ("LONDON (AP) _ An ...")
_BULLET = re.compile(r"^(?:[•·▪►■◦‣*+>]|[-—–](?=\s))\s*")
_TOKENIZER = Tokenizer(replace_not_contraction=False)
# A quotation over more sentences than this is left split (see join_quotations).
MAX_QUOTE_SENTENCES = 4
# Newswire quotation marks: ``opens'' (and ''opens'' too, after a space).
_NEWSWIRE_QUOTE = re.compile(r"``|''")


def normalise_quotes(text: str) -> str:
    """``text`` with newswire quote pairs (`` and '') replaced by typographic
    marks, keeping every offset: an opening pair becomes " “", a closing one
    "” ", so syntok sees the quotation close and can end the sentence after
    it ("know.'' Hodler said" splits after the quote). Same length as ``text``."""
    if "``" not in text and "''" not in text:
        return text

    def swap(m: re.Match[str]) -> str:
        if m.group(0) == "``":
            return " “"
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        opening = before.isspace() or before in "([—–-" and not after.isspace()
        return " “" if opening and after.isalnum() else "” "

    return _NEWSWIRE_QUOTE.sub(swap, text)


@dataclass(frozen=True)
class Sentence:
    id: str  # f"{article_id}:{index}"
    article_id: str
    doc_index: int  # position of the article in the input (0-based)
    index: int  # position of the sentence in its article (0-based)
    paragraph: int  # paragraph number within the article (0-based)
    text: str  # verbatim slice of CleanArticle.text[start:end]
    start: int
    end: int


def _breaks(text: str) -> Iterator[re.Match[str]]:
    if "\n" in text and not _PARAGRAPH_BREAK.search(text):
        lines = sorted(len(line) for line in text.split("\n") if line.strip())
        if lines and lines[len(lines) // 2] > ONE_LINE_PARAGRAPH_CHARS:
            return _LINE_BREAK.finditer(text)
    return _PARAGRAPH_BREAK.finditer(text)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank paragraph: blank-line separated, or one
    per line when the text has no blank lines and its lines are paragraph-long."""
    pos = 0
    for m in _breaks(text):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:].strip():
        yield pos, len(text)


def _is_title_line(line: str, next_line: str, longest: int) -> bool:
    stripped = line.strip()
    if not stripped or _SENTENCE_END.search(stripped):
        return False
    if count_words(stripped) > TITLE_MAX_WORDS or len(stripped) >= TITLE_MAX_SHARE * longest:
        return False
    first = next_line.lstrip()[:1]
    return not first.islower()


def _ends_block(line: str, next_line: str, longest: int) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip())) or _is_title_line(line, next_line, longest)


def blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split one paragraph into spans no sentence may cross: at line breaks that
    follow a sentence end or a title-like line."""
    chunk = text[start:end]
    if "\n" not in chunk:
        yield start, end
        return
    lines = chunk.split("\n")
    longest = max(len(line.strip()) for line in lines)
    block_start = pos = start
    for i, line in enumerate(lines[:-1]):
        pos += len(line) + 1
        if _ends_block(line, lines[i + 1], longest):
            yield block_start, pos - 1
            block_start = pos
    yield block_start, end


def strip_dateline(sentence: str) -> int:
    """Number of leading characters of ``sentence`` that form a dateline (0 if none)."""
    m = DATELINE.match(sentence)
    return m.end() if m else 0


def strip_bullet(sentence: str) -> int:
    """Number of leading characters of ``sentence`` that form a list bullet ("• ", "* ")."""
    m = _BULLET.match(sentence)
    return m.end() if m else 0


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """syntok sentence spans of one block, with two syntok splits undone: after a
    title abbreviation ("Maj. | Gen. Qasem") and after a bracket before a dash
    ("WASHINGTON (Reuters) | - The")."""
    spans: list[tuple[int, int]] = []
    glue_next = after_month = False
    original = text[start:end]
    block = normalise_quotes(original)
    for tokens in _syntok_segment(_TOKENIZER.tokenize(block, start)):
        first, last = 0, len(tokens) - 1
        while first <= last and not tokens[first].value:
            first += 1
        while last >= first and not tokens[last].value:
            last -= 1
        if first > last:
            continue
        span = _widen(original, start, tokens[first].offset, tokens[last].offset + len(tokens[last].value))
        glue_next = glue_next or (after_month and tokens[first].value[:1].isdigit())
        if spans and (glue_next or (tokens[first].value in _DASHES and not _SENTENCE_END.search(text[spans[-1][0] : spans[-1][1]]))):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
        abbreviation = tokens[last - 1].value.lower() if last > first and tokens[last].value == "." else ""
        glue_next = abbreviation in TITLE_ABBREVIATIONS
        after_month = abbreviation in MONTH_ABBREVIATIONS
    return spans


def _widen(original: str, base: int, s_start: int, s_end: int) -> tuple[int, int]:
    """Span edges that fall inside a newswire quote pair ("``", "''") moved
    outside it, so a sentence holds whole marks of the original text."""
    i, j = s_start - base, s_end - base
    if 0 < i < len(original) and original[i - 1 : i + 1] in ("``", "''"):
        i -= 1
    if 0 < j < len(original) and original[j - 1 : j + 1] in ("``", "''"):
        j += 1
    return base + i, base + j


def join_quotations(block: str, base: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with a quotation that runs over several sentences joined into one,
    so it is kept or dropped whole: from a sentence that leaves a typographic
    quotation open (“ without ”, in ``block``, quote-normalised, starting at
    offset ``base``) up to the sentence that closes it, when that happens
    within :data:`MAX_QUOTE_SENTENCES` sentences; otherwise left as they are."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        depth = _quote_depth(block, base, start, end)
        j = i
        while depth > 0 and j + 1 < len(spans) and j - i + 1 < MAX_QUOTE_SENTENCES:
            j += 1
            depth += _quote_depth(block, base, *spans[j])
        if j > i and depth == 0:
            out.append((start, spans[j][1]))
            i = j + 1
        else:
            out.append((start, end))
            i += 1
    return out


def _quote_depth(block: str, base: int, start: int, end: int) -> int:
    piece = block[start - base : end - base]
    return piece.count("“") - piece.count("”")


def _has_words(sentence: str, n: int = MIN_WORDS) -> bool:
    """True when at least ``n`` whitespace-separated tokens of ``sentence`` hold a letter."""
    for count, _ in enumerate(LETTER_TOKEN.finditer(sentence), 1):
        if count >= n:
            return True
    return False


def segment_text(text: str) -> Iterator[tuple[int, int, int]]:
    """(paragraph, start, end) for every kept sentence of ``text``."""
    for para_no, (p_start, p_end) in enumerate(paragraphs(text)):
        for b_start, b_end in blocks(text, p_start, p_end):
            spans = join_quotations(normalise_quotes(text[b_start:b_end]), b_start, _spans(text, b_start, b_end))
            for n, (s_start, s_end) in enumerate(spans):
                if n == 0:  # bullets and datelines only open a paragraph or a line
                    s_start += strip_bullet(text[s_start:s_end])
                    s_start += strip_dateline(text[s_start:s_end])
                if _has_words(text[s_start:s_end]):
                    yield para_no, s_start, s_end


def segment(articles: Sequence[CleanArticle]) -> list[Sentence]:
    """All sentences of all articles, in document order (doc_index = list position)."""
    out: list[Sentence] = []
    for doc_index, art in enumerate(articles):
        text = art.text
        aid = art.article.id
        for index, (para, start, end) in enumerate(segment_text(text)):
            out.append(
                Sentence(
                    id=f"{aid}:{index}",
                    article_id=aid,
                    doc_index=doc_index,
                    index=index,
                    paragraph=para,
                    text=text[start:end],
                    start=start,
                    end=end,
                )
            )
    return out
