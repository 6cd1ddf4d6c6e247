"""Full-text search of stories: FTS5 over the headlines and texts of the stored articles and over the
stories' cached briefs, stories ranked by bm25, each with a snippet of its brief or its best-matching
report (:class:`SearchQueries`, a part of :class:`newsfuse.store.StoryStore`).

The article index (schema step 6, :data:`V6_SEARCH`) replaces step 3's: the Porter stemmer over
``unicode61`` (diacritics folded), with ``+`` and ``#`` kept inside words so "C++" and "C#" are words
of their own. It is external-content (each text stored once, in ``articles``) and triggers keep it in
step on every insert, update and delete of an article.

The brief index (schema step 8, :data:`V8_BRIEF_SEARCH`, the same tokenizer): ``briefs_fts`` holds one
row per story (rowid: the story id), the text of its newest cached brief (the ``text`` of its
``sentences``, ``newsfuse.brief/2``) and when that brief was made (``made``, the row's ``created_at``).
Triggers on ``brief_cache`` re-make a story's row on every insert, update and delete of its cache rows;
the step indexes the briefs already cached.

Ranking. Which stories match is decided by the articles alone, as before: every word and phrase in one
of the story's articles. A story's score is ``best`` (the bm25 of its best-matching article, a headline
match counting :data:`TITLE_WEIGHT` times one in the text; FTS5's bm25 is negative, lower is better),
multiplied by ``1 + BRIEF_BOOST`` (:data:`BRIEF_BOOST` = 1: the score doubles) when its brief is
current and matches the whole query too::

    score = best * (1 + BRIEF_BOOST * brief_matches)      # ascending; ties: the newer story first

Brief sentences are verbatim sentences of the story's articles, so a brief match says the words are in
what the story is centrally about, not only somewhere in a report. A brief is *current* when it was made
at or after the story's last change (``made >= stories.updated_at``: every change of a story sets it);
an older brief (the story gained or lost articles since) neither boosts nor gives the snippet, so it
never ranks a story by words it may no longer hold, and it cannot add a story to the results in any
case. Stories without a cached brief rank as before. A multiplier rather than the brief's own bm25:
few stories have a brief, and bm25 over so small a set gives words in more than half of them almost no
weight (FTS5 floors their idf near zero), so its scale would say little next to the articles'.
tests/test_search_briefs.py checks the effect: two stories each say "lighthouse" once, the shorter
report ranks first on the articles alone, and the other story comes first once its brief says it. (A brief made from what a reader saw
just before a batch changed the story, but saved after the batch's time, counts as current: its
sentences were the story's a moment before.)

Snippets: a current brief that matches gives the snippet (what the reader sees on the story page),
else the best-matching article that matches in its text; a story that matches in headlines only has none.

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

# a cache row's brief as plain text: its sentences' texts (json_each; a malformed or odd brief gives
# no text rather than failing the write that fired the trigger)
_BRIEF_TEXT = ("(SELECT group_concat(json_extract(j.value, '$.text'), ' ') FROM json_each("
               "CASE WHEN json_valid(b.brief) THEN b.brief ELSE '{}' END, '$.sentences') AS j"
               " WHERE j.type = 'object' AND json_type(j.value, '$.text') = 'text')")
_NEWEST = "ORDER BY b.created_at DESC, b.words DESC"  # which of a story's cache rows is indexed


def _brief_row(sid: str) -> str:
    """Trigger body: re-make story ``sid``'s row from its newest cache row (none left: no row)."""
    return (f"    DELETE FROM briefs_fts WHERE rowid = {sid};\n"
            f"    INSERT INTO briefs_fts(rowid, text, made) SELECT b.story_id, {_BRIEF_TEXT}, b.created_at"
            f" FROM brief_cache b WHERE b.story_id = {sid} {_NEWEST} LIMIT 1;\n")


