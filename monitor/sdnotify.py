"""systemd ``sd_notify`` protocol in pure Python.

The daemon runs as ``Type=notify`` with ``WatchdogSec=`` (see
``systemd/posting-monitor.service``). The protocol is just newline-separated
``KEY=value`` datagrams sent to the AF_UNIX socket named by ``$NOTIFY_SOCKET``,
so it is implemented here rather than pulling in libsystemd through a C
extension. Outside systemd (``$NOTIFY_SOCKET`` unset) everything is a no-op, so
callers never need to check where they run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Mapping

__all__ = ["SystemdNotifier", "watchdog_loop"]

log = logging.getLogger(__name__)

# systemd reads notifications without blocking; if its queue is full we would
# rather drop a message than stall the event loop for long.
_SEND_TIMEOUT = 1.0


def _parse_address(value: str | None) -> str | None:
    """Turn ``$NOTIFY_SOCKET`` into a ``socket.sendto`` address, or None.

    Only absolute paths and ``@abstract`` names are valid AF_UNIX targets, as
    in ``sd_notify(3)``; anything else (e.g. ``vsock:`` from newer systemd) is
    unsupported and disables notification instead of failing later.
    """
    if not value:
        return None
    if value.startswith("@"):
        # Linux abstract namespace: a leading NUL byte instead of a path.
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    log.debug("unsupported NOTIFY_SOCKET %r; systemd notifications disabled", value)
    return None


class SystemdNotifier:
    """Send state changes and watchdog pings to systemd.

    ``$NOTIFY_SOCKET`` is read once, at construction; the watchdog variables
    are read when asked, from ``environ`` (``os.environ`` by default).
    Sending never raises: a broken notify channel must not take the daemon
    down, it only costs a log line at debug level.
    """

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        self._address = _parse_address(self._environ.get("NOTIFY_SOCKET"))

    @property
    def enabled(self) -> bool:
        """True when running under systemd with a usable notify socket."""
        return self._address is not None

    def notify(self, *lines: str) -> bool:
        """Send ``KEY=value`` lines as one datagram; True if it was sent.

        systemd applies a datagram atomically, so related assignments (e.g.
        RELOADING and MONOTONIC_USEC) belong in one call.
        """
        if self._address is None or not lines:
            return False
        try:
            payload = "\n".join(lines).encode()
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.settimeout(_SEND_TIMEOUT)
                sock.sendto(payload, self._address)
        except Exception as exc:  # never let notification failures escape
            log.debug("sd_notify %r failed: %s", lines, exc)
            return False
        return True

    def ready(self) -> bool:
        """Startup finished; systemd considers the unit started from now on."""
        return self.notify("READY=1")

    def status(self, text: str) -> bool:
        """Free-form status shown by ``systemctl status``.

        Newlines are flattened so the text can't inject further assignments.
        """
        return self.notify("STATUS=" + " ".join(text.splitlines()))

    def watchdog(self) -> bool:
        """Tell systemd we are alive; missing these for WatchdogSec kills us."""
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        """Shutdown has begun, so slow teardown isn't mistaken for a hang."""
        return self.notify("STOPPING=1")

    def reloading(self) -> bool:
        """A reload (SIGHUP) has begun; send ``ready()`` when it is done.

        ``MONOTONIC_USEC`` is what systemd >= 253 requires for
        ``Type=notify-reload``; older versions ignore the extra field.
        """
        usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.notify("RELOADING=1", f"MONOTONIC_USEC={usec}")

    def watchdog_interval(self) -> float | None:
        """Seconds between watchdog pings, or None if the watchdog is off.

        Half of ``WATCHDOG_USEC``, as ``sd_watchdog_enabled(3)`` recommends,
        so one late ping doesn't trigger a restart. ``WATCHDOG_PID`` naming
        another process means the variables were inherited and aren't ours.
        """
        try:
            usec = int(self._environ.get("WATCHDOG_USEC", ""))
        except ValueError:
            return None
        if usec <= 0:
            return None
        pid = self._environ.get("WATCHDOG_PID")
        if pid is not None:
            try:
                if int(pid) != os.getpid():
                    return None
            except ValueError:
                return None
        return usec / 2 / 1_000_000


async def watchdog_loop(notifier: SystemdNotifier, interval: float, stop: asyncio.Event) -> None:
    """Ping ``WATCHDOG=1`` every ``interval`` seconds until ``stop`` is set.

    Runs on the event loop on purpose, not in a thread: if the loop is blocked
    the pings stop and systemd restarts the daemon, which is the point of the
    watchdog. Pings once immediately, then at each interval; returns promptly
    once ``stop`` is set.
    """
    if interval <= 0:
        raise ValueError(f"watchdog interval must be positive, got {interval!r}")
    while not stop.is_set():
        notifier.watchdog()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
