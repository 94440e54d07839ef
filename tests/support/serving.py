"""What every local test server shares: a threaded stdlib server on 127.0.0.1, run in the background."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Self


class BackgroundServer:
    """Serves ``server`` from a daemon thread; subclasses add routes, records and URLs."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._started = False

    def start(self) -> Self:
        self._thread.start()
        self._started = True
        return self

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def _stop_serving(self, join_timeout: float) -> None:
        """Stop the accept loop, close the socket and wait (briefly) for the thread."""
        if self._started:
            self._server.shutdown()
        self._server.server_close()
        if self._started:
            self._thread.join(timeout=join_timeout)
