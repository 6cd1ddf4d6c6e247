"""Hostile requests against a live `newsfuse serve` (issue 21): time and server memory for each.

    .venv/bin/python bench/hostile_requests.py [--only NAME]

Starts `newsfuse serve --db TMP --refresh 0` on 127.0.0.1 (a free port) in its own process,
sends each request of the security review once, and prints per request the status,
the wall time, the server's peak resident memory while it was answered (sampled every
10 ms with psutil) and whether the server still answers `GET /api/stories` within 5 s
right after. A case fails at a 5xx, past 60 s, past 2 GB, or when the server stops
answering. Nothing is sent anywhere but 127.0.0.1 (the fetch cases name addresses the
fetcher refuses before connecting).

Then the cases that need more than one request (finding 11):

* **slowloris**: 1,200 connections that send part of their headers and then a byte a second;
  a normal `GET /api/stories` is timed while they are held, and the time until the server has
  closed every one of them (header deadline 10 s, the default);
* **slow body**: a POST whose headers are complete and whose body comes a byte a second
  (the server runs with `--body-timeout 20` here, to keep the run short; the default is 60 s);
* **read-only database**: `newsfuse serve` started on a database (with its -wal and -shm) that
  the process may read but not write (under root: without the capabilities that let root write
  any file): exit status, time, the line it prints;
* **SIGTERM**: the server stopped with SIGTERM after the run: exit status, time, and the size of
  the write-ahead log left (0: merged into the database file).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import selectors
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
BIG = 2**63
LIMIT_S, LIMIT_MB = 60.0, 2048


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _text(words: int) -> str:
    base = ("The council voted on Monday to rebuild the old harbour bridge after the storm. "
            "Engineers said the work would take two years and cost four million euros. ")
    return (base * (words // 25 + 1))[: words * 6]


def cases():
    """(name, method, path, keyword arguments for httpx, follow-up GET path or None)."""
    dashes = {"title": "Dashes", "text": _text(60) + "\n\n" + "-" * 60_000 + "\n\n" + _text(60)}
    yield "60,000 dashes: add", "POST", "/api/articles", {"json": dashes}, None
    yield "60,000 dashes: brief", "GET", "/api/stories/{last}", {}, None
    yield "60,000 dashes: facts", "GET", "/api/stories/{last}?facts=true", {}, None
    yield "far-future date 9999-12-31T23:59:59-23:59", "POST", "/api/articles", {
        "json": {"title": "Future", "text": _text(80), "published": "9999-12-31T23:59:59-23:59"}}, "/api/stories"
    yield "title of 5 MB", "POST", "/api/articles", {"json": {"title": "T" * 5_000_000, "text": _text(80)}}, "/"
    yield "5,000 tiny articles in one list", "POST", "/api/articles", {"json": [{"text": f"x{i}"} for i in range(5000)]}, None
    yield "JSON nested 100,000 deep", "POST", "/api/articles", {
        "content": b"[" * 100_000 + b"]" * 100_000, "headers": {"Content-Type": "application/json"}}, None
    yield "story id 2^63", "GET", f"/api/stories/{BIG}", {}, None
    yield "offset 2^63", "GET", f"/api/stories?offset={BIG}", {}, None
    yield "source number 2^63", "GET", f"/api/stories/1/sources/{BIG}", {}, None
    yield "lone surrogate in a fetch URL", "POST", "/api/fetch", {
        "content": b'{"urls": ["http://news.example/\\ud800"]}', "headers": {"Content-Type": "application/json"}}, None
    yield "fetch NAT64 of 169.254.169.254", "POST", "/api/fetch", {"json": {"urls": ["http://[64:ff9b::a9fe:a9fe]/"]}}, None
    yield "fetch 6to4 of 127.0.0.1", "POST", "/api/fetch", {"json": {"urls": ["http://[2002:7f00:1::]/"]}}, None
    yield "fetch IPv4-compatible ::127.0.0.1", "POST", "/api/fetch", {"json": {"urls": ["http://[::127.0.0.1]/"]}}, None
    yield "fetch 100.64.0.1 (shared space)", "POST", "/api/fetch", {"json": {"urls": ["http://100.64.0.1/"]}}, None
    yield "POST with Sec-Fetch-Site: cross-site", "POST", "/api/articles", {
        "json": {"text": _text(80)}, "headers": {"Sec-Fetch-Site": "cross-site"}}, None
    yield "cross-site GET of a brief", "GET", "/api/stories/1", {"headers": {"Origin": "http://evil.example"}}, None
    yield "Host: evil.example (DNS rebinding)", "GET", "/api/stories", {"headers": {"Host": "evil.example"}}, None
    yield "PUT /api/stories (405)", "PUT", "/api/stories", {}, None
    linked = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    yield "link from another site to a story page (brief not made)", "GET", "/stories/{last}?words=333", {
        "headers": linked}, None
    yield "link from another site with facts=true", "GET", "/stories/{last}?words=334&facts=true", {
        "headers": linked}, None
    yield "another site's iframe of a story page", "GET", "/stories/{last}", {
        "headers": {**linked, "Sec-Fetch-Dest": "iframe"}}, None


class Peak:
    """Peak resident memory of a process (and its children), sampled on a thread."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        try:
            return self.proc.memory_info().rss + sum(c.memory_info().rss for c in self.proc.children(recursive=True))
        except psutil.Error:
            return 0

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.01)

    def __enter__(self):
        self.peak = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


