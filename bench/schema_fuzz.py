"""Schemathesis against a live `newsfuse serve` (issue 21): is the API's OpenAPI schema true?

    .venv/bin/python bench/schema_fuzz.py [--examples N] [--workers N]

Starts `newsfuse serve --db TMP --refresh 0` on 127.0.0.1 (a free port) in its own
process and runs `schemathesis run` (pinned in the dev extra) on its /openapi.json with
every check, every operation but `/api/fetch` (which must never reach an outside
address) and the feed operations that fetch (`POST /api/feeds`, `/api/feeds/opml`), with the
settings of bench/schemathesis.toml (a documented 400/422 for a schema-valid request that
carries nothing usable is accepted; every other check runs as shipped).
Prints schemathesis's summary; exit status 0 only with zero failures.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50, help="examples per operation (default 50)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="newsfuse-fuzz-")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", f"{tmp}/f.db", "--port", str(port),
                               "--refresh", "0"], env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        until = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > until or server.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        cli = Path(sys.executable).with_name("schemathesis")
        started = time.monotonic()
        run = subprocess.run([str(cli), "--config-file", str(ROOT / "bench" / "schemathesis.toml"), "run",
                              f"{base}/openapi.json", "--checks", "all",
                              "--exclude-path", "/api/fetch", "--exclude-path", "/api/feeds",
                              "--exclude-path", "/api/feeds/opml", "-n", str(args.examples),
                              "--workers", str(args.workers), "--request-timeout", "60", "--seed", "21"],
                             text=True, capture_output=True, cwd=tmp)  # its cache folder goes there
        out = run.stdout + run.stderr
        summary = out[out.find("SUMMARY"):] if "SUMMARY" in out else out[-6000:]
        print(out[:20000] if run.returncode else summary)
        print(f"schemathesis exit status {run.returncode}; {time.monotonic() - started:.0f} s")
        return run.returncode
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
