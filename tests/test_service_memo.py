"""service.memo.Memo: the one bounded LRU cache of the service (briefs, prepared stories, facts, list pages)."""
from __future__ import annotations

import threading
import time

from newsfuse.service.memo import Memo


def test_least_recently_used_goes_first():
    memo: Memo[str, int] = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "a" is now the most recent
    assert "b" in memo  # looking does not make "b" recent
    memo.put("c", 3)
    assert "b" not in memo
    assert memo.get("b") is None and memo.get("a") == 1 and memo.get("c") == 3
    assert len(memo) == 2


def test_get_or_make_makes_a_missing_value_once_for_concurrent_callers():
    memo: Memo[str, str] = Memo(4)
    calls = []

    def make():
        calls.append(1)
        time.sleep(0.2)
        return "brief"

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get_or_make("k", make))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["brief"] * 5
    assert len(calls) == 1
    assert memo.get_or_make("k", lambda: "other") == "brief"


def test_drop_forgets_the_rejected_keys():
    memo: Memo[tuple, str] = Memo(8)
    for key in [(1, 60), (1, 250), (2, 60)]:
        memo.put(key, str(key))
    memo.drop(lambda key: key[0] != 1)
    assert memo.get((1, 60)) is None and memo.get((1, 250)) is None
    assert memo.get((2, 60)) == "(2, 60)"
