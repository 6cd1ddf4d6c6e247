"""The fetcher's address and redirect rules one by one (ingest/fetch.py), on inputs only that rule decides:
a fake resolver for the address checks, a real HTTP server on 127.0.0.1 for redirects (declared public
for those tests only). Written to kill the mutants `make mutate` found surviving."""
from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import time

import pytest

from newsfuse.ingest import fetch as fetching
from newsfuse.ingest.fetch import (FetchError, HTTPStatus, allow_set, check_url, checked_address, fetch, fetch_url,
                                   is_public_address, public_ip, retry_after_seconds, set_allowed_hosts, split_url)


# --- allow_set / set_allowed_hosts -------------------------------------------------------------------

def test_allow_set_normalises_each_spelling():
    assert allow_set([" Feeds.Home.ARPA. ", "[FD00::1]", "[::1", "::2]", "", "  ", "a..."]) == frozenset(
        {"feeds.home.arpa", "fd00::1", "[::1", "::2]", "a"})
    assert allow_set(None) == frozenset() and allow_set([]) == frozenset()
    assert allow_set(["x"]) == frozenset({"x"}) and isinstance(allow_set(["x"]), frozenset)


def test_set_allowed_hosts_applies_to_every_later_check(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["192.168.1.9"])
    monkeypatch.setattr(fetching, "_ALLOWED", frozenset())
    with pytest.raises(FetchError, match="non-public"):
        check_url("http://nas.home.arpa/feed")
    assert set_allowed_hosts(["NAS.home.arpa."]) == frozenset({"nas.home.arpa"})
    assert fetching._ALLOWED == frozenset({"nas.home.arpa"})
    assert check_url("http://nas.home.arpa/feed") == "192.168.1.9"
    # a call may name more hosts on top of the process's list
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["10.0.0.3"])
    assert check_url("http://printer.lan/x", allow_hosts=["printer.lan"]) == "10.0.0.3"
    assert check_url("http://nas.home.arpa/x", allow_hosts=["printer.lan"]) == "10.0.0.3"
    with pytest.raises(FetchError, match="non-public address 10.0.0.3"):
        check_url("http://other.lan/x", allow_hosts=["printer.lan"])


# --- public_ip ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("address, reached", [
    ("8.8.8.8", "8.8.8.8"),
    ("::ffff:8.8.8.8", "8.8.8.8"),            # IPv4-mapped: the IPv4 address is what is reached
    ("::ffff:0:808:808", "8.8.8.8"),          # IPv4-translated
    ("64:ff9b::808:808", "8.8.8.8"),          # NAT64 well-known prefix
    ("2002:808:808::1", "8.8.8.8"),           # 6to4
    ("2606:4700::1111", "2606:4700::1111"),
    ("2606:4700::1111%eth0", "2606:4700::1111"),  # a zone is dropped
])
def test_public_ip_answers_the_address_really_reached(address, reached):
    assert public_ip(address) == ipaddress.ip_address(reached)
    assert is_public_address(address) is True


@pytest.mark.parametrize("address", [
    "100.64.0.1", "100.100.100.200", "100.127.255.255",  # shared address space
    "224.0.0.1", "233.252.0.1", "239.1.2.3",             # multicast
    "::ffff:100.100.100.200", "2002:6464:64c8::1", "64:ff9b::6464:64c8",  # shared space in IPv6 forms
    "::ffff:10.0.0.1", "::ffff:0:a00:1", "64:ff9b::a00:1", "::a00:1",  # private behind each IPv6 form
    "::ffff:224.0.0.1", "2002:e000:1::",                  # multicast behind IPv6 forms
    "ff0e::1", "fe80::1", "fe80::1%2", "fc00::1", "::1", "::",
    "192.0.0.8", "192.0.0.170", "198.18.0.1", "240.0.0.1", "0.1.2.3",
    "4000::1", "8000::1", "e000::1", "::2:1:1",  # IPv6 space IANA reserves (Python calls it global)
])
def test_public_ip_refuses_every_non_public_address(address):
    assert public_ip(address) is None
    assert is_public_address(address) is False


def test_public_ip_only_compares_tables_of_its_own_ip_version():
    # an IPv4 address is never "in" an IPv6 table and the reverse: a public address of each version passes
    assert public_ip("1.1.1.1") == ipaddress.IPv4Address("1.1.1.1")
    assert public_ip("2a00:1450:4001:81b::200e") == ipaddress.IPv6Address("2a00:1450:4001:81b::200e")


def test_public_ip_raises_value_error_for_a_name():
    with pytest.raises(ValueError):
        public_ip("news.example")


