"""RSS and Atom feed files -> Articles; feed URLs that are not public are refused."""
from __future__ import annotations

import pytest

from newsfuse.ingest.fetch import FetchError, check_url
from newsfuse.ingest.feeds import FeedError, read_feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coast Herald</title><link>https://herald.example.com/</link>
<item><title>Earthquake hits Valparaiso</title><link>https://herald.example.com/quake</link>
<guid>quake-1</guid><pubDate>Mon, 04 Sep 2017 10:00:00 GMT</pubDate>
<description>&lt;p&gt;A magnitude 7.8 earthquake struck &lt;b&gt;Valparaiso&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;A tsunami warning followed.&lt;/p&gt;</description>
</item>
<item><title>Rescue teams search rubble</title><link>https://herald.example.com/rescue</link>
<pubDate>Tue, 05 Sep 2017 08:30:00 +0200</pubDate><description>Rescue teams searched collapsed buildings.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tech Wire</title><id>urn:tw</id><updated>2024-05-02T09:00:00Z</updated>
<entry><title>Nokturn unveils the Lumen</title><id>urn:tw:1</id><link href="https://techwire.example.org/lumen"/>
<updated>2024-05-02T09:00:00Z</updated><published>2024-05-01T18:15:00Z</published><author><name>Ada Lind</name></author>
<content type="html">&lt;p&gt;Nokturn unveiled its foldable Lumen smartphone in Helsinki.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_file(tmp_path):
    path = tmp_path / "herald.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, problems = read_feeds([str(path)])
    assert problems == []
    assert [a.title for a in articles] == ["Earthquake hits Valparaiso", "Rescue teams search rubble"]
    first = articles[0]
    assert first.text == "A magnitude 7.8 earthquake struck Valparaiso.\n\nA tsunami warning followed."
    assert first.url == "https://herald.example.com/quake"
    assert first.published == "2017-09-04T10:00:00+00:00"
    assert articles[1].published == "2017-09-05T06:30:00+00:00"  # converted to UTC
    assert first.source == "Coast Herald"
    assert first.id != articles[1].id


def test_atom_file(tmp_path):
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    articles, problems = read_feeds([str(path)])
    assert problems == []
    (a,) = articles
    assert a.title == "Nokturn unveils the Lumen"
    assert a.text == "Nokturn unveiled its foldable Lumen smartphone in Helsinki."
    assert a.author == "Ada Lind"
    assert a.published == "2024-05-01T18:15:00+00:00"
    assert a.url == "https://techwire.example.org/lumen"


