"""Dataclasses of the ingest stage, stable ids and source labels."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Article:
    """One news report as it arrived, before cleaning."""

    id: str  # stable short id (hash of origin + text)
    source: str  # outlet label: from metadata or URL host, else file name
    text: str  # article body; paragraphs separated by blank lines
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    author: str | None = None
    origin: str = ""  # where it came from: path, "path:line", "stdin"


@dataclass(frozen=True)
class InputProblem:
    """An input that was skipped, and why (shown to the user)."""

    origin: str
    reason: str


@dataclass(frozen=True)
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


def article_id(origin: str, text: str) -> str:
    """Stable short id: the first 12 hex digits of sha1(origin + NUL + text)."""
    digest = hashlib.sha1(origin.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:12]


def display_name(path) -> str:
    """A path as text that can always be printed and written as UTF-8 (bytes
    of a file name that are not UTF-8 become backslash escapes)."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # bytes that os.fsdecode turned into surrogate escapes
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # other lone surrogates
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def host_of(url: str | None) -> str | None:
    """'https://www.washingtonpost.com/x' -> 'washingtonpost.com' (None if no host)."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


def source_label(source: str | None, sitename: str | None, url: str | None, fallback: str) -> str:
    """Outlet label: explicit source, else site name, else URL host, else the fallback."""
    for value in (source, sitename):
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return host_of(url) or fallback


def make_article(
    origin: str,
    text: str,
    fallback_source: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    sitename: str | None = None,
    published: str | None = None,
    author: str | None = None,
) -> Article:
    """Build an Article with a stable id and a source label."""
    return Article(
        id=article_id(origin, text),
        source=source_label(source, sitename, url, fallback_source),
        text=text,
        title=_clean_str(title),
        url=_clean_str(url),
        published=_clean_str(published),
        author=_clean_str(author),
        origin=origin,
    )


def _clean_str(value) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None
