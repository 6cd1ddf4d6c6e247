"""The fetcher against hostile servers and addresses (issue 21, findings 2 and 6).

A real HTTP server on 127.0.0.1 sends compressed bodies; DNS is faked by
replacing the fetcher's resolver and 127.0.0.1 is declared public for those
tests only. The address tests call the real check; no packet leaves loopback.
"""
from __future__ import annotations

import gzip
import http.server
import threading
import tracemalloc
import zlib

import pytest

from newsfuse.ingest import fetch as fetching
from newsfuse.ingest.fetch import FetchError, fetch_url, is_public_address

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
ZEROS = 64 * 1024 * 1024  # 64 MB of zeros: ~64 KB of gzip, ~100 bytes as gzip of gzip
BOMB = gzip.compress(b"\0" * ZEROS, compresslevel=9)
DOUBLE_BOMB = gzip.compress(BOMB, compresslevel=9)


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        routes = {
            "/double": (DOUBLE_BOMB, "gzip, gzip"),
            "/double-headers": (DOUBLE_BOMB, None),  # two Content-Encoding header lines
            "/bomb": (BOMB, "gzip"),
            "/brotli": (b"\x8b\x00\x80hello\x03", "br"),
            "/feed-gzip": (gzip.compress(FEED), "gzip"),
            "/feed-deflate": (zlib.compress(FEED), "deflate"),
            "/feed-identity": (FEED, "identity"),
            "/corrupt": (b"\x1f\x8b\x08\x00garbage" * 10, "gzip"),
        }
        body, coding = routes.get(self.path, (b"", None))
        self.send_response(200 if body else 404)
        if coding:
            self.send_header("Content-Encoding", coding)
        elif self.path == "/double-headers":
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base(monkeypatch):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["127.0.0.1"])
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    yield f"http://news.example:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1e6


@pytest.mark.parametrize("path", ["/double", "/double-headers"])
def test_stacked_content_encodings_are_refused_before_decoding(base, path):
    def fetch():
        with pytest.raises(FetchError, match=r"unsupported content encoding 'gzip, gzip'"):
            fetch_url(base + path, deadline=10, max_bytes=1_000_000)

    assert _peak_mb(fetch) < 8  # httpx decoded the stack: 64 MB in one call


def test_a_gzip_bomb_stops_at_the_cap_in_decoded_bytes(base):
    def fetch():
        with pytest.raises(FetchError, match="too large"):
            fetch_url(base + "/bomb", deadline=10, max_bytes=1_000_000)

    assert _peak_mb(fetch) < 8  # inflated chunk by chunk into at most the room left


def test_unknown_and_corrupt_encodings_are_refused(base):
    with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
        fetch_url(base + "/brotli", deadline=10, max_bytes=1_000_000)
    with pytest.raises(FetchError, match="corrupt gzip body"):
        fetch_url(base + "/corrupt", deadline=10, max_bytes=1_000_000)


@pytest.mark.parametrize("path", ["/feed-gzip", "/feed-deflate", "/feed-identity"])
def test_one_layer_of_compression_is_decoded(base, path):
    assert fetch_url(base + path, deadline=10, max_bytes=1_000_000) == FEED


NOT_PUBLIC = [
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254 (cloud metadata)
    "64:ff9b::10.0.0.1", "64:ff9b::7f00:1", "64:ff9b:1::8.8.8.8",  # local-use NAT64 prefix
    "2002:7f00:1::", "2002:a9fe:a9fe::1", "2002:c0a8:101::",  # 6to4 of 127.0.0.1, 169.254.169.254, 192.168.1.1
    "::127.0.0.1", "::10.0.0.1", "::a9fe:a9fe",  # IPv4-compatible
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:0:7f00:1",  # IPv4-mapped, IPv4-translated
    "::1", "0:0:0:0:0:0:0:1", "::", "fe80::1%eth0", "fd00::1", "fec0::1", "ff02::1", "2001:db8::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
    "100.64.0.1", "100.127.255.254",  # shared address space (carrier-grade NAT)
    "192.0.0.8", "192.0.2.1", "192.88.99.1", "198.18.0.1", "198.51.100.1", "203.0.113.1",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111", "2a00:1450:4001:81b::200e",
          "64:ff9b::8.8.8.8", "2002:808:808::1", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_every_spelling_of_a_non_public_address_is_refused(address, monkeypatch):
    assert not is_public_address(address)
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["8.8.8.8", address])
    with pytest.raises(FetchError, match="non-public address"):
        fetching.check_url("http://news.example/feed.xml")


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address):
    assert is_public_address(address)
