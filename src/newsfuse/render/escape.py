"""The one escaping policy of every newsfuse output (briefs, stories, web pages).

Every string that comes from a report -- text, title, outlet label, author,
date, URL, file name, problem message -- is untrusted, and no output may carry
live markup from it:

* **HTML**: templates are rendered by jinja2 with autoescape on, so text is
  always text; a URL becomes an ``href`` only through :func:`link_url`, which
  accepts nothing but a well-formed ``http``/``https`` URL with a host and
  returns it percent-encoded (no ``javascript:``, ``data:``, ``file:``, no
  quote, angle bracket, space or control character). Anything else is shown
  as escaped text.
* **Markdown**: :func:`md_text` backslash-escapes every character CommonMark
  gives a meaning to (``\\ ` * _ [ ] < > |``, ``&`` before an entity, a
  leading ``# + -`` or ``1.``),
  so raw HTML, links, emphasis and headings cannot be formed;
  :func:`md_url` writes a URL as an autolink ``<...>`` only when
  :func:`link_url` accepts it (angle brackets and spaces are then
  percent-encoded, so the autolink cannot be closed early), else as escaped text.
* **JSON**: values are data; ``json.dumps`` escapes them. Lone surrogates never
  reach an output (ingest refuses them, see ``newsfuse.ingest.budget``).

Renderers import these functions from here; adding a section to a renderer
means passing its strings through :func:`md_text` (Markdown) or leaving them
to autoescape (HTML), and URLs through :func:`link_url` / :func:`md_url`.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|]|(?<!\w)_|_(?!\w)|^[#+-]|&(?=#?\w+;))")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
# refused anywhere in a URL: space, C0/C1 control characters, and lone surrogates (not valid Unicode:
# they cannot be percent-encoded; ingest refuses them, but link_url answers None for any input)
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\ud800-\udfff]")
# characters kept as they are in a link; everything else is percent-encoded
_URL_SAFE = "/:@!$&'*+,;=-._~%?#"


def link_url(url: object) -> str | None:
    """``url`` made safe to use as a link target, or None when it must not be a link.

    Only ``http``/``https`` URLs with a host qualify; whitespace, control
    characters or a lone surrogate anywhere refuse the URL (browsers strip
    whitespace and controls to find a scheme).
    The result is percent-encoded: it holds no quote, angle bracket, space,
    backslash or parenthesis."""
    if not isinstance(url, str) or not url or len(url) > 4096 or _CONTROL.search(url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # raises ValueError for a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return urlunsplit((
        parts.scheme.lower(),
        quote(parts.netloc, safe=":@[]!$&'*+,;=-._~%"),
        quote(parts.path, safe=_URL_SAFE),
        quote(parts.query, safe=_URL_SAFE),
        quote(parts.fragment, safe=_URL_SAFE),
    )).replace("'", "%27")


def md_text(text: object) -> str:
    """Untrusted text as inert Markdown on one line: whitespace runs become one
    space, and every character with Markdown meaning is backslash-escaped."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def md_url(url: object) -> str:
    """A URL in Markdown: an autolink when it is a safe http(s) URL, else escaped text."""
    safe = link_url(url)
    return f"<{safe}>" if safe else md_text(url)
