"""The polling worker: checks every followed feed on its own schedule and stores what is new.

``Follower(service, interval)`` runs one scheduler thread (started with
:meth:`Follower.start`, stopped with :meth:`Follower.stop`) and a few fetch
threads. The scheduler sleeps until the next feed is due (or until a feed is
added: :meth:`Follower.wake`), hands due feeds to the fetch threads, and
nothing else: an idle server costs no CPU between checks. Each check
(:func:`newsfuse.live.poll.check_feed`) is bounded in time and size; its new
items go through the service like any other batch (cleaned, clustered into
stories, stored once: the store refuses a second copy of a text, and the
feed's item keys stop a re-delivered item before that); then the feed's state
and its next check (:mod:`newsfuse.live.schedule`) are stored. One feed's
failure is recorded on that feed (``last_error``, ``last_status``, consecutive
``failures``) and logged on one line; it never stops the others and never
shows a traceback.

:meth:`Follower.run_once` checks the feeds due now and returns when they are
done (``newsfuse watch --once``, tests).
"""
from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from . import schedule
from .poll import HostGate, check_feed

log = logging.getLogger("newsfuse.live")
FETCH_THREADS = 4
MAX_SLEEP_S = 60.0


class Follower:
    def __init__(self, service, interval: float, *, threads: int = FETCH_THREADS, rng: random.Random | None = None):
        self.service = service
        self.interval = float(interval)
        self.threads = threads
        self.rng = rng or random.Random()
        self.gate = HostGate()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._busy: set[int] = set()
        self._thread: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.stats = {"checks": 0, "not_modified": 0, "failures": 0, "articles_added": 0, "started": None,
                      "last_check": None}

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "Follower":
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="newsfuse-feed")
        self.stats["started"] = time.time()
        self._thread = threading.Thread(target=self._loop, name="newsfuse-follower", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def wake(self) -> None:
        """A feed was added: look at the schedule now instead of at the next due time."""
        self._wake.set()

    def status(self) -> dict:
        with self._lock:
            busy = len(self._busy)
        return {"refresh": self.interval, "running": self._thread is not None and self._thread.is_alive(),
                "checking": busy, **self.stats}

    # ---- scheduling --------------------------------------------------------------------------
    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self._dispatch(time.time())
                wait = self._sleep_time()
            except Exception as exc:  # the database gone away, say: logged, retried later
                log.error("feed worker: %s: %s", type(exc).__name__, exc)
                wait = MAX_SLEEP_S
            self._wake.wait(wait)
            self._wake.clear()

    def _sleep_time(self) -> float:
        due = self.service.next_due()
        if due is None:
            return MAX_SLEEP_S
        return min(MAX_SLEEP_S, max(0.05, due - time.time()))

    def _dispatch(self, now: float) -> int:
        with self._lock:
            free = self.threads * 4 - len(self._busy)  # a short queue: the gate orders requests per host
            busy = set(self._busy)
        if free <= 0:
            return 0
        feeds = [f for f in self.service.due_feeds(now, limit=free + len(busy)) if f.id not in busy][:free]
        for feed in feeds:
            with self._lock:
                self._busy.add(feed.id)
            self._pool.submit(self._run_one, feed)
        return len(feeds)

    def _run_one(self, feed) -> None:
        try:
            self.check(feed)
        finally:
            with self._lock:
                self._busy.discard(feed.id)
            self._wake.set()

    def run_once(self) -> int:
        """Check every feed due now (in parallel, politely) and wait for them; returns how many were checked."""
        feeds = self.service.due_feeds(time.time(), limit=100_000)
        with ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="newsfuse-feed") as pool:
            list(pool.map(self.check, feeds))
        return len(feeds)

    # ---- one feed ----------------------------------------------------------------------------
    def check(self, feed) -> None:
        """Check one feed, store its new items and its state; never raises."""
        service = self.service
        started = time.time()  # a good check's interval counts from here: storing the new items does not delay the next
        try:
            result = check_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified,
                                seen=lambda keys: service.seen_items(feed.id, keys),
                                page_fetched=service.page_fetched, mark_page=service.mark_page,
                                allow_hosts=service.allow_hosts, gate=self.gate)
            added, keys = 0, []
            if result.items:
                outcome = service.add([a for a, _ in result.items])
                # stored: in a story, or kept aside as boilerplate only; a duplicate was stored before
                added = sum(1 for a in outcome.articles if a["status"] != "duplicate")
                keys = [k for _, ks in result.items for k in ks]
            now = time.time()
            failures = 0 if result.ok else feed.failures + 1
            retry = result.retry_after
            if result.held_back and result.ok:
                retry = None
            next_at = schedule.next_check(started if result.ok else now, self.interval, failures, retry, self.rng)
            if result.held_back and result.ok:  # more waiting: come back soon
                next_at = min(next_at, now + min(self.interval, 30.0))
            service.record_check(feed.id, keys, checked=now, status=result.status, error=result.error,
                                 failures=failures, next_check=next_at,
                                 etag=result.etag if result.ok else feed.etag,
                                 last_modified=result.last_modified if result.ok else feed.last_modified,
                                 title=result.title, added=added)
            with self._lock:
                self.stats["checks"] += 1
                self.stats["last_check"] = now
                self.stats["articles_added"] += added
                self.stats["not_modified"] += result.status == 304
                self.stats["failures"] += not result.ok
            if not result.ok:
                log.warning("feed %s (%s): %s; next check %s", feed.id, feed.url, result.error,
                            time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(next_at)))
            elif added or result.problems:
                log.info("feed %s (%s): %d new article(s)%s", feed.id, feed.url, added,
                         "".join(f"; {p.origin}: {p.reason}" for p in result.problems[:3]))
        except Exception as exc:  # storing failed (disk full, database locked...): recorded, not raised
            message = f"internal error: {type(exc).__name__}: {exc}"
            log.error("feed %s (%s): %s", feed.id, feed.url, message)
            try:
                now = time.time()
                service.record_check(feed.id, [], checked=now, status=None, error=message,
                                     failures=feed.failures + 1,
                                     next_check=schedule.next_check(now, self.interval, feed.failures + 1, None, self.rng),
                                     etag=feed.etag, last_modified=feed.last_modified)
            except Exception:
                pass
