"""A real HTTP/1.1 server on 127.0.0.1 whose routes a test programs while it runs.

Tests of the fetching edge talk to a real socket rather than a mock transport, so
that timeouts, refused bodies and connection handling are exercised for real.

    board = LocalBoard().start()
    board.set("/job/1", "<h1>Engineer</h1>")
    board.url("/job/1")        # -> "http://127.0.0.1:PORT/job/1"
    board.close()

Handlers given to :meth:`LocalBoard.set_handler` get the ``BaseHTTPRequestHandler``
and write the whole response themselves; :func:`respond` does the common case.
Handlers that wait should wait on ``board.stopped`` so that closing never hangs.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from support.serving import BackgroundServer

Handler = Callable[[BaseHTTPRequestHandler], None]
Response = tuple[int, bytes | str, Mapping[str, str]]


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def respond(
    handler: BaseHTTPRequestHandler,
    status: int = 200,
    body: bytes | str = b"",
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write a complete response with a Content-Length (str bodies go out as UTF-8 HTML)."""
    data = _as_bytes(body)
    hdrs = {k.lower(): v for k, v in (headers or {}).items()}
    if "content-type" not in hdrs:
        hdrs["content-type"] = "text/html; charset=utf-8" if isinstance(body, str) else "text/html"
    handler.send_response(status)
    for name, value in hdrs.items():
        handler.send_header(name, value)
    if status != 304 and status >= 200 and status not in (204,):
        handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if status not in (204, 304) and handler.command != "HEAD":
        handler.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    board: LocalBoard

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-body (as the fetcher does on purpose) is not a failure.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.board._opened(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.board._closed(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _route(self) -> None:
        board = self.server.board
        headers = {k.lower(): v for k, v in self.headers.items()}
        with board._lock:
            board.requests.append((self.command, self.path, headers))
            route = board._routes.get(self.path) or board._routes.get(urlsplit(self.path).path)
        if route is None:
            respond(self, 404, "not found", {"Content-Type": "text/plain; charset=utf-8"})
            return
        try:
            route(self)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    do_GET = _route
    do_HEAD = _route
    do_POST = _route


class LocalBoard(BackgroundServer):
    """A threaded HTTP/1.1 server on an ephemeral 127.0.0.1 port, programmed route by route."""

    _server: _Server

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.stopped = threading.Event()
        self.connections = 0  # how many connections were opened so far
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        server = _Server(("127.0.0.1", 0), _RequestHandler)
        server.board = self
        if tls is not None:  # HTTPS: the handshake happens in the handler thread, on first read
            server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self._scheme = "https" if tls is not None else "http"
        super().__init__(server)

    def url(self, path: str) -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}{path}"

    def set(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        etag: bool = True,
    ) -> None:
        """Serve a fixed body; with ``etag`` also ETag/Last-Modified and 304 to a matching validator."""
        data = _as_bytes(body)
        extra = dict(headers or {})
        tag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
        modified = formatdate(time.time() - 60, usegmt=True)
        if etag:
            extra.setdefault("ETag", tag)
            extra.setdefault("Last-Modified", modified)

        def handler(h: BaseHTTPRequestHandler) -> None:
            if etag and _not_modified(h, tag, modified):
                respond(h, 304, b"", {"ETag": tag, "Last-Modified": modified})
            else:
                respond(h, status, body, extra)

        self.set_handler(path, handler)

    def set_sequence(self, path: str, responses: Iterable[Response]) -> None:
        """Answer successive requests with successive (status, body, headers); the last one repeats."""
        queue = list(responses)
        if not queue:
            raise ValueError("set_sequence needs at least one response")
        lock = threading.Lock()

        def handler(h: BaseHTTPRequestHandler) -> None:
            with lock:
                status, body, hdrs = queue.pop(0) if len(queue) > 1 else queue[0]
            respond(h, status, body, hdrs)

        self.set_handler(path, handler)

    def set_handler(self, path: str, handler: Handler) -> None:
        with self._lock:
            self._routes[path] = handler

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self._lock:
            return [p for _, p, _ in self.requests]

    def close(self) -> None:
        """Stop serving, hang up open connections and wait briefly for handler threads."""
        self.stopped.set()
        if self._started:
            self._server.shutdown()
        self._server.server_close()  # stop accepting before hanging up the open connections
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            with self._lock:
                if not self._conns:
                    break
            time.sleep(0.01)
        if self._started:
            self._thread.join(timeout=2.0)

    def __enter__(self) -> LocalBoard:
        return self.start() if not self._started else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _opened(self, conn: socket.socket) -> None:
        with self._lock:
            self._conns.add(conn)
            self.connections += 1

    def _closed(self, conn: socket.socket) -> None:
        with self._lock:
            self._conns.discard(conn)


def _not_modified(h: BaseHTTPRequestHandler, tag: str, modified: str) -> bool:
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        return any(t.strip() in (tag, "*", f"W/{tag}") for t in inm.split(","))
    ims = h.headers.get("If-Modified-Since")
    if ims is not None:
        try:
            return parsedate_to_datetime(ims) >= parsedate_to_datetime(modified)
        except (TypeError, ValueError):
            return False
    return False
