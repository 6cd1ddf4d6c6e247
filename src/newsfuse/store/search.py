"""Full-text search of stories: FTS5 over the headlines and texts of the stored articles, stories
ranked by bm25, each with a snippet of its best-matching report (:class:`SearchQueries`, a part of
:class:`newsfuse.store.StoryStore`).

The index (schema step 6, :data:`V6_SEARCH`) replaces step 3's: the Porter stemmer over
``unicode61`` (diacritics folded), with ``+`` and ``#`` kept inside words so "C++" and "C#" are words
of their own. It is external-content (each text stored once, in ``articles``) and triggers keep it in
step on every insert, update and delete of an article.

What a user types is never FTS5 syntax (:func:`fts_query`): every word and every "quoted phrase"
must occur (a phrase: its words in order); operators (AND, OR, NOT, NEAR), ``*``, ``^``, brackets and
stray quotes are taken as text, so no input is a syntax error.
"""
from __future__ import annotations

import re
import sqlite3

from .db import select_in

V6_SEARCH = """
DROP TRIGGER IF EXISTS articles_fts_insert;
DROP TRIGGER IF EXISTS articles_fts_delete;
DROP TRIGGER IF EXISTS articles_fts_update;
DROP TABLE IF EXISTS articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid',
    tokenize="porter unicode61 remove_diacritics 2 tokenchars '+#'"
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
"""

MAX_TERMS = 20  # words and phrases of one query
TITLE_WEIGHT = 4.0  # a match in a headline counts this many times one in the text (bm25 column weights)
HIT_START, HIT_END = "\ue000", "\ue001"  # private-use marks around a snippet's matches
_PHRASE = re.compile(r'["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]*)["\u201c\u201d\u201e]')
_WORD = re.compile(r"[\w+#]+")  # the index tokenizer's words (not text.WORD: + and # are word characters here)


def fts_query(text: str) -> str | None:
    """A user's search as an FTS5 query: every word and "quoted phrase" must occur; nothing the user
    types is an operator (each term is an FTS5 string). None: no word at all."""
    terms: list[str] = []
    at = 0
    for m in _PHRASE.finditer(text):  # "quoted phrases" (straight or curly quotes), words around them
        terms += _WORD.findall(text[at:m.start()].lower())
        terms.append(" ".join(_WORD.findall(m.group(1).lower())))
        at = m.end()
    terms += _WORD.findall(text[at:].lower())
    terms = [t for t in dict.fromkeys(terms) if t.strip("+#")][:MAX_TERMS]
    return " ".join(f'"{t}"' for t in terms) or None


_HITS = ("WITH hits AS MATERIALIZED (SELECT a.story_id AS sid, bm25(articles_fts, {w}, 1.0) AS score"
         " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?),"
         " best AS (SELECT sid, MIN(score) AS score FROM hits WHERE sid IS NOT NULL GROUP BY sid)"
         ).format(w=TITLE_WEIGHT)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with FTS5's marks as (text, is a match) pieces (the page escapes each; an unpaired
    mark, from a text that held one, leaves the snippet unmarked)."""
    if snippet.count(HIT_START) != snippet.count(HIT_END):
        return [(snippet.replace(HIT_START, "").replace(HIT_END, ""), False)]
    out: list[tuple[str, bool]] = []
    for piece in re.split(f"({HIT_START}[^{HIT_END}]*{HIT_END})", snippet):
        if piece.startswith(HIT_START):
            out.append((piece[1:-1], True))
        elif piece:
            out.append((piece, False))
    return out


class SearchQueries:
    """Methods over ``self.conn`` (an open story database)."""

    conn: sqlite3.Connection

    def search_stories(self, q: str, limit: int, offset: int, since: float | None = None,
                       story_sql: str = "") -> tuple[int, list[tuple]]:
        """(stories matching, this page of ``story_sql`` rows), best match first (bm25 of the story's
        best-matching article, headlines weighted; ties: the newer story)."""
        match = fts_query(q)
        if match is None:
            return 0, []
        where, params = "", [match]
        if since is not None:
            where, params = " WHERE s.updated_at >= ?", [match, float(since)]
        total = self.conn.execute(f"{_HITS} SELECT COUNT(*) FROM best JOIN stories s ON s.id = best.sid{where}",
                                  params).fetchone()[0]
        rows = self.conn.execute(
            f"{_HITS} {story_sql} JOIN best ON best.sid = s.id{where} ORDER BY best.score, s.id DESC"
            " LIMIT ? OFFSET ?", params + [max(0, int(limit)), max(0, int(offset))]).fetchall()
        return total, rows

    def search_snippets(self, q: str, story_ids: list[int], tokens: int = 24) -> dict[int, list[tuple[str, bool]]]:
        """story id -> a snippet of the text of its best-matching article that matches in its text, as
        (text, is a match) pieces (:func:`snippet_parts`); a story that matches in headlines only has none."""
        match = fts_query(q)
        if match is None or not story_ids:
            return {}
        out: dict[int, list[tuple[str, bool]]] = {}
        rows = select_in(
            self.conn, "SELECT a.story_id, snippet(articles_fts, 1, ?, ?, '\u2026', ?) FROM articles_fts JOIN articles a"
            " ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND a.story_id IN ({in})"
            f" ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, 1.0)",
            list(story_ids), params=(HIT_START, HIT_END, int(tokens), match))
        for sid, text in rows:
            if sid not in out and HIT_START in (text or ""):
                out[sid] = snippet_parts(" ".join(text.split()))
        return out
