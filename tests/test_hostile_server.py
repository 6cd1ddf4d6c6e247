"""Issue 21, finding 11: `newsfuse serve` as a process: a database it cannot write is refused at
start, SIGTERM/SIGINT stop it cleanly with the WAL merged, slow clients are cut off.

Every test runs the real command in its own process on 127.0.0.1 over a real SQLite file. The
read-only cases run under root too: the server process gives up root's right to write any file
(``serveproc.unwritable``), and the test checks that it really cannot write before relying on it.
"""
from __future__ import annotations

import resource
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import time

import httpx
import pytest
from serveproc import CLI, Served, free_port, unwritable

from newsfuse.service import NewsService

TEXT = ("The harbour bridge reopened on Monday after two years of repairs, the city council said. "
        "Engineers had replaced the steel cables and the deck. The first buses crossed at dawn.")


@pytest.fixture
def readonly_db(tmp_path_factory):
    """A newsfuse database with its -wal and -shm files, in a folder, all read-only to the server."""
    work = tmp_path_factory.mktemp("ro")
    source = work / "live.db"
    folder = work / "archive"
    folder.mkdir()
    with NewsService(source) as service:
        service.add_objects([{"title": "Bridge reopens", "text": TEXT}])
        holder = sqlite3.connect(source)  # keeps the WAL: copied as a server would leave it mid-run
        holder.execute("SELECT COUNT(*) FROM articles").fetchone()
        for name in ("live.db", "live.db-wal", "live.db-shm"):
            shutil.copy(work / name, folder / name.replace("live", "stories"))
        holder.close()
    db = folder / "stories.db"
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    probe = subprocess.run([*CLI[:1], "-c", f"open({str(db)!r}, 'r+b')"], preexec_fn=unwritable,
                           capture_output=True, text=True)
    assert probe.returncode != 0 and "Permission denied" in probe.stderr, "the setup must make the file unwritable"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(before) == {"stories.db", "stories.db-wal", "stories.db-shm"}
    yield db, before
    folder.chmod(0o755)


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("command", [["serve", "--refresh", "0", "--port", "0"], ["stories", "--no-brief"]])
def test_a_database_the_process_cannot_write_is_refused_at_start(readonly_db, tmp_path, command):
    db, before = readonly_db
    extra = [] if command[0] == "serve" else [str(tmp_path / "in.txt")]
    (tmp_path / "in.txt").write_text(TEXT + "\n", encoding="utf-8")
    try:
        done = subprocess.run([*CLI, *command, *extra, "--db", str(db)], preexec_fn=unwritable,
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the server started on a database it cannot write (every write would be a 500)")
    assert done.returncode == 1, done.stderr
    line = _one_line(done.stderr)
    assert line.startswith("newsfuse: ") and str(db) in line and "read-only" in line, line
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before


def _articles_in_file_alone(db, tmp_path) -> int:
    """Articles in a copy of the database file without its -wal (what the file itself holds)."""
    alone = tmp_path / "alone" / "copy.db"
    alone.parent.mkdir()
    shutil.copy(db, alone)
    conn = sqlite3.connect(alone)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _add_then_stop(server: Served, db, tmp_path, sig) -> None:
    """Add an article (it lands in the WAL), send ``sig``: exit 0, the WAL merged into the file."""
    added = httpx.post(f"{server.url}/api/articles", json={"title": "Bridge reopens", "text": TEXT}, timeout=60)
    assert added.status_code == 200 and added.json()["articles"][0]["status"] == "added"
    wal = db.with_name(db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the article is in the log, not yet in the file
    code, err = server.stop(sig)
    assert code == 0, err
    assert "Traceback" not in err
    assert f"{sig.name} received: stopped" in err
    assert not wal.exists() or wal.stat().st_size == 0
    assert _articles_in_file_alone(db, tmp_path) == 1


def test_sigterm_stops_the_server_and_its_feed_worker_cleanly_with_the_wal_merged(tmp_path):
    db = tmp_path / "stories.db"
    with Served("--db", str(db), "--refresh", "1") as server:
        feeds = httpx.get(f"{server.url}/api/feeds", timeout=10).json()
        assert feeds["worker"]["running"] is True
        _add_then_stop(server, db, tmp_path, signal.SIGTERM)


def _slow_start(url_port: int, data: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", url_port), timeout=10)
    s.sendall(data)
    return s


def _closed_after(s: socket.socket, trickle: bytes = b"", every: float = 0.2, limit: float = 15.0) -> tuple[float, bytes]:
    """Seconds until the server closes ``s`` (sending a byte of ``trickle`` every ``every`` s meanwhile),
    and what it answered."""
    start, got, i = time.monotonic(), b"", 0
    while time.monotonic() - start < limit:
        readable, _, _ = select.select([s], [], [], every)
        if readable:
            try:
                chunk = s.recv(4096)
            except ConnectionResetError:  # closed with our last byte unread: the kernel sends a reset
                return time.monotonic() - start, got
            if not chunk:
                return time.monotonic() - start, got
            got += chunk
            continue
        if i < len(trickle):
            try:
                s.send(trickle[i:i + 1])
            except OSError:
                return time.monotonic() - start, got
            i += 1
    return time.monotonic() - start, got


def _response(s: socket.socket) -> bytes:
    """One whole HTTP response (headers, then Content-Length bytes of body) read from ``s``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        assert chunk, f"closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:"))
    while len(body) < length:
        chunk = s.recv(65536)
        assert chunk
        body += chunk
    return head + b"\r\n\r\n" + body


def _few_files():
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))


def test_slow_clients_are_cut_off_and_do_not_hold_the_server(tmp_path):
    db = tmp_path / "stories.db"
    # the server starts with 64 open files allowed: 150 slow connections would exhaust them
    with Served("--db", str(db), "--refresh", "0", "--header-timeout", "1", "--body-timeout", "1",
                preexec_fn=_few_files) as server:
        slow = [_slow_start(server.port, b"GET /api/stories HTTP/1.1\r\nHost: 127") for _ in range(150)]
        try:
            began = time.monotonic()
            answer = httpx.get(f"{server.url}/api/stories", timeout=10)
            assert answer.status_code == 200
            waited = time.monotonic() - began
            assert waited < 5, f"a normal request waited {waited:.1f} s behind 150 slow connections"
            # headers trickled a byte at a time: the connection is closed within the limit, with a 408
            trickler = _slow_start(server.port, b"GET / HTTP/1.1\r\n")
            seconds, said = _closed_after(trickler, b"Host: 127.0.0.1\r\nX-Slow: " + b"y" * 200)
            assert 0.8 <= seconds < 6, seconds
            assert said == b"" or said.startswith(b"HTTP/1.1 408"), said  # b"": the 408 lost to a reset
            # a body trickled a byte at a time after complete headers: the same
            body = _slow_start(server.port, b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{")
            seconds, said = _closed_after(body, b'"text": "' + b"z" * 400)
            assert 0.8 <= seconds < 6, seconds
            assert said == b"" or said.startswith(b"HTTP/1.1 408"), said
            for s in slow:  # the first slow connections were closed by the server as well, with a 408
                s.settimeout(10)
                assert s.recv(4096).startswith(b"HTTP/1.1 408")
        finally:
            for s in slow:
                s.close()
        # a kept-alive connection idle for longer than the header limit is still served
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            request = b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            s.sendall(request)
            assert _response(s).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)
            s.sendall(request)
            assert _response(s).startswith(b"HTTP/1.1 200")
        _add_then_stop(server, db, tmp_path, signal.SIGINT)  # Ctrl-C: the same clean stop as SIGTERM


def test_timeouts_must_be_positive():
    done = subprocess.run([*CLI, "serve", "--demo", "--header-timeout", "0", "--port", str(free_port())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--header-timeout" in done.stderr


def test_the_server_raises_its_open_files_limit():
    """In a process started with 64 open files allowed (this test's own process keeps its limit)."""
    from newsfuse.web.limits import MAX_CONNECTIONS, SPARE_FILES

    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    code = ("import resource; from newsfuse.web.limits import raise_open_files; "
            "print(resource.getrlimit(resource.RLIMIT_NOFILE)[0], raise_open_files(), "
            "resource.getrlimit(resource.RLIMIT_NOFILE)[0])")
    done = subprocess.run([CLI[0], "-c", code], preexec_fn=_few_files, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    before, said, after = map(int, done.stdout.split())
    want = MAX_CONNECTIONS + SPARE_FILES if hard == resource.RLIM_INFINITY else min(hard, MAX_CONNECTIONS + SPARE_FILES)
    assert before == 64 and said == after == want
