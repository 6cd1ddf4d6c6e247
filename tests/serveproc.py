"""Helpers for tests that run `newsfuse serve` (or another command) as a real process.

``unwritable()`` is a ``preexec_fn`` that takes from a process run as root the capabilities that let
root write files it does not have write permission for (CAP_DAC_OVERRIDE, CAP_FOWNER: dropped from
the bounding set before exec, so the new program never has them). A file of mode 0444 in a folder of
mode 0555 is then as read-only for it as for any other user: the read-only tests run as root too
(this machine and CI run as root, where ``chmod`` alone stops nothing).
"""
from __future__ import annotations

import ctypes
import os
import socket
import subprocess
import sys
import time

import httpx

CLI = [sys.executable, "-c", "from newsfuse.cli import main; main()"]
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_FOWNER = 1, 3


def unwritable() -> None:
    """preexec_fn: under root, give up the right to write files regardless of their mode."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`newsfuse serve ARGS --port P` in its own process; ``url``; :meth:`stop` sends a signal."""

    def __init__(self, *args: str, preexec_fn=None, ready_s: float = 90.0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([*CLI, "serve", *args, "--port", str(self.port)], stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, text=True, preexec_fn=preexec_fn)
        until = time.monotonic() + ready_s
        while True:
            try:
                httpx.get(f"{self.url}/api/stories", timeout=5)
                return
            except httpx.TransportError:
                if self.proc.poll() is not None:
                    raise AssertionError(f"the server ended at start ({self.proc.returncode}): {self.proc.stderr.read()}")
                if time.monotonic() > until:
                    self.kill()
                    raise AssertionError("the server did not answer in time")
                time.sleep(0.1)

    def stop(self, sig, timeout: float = 60.0) -> tuple[int, str]:
        """Send ``sig``; the exit status and everything written on stderr."""
        self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the server did not stop within {timeout} s of {sig!r}")
        return self.proc.returncode, err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
