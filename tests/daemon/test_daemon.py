"""The daemon as systemd runs it: a real process, a real notify socket, real HTTP, real SQLite.

Every wait polls with a deadline and every child is killed in a ``finally``,
so a broken daemon fails a test quickly instead of hanging the suite.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from support.board import LocalBoard, respond
from support.postings import posting_page

from monitor.daemon import STARTUP_SPREAD, first_run_at, format_eta
from monitor.store import Watch

# --- harness ---------------------------------------------------------------------------------------------


def wait_until(
    what: str, predicate: Callable[[], Any], timeout: float, on_fail: Callable[[], str] = str
) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{on_fail()}")
        time.sleep(0.05)


class NotifySocket:
    """A bound AF_UNIX datagram socket posing as systemd; a thread drains it so the daemon never blocks."""

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="pmd-", dir="/tmp")  # sun_path is short: keep it out of tmp_path
        self.path = os.path.join(self._dir, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.1)
        self.messages: list[str] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while not self._closed.is_set():
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.messages.append(data.decode())

    def lines(self) -> list[str]:
        """Every ``KEY=value`` line received so far, in order."""
        with self._lock:
            return [line for m in self.messages for line in m.split("\n")]

    def wait_for(
        self, prefix: str, *, after: int = 0, timeout: float = 15, daemon: Daemon | None = None
    ) -> int:
        """Index of the first line at or after ``after`` starting with ``prefix``."""

        def find() -> int | None:
            for i, line in enumerate(self.lines()[after:], start=after):
                if line.startswith(prefix):
                    return i + 1  # +1 so index 0 is truthy; undone below
            return None

        return (
            int(wait_until(f"{prefix!r} on NOTIFY_SOCKET", find, timeout, daemon.log if daemon else str)) - 1
        )

    def close(self) -> None:
        self._closed.set()
        self.sock.close()
        self._thread.join(timeout=2)
        shutil.rmtree(self._dir, ignore_errors=True)


class Daemon:
    """``python -m monitor --home HOME run`` as a child process, its stderr in a file."""

    def __init__(self, home: Path, notify: NotifySocket, *, watchdog_usec: int | None = None) -> None:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("NOTIFY_", "WATCHDOG_", "POSTING_MONITOR_", "JOURNAL_"))}  # fmt: skip
        env["NOTIFY_SOCKET"] = notify.path
        if watchdog_usec is not None:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        self.home = home
        self.notify = notify
        self.log_path = home / f"daemon-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--home", str(home), "run"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 15) -> int:
        return self.notify.wait_for("READY=1", timeout=timeout, daemon=self)

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"daemon still running after {timeout}s\n{self.log()}") from None

    def stop(self) -> None:
        """Whatever state it is in: gone afterwards."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def notify() -> Iterator[NotifySocket]:
    n = NotifySocket()
    try:
        yield n
    finally:
        n.close()


@pytest.fixture
def spawn(home: Path, notify: NotifySocket) -> Iterator[Callable[..., Daemon]]:
    """Start daemons on ``home``; every one is killed at the end, whatever happened."""
    started: list[Daemon] = []

    def start(**kwargs: Any) -> Daemon:
        d = Daemon(home, notify, **kwargs)
        started.append(d)
        return d

    try:
        yield start
    finally:
        for d in started:
            d.stop()


def write_config(home: Path, text: str, mode: int = 0o600) -> Path:
    path = home / "monitor.toml"
    path.write_text(text)
    path.chmod(mode)
    return path


FAST = '[monitor]\ninterval = "1s"\njitter = "0s"\n'


