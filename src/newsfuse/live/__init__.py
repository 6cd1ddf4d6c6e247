"""Following feeds over time: the polling worker of ``newsfuse serve --refresh`` and ``newsfuse watch``.

* :mod:`newsfuse.live.schedule`: when a feed is checked next (interval, jitter, backoff, Retry-After);
* :mod:`newsfuse.live.poll`: one check of one feed (conditional GET, new items only, teaser pages);
* :mod:`newsfuse.live.worker`: the :class:`~newsfuse.live.worker.Follower` thread that runs the checks;
* :mod:`newsfuse.live.opml`: subscription lists in and out;
* :mod:`newsfuse.live.out`: the stories as Atom and JSON Feed.
"""
