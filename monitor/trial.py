"""``check --dry-run URL`` / ``try URL``: fetch and read a page without watching it or storing anything.

What it prints is what a first check would store: the posting as read, or why the page would
make a failed check (urlwatch's ``--test-filter``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from monitor.config import Settings
from monitor.detect import failure_reason
from monitor.engine import fetch_settings, read_result
from monitor.extract import PageReading
from monitor.fetch import Fetcher
from monitor.models import FetchResult


@dataclass
class Trial:
    url: str
    result: FetchResult
    reading: PageReading | None
    problem: str | None  # why a check would fail (or find the posting gone); None: it would store it

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"url": self.url, "final_url": self.result.final_url, "http_status": self.result.status,
                                "error": self.problem, "would_store": self.problem is None}  # fmt: skip
        if self.reading is not None and self.problem is None:
            data["posting"] = self.reading.posting.to_json()
        return data


async def try_url(url: str, settings: Settings) -> Trial:
    async with Fetcher(fetch_settings(settings)) as fetcher:
        result = await fetcher.fetch(url)
    reading = read_result(result)
    problem = failure_reason(result, reading)
    if problem is None and result.status in (404, 410):
        problem = f"HTTP {result.status}: the posting is gone"
    elif problem is None and reading is not None and reading.closed:
        problem = "the page says the posting is closed"
    elif problem is None and reading is None:
        problem = f"no page to read (HTTP {result.status})"
    return Trial(url=url, result=result, reading=reading, problem=problem)
