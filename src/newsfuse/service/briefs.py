"""Briefs of stored stories, cached per story, word budget and story version (see :mod:`newsfuse.service.core`).

:class:`BriefsMixin` is the brief half of :class:`newsfuse.service.NewsService`: it
needs the service's reader (``_reader``), ``version`` and its memos (:class:`newsfuse.service.memo.Memo`).
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .inputs import readable_label
from .model import NotFound, _Made, anchors, check_words

if TYPE_CHECKING:
    from ..pipeline import BriefOptions

log = logging.getLogger(__name__)

MEMO_BRIEFS = 256  # briefs kept in memory (Brief object + JSON)
MEMO_STORIES = 16  # prepared stories (cleaned texts, sentences, dedup) and facts kept in memory


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """Digest of the code and models a brief is made with (the package's sources and model files), so a
    brief cached by another newsfuse is never served. Computed once per process (a few milliseconds)."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix == ".py" or "models" in path.relative_to(root).parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class BriefsMixin:
    def brief_json(self, story_id: int, words: int) -> str:
        """The story's brief for ``words`` in the ``newsfuse.brief/2`` JSON schema (cached)."""
        return self._made(story_id, words).json

    def brief_json_if_ready(self, story_id: int, words: int) -> str | None:
        """The brief's JSON when it is in memory for the story's current version, else None
        (a version lookup and a dictionary lookup: cheap enough for a server's event loop)."""
        made = self._briefs.get((story_id, check_words(words), self.version(story_id)))
        return made.json if made is not None else None

    def view(self, story_id: int, words: int) -> dict[str, Any]:
        """What the story page shows: the brief (JSON schema data) and, for every brief sentence,
        where each report that says it says it (``anchors``: source number -> [start, end])."""
        made = self._made(story_id, words)
        return {"brief": json.loads(made.json), **made.view}

    def view_if_ready(self, story_id: int, words: int) -> dict[str, Any] | None:
        """:meth:`view` when the brief is already made for the story's current version (in memory
        or in the database's brief cache), else None: nothing is made (a page asked for by
        another site)."""
        words = check_words(words)
        version = self.version(story_id)
        made = self._briefs.get((story_id, words, version)) or self._cached(story_id, words, version)
        return None if made is None else {"brief": json.loads(made.json), **made.view}

    def brief(self, story_id: int, words: int):
        """The Brief object (for the Markdown and HTML renderers)."""
        made = self._made(story_id, words)
        if made.brief is None:  # read back from the database cache: make it again
            made = self._compute(story_id, check_words(words), self.version(story_id))
        return made.brief

    def render(self, story_id: int, fmt: str, options: "BriefOptions | None" = None) -> str:
        """The brief in one of the renderers' formats (``render.FORMATS``), as `options` ask
        (``newsfuse.pipeline.BriefOptions``: words, ranker, selector, facts); with ``facts``, the
        facts section (people, quotes, timeline, figures), as ``newsfuse brief --facts`` writes it.
        Briefs with the default ranker and selector are cached; others are made on each call."""
        from dataclasses import replace

        from ..pipeline import BriefOptions, brief_from_story
        from ..render import check_format, render

        options = (options or BriefOptions()).checked()
        fmt = check_format(fmt)
        default = options.ranker is None and options.selector == "auto"
        if fmt == "json" and default and not options.facts:
            return self.brief_json(story_id, options.words)
        if default:
            brief = self.brief(story_id, options.words)
        else:
            prepared = self._prepare(story_id, self.version(story_id))
            brief = brief_from_story(prepared, replace(options, words=check_words(options.words), facts=False))
        if options.facts:
            brief = replace(brief, facts=self.facts(story_id))
        return render(brief, fmt)

    def facts(self, story_id: int):
        """The story's facts (newsfuse.facts.Facts): made once per story version, whatever the budget
        (in the background when the story page is shown: :meth:`facts_soon`). The facts stage
        loads spaCy: the first call in a process takes a few seconds."""
        version = self.version(story_id)

        def make():
            from ..facts import extract_facts

            prepared = self._prepare(story_id, version)
            return extract_facts(prepared)

        return self._facts.get_or_make((story_id, version), make)

    def facts_soon(self, story_id: int) -> None:
        """Make the story's facts in the background (one worker thread, which also loads spaCy
        once per process) unless they are made or being made for its current version: the story
        page asks for them when it is shown, so "Show the facts" finds them ready."""
        try:
            key = (story_id, self.version(story_id))
        except NotFound:
            return
        with self._lock:
            if self._closed or key in self._facts or key in self._facts_pending:
                return
            self._facts_pending.add(key)
            if self._facts_worker is None:
                self._facts_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfuse-facts")
            worker = self._facts_worker
        worker.submit(self._facts_in_background, story_id, key)

    def _facts_in_background(self, story_id: int, key: tuple) -> None:
        try:
            if not self._closed:
                self.facts(story_id)
        except Exception:  # the page's own request reports it; a background failure only logs
            log.exception("facts of story %s in the background", story_id)
        finally:
            with self._lock:
                self._facts_pending.discard(key)

    def source_text(self, story_id: int, number: int) -> dict[str, Any]:
        """One report of the story as the brief's offsets refer to it (its cleaned text)."""
        prepared = self._prepare(story_id, self.version(story_id))
        if not 1 <= number <= len(prepared.articles):
            raise NotFound(f"story {story_id} has no source {number}")
        ca = prepared.articles[number - 1]
        a = ca.article
        return {"number": number, "article_id": a.id, "label": readable_label(getattr(ca, "outlet", None) or a.source),
                "title": ca.headline or a.title, "url": a.url, "published": a.published, "text": ca.text}

    def _made(self, story_id: int, words: int) -> _Made:
        words = check_words(words)
        version = self.version(story_id)
        # one computation per key, however many ask at once
        return self._briefs.get_or_make((story_id, words, version),
                                        lambda: self._cached(story_id, words, version) or self._compute(story_id, words, version))

    def _cached(self, story_id: int, words: int, version: str) -> _Made | None:
        row = self._reader().cached_brief(story_id, words, version)
        if row is None:
            return None
        made = _Made(None, row[0], json.loads(row[1]))
        self._briefs.put((story_id, words, version), made)
        return made

    def _prepare(self, story_id: int, version: str):
        from ..pipeline import prepare

        key = (story_id, version)
        prepared = self._prepared.get(key)
        if prepared is not None:
            return prepared
        articles = self._reader().articles_of(story_id)
        if not articles:
            raise NotFound(f"no story {story_id}")
        prepared = prepare(articles)
        self._prepared.put(key, prepared)
        return prepared

    def _compute(self, story_id: int, words: int, version: str) -> _Made:
        from ..pipeline import BriefOptions, brief_from_story
        from ..render.json import to_json

        from dataclasses import replace

        prepared = self._prepare(story_id, version)
        # one title everywhere: the story list's (newsfuse.stories.title), not the brief's own guess
        brief = replace(brief_from_story(prepared, BriefOptions(words=words)), title=self.story(story_id).title)
        made = _Made(brief, to_json(brief), {"story_id": story_id, "version": version, "words": words,
                                             "anchors": anchors(prepared, brief)})
        self._briefs.put((story_id, words, version), made)
        try:  # best effort: while a batch holds the write lock the brief is simply not persisted
            self._reader().save_brief(story_id, words, version, made.json, json.dumps(made.view))
            self.briefs_made += 1  # a list page made before it shows its lede from now on
        except Exception:
            pass
        return made
