"""Hostile requests against a live `newsfuse serve` (issue 21): time and server memory for each.

    .venv/bin/python bench/hostile_requests.py [--only NAME]

Starts `newsfuse serve --db TMP --refresh 0` on 127.0.0.1 (a free port) in its own process,
sends each request of the security review once, and prints per request the status,
the wall time, the server's peak resident memory while it was answered (sampled every
10 ms with psutil) and whether the server still answers `GET /api/stories` within 5 s
right after. A case fails at a 5xx, past 60 s, past 2 GB, or when the server stops
answering. Nothing is sent anywhere but 127.0.0.1 (the fetch cases name addresses the
fetcher refuses before connecting).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this text")
    args = parser.parse_args()
    port = _free_port()
    tmp = tempfile.mkdtemp(prefix="newsfuse-hostile-")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", f"{tmp}/h.db", "--port", str(port),
                               "--refresh", "0"], env=env, stderr=subprocess.PIPE, text=True)
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
                failed += not ok
                rows.append((name, status, wall, mb, after, "ok" if ok else "FAIL",
                             body[:90].replace("\n", " ") if status >= 400 or not ok else ""))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    print("| request | status | wall s | server peak MB | list after | verdict | answer (errors) |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, status, wall, mb, after, verdict, note in rows:
        print(f"| {name} | {status} | {wall:.2f} | {mb:.0f} | {after} | {verdict} | {note} |")
    print(f"\n{failed} case(s) failed; limits {LIMIT_S:.0f} s and {LIMIT_MB} MB per request; "
          f"total {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
