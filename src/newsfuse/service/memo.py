"""The service's in-memory caches: one bounded, thread-safe LRU map (:class:`Memo`).

The service keeps briefs, prepared stories, facts and story-list pages in
memory; each is a :class:`Memo` of a fixed number of entries, least recently
used first out. :meth:`Memo.get_or_make` computes a missing value once however
many threads ask for it at the same time (the others wait for it), so a page
requested twice at once does not brief the story twice.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """At most ``size`` entries; reading an entry makes it the most recently used."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[K, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is kept (without making it the most recently used)."""
        with self._lock:
            return key in self._data

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value of ``key``, made by ``make()`` (and kept) when missing; one call of
        ``make`` per missing key at a time."""
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            value = self.get(key)
            if value is None:
                value = make()
                self.put(key, value)
            with self._lock:
                self._making.pop(key, None)
            return value

    def drop(self, keep: Callable[[K], bool]) -> None:
        """Forget every entry whose key ``keep`` rejects."""
        with self._lock:
            for key in [k for k in self._data if not keep(k)]:
                del self._data[key]
