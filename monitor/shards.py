"""Large check runs spread over worker processes, each owning a share of the hosts.

Fetching a page costs about a millisecond of Python (HTTP parsing, decoding) and reading
it two or three more, all holding the GIL, so one process tops out near 300 pages a
second. A shard is a process with its own event loop and :class:`~monitor.fetch.Fetcher`
that fetches and reads the pages of its hosts and streams back :class:`~monitor.engine.Probe`
objects — never the pages. The parent only decides and writes, so SQLite keeps one writer.

Every host lives in exactly one shard, so the per-host politeness limit holds as in a
single process (a redirect to another shard's host is the exception); the global
concurrency limit is split evenly between the shards.

A shard that dies (killed, out of memory) loses no watch: each watch it had not reported
is recorded as a failed check, and the other shards go on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
import math
import multiprocessing
import os
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported where used: the CLI imports this module before it needs them
    from monitor.engine import Probe
    from monitor.extract import PageReading
    from monitor.fetch import Fetcher, FetchSettings
    from monitor.models import FetchResult
    from monitor.store import Watch

    #: What a shard sends per watch: (watch id, probe) or (watch id, None, traceback of a bug).
    Report = tuple[int, Probe | None, str | None]

__all__ = ["MIN_WATCHES", "plan_shards", "prepare", "run_sharded", "shard_count"]

log = logging.getLogger(__name__)

#: Below this many watches, starting processes costs more than it saves.
MIN_WATCHES = 64
#: A shard sends what it has once this many probes wait, or after FLUSH_SECONDS.
BATCH = 16
FLUSH_SECONDS = 0.05



def cores() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def shard_count(watches: int) -> int:
    """How many shard processes suit a run of this many watches: one per core, or 0 for none."""
    n = cores()
    return n if watches >= MIN_WATCHES and n >= 2 else 0


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def plan_shards(watches: Sequence[Watch], count: int) -> list[list[Watch]]:
    """Split watches into at most ``count`` shards with no host in two of them, sizes near equal.

    Hosts go largest first to the lightest shard. Within a shard, watches take turns by host
    (a, b, c, a, b, c…) so that a fixed set of fetching tasks keeps every host busy instead of
    queueing behind one host's politeness limit.
    """
    by_host: dict[str, list[Watch]] = defaultdict(list)
    for w in watches:
        by_host[host_of(w.url)].append(w)
    shards: list[list[list[Watch]]] = [[] for _ in range(max(1, count))]
    loads = [0] * len(shards)
    for group in sorted(by_host.values(), key=len, reverse=True):
        lightest = loads.index(min(loads))
        shards[lightest].append(group)
        loads[lightest] += len(group)
    return [list(_round_robin(groups)) for groups in shards if groups]


def _round_robin(groups: list[list[Watch]]) -> Iterator[Watch]:
    depth = max((len(g) for g in groups), default=0)
    for i in range(depth):
        for g in groups:
            if i < len(g):
                yield g[i]


# --------------------------------------------------------------------------------------------- in the shard


def shard_main(watches: list[Watch], settings: FetchSettings, conn: Connection) -> None:
    """A shard process's entry point: check ``watches`` and send reports down ``conn``."""
    # Everything imported so far lives for the whole process: keep the collector off it, and
    # let it run less often (a shard allocates many short-lived objects per page).
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    try:
        asyncio.run(_shard(watches, settings, conn))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent reports it
        pass
    finally:
        conn.close()


async def _shard(watches: list[Watch], settings: FetchSettings, conn: Connection) -> None:
    from monitor.engine import analyze, probe  # preloaded by the fork server
    from monitor.fetch import Fetcher

    pending: list[Report] = []
    first_pending = 0.0

    def flush() -> None:
        nonlocal pending
        if pending:
            batch, pending = pending, []
            conn.send(batch)

    async def read(result: FetchResult) -> tuple[PageReading | None, str | None]:
        return analyze(result)  # inline: this process exists to read pages

    queue = iter(watches)

    async def worker(fetcher: Fetcher) -> None:
        nonlocal first_pending
        for watch in queue:
            try:
                report: Report = (watch.id, await probe(watch, fetcher, read), None)
            except Exception:
                report = (watch.id, None, traceback.format_exc(limit=3).strip())
            if not pending:
                first_pending = time.monotonic()
            pending.append(report)
            if len(pending) >= BATCH:
                flush()

    async def ticker() -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            if pending and time.monotonic() - first_pending >= FLUSH_SECONDS:
                flush()

    async with Fetcher(settings) as fetcher:
        tick = asyncio.create_task(ticker())
        try:
            await asyncio.gather(*(worker(fetcher) for _ in range(min(settings.concurrency, len(watches)))))
        finally:
            tick.cancel()
    flush()


# --------------------------------------------------------------------------------------------- in the parent


def prepare() -> None:
    """Start the fork server now, so that its imports (~0.25 s) overlap with the caller's work."""
    _context()
    forkserver.ensure_running()


def _context() -> multiprocessing.context.ForkServerContext:
    # The fork server runs "python -c", which puts the working directory first on sys.path
    # before it imports the preloaded modules: a monitor/ or monitor.py in the user's working
    # directory would be imported instead of ours and every shard would die. PYTHONSAFEPATH
    # (3.11+) leaves the working directory out.
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    context = multiprocessing.get_context("forkserver")
    # Shards fork from a server that has imported the fetcher and extractor once, so none
    # inherits this process's threads, event loop or database connection.
    context.set_forkserver_preload(["monitor.engine", "monitor.shards"])
    return context


async def run_sharded(
    watches: Sequence[Watch],
    settings: FetchSettings,
    shards: int,
    on_probe: Callable[[Watch, Probe], None],
) -> None:
    """Check ``watches`` in ``shards`` processes; call ``on_probe`` in this loop as each one is done.

    ``on_probe`` raising is logged against its watch and the run goes on. Returns when every
    watch was reported or, for a shard that died, recorded as failed.
    """
    from monitor.engine import Probe
    from monitor.models import FetchResult

    plan = plan_shards(watches, shards)
    share = dataclasses.replace(
        settings, concurrency=max(settings.per_host, math.ceil(settings.concurrency / len(plan)))
    )
    context = _context()
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=len(plan), thread_name_prefix="shard-recv") as receivers:

        async def drain(shard: list[Watch]) -> None:
            unreported = {w.id: w for w in shard}
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=shard_main, args=(shard, share, send), daemon=True)
            process.start()
            send.close()  # the shard holds the only writing end: its exit is our EOF
            try:
                while True:
                    try:
                        batch: list[Report] = await loop.run_in_executor(receivers, receive.recv)
                    except EOFError:
                        break
                    for watch_id, found, error in batch:
                        watch = unreported.pop(watch_id)
                        if found is None:
                            log.error("watch %s: check failed: %s", watch_id, error)
                            continue
                        _deliver(on_probe, watch, found)
            finally:
                receive.close()
                await loop.run_in_executor(receivers, process.join)
            if unreported:
                log.error(
                    "a checking process ended (exit code %s) before %d of its watches were checked",
                    process.exitcode, len(unreported),
                )  # fmt: skip
                for watch in unreported.values():
                    _deliver(on_probe, watch, Probe(FetchResult(url=watch.url, error="checker-died")))

        await asyncio.gather(*(drain(shard) for shard in plan))


def _deliver(on_probe: Callable[[Watch, Probe], None], watch: Watch, found: Probe) -> None:
    try:
        on_probe(watch, found)
    except Exception:
        log.error("watch %s: check failed: %s", watch.id, traceback.format_exc(limit=3).strip())
