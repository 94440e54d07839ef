"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives.

Delivery tests talk SMTP over a socket instead of mocking smtplib, so Apprise's
real e-mail plugin, its login and its connection errors are exercised. The
server can be stopped and started again on the same port to play an outage.

    smtp = SmtpServer(user="user", password="pw").start()
    smtp.url()        # -> "mailto://user:pw@127.0.0.1:PORT?from=...&to=..."
    smtp.stop(); smtp.start()
    smtp.messages     # parsed email.message.EmailMessage objects
    smtp.close()
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

FROM = "monitor@example.com"
TO = "me@example.com"


def free_port() -> int:
    """A port nothing listens on right now (bound and released at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        with self.server._lock:
            self.server.messages.append(msg)
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd behind a threaded Controller; plain SMTP, AUTH allowed without TLS when credentials are set."""

    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.user = user
        self.password = password
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpServer:
        """Listen on ``self.port`` (the same port after a stop); a fresh Controller each time."""
        if self._controller is not None:
            return self
        kwargs: dict[str, Any] = {}
        if self.user is not None:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": False}
        controller = Controller(_Handler(self), hostname=self.host, port=self.port, **kwargs)
        try:
            controller.start()
        except BaseException:
            controller.loop.close()
            raise
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop listening; connections are refused until ``start`` is called again."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    close = stop

    @property
    def running(self) -> bool:
        return self._controller is not None

    def received(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)

    def url(self, *, to: str = TO, sender: str = FROM) -> str:
        """The Apprise URL for this server: ``mailto://`` is plain SMTP (Apprise's "insecure" mode)."""
        cred = ""
        if self.user is not None:
            cred = f"{quote(self.user, safe='')}:{quote(self.password or '', safe='')}@"
        return f"mailto://{cred}{self.host}:{self.port}?from={sender}&to={to}"


def html_part(msg: EmailMessage) -> str:
    """The text/html body of a received message."""
    part = msg.get_body(preferencelist=("html",))
    assert part is not None, "the message has no HTML part"
    return str(part.get_content())
