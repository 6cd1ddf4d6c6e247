"""Markdown rendering of a Brief (the default output of ``newsfuse brief``).

Layout: title, the brief's paragraphs with citations like ``[1][4][5]`` and
each sentence's report date (``*(2026-03-04)*``), a
Sources section (outlet, title, date, copy/rewrite markers, which sources are
independent), a Removed section (boilerplate counts per reason per source,
with an example each) and the inputs that were skipped.
"""
from __future__ import annotations

from collections import Counter

from ..brief_model import Brief, Source, report_day
from .escape import md_text, md_url

EXAMPLE_CHARS = 90

# The shared escaping policy (newsfuse.render.escape); kept importable from here.
escape = md_text


def shorten(text: str, limit: int = EXAMPLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def citation_marks(citations) -> str:
    return "".join(f"[{n}]" for n in citations)


def _source_line(src: Source) -> str:
    parts = [f"**{escape(src.label)}**"]
    if src.title:
        parts.append(f"*{escape(src.title)}*")
    if src.published:
        parts.append(escape(src.published))
    line = " — ".join(parts)
    notes = []
    if src.attribution:
        notes.append(f"text from {escape(src.attribution)}")
    if src.copy_of:
        notes.append(f"copy of [{src.copy_of}]")
    if src.rewrite_of:
        notes.append(f"rewrite of [{src.rewrite_of}]")
    elif src.rewrite:
        notes.append("rewrite of an outside text")
    if not src.independent and not (src.copy_of or src.rewrite_of):
        notes.append(f"same text family as [{src.family}]")
    if src.independent:
        notes.append("independent")
    if not src.cited:
        notes.append("not cited")
    if src.url:
        notes.append(md_url(src.url))
    return f"{src.number}. {line}" + (f" ({'; '.join(notes)})" if notes else "")


def _removed_lines(brief: Brief) -> list[str]:
    lines = []
    for src in brief.sources:
        if not src.removed:
            continue
        counts = Counter(r.reason for r in src.removed)
        summary = ", ".join(f"{reason} ×{n}" for reason, n in counts.most_common())
        lines.append(f"- [{src.number}] {escape(src.label)}: {summary}")
        seen = set()
        for r in src.removed:
            if r.reason in seen:
                continue
            seen.add(r.reason)
            lines.append(f"  - *{escape(r.reason)}*: “{escape(shorten(r.text))}”")
    return lines


def to_markdown(brief: Brief) -> str:
    out = [f"# {escape(brief.title)}", ""]
    paragraphs: dict[int, list[str]] = {}
    for s in brief.sentences:
        day = report_day(s.published)
        paragraphs.setdefault(s.paragraph, []).append(
            f"{escape(s.text)} {citation_marks(s.citations)}" + (f" *({escape(day)})*" if day else "")
        )
    for _, sentences in sorted(paragraphs.items()):
        out += [" ".join(sentences), ""]
    independent = [s.number for s in brief.sources if s.independent]
    cited = [s.number for s in brief.sources if s.cited]
    out.append(
        f"*{brief.words} words from {len(cited)} of {len(brief.sources)} reports; "
        f"{len(independent)} independent "
        f"({citation_marks(independent)}); ranker: {escape(brief.ranker)}.*"
    )
    if brief.facts is not None:
        from .facts import facts_markdown

        out += [""] + facts_markdown(brief.facts)
    out += ["", "## Sources", ""]
    out += [_source_line(s) for s in brief.sources]
    removed = _removed_lines(brief)
    if removed:
        out += ["", f"## Removed ({len(brief.removals)} passages)", ""] + removed
    if brief.problems:
        out += ["", "## Skipped inputs", ""]
        out += [f"- {escape(p.origin)}: {escape(p.reason)}" for p in brief.problems]
    return "\n".join(out) + "\n"