def test_bad_feed_files_are_skipped_with_a_reason(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text(ATOM, encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text("this is not a feed", encoding="utf-8")
    articles, problems = read_feeds([str(tmp_path / "missing.rss"), str(bad), str(good)])
    assert len(articles) == 1
    assert [p.origin for p in problems] == [str(tmp_path / "missing.rss"), str(bad)]
    assert "no such file" in problems[0].reason
    assert "feed" in problems[1].reason


@pytest.mark.parametrize("url", ["http://127.0.0.1/feed.xml", "http://localhost:8080/rss", "https://10.1.2.3/a.rss",
                                 "http://[::1]/feed", "http://169.254.169.254/latest"])
def test_private_and_loopback_urls_are_refused(url):
    with pytest.raises(FetchError, match="non-public address"):
        check_url(url)
    articles, problems = read_feeds([url])
    assert articles == [] and problems[0].origin == url and "non-public" in problems[0].reason


def test_url_without_host_is_refused():
    with pytest.raises(FetchError):
        check_url("http:///nohost")
    articles, problems = read_feeds(["http:///nohost"])
    assert articles == [] and problems[0].origin == "http:///nohost"


# ------------------------------------------------------------------ fetching
# A real HTTP server on 127.0.0.1; DNS is faked by replacing the fetcher's
# resolver, and the test server's address is declared "public" for the test.
import http.server
import threading
import time

from newsfuse.ingest import fetch as fetching
from newsfuse.ingest.fetch import FetchError, fetch_url


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("Host")))
        if self.path == "/feed.xml":
            body = ATOM.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/trickle":  # one byte every 0.3 s, forever
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
        elif self.path == "/slow-headers":  # the status line, then one header line every 0.3 s
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(200):
                    self.wfile.write(b"X-Pad: 1\r\n")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
            self.close_connection = True
        elif self.path == "/huge":
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"x" * 65536)
            except OSError:
                pass
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://intranet.example/feed.xml")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.seen = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def fake_dns(monkeypatch):
    """news.example resolves to 127.0.0.1 the first time and to 10.0.0.7 after
    (a rebinding resolver); intranet.example to 192.168.1.5. Only 127.0.0.1
    counts as public here. Every lookup is recorded."""
    calls = []
    answers = {"intranet.example": ["192.168.1.5"]}

    def resolve(host, port):
        calls.append(host)
        if host == "news.example":
            return ["127.0.0.1"] if calls.count(host) == 1 else ["10.0.0.7"]
        if host in answers:
            return answers[host]
        raise OSError(f"unknown host {host}")

    monkeypatch.setattr(fetching, "resolve", resolve)
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    connected = []
    real_connect = fetching.socket.create_connection

    def create_connection(address, *args, **kwargs):
        connected.append(address[0])
        assert address[0] == "127.0.0.1", f"connected to {address[0]}"  # never anything else
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(fetching.socket, "create_connection", create_connection)
    return calls, connected


def test_fetch_connects_to_the_checked_address(server, fake_dns):
    calls, connected = fake_dns
    port = server.server_address[1]
    data = fetch_url(f"http://news.example:{port}/feed.xml", deadline=5, max_bytes=1_000_000)
    assert b"Nokturn" in data
    assert calls == ["news.example"]  # resolved once: the rebinding answer is never asked for
    assert connected == ["127.0.0.1"]
    assert server.seen == [("/feed.xml", f"news.example:{port}")]  # the name still travels in Host


def test_feed_url_through_read_feeds(server, fake_dns):
    port = server.server_address[1]
    articles, problems = read_feeds([f"http://news.example:{port}/feed.xml", "http://[::1", "http://news.example:99999/x"])
    assert [a.title for a in articles] == ["Nokturn unveils the Lumen"]
    assert [p.origin for p in problems] == ["http://[::1", "http://news.example:99999/x"]
    assert all("malformed URL" in p.reason for p in problems)


def test_fetch_has_one_deadline_not_a_timeout_per_read(server, fake_dns):
    port = server.server_address[1]
    start = time.monotonic()
    with pytest.raises(FetchError, match="deadline exceeded"):
        fetch_url(f"http://news.example:{port}/trickle", deadline=1.0, max_bytes=1_000_000)
    assert time.monotonic() - start < 3.0


