"""Connection limits of `newsfuse serve`: read deadlines, a connection cap and enough file descriptors.

uvicorn closes a keep-alive connection that stays idle, but nothing bounds the time a client takes
to *send* a request: its idle timer is reset by every byte, so a client trickling a byte every few
seconds (slowloris) holds its connection for ever, and a thousand of them exhaust the process's file
descriptors, after which the server accepts nobody (uvicorn issue #157 lists the missing
"request start" and "request complete" timeouts). This module adds them:

* :data:`HEADER_TIMEOUT_S`: the request line and headers must be complete this long after the
  connection opens, or after the first byte of a later request on a keep-alive connection;
* :data:`BODY_TIMEOUT_S`: the body must be complete this long after the headers;

past either the server answers ``408 Request Timeout`` (when no response has begun) and closes the
connection. :data:`MAX_CONNECTIONS` caps the open connections (uvicorn's ``limit_concurrency``: a
request over the cap is answered 503 at once instead of waiting), and :func:`raise_open_files`
lifts the soft limit of open files so that the cap, not the operating system, is what applies.
"""
from __future__ import annotations

import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 60.0  # a 32 MB upload needs ~550 KB/s
KEEP_ALIVE_S = 5  # an idle keep-alive connection is closed after this (uvicorn's timer)
MAX_CONNECTIONS = 2000
SPARE_FILES = 256  # open files besides the connections: the database, its readers, logs, fetches

log = logging.getLogger("newsfuse.web")
_TIMEOUT_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                   b"content-length: 36\r\nconnection: close\r\n\r\nrequest not received in time; closed")


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for receiving each request's headers, then its body.

    The phase is read from h11's view of the client after every event: ``IDLE`` (no complete
    request line and headers yet) arms the header deadline, ``SEND_BODY`` the body deadline;
    anything else (request received, being answered) disarms them. Between requests on a kept-alive
    connection uvicorn's keep-alive timer applies until the next request's first byte arrives."""

    header_timeout: float = HEADER_TIMEOUT_S
    body_timeout: float = BODY_TIMEOUT_S

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._phase: str | None = None
        self._deadline: Any = None
        self._arm("headers", self.header_timeout)  # a new connection owes its first request now

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._phase is not None and self.conn.their_state is h11.IDLE:
            self._disarm()  # waiting for the next request: the keep-alive timer until its first byte
        self._follow(idle=True)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _follow(self, idle: bool = False) -> None:
        if self.transport.is_closing():
            return self._disarm()
        state = self.conn.their_state
        if state is h11.IDLE:
            # bytes of a request have arrived (or, right after a response, pipelined ones wait)
            if self._phase != "headers" and (not idle or self.conn.trailing_data[0]):
                self._arm("headers", self.header_timeout)
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._arm("body", self.body_timeout)
        elif self._phase is not None:
            self._disarm()

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._expired, phase)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, None

    def _expired(self, phase: str) -> None:
        self._deadline, self._phase = None, None
        if self.transport.is_closing():
            return
        answered = self.conn.our_state is not h11.IDLE and (
            phase == "headers" or self.cycle is None or self.cycle.response_started)
        client = "%s:%s" % self.client if self.client else "a client"
        log.info("closed the connection of %s: request %s not received within %g s", client, phase,
                 self.header_timeout if phase == "headers" else self.body_timeout)
        if not answered:
            self.transport.write(_TIMEOUT_ANSWER)
        self.transport.close()


def protocol(header_timeout: float = HEADER_TIMEOUT_S, body_timeout: float = BODY_TIMEOUT_S) -> type:
    """:class:`DeadlineProtocol` with these deadlines (seconds), for ``uvicorn.Config(http=...)``."""
    return type("DeadlineProtocol", (DeadlineProtocol,),
                {"header_timeout": float(header_timeout), "body_timeout": float(body_timeout)})


def raise_open_files(connections: int = MAX_CONNECTIONS) -> int:
    """Lift the soft limit on open files towards ``connections`` + :data:`SPARE_FILES` (never above
    the hard limit, never lowering it); the limit now in force."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = connections + SPARE_FILES
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return soft


def server_config(app, host: str, port: int, *, header_timeout: float = HEADER_TIMEOUT_S,
                  body_timeout: float = BODY_TIMEOUT_S, max_connections: int = MAX_CONNECTIONS,
                  log_level: str = "warning", keep_alive: int = KEEP_ALIVE_S, **more):
    """The ``uvicorn.Config`` every newsfuse server runs with (the limits above)."""
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=protocol(header_timeout, body_timeout),
                          limit_concurrency=max_connections, timeout_keep_alive=keep_alive,
                          timeout_graceful_shutdown=30, **more)
