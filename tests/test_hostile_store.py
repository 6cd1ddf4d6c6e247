"""Issue 11, class 5: a --db that is not a usable newsfuse story database gets one clear line, exit 1.

Corrupt files, folders, read-only files, a database locked past the wait, and another program's
SQLite file (refused byte for byte untouched) — for `newsfuse stories` and `newsfuse serve`.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from serveproc import CLI, unwritable
from test_stories_data import QUAKE
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.service import core
from newsfuse.store import db as tables
from newsfuse.store import StoryStore


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(QUAKE[:2]):
        (folder / f"q{i}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def stories(inputs, db):
    return CliRunner().invoke(app, ["stories", str(inputs), "--db", str(db), "--no-brief"])


def one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.startswith("newsfuse:")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def foreign_db(path):
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);"
                       "INSERT INTO invoices (total) VALUES (12.5), (99.0);")
    conn.close()
    return path.read_bytes()


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, inputs):
    db = tmp_path / "accounts.db"
    before = foreign_db(db)
    line = one_line_error(stories(inputs, db), str(db), "not a newsfuse story database", "invoices")
    assert "untouched" in line
    assert db.read_bytes() == before
    assert not (tmp_path / "accounts.db-wal").exists()
    conn = sqlite3.connect(db)  # still in its own journal mode, with only its own table
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    conn.close()


def test_a_file_with_newsfuse_table_names_but_another_application_id_is_refused(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.executescript("PRAGMA application_id = 1234; CREATE TABLE stories (x); CREATE TABLE articles (y);")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(tables.StoreError, match="application id"):
        StoryStore(db)
    assert db.read_bytes() == before


def test_our_database_is_marked_and_an_empty_file_becomes_one(tmp_path, inputs):
    db = tmp_path / "new.db"
    db.write_bytes(b"")  # an empty file is an empty SQLite database: ours to set up
    assert stories(inputs, db).exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == tables.APPLICATION_ID
    conn.close()
    again = stories(inputs, db)  # a second run recognises it
    assert again.exit_code == 0, again.output


def test_corrupt_file(tmp_path, inputs):
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database at all\n" * 200)
    before = db.read_bytes()
    one_line_error(stories(inputs, db), str(db), "corrupt or not an SQLite database")
    assert db.read_bytes() == before


def test_a_directory(tmp_path, inputs):
    one_line_error(stories(inputs, tmp_path), str(tmp_path), "is a directory")


def test_missing_folder(tmp_path, inputs):
    one_line_error(stories(inputs, tmp_path / "nowhere" / "s.db"), "folder does not exist")


def test_read_only_file_keeps_its_stories(tmp_path, inputs):
    """A read-only file, in a real process; under root too (the process gives up root's right to write
    any file: ``serveproc.unwritable``)."""
    db = tmp_path / "ro.db"
    with StoryStore(db) as store:  # a newsfuse database, then made read-only
        store.conn.execute("PRAGMA journal_mode=DELETE")
    os.chmod(db, 0o444)
    try:
        before = db.read_bytes()
        done = subprocess.run([*CLI, "stories", str(inputs), "--db", str(db), "--no-brief"], preexec_fn=unwritable,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        lines = [line for line in done.stderr.splitlines() if line.startswith("newsfuse:")]
        assert len(lines) == 1 and str(db) in lines[0] and "read-only" in lines[0], done.stderr
        assert db.read_bytes() == before
    finally:
        os.chmod(db, 0o644)


def test_read_only_database_through_the_cli_even_under_root(tmp_path, inputs, monkeypatch):
    db = tmp_path / "ro.db"
    StoryStore(db).close()
    before = db.read_bytes()
    real_connect = sqlite3.connect
    # what a read-only file gives a non-root user: SQLite opens it read-only
    monkeypatch.setattr(tables.sqlite3, "connect",
                        lambda path, **kw: real_connect(f"file:{path}?mode=ro", uri=True, **kw))
    one_line_error(stories(inputs, db), str(db), "read-only")
    assert db.read_bytes() == before


def test_sqlites_read_only_error_is_explained(tmp_path):
    db = tmp_path / "ro.db"
    StoryStore(db).close()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # what a read-only file gives, even under root
    with pytest.raises(sqlite3.Error) as caught:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert "read-only" in tables.explain(caught.value)


def test_locked_past_the_wait(tmp_path, inputs, monkeypatch):
    db = tmp_path / "busy.db"
    StoryStore(db).close()
    monkeypatch.setattr(tables, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(core, "WRITE_BUSY_MS", 200)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's batch holds the write lock
    holder.execute("INSERT INTO meta (key, value) VALUES ('other', x'00')")
    try:
        one_line_error(stories(inputs, db), str(db), "locked by another program", "0.2 s", "nothing was stored")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with StoryStore(db) as store:
        assert store.count() == (0, 0)
    assert stories(inputs, db).exit_code == 0  # once free, the same run works


def test_the_default_wait_is_long():
    assert tables.BUSY_TIMEOUT_S >= 30 and core.WRITE_BUSY_MS >= 30_000


def test_serve_refuses_a_foreign_file_untouched(tmp_path):
    db = tmp_path / "accounts.db"
    before = foreign_db(db)
    done = subprocess.run([sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "not a newsfuse story database" in done.stderr and str(db) in done.stderr
    assert db.read_bytes() == before


def test_serve_on_a_corrupt_file(tmp_path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"\x00garbage" * 500)
    done = subprocess.run([sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "corrupt or not an SQLite database" in done.stderr
