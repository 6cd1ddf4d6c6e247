"""Fetch one http(s) URL from a public host, with an overall deadline and a size cap.

:func:`fetch_url` is the one way newsfuse reads from the network (feeds in
``newsfuse stories``, URLs posted to the web service). Its rules:

* only ``http``/``https`` URLs with a host; a malformed URL (``http://[::1``,
  port 99999) is a :class:`FetchError`, never a ``ValueError``;
* the host name is resolved ONCE; every address must be public
  (:func:`public_ip`: no loopback, private, shared, link-local, multicast or
  reserved address, nor an IPv6 form of one -- IPv4-mapped, -compatible, NAT64,
  6to4), and the connection goes to exactly the address that
  was checked (the ``Host`` header and TLS server name still carry the name),
  so a DNS answer that changes between check and connect (DNS rebinding)
  cannot reach the local network;
* one deadline for the whole fetch -- resolving, connecting, every redirect
  and every read -- not a timeout per read, so a server that trickles one
  byte every few seconds is cut off;
* at most ``max_bytes`` of body (a larger ``Content-Length`` is refused before
  reading); gzip/deflate content encodings are not requested;
* at most :data:`MAX_REDIRECTS` redirects, each target checked like the first URL;
* ``allow_hosts``: host names (or address literals) named by the person running
  newsfuse (``--allow-host``) that may resolve to private or loopback
  addresses -- a self-hosted feed on the home network. Matching is on the
  name in the URL (each redirect hop checked again); by default the set is
  empty and every non-public address is refused. The CLI sets the process's
  list once (:func:`set_allowed_hosts`), so every reader that fetches (feeds,
  OPML lists, article URLs) honours it; a call may name more hosts.

:func:`fetch` answers with a :class:`Fetched` (status, final URL, the caching
headers), sends extra request headers (``If-None-Match``/``If-Modified-Since``)
and returns a 304 as such; any other status than 200/304 is a
:class:`HTTPStatus` error carrying the status and the server's Retry-After.
:func:`fetch_url` is the body only.

The transport is httpx (pinned): each hop requests the checked IP address with the
name in the ``Host`` header and, for https, ``extensions={"sni_hostname": name}``
(TLS server name and certificate check on the name); httpx's redirect following
and environment proxies are off.

Everything that goes wrong raises :class:`FetchError` whose message says what
and is fit to show to a user.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

DEFAULT_DEADLINE_S = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "newsfuse/0.1 (+https://github.com/newsfuse)"
_CHUNK = 64 * 1024
TLS_VERIFY: "ssl.SSLContext | bool" = True  # httpx's default trust store (tests trust a local certificate)


class FetchError(Exception):
    """A URL could not be fetched; the message says why (shown to the user)."""


class HTTPStatus(FetchError):
    """The server answered with a status other than 200/304 (``status``; ``retry_after``: seconds it asked
    us to wait, from its Retry-After header, else None)."""

    def __init__(self, message: str, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    """One fetch's answer: ``status`` 200 (with ``body``) or 304 (not modified, empty body)."""

    url: str  # the URL finally answered (after redirects)
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # etag, last-modified, content-type (lower-case names)


_ALLOWED: frozenset[str] = frozenset()  # the process's --allow-host list


def set_allowed_hosts(hosts) -> frozenset[str]:
    """Set the host names every fetch of this process may reach on private addresses (``--allow-host``);
    called once by the command line. Returns the normalised set."""
    global _ALLOWED
    _ALLOWED = allow_set(hosts)
    return _ALLOWED


def allow_set(hosts) -> frozenset[str]:
    """Host names as ``--allow-host`` gives them -> the normalised set :func:`fetch` compares with
    (lower case, no trailing dot, no brackets around an IPv6 literal)."""
    out = set()
    for host in hosts or ():
        name = str(host).strip().lower().rstrip(".")
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1]
        if name:
            out.add(name)
    return frozenset(out)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


# Never fetched from, whatever Python's ``is_global`` says of them (it calls 192.0.0.8, fec0::1, the
# NAT64 and 6to4 forms of private addresses public): shared address space (100.64/10, carrier NAT),
# IETF protocol assignments, documentation and benchmarking ranges, the 6to4 relay anycast,
# multicast, reserved; site-local, unique-local, link-local, Teredo and other 2001::/23 assignments,
# local-use NAT64 (64:ff9b:1::/48).
_NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/127", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7",
    "fe80::/10", "fec0::/10", "ff00::/8"))
