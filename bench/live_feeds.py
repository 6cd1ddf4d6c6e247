"""Following many feeds: `newsfuse serve --refresh` against a local site of FEEDS feeds x ITEMS items.

The feed site runs in this process on 127.0.0.1 (ETag/Last-Modified, 304 for an
unchanged feed); `newsfuse serve --db TMP --refresh R --allow-host 127.0.0.1` runs
as its own process, so the CPU figures are the server's alone. Nothing but
127.0.0.1 is contacted. Phases:

1. follow: every feed subscribed through POST /api/feeds/opml; the first check of
   all of them (FEEDS x ITEMS new articles) is timed;
2. changes: for --minutes, every --change-every seconds a few random feeds get a
   new item (written for the bench: generated sentences); for each change, the
   delay until the server's first request that got the changed feed (from the
   site's request log), against the refresh interval;
3. idle: --idle seconds with no change; the server's CPU time (from
   /proc/PID/stat) over that window, as a share of one core;
4. the database: articles stored vs items published, and any item (feed + guid) stored
   twice.

  .venv/bin/python bench/live_feeds.py                         # 200 x 50, --refresh 60, 10 minutes of changes
  .venv/bin/python bench/live_feeds.py --minutes 4 --idle 120  # shorter
"""
from __future__ import annotations

import argparse
import email.utils
import hashlib
import http.server
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import httpx

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")

PLACES = ["Ashford", "Brenton", "Calder", "Dunmore", "Elsworth", "Fairholm", "Glenrock", "Harwick", "Ivybridge",
          "Kelso", "Larkhill", "Marden", "Northam", "Oakley", "Penrith", "Quarry Bay", "Redwater", "Stanmore"]
THINGS = ["bridge", "hospital wing", "school roof", "water main", "rail line", "harbour wall", "power station",
          "library", "ferry service", "bus depot", "flood barrier", "market hall", "airport runway", "tram route"]
EVENTS = ["reopened", "was closed", "was damaged by a storm", "won new funding", "was sold", "failed an inspection",
          "was expanded", "was rebuilt", "went on strike", "was evacuated"]
PEOPLE = ["the mayor", "council officials", "the regional minister", "union leaders", "local residents",
          "the operator", "engineers", "police", "the health board", "business owners"]


def item_text(rng: random.Random, n: int) -> tuple[str, str]:
    place, thing, event = rng.choice(PLACES), rng.choice(THINGS), rng.choice(EVENTS)
    who, other = rng.sample(PEOPLE, 2)
    title = f"{place} {thing} {event}"
    sentences = [f"The {thing} in {place} {event} on {rng.choice(['Monday', 'Tuesday', 'Friday', 'Sunday'])}, "
                 f"{who} said.",
                 f"{who.capitalize()} said {rng.randint(2, 900)} people were affected in {place}.",
                 f"{other.capitalize()} called for a review of the {thing} and its costs.",
                 f"A report on the {thing} is due in {rng.randint(2, 11)} weeks, according to {other}.",
                 f"Record {n} of the bench feed was filed at {rng.randint(1, 12)} o'clock."]
    return title, " ".join(sentences)