# --- split_url ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, parts", [
    ("http://news.example", ("http", "news.example", 80, "/")),
    ("HTTPS://News.Example/a/b?x=1&y=2", ("https", "news.example", 443, "/a/b?x=1&y=2")),
    ("http://news.example:8080/p?", ("http", "news.example", 8080, "/p")),
    ("https://news.example:8443?q", ("https", "news.example", 8443, "/?q")),
    ("  http://news.example/x  ", ("http", "news.example", 80, "/x")),
    ("http://[2606:4700::1111]/", ("http", "2606:4700::1111", 80, "/")),
])
def test_split_url_parts(url, parts):
    assert split_url(url) == parts


@pytest.mark.parametrize("url, message", [
    ("http://news.example/a b", "not a URL (empty, or contains spaces"),
    ("http://news.example/\x1fa", "not a URL (empty, or contains spaces"),
    ("http://news.example/\x00", "not a URL (empty, or contains spaces"),
    ("http://news.example/\ud800", "not a URL (it holds a lone surrogate"),
    ("http://news.example/\udfff", "not a URL (it holds a lone surrogate"),
    ("http://[::1", "malformed URL"),
    ("http://news.example:99999/", "malformed URL"),
    ("http://news.example:0/", "malformed URL (port 0)"),
    ("ftp://news.example/", "not an http(s) URL with a host"),
    ("http:///path", "not an http(s) URL with a host"),
    ("javascript:alert(1)", "not an http(s) URL with a host"),
])
def test_split_url_refusals_say_why(url, message):
    with pytest.raises(FetchError) as caught:
        split_url(url)
    assert str(caught.value).startswith(message)


def test_split_url_refuses_what_is_not_a_string():
    with pytest.raises(FetchError, match="not a URL"):
        split_url(None)  # type: ignore[arg-type]


def test_split_url_keeps_a_character_just_above_space():
    assert split_url("http://news.example/!x") == ("http", "news.example", 80, "/!x")
    assert split_url("http://news.example/\ue000") == ("http", "news.example", 80, "/\ue000")


# --- checked_address / check_url ---------------------------------------------------------------------

def _resolver(answers):
    def resolve(host, port):
        value = answers[host]
        if isinstance(value, BaseException):
            raise value
        return list(value)
    return resolve


@pytest.mark.parametrize("error", [socket.gaierror(-2, "Name or service not known"), UnicodeError("label too long"),
                                   OSError("network down")])
def test_an_unresolvable_host_is_a_fetch_error_naming_it(monkeypatch, error):
    monkeypatch.setattr(fetching, "resolve", _resolver({"gone.example": error}))
    with pytest.raises(FetchError) as caught:
        checked_address("gone.example", 80)
    assert str(caught.value).startswith("host 'gone.example' cannot be resolved (")


def test_a_host_with_no_address_is_refused(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", _resolver({"empty.example": []}))
    with pytest.raises(FetchError, match=r"^host 'empty.example' cannot be resolved \(no address\)$"):
        checked_address("empty.example", 80)
    with pytest.raises(FetchError, match="no address"):
        checked_address("empty.example", 80, frozenset({"empty.example"}))


def test_the_first_checked_address_is_the_one_connected_to(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", _resolver({"news.example": ["8.8.4.4", "8.8.8.8"]}))
    assert checked_address("news.example", 80) == "8.8.4.4"


@pytest.mark.parametrize("answers", [["8.8.8.8", "10.0.0.1"], ["10.0.0.1", "8.8.8.8"], ["8.8.8.8", "not-an-ip"]])
def test_every_address_must_be_public(monkeypatch, answers):
    monkeypatch.setattr(fetching, "resolve", _resolver({"news.example": answers}))
    bad = answers[1] if answers[0] == "8.8.8.8" else answers[0]
    with pytest.raises(FetchError, match=rf"^host 'news.example' resolves to non-public address {bad}; refused$"):
        checked_address("news.example", 443)


def test_an_allowed_name_may_resolve_privately_in_any_spelling(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", _resolver({"NAS.Home.": ["192.168.1.9", "10.0.0.2"],
                                                        "nas.home": ["192.168.1.9"]}))
    allowed = frozenset({"nas.home"})
    assert checked_address("NAS.Home.", 80, allowed) == "192.168.1.9"
    assert checked_address("nas.home", 80, allowed) == "192.168.1.9"
    with pytest.raises(FetchError, match="non-public"):
        checked_address("nas.home", 80, frozenset({"other.home"}))
    with pytest.raises(FetchError, match="non-public"):
        checked_address("nas.home", 80)