HEADER_TIMEOUT_S, BODY_TIMEOUT_S = 10, 20  # the server's default header deadline; a shorter body one


def slowloris(port: int, pid: int, n: int = 1200) -> tuple:
    """n connections trickling their headers; a normal GET timed meanwhile; when the server closed them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 200), hard))
    sel = selectors.DefaultSelector()
    timeouts, errors = 0, 0
    with Peak(pid) as peak:
        t0 = time.monotonic()
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        opened = time.monotonic() - t0
        t1 = time.monotonic()
        try:
            status = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=60).status_code
        except httpx.HTTPError:
            status = 0
        normal = time.monotonic() - t1
        last_byte = time.monotonic()
        while sel.get_map() and time.monotonic() - t0 < HEADER_TIMEOUT_S + 50:
            for key, _ in sel.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(4096)
                except OSError:
                    data, errors = b"", errors + 1
                timeouts += data.startswith(b"HTTP/1.1 408")
                sel.unregister(key.fileobj)
                key.fileobj.close()
            if time.monotonic() - last_byte >= 1:  # a byte a second on every connection still open
                last_byte = time.monotonic()
                for key in list(sel.get_map().values()):
                    try:
                        key.fileobj.send(b"y")
                    except OSError:
                        pass
        closed = time.monotonic() - t0
        left = len(sel.get_map())
        for key in list(sel.get_map().values()):
            key.fileobj.close()
    ok = status == 200 and normal < 5 and left == 0 and closed <= HEADER_TIMEOUT_S + 10
    note = (f"{n} connections opened in {opened:.1f} s; GET /api/stories meanwhile {normal:.2f} s; every one closed "
            f"by the server {closed:.1f} s after the first opened ({timeouts} with a 408, {errors} reset); {left} left")
    return f"{n} slow connections (slowloris), header deadline {HEADER_TIMEOUT_S} s", status, normal, peak.peak, ok, note


def slow_body(port: int, pid: int) -> tuple:
    """A POST whose body comes a byte a second: closed after the body deadline; a GET meanwhile."""
    with Peak(pid) as peak:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100000\r\n\r\n{")
        t0 = time.monotonic()
        got, get_s, status = b"", None, 0
        while time.monotonic() - t0 < BODY_TIMEOUT_S + 20:
            readable, _, _ = __import__("select").select([s], [], [], 1.0)
            if readable:
                try:
                    chunk = s.recv(4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                got += chunk
                continue
            if get_s is None:
                t1 = time.monotonic()
                status = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=30).status_code
                get_s = time.monotonic() - t1
            try:
                s.send(b"z")
            except OSError:
                break
        closed = time.monotonic() - t0
        s.close()
    ok = status == 200 and BODY_TIMEOUT_S - 1 <= closed <= BODY_TIMEOUT_S + 5
    note = (f"closed by the server after {closed:.1f} s ({got[:12].decode('latin-1') or 'no answer'}); "
            f"GET /api/stories meanwhile {get_s or 0:.2f} s")
    return f"slow body (a byte a second), body deadline {BODY_TIMEOUT_S} s", status, closed, peak.peak, ok, note


def _unwritable() -> None:
    """preexec_fn: under root, drop CAP_DAC_OVERRIDE and CAP_FOWNER (root then obeys file modes)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 3):
            libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP


def read_only_start(db: Path, env: dict) -> tuple:
    """`newsfuse serve` on a copy of ``db`` (with -wal/-shm) in a folder it may not write."""
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-ro-"))
    live = sqlite3.connect(db)  # keeps the -wal and -shm while they are copied
    live.execute("SELECT COUNT(*) FROM articles").fetchone()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", folder / f"ro.db{suffix}")
    live.close()
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", str(folder / "ro.db"), "--port",
                             str(_free_port()), "--refresh", "0"], env=env, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_unwritable)
    with Peak(proc.pid) as peak:
        try:
            _, err = proc.communicate(timeout=LIMIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    wall = time.monotonic() - t0
    folder.chmod(0o755)
    lines = [line for line in err.splitlines() if line.strip()]
    ok = proc.returncode == 1 and len(lines) == 1 and "read-only" in lines[0]
    return ("serve on a read-only database with -wal/-shm (exit status)", proc.returncode, wall, peak.peak, ok,
            (lines[0] if len(lines) == 1 else f"{len(lines)} lines")[:160])


def sigterm(server: subprocess.Popen, db: Path) -> tuple:
    t0 = time.monotonic()
    with Peak(server.pid) as peak:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(LIMIT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    wall = time.monotonic() - t0
    wal = Path(f"{db}-wal")
    size = wal.stat().st_size if wal.exists() else 0
    ok = server.returncode == 0 and size == 0
    return ("SIGTERM to the server (exit status)", server.returncode, wall, peak.peak, ok,
            f"write-ahead log left: {size} bytes" + ("" if wal.exists() else " (removed)"))


def _after(client: httpx.Client) -> str:
    try:
        return str(client.get("/api/stories", timeout=5).status_code)
    except httpx.HTTPError:
        return "timeout"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this text")
    args = parser.parse_args()
    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="newsfuse-hostile-")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", f"{tmp}/h.db", "--port", str(port),
                               "--refresh", "0", "--body-timeout", str(BODY_TIMEOUT_S)], env=env,
                              stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    failed = 0
    rows = []
    try:
        with httpx.Client(base_url=base, timeout=LIMIT_S + 30) as client:
            until = time.monotonic() + 60
            while True:
                try:
                    client.get("/api/stories", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > until or server.poll() is not None:
                        print("the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            last = 1
            started = time.monotonic()
            for name, method, path, kwargs, follow in cases():
                if args.only and args.only not in name:
                    continue
                path = path.replace("{last}", str(last))
                with Peak(server.pid) as peak:
                    t0 = time.monotonic()
                    try:
                        r = client.request(method, path, **kwargs)
                        status, body = r.status_code, r.text
                    except httpx.HTTPError as exc:
                        status, body = 0, f"{type(exc).__name__}: {exc}"
                    wall = time.monotonic() - t0
                if status == 200 and path == "/api/articles" and method == "POST":
                    stories = json.loads(body).get("stories") or [{}]
                    last = stories[0].get("id", last)
                after = "-"
                for check in [follow, "/api/stories"] if follow else ["/api/stories"]:
                    try:
                        after = str(client.get(check, timeout=5).status_code)
                    except httpx.HTTPError:
                        after = "timeout"
                    if after != "200":
                        break
                mb = peak.peak / 2**20
                ok = 0 < status < 500 and wall <= LIMIT_S and mb <= LIMIT_MB and after == "200"
                if "another site" in name:  # made nothing: the 'Open it here' page, or refused
                    problem = body.split('class="problem">', 1)[-1].split("<", 1)[0]
                    note = "Open it here page (nothing made)" if "Open it here" in body else problem[:90]
                    ok = ok and ("Open it here" in body or status == 403)
                else:
                    note = body[:90].replace("\n", " ") if status >= 400 or not ok else ""
                failed += not ok
                rows.append((name, status, wall, mb, after, "ok" if ok else "FAIL", note))
            more = []
            if not args.only or "slow" in args.only:
                more += [slowloris(port, server.pid), slow_body(port, server.pid)]
            if not args.only or "read-only" in args.only:
                more.append(read_only_start(Path(tmp) / "h.db", env))
            for name, status, wall, peak_bytes, ok, note in more:
                after = _after(client)
                ok = ok and after == "200"
                failed += not ok
                rows.append((name, status, wall, peak_bytes / 2**20, after, "ok" if ok else "FAIL", note))
    finally:
        if server.poll() is None:
            name, status, wall, peak_bytes, ok, note = sigterm(server, Path(tmp) / "h.db")
            failed += not ok
            rows.append((name, status, wall, peak_bytes / 2**20, "-", "ok" if ok else "FAIL", note))
    print("| request | status | wall s | server peak MB | list after | verdict | answer (errors) |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, status, wall, mb, after, verdict, note in rows:
        print(f"| {name} | {status} | {wall:.2f} | {mb:.0f} | {after} | {verdict} | {note} |")
    print(f"\n{failed} case(s) failed; limits {LIMIT_S:.0f} s and {LIMIT_MB} MB per request; "
          f"total {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
