"""The story database: the one owner of its schema, its migrations and every SQL statement.

Layers: ``store`` sits above the pure stages it persists (``ingest`` for
:class:`~newsfuse.ingest.Article`, ``stories`` for clustering) and below
``service``; nothing here imports ``service``, ``web`` or ``cli``, and no module
outside this package writes SQL (they call :class:`StoryStore` methods).

* :mod:`.db`: opening a file (newsfuse's own, clear errors for any other) and
  :func:`~newsfuse.store.db.select_in`, the one way to query an ``IN (...)`` list
  (chunked: SQLite caps bound parameters);
* :mod:`.schema`: every table as SQL and the ordered :data:`~newsfuse.store.schema.MIGRATIONS`;
* :mod:`.store`: :class:`StoryStore`, adding batches of articles to stories;
* :mod:`.terms`: the clustering state (corpus statistics, candidate index);
* :mod:`.queries`: what the service reads and writes (lists, search, deletes, brief cache).

Adding a table (or a column, an index, a trigger)
-------------------------------------------------
1. In :mod:`.schema`, write the SQL as a new constant (``V5_FEEDS = \"\"\"CREATE TABLE feeds (...);\"\"\"``)
   and APPEND it to ``MIGRATIONS``. It becomes schema version ``len(MIGRATIONS)``; every database is
   brought to it, in one transaction, the next time it is opened. A step may instead be a function
   taking the connection (for a backfill: see ``_backfill_v2``). Never edit, reorder or remove a
   released step: databases in the field have run it. Two branches adding steps at once: the one
   that lands second renumbers its step by putting it after the other's.
2. Add the table's name to ``_OUR_TABLES`` in :mod:`.db` (how a newsfuse file is recognised).
   A table that refers to ``articles`` or ``stories`` should say what happens when they are deleted
   (``ON DELETE CASCADE``; foreign keys are on), or :meth:`ServiceQueries.delete_story` must delete it.
3. Put its reads and writes in a module of this package (a small mixin like :mod:`.queries`, added
   to :class:`StoryStore`'s bases, when there are more than a few), as methods with plain Python
   arguments and results. Use :func:`~newsfuse.store.db.select_in` for any ``IN (...)`` list and
   :meth:`ServiceQueries.transaction` for writes that must happen together.
4. Test the new step on a database made by the previous version (see tests/test_stories_schema.py).
"""
from __future__ import annotations

from .db import StoreError
from .schema import MIGRATIONS, SCHEMA_VERSION, migrate
from .store import AddResult, StoryStore

__all__ = ["StoryStore", "AddResult", "StoreError", "MIGRATIONS", "SCHEMA_VERSION", "migrate"]
