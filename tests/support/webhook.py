"""A real HTTP receiver on 127.0.0.1 that records JSON POSTs, for Apprise ``json://`` URLs.

hook = Webhook().start()
hook.url("/hook")                 # -> "json://127.0.0.1:PORT/hook"
hook.status = 500                 # make it refuse messages
hook.received("/hook")            # the decoded JSON bodies posted there
hook.close()
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, urlsplit

from support.serving import BackgroundServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any  # the decoded JSON, or the raw text when it was not JSON


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hook: Webhook


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace")
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw
        hook = self.server.hook
        with hook._lock:
            status = hook.status
            if status < 400:
                hook.requests.append(Received(urlsplit(self.path).path, dict(self.headers.items()), body))
            else:
                hook.refused += 1
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Webhook(BackgroundServer):
    """A threaded stdlib HTTP server on an ephemeral port; ``status`` >= 400 refuses (and does not keep) a POST."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.refused = 0
        self.status = 200
        self._lock = threading.Lock()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.hook = self
        super().__init__(server)

    def url(self, path: str = "/hook", *, user: str | None = None, password: str | None = None) -> str:
        cred = ""
        if user is not None:
            cred = f"{quote(user, safe='')}:{quote(password or '', safe='')}@"
        return f"json://{cred}127.0.0.1:{self.port}{path}"

    def received(self, path: str | None = None) -> list[Any]:
        """JSON bodies accepted so far (at ``path`` only, when given)."""
        with self._lock:
            return [r.body for r in self.requests if path is None or r.path == path]

    def close(self) -> None:
        self._stop_serving(join_timeout=5)
