"""SystemdNotifier and watchdog_loop against a real AF_UNIX datagram socket."""

import asyncio
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.sdnotify import SystemdNotifier, watchdog_loop

# sockaddr_un.sun_path is 108 bytes including the terminating NUL.
_MAX_SUN_PATH = 107


def _recv(sock: socket.socket) -> bytes:
    return sock.recv(4096)


def _drain(sock: socket.socket) -> list[bytes]:
    """Everything queued on the socket right now, without waiting."""
    messages: list[bytes] = []
    sock.setblocking(False)
    try:
        while True:
            messages.append(sock.recv(4096))
    except BlockingIOError:
        return messages
    finally:
        sock.settimeout(2.0)


@pytest.fixture
def socket_dir(tmp_path: Path) -> Iterator[Path]:
    """tmp_path, unless it is too long for an AF_UNIX path (deep --basetemp)."""
    if len(str(tmp_path / "notify.sock")) <= _MAX_SUN_PATH:
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(prefix="sdn-") as short:
        yield Path(short)


@pytest.fixture
def receiver(socket_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A bound datagram socket posing as systemd, exported as NOTIFY_SOCKET."""
    path = socket_dir / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        sock.settimeout(2.0)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        yield sock


def test_ready(receiver: socket.socket) -> None:
    assert SystemdNotifier().ready() is True
    assert _recv(receiver) == b"READY=1"


def test_status(receiver: socket.socket) -> None:
    SystemdNotifier().status("watching 12 postings")
    assert _recv(receiver) == b"STATUS=watching 12 postings"


def test_status_newlines_cannot_inject_assignments(receiver: socket.socket) -> None:
    SystemdNotifier().status("ok\nREADY=1")
    assert _recv(receiver) == b"STATUS=ok READY=1"


def test_watchdog(receiver: socket.socket) -> None:
    SystemdNotifier().watchdog()
    assert _recv(receiver) == b"WATCHDOG=1"


def test_stopping(receiver: socket.socket) -> None:
    SystemdNotifier().stopping()
    assert _recv(receiver) == b"STOPPING=1"


def test_reloading_carries_monotonic_usec(receiver: socket.socket) -> None:
    before = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    SystemdNotifier().reloading()
    after = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    first, second = _recv(receiver).decode().split("\n")
    assert first == "RELOADING=1"
    key, _, value = second.partition("=")
    assert key == "MONOTONIC_USEC"
    assert before <= int(value) <= after


def test_notify_sends_lines_as_one_datagram(receiver: socket.socket) -> None:
    SystemdNotifier().notify("READY=1", "STATUS=up")
    assert _recv(receiver) == b"READY=1\nSTATUS=up"
    assert _drain(receiver) == []


def test_abstract_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"posting-monitor-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(2.0)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        notifier = SystemdNotifier()
        assert notifier.enabled
        assert notifier.ready() is True
        assert _recv(sock) == b"READY=1"


def test_unset_notify_socket_is_a_noop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.ready() is False
    assert notifier.status("x") is False
    assert notifier.watchdog() is False
    assert notifier.stopping() is False
    assert notifier.reloading() is False


def test_missing_socket_path_does_not_raise(socket_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", str(socket_dir / "nobody-listens.sock"))
    notifier = SystemdNotifier()
    assert notifier.enabled
    assert notifier.ready() is False
    assert notifier.watchdog() is False


def test_relative_socket_path_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", "relative/notify.sock")
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.ready() is False


def test_watchdog_interval_is_half_of_watchdog_usec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    assert SystemdNotifier().watchdog_interval() == 1.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert SystemdNotifier().watchdog_interval() == 1.0


def test_watchdog_interval_for_another_pid_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "2000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))
    assert SystemdNotifier().watchdog_interval() is None


@pytest.mark.parametrize("usec", [None, "", "0", "-5", "soon"])
def test_watchdog_interval_off_or_invalid_is_none(usec: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    if usec is None:
        monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    else:
        monkeypatch.setenv("WATCHDOG_USEC", usec)
    assert SystemdNotifier().watchdog_interval() is None


def test_explicit_environ_mapping(receiver: socket.socket) -> None:
    env = {"NOTIFY_SOCKET": receiver.getsockname(), "WATCHDOG_USEC": "500000"}
    notifier = SystemdNotifier(env)
    assert notifier.watchdog_interval() == 0.25
    notifier.ready()
    assert _recv(receiver) == b"READY=1"


async def test_watchdog_loop_pings_until_stopped(receiver: socket.socket) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(watchdog_loop(SystemdNotifier(), 0.01, stop))
    pings: list[bytes] = []
    deadline = time.monotonic() + 2.0
    while len(pings) < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
        pings += _drain(receiver)
    stop.set()
    await asyncio.wait_for(task, timeout=1.0)
    pings += _drain(receiver)
    assert len(pings) >= 3
    assert set(pings) == {b"WATCHDOG=1"}
    await asyncio.sleep(0.05)
    assert _drain(receiver) == []


async def test_watchdog_loop_stops_promptly_mid_interval(receiver: socket.socket) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(watchdog_loop(SystemdNotifier(), 3600, stop))
    await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, timeout=1.0)
    assert _drain(receiver) == [b"WATCHDOG=1"]


async def test_watchdog_loop_returns_at_once_if_already_stopped(receiver: socket.socket) -> None:
    stop = asyncio.Event()
    stop.set()
    await asyncio.wait_for(watchdog_loop(SystemdNotifier(), 0.01, stop), timeout=1.0)
    assert _drain(receiver) == []


async def test_watchdog_loop_without_systemd_is_harmless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    stop = asyncio.Event()
    task = asyncio.create_task(watchdog_loop(SystemdNotifier(), 0.01, stop))
    await asyncio.sleep(0.03)
    stop.set()
    await asyncio.wait_for(task, timeout=1.0)


async def test_watchdog_loop_rejects_non_positive_interval() -> None:
    with pytest.raises(ValueError, match="positive"):
        await watchdog_loop(SystemdNotifier({}), 0, asyncio.Event())
