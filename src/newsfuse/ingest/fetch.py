"""Fetch one http(s) URL from a public host, with an overall deadline and a size cap.

:func:`fetch_url` is the one way newsfuse reads from the network (feeds in
``newsfuse stories``, URLs posted to the web service). Its rules:

* only ``http``/``https`` URLs with a host; a malformed URL (``http://[::1``,
  port 99999) is a :class:`FetchError`, never a ``ValueError``;
* the host name is resolved ONCE; every address must be public
  (``ipaddress.is_global``: no loopback, private, link-local, multicast or
  reserved address), and the connection goes to exactly the address that
  was checked (the ``Host`` header and TLS server name still carry the name),
  so a DNS answer that changes between check and connect (DNS rebinding)
  cannot reach the local network;
* one deadline for the whole fetch -- resolving, connecting, every redirect
  and every read -- not a timeout per read, so a server that trickles one
  byte every few seconds is cut off;
* at most ``max_bytes`` of body (a larger ``Content-Length`` is refused before
  reading); gzip/deflate content encodings are not requested;
* at most :data:`MAX_REDIRECTS` redirects, each target checked like the first URL.

Everything that goes wrong raises :class:`FetchError` whose message says what
and is fit to show to a user.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

DEFAULT_DEADLINE_S = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "newsfuse/0.1 (+https://github.com/newsfuse)"
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; the message says why (shown to the user)."""


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address (tests may replace this)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address of ``host`` (tests replace this to fake DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, or FetchError."""
    if not isinstance(url, str) or any(ord(ch) < 33 for ch in url.strip()):
        raise FetchError("not a URL (empty, or contains spaces or control characters)")
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


def checked_address(host: str, port: int) -> str:
    """Resolve ``host`` once and return an address to connect to; FetchError
    unless EVERY address it resolves to is public."""
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"host {host!r} cannot be resolved ({exc})") from None
    if not addresses:
        raise FetchError(f"host {host!r} cannot be resolved (no address)")
    for address in addresses:
        try:
            public = is_public_address(address)
        except ValueError:
            public = False
        if not public:
            raise FetchError(f"host {host!r} resolves to non-public address {address}; refused")
    return addresses[0]


def check_url(url: str) -> str:
    """Raise FetchError unless ``url`` is a well-formed http(s) URL whose host
    resolves only to public addresses; returns the address to connect to."""
    _, host, port, _ = split_url(url)
    return checked_address(host, port)


def _left(deadline_at: float, url: str) -> float:
    left = deadline_at - time.monotonic()
    if left <= 0:
        raise FetchError(f"deadline exceeded fetching {url}")
    return left


def _connection(scheme: str, host: str, port: int, address: str, timeout: float) -> http.client.HTTPConnection:
    """A connection to ``address`` (already checked) that presents ``host``."""
    if scheme == "https":
        context = ssl.create_default_context()

        class Pinned(http.client.HTTPSConnection):
            def connect(self):
                sock = socket.create_connection((address, port), timeout=self.timeout)
                self.sock = context.wrap_socket(sock, server_hostname=host)

        return Pinned(host, port, timeout=timeout, context=context)

    class PinnedPlain(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.create_connection((address, port), timeout=self.timeout)

    return PinnedPlain(host, port, timeout=timeout)


def fetch_url(url: str, *, deadline: float = DEFAULT_DEADLINE_S, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The body of ``url`` (after at most MAX_REDIRECTS redirects), or FetchError.

    ``deadline`` is the total number of seconds the whole fetch may take;
    ``max_bytes`` the largest body accepted. See the module docstring for the
    address policy."""
    deadline_at = time.monotonic() + deadline
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = split_url(current)
        address = checked_address(host, port)
        conn = _connection(scheme, host, port, address, _left(deadline_at, url))
        # A watchdog closes the socket when the deadline passes, whatever the
        # connection is doing (a trickled header, a slow TLS handshake...).
        expired = threading.Event()
        watchdog = threading.Timer(_left(deadline_at, url), _expire, (conn, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
                response = conn.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError(f"redirect ({response.status}) without a Location from {current}")
                    current = urljoin(current, location.strip())
                    continue
                if response.status != 200:
                    raise FetchError(f"server answered {response.status} {response.reason} for {current}")
                length = response.getheader("Content-Length")
                if length and length.strip().isdigit() and int(length) > max_bytes:
                    raise FetchError(f"response too large ({int(length):,} bytes > {max_bytes:,} limit)")
                body = _read_body(conn, response, deadline_at, max_bytes, url)
                if expired.is_set():
                    raise TimeoutError
                return body
            except FetchError:
                raise
            except (socket.timeout, TimeoutError, OSError, http.client.HTTPException, ValueError) as exc:
                if expired.is_set() or isinstance(exc, (socket.timeout, TimeoutError)) or time.monotonic() >= deadline_at:
                    raise FetchError(f"deadline exceeded fetching {url} ({deadline:g} s)") from None
                raise FetchError(f"unreachable: {exc or type(exc).__name__}") from None
        finally:
            watchdog.cancel()
            conn.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _expire(conn: http.client.HTTPConnection, expired: threading.Event) -> None:
    expired.set()
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_body(conn, response, deadline_at: float, max_bytes: int, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        _left(deadline_at, url)
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response too large (more than {max_bytes:,} bytes)")
        chunks.append(chunk)
