"""Parsers from decoded input text to Articles, one per format.

Each parser returns ``(articles, problems)`` and never raises for bad content.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

from . import reading
from .budget import MAX_BAD_LINES, Budget, screen
from .model import Article, InputProblem, make_article
from .reading import InputError, decode, size_text
from .shape import guess_title

MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"
TEXT_KEYS = ("text", "body", "content")
Parsed = tuple[list[Article], list[InputProblem]]
MAX_HTML_ELEMENTS = 50_000
MAX_HTML_ATTRIBUTES = 100  # per element; more are dropped (libxml2's duplicate check is quadratic)
MAX_JSON_DEPTH = 200  # nesting of arrays/objects; deeper JSON is refused before parsing
MAX_JSON_DIGITS = 1_000  # digits of one JSON integer
_HUGE_ATTRIBUTE = re.compile(r"""=\s*(?:"[^"]{4096,}"|'[^']{4096,}')""")
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]{0,40})(\s[^<>]{2000,})>")
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# Possessive: a 5 MB string is skipped in one step, without a backtracking point per character
# (which took 10 s and 900 MB in the web server; issue 21).
_BRACKETS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
META_FIELDS = ("title", "url", "source", "published", "author")
# The longest metadata one JSON article object may carry: past it the article is refused, naming the
# field (issue 21: a 20 MB title made the front page 40 MB).
MAX_FIELD_CHARS = {"title": 1_000, "url": 2_048, "source": 200, "author": 500, "published": 200}
# Publication dates newsfuse stores (a date-time whose UTC day falls outside them is refused: one
# "9999-12-31T23:59:59-23:59" overflowed every later date computation and broke the story list).
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200
MAX_DOCUMENTS = 20_000  # documents read from one '|||||' text file or one Multi-News cluster


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


# --------------------------------------------------------------------- text
def parse_text(text: str, origin: str, fallback_source: str) -> Parsed:
    """A plain-text article; lines containing '|||||' are Multi-News clusters."""
    if MULTINEWS_SEPARATOR in text:
        articles: list[Article] = []
        problems: list[InputProblem] = []
        for number, line in enumerate(text.splitlines(), 1):
            if len(articles) >= MAX_DOCUMENTS:
                problems.append(InputProblem(origin, f"stopped reading at line {number:,}: more than "
                                                     f"{MAX_DOCUMENTS:,} documents in one file"))
                break
            if line.strip():
                articles += multinews_documents(line, f"{origin}:{number}", f"{fallback_source}:{number}",
                                                problems, MAX_DOCUMENTS - len(articles))
        if not articles:
            problems.append(InputProblem(origin, "no documents in Multi-News text"))
        return articles, problems
    title = guess_title(text.lstrip().splitlines()[:6])
    return [make_article(origin, text, fallback_source, title=title)], []


def multinews_documents(
    documents: str | list, origin: str, fallback_source: str,
    problems: list[InputProblem] | None = None, limit: int | None = None,
) -> list[Article]:
    """The documents of one Multi-News cluster (a '|||||'-joined string or a
    list), at most ``limit`` (MAX_DOCUMENTS); what is left out is named in ``problems``."""
    limit = MAX_DOCUMENTS if limit is None else limit
    if isinstance(documents, str):
        documents = documents.split(MULTINEWS_SEPARATOR, limit)  # never splits more than the limit
    if len(documents) > limit:
        if problems is not None:
            problems.append(InputProblem(origin, f"document(s) after the first {limit:,} left out: at most "
                                                 f"{MAX_DOCUMENTS:,} documents are read from one file or cluster"))
        documents = documents[:limit]
    out = []
    for k, doc in enumerate(documents):
        if not isinstance(doc, str):
            continue
        doc = doc.replace(MULTINEWS_NEWLINE, "\n").strip()
        if doc:
            out.append(make_article(f"{origin}#{k}", doc, f"{fallback_source}#{k}"))
    return out


# --------------------------------------------------------------------- JSON
def count_objects(text: str) -> int:
    """JSON objects in ``text`` (braces inside strings do not count), without parsing it; for a text
    with few braces at all, their number (an upper bound)."""
    if text.count("{") <= 2 * MAX_JSON_DEPTH:
        return text.count("{")  # an upper bound, and small
    return sum(1 for m in _BRACKETS.finditer(text) if text[m.start()] == "{")


