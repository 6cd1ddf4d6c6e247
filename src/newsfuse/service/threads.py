"""Threads and stable addresses in the service (:class:`ThreadsMixin`, a part of :class:`NewsService`).

* A thread's title is its largest event story's title; its brief is a brief
  of its most recent ``MAX_THREAD_ARTICLES`` articles, made once per thread
  version (the update times of its stories) and kept in memory.
* A thread's timeline (:meth:`ThreadsMixin.thread_timeline`) shows each event
  story's brief. One request makes at most ``MAX_NEW_STORY_BRIEFS`` briefs (the
  largest stories without one first); the others show a brief already made
  (in memory or in the store's cache) or, until one is, the story's lede. So
  the first view of a thread of hundreds of stories costs what a few story
  pages cost, and every later view fills in more.
* A story or thread id that was merged into another raises :class:`Moved`
  (the web layer answers 301 with the surviving id).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from ..text import iso_day
from .model import Moved, NotFound, ThreadSummary

SORTS = ("top", "new")
MAX_THREAD_ARTICLES = 300  # a thread's brief reads its newest articles only (bounded time)
MEMO_THREAD_BRIEFS = 32
MAX_NEW_STORY_BRIEFS = 8  # event-story briefs one thread request may make (the rest: made ones, else ledes)


class ThreadsMixin:
    def _moved(self, kind: str, old_id: int):
        """Raise :class:`Moved` when ``old_id`` was merged away, else :class:`NotFound`."""
        new_id = self._reader().redirect_of(kind, old_id)
        if new_id is not None:
            raise Moved(kind, old_id, new_id)
        raise NotFound(f"no {kind} {old_id}")

    def threads(self, limit: int = 50, offset: int = 0) -> tuple[int, list[ThreadSummary]]:
        """Threads, the most recently active first: (total, this page)."""
        store = self._reader()
        total, rows = store.list_threads(limit, offset)
        return total, [self._thread_summary(store, row) for row in rows]

    def _thread_summary(self, store, row, stories: list | None = None) -> ThreadSummary:
        tid, n_stories, size, first, last, _ = row
        stories = stories if stories is not None else self._summaries(store, store.thread_story_rows(tid))
        title = max(stories, key=lambda s: (s.size, -s.id)).title if stories else f"Thread {tid}"
        reports = sum(s.reports or s.size for s in stories) if stories else size
        return ThreadSummary(tid, title, n_stories, size, iso_day(first), iso_day(last), reports)

    def thread(self, thread_id: int) -> dict[str, Any]:
        """A thread and its event stories, oldest first (a dated timeline)."""
        store = self._reader()
        row = store.thread_row(thread_id)
        if row is None:
            self._moved("thread", thread_id)
        stories = self._summaries(store, store.thread_story_rows(thread_id))
        return {"thread": self._thread_summary(store, row, stories), "stories": stories}

    def thread_version(self, thread_id: int) -> str:
        rows = self._reader().thread_story_rows(thread_id)
        if not rows:
            self._moved("thread", thread_id)
        return hashlib.sha1(repr([(r[0], r[1], r[4]) for r in rows]).encode()).hexdigest()[:16]

    def thread_brief(self, thread_id: int, words: int):
        """The thread's own brief (a newsfuse.brief_model.Brief), or None when nothing could be briefed."""
        from ..pipeline import brief_from_story, prepare

        def make():
            store = self._reader()
            articles = [a for row in store.thread_story_rows(thread_id) for a in store.articles_of(row[0])]
            prepared = prepare(articles[-MAX_THREAD_ARTICLES:])
            # a thread with nothing to brief keeps a False marker (the memo does not keep None)
            return brief_from_story(prepared, words=words) if prepared.sentences else False

        brief = self._thread_briefs.get_or_make((thread_id, words, self.thread_version(thread_id)), make)
        return brief or None

    def thread_timeline(self, stories: list, words: int) -> list[tuple[Any, str | None, bool]]:
        """A thread's event stories (``thread(...)["stories"]``, oldest first), each as (summary, text, is
        its brief): the brief's sentences when the brief is made or is one of the ``MAX_NEW_STORY_BRIEFS``
        this call makes (the largest stories first), else the story's lede (``is its brief`` False; None:
        no lede either)."""
        made: dict[int, str] = {}
        for story in stories:
            ready = self.view_if_ready(story.id, words)
            if ready is not None:
                made[story.id] = _brief_text(ready["brief"])
        waiting = sorted((s for s in stories if s.id not in made), key=lambda s: (-s.size, -s.id))
        for story in waiting[:MAX_NEW_STORY_BRIEFS]:
            made[story.id] = _brief_text(json.loads(self.brief_json(story.id, words)))
        return [(s, made[s.id], True) if s.id in made else (s, s.lede, False) for s in stories]


def _brief_text(brief: dict) -> str:
    return " ".join(s["text"] for s in brief["sentences"])
