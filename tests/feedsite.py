"""A local feed site on 127.0.0.1 for the live-feed tests (and bench/live_feeds.py): feeds whose items
change while a test runs, with ETag/Last-Modified, request logs, and a few hostile paths.

``site.set_feed("/world.xml", title, items)`` publishes (or replaces) a feed; each item is a dict
``{"guid", "title", "text", "link"?, "published"?}``. Every request is logged in ``site.requests`` as
``(path, {header: value})``. Nothing here leaves loopback.
"""
from __future__ import annotations

import email.utils
import gzip
import hashlib
import http.server
import threading
import time
from xml.sax.saxutils import escape


def rss(title: str, items: list[dict], link: str = "http://example.org/") -> bytes:
    parts = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
             f"<link>{escape(link)}</link><description>test feed</description>"]
    for it in items:
        published = it.get("published") or email.utils.formatdate(time.time(), usegmt=True)
        parts.append(f"<item><guid isPermaLink='false'>{escape(it['guid'])}</guid><title>{escape(it['title'])}</title>"
                     + (f"<link>{escape(it['link'])}</link>" if it.get("link") else "")
                     + f"<pubDate>{published}</pubDate><description>{escape(it.get('text', ''))}</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        site: FeedSite = self.server.site
        path = self.path.split("?")[0]
        with site.lock:
            site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            special = site.special.get(path)
            doc = site.docs.get(path)
        if special is not None:
            return special(self)
        if doc is None:
            return self._send(404, b"not found")
        body, etag, modified, ctype = doc
        if self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-Modified-Since") == modified and not self.headers.get("If-None-Match")):
            return self._send(304, b"", {"ETag": etag, "Last-Modified": modified})
        self._send(200, body, {"ETag": etag, "Last-Modified": modified, "Content-Type": ctype})

    def _send(self, status: int, body: bytes, headers: dict | None = None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


class FeedSite:
    def __init__(self):
        self.lock = threading.Lock()
        self.docs: dict[str, tuple[bytes, str, str, str]] = {}
        self.special: dict[str, object] = {}
        self.requests: list[tuple[str, dict]] = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def put(self, path: str, body: bytes, ctype: str = "application/rss+xml") -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(time.time(), usegmt=True)
        with self.lock:
            self.docs[path] = (body, etag, modified, ctype)

    def set_feed(self, path: str, title: str, items: list[dict]) -> None:
        self.put(path, rss(title, items))

    def requests_for(self, path: str) -> list[dict]:
        with self.lock:
            return [h for p, h in self.requests if p == path]

    def start(self) -> "FeedSite":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def gzip_bomb(handler, size: int = 200 * 1024 * 1024) -> None:
    """Answer with a gzip body that expands to ``size`` bytes of zeros (a few hundred KB on the wire)."""
    if not hasattr(gzip_bomb, "_cache"):
        gzip_bomb._cache = gzip.compress(b"\0" * size, compresslevel=9)
    body = gzip_bomb._cache
    handler.send_response(200)
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