def json_depth(text: str) -> int:
    """Deepest nesting of arrays/objects in JSON text (brackets inside strings do
    not count); 0 when there are too few brackets to pass MAX_JSON_DEPTH."""
    depth = deepest = 0
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # cannot be deeper than the limit
    for m in _BRACKETS.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def _int(digits: str) -> int:
    if len(digits) > MAX_JSON_DIGITS:
        raise InputError(f"number too long ({len(digits):,} digits > {MAX_JSON_DIGITS:,} limit)")
    return int(digits)


def load_json(text: str) -> Any:
    """``json.loads`` that raises InputError with a clear message for every bad input:
    malformed JSON, nesting deeper than MAX_JSON_DEPTH, integers too long to convert."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise InputError(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    try:
        return json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"malformed JSON: {_short(exc)}") from None


def article_from_object(obj: Any, origin: str, fallback_source: str) -> Parsed:
    """One JSON object: an article (text, title, url, source, published, author)
    or a Multi-News cluster (documents list, or document string)."""
    if not isinstance(obj, dict):
        return [], [InputProblem(origin, f"expected a JSON object, got {type(obj).__name__}")]
    cluster_id = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
    label = str(cluster_id) if cluster_id is not None else fallback_source
    for key in ("documents", "document"):
        if key in obj and isinstance(obj[key], (list, str)):
            problems: list[InputProblem] = []
            docs = multinews_documents(obj[key], origin, label, problems)
            return docs, (problems if docs else problems + [InputProblem(origin, f"no non-empty documents in '{key}'")])
    text = next((obj[k] for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None:
        return [], [InputProblem(origin, "no 'text' field (expected text, body or content)")]
    if not text.strip():
        return [], [InputProblem(origin, "empty 'text' field")]
    # metadata must be strings: numbers, NaN, lists and objects are ignored
    meta = {k: (v if isinstance(v, str) else None) for k, v in ((k, obj.get(k)) for k in META_FIELDS)}
    if meta["published"] is None:
        meta["published"] = obj.get("date") if isinstance(obj.get("date"), str) else None
    if meta["source"] is None:
        meta["source"] = obj.get("sitename") if isinstance(obj.get("sitename"), str) else None
    problem = field_problem(meta)
    if problem:
        return [], [InputProblem(origin, problem)]
    return [make_article(origin, text, fallback_source, **meta)], []


def field_problem(meta: dict[str, str | None]) -> str | None:
    """Why an article's metadata is refused (a field too long, a date out of range), or None."""
    for key, value in meta.items():
        limit = MAX_FIELD_CHARS.get(key)
        if value is not None and limit is not None and len(value) > limit:
            return f"'{key}' too long ({len(value):,} characters > {limit:,} limit)"
    return date_problem(meta.get("published"))


def date_problem(value: str | None) -> str | None:
    """Why a publication date is refused (outside EARLIEST_YEAR..LATEST_YEAR in UTC, or past what a
    date can hold), or None; an unreadable date is kept as text (it dates nothing)."""
    import datetime as dt

    from ..text import parse_datetime

    when = parse_datetime(value)
    if when is None:
        return None
    try:
        year = when.astimezone(dt.timezone.utc).year
    except (OverflowError, ValueError):
        year = None
    if year is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"'published' {value[:40]!r} is outside the dates newsfuse stores (years {EARLIEST_YEAR}-{LATEST_YEAR})"
    return None


def parse_json(text: str, origin: str, fallback_source: str) -> Parsed:
    """A JSON document: one object, a list of objects, or {"articles": [...]}."""
    try:
        data = load_json(text)
    except InputError as exc:
        return [], [InputProblem(origin, str(exc))]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return article_from_object(data, origin, fallback_source)
    if not isinstance(data, list):
        return [], [InputProblem(origin, f"expected a JSON object or list, got {type(data).__name__}")]
    articles: list[Article] = []
    problems: list[InputProblem] = []
    if len(data) > MAX_DOCUMENTS:
        problems.append(InputProblem(origin, f"items after the first {MAX_DOCUMENTS:,} left out: at most "
                                             f"{MAX_DOCUMENTS:,} documents are read from one file or cluster"))
    for i, item in enumerate(data[:MAX_DOCUMENTS]):
        arts, probs = article_from_object(item, f"{origin}[{i}]", f"{fallback_source}[{i}]")
        articles += arts
        problems += probs
    if not data:
        problems.append(InputProblem(origin, "empty JSON list"))
    return articles, problems


