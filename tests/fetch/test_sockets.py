"""The asyncio network backend under httpx, against real sockets: plain, TLS, timeouts and hang-ups."""

from __future__ import annotations

import asyncio
import hashlib
import socket
import ssl
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
import trustme
from support.board import LocalBoard, respond

import monitor.sockets
from monitor.fetch import Fetcher, FetchSettings
from monitor.sockets import AsyncioBackend, use_asyncio_backend

LIMITS = httpx.Limits(max_connections=2, max_keepalive_connections=2)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_board(ca: trustme.CA) -> Iterator[LocalBoard]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with LocalBoard(tls=context) as board:
        yield board


def _client(verify: ssl.SSLContext, timeout: float = 5.0) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=LIMITS)
    assert use_asyncio_backend(transport, verify, LIMITS)
    return httpx.AsyncClient(transport=transport, timeout=timeout)


def _trusting(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


async def test_https_through_the_asyncio_backend(tls_board: LocalBoard, ca: trustme.CA) -> None:
    tls_board.set("/job", "<h1>Engineer</h1>")
    async with _client(_trusting(ca)) as client:
        answers = [await client.get(tls_board.url("/job")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].text == "<h1>Engineer</h1>"
    assert tls_board.connections == 1  # kept alive across the three


async def test_an_untrusted_certificate_is_a_connect_error(tls_board: LocalBoard) -> None:
    tls_board.set("/job", "<h1>Engineer</h1>")
    async with _client(ssl.create_default_context()) as client:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(tls_board.url("/job"))


async def test_keep_alive_reuses_one_connection(board: LocalBoard) -> None:
    board.set("/job", "<h1>Engineer</h1>")
    async with _client(ssl.create_default_context()) as client:
        for _ in range(5):
            assert (await client.get(board.url("/job"))).status_code == 200
    assert board.connections == 1


async def test_a_connection_the_server_dropped_while_idle_is_not_reused(board: LocalBoard) -> None:
    def answer_then_hang_up(h: BaseHTTPRequestHandler) -> None:
        respond(h, 200, "<p>once</p>")  # no "Connection: close": the client keeps the connection
        h.close_connection = True

    board.set_handler("/job", answer_then_hang_up)
    async with _client(ssl.create_default_context()) as client:
        first = await client.get(board.url("/job"))
        await asyncio.sleep(0.2)  # the server's FIN arrives while the connection sits in the pool
        second = await client.get(board.url("/job"))
    assert (first.status_code, second.status_code) == (200, 200)
    assert board.connections == 2


async def test_silence_is_a_read_timeout(board: LocalBoard) -> None:
    board.set_handler("/slow", lambda h: board.stopped.wait(5))
    async with _client(ssl.create_default_context(), timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(board.url("/slow"))


async def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: refused
        async with _client(ssl.create_default_context()) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://127.0.0.1:{port}/")


async def test_a_big_body_read_slowly_arrives_whole(board: LocalBoard) -> None:
    body = bytes(range(256)) * (12 * 1024)  # 3 MiB, three times the read-ahead bound
    board.set("/big", body)
    digest = hashlib.sha256()
    async with (
        _client(ssl.create_default_context()) as client,
        client.stream("GET", board.url("/big")) as answer,
    ):
        async for chunk in answer.aiter_raw():
            digest.update(chunk)
            await asyncio.sleep(0.001)  # slower than the socket: the backend must pause reading
    assert digest.digest() == hashlib.sha256(body).digest()


async def test_the_fetcher_connects_through_the_asyncio_backend(
    board: LocalBoard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If httpx ever builds its pool differently, this fails instead of silently falling back to anyio."""
    connects: list[tuple[str, int]] = []
    real = AsyncioBackend.connect_tcp

    async def counting(self: AsyncioBackend, host: str, port: int, *args: object, **kw: object) -> object:
        connects.append((host, port))
        return await real(self, host, port, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(monitor.sockets.AsyncioBackend, "connect_tcp", counting)
    board.set("/job", "<h1>Engineer</h1>")
    async with Fetcher(FetchSettings()) as fetcher:
        result = await fetcher.fetch(board.url("/job"))
    assert result.status == 200 and connects == [("127.0.0.1", board.port)]


async def test_the_fetcher_verifies_https_against_the_ca_bundle(
    tls_board: LocalBoard, ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CA bundle is loaded only once an HTTPS page is fetched, and that page is verified with it."""
    tls_board.set("/job", "<h1>Engineer</h1>")
    async with Fetcher(FetchSettings(retries=0)) as fetcher:
        refused = await fetcher.fetch(tls_board.url("/job"))
    assert refused.status is None and refused.error is not None  # the local CA is not in the bundle

    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # honoured by httpx's default context
    async with Fetcher(FetchSettings(retries=0)) as fetcher:
        result = await fetcher.fetch(tls_board.url("/job"))
    assert result.status == 200 and result.text == "<h1>Engineer</h1>"
