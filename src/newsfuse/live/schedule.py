"""When a followed feed is checked next: pure functions of the last check's outcome.

* a good check (200 or 304): after the refresh interval, shortened by up to
  :data:`JITTER` at random so many feeds added at once spread out and a change
  is still seen within one interval;
* a failed one: the interval doubled for each consecutive failure (at least
  :data:`MIN_RETRY_S`), and after :data:`DAILY_AFTER` failures in a row once a
  day (a feed answering 404 for weeks costs one request a day);
* a server that says when to come back (Retry-After with 429/503, or any status)
  is not asked before then (at most :data:`MAX_WAIT_S` ahead).
"""
from __future__ import annotations

import random

DAY_S = 86400.0
JITTER = 0.2
MIN_RETRY_S = 60.0
DAILY_AFTER = 8
MAX_WAIT_S = 7 * DAY_S


def next_check(now: float, interval: float, failures: int, retry_after: float | None = None,
               rng: random.Random | None = None) -> float:
    """The time of the next check. ``failures``: consecutive failed checks, counting this one (0 after a
    good check); ``retry_after``: seconds the server asked us to wait, if it did."""
    rng = rng or random
    if failures <= 0:
        delay = interval * (1.0 - JITTER * rng.random())
    elif failures >= DAILY_AFTER:
        delay = DAY_S
    else:
        delay = min(DAY_S, max(MIN_RETRY_S, interval) * 2 ** (failures - 1)) * (1.0 - JITTER / 2 * rng.random())
    if retry_after is not None:
        delay = max(delay, min(float(retry_after), MAX_WAIT_S))
    return now + delay