def parse_jsonl(
    lines: Iterable[tuple[int, bytes | str]], origin: str, fallback_source: str, budget: Budget | None = None
) -> Parsed:
    """JSON Lines: one article object (or Multi-News cluster) per line.

    A bad line is reported as 'line N: ...' and the other lines still load.
    Articles are screened and counted against ``budget`` as they are read;
    reading stops when it is spent, or after MAX_BAD_LINES bad lines."""
    budget = budget if budget is not None else Budget()
    articles: list[Article] = []
    problems: list[InputProblem] = []
    bad = 0
    for number, raw in lines:
        if budget.spent is not None:
            problems.append(InputProblem(origin, f"stopped reading at line {number:,}: {budget.spent} (see docs/limits.md)"))
            break
        if bad >= MAX_BAD_LINES:
            problems.append(InputProblem(origin, f"stopped reading at line {number:,}: {MAX_BAD_LINES:,} bad lines already"))
            break
        if isinstance(raw, reading.StreamStop):
            problems.append(InputProblem(origin, f"stopped reading at line {number:,}: {raw.reason}"))
            break
        reason = None
        if len(raw) > reading.MAX_LINE_BYTES:
            reason = f"line too large ({size_text(len(raw))} > {size_text(reading.MAX_LINE_BYTES)} limit)"
        elif isinstance(raw, bytes):
            if not raw.strip():
                continue
            try:
                raw = decode(raw)
            except InputError as exc:
                reason = str(exc)
        if reason is None:
            if not raw.strip():
                continue
            try:
                obj = load_json(raw)
            except InputError as exc:
                reason = f"{exc}"
        if reason is not None:
            bad += 1
            problems.append(InputProblem(origin, f"line {number}: {reason}"))
            continue
        arts, probs = screen(article_from_object(obj, f"{origin}:{number}", f"{fallback_source}:{number}"))
        kept = [a for a in arts if budget.take(a)]
        articles += kept
        problems += [InputProblem(origin, f"line {number}: {p.reason}") for p in probs]
        bad += bool(probs)
        if len(kept) < len(arts):
            problems.append(InputProblem(origin, f"line {number}: {len(arts) - len(kept)} article(s) left out: "
                                                 f"{budget.spent} (see docs/limits.md)"))
    return articles, problems


# --------------------------------------------------------------------- HTML
def parse_html(html: str, origin: str, fallback_source: str) -> Parsed:
    """Article text and metadata (title, author, date, site) through trafilatura."""
    import trafilatura  # heavy; only when HTML is actually ingested

    html = _HUGE_ATTRIBUTE.sub('=""', html)  # megabyte-long attributes only slow the parser down
    html = _LONG_TAG.sub(_fewer_attributes, html)
    elements = html.count("<") - html.count("</")
    if elements > MAX_HTML_ELEMENTS:  # trafilatura's time grows fast with the tree; news pages have a few thousand
        return [], [InputProblem(origin, f"HTML too complex ({elements:,} elements > {MAX_HTML_ELEMENTS:,} limit)")]
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=False,
            deduplicate=False,
            # dates from the page's metadata only: a year in the body text
            # ("the war began in 2011") is not a publication date
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, MemoryError) as exc:
        return [], [InputProblem(origin, f"HTML too deeply nested or too large to parse ({type(exc).__name__})")]
    except Exception as exc:  # lxml/trafilatura failures on hostile markup
        return [], [InputProblem(origin, f"could not parse HTML: {_short(exc)}")]
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        return [], [InputProblem(origin, "no article text found in HTML")]
    article = make_article(
        origin,
        text,
        fallback_source,
        title=getattr(doc, "title", None),
        url=getattr(doc, "url", None),
        sitename=getattr(doc, "sitename", None),
        published=getattr(doc, "date", None),
        author=getattr(doc, "author", None),
    )
    return [article], []


def _fewer_attributes(m: re.Match) -> str:
    """An element tag with at most MAX_HTML_ATTRIBUTES attributes (no news page needs more)."""
    found = _ATTRIBUTE.findall(m.group(2))
    if len(found) <= MAX_HTML_ATTRIBUTES:
        return m.group(0)
    return f"<{m.group(1)} " + " ".join(found[:MAX_HTML_ATTRIBUTES]) + ">"


def limit_length(parsed: Parsed) -> Parsed:
    """Turn absurdly long articles and articles that are not valid Unicode into
    problems (see :func:`newsfuse.ingest.budget.screen`)."""
    return screen(parsed)


def sniff(text: str) -> str:
    """Guess the format of stdin text: 'json', 'jsonl', 'html' or 'text'."""
    head = text.lstrip()[:2048].lower()
    if head.startswith(("{", "[")):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines):
            try:
                load_json(text)
                return "json"
            except InputError:
                return "jsonl"
        return "json"
    if head.startswith("<") and any(tag in head for tag in ("<html", "<!doctype html", "<body", "<article", "<p")):
        return "html"
    return "text"
