"""The fetcher's sockets: an asyncio network backend for httpcore, the engine under httpx.

httpcore reaches asyncio through anyio by default, and on a run of thousands of
pages that layer costs more CPU than HTTP itself: every read and write opens a
cancel scope (``fail_after``), and every reuse of a pooled connection asks the
stream for its socket through anyio's attribute table to see whether the server
hung up. This backend talks to the event loop directly: a protocol buffers what
the loop reads, ``read`` returns buffered bytes without arming a timer, and a
timer is armed only when it must wait. It raises httpcore's own exceptions,
which httpx maps to its tree as it does for the default backend, so nothing
above the transport can tell the two apart.

Plugged in by :func:`use_asyncio_backend` through httpcore's public
``network_backend`` hook.
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = ["AsyncioBackend", "use_asyncio_backend"]

#: Stop reading from the socket while this much is buffered and unread (a slow consumer).
_HIGH_WATER = 1024 * 1024
_HAPPY_EYEBALLS_DELAY = 0.25  # RFC 8305's recommended connection attempt delay

_SocketOption = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


class _Buffering(asyncio.Protocol):
    """What the event loop read from one connection, and whether it ended."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        self.error: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self._readable: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _HIGH_WATER and not self.reading_paused and self.transport is not None:
            self.transport.pause_reading()
            self.reading_paused = True
        self._wake_reader()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake_reader()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.eof = True
        self.error = exc
        self._wake_reader()
        self._wake_writer()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        self._wake_writer()

    def _wake_reader(self) -> None:
        _wake(self._readable)
        self._readable = None

    def _wake_writer(self) -> None:
        _wake(self._writable)
        self._writable = None

    async def until_readable(self, timeout: float | None) -> None:
        """Until there is data or the connection ended; ReadTimeout after ``timeout`` seconds."""
        self._readable = asyncio.get_running_loop().create_future()
        await _wait(self._readable, timeout, httpcore.ReadTimeout)

    async def until_writable(self, timeout: float | None) -> None:
        """Until the transport takes writes again or the connection ended; WriteTimeout after ``timeout``."""
        self._writable = asyncio.get_running_loop().create_future()
        await _wait(self._writable, timeout, httpcore.WriteTimeout)


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


async def _wait(waiter: asyncio.Future[None], timeout: float | None, timeout_error: type[Exception]) -> None:
    timer = asyncio.get_running_loop().call_later(timeout, _expire, waiter) if timeout is not None else None
    try:
        await waiter
    except TimeoutError:
        raise timeout_error(f"nothing happened on the connection within {timeout} s") from None
    finally:
        if timer is not None:
            timer.cancel()


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


def _readable_now(sock: Any) -> bool:
    """The socket has something to read right now (or is gone): poll it without waiting."""
    fd = sock.fileno() if sock is not None else -1
    if fd < 0:
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection, plain or TLS, as httpcore reads and writes it."""

    def __init__(self, transport: asyncio.Transport, protocol: _Buffering) -> None:
        self._transport = transport
        self._protocol = protocol
        protocol.transport = transport

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        p = self._protocol
        if not p.buffer and not p.eof:
            await p.until_readable(timeout)
        if p.buffer:
            if len(p.buffer) <= max_bytes:
                data = bytes(p.buffer)
                p.buffer.clear()
            else:
                data = bytes(p.buffer[:max_bytes])
                del p.buffer[:max_bytes]
            if p.reading_paused and len(p.buffer) <= _HIGH_WATER // 4:
                p.reading_paused = False
                self._transport.resume_reading()
            return data
        if p.error is not None:
            raise httpcore.ReadError(str(p.error) or type(p.error).__name__) from p.error
        return b""  # the server closed the connection

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        p = self._protocol
        if self._transport.is_closing() or p.error is not None:
            raise httpcore.WriteError("the connection is closed")
        self._transport.write(buffer)
        if p.writing_paused and p.error is None:
            await p.until_writable(timeout)
        if p.error is not None:
            raise httpcore.WriteError(str(p.error) or type(p.error).__name__) from p.error

    async def aclose(self) -> None:
        await _discard(self._transport)

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(
                    self._transport, self._protocol, ssl_context, server_hostname=server_hostname
                )
        except TimeoutError as exc:
            await _discard(self._transport)
            raise httpcore.ConnectTimeout("TLS handshake timed out") from exc
        except (OSError, ssl.SSLError, ConnectionError) as exc:
            await _discard(self._transport)
            raise httpcore.ConnectError(str(exc)) from exc
        if transport is None:
            await _discard(self._transport)
            raise httpcore.ConnectError("TLS handshake failed")
        assert isinstance(transport, asyncio.Transport)
        return AsyncioStream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        if info == "socket":
            return self._transport.get_extra_info("socket")
        if info == "is_readable":
            # an idle connection with something to read has been closed (or broken) by the server
            p = self._protocol
            return p.eof or bool(p.buffer) or _readable_now(self._transport.get_extra_info("socket"))
        return None


async def _discard(transport: asyncio.Transport) -> None:
    """Close at once, as anyio does for httpcore (no TLS close_notify), and let the loop release the socket."""
    transport.abort()
    await asyncio.sleep(0)


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections made by the running asyncio loop, with httpcore's exceptions."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_connection(
                    _Buffering,
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    happy_eyeballs_delay=_HAPPY_EYEBALLS_DELAY,
                )
        except TimeoutError as exc:  # before OSError, which it is a kind of
            raise httpcore.ConnectTimeout(f"no connection to {host}:{port} within {timeout} s") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        _set_options(transport, socket_options)
        return AsyncioStream(transport, protocol)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport, protocol = await loop.create_unix_connection(_Buffering, path)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"no connection to {path} within {timeout} s") from exc
        except OSError as exc:
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        _set_options(transport, socket_options)
        return AsyncioStream(transport, protocol)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _set_options(transport: asyncio.Transport, options: Iterable[_SocketOption] | None) -> None:
    sock: socket.socket | None = transport.get_extra_info("socket")
    for option in options or ():
        if sock is not None:
            sock.setsockopt(*option)


def use_asyncio_backend(
    transport: httpx.AsyncHTTPTransport, ssl_context: ssl.SSLContext, limits: httpx.Limits
) -> bool:
    """Give ``transport`` a connection pool that uses :class:`AsyncioBackend`; False if it cannot.

    httpx builds its pool without a way to pass a network backend, so the pool
    is rebuilt with the same settings. A transport that is not the plain
    one-pool kind (a proxy, or a future httpx that keeps its pool elsewhere) is
    left as it is and works through anyio as before.
    """
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        return False
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        http1=True,
        http2=False,
        network_backend=AsyncioBackend(),
    )
    return True
