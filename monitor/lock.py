"""One daemon per home: ``run`` holds an exclusive lock on ``HOME/run.lock`` while it runs.

The lock is an ``flock`` on an open file, so it goes away with the process however it ends
(a crash or SIGKILL leaves no stale lock to clean up). The file holds the holder's pid, for
the message a second ``run`` prints.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from monitor.errors import MonitorError

LOCK_NAME = "run.lock"


class AlreadyRunning(MonitorError):
    """Another daemon holds this home."""

    exit_code = 1


class HomeLock:
    """``with HomeLock(home):`` — raises AlreadyRunning when another process holds it."""

    def __init__(self, home: Path) -> None:
        self.path = home / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> HomeLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                holder = os.read(fd, 32).decode(errors="replace").strip()
            finally:
                os.close(fd)
            pid = f" (pid {holder})" if holder.isdigit() else ""
            raise AlreadyRunning(
                f"another `posting-monitor run` is using {self.path.parent}{pid}; stop it first "
                "(one daemon per home)"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing drops the lock

    def __enter__(self) -> HomeLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.release()
