"""Parsers from decoded input text to Articles, one per format.

Each parser returns ``(articles, problems)`` and never raises for bad content.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

from .model import Article, InputProblem, make_article
from . import reading
from .reading import InputError, decode, size_text
from .shape import guess_title

MULTINEWS_SEPARATOR = "|||||"
MULTINEWS_NEWLINE = "NEWLINE_CHAR"
TEXT_KEYS = ("text", "body", "content")
Parsed = tuple[list[Article], list[InputProblem]]
MAX_HTML_ELEMENTS = 50_000
MAX_ARTICLE_CHARS = 200_000  # ~35,000 words: far beyond any news report
_HUGE_ATTRIBUTE = re.compile(r"""=\s*(?:"[^"]{4096,}"|'[^']{4096,}')""")


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__


# --------------------------------------------------------------------- text
def parse_text(text: str, origin: str, fallback_source: str) -> Parsed:
    """A plain-text article; lines containing '|||||' are Multi-News clusters."""
    if MULTINEWS_SEPARATOR in text:
        articles: list[Article] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                articles += multinews_documents(line, f"{origin}:{number}", f"{fallback_source}:{number}")
        return articles, ([] if articles else [InputProblem(origin, "no documents in Multi-News text")])
    title = guess_title(text.lstrip().splitlines()[:6])
    return [make_article(origin, text, fallback_source, title=title)], []


def multinews_documents(documents: str | list, origin: str, fallback_source: str) -> list[Article]:
    """The documents of one Multi-News cluster (a '|||||'-joined string or a list)."""
    if isinstance(documents, str):
        documents = documents.split(MULTINEWS_SEPARATOR)
    out = []
    for k, doc in enumerate(documents):
        if not isinstance(doc, str):
            continue
        doc = doc.replace(MULTINEWS_NEWLINE, "\n").strip()
        if doc:
            out.append(make_article(f"{origin}#{k}", doc, f"{fallback_source}#{k}"))
    return out


# --------------------------------------------------------------------- JSON
def article_from_object(obj: Any, origin: str, fallback_source: str) -> Parsed:
    """One JSON object: an article (text, title, url, source, published, author)
    or a Multi-News cluster (documents list, or document string)."""
    if not isinstance(obj, dict):
        return [], [InputProblem(origin, f"expected a JSON object, got {type(obj).__name__}")]
    cluster_id = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
    label = str(cluster_id) if cluster_id is not None else fallback_source
    for key in ("documents", "document"):
        if key in obj and isinstance(obj[key], (list, str)):
            docs = multinews_documents(obj[key], origin, label)
            return docs, ([] if docs else [InputProblem(origin, f"no non-empty documents in '{key}'")])
    text = next((obj[k] for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if text is None:
        return [], [InputProblem(origin, "no 'text' field (expected text, body or content)")]
    if not text.strip():
        return [], [InputProblem(origin, "empty 'text' field")]
    meta = {k: obj.get(k) for k in ("title", "url", "source", "published", "author")}
    meta = {k: (v if isinstance(v, (str, int, float)) else None) for k, v in meta.items()}
    if meta["published"] is None:
        meta["published"] = obj.get("date") if isinstance(obj.get("date"), str) else None
    if meta["source"] is None:
        meta["source"] = obj.get("sitename") if isinstance(obj.get("sitename"), str) else None
    return [make_article(origin, text, fallback_source, **meta)], []


def parse_json(text: str, origin: str, fallback_source: str) -> Parsed:
    """A JSON document: one object, a list of objects, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [InputProblem(origin, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return article_from_object(data, origin, fallback_source)
    if not isinstance(data, list):
        return [], [InputProblem(origin, f"expected a JSON object or list, got {type(data).__name__}")]
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for i, item in enumerate(data):
        arts, probs = article_from_object(item, f"{origin}[{i}]", f"{fallback_source}[{i}]")
        articles += arts
        problems += probs
    if not data:
        problems.append(InputProblem(origin, "empty JSON list"))
    return articles, problems


def parse_jsonl(lines: Iterable[tuple[int, bytes | str]], origin: str, fallback_source: str) -> Parsed:
    """JSON Lines: one article object (or Multi-News cluster) per line.

    A bad line is reported as 'line N: ...' and the other lines still load."""
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for number, raw in lines:
        where = f"{origin}:{number}"
        if len(raw) > reading.MAX_LINE_BYTES:
            problems.append(InputProblem(origin, f"line {number}: line too large ({size_text(len(raw))} > {size_text(reading.MAX_LINE_BYTES)} limit)"))
            continue
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            try:
                raw = decode(raw)
            except InputError as exc:
                problems.append(InputProblem(origin, f"line {number}: {exc}"))
                continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(InputProblem(origin, f"line {number}: malformed JSON: {exc.msg} (column {exc.colno})"))
            continue
        arts, probs = article_from_object(obj, where, f"{fallback_source}:{number}")
        articles += arts
        problems += [InputProblem(origin, f"line {number}: {p.reason}") for p in probs]
    return articles, problems


# --------------------------------------------------------------------- HTML
def parse_html(html: str, origin: str, fallback_source: str) -> Parsed:
    """Article text and metadata (title, author, date, site) through trafilatura."""
    import trafilatura  # heavy; only when HTML is actually ingested

    html = _HUGE_ATTRIBUTE.sub('=""', html)  # megabyte-long attributes only slow the parser down
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


def limit_length(parsed: Parsed) -> Parsed:
    """Turn absurdly long articles into problems (they would only slow every later stage)."""
    articles, problems = parsed
    kept = []
    for article in articles:
        if len(article.text) > MAX_ARTICLE_CHARS:
            problems = problems + [InputProblem(
                article.origin, f"article text too long ({len(article.text):,} characters > {MAX_ARTICLE_CHARS:,} limit)"
            )]
        else:
            kept.append(article)
    return kept, problems


def sniff(text: str) -> str:
    """Guess the format of stdin text: 'json', 'jsonl', 'html' or 'text'."""
    head = text.lstrip()[:2048].lower()
    if head.startswith(("{", "[")):
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines):
            try:
                json.loads(text)
                return "json"
            except json.JSONDecodeError:
                return "jsonl"
        return "json"
    if head.startswith("<") and any(tag in head for tag in ("<html", "<!doctype html", "<body", "<article", "<p")):
        return "html"
    return "text"