# IPv6 forms that carry an IPv4 address in their last 32 bits: IPv4-mapped, IPv4-translated (SIIT),
# IPv4-compatible (deprecated), NAT64 well-known prefix. 6to4 (2002::/16) carries one in bits 16-48.
_EMBEDS_IPV4 = tuple(ipaddress.ip_network(n) for n in ("::ffff:0:0/96", "::ffff:0:0:0/96", "::/96", "64:ff9b::/96"))


def public_ip(address: str) -> "ipaddress.IPv4Address | ipaddress.IPv6Address | None":
    """The address a connection to ``address`` really reaches, when that is a public unicast
    address; None otherwise (loopback, private, shared, link-local, multicast, reserved, and
    every IPv6 form of such an IPv4 address: mapped, compatible, NAT64, 6to4). Raises ValueError
    for text that is not an IP address. The ONE address check of newsfuse."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour is not None:
            ip = ip.sixtofour
        elif any(ip in net for net in _EMBEDS_IPV4):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in net for net in _NOT_PUBLIC if net.version == ip.version):
        return None
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback \
            or ip.is_link_local or ip.is_private:
        return None
    return ip


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address, in any spelling (tests may replace this)."""
    return public_ip(address) is not None


def resolve(host: str, port: int) -> list[str]:
    """Every address of ``host`` (tests replace this to fake DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchError."""
    if not isinstance(url, str) or any(ord(ch) < 33 for ch in url.strip()):
        raise FetchError("not a URL (empty, or contains spaces or control characters)")
    if any("\ud800" <= ch <= "\udfff" for ch in url):
        raise FetchError("not a URL (it holds a lone surrogate, which is not valid Unicode)")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise FetchError(f"malformed URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        raise FetchError("not an http(s) URL with a host")
    if port == 0:
        raise FetchError("malformed URL (port 0)")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port or (443 if scheme == "https" else 80), path


def checked_address(host: str, port: int, allow_hosts: frozenset[str] = frozenset()) -> str:
    """Resolve ``host`` once and return an address to connect to; FetchError
    unless EVERY address it resolves to is public, or ``host`` is in ``allow_hosts``."""
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"host {host!r} cannot be resolved ({exc})") from None
    if not addresses:
        raise FetchError(f"host {host!r} cannot be resolved (no address)")
    if allow_hosts and host.lower().rstrip(".") in allow_hosts:
        return addresses[0]  # named by whoever runs newsfuse (--allow-host): private addresses allowed
    for address in addresses:
        try:
            public = is_public_address(address)
        except ValueError:
            public = False
        if not public:
            raise FetchError(f"host {host!r} resolves to non-public address {address}; refused")
    return addresses[0]


def check_url(url: str, allow_hosts: frozenset[str] = frozenset()) -> str:
    """Raise FetchError unless ``url`` is a well-formed http(s) URL whose host
    resolves only to public addresses (or is allowed); returns the address to connect to."""
    _, host, port, _ = split_url(url)
    return checked_address(host, port, allow_set(allow_hosts) | _ALLOWED)


def _left(deadline_at: float, url: str) -> float:
    left = deadline_at - time.monotonic()
    if left <= 0:
        raise FetchError(f"deadline exceeded fetching {url}")
    return left


def _ascii_host(host: str) -> str:
    """The host as it travels in the Host header and the TLS server name (IDNA for a non-ASCII name)."""
    try:
        return host.encode("ascii").decode() if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(f"malformed host name {host!r} ({exc})") from None