def test_check_url_resolves_the_url_host_and_port(monkeypatch):
    seen = []

    def resolve(host, port):
        seen.append((host, port))
        return ["8.8.8.8"]

    monkeypatch.setattr(fetching, "resolve", resolve)
    assert check_url("https://news.example/feed") == "8.8.8.8"
    assert check_url("http://news.example:8080/feed") == "8.8.8.8"
    assert seen == [("news.example", 443), ("news.example", 8080)]


# --- retry_after_seconds ---------------------------------------------------------------------------

def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds(None) is None and retry_after_seconds("") is None
    assert retry_after_seconds("soon") is None and retry_after_seconds("-5") is None
    now = 1_700_000_000.0  # Tue, 14 Nov 2023 22:13:20 GMT
    assert retry_after_seconds("Tue, 14 Nov 2023 22:15:00 GMT", now=now) == 100.0
    assert retry_after_seconds("Tue, 14 Nov 2023 22:00:00 GMT", now=now) == 0.0  # already past
    later = retry_after_seconds("Tue, 14 Nov 2093 22:15:00 GMT")
    assert later is not None and later > 60 * 365 * 86400


# --- redirects, one checked hop at a time -----------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("Host"), self.headers.get("Accept-Encoding"),
                                 self.headers.get("User-Agent"), self.headers.get("If-None-Match")))
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"nothing here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.routes, srv.seen = {}, []
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def site(server, monkeypatch):
    """news.example and mirror.example resolve to 127.0.0.1 (public here); intranet.example privately."""
    answers = {"news.example": ["127.0.0.1"], "mirror.example": ["127.0.0.1"], "intranet.example": ["10.0.0.5"]}
    monkeypatch.setattr(fetching, "resolve", lambda host, port: answers[host])
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    server.routes.clear()
    server.seen.clear()
    return server, f"http://news.example:{server.server_address[1]}"


def _redirect(code, to):
    return (code, {"Location": to}, b"")


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_each_redirect_status_is_followed_to_a_checked_target(site, code):
    server, base = site
    port = server.server_address[1]
    server.routes["/old"] = _redirect(code, f"http://mirror.example:{port}/new")
    server.routes["/new"] = (200, {"ETag": '"v1"', "X-Other": "dropped"}, b"the body")
    got = fetch(base + "/old")
    assert (got.status, got.body, got.url) == (200, b"the body", f"http://mirror.example:{port}/new")
    assert got.headers == {"etag": '"v1"', "content-type": got.headers.get("content-type")} or \
        got.headers == {"etag": '"v1"'}
    assert [s[:2] for s in server.seen] == [("/old", f"news.example:{port}"), ("/new", f"mirror.example:{port}")]
    assert all(s[2] == "identity" and s[3] == fetching.USER_AGENT for s in server.seen)


def test_a_relative_location_is_joined_and_stripped(site):
    server, base = site
    server.routes["/a/old"] = _redirect(302, "  ../b/new?x=1  ")
    server.routes["/b/new?x=1"] = (200, {}, b"ok")
    assert fetch(base + "/a/old").url == base + "/b/new?x=1"


def test_a_redirect_without_location_is_refused(site):
    server, base = site
    server.routes["/nowhere"] = (302, {}, b"")
    with pytest.raises(FetchError, match=r"^redirect \(302\) without a Location from http://news.example:\d+/nowhere$"):
        fetch_url(base + "/nowhere")


def test_a_redirect_to_a_private_address_is_refused_before_connecting(site):
    server, base = site
    server.routes["/away"] = _redirect(302, "http://intranet.example/admin")
    with pytest.raises(FetchError, match="'intranet.example' resolves to non-public address 10.0.0.5"):
        fetch_url(base + "/away")
    assert [s[0] for s in server.seen] == ["/away"]


def test_a_redirect_to_another_scheme_is_refused(site):
    server, base = site
    server.routes["/ftp"] = _redirect(301, "ftp://news.example/file")
    with pytest.raises(FetchError, match="not an http"):
        fetch_url(base + "/ftp")


def test_five_redirects_are_followed_and_the_sixth_refused(site):
    server, base = site
    for i in range(6):
        server.routes[f"/r{i}"] = _redirect(302, f"/r{i + 1}")
    server.routes["/r5"] = (200, {}, b"five hops")
    assert fetch_url(base + "/r0") == b"five hops"
    server.routes["/r5"] = _redirect(302, "/r6")
    server.routes["/r6"] = (200, {}, b"six hops")
    server.seen.clear()
    with pytest.raises(FetchError, match=r"^more than 5 redirects from http://news.example:\d+/r0$"):
        fetch_url(base + "/r0")
    assert len(server.seen) == 6  # the sixth target is never requested