class Site:
    def __init__(self, feeds: int, items: int, seed: int = 7):
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.items: dict[int, list[tuple[str, str, str, str]]] = {}
        self.docs: dict[str, tuple[bytes, str]] = {}
        self.log: list[tuple[float, str, int]] = []  # (time, path, status)
        self.serial = 0
        for f in range(feeds):
            self.items[f] = []
            for _ in range(items):
                self._new_item(f)
            self._render(f)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _new_item(self, f: int) -> None:
        self.serial += 1
        title, text = item_text(self.rng, self.serial)
        self.items[f].insert(0, (f"bench-{self.serial}", title, text, f"http://news.invalid/{f}/{self.serial}"))

    def _render(self, f: int) -> None:
        now = email.utils.formatdate(time.time(), usegmt=True)
        parts = [f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench feed {f}</title>"
                 "<link>http://news.invalid/</link><description>bench</description>"]
        for guid, title, text, link in self.items[f][:50]:
            parts.append(f"<item><guid>{guid}</guid><title>{escape(title)}</title>"
                         f"<pubDate>{now}</pubDate><description>{escape(text)}</description></item>")
        parts.append("</channel></rss>")
        body = "".join(parts).encode()
        self.docs[f"/feed/{f}.xml"] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')

    def change(self, f: int) -> float:
        with self.lock:
            self._new_item(f)
            self._render(f)
            return time.time()

    def published(self) -> int:
        return self.serial

    def _handler(self):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    doc = site.docs.get(self.path)
                if doc is None:
                    status, body, etag = 404, b"", None
                elif self.headers.get("If-None-Match") == doc[1]:
                    status, body, etag = 304, b"", doc[1]
                else:
                    status, body, etag = 200, doc[0], doc[1]
                self.send_response(status)
                if etag:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
                with site.lock:
                    site.log.append((time.time(), self.path, status))

        return Handler


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--refresh", type=int, default=60)
    ap.add_argument("--minutes", type=float, default=10.0, help="length of the changes phase")
    ap.add_argument("--change-every", type=float, default=20.0)
    ap.add_argument("--changes", type=int, default=3, help="feeds changed each time")
    ap.add_argument("--idle", type=float, default=180.0, help="seconds without changes for the CPU figure")
    args = ap.parse_args()

    print(f"site: {args.feeds} feeds x {args.items} items; server: --refresh {args.refresh}", flush=True)
    site = Site(args.feeds, args.items)
    tmp = tempfile.TemporaryDirectory(prefix="newsfuse-live-bench-")
    db = Path(tmp.name) / "live.db"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = open(Path(tmp.name) / "server.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port),
                             "--refresh", str(args.refresh), "--allow-host", "127.0.0.1"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        until = time.time() + 120
        while True:
            try:
                httpx.get(base + "/api/feeds", timeout=5)
                break
            except httpx.HTTPError:
                if time.time() > until or proc.poll() is not None:
                    raise SystemExit("server did not start")
                time.sleep(0.3)
        opml = "<opml version='2.0'><body>" + "".join(
            f"<outline type='rss' text='f{f}' xmlUrl='{site.url}/feed/{f}.xml'/>" for f in range(args.feeds)) \
            + "</body></opml>"
        t0 = time.time()
        r = httpx.post(base + "/api/feeds/opml", content=opml.encode(), timeout=120)
        print(f"1. follow: {len(r.json()['added'])} feeds subscribed (HTTP {r.status_code})", flush=True)
        while True:
            feeds = httpx.get(base + "/api/feeds", timeout=60).json()["feeds"]
            done = sum(1 for f in feeds if f["last_checked"])
            if done == len(feeds):
                break
            time.sleep(2)
        first = time.time() - t0
        added = sum(f["articles_added"] for f in feeds)
        errors = [f for f in feeds if f["last_error"]]
        print(f"   first check of all feeds: {first:.1f} s, {added} articles added, {len(errors)} feeds with an "
              f"error{(': ' + errors[0]['last_error']) if errors else ''}", flush=True)

        changes: list[tuple[int, float]] = []
        end = time.time() + args.minutes * 60
        rng = random.Random(11)
        while time.time() < end:
            for f in rng.sample(range(args.feeds), args.changes):
                changes.append((f, site.change(f)))
            time.sleep(args.change_every)
        settle = time.time() + args.refresh + 15  # the last changes get one interval to be seen
        while time.time() < settle:
            time.sleep(1)

        c0, w0 = cpu_seconds(proc.pid), time.time()
        with site.lock:
            polls_before = len(site.log)
        time.sleep(args.idle)
        c1, w1 = cpu_seconds(proc.pid), time.time()
        with site.lock:
            idle_log = site.log[polls_before:]

        with site.lock:
            log_copy = list(site.log)
        delays = []
        missed = 0
        for f, at in changes:
            path = f"/feed/{f}.xml"
            seen = next((t for t, p, status in log_copy if p == path and t >= at and status == 200), None)
            if seen is None:
                missed += 1
            else:
                delays.append(seen - at)
        delays.sort()
        within = sum(1 for d in delays if d <= args.refresh)
        print(f"2. changes: {len(changes)} over {args.minutes:g} min; fetched after: median "
              f"{delays[len(delays) // 2] if delays else float('nan'):.1f} s, max {max(delays) if delays else float('nan'):.1f} s; "
              f"{within}/{len(changes)} within one interval ({args.refresh} s); {missed} never fetched", flush=True)
        idle_requests = len(idle_log)
        not_modified = sum(1 for _, _, s in idle_log if s == 304)
        print(f"3. idle {w1 - w0:.0f} s: server CPU {c1 - c0:.2f} s = {100 * (c1 - c0) / (w1 - w0):.2f} % of one core; "
              f"{idle_requests} feed requests, {not_modified} answered 304", flush=True)
        feeds = httpx.get(base + "/api/feeds", timeout=60).json()["feeds"]
        print(f"   feeds with an error now: {sum(1 for f in feeds if f['last_error'])}", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    conn = sqlite3.connect(str(db))
    stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    copies = conn.execute("SELECT COUNT(*) FROM copies").fetchone()[0]
    twice = conn.execute("SELECT COUNT(*) FROM (SELECT origin FROM articles GROUP BY origin HAVING COUNT(*) > 1)").fetchone()[0]
    stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    conn.close()
    log.seek(0)
    tracebacks = log.read().count("Traceback")
    print(f"4. database: {stored} articles (+{copies} listed as copies) for {site.published()} items published; "
          f"{twice} items stored twice; {stories} stories; {tracebacks} tracebacks in the server log", flush=True)
    tmp.cleanup()


if __name__ == "__main__":
    main()
