"""Instructions per page for reading and fetching, counted by valgrind: a yardstick that does not drift.

Seconds on a shared VM drift by a third or more within an hour, so two versions
of the code are best compared by the instructions they execute. Each stage runs
twice under ``valgrind --tool=callgrind`` — over K generated pages and over none,
with the same set-up — and the difference divided by K is the cost of one page.

    .venv/bin/python bench/instructions.py                  # every stage, 100 pages
    .venv/bin/python bench/instructions.py --stage read --pages 50

Stages:
    read     a page read in full and its posting fingerprinted (a first check)
    recheck  the same posting under new furniture, stopped at the reading key (pass 4)
    fetch    a 72 KB page fetched over HTTP/1.1 keep-alive from nginx (or the asyncio server)

Counts say nothing about cache misses or system calls, and overstate OpenSSL's
SHA-256 (valgrind's CPU has no SHA extensions); check a change with bench.py too.
Needs valgrind (``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pages  # noqa: E402
import pageserver  # noqa: E402

STAGES = ("read", "recheck", "fetch")
SEED = 1


def _jobs(n: int) -> list[pages.Job]:
    return pages.make_jobs(n, 10, SEED)


def worker(stage: str, count: int, total: int, urls_file: str | None) -> None:
    """Run ``stage`` over the first ``count`` of ``total`` pages; the set-up never depends on ``count``."""
    from monitor.diff import fingerprint
    from monitor.extract import extract_posting

    jobs = _jobs(total)
    if stage == "fetch":
        from monitor.fetch import Fetcher, FetchSettings

        urls = json.loads(Path(urls_file or "").read_text())[:count]

        async def fetch_all() -> None:
            async with Fetcher(FetchSettings()) as fetcher:
                if urls:
                    results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
                    assert all(r.status == 200 for r in results), [r.error for r in results][:3]

        asyncio.run(fetch_all())
        return
    first = [pages.render(j, 1, SEED) for j in jobs]
    if stage == "read":
        for body in first[:count]:
            reading = extract_posting(body.decode(), utf8=body)
            fingerprint(reading.posting)
        return
    keys = [extract_posting(b.decode(), utf8=b).key for b in first]  # all of them: same set-up for any count
    again = [pages.render(j, 2, SEED) for j in jobs]
    for body, key in zip(again[:count], keys, strict=False):
        assert extract_posting(body.decode(), utf8=body, unless_key=key).same


def _instructions(stage: str, count: int, total: int, urls_file: str | None) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           "--worker", stage, str(count), str(total), urls_file or "-"]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"{stage}: valgrind run failed\n{out.stderr[-3000:]}")
    return int(m.group(1))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        stage, count, total, urls_file = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        worker(stage, count, total, None if urls_file == "-" else urls_file)
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stage", choices=STAGES, action="append", help="a stage to count (default: all)")
    ap.add_argument("--pages", type=int, default=100, help="pages per stage (default 100)")
    ap.add_argument("--server", choices=("auto", "nginx", "asyncio"), default="auto")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind not found: apt-get install valgrind")
    stages = args.stage or list(STAGES)
    n = args.pages
    with tempfile.TemporaryDirectory(prefix="pm-instr-") as tmp:
        work = Path(tmp)
        urls_file: str | None = None
        server = None
        if "fetch" in stages:
            root = work / "www"
            jobs = _jobs(n)
            for job in jobs:
                folder = pageserver.site_dir(root, job.host) / "jobs"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / str(job.id)).write_bytes(pages.render(job, 1, SEED))
            server = pageserver.start_server(
                args.server, root, 10, work, {j.host: f"/jobs/{j.id}" for j in jobs}
            )
            urls_path = work / "urls.json"
            urls_path.write_text(json.dumps([server.url(j.host, f"/jobs/{j.id}") for j in jobs]))
            urls_file = str(urls_path)
        try:
            for stage in stages:
                base = _instructions(stage, 0, n, urls_file)
                full = _instructions(stage, n, n, urls_file)
                print(
                    f"{stage:8} {(full - base) / n / 1e6:6.2f} M instructions per page ({n} pages)",
                    flush=True,
                )
        finally:
            if server is not None:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
