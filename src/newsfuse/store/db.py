"""Opening a story database (recognising newsfuse's own file, clear errors for every other) and the
one helper every ``IN (...)`` query goes through (:func:`select_in`: SQLite caps bound parameters)."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator, Sequence, TypeVar

T = TypeVar("T")
CACHE_KIB = 131072  # SQLite page cache of a connection (128 MiB; SQLite's default is 2 MiB): a batch inserts
# ~48,000 postings at random places of the index, which re-read pages from the file once the index outgrows it
CHUNK = 500  # values bound in one IN (...) list (SQLite's limit is 999 in old builds)


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def select_in(conn: sqlite3.Connection, sql: str, values: Sequence, params: Sequence = (),
              size: int = CHUNK) -> list[tuple]:
    """Rows of ``sql`` (with ``{in}`` where the list of placeholders goes) for every value, asked
    in chunks of ``size``; ``params`` are bound before the list. Rows come chunk after chunk (an
    ORDER BY holds within a chunk only)."""
    rows: list[tuple] = []
    for part in chunks(list(values), size):
        rows += conn.execute(sql.replace("{in}", ",".join("?" * len(part))), [*params, *part]).fetchall()
    return rows


# ---- whose file is it: PRAGMA application_id marks a newsfuse story database ------------------
APPLICATION_ID = 0x4E465553  # "NFUS", stamped by the first migration step that runs
BUSY_TIMEOUT_S = 30.0  # how long opening or writing waits for another program's lock
_OUR_TABLES = {"stories", "articles", "meta", "analyses", "postings", "copies", "brief_cache",
               "feeds", "feed_items", "fetched_pages", "story_versions", "threads", "redirects"}


class StoreError(RuntimeError):
    """The file given as a story database cannot be used (the message names it and says why)."""


def check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse, without writing anything, a database that is not a newsfuse story database.

    Ours: the newsfuse application id; or (made before the id existed, or new and empty) no id and
    no table but newsfuse's own, with ``stories`` and ``articles`` among them when there are any."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        return
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not name.startswith(("sqlite_", "articles_fts", "briefs_fts"))}
    foreign = sorted(tables - _OUR_TABLES)
    if app_id == 0 and not foreign and (not tables or {"stories", "articles"} <= tables):
        return
    why = f"its tables {', '.join(foreign[:5])}{' ...' if len(foreign) > 5 else ''} are not newsfuse's" \
        if foreign else (f"application id {app_id:#x}" if app_id else "it lacks newsfuse's tables")
    raise StoreError(f"{path} is not a newsfuse story database ({why}); it was left untouched")


def open_db(path: Path) -> sqlite3.Connection:
    """Connect to a story database, refusing (:class:`StoreError`, nothing written) what is not one."""
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a directory")
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: its folder does not exist")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)  # explicit transactions
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {explain(exc)}") from None
    try:
        check_ours(conn, path)  # reads only: a foreign file is never switched to WAL or given tables
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # the index's B-trees stay in memory across batches
        conn.execute("PRAGMA foreign_keys=ON")
        _math_functions(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def check_writable(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse (:class:`StoreError`) a database this process can read but not write.

    SQLite opens a file it may not write read-only, and in WAL mode, when the file's ``-wal`` and
    ``-shm`` exist, reading it works: without this check a server would start and fail every write.
    The check is a real write (the schema version written back unchanged) in a transaction that is
    rolled back; another program holding the write lock (busy) means the file is writable."""
    conn.execute("PRAGMA busy_timeout = 0")  # never wait here: a busy file is a writable one
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise StoreError(f"cannot open database {path}: it is read-only for this process (no permission "
                             "to write the file, its -wal/-shm files or its folder); newsfuse writes "
                             "to its database, so it stops here") from None
        if not ("locked" in str(exc) or "busy" in str(exc)):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


def _math_functions(conn: sqlite3.Connection) -> None:
    """``ln``, used by the importance order (:data:`newsfuse.store.threads.TOP_SCORE`), where this SQLite
    was built without its math functions (they are optional before and after 3.35)."""
    try:
        conn.execute("SELECT ln(2)").fetchone()
    except sqlite3.OperationalError:
        import math

        conn.create_function("ln", 1, lambda x: None if x is None or x <= 0 else math.log(x), deterministic=True)


def explain(exc: sqlite3.Error, waited: float | None = None) -> str:
    """SQLite's error in words a user can act on (``waited``: the busy timeout in seconds)."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return "the file is corrupt or not an SQLite database"
    if "readonly" in text:
        return "the file is read-only (no permission to write it or its folder)"
    if "locked" in text or "busy" in text:
        return f"it is locked by another program (waited {BUSY_TIMEOUT_S if waited is None else waited:g} s)"
    if "unable to open" in text:
        return "no permission to open or create it"
    return text
