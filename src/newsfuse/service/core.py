"""The service object: the one owner of the story database, between the edges (CLI, web) and the store.

:class:`NewsService` opens the SQLite story store (:class:`newsfuse.store.StoryStore`,
WAL mode); it writes no SQL: the store owns the schema (FTS5 search, the brief cache included)
and every statement (:mod:`newsfuse.store`).

* **Writes** (adding articles, deleting an article or a story) run one at a
  time on a single writer thread that owns the store's write connection; each
  is one transaction.
* **Reads** (story lists, search, briefs) use one read connection per calling
  thread; in WAL mode they keep answering from the last committed state while
  a batch is being written.
* **Briefs** are cached per story, word budget and story *version* (a digest
  of the story's update time and article rows, and of the code and models
  that make briefs): in memory (recent ones, with
  the Brief object for the Markdown/HTML downloads) and in ``brief_cache``
  (survives restarts). A story that changes gets a new version, so a stale
  brief is never served (:mod:`newsfuse.service.briefs`). A story's facts
  (people, quotes, timeline, figures) are made once per version, in the
  background when the story page is shown, or on demand.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Sequence

from ..ingest import Article, InputProblem
from ..text import iso_day
from . import inputs
from .briefs import MEMO_BRIEFS, MEMO_STORIES, BriefsMixin, code_key
from .feeds import FeedsMixin
from .memo import Memo
from .ledes import MEMO_LEDES, LedesMixin, title_and_lede
from .model import AddOutcome, Moved, NotFound, StorySummary, _Made
from .threads import MEMO_THREAD_BRIEFS, SORTS, ThreadsMixin

MEMO_LISTS = 64  # story list pages kept in memory
MEMO_TITLES = 4096  # story titles kept in memory (by story id and update time)
MAX_TITLE_HEADS = 50  # untitled reports whose leads a story's title may be cut from

WRITE_BUSY_MS = 120_000  # a write waits this long for another process's batch to finish
READ_BUSY_MS = 25  # a reader that also writes the cache waits at most this long for the writer


class NewsService(BriefsMixin, FeedsMixin, LedesMixin, ThreadsMixin):
    """Stories and their briefs over one SQLite database (see the module docstring)."""

    def __init__(self, db: str | Path, *, threshold: float | None = None, allow_hosts=()):
        from ..ingest.fetch import allow_set

        self.path = Path(db)
        self.allow_hosts = allow_set(allow_hosts)  # --allow-host, for the feed worker's fetches
        self._threshold = threshold
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-writer")
        self._local = threading.local()
        self._readers: list[Any] = []
        self._lock = threading.Lock()
        self._briefs: Memo[tuple, _Made] = Memo(MEMO_BRIEFS)
        self._prepared: Memo[tuple, Any] = Memo(MEMO_STORIES)
        self._facts: Memo[tuple, Any] = Memo(MEMO_STORIES)
        self._facts_pending: set[tuple] = set()  # (story, version) being made in the background
        self._facts_worker: ThreadPoolExecutor | None = None
        self._lists: Memo[tuple, tuple[int, list[StorySummary]]] = Memo(MEMO_LISTS)
        self._ledes: Memo[tuple, tuple[str | None, bool]] = Memo(MEMO_LEDES)  # (story, updated) -> (lede, of a brief)
        self.briefs_made = 0  # briefs made by this process: a list page shows their ledes once they exist
        self._titles: Memo[tuple, tuple[str, str | None]] = Memo(MEMO_TITLES)  # (story id, updated_at) -> title, lede
        self._thread_briefs: Memo[tuple, Any] = Memo(MEMO_THREAD_BRIEFS)
        self._closed = False
        self._store = None
        try:
            self._write(self._open_writer)
        except sqlite3.Error as exc:  # not a database, no permission, a folder...
            self._writer.shutdown(wait=False)
            raise RuntimeError(f"cannot open database {self.path}: {exc}") from None
        except BaseException:
            self._writer.shutdown(wait=False)
            raise

    # ---- lifecycle ----------------------------------------------------------------------
    def _store_kwargs(self) -> dict[str, Any]:
        return {} if self._threshold is None else {"threshold": self._threshold}

    def _open_writer(self) -> None:
        from ..store import StoryStore

        # migrates; another process (a `newsfuse stories --db` run beside the server) may hold the write lock
        self._store = StoryStore(self.path, **self._store_kwargs(), busy_ms=WRITE_BUSY_MS)

    def close(self) -> None:
        if self._closed:
            return
        self._write(self._close_writer)
        self._closed = True
        self._writer.shutdown(wait=True)
        if self._facts_worker is not None:
            self._facts_worker.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            readers, self._readers = self._readers, []
        for store in readers:
            try:
                store.close()
            except Exception:  # a reader of a thread that is still busy: it closes with the process
                pass

    def _close_writer(self) -> None:
        if self._store is not None:
            self._store.checkpoint()  # the WAL merged into the database file: one file left behind
            self._store.close()

    def __enter__(self) -> "NewsService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the writer thread (the only one that writes stories and articles)."""
        return self._writer.submit(fn).result()

    def _reader(self):
        store = getattr(self._local, "store", None)
        if store is None:
            from ..store import StoryStore

            store = StoryStore(self.path, **self._store_kwargs(), busy_ms=READ_BUSY_MS)
            self._local.store = store
            with self._lock:
                self._readers.append(store)
        return store

    # ---- adding -------------------------------------------------------------------------
    def add(self, articles: Sequence[Article], problems: Sequence[InputProblem] = ()) -> AddOutcome:
        """Clean and store a batch of articles (one transaction); say which stories they joined."""
        outcome = AddOutcome(problems=list(problems))
        articles = list(articles)
        if not articles:
            return outcome
        from ..clean import clean

        cleaned = clean(articles)
        texts = [ca.text for ca in cleaned]
        articles = [inputs.named(a, ca) for a, ca in zip(articles, cleaned)]  # an outlet's name, never a hash
        result = self._write(lambda: self._add_batch(articles, texts))
        outcome.result = result
        outcome.merged = dict(result.merged)
        outcome.new_stories = sorted(result.new_stories)
        joined: list[int] = []
        for a in articles:
            if a.id in result.duplicates:
                sid, status = result.duplicates[a.id], "duplicate"
            elif a.id in result.boilerplate:
                sid, status = None, "boilerplate"
            else:
                sid, status = result.story_of.get(a.id), "added"
            sid = result.merged.get(sid, sid) if sid is not None else None
            item = {"article_id": a.id, "origin": a.origin, "title": a.title, "story_id": sid, "status": status}
            if status == "duplicate":
                item["duplicate_of"] = result.duplicate_of.get(a.id)
            outcome.articles.append(item)
            if status == "boilerplate":
                outcome.problems.append(InputProblem(
                    a.origin or a.id, "boilerplate only (text shared with many unrelated articles); in no story"))
            if sid is not None and sid not in joined:
                joined.append(sid)
        for sid in joined:
            try:
                outcome.stories.append(self.story(sid))
            except NotFound:  # merged away by a later step of the same batch
                pass
        return outcome

    def _add_batch(self, articles, texts):
        """On the writer thread: store a batch, then note a new version of every story it changed."""
        result = self._store.add(articles, texts)
        self._record_versions(result, time.time())
        return result

    def add_files(self, files: Sequence[tuple[str, bytes]]) -> AddOutcome:
        return self.add(*inputs.from_files(files))

    def add_text(self, text: str, name: str = "pasted text") -> AddOutcome:
        return self.add(*inputs.from_text(text, name))

    def add_objects(self, objects: Sequence[Any]) -> AddOutcome:
        return self.add(*inputs.from_objects(objects))

    def add_urls(self, urls: Sequence[Any]) -> AddOutcome:
        return self.add(*inputs.from_urls(urls))

    def add_paths(self, paths: Sequence[str]) -> AddOutcome:
        """Files, directories and feeds (files or URLs), as ``newsfuse stories`` reads them."""
        from ..stories.group import collect

        return self.add(*collect(paths))

    def group_batch(self, articles: Sequence[Article]):
        """``newsfuse stories --db``: add a batch; the stories it touched, as a stories.group.Grouping."""
        from ..stories.group import Grouping

        outcome = self.add(articles)
        result = outcome.result
        if result is None:
            return Grouping([], problems=outcome.problems)
        ids = sorted(set(result.touched_stories) | {s for s in result.duplicates.values() if s is not None})
        reader = self._reader()
        grouping = Grouping([reader.articles_of(sid) for sid in ids], problems=outcome.problems, story_ids=ids,
                            threads=[reader.thread_of_story(sid) for sid in ids])
        n_articles, n_stories = self.count()
        grouping.notes.append(
            f"{len(result.story_of) - len(result.boilerplate)} new article(s), {len(result.duplicates)} already "
            f"stored, {len(result.new_stories)} new story(ies)"
            + (f", {len(result.merged)} stored story(ies) merged into others" if result.merged else "")
            + f"; database {self.path}: {n_articles} articles, {n_stories} stories")
        return grouping

    # ---- deleting -----------------------------------------------------------------------
    def delete_story(self, story_id: int) -> None:
        """Delete a story and its articles (NotFound when there is no such story)."""
        if not self._write(lambda: self._store.delete_story(story_id)):
            raise NotFound(f"no story {story_id}")
        self._forget(story_id)

    def delete_article(self, article_id: str) -> int | None:
        """Delete an article; its story shrinks (or goes when empty). Returns the story id it was in."""
        found, story_id = self._write(lambda: self._store.delete_article(article_id))
        if not found:
            raise NotFound(f"no article {article_id!r}")
        if story_id is not None:
            self._forget(story_id)
        return story_id

    def _forget(self, story_id: int) -> None:
        for memo in (self._briefs, self._prepared, self._facts):
            memo.drop(lambda key: key[0] != story_id)

    # ---- reading ------------------------------------------------------------------------
    def count(self) -> tuple[int, int]:
        """(articles, stories) stored."""
        return self._reader().count()

    def reports(self) -> int:
        """Reports in stories (articles and their copies under other ids): what the lists add up to."""
        return self._reader().report_count()

    def stories(self, q: str | None = None, limit: int = 50, offset: int = 0,
                since: float | None = None, sort: str = "new") -> tuple[int, list[StorySummary]]:
        """Stories, ``sort="new"``: newest first (latest article day, else creation time); ``"top"``: by
        importance (independent sources, reports, recency: :mod:`newsfuse.store.threads`); ``q``:
        full-text search over the titles and texts of their articles, best match first (whatever
        ``sort``; a story whose current brief matches too ranks higher), each story with a snippet of its
        brief when that matches, else of its best-matching report (``StorySummary.snippet``);
        ``since``: only stories created or changed at or after that time (epoch seconds). Returns
        (total matching, this page)."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of: {', '.join(SORTS)}")
        store = self._reader()
        # the list only changes when a story does (every change sets its updated_at) or goes away
        key = (q or "", int(limit), int(offset), since, sort, self.briefs_made) + store.list_key()
        found = self._lists.get(key)
        if found is None:
            total, rows = store.list_stories(q, limit, offset, since, sort=sort)
            summaries = self._summaries(store, rows)
            if q and q.strip():
                snippets = store.search_snippets(q, [s.id for s in summaries])
                for summary in summaries:
                    summary.snippet = snippets.get(summary.id)
            found = total, summaries
            self._lists.put(key, found)
        return found

    def story(self, story_id: int) -> StorySummary:
        store = self._reader()
        row = store.story_row(story_id)
        if row is None:
            self._moved("story", story_id)
        return self._summaries(store, [row])[0]

    def _summaries(self, store, stories: list) -> list[StorySummary]:
        """Title (:func:`newsfuse.stories.title.title_of_reports`: the one title rule), sources, span, lede
        (from the lead the title came from, else :class:`LedesMixin`'s) and thread of each (id, size, first, last, updated, created) row."""
        rows: dict[int, list] = {row[0]: [] for row in stories}
        for sid, title, source, head in store.story_heads(list(rows)):
            rows[sid].append((title, source, head))
        titles: dict[int, str] = {}
        lead_ledes: dict[int, str] = {}  # the lede from the lead the title came from (service/ledes.py)
        for sid, _, _, _, updated, _ in stories:
            mine = rows[sid]
            titles[sid], lede = self._titles.get_or_make((sid, updated), lambda: title_and_lede(
                [t for t, _, _ in mine], [h or "" for t, _, h in mine if not t][:MAX_TITLE_HEADS]))
            if lede:
                lead_ledes[sid] = lede
        ledes = self._ledes_of(store, [(row[0], row[4], titles[row[0]]) for row in stories
                                       if row[0] not in lead_ledes])
        ledes.update(lead_ledes)
        copies: dict[int, list[str]] = {}
        for sid, source in store.story_copies(list(rows)):  # listed among the reports on the story page
            copies.setdefault(sid, []).append(source)
        threads = store.threads_of_stories(list(rows))
        out = []
        for sid, size, first, last, updated, created in stories:
            sources = list(dict.fromkeys([s for _, s, _ in rows[sid]] + copies.get(sid, [])))
            out.append(StorySummary(sid, titles[sid], size, sources, iso_day(first), iso_day(last), updated,
                                    created, lede=ledes.get(sid),
                                    latest=None if last is None else float(last) * 86400.0,
                                    reports=size + len(copies.get(sid, [])),
                                    thread=threads.get(sid)))
        return out

    def version(self, story_id: int) -> str:
        """Digest of what a brief of the story depends on: changes whenever the story does."""
        parts = self._reader().version_parts(story_id)
        if parts is None:
            self._moved("story", story_id)
        updated, size, rowids, copies = parts
        return hashlib.sha1(f"{code_key()}|{updated!r}|{size}|{rowids}|{copies}".encode()).hexdigest()[:16]