V8_BRIEF_SEARCH = f"""
DROP TRIGGER IF EXISTS briefs_fts_insert;
DROP TRIGGER IF EXISTS briefs_fts_update;
DROP TRIGGER IF EXISTS briefs_fts_delete;
DROP TABLE IF EXISTS briefs_fts;
CREATE VIRTUAL TABLE briefs_fts USING fts5(
    text, made UNINDEXED,
    tokenize="porter unicode61 remove_diacritics 2 tokenchars '+#'"
);
CREATE TRIGGER briefs_fts_insert AFTER INSERT ON brief_cache BEGIN
{_brief_row("new.story_id")}END;
CREATE TRIGGER briefs_fts_update AFTER UPDATE ON brief_cache BEGIN
{_brief_row("old.story_id")}{_brief_row("new.story_id")}END;
CREATE TRIGGER briefs_fts_delete AFTER DELETE ON brief_cache BEGIN
{_brief_row("old.story_id")}END;
INSERT INTO briefs_fts(rowid, text, made) SELECT story_id, text, made FROM (SELECT b.story_id, {_BRIEF_TEXT} AS text,
    b.created_at AS made, row_number() OVER (PARTITION BY b.story_id {_NEWEST}) AS n FROM brief_cache b) WHERE n = 1;
"""

MAX_TERMS = 20  # words and phrases of one query
TITLE_WEIGHT = 4.0  # a match in a headline counts this many times one in the text (bm25 column weights)
BRIEF_BOOST = 1.0  # a story whose current brief matches too: its score times 1 + this
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
# the stories whose current brief (made since the story last changed) matches too
_BRIEFS = (" briefs AS MATERIALIZED (SELECT briefs_fts.rowid AS sid FROM briefs_fts JOIN stories s2"
           " ON s2.id = briefs_fts.rowid WHERE briefs_fts MATCH ? AND briefs_fts.made >= s2.updated_at)")


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
        """(stories matching, this page of ``story_sql`` rows), best match first: the bm25 of the story's
        best-matching article, headlines weighted, times ``1 + BRIEF_BOOST`` when its current brief
        matches too (the module's docstring); ties: the newer story."""
        match = fts_query(q)
        if match is None:
            return 0, []
        where, since_params = "", []
        if since is not None:
            where, since_params = " WHERE s.updated_at >= ?", [float(since)]
        total = self.conn.execute(f"{_HITS} SELECT COUNT(*) FROM best JOIN stories s ON s.id = best.sid{where}",
                                  [match, *since_params]).fetchone()[0]
        rows = self.conn.execute(
            f"{_HITS},{_BRIEFS} {story_sql} JOIN best ON best.sid = s.id LEFT JOIN briefs ON briefs.sid = s.id{where}"
            f" ORDER BY best.score * (CASE WHEN briefs.sid IS NULL THEN 1.0 ELSE {1.0 + BRIEF_BOOST} END), s.id DESC"
            " LIMIT ? OFFSET ?", [match, match, *since_params, max(0, int(limit)), max(0, int(offset))]).fetchall()
        return total, rows

    def search_snippets(self, q: str, story_ids: list[int], tokens: int = 24) -> dict[int, list[tuple[str, bool]]]:
        """story id -> a snippet, as (text, is a match) pieces (:func:`snippet_parts`): of its current brief
        when that matches (what the reader sees), else of the text of its best-matching article that
        matches in its text; a story that matches in headlines only, and not in its brief, has none."""
        match = fts_query(q)
        if match is None or not story_ids:
            return {}
        out: dict[int, list[tuple[str, bool]]] = {}
        marks = (HIT_START, HIT_END, int(tokens), match)
        briefs = select_in(
            self.conn, "SELECT briefs_fts.rowid, snippet(briefs_fts, 0, ?, ?, '\u2026', ?) FROM briefs_fts"
            " JOIN stories s ON s.id = briefs_fts.rowid WHERE briefs_fts MATCH ? AND briefs_fts.made >= s.updated_at"
            " AND briefs_fts.rowid IN ({in})", list(story_ids), params=marks)
        articles = select_in(
            self.conn, "SELECT a.story_id, snippet(articles_fts, 1, ?, ?, '\u2026', ?) FROM articles_fts JOIN articles a"
            " ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND a.story_id IN ({in})"
            f" ORDER BY bm25(articles_fts, {TITLE_WEIGHT}, 1.0)", list(story_ids), params=marks)
        for sid, text in briefs + articles:  # a brief's snippet first
            if sid not in out and HIT_START in (text or ""):
                out[sid] = snippet_parts(" ".join(text.split()))
        return out