def query(home: Path, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one query on a fresh connection (closed at once, so it never holds the WAL open)."""
    db = sqlite3.connect(home / "monitor.db", timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):  # the daemon has not migrated yet
            return []
        raise
    finally:
        db.close()


def count(home: Path, sql: str, args: tuple[Any, ...] = ()) -> int:
    rows = query(home, sql, args)
    return int(rows[0][0]) if rows else 0


def fetched(board: LocalBoard, path: str) -> int:
    return board.paths().count(path)


def delayed(board: LocalBoard, seconds: float, body: str) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler that answers ``body`` after ``seconds`` (or at once when the board closes)."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        board.stopped.wait(seconds)
        respond(h, 200, body)

    return handler


# --- 1. systemd notify protocol ---------------------------------------------------------------------------


def test_ready_watchdog_status_reload_and_stopping(board: LocalBoard, cli: Any, home: Path,
                                                   notify: NotifySocket, spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    write_config(home, FAST)
    board.set("/job", posting_page())
    cli("add", board.url("/job"), "--every", "1s")
    d = spawn(watchdog_usec=1_000_000)
    ready = d.wait_ready()
    notify.wait_for("WATCHDOG=1", after=ready, daemon=d)
    notify.wait_for("STATUS=watching 1 posting; next check in", daemon=d)
    wait_until("a check", lambda: count(home, "SELECT count(*) FROM checks"), 10, d.log)
    pings = wait_until(
        "a few watchdog pings", lambda: notify.lines().count("WATCHDOG=1") >= 2 or None, 10, d.log
    )
    assert pings

    # SIGHUP: RELOADING=1 then READY=1; a broken config is logged and the old settings stay.
    mark = len(notify.lines())
    d.signal(signal.SIGHUP)
    reloading = notify.wait_for("RELOADING=1", after=mark, daemon=d)
    assert notify.lines()[reloading + 1].startswith("MONOTONIC_USEC=")  # same datagram
    notify.wait_for("READY=1", after=reloading, daemon=d)
    write_config(home, "[monitor]\ninterval = 'soon'\n")
    mark = len(notify.lines())
    d.signal(signal.SIGHUP)
    notify.wait_for("READY=1", after=notify.wait_for("RELOADING=1", after=mark, daemon=d), daemon=d)
    wait_until("the reload error in the log", lambda: "keeping the previous settings" in d.log(), 5, d.log)
    checks = count(home, "SELECT count(*) FROM checks")
    wait_until("checks to go on", lambda: count(home, "SELECT count(*) FROM checks") > checks, 10, d.log)

    mark = len(notify.lines())
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()
    assert "STOPPING=1" in notify.lines()[mark:]
    log = d.log()
    assert "Traceback" not in log and "ERROR monitor.daemon: reload failed" in log


# --- 2. watch list follows the database -------------------------------------------------------------------


def test_watches_added_and_removed_from_another_process(board: LocalBoard, cli: Any, home: Path,
                                                        spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    write_config(home, FAST)
    for path in ("/a", "/b", "/c"):
        board.set(path, posting_page(title=f"Watch {path}"))
    cli("add", board.url("/a"), "--every", "1s")
    d = spawn()
    d.wait_ready()
    wait_until("/a fetched", lambda: fetched(board, "/a"), 10, d.log)

    # The hard case: SQLite gives /b the id /a had, so the watch list's fingerprint may not move.
    cli("remove", board.url("/a"))
    cli("add", board.url("/b"), "--every", "1s")
    assert query(home, "SELECT id FROM watches") == [(1,)]
    wait_until("/b (same id as /a) fetched without a restart", lambda: fetched(board, "/b"), 12, d.log)
    a_then = fetched(board, "/a")
    # The plain case: a new id, seen through the fingerprint.
    cli("add", board.url("/c"), "--every", "1s")
    wait_until("/c fetched without a restart", lambda: fetched(board, "/c"), 12, d.log)
    assert fetched(board, "/a") == a_then, "a removed watch was still fetched"
    assert fetched(board, "/b") >= 2
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()


# --- 3. SIGTERM during a check ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shutdown_timeout", "server_delay", "recorded"),
    [("10s", 2.0, True), ("1s", 6.0, False)],
    ids=["check-finishes", "check-cancelled-at-the-bound"],
)
def test_sigterm_during_a_check(board: LocalBoard, cli: Any, home: Path, spawn: Callable[..., Daemon],
                                shutdown_timeout: str, server_delay: float, recorded: bool) -> None:  # fmt: skip
    write_config(home, FAST + f'[daemon]\nshutdown_timeout = "{shutdown_timeout}"\n[fetch]\nretries = 0\n')
    board.set_handler("/slow", delayed(board, server_delay, posting_page()))
    cli("add", board.url("/slow"), "--every", "1s")
    d = spawn()
    d.wait_ready()
    wait_until("the slow request to arrive", lambda: fetched(board, "/slow"), 10, d.log)
    started = time.monotonic()
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()
    took = time.monotonic() - started
    if recorded:
        assert server_delay - 0.5 < took < 10, f"took {took:.1f}s\n{d.log()}"  # it waited for the check
    else:
        assert took < 1 + 2.5, f"took {took:.1f}s: the shutdown bound was not honoured\n{d.log()}"

    assert query(home, "PRAGMA integrity_check") == [("ok",)]
    assert not (home / "monitor.db-wal").exists() or (home / "monitor.db-wal").stat().st_size == 0
    checks = count(home, "SELECT count(*) FROM checks")
    snapshots = count(home, "SELECT count(*) FROM snapshots")
    state = query(home, "SELECT snapshot_id IS NOT NULL, last_check_at IS NOT NULL FROM watches")
    if recorded:
        assert (checks, snapshots, state) == (1, 1, [(1, 1)]), d.log()
    else:
        # Cancelled before it could write: nothing, rather than a check without its snapshot.
        assert (checks, snapshots, state) == (0, 0, [(0, 0)]), d.log()


# --- 4. SIGKILL, then restart -----------------------------------------------------------------------------

V1 = posting_page(pay="$100,000 - $120,000 per year", noise="v1")
V2 = posting_page(pay="$100,000 - $150,000 per year", noise="v2")


@pytest.mark.parametrize("when", ["during-the-check", "right-after-the-change"])
def test_sigkill_then_restart_loses_nothing_and_duplicates_nothing(board: LocalBoard, cli: Any, home: Path,
                                                                   spawn: Callable[..., Daemon],
                                                                   when: str, webhook: Any) -> None:  # fmt: skip
    write_config(home, '[monitor]\ninterval = "0.5s"\njitter = "0s"\n[fetch]\nretries = 0\n'
                       f'[notify]\nurls = ["{webhook.url("/hook")}"]\n')  # a channel: changes are queued
    board.set("/p", V1)
    cli("add", board.url("/p"), "--every", "0.5s")
    first = spawn()
    first.wait_ready()
    wait_until("v1 recorded", lambda: count(home, "SELECT count(*) FROM snapshots"), 10, first.log)

    if when == "during-the-check":
        before = fetched(board, "/p")
        board.set_handler("/p", delayed(board, 3.0, V2))
        wait_until("the slow v2 request", lambda: fetched(board, "/p") > before, 10, first.log)
        time.sleep(0.2)
        first.proc.kill()
        first.wait_exit(10)
        assert count(home, "SELECT count(*) FROM changes") == 0  # nothing committed yet
        board.set("/p", V2)
    else:
        board.set("/p", V2)
        wait_until("the change recorded", lambda: count(home, "SELECT count(*) FROM changes"), 10, first.log)
        first.proc.kill()
        first.wait_exit(10)

    checks = count(home, "SELECT count(*) FROM checks")
    second = spawn()
    second.wait_ready()
    wait_until("the change recorded", lambda: count(home, "SELECT count(*) FROM changes"), 10, second.log)
    wait_until("two more checks",
               lambda: count(home, "SELECT count(*) FROM checks") >= checks + 3, 10, second.log)  # fmt: skip
    second.signal(signal.SIGTERM)
    assert second.wait_exit(15) == 0, second.log()

    changes = query(home, "SELECT watch_id, material, kinds FROM changes")
    assert changes == [(1, 1, '["pay"]')], changes
    outbox = query(home, "SELECT watch_id, kind FROM outbox")
    assert outbox == [(1, "change")], outbox
    assert count(home, "SELECT count(*) FROM snapshots") == 2
    assert query(home, "PRAGMA integrity_check") == [("ok",)]


# --- 5. failing, then recovered ---------------------------------------------------------------------------


def test_five_failures_notify_once_and_recovery_once(board: LocalBoard, cli: Any, home: Path,
                                                     spawn: Callable[..., Daemon], webhook: Any) -> None:  # fmt: skip
    write_config(home, '[monitor]\ninterval = "0.5s"\njitter = "0s"\nfailing_after = 5\n'
                       '[fetch]\nretries = 0\nbackoff = "0.01s"\n'
                       f'[notify]\nurls = ["{webhook.url("/hook")}"]\n')  # fmt: skip
    board.set("/p", "<h1>Internal error</h1>", status=500)
    cli("add", board.url("/p"), "--every", "0.5s")
    d = spawn()
    d.wait_ready()

    def kinds() -> list[str]:
        return [k for (k,) in query(home, "SELECT kind FROM outbox ORDER BY id")]

    wait_until("a failing notice", lambda: "failing" in kinds(), 15, d.log)
    assert count(home, "SELECT count(*) FROM checks WHERE outcome = 'failed'") == 5
    wait_until("two more failures", lambda: count(home, "SELECT count(*) FROM checks") >= 7, 10, d.log)
    assert kinds() == ["failing"]

    board.set("/p", posting_page())
    wait_until("a recovered notice", lambda: "recovered" in kinds(), 10, d.log)
    ok_checks = count(home, "SELECT count(*) FROM checks WHERE outcome != 'failed'")
    wait_until("two more good checks",
               lambda: count(home, "SELECT count(*) FROM checks WHERE outcome != 'failed'") >= ok_checks + 2,
               10, d.log)  # fmt: skip
    assert kinds() == ["failing", "recovered"]
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()


# --- 6. secrets in a world-readable config ----------------------------------------------------------------


def test_world_readable_config_with_a_channel_refuses_to_start(board: LocalBoard, cli: Any, home: Path,
                                                                notify: NotifySocket,
                                                                spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    config = write_config(
        home, FAST + '[notify]\nurls = ["json://alice:s3cr3t-token@127.0.0.1:9/hook"]\n', 0o644
    )
    board.set("/job", posting_page())
    cli("add", board.url("/job"), "--every", "1s")
    refused = cli("run", ok=False, timeout=30)
    assert refused.returncode == 2
    assert "refusing to start" in refused.stderr and str(config) in refused.stderr
    assert "chmod o-rwx" in refused.stderr
    assert "s3cr3t-token" not in refused.stderr and "Traceback" not in refused.stderr
    assert board.requests == [] and count(home, "SELECT count(*) FROM checks") == 0

    config.chmod(0o640)  # the fix the message names: now it starts
    d = spawn()
    d.wait_ready()
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()
    assert "s3cr3t-token" not in d.log()


# --- 7. a restart spreads checks over their schedule ------------------------------------------------------


def test_restart_does_not_recheck_recently_checked_watches(board: LocalBoard, cli: Any, home: Path,
                                                           spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    write_config(home, FAST)
    for path in ("/h1", "/h2", "/fast"):
        board.set(path, posting_page(title=f"Job {path}"))
    cli("add", board.url("/h1"), board.url("/h2"), "--every", "1h")
    cli("add", board.url("/fast"), "--every", "1s")
    cli("check")  # every watch was just checked, as before a restart
    before = {p: fetched(board, p) for p in ("/h1", "/h2", "/fast")}
    d = spawn()
    d.wait_ready()
    ready_at = time.monotonic()
    wait_until("the 1s watch fetched (the daemon is checking)",
               lambda: fetched(board, "/fast") >= before["/fast"] + 2, 10, d.log)  # fmt: skip
    time.sleep(max(0.0, 3.0 - (time.monotonic() - ready_at)))
    assert fetched(board, "/h1") == before["/h1"] and fetched(board, "/h2") == before["/h2"], board.paths()
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()


# --- scheduling arithmetic, in process --------------------------------------------------------------------


def _watch(last_check_at: str | None) -> Watch:
    return Watch(id=1, url="https://x/1", name=None, tags=[], interval=None, enabled=True, created="",
                 last_check_at=last_check_at)  # fmt: skip


def test_first_run_keeps_the_regular_slot_when_it_is_ahead() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    last = (now - timedelta(minutes=10)).isoformat(timespec="seconds")
    assert first_run_at(_watch(last), 3600, now) == now + timedelta(minutes=50)


@pytest.mark.parametrize("last", [None, "2025-12-31T00:00:00+00:00", "garbage"])
def test_first_run_of_overdue_or_new_watches_is_spread_over_a_minute(last: str | None) -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    rng = random.Random(7)
    times = [first_run_at(_watch(last), 6 * 3600, now, rng=rng) for _ in range(200)]
    assert all(now <= t <= now + timedelta(seconds=STARTUP_SPREAD) for t in times)
    assert max(times) - min(times) > timedelta(seconds=STARTUP_SPREAD / 2)  # spread, not bunched


def test_first_run_spread_never_exceeds_a_short_interval() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert all(first_run_at(_watch(None), 2, now) <= now + timedelta(seconds=2) for _ in range(50))


@pytest.mark.parametrize(("seconds", "text"), [(0.2, "now"), (42, "42s"), (300, "5m"), (7500, "2h 5m"),
                                               (7200, "2h"), (3 * 86400 + 4 * 3600, "3d 4h"), (-5, "now")])  # fmt: skip
def test_format_eta(seconds: float, text: str) -> None:
    assert format_eta(seconds) == text


# --- 7. one daemon per home, and the feed file it keeps -----------------------------------------------------


def test_a_second_run_on_the_same_home_refuses_with_one_line(board: LocalBoard, cli: Any, home: Path,
                                                             spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    write_config(home, FAST)
    board.set("/job", posting_page())
    cli("add", board.url("/job"))
    first = spawn()
    first.wait_ready()
    second = cli("run", ok=False, timeout=30)
    assert second.returncode == 1, second.stderr
    (line,) = second.stderr.strip().splitlines()
    assert "another `posting-monitor run`" in line and f"pid {first.proc.pid}" in line and "Traceback" not in line
    assert first.proc.poll() is None  # the first one goes on
    first.signal(signal.SIGTERM)
    assert first.wait_exit(15) == 0, first.log()
    # Once it has stopped, the home is free again.
    again = spawn()
    wait_until("the lock taken again", lambda: (home / "run.lock").read_text() == str(again.proc.pid), 15,
               again.log)  # fmt: skip
    again.wait_ready()
    wait_until("its start logged", lambda: "daemon started" in again.log(), 15, again.log)
    again.signal(signal.SIGTERM)
    assert again.wait_exit(15) == 0, again.log()


def test_the_daemon_keeps_the_feed_file_current(board: LocalBoard, cli: Any, home: Path,
                                                spawn: Callable[..., Daemon]) -> None:  # fmt: skip
    import feedparser

    write_config(home, '[monitor]\ninterval = "0.5s"\njitter = "0s"\n[fetch]\nretries = 0\n'
                       '[feed]\npath = "out/changes.atom"\n')  # fmt: skip
    board.set("/p", V1)
    cli("add", board.url("/p"), "--every", "0.5s")
    d = spawn()
    d.wait_ready()
    feed_file = home / "out" / "changes.atom"
    wait_until("the feed file", feed_file.exists, 10, d.log)
    assert feedparser.parse(feed_file.read_text()).entries == []
    wait_until("v1 recorded", lambda: count(home, "SELECT count(*) FROM snapshots"), 10, d.log)
    board.set("/p", V2)

    def entries() -> list[Any]:
        return list(feedparser.parse(feed_file.read_text()).entries)

    (entry,) = wait_until("the change in the feed", entries, 10, d.log)
    assert "Pay max 120,000 → 150,000" in entry.title and entry.link == board.url("/p")
    d.signal(signal.SIGTERM)
    assert d.wait_exit(15) == 0, d.log()
