"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.board import LocalBoard

from monitor.store import Store


@pytest.fixture
def board() -> Iterator[LocalBoard]:
    """A started local HTTP server; routes are set by the test, and it is closed afterwards."""
    b = LocalBoard().start()
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real SQLite store in a fresh file, closed afterwards."""
    s = Store(tmp_path / "m.db")
    try:
        yield s
    finally:
        s.close()


# --- the CLI as a user runs it -------------------------------------------------------------------------

import subprocess  # noqa: E402
import sys  # noqa: E402


class Cli:
    """Runs ``python -m monitor --home HOME ...`` in a subprocess, as a user or a script would."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def __call__(self, *args: str, ok: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "monitor", "--home", str(self.home), *args],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if ok and proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}: {args}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


# --- notification receivers ----------------------------------------------------------------------------

from support.smtp import SmtpServer  # noqa: E402
from support.webhook import Webhook  # noqa: E402


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real aiosmtpd server on 127.0.0.1 accepting AUTH user/pw in plain text; stopped afterwards."""
    server = SmtpServer(user="user", password="pw").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    """A real HTTP receiver for Apprise json:// URLs; closed afterwards."""
    hook = Webhook().start()
    try:
        yield hook
    finally:
        hook.close()