def test_304_and_other_statuses(site):
    server, base = site
    server.routes["/same"] = (304, {"ETag": '"v1"', "Last-Modified": "Tue, 14 Nov 2023 22:13:20 GMT"}, b"")
    got = fetch(base + "/same", headers={"If-None-Match": '"v1"', "If-Modified-Since": ""})
    assert (got.status, got.body) == (304, b"")
    assert got.headers == {"etag": '"v1"', "last-modified": "Tue, 14 Nov 2023 22:13:20 GMT"}
    assert server.seen[-1][4] == '"v1"'
    server.routes["/busy"] = (429, {"Retry-After": "30"}, b"slow down")
    with pytest.raises(HTTPStatus) as caught:
        fetch(base + "/busy")
    assert (caught.value.status, caught.value.retry_after) == (429, 30.0)
    assert str(caught.value) == f"server answered 429 Too Many Requests for {base}/busy"
    with pytest.raises(HTTPStatus) as caught:
        fetch(base + "/missing")
    assert (caught.value.status, caught.value.retry_after) == (404, None)


def test_a_declared_length_over_the_cap_is_refused_before_reading(site):
    server, base = site
    server.routes["/big"] = (200, {}, b"x" * 1001)
    server.routes["/fits"] = (200, {}, b"x" * 1000)
    with pytest.raises(FetchError, match=r"^response too large \(1,001 bytes > 1,000 limit\)$"):
        fetch_url(base + "/big", max_bytes=1000)
    assert fetch_url(base + "/fits", max_bytes=1000) == b"x" * 1000


def test_a_spent_deadline_refuses_before_connecting(site, monkeypatch):
    server, base = site
    server.routes["/x"] = (200, {}, b"x")
    with pytest.raises(FetchError, match=r"^deadline exceeded fetching http://news.example:\d+/x$"):
        fetch_url(base + "/x", deadline=0)
    assert server.seen == []
    assert fetch_url(base + "/x", deadline=5) == b"x"


def test_an_unreachable_server_is_a_fetch_error(site):
    _, base = site
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(FetchError, match="^unreachable: "):
        fetch_url(f"http://news.example:{free}/x", deadline=5)
    assert time.monotonic() - started < 4


def test_the_request_goes_to_the_checked_address_with_the_name_in_host():
    url, headers, extensions = fetching._pinned_request("https", "News.Example", 443, "/a?b", "2606:4700::1%eth0")
    assert url == "https://[2606:4700::1]:443/a?b"
    assert headers == {"Host": "News.Example", "User-Agent": fetching.USER_AGENT, "Accept-Encoding": "identity"}
    assert extensions == {"sni_hostname": "News.Example"}
    url, headers, extensions = fetching._pinned_request("http", "bücher.example", 8080, "/", "8.8.8.8")
    assert url == "http://8.8.8.8:8080/"
    assert headers["Host"] == "xn--bcher-kva.example:8080" and extensions == {}
    _, headers, _ = fetching._pinned_request("http", "::1", 80, "/", "::1")
    assert headers["Host"] == "[::1]"
    _, headers, _ = fetching._pinned_request("https", "news.example", 80, "/", "8.8.8.8")
    assert headers["Host"] == "news.example:80"
    with pytest.raises(FetchError, match="malformed host name"):
        fetching._ascii_host("a" * 70 + "ü.example")


# --- found by mutation testing: the fetch loop's plumbing ---------------------------------------------

def test_the_304_answer_names_the_url_answered(site):
    server, base = site
    server.routes["/same"] = (304, {}, b"")
    assert fetch(base + "/same").url == base + "/same"


def test_an_unsupported_encoding_names_the_url(site):
    server, base = site
    server.routes["/br"] = (200, {"Content-Encoding": "br"}, b"\x8b\x00\x80hello\x03")
    with pytest.raises(FetchError, match=r"^unsupported content encoding 'br' from http://news.example:\d+/br$"):
        fetch_url(base + "/br")


def test_an_unreachable_server_names_the_os_error(site):
    _, base = site
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    with pytest.raises(FetchError, match="^unreachable: .*(refused|Errno)"):
        fetch_url(f"http://news.example:{free}/x", deadline=5)


def test_environment_proxies_are_ignored(site, monkeypatch):
    server, base = site
    server.routes["/x"] = (200, {}, b"direct")
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    assert fetch_url(base + "/x") == b"direct"


def test_time_left_before_the_deadline():
    assert 0.4 < fetching._left(time.monotonic() + 0.5, "u") <= 0.5
    with pytest.raises(FetchError, match="^deadline exceeded fetching u$"):
        fetching._left(time.monotonic() - 0.001, "u")


