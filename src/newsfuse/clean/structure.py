"""Evidence from a paragraph's shape and position, and from repetition.

* paragraph splitting and whitespace normalisation;
* the leading block (section label, outlet line, source label, headline) and
  the dateline of the first paragraph;
* "weak" paragraphs (short, unpunctuated, all caps, calls to action) that
  belong to a neighbouring boilerplate block;
* paragraphs pasted twice in one article (exact or near-exact);
* cross-document keys: which paragraphs several reports share.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass

from ..agencies import ALTERNATION as AGENCIES
from ..ingest.shape import is_body_like, is_title_like
from ..text import MONTH, line_words

_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u200b\ufeff]*\n")
_INVISIBLE = re.compile(r"[\u200b\ufeff\u00ad]")  # zero-width space, BOM, soft hyphen
_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation + "“”‘’‚„–—…«»‹›·•¡¿"})
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")

# A section label or an outlet line: a short capitalised line, no sentence punctuation.
LABEL_MAX_WORDS = 4
_OUTLET_WORD = re.compile(
    r"\b(?:globe|times|post|news|journal|herald|tribune|gazette|telegraph|guardian|chronicle|independent|"
    r"observer|daily|weekly|press|wire|radio|tv|network|magazine|reuters|ap|afp|bbc|cnn|npr|associated|"
    r"broadcasting|media|online|dispatch|star|sun|mail|mirror|express|examiner|inquirer|bulletin|courier)\b",
    re.I,
)
_SOURCE_LABEL = re.compile(
    r"^(?:from|via|source|by way of|originally (?:published )?(?:by|at|on|in))\s*:?\s+(?P<outlet>[^\n:]{2,60}?)\s*:$", re.I
)
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?:,? (?:" + MONTH + r"|May)\.? \d{1,2})?"
    r"(?: ?\([^()\n]{1,40}\))?)\s*(?:[—–]+|--?)\s*(?=[\"'“‘A-Z0-9])"
)
_AGENCY_DATELINE = re.compile(
    r"^(?P<dateline>[A-Za-z][\w.,' -]{1,40}?\s*\(\s*(?:" + AGENCIES + r")\s*\))\s*(?:[—–]+|--?)\s*",
    re.I,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:join|try|get|sign|subscribe|download|follow|click|tap|read|watch|listen|share|like|register|start|"
    r"become|support|enjoy|don'?t miss|find out|learn more|see more|shop|buy|order|save|discover)\b",
    re.I,
)
NEAR_DUPLICATE_JACCARD = 0.6  # word-set Jaccard of two paragraphs pasted twice in one article
NEAR_DUPLICATE_MIN_WORDS = 8  # shorter paragraphs must repeat exactly
NEAR_DUPLICATE_MAX_CANDIDATES = 300  # beyond this many paragraphs only exact repeats are checked (no O(n^2))


def normalise(text: str) -> str:
    if "\u200b" in text or "\ufeff" in text or "\u00ad" in text:
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())  # str.split() knows every Unicode space, NBSP included


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks; lines inside a block are paragraphs of their
    own unless the block is hard-wrapped prose (all but the last line long and
    unpunctuated at the end)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if len(lines) > 1 and _hard_wrapped(lines):
            lines = [" ".join(lines)]
        for line in lines:
            para = normalise(line)
            if para:
                out.append(para)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    body = lines[:-1]
    lengths = [len(ln.rstrip()) for ln in body]
    return min(lengths) >= 50 and max(lengths) <= 100 and sum(
        1 for ln in body if _SENTENCE_END.search(ln.rstrip())
    ) <= len(body) // 2


def key(text: str) -> str:
    """Comparison key: lower-cased words (punctuation dropped)."""
    return " ".join(text.lower().translate(_PUNCTUATION).split())


@dataclass
class Header:
    headline_index: int | None = None
    labels: list[tuple[int, str, str, str | None]] = None  # (index, reason, detail, outlet the text was taken from)

    def __post_init__(self):
        if self.labels is None:
            self.labels = []


def leading_block(paras: list[str], title: str | None, source: str, max_lines: int = 5) -> Header:
    """Find the headline and the labels (section, outlet, source) before the body starts."""
    header = Header()
    title_key = key(title) if title else None
    for i, para in enumerate(paras[:max_lines]):
        if i == len(paras) - 1 and header.headline_index is None and not header.labels:
            break  # a one-paragraph text has no header
        if title_key and header.headline_index is None and _same_title(para, title_key):
            header.headline_index = i
            continue
        source_label = _SOURCE_LABEL.match(para)
        if source_label:
            outlet = source_label.group("outlet")
            header.labels.append((i, "source-label", f"names the outlet the text was taken from: {outlet}", outlet))
            continue
        if is_body_like(para):
            break
        n = len(line_words(para))
        if header.headline_index is None and not title_key and n > LABEL_MAX_WORDS and is_title_like(para):
            header.headline_index = i
            continue
        if 0 < n <= LABEL_MAX_WORDS and not _SENTENCE_END.search(para) and para[0].isupper():
            if _is_outlet(para, source):
                header.labels.append((i, "outlet", "outlet name above the article", None))
            else:
                header.labels.append((i, "section", "section label above the article", None))
            continue
        break
    return header


def _same_title(para: str, title_key: str) -> bool:
    """The metadata title, possibly with the site name added or dropped."""
    para_key = key(para)
    if para_key == title_key:
        return True
    if not is_title_like(para) or not para_key:
        return False
    if para_key in title_key or title_key in para_key:
        return True
    a, b = set(para_key.split()), set(title_key.split())
    return len(a & b) / len(a | b) >= 0.6


def _is_outlet(line: str, source: str) -> bool:
    if _OUTLET_WORD.search(line) and " " in line.strip():  # "Boston Globe", not a lone "News"
        return True
    line_key = key(line).replace(" ", "")
    source_key = key(source).replace(" ", "")
    return bool(line_key) and (line_key in source_key or source_key.startswith(line_key))


_CREDIT_LABELS = re.compile(
    r"^(?:[A-Z][\w'’-]*\s+){0,2}(?:reporter|correspondent|writer|editor|desk)\s*:\s*"
    r"(?:[^:\n]{1,50}?\b(?:reporter|correspondent|writer|editor|desk|staff)\s*:\s*)*",
    re.I,
)


def split_credit_labels(para: str) -> tuple[str | None, str]:
    """'Staff Reporter, International Desk: Forces advanced ...' -> (labels, rest)."""
    match = _CREDIT_LABELS.match(para)
    if not match or para.count(" ", match.end()) < 4:
        return None, para
    return para[: match.end()].strip(), para[match.end():]


def split_dateline(para: str) -> tuple[str | None, str]:
    """'BEIRUT — US forces ...' -> ('BEIRUT', 'US forces ...')."""
    match = _DATELINE.match(para) or _AGENCY_DATELINE.match(para)
    if not match:
        return None, para
    rest = para[match.end():].strip()
    if rest.count(" ") < 2:
        return None, para
    return match.group("dateline").strip(" ,"), rest


def is_weak(para: str, n_words: int | None = None) -> bool:
    """Too slight to be story text on its own: a short line (at most 14 words) that
    is unpunctuated, all caps, or a call to action. A short complete sentence
    ("The vote was unanimous.") is not weak."""
    n = len(line_words(para)) if n_words is None else n_words
    if n > 14:
        return False
    letters = [c for c in para if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    return not _SENTENCE_END.search(para) or bool(_CALL_TO_ACTION.match(para))


def near_duplicates(paras: list[str], alive: list[bool], keys: list[str]) -> dict[int, tuple[int, str]]:
    """Later paragraphs that repeat an earlier one: {index: (first index, detail)}."""
    found: dict[int, tuple[int, str]] = {}
    seen_exact: dict[str, int] = {}
    word_sets: list[tuple[int, frozenset[str], int]] = []
    for i, para in enumerate(paras):
        if not alive[i]:
            continue
        k = keys[i]
        if not k:
            continue
        if k in seen_exact:
            found[i] = (seen_exact[k], "exact repeat")
            continue
        seen_exact[k] = i
        tokens = k.split()
        if len(tokens) < NEAR_DUPLICATE_MIN_WORDS or len(word_sets) >= NEAR_DUPLICATE_MAX_CANDIDATES:
            continue
        bag = frozenset(tokens)
        size = len(bag)
        low, high = size * NEAR_DUPLICATE_JACCARD, size / NEAR_DUPLICATE_JACCARD
        for j, other, other_size in word_sets:
            if other_size < low or other_size > high:  # sizes too different for the threshold
                continue
            shared = len(bag & other)
            jaccard = shared / (size + other_size - shared)
            if jaccard >= NEAR_DUPLICATE_JACCARD:
                found[i] = (j, f"near-exact repeat (word overlap {jaccard:.2f})")
                break
        else:
            word_sets.append((i, bag, size))
    return found


_ABOUT = re.compile(
    r"^about(?: the (?:authors?|writers?|reporters?))?\s*:?\s+(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,5}?)"
    r"(?:\s+view all (?:posts|articles|stories)\b.*)?$",
    re.I,
)


def author_name(para: str) -> str | None:
    """'About SOFREP News Team View All Posts' -> 'SOFREP News Team'."""
    match = _ABOUT.match(para)
    return match.group("name") if match else None


def is_promo(para: str) -> bool:
    """A call to action or an all-caps slogan."""
    letters = [c for c in para if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3
    return shouting or bool(_CALL_TO_ACTION.match(para))