def test_the_deadline_also_cuts_a_server_that_trickles_its_headers(server, fake_dns):
    port = server.server_address[1]
    start = time.monotonic()
    with pytest.raises(FetchError, match="deadline exceeded"):
        fetch_url(f"http://news.example:{port}/slow-headers", deadline=1.0, max_bytes=1_000_000)
    assert time.monotonic() - start < 3.0


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An https server on 127.0.0.1 whose certificate names news.example, trusted by the fetcher for the
    test; it records the TLS server name each client asked for."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=news.example", "-addext",
                    "subjectAltName=DNS:news.example"], check=True, capture_output=True)
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.seen = []
    srv.socket = context.wrap_socket(srv.socket, server_side=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(fetching, "TLS_VERIFY", ssl.create_default_context(cafile=str(cert)))
    yield srv, names
    srv.shutdown()
    srv.server_close()


def test_https_goes_to_the_checked_address_with_the_name_for_tls(tls_server, fake_dns):
    srv, names = tls_server
    port = srv.server_address[1]
    data = fetch_url(f"https://news.example:{port}/feed.xml", deadline=5, max_bytes=1_000_000)
    assert b"Nokturn" in data
    assert names == ["news.example"] and fake_dns[1] == ["127.0.0.1"]  # SNI: the name; socket: the address
    assert srv.seen == [("/feed.xml", f"news.example:{port}")]


def test_https_certificate_is_checked_against_the_name(tls_server, fake_dns, monkeypatch):
    srv, _ = tls_server
    port = srv.server_address[1]
    original = fetching.resolve
    monkeypatch.setattr(fetching, "resolve", lambda host, p: ["127.0.0.1"] if host == "other.example"
                        else original(host, p))
    with pytest.raises(FetchError, match="unreachable.*(certificate|hostname)"):
        fetch_url(f"https://other.example:{port}/feed.xml", deadline=5, max_bytes=1_000_000)
    assert srv.seen == []  # no request was sent over the unverified connection


def test_fetch_caps_the_body(server, fake_dns):
    port = server.server_address[1]
    with pytest.raises(FetchError, match="too large"):
        fetch_url(f"http://news.example:{port}/huge", deadline=5, max_bytes=100_000)


def test_redirect_to_a_private_host_is_refused(server, fake_dns):
    port = server.server_address[1]
    with pytest.raises(FetchError, match="non-public address 192.168.1.5"):
        fetch_url(f"http://news.example:{port}/to-private", deadline=5, max_bytes=100_000)
    assert fake_dns[1] == ["127.0.0.1"]


@pytest.mark.parametrize("url", ["http://[::1", "http://a.example:99999/", "ftp://a.example/x", "javascript:alert(1)",
                                 "http://a b.example/", "", "http://:80/"])
def test_malformed_urls_are_fetch_errors(url):
    with pytest.raises(FetchError):
        fetch_url(url, deadline=1, max_bytes=10)


def test_feed_html_too_deep_for_lxml_still_gives_its_text(tmp_path):
    deep = "&lt;div&gt;" * 50_000 + "A storm hit the coast of Brevia on Monday." + "&lt;/div&gt;" * 50_000
    path = tmp_path / "deep.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Storm</title>'
                    f"<description>{deep}</description></item></channel></rss>", encoding="utf-8")
    articles, problems = read_feeds([str(path)])
    assert problems == [] and articles[0].text == "A storm hit the coast of Brevia on Monday."


def test_stories_exit_1_when_every_article_is_set_aside(tmp_path):
    from typer.testing import CliRunner

    from newsfuse.cli import app

    path = tmp_path / "pitch.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Subscribe</title>'
                    "<description>Subscribe now for unlimited access.</description></item></channel></rss>",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["stories", str(path)])
    assert result.exit_code == 1
    assert "no story: every article was set aside" in result.stderr and result.stdout == ""


def test_feeds_count_against_the_run_budget(tmp_path, monkeypatch):
    from newsfuse.ingest import budget
    from newsfuse.stories.group import collect

    monkeypatch.setattr(budget, "MAX_RUN_ARTICLES", 3)
    items = "".join(f"<item><title>Report {n}</title><description>Storm report {n} from Olm.</description></item>"
                    for n in range(50))
    big = tmp_path / "big.rss"
    big.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>')
    other = tmp_path / "other.rss"
    other.write_text(RSS, encoding="utf-8")
    text = tmp_path / "first.txt"
    text.write_text("Storm hits Brevia\n\nA storm hit the coast of Brevia on Monday, officials said.")
    articles, problems = collect([str(text), str(big), str(other)])
    assert [a.origin for a in articles][:1] == [str(text)] and len(articles) == 3
    assert (str(big), "48 article(s) left out: run budget of 3 articles reached (see docs/limits.md)") in [
        (p.origin, p.reason) for p in problems]
    assert (str(other), "not read: run budget of 3 articles reached (see docs/limits.md)") in [
        (p.origin, p.reason) for p in problems]