def test_an_ascii_host_is_sent_as_written_even_when_idna_would_refuse_it():
    long_label = "a" * 70 + ".example"  # longer than IDNA allows, but plain ASCII
    assert fetching._ascii_host(long_label) == long_label
    assert fetching._ascii_host("bücher.example") == "xn--bcher-kva.example"


@pytest.fixture
def loopback(server, monkeypatch):
    """The real address check (loopback is not public), a resolver that answers 127.0.0.1."""
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["127.0.0.1"])
    monkeypatch.setattr(fetching, "_ALLOWED", frozenset())
    server.routes.clear()
    server.routes["/feed"] = (200, {}, b"home feed")
    return f"http://nas.home.arpa:{server.server_address[1]}/feed"


def test_allow_hosts_of_a_call_and_of_the_process(loopback):
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(loopback)
    assert fetch_url(loopback, allow_hosts=frozenset({"nas.home.arpa"})) == b"home feed"
    assert fetch(loopback, allow_hosts=["NAS.home.arpa."]).body == b"home feed"
    with pytest.raises(FetchError, match="non-public"):
        fetch_url(loopback, allow_hosts=frozenset({"other.home.arpa"}))
    set_allowed_hosts(["nas.home.arpa"])
    assert fetch_url(loopback) == b"home feed"
    assert fetch_url(loopback, allow_hosts=frozenset({"other.home.arpa"})) == b"home feed"


# --- how a failure is reported: the deadline or "unreachable" (the watchdog replaced, so no test waits) --

class _Watchdog:
    """Stands in for threading.Timer in fetch: fires at start() when ``fire`` is set, else on demand."""

    fire = False
    made: list = []

    def __init__(self, interval, function, args):
        self.interval, self.function, self.args = interval, function, args
        _Watchdog.made.append(self)

    def start(self):
        if _Watchdog.fire:
            self.function(*self.args)

    def cancel(self):
        pass


@pytest.fixture
def watchdog(monkeypatch):
    _Watchdog.fire, _Watchdog.made = False, []
    monkeypatch.setattr(fetching.threading, "Timer", _Watchdog)
    return _Watchdog


def test_a_fetch_cut_by_the_watchdog_reports_the_deadline(site, watchdog):
    server, base = site
    server.routes["/x"] = (200, {}, b"x")
    watchdog.fire = True  # the deadline passes before the request is sent: the client is closed
    with pytest.raises(FetchError, match=r"^deadline exceeded fetching http://news.example:\d+/x \(5 s\)$"):
        fetch_url(base + "/x", deadline=5)


def test_a_read_cut_by_the_watchdog_reports_the_deadline(site, watchdog, monkeypatch):
    server, base = site
    server.routes["/x"] = (200, {}, b"x")

    def read_body(response, deadline_at, max_bytes, url):
        dog = watchdog.made[-1]
        dog.function(*dog.args)  # the deadline passes while the body is read
        raise FetchError("read cut")

    monkeypatch.setattr(fetching, "_read_body", read_body)
    with pytest.raises(FetchError, match=r"^deadline exceeded fetching http://news.example:\d+/x \(2.5 s\)$"):
        fetch_url(base + "/x", deadline=2.5)


def test_an_http_timeout_before_the_deadline_is_reported_as_the_deadline(site, watchdog, monkeypatch):
    _, base = site

    def stream(self, *args, **kwargs):
        raise fetching.httpx.ReadTimeout("slow")

    monkeypatch.setattr(fetching.httpx.Client, "stream", stream)
    with pytest.raises(FetchError, match=r"^deadline exceeded fetching http://news.example:\d+/x \(5 s\)$"):
        fetch_url(base + "/x", deadline=5)


def test_an_error_without_a_message_is_named_by_its_type(site, watchdog, monkeypatch):
    _, base = site

    def stream(self, *args, **kwargs):
        raise fetching.httpx.ConnectError("")

    monkeypatch.setattr(fetching.httpx.Client, "stream", stream)
    with pytest.raises(FetchError, match=r"^unreachable: ConnectError$"):
        fetch_url(base + "/x", deadline=5)


def test_the_http_client_times_out_at_the_time_left(site, monkeypatch):
    server, base = site
    server.routes["/x"] = (200, {}, b"x")
    made = []
    real = fetching.httpx.Client

    def client(*args, **kwargs):
        made.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(fetching.httpx, "Client", client)
    assert fetch_url(base + "/x", deadline=7) == b"x"
    timeout = made[-1]["timeout"]
    assert 6 < timeout.read <= 7 and 6 < timeout.connect <= 7
