"""Service layer: the one object between the edges (CLI, web server) and the SQLite story store.

``NewsService(db)`` adds articles (files, pasted text, JSON objects, URLs,
feeds), lists and searches stories, makes a story's brief for a word budget
(cached per story version and budget) and deletes articles and stories. See
:mod:`newsfuse.service.core` for how reads, writes and the cache work, and
:mod:`newsfuse.store` for the tables and every SQL statement.
"""
from __future__ import annotations

from .core import NewsService
from .model import MAX_WORDS, AddOutcome, Moved, NotFound, StorySummary, ThreadSummary, check_words

__all__ = ["NewsService", "NotFound", "Moved", "AddOutcome", "StorySummary", "ThreadSummary", "check_words",
           "MAX_WORDS"]
