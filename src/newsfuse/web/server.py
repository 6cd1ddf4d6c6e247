"""Run the app with uvicorn on a background thread (tests, benchmarks, embedding).

``with BackgroundServer(app) as server: ... server.url ...`` listens on
127.0.0.1 on a free port (or the one given) and stops cleanly on exit.
"""
from __future__ import annotations

import threading
import time


class BackgroundServer:
    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, *, log_level: str = "warning",
                 start_timeout: float = 30.0):
        import uvicorn

        from .limits import server_config

        # the limits of `newsfuse serve` (read deadlines, connection cap), a longer keep-alive
        self.config = server_config(app, host, port, log_level=log_level, keep_alive=30, lifespan="off")
        self.server = uvicorn.Server(self.config)
        self.host = host
        self.port = port
        self._thread = threading.Thread(target=self.server.run, name="newsfuse-uvicorn", daemon=True)
        self._timeout = start_timeout

    def start(self) -> "BackgroundServer":
        self._thread.start()
        until = time.monotonic() + self._timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > until:
                raise RuntimeError(f"the server did not start on {self.host}:{self.port}")
            time.sleep(0.02)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