def _pinned_request(scheme: str, host: str, port: int, path: str, address: str) -> tuple[str, dict, dict]:
    """(URL of the checked address, headers, extensions): the connection goes to ``address`` while the
    Host header and the TLS server name (certificate check included) carry the name."""
    name = _ascii_host(host)
    default_port = 443 if scheme == "https" else 80
    bracket = (lambda h: f"[{h}]" if ":" in h else h)
    headers = {"Host": bracket(name) + ("" if port == default_port else f":{port}"),
               "User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    extensions = {"sni_hostname": name} if scheme == "https" else {}
    return f"{scheme}://{bracket(address.split('%')[0])}:{port}{path}", headers, extensions


def fetch_url(url: str, *, deadline: float = DEFAULT_DEADLINE_S, max_bytes: int = DEFAULT_MAX_BYTES,
              allow_hosts: frozenset[str] = frozenset()) -> bytes:
    """The body of ``url`` (after at most MAX_REDIRECTS redirects), or FetchError.

    ``deadline`` is the total number of seconds the whole fetch may take;
    ``max_bytes`` the largest body accepted. See the module docstring for the
    address policy. The HTTP client is httpx; redirects are followed here, one
    checked hop at a time."""
    return fetch(url, deadline=deadline, max_bytes=max_bytes, allow_hosts=allow_hosts).body


_KEPT_HEADERS = ("etag", "last-modified", "content-type")


def fetch(url: str, *, deadline: float = DEFAULT_DEADLINE_S, max_bytes: int = DEFAULT_MAX_BYTES,
          headers: dict[str, str] | None = None, allow_hosts: frozenset[str] = frozenset()) -> Fetched:
    """Fetch ``url`` like :func:`fetch_url`, sending ``headers`` too (e.g. If-None-Match) and answering
    with a :class:`Fetched`: status 200 with the body, or 304 (not modified). Another status raises
    :class:`HTTPStatus`; everything else that goes wrong, :class:`FetchError`."""
    deadline_at = time.monotonic() + deadline
    allow_hosts = allow_set(allow_hosts) | _ALLOWED
    extra = {k: v for k, v in (headers or {}).items() if v}
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = split_url(current)
        address = checked_address(host, port, allow_hosts)
        target, sent, extensions = _pinned_request(scheme, host, port, path, address)
        sent.update(extra)
        left = _left(deadline_at, url)
        client = httpx.Client(timeout=httpx.Timeout(left), follow_redirects=False, trust_env=False,
                              verify=_tls_context())
        # httpx's timeouts are per operation: a watchdog closes the client (and its socket) when the
        # deadline passes, so a server that trickles its headers or body is cut off too
        expired = threading.Event()
        watchdog = threading.Timer(left, _expire, (client, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                with client.stream("GET", target, headers=sent, extensions=extensions) as response:
                    if response.status_code in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(f"redirect ({response.status_code}) without a Location from {current}")
                        current = urljoin(current, location.strip())
                        continue
                    kept = {k: response.headers[k] for k in _KEPT_HEADERS if k in response.headers}
                    if response.status_code == 304:
                        return Fetched(current, 304, b"", kept)
                    if response.status_code != 200:
                        raise HTTPStatus(f"server answered {response.status_code} {response.reason_phrase} "
                                         f"for {current}", response.status_code,
                                         retry_after_seconds(response.headers.get("Retry-After")))
                    length = response.headers.get("Content-Length")
                    if length and length.strip().isdigit() and int(length) > max_bytes:
                        raise FetchError(f"response too large ({int(length):,} bytes > {max_bytes:,} limit)")
                    body = _read_body(response, deadline_at, max_bytes, url)
                if expired.is_set():
                    raise TimeoutError
                return Fetched(current, 200, body, kept)
            except FetchError:
                if expired.is_set():
                    raise FetchError(f"deadline exceeded fetching {url} ({deadline:g} s)") from None
                raise
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, RuntimeError, ValueError) as exc:
                if expired.is_set() or isinstance(exc, (httpx.TimeoutException, TimeoutError)) \
                        or time.monotonic() >= deadline_at:
                    raise FetchError(f"deadline exceeded fetching {url} ({deadline:g} s)") from None
                raise FetchError(f"unreachable: {str(exc) or type(exc).__name__}") from None
        finally:
            watchdog.cancel()
            client.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


_TLS: list = []  # the default context, once made


def _tls_context() -> "ssl.SSLContext":
    """The TLS context of every fetch, made once: building one loads the CA bundle (some 30 ms of CPU,
    which a server polling hundreds of feeds would pay on every request). Tests may set TLS_VERIFY."""
    if TLS_VERIFY is not True:
        return TLS_VERIFY
    if not _TLS:
        import certifi  # httpx's own trust store

        _TLS.append(ssl.create_default_context(cafile=certifi.where()))
    return _TLS[0]


def _expire(client: httpx.Client, expired: threading.Event) -> None:
    expired.set()
    try:
        client.close()  # closes the pool's connections: the next read on the socket fails
    except Exception:  # closing races the request it interrupts; the fetch reports the deadline
        pass


def _read_body(response: httpx.Response, deadline_at: float, max_bytes: int, url: str) -> bytes:
    """The body, at most ``max_bytes`` after decoding. Compression is not asked for; a server that sends
    gzip/deflate anyway is decoded here with the output bounded (a gzip bomb stops at the cap)."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(47 if encoding != "deflate" else 15)  # 47: gzip or zlib header
    elif encoding not in ("", "identity"):
        raise FetchError(f"unsupported content encoding {encoding[:40]!r} from {url}")
    else:
        decoder = None
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw(_CHUNK):
        _left(deadline_at, url)
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, max_bytes + 1 - size)
            except zlib.error as exc:
                raise FetchError(f"corrupt {encoding} body from {url} ({exc})") from None
            if decoder.unconsumed_tail:
                chunk += b"x"  # more output waiting than the cap allows
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response too large (more than {max_bytes:,} bytes)")
        chunks.append(chunk)
    _left(deadline_at, url)
    return b"".join(chunks)
